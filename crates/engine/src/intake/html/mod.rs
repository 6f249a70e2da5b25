//! A saved web page → its article: the body found with the page's structure, headline, date,
//! author and site from its metadata (JSON-LD `NewsArticle`, Open Graph, `<article>`, `<time>`).

use crate::clean::{self, Article};
use crate::decode::{self, DecodeError};

/// A page read: its article and the metadata only pages carry.
#[derive(Debug, Clone)]
pub struct Page {
    /// The encoding the page was read in (BOM, then `<meta charset>`, then detection).
    pub encoding: &'static str,
    pub article: Article,
    /// The page's canonical URL, when it states one.
    pub url: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD `publisher`).
    pub site: Option<String>,
}

/// Reads a saved page. Seam only: decodes and cleans the markup as text until the extractor
/// lands (issue 11).
pub fn read(bytes: &[u8]) -> Result<Page, DecodeError> {
    let decoded = decode::decode(bytes)?;
    Ok(Page {
        encoding: decoded.encoding,
        article: clean::clean(&decoded.text),
        url: None,
        site: None,
    })
}

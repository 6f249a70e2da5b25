//! Where an open article came from: its file, its row or part in a file of several, its id and
//! its address, as the reader's header shows them.

use entity_lens_protocol::{ArticleView, SourceKind};
use leptos::prelude::*;

/// The article's origin, one line (nothing for a plain text file, which its title names).
#[component]
pub fn Provenance(
    /// The article shown.
    article: std::sync::Arc<ArticleView>,
) -> impl IntoView {
    let p = &article.provenance;
    let whole_text = p.row.is_none()
        && p.part.is_none()
        && p.id.is_none()
        && p.url.is_none()
        && article.kind == SourceKind::Text;
    if p.file.is_empty() || whole_text {
        return None;
    }
    let place = match (p.row, p.part) {
        (Some(row), _) => Some(format!("row {row}")),
        (None, Some(part)) => Some(format!("article {part}")),
        (None, None) => None,
    };
    // Each part after the file, set off by a separator.
    let part = |class: &'static str, text: String| {
        view! { " · " <span class=class>{text}</span> }
    };
    let place = place.map(|t| part("place", t));
    let id = p.id.clone().map(|id| part("source-id", format!("id {id}")));
    // A link only to a web address (never `javascript:` and the like); shown as text otherwise.
    let url = p.url.clone().map(|url| {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            view! {
                " · "
                <a class="url" href=url.clone() rel="noopener noreferrer nofollow" target="_blank">{url.clone()}</a>
            }
            .into_any()
        } else {
            part("url", url).into_any()
        }
    });
    Some(view! {
        <p class="provenance" part="provenance" data-kind=article.kind.as_str()>
            <span class="file" title=article.kind.describe()>{p.file.clone()}</span>
            {place}
            {id}
            {url}
        </p>
    })
}

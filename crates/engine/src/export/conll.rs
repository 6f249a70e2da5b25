//! `conll`: CoNLL-2003 style, one token per line with BIO tags.
//!
//! Each article opens with `-DOCSTART- -X- O O` and a blank line; sentences are separated by a
//! blank line. A token line has four space-separated columns: the token, `_` (no part of
//! speech), the other view's BIO tag (spaCy's when the view is refined, the refined one when it
//! is raw), and the view's BIO tag last, where CoNLL readers (spaCy's `conll_ner_to_docs`,
//! seqeval, flair) take the entity tags from. Whitespace tokens are left out (a token never
//! contains whitespace otherwise, so the columns stay unambiguous).

use std::io::Write;

use super::{Corpus, ExportError, Item, Settings};
use crate::pipeline::EntityMode;
use crate::span::Span;

/// The line that opens each article (spaCy's converter splits documents on exactly this).
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Writes the `conll` export.
pub fn write(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    let other = match settings.view {
        EntityMode::Refined => EntityMode::Raw,
        EntityMode::Raw => EntityMode::Refined,
    };
    for (d, doc) in corpus.docs.iter().enumerate() {
        writeln!(out, "{DOCSTART}\n")?;
        let document = doc.document;
        let text = &document.article.text;
        let mut main = Tagger::new(corpus.view(d, settings.view));
        let mut second = Tagger::new(corpus.view(d, other));
        let sents = &document.analysis.sents;
        let mut sentence = 0;
        let mut open = false;
        for token in &document.analysis.tokens {
            let word = text.get(token.byte()).unwrap_or_default();
            if word.chars().all(is_space) {
                continue;
            }
            // A new sentence starts: close the previous one with a blank line.
            while sents
                .get(sentence)
                .is_some_and(|s| s.char.end <= token.char().start)
            {
                sentence += 1;
                if open {
                    writeln!(out)?;
                    open = false;
                }
            }
            writeln!(
                out,
                "{word} _ {} {}",
                second.tag(&token.span()),
                main.tag(&token.span())
            )?;
            open = true;
        }
        if open {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Whitespace as Python's `str.isspace` sees it (what CoNLL readers split columns on).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}')
}

/// BIO tags of tokens in order against a view's mentions (sorted, without overlaps).
struct Tagger<'a> {
    items: Vec<Item<'a>>,
    next: usize,
    /// The mention the previous tagged token was in.
    inside: Option<usize>,
}

impl<'a> Tagger<'a> {
    fn new(items: Vec<Item<'a>>) -> Self {
        Self {
            items,
            next: 0,
            inside: None,
        }
    }

    /// The tag of the next token (tokens must come in order).
    fn tag(&mut self, token: &Span) -> String {
        while self
            .items
            .get(self.next)
            .is_some_and(|i| i.span().char.end <= token.char.start)
        {
            self.next += 1;
        }
        let Some(item) = self.items.get(self.next) else {
            return "O".to_owned();
        };
        let (Some(label), true) = (item.label, item.span().char.start < token.char.end) else {
            return "O".to_owned();
        };
        let label = label.as_str();
        if self.inside == Some(self.next) {
            format!("I-{label}")
        } else {
            self.inside = Some(self.next);
            format!("B-{label}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Fixture;
    use super::*;

    fn export(view: EntityMode) -> String {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        let settings = Settings {
            view,
            ..Settings::default()
        };
        write(&fixture.corpus(), settings, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn docstart_per_article_and_bio_tags() {
        let conll = export(EntityMode::Refined);
        assert_eq!(conll.matches(DOCSTART).count(), 2);
        assert!(conll.starts_with("-DOCSTART- -X- O O\n\n😀 _ O O\nAngela _ B-PERSON B-PERSON\nMerkel _ I-PERSON I-PERSON\n"));
        // The repaired span: spaCy had "Emmanuel" alone, refinement "Emmanuel Macron".
        assert!(conll.contains("Emmanuel _ B-PERSON B-PERSON\nMacron _ O I-PERSON\n"));
        // Relabeled.
        assert!(conll.contains("France _ B-PERSON B-GPE\n"));
        // A combining mark stays inside its token.
        assert!(conll.contains("Zoe\u{301} _ B-PERSON B-PERSON\nO'Neil _ I-PERSON I-PERSON\n"));
        // Every line has four columns; sentences are separated by one blank line.
        for line in conll.lines().filter(|l| !l.is_empty()) {
            assert_eq!(line.split_whitespace().count(), 4, "{line:?}");
        }
        assert!(!conll.contains("\n\n\n"));
        assert!(conll.contains("France _ B-PERSON B-GPE\n. _ O O\n\nThe _ B-ORG O\n"));
    }

    #[test]
    fn a_mention_across_a_line_break_tags_the_words_on_both_sides() {
        let conll = export(EntityMode::Raw);
        assert!(
            conll.contains("the _ O B-FAC\nWhite _ B-FAC I-FAC\nHouse _ I-FAC I-FAC\n"),
            "{conll}"
        );
    }
}

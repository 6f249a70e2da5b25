//! Keyword in context: every mention of an entity across the corpus with the text around it.

use serde::Serialize;

use super::{Doc, Grouping};
use crate::span::Span;

/// One mention in its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Context {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Index of the mention in the document's `mentions`.
    pub mention: usize,
    /// The mention's span in the document's text.
    pub span: Span,
    /// Up to `width` characters before the mention, cut at a word boundary, whitespace runs
    /// (line breaks included) as one space.
    pub left: String,
    /// The mention as written (whitespace runs as one space).
    pub keyword: String,
    /// Up to `width` characters after the mention, the same way.
    pub right: String,
}

/// Which side to sort contexts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// By the words before the mention, nearest first (read right to left).
    Left,
    /// By the words after the mention.
    Right,
}

/// Every mention of entity `entity` with `width` characters of context on each side, in
/// corpus order.
pub fn contexts(
    docs: &[Doc<'_>],
    grouping: &Grouping,
    entity: usize,
    width: usize,
) -> Vec<Context> {
    let mut out = Vec::new();
    for (d, (doc, links)) in docs.iter().zip(&grouping.links).enumerate() {
        let text = doc.document.article.text.as_str();
        for (m, (mention, link)) in doc.document.mentions.iter().zip(links).enumerate() {
            if *link != Some(entity) {
                continue;
            }
            let (Some(before), Some(keyword), Some(after)) = (
                text.get(..mention.span.byte.start),
                text.get(mention.span.byte.clone()),
                text.get(mention.span.byte.end..),
            ) else {
                continue;
            };
            out.push(Context {
                doc: d,
                mention: m,
                span: mention.span.clone(),
                left: left_of(before, width),
                keyword: squash(keyword),
                right: right_of(after, width),
            });
        }
    }
    out
}

/// Sorts contexts by one side (case-insensitively), then by document and position.
pub fn sort_contexts(contexts: &mut [Context], side: Side) {
    let key = |c: &Context| -> Vec<String> {
        match side {
            Side::Left => c.left.split(' ').rev().map(str::to_lowercase).collect(),
            Side::Right => c.right.split(' ').map(str::to_lowercase).collect(),
        }
    };
    contexts.sort_by_cached_key(|c| (key(c), c.doc, c.span.char.start));
}

/// Whitespace runs as one space.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The last `width` characters of `text`, without a word cut at their start.
fn left_of(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return squash(text);
    }
    let start = text
        .char_indices()
        .nth(n - width)
        .map_or(text.len(), |(b, _)| b);
    let tail = &text[start..];
    // The window starts inside a word: drop that word.
    let cut_word = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    let tail = if cut_word {
        tail.find(char::is_whitespace).map_or("", |i| &tail[i..])
    } else {
        tail
    };
    squash(tail)
}

/// The first `width` characters of `text`, without a word cut at their end.
fn right_of(text: &str, width: usize) -> String {
    let end = text
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(b, _)| b);
    let head = &text[..end];
    let cut_word = end < text.len()
        && text[end..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
    let head = if cut_word {
        head.rfind(char::is_whitespace).map_or("", |i| &head[..i])
    } else {
        head
    };
    squash(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_are_cut_at_word_boundaries() {
        assert_eq!(left_of("one two three ", 8), "three");
        assert_eq!(left_of("one two three ", 9), "three");
        assert_eq!(left_of("one two three ", 10), "two three");
        assert_eq!(left_of("ab", 10), "ab");
        assert_eq!(right_of(" said on\nFriday that", 10), "said on");
        assert_eq!(right_of(" said on\nFriday that", 15), "said on Friday");
        assert_eq!(right_of("", 15), "");
        assert_eq!(left_of("€€€ ün", 3), "ün");
    }
}

//! A view's bulky parts as they cross to the page: [`Bulk`].
//!
//! A long article's [`ArticleView`] is mostly its text, its mentions and its paragraphs (a
//! 30 MB text gives about 90 MB of JSON). Parsing that JSON on the page's UI thread held it for
//! over a second, so [`Response::Analyzed`](crate::Response::Analyzed) travels in parts: JSON
//! of the view without these three (header, groups), the text as its own string, and the
//! mentions and paragraphs as `u32`s (a transferred `ArrayBuffer`, copied into the page's wasm
//! memory in one `memcpy`). See [`Response::to_parts`](crate::Response::to_parts).
//!
//! The `u32`s: `[mentions, paragraphs]`, then [`MENTION_WORDS`] per mention (`id`, byte start,
//! byte end, char start, char end, codes, sentence) and [`SPAN_WORDS`] per paragraph (byte
//! start, byte end, char start, char end). `codes` packs the refined label, spaCy's label,
//! the change and the rule (see [`codes`]); an absent sentence is [`NONE`].

use crate::article::{ArticleView, MentionView, Span};
use crate::label::{Change, Label, Rule};

/// `u32`s per mention.
pub const MENTION_WORDS: usize = 7;
/// `u32`s per paragraph.
pub const SPAN_WORDS: usize = 4;
/// An absent sentence.
pub const NONE: u32 = u32::MAX;

/// The text, mentions and paragraphs of an [`ArticleView`], taken out of its JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bulk {
    /// [`ArticleView::text`].
    pub text: String,
    /// [`ArticleView::mentions`] and [`ArticleView::paragraphs`], packed (see the module).
    pub spans: Vec<u32>,
}

/// Why a [`Bulk`] could not be made or read back (a bug of the page's own workers, said as such).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    #[error("an offset ({value}) does not fit in 32 bits")]
    TooLarge { value: usize },
    #[error("the spans hold {len} numbers, not the {expected} their header announces")]
    Length { len: usize, expected: usize },
    #[error("mention {index} has an unknown {what} code ({code})")]
    Code {
        index: usize,
        what: &'static str,
        code: u32,
    },
}

fn word(value: usize) -> Result<u32, BulkError> {
    u32::try_from(value).map_err(|_| BulkError::TooLarge { value })
}

fn push_span(out: &mut Vec<u32>, s: &Span) -> Result<(), BulkError> {
    for v in [s.byte.start, s.byte.end, s.char.start, s.char.end] {
        out.push(word(v)?);
    }
    Ok(())
}

fn read_span(w: &[u32]) -> Span {
    let at = |i: usize| w.get(i).copied().unwrap_or(0) as usize;
    Span {
        byte: at(0)..at(1),
        char: at(2)..at(3),
    }
}

const CHANGES: [Change; 4] = [
    Change::Kept,
    Change::Relabeled,
    Change::Added,
    Change::Removed,
];
const RULES: [Rule; 5] = [
    Rule::Structure,
    Rule::Consistency,
    Rule::Knowledge,
    Rule::Span,
    Rule::Case,
];
/// 5 bits of a code: an absent label or rule.
const ABSENT: u32 = 0x1f;

fn index_of<T: PartialEq>(all: &[T], x: Option<&T>) -> u32 {
    x.and_then(|x| all.iter().position(|a| a == x))
        .map_or(ABSENT, |i| i as u32)
}

/// A mention's labels, change and rule in one `u32`: refined label (bits 0-4), spaCy's label
/// (5-9), change (10-11), rule (12-16); an absent label or rule is `0x1f`.
pub fn codes(m: &MentionView) -> u32 {
    index_of(&Label::ALL, m.label.as_ref())
        | index_of(&Label::ALL, m.raw_label.as_ref()) << 5
        | index_of(&CHANGES, Some(&m.change)) << 10
        | index_of(&RULES, m.rule.as_ref()) << 12
}

/// A mention's fields read from its [`codes`].
struct Codes {
    label: Option<Label>,
    raw_label: Option<Label>,
    change: Change,
    rule: Option<Rule>,
}

fn decode_codes(index: usize, code: u32) -> Result<Codes, BulkError> {
    let field = |shift: u32, bits: u32| (code >> shift) & ((1 << bits) - 1);
    let optional =
        |what: &'static str, c: u32, all: &[Label]| -> Result<Option<Label>, BulkError> {
            if c == ABSENT {
                return Ok(None);
            }
            all.get(c as usize)
                .copied()
                .map(Some)
                .ok_or(BulkError::Code { index, what, code })
        };
    let label = optional("label", field(0, 5), &Label::ALL)?;
    let raw_label = optional("spaCy label", field(5, 5), &Label::ALL)?;
    let change = CHANGES
        .get(field(10, 2) as usize)
        .copied()
        .ok_or(BulkError::Code {
            index,
            what: "change",
            code,
        })?;
    let rule = match field(12, 5) {
        ABSENT => None,
        r => Some(RULES.get(r as usize).copied().ok_or(BulkError::Code {
            index,
            what: "rule",
            code,
        })?),
    };
    if code >> 17 != 0 {
        return Err(BulkError::Code {
            index,
            what: "mention",
            code,
        });
    }
    Ok(Codes {
        label,
        raw_label,
        change,
        rule,
    })
}

impl ArticleView {
    /// Takes the text, mentions and paragraphs out of the view (left empty), packed.
    pub fn take_bulk(&mut self) -> Result<Bulk, BulkError> {
        let mut spans = Vec::with_capacity(
            2 + self.mentions.len() * MENTION_WORDS + self.paragraphs.len() * SPAN_WORDS,
        );
        spans.push(word(self.mentions.len())?);
        spans.push(word(self.paragraphs.len())?);
        for m in &self.mentions {
            spans.push(word(m.id)?);
            push_span(&mut spans, &m.span)?;
            spans.push(codes(m));
            spans.push(m.sentence.map_or(Ok(NONE), word)?);
        }
        for p in &self.paragraphs {
            push_span(&mut spans, p)?;
        }
        self.mentions = Vec::new();
        self.paragraphs = Vec::new();
        Ok(Bulk {
            text: std::mem::take(&mut self.text),
            spans,
        })
    }

    /// Puts back what [`ArticleView::take_bulk`] took out. Spans are not checked against the
    /// text here: the reader shows a span that does not slice the text as plain text.
    pub fn put_bulk(&mut self, bulk: Bulk) -> Result<(), BulkError> {
        let Bulk { text, spans } = bulk;
        let (mentions, paragraphs) = match spans.as_slice() {
            [m, p, ..] => (*m as usize, *p as usize),
            _ => {
                return Err(BulkError::Length {
                    len: spans.len(),
                    expected: 2,
                })
            }
        };
        let expected = mentions
            .checked_mul(MENTION_WORDS)
            .and_then(|m| m.checked_add(paragraphs.checked_mul(SPAN_WORDS)?))
            .and_then(|n| n.checked_add(2));
        if expected != Some(spans.len()) {
            return Err(BulkError::Length {
                len: spans.len(),
                expected: expected.unwrap_or(usize::MAX),
            });
        }
        let rest = spans.get(2..).unwrap_or_default();
        let (m_words, p_words) = rest.split_at(mentions * MENTION_WORDS);
        let mut out = Vec::with_capacity(mentions);
        for (index, w) in m_words.chunks_exact(MENTION_WORDS).enumerate() {
            let Codes {
                label,
                raw_label,
                change,
                rule,
            } = decode_codes(index, w[5])?;
            out.push(MentionView {
                id: w[0] as usize,
                span: read_span(&w[1..5]),
                label,
                raw_label,
                change,
                rule,
                sentence: (w[6] != NONE).then_some(w[6] as usize),
            });
        }
        self.mentions = out;
        self.paragraphs = p_words.chunks_exact(SPAN_WORDS).map(read_span).collect();
        self.text = text;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> ArticleView {
        let text = "Zoë met Ada in Paris 👋 on Monday.\n\nThe Royal Society.";
        let span = |s: &str| {
            let start = text.find(s).unwrap();
            Span {
                byte: start..start + s.len(),
                char: text[..start].chars().count()..text[..start + s.len()].chars().count(),
            }
        };
        let m = |id, s, label, raw_label, change, rule, sentence| MentionView {
            id,
            span: span(s),
            label,
            raw_label,
            change,
            rule,
            sentence,
        };
        ArticleView {
            encoding: "UTF-8".into(),
            title: Some("A title".into()),
            text: text.into(),
            paragraphs: vec![
                span("Zoë met Ada in Paris 👋 on Monday."),
                span("The Royal Society."),
            ],
            mentions: vec![
                m(
                    0,
                    "Zoë",
                    Some(Label::Person),
                    Some(Label::Person),
                    Change::Kept,
                    None,
                    Some(0),
                ),
                m(
                    2,
                    "Ada",
                    Some(Label::Person),
                    Some(Label::Org),
                    Change::Relabeled,
                    Some(Rule::Consistency),
                    Some(0),
                ),
                m(
                    3,
                    "Paris",
                    Some(Label::Gpe),
                    None,
                    Change::Added,
                    Some(Rule::Knowledge),
                    None,
                ),
                m(
                    4,
                    "Monday",
                    None,
                    Some(Label::Date),
                    Change::Removed,
                    Some(Rule::Case),
                    Some(0),
                ),
                m(
                    7,
                    "The Royal Society",
                    Some(Label::Language),
                    Some(Label::Org),
                    Change::Relabeled,
                    Some(Rule::Span),
                    Some(1),
                ),
            ],
            words: 9,
            ..ArticleView::default()
        }
    }

    #[test]
    fn a_view_taken_apart_and_put_back_is_the_same() {
        let original = view();
        let mut light = original.clone();
        let bulk = light.take_bulk().unwrap();
        assert!(light.text.is_empty() && light.mentions.is_empty() && light.paragraphs.is_empty());
        assert_eq!(bulk.spans.len(), 2 + 5 * MENTION_WORDS + 2 * SPAN_WORDS);
        light.put_bulk(bulk).unwrap();
        assert_eq!(light, original);
        // Every code of every field reads back.
        for (i, label) in Label::ALL.into_iter().enumerate() {
            let mut v = view();
            v.mentions[0].label = Some(label);
            v.mentions[0].raw_label = Some(Label::ALL[17 - i]);
            v.mentions[0].rule = Some(RULES[i % RULES.len()]);
            v.mentions[0].change = CHANGES[i % CHANGES.len()];
            let mut w = v.clone();
            let bulk = w.take_bulk().unwrap();
            w.put_bulk(bulk).unwrap();
            assert_eq!(w, v);
        }
    }

    #[test]
    fn bad_spans_are_typed_errors_never_panics() {
        let mut light = view();
        let bulk = light.take_bulk().unwrap();
        let with = |spans: Vec<u32>| {
            let mut v = light.clone();
            v.put_bulk(Bulk {
                text: bulk.text.clone(),
                spans,
            })
        };
        assert!(matches!(with(vec![]), Err(BulkError::Length { .. })));
        assert!(matches!(
            with(vec![u32::MAX, u32::MAX]),
            Err(BulkError::Length { .. })
        ));
        let mut short = bulk.spans.clone();
        short.pop();
        assert!(matches!(with(short), Err(BulkError::Length { .. })));
        let mut bad = bulk.spans.clone();
        bad[2 + 5] = 30; // label 30 of 18
        assert!(matches!(with(bad), Err(BulkError::Code { index: 0, .. })));
        let mut bad = bulk.spans.clone();
        bad[2 + 5] |= 1 << 20;
        assert!(matches!(with(bad), Err(BulkError::Code { .. })));
        // Any numbers: an error or a view, never a panic.
        let mut seed = 0x9e37_79b9_u32;
        for n in 0..400 {
            let mut spans = bulk.spans.clone();
            for _ in 0..(n % 5 + 1) {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let i = seed as usize % spans.len();
                spans[i] = seed.rotate_left(n);
            }
            let _ = with(spans);
        }
    }
}

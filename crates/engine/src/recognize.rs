//! The BILUO transition-based entity recognizer over the 18 OntoNotes labels.
//!
//! Greedy decoding with spaCy's `BiluoPushDown` validity rules for a document without preset
//! entities: an entity never crosses a sentence start (from the parser) and never starts on a
//! whitespace token. Specification: `../shared/spacy-port/model/SPEC.md` sections 9–10.

use crate::model::ModelError;
use crate::parse::{best_valid, StateNet};

/// The 18 OntoNotes entity labels, in the model's class order.
pub use entity_lens_vocab::Label;

/// An entity as token offsets (end exclusive), as the decoder produces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEntity {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entity type.
    pub label: Label,
}

const BEGIN: u8 = 1;
const IN: u8 = 2;
const LAST: u8 = 3;
const UNIT: u8 = 4;
const OUT: u8 = 5;

/// The NER's transition system: its network and every action's move and label.
#[derive(Debug)]
pub(crate) struct Biluo {
    net: StateNet,
    actions: Vec<(u8, Option<Label>)>,
}

impl Biluo {
    /// `actions[i]`: move (1 begin, 2 in, 3 last, 4 unit, 5 out) and label of class i.
    pub(crate) fn new(net: StateNet, actions: &[(u8, Option<Label>)]) -> Result<Self, ModelError> {
        if net.n_feats != 3 {
            return Err(ModelError::BadConfig(format!(
                "the ner reads 3 feature tokens, not {}",
                net.n_feats
            )));
        }
        if actions.len() != net.n_actions
            || actions.iter().any(|&(m, _)| !(BEGIN..=OUT).contains(&m))
        {
            return Err(ModelError::BadConfig("bad ner action list".into()));
        }
        Ok(Self {
            net,
            actions: actions.to_vec(),
        })
    }

    /// Entities of one document: NER token vectors (`n × width`), `token.is_space`, and the
    /// parser's sentence starts. Beside each entity, the recognizer's confidence in its label:
    /// at the action that opened it (begin or unit), the margin between the chosen action's
    /// score and the best valid action with another label or none (the decoding itself is
    /// unchanged; the later actions only choose where the entity ends).
    ///
    /// `continues`: the tokens are a stretch of a longer document whose next token starts a
    /// sentence (a clean boundary of the parse, [`crate::parse::ArcEager::parse_stretch`]);
    /// the decoding is then the whole document's over these tokens.
    pub(crate) fn recognize(
        &self,
        tokvecs: &[f32],
        is_space: &[bool],
        sent_starts: &[bool],
        continues: bool,
    ) -> (Vec<TokenEntity>, Vec<f32>) {
        let pre = self.net.precompute(tokvecs);
        let n = is_space.len().min(sent_starts.len());
        let mut scratch = self.net.scratch();
        let mut ents = Vec::new();
        let mut margins = Vec::new();
        // The open entity: (start, label), and the label's margin when it opened.
        let mut open: Option<(usize, Label)> = None;
        let mut open_margin = f32::INFINITY;
        for (b, &space) in is_space.iter().enumerate().take(n) {
            let e0 = open.map_or(-1, |(s, _)| s as isize);
            let prev = if e0 >= 0 { b as isize - 1 } else { -1 };
            self.net.score(&pre, &[b as isize, e0, prev], &mut scratch);
            let two_left = continues || n - b >= 2;
            let next_starts = match sent_starts.get(b + 1) {
                Some(&starts) => starts,
                None => continues,
            };
            let valid = |i: usize| {
                let Some(&(mv, label)) = self.actions.get(i) else {
                    return false;
                };
                match (open, mv) {
                    (None, BEGIN) => label.is_some() && two_left && !next_starts && !space,
                    (None, UNIT) => label.is_some() && !space,
                    (None, OUT) => true,
                    (Some((_, cur)), IN) => label == Some(cur) && two_left && !next_starts,
                    (Some((_, cur)), LAST) => label == Some(cur),
                    _ => false,
                }
            };
            let Some(best) = best_valid(&scratch.scores, valid) else {
                break;
            };
            let runner_up = best_valid(&scratch.scores, |i| i != best && valid(i));
            let margin =
                runner_up.map_or(f32::INFINITY, |r| scratch.scores[best] - scratch.scores[r]);
            let (mv, label) = self.actions[best];
            match (mv, label, open) {
                (BEGIN, Some(l), _) => {
                    open = Some((b, l));
                    open_margin = margin;
                }
                (LAST, _, Some((start, l))) => {
                    ents.push(TokenEntity {
                        start,
                        end: b + 1,
                        label: l,
                    });
                    margins.push(open_margin);
                    open = None;
                }
                (UNIT, Some(l), _) => {
                    ents.push(TokenEntity {
                        start: b,
                        end: b + 1,
                        label: l,
                    });
                    margins.push(margin);
                }
                _ => {}
            }
        }
        (ents, margins)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_their_names() {
        for l in Label::ALL {
            assert_eq!(Label::from_name(l.as_str()), Some(l));
        }
        assert_eq!(Label::from_name("MISC"), None);
    }
}

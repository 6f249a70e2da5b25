//! Parity of the model with spaCy: `Model::bundled().predict(spaCy's features)` must give
//! exactly spaCy's sentence starts and entities for every golden text.
//!
//! Golden file: `crates/engine/tests/golden/spacy.jsonl`, produced by spaCy itself (see the
//! command in that folder's README; one JSON object per text with `features`, `sent_starts` and
//! `ents`).

use entity_lens_engine::model::Model;
use entity_lens_engine::recognize::Label;
use entity_lens_engine::tokenize::Features;

use crate::golden;

fn features(rows: &[[u64; 6]]) -> Vec<Features> {
    rows.iter().map(|&f| Features::from_spacy_row(f)).collect()
}

#[test]
fn bundled_model_matches_spacy_on_golden_texts() {
    let model = Model::bundled().expect("the bundled model loads");
    let mut mismatches = Vec::new();
    let mut docs = 0;
    for g in golden::load() {
        docs += 1;
        let pred = model.predict(&features(&g.features));
        let starts: Vec<usize> = pred
            .sent_starts
            .iter()
            .enumerate()
            .filter_map(|(i, &s)| s.then_some(i))
            .collect();
        let ents: Vec<(usize, usize, &str)> = pred
            .ents
            .iter()
            .map(|e| (e.start, e.end, e.label.as_str()))
            .collect();
        let want: Vec<(usize, usize, &str)> =
            g.ents.iter().map(|e| (e.0, e.1, e.2.as_str())).collect();
        if starts != g.sent_starts {
            mismatches.push(format!("{}: sentence starts differ", g.id));
        }
        if ents != want {
            let missing: Vec<_> = want.iter().filter(|e| !ents.contains(e)).collect();
            let extra: Vec<_> = ents.iter().filter(|e| !want.contains(e)).collect();
            mismatches.push(format!(
                "{}: entities differ (missing {missing:?}, extra {extra:?})",
                g.id
            ));
        }
    }
    assert!(docs > 0, "golden file is empty");
    assert!(
        mismatches.is_empty(),
        "{} of {docs} golden texts differ from spaCy:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn empty_input_gives_empty_prediction() {
    let model = Model::bundled().expect("the bundled model loads");
    let pred = model.predict(&[]);
    assert!(pred.sent_starts.is_empty() && pred.ents.is_empty());
}

#[test]
fn every_token_gets_a_flag_and_entities_are_ordered_and_disjoint() {
    let model = Model::bundled().expect("the bundled model loads");
    // Arbitrary ids (not real words): the decoder must still respect its invariants.
    let feats: Vec<Features> = (0..200u64)
        .map(|i| Features {
            norm: i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            prefix: i % 7,
            suffix: i % 13,
            shape: i % 3,
            spacy: i % 5 != 0,
            is_space: i % 17 == 0,
        })
        .collect();
    let pred = model.predict(&feats);
    assert_eq!(pred.sent_starts.len(), feats.len());
    assert!(pred.sent_starts[0], "token 0 always starts a sentence");
    let mut last_end = 0;
    for e in &pred.ents {
        assert!(e.start >= last_end && e.start < e.end && e.end <= feats.len());
        assert!(
            !feats[e.start].is_space,
            "entities never start on whitespace"
        );
        assert!(
            !pred.sent_starts[e.start + 1..e.end].iter().any(|&s| s),
            "entities never cross a sentence start"
        );
        assert!(Label::ALL.contains(&e.label));
        last_end = e.end;
    }
}

//! What users feel of the model: load time of the bundled artifact, and tokens per second of
//! `Model::predict` (tok2vec ×2, parser, ner) on one document.
//!
//! ```sh
//! cargo bench -p entity-lens-engine --bench recognize
//! ```
//!
//! Documents: the golden texts' features (`tests/golden/spacy.jsonl`, spaCy's own tokens) when
//! that file is present, else a synthetic 1,000-token document (the cost per token hardly
//! depends on the words: ~2 parser steps and 1 ner step per token).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use entity_lens_engine::model::{Model, BUNDLED};
use entity_lens_engine::tokenize::Features;

fn documents() -> Vec<(String, Vec<Features>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/spacy.jsonl");
    if let Ok(text) = std::fs::read_to_string(path) {
        let mut docs: Vec<(String, Vec<Features>)> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let rows: Vec<[u64; 6]> = serde_json::from_value(v["features"].clone()).ok()?;
                Some((
                    v["id"].as_str()?.to_string(),
                    rows.iter().map(row).collect(),
                ))
            })
            .collect();
        // the longest golden text plus all of them concatenated as one batch
        docs.sort_by_key(|(_, f)| std::cmp::Reverse(f.len()));
        if !docs.is_empty() {
            let all: Vec<Features> = docs.iter().flat_map(|(_, f)| f.clone()).collect();
            let longest = docs.swap_remove(0);
            return vec![longest, ("all-golden".to_string(), all)];
        }
    }
    let synthetic = (0..1000u64)
        .map(|i| {
            row(&[
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 50_000,
                i % 61,
                i % 173,
                i % 11,
                u64::from(i % 9 != 0),
                0,
            ])
        })
        .collect();
    vec![("synthetic-1000".to_string(), synthetic)]
}

fn row(f: &[u64; 6]) -> Features {
    Features {
        norm: f[0],
        prefix: f[1],
        suffix: f[2],
        shape: f[3],
        spacy: f[4] != 0,
        is_space: f[5] != 0,
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("model load (bundled artifact)", |b| {
        b.iter(|| Model::from_bytes(BUNDLED).expect("bundled model loads"))
    });
    let model = Model::bundled().expect("bundled model loads");
    let mut group = c.benchmark_group("predict");
    group.sample_size(10);
    for (name, feats) in documents() {
        group.throughput(Throughput::Elements(feats.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &feats, |b, f| {
            b.iter(|| model.predict(f))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

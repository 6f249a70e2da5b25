//! What users feel of the model: load time of the bundled artifact, and tokens per second of
//! `Model::predict` (tok2vec ×2, parser, ner) on one document.
//!
//! ```sh
//! cargo bench -p entity-lens-engine --bench recognize
//! ```
//!
//! Documents: the golden texts' features (`tests/golden/spacy.jsonl`, spaCy's own tokens; the
//! longest text, and all texts one after the other) when that file is present, else a synthetic
//! 1,000-token document (the cost per token hardly depends on the words: ~2 parser steps and 1
//! ner step per token). Throughput is in tokens (BBC news: 1.18 tokens per word).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use entity_lens_engine::model::{Model, BUNDLED};
use entity_lens_engine::tokenize::Features;

/// Documents to time: each entry is one benchmark (a list of documents predicted in turn).
fn documents() -> Vec<(String, Vec<Vec<Features>>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/spacy.jsonl");
    if let Ok(text) = std::fs::read_to_string(path) {
        let mut docs: Vec<Vec<Features>> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let rows: Vec<[u64; 6]> = serde_json::from_value(v["features"].clone()).ok()?;
                Some(rows.iter().map(row).collect())
            })
            .collect();
        if !docs.is_empty() {
            docs.sort_by_key(|f| std::cmp::Reverse(f.len()));
            let longest = vec![docs[0].clone()];
            return vec![
                (
                    format!("golden-longest-{}-tokens", longest[0].len()),
                    longest,
                ),
                (format!("golden-all-{}-texts", docs.len()), docs),
            ];
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
    vec![("synthetic-1000-tokens".to_string(), vec![synthetic])]
}

fn row(f: &[u64; 6]) -> Features {
    Features::from_spacy_row(*f)
}

fn bench(c: &mut Criterion) {
    c.bench_function("model load (bundled artifact)", |b| {
        b.iter(|| Model::from_bytes(BUNDLED).expect("bundled model loads"))
    });
    let model = Model::bundled().expect("bundled model loads");
    let mut group = c.benchmark_group("predict");
    group.sample_size(10);
    for (name, docs) in documents() {
        let tokens: usize = docs.iter().map(Vec::len).sum();
        group.throughput(Throughput::Elements(tokens as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &docs, |b, docs| {
            b.iter(|| {
                docs.iter()
                    .map(|f| model.predict(f).ents.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

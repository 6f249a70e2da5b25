//! wasm speed probe (no bindings): a `cdylib` exporting `load() -> u32` (0 = ok) and
//! `run(tokens) -> u32` (predicts `tokens` synthetic tokens, as 500-token documents, with the
//! bundled model; returns the entity count). `tools/model/wasm_bench.mjs` times both under Node:
//!
//! ```sh
//! RUSTFLAGS="-C target-feature=+simd128" cargo build -p entity-lens-engine --release \
//!     --target wasm32-unknown-unknown --example wasm_bench
//! node tools/model/wasm_bench.mjs target/wasm32-unknown-unknown/release/examples/wasm_bench.wasm
//! ```
#![allow(unsafe_code)] // `#[no_mangle]` exports, the only way to call in without bindings

use std::sync::OnceLock;

use entity_lens_engine::model::Model;
use entity_lens_engine::tokenize::Features;

static MODEL: OnceLock<Option<Model>> = OnceLock::new();

/// Loads the bundled model; 0 on success.
#[no_mangle]
pub extern "C" fn load() -> u32 {
    u32::from(MODEL.get_or_init(|| Model::bundled().ok()).is_none())
}

/// Predicts `tokens` synthetic tokens as documents of 500 tokens (a news article's size);
/// returns the number of entities.
#[no_mangle]
pub extern "C" fn run(tokens: u32) -> u32 {
    let Some(Some(model)) = MODEL.get() else {
        return u32::MAX;
    };
    let feats: Vec<Features> = (0..u64::from(tokens))
        .map(|i| Features {
            norm: i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 50_000,
            prefix: i % 61,
            suffix: i % 173,
            shape: i % 11,
            spacy: i % 9 != 0,
            is_space: false,
        })
        .collect();
    feats
        .chunks(500)
        .map(|doc| model.predict(doc).ents.len() as u32)
        .sum()
}

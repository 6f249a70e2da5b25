//! The tokenizer's data, generated from en_core_web_sm 3.8.0 by `tools/tokenizer/gen_tables.py`
//! (provenance: `crates/engine/data/tokenizer/README.md`).
#![allow(clippy::unreadable_literal)]

use super::rules::{PrefixAlt, SuffixAlt};
use super::Special;

include!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/tokenizer/tables.rs"
));

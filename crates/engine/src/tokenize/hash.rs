//! spaCy string ids (`spacy/strings.pyx`): the symbol table, else MurmurHash64A with seed 1.

use rustc_hash::FxHashMap as HashMap;

use super::tables::SYMBOLS;

/// MurmurHash64A (MurmurHash2, 64-bit for 64-bit platforms), as in `murmurhash/MurmurHash2.cpp`.
pub fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        let mut k = u64::from_le_bytes(word).wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &byte) in tail.iter().enumerate().rev() {
            h ^= u64::from(byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// spaCy's `hash_string`: MurmurHash64A of the UTF-8 bytes, seed 1 (no symbol table).
pub fn hash_string(s: &str) -> u64 {
    murmurhash64a(s.as_bytes(), 1)
}

/// Computes `StringStore` ids: `""` → 0, a symbol name → its fixed id, else [`hash_string`].
#[derive(Debug, Clone)]
pub struct StringIds {
    symbols: HashMap<&'static str, u64>,
}

impl StringIds {
    /// Builds the symbol table.
    pub fn new() -> Self {
        Self {
            symbols: SYMBOLS.iter().copied().collect(),
        }
    }

    /// The id spaCy's `StringStore` gives `s`.
    pub fn id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        match self.symbols.get(s) {
            Some(&id) => id,
            None => hash_string(s),
        }
    }
}

impl Default for StringIds {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC section 7 test vectors: (string, raw MurmurHash64A seed 1, string id).
    const VECTORS: &[(&str, u64, u64)] = &[
        ("", 14313749767032693980, 0),
        ("a", 11901859001352538922, 11901859001352538922),
        ("the", 7425985699627899538, 7425985699627899538),
        ("The", 5059648917813135842, 5059648917813135842),
        ("apple", 8566208034543834098, 8566208034543834098),
        ("don't", 8627107437989221290, 8627107437989221290),
        ("n't", 2043519015752540944, 2043519015752540944),
        ("café", 32833993555699147, 32833993555699147),
        ("Straße", 982213701778560299, 982213701778560299),
        ("北京", 11804760672128813659, 11804760672128813659),
        ("😀", 13900606239988879105, 13900606239988879105),
        (
            "👨\u{200d}👩\u{200d}👧\u{200d}👦",
            8932401603809893871,
            8932401603809893871,
        ),
        ("12345678", 9871996032675327904, 9871996032675327904),
        ("Xxxxx", 16072095006890171862, 16072095006890171862),
        ("colour", 2579953423244470672, 2579953423244470672),
        ("LONG", 13735693502083210583, 13735693502083210583),
        ("X", 4918752717281726814, 101),
        ("_", 12398297404960798361, 456),
        ("number", 18223104521466393082, 432),
    ];

    #[test]
    fn murmurhash_matches_spacy_vectors() {
        for &(s, raw, _) in VECTORS {
            assert_eq!(hash_string(s), raw, "hash of {s:?}");
        }
    }

    #[test]
    fn string_ids_use_the_symbol_table() {
        let ids = StringIds::new();
        for &(s, _, id) in VECTORS {
            assert_eq!(ids.id(s), id, "id of {s:?}");
        }
    }
}

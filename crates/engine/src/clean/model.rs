//! The learned line classifier: is a unit article body or page chrome?
//!
//! Two stages, trained by `tools/cleanup/train.py` on public pages rendered to text (see
//! `tools/cleanup/README.md`), stored in `data/cleanup/lines.bin` and embedded:
//!
//! 1. **unit model** (logistic regression): the jusText-style measurements of
//!    [`classify::features`](super::classify) (length, stop words, sentence shape, chrome
//!    vocabulary and phrases, capitals, block shape, the rule score), the unit's position and
//!    its neighbours' measurements, plus hashed word and character n-grams of the unit's head
//!    (what chrome *says*: "Skip to", "RELATED:", "Share it with a friend");
//! 2. **decision model** (small gradient-boosted trees): the unit model's logits of the unit
//!    and its neighbours ([`context_features`]) and what the rules decided and measured
//!    ([`RULES`] features, computed by `clean`: the rules' keep and cut reason, their
//!    neighbourhood, the distance to the page's densest stretch of prose, repeated lines,
//!    position). It learns where the rules are wrong.
//!
//! The artifact is versioned like the NER model: magic, format version, CRC-32 of the payload;
//! a mismatch is a typed [`ModelError`], never garbage.

use std::sync::LazyLock;

use super::classify::Features;

/// The embedded artifact.
static BYTES: &[u8] = include_bytes!("../../data/cleanup/lines.bin");

/// `ELCLEAN` + format byte.
pub const MAGIC: &[u8; 8] = b"ELCLEAN\x01";
/// Layout version of the weights (bump with any change to [`unit_features`],
/// [`context_features`] or the rules features).
pub const VERSION: u32 = 2;
/// Dense measurements per unit ([`unit_features`]).
pub const DENSE: usize = 42;
/// Context features per unit ([`context_features`]).
pub const CONTEXT: usize = 12;
/// Rules features per unit (computed by `clean` from the rules' run).
pub const RULES: usize = 29;
/// Inputs of the decision model: [`CONTEXT`] then [`RULES`].
pub const STAGE2: usize = CONTEXT + RULES;
/// Hash bits of the n-gram table when no model is loaded (the tools' feature dump).
pub const HASH_BITS: u32 = 14;
const HEADER: usize = 8 + 4 * 7;
/// A leaf's `feature`.
const LEAF: u32 = u32::MAX;
/// Bytes per tree node: feature, threshold (or leaf value), left, right.
const NODE: usize = 16;

/// Why an artifact could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// Shorter than its header or than the payload the header announces.
    #[error("cleanup model truncated: {len} bytes, {needed} needed")]
    Truncated {
        /// Bytes given.
        len: usize,
        /// Bytes needed.
        needed: usize,
    },
    /// Not a cleanup model.
    #[error("not a cleanup model (bad magic)")]
    Magic,
    /// Written by another layout version.
    #[error("cleanup model version {found}, this build reads {expected}")]
    Version {
        /// In the file.
        found: u32,
        /// Read by this build.
        expected: u32,
    },
    /// Sizes that disagree with this build's features.
    #[error("cleanup model shape: {dense} dense, {hash_bits} hash bits, {stage2} decision inputs")]
    Shape {
        /// Dense features in the file.
        dense: u32,
        /// Hash bits in the file.
        hash_bits: u32,
        /// Decision-model inputs in the file.
        stage2: u32,
    },
    /// A tree node that points outside its tree, backwards, or at a feature that does not exist.
    #[error("cleanup model: bad tree node {node}")]
    Tree {
        /// Index of the node.
        node: usize,
    },
    /// The payload's CRC-32 differs from the header's.
    #[error("cleanup model checksum mismatch")]
    Checksum,
}

/// One node of a decision tree.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Input index, or `LEAF`.
    feature: u32,
    /// Go left when the input is at most this; a leaf's value.
    threshold: f32,
    /// Children, indices inside the tree (always after the node).
    left: u32,
    right: u32,
}

/// The two stages.
#[derive(Debug, Clone)]
pub struct LineModel {
    hash_bits: u32,
    /// Unit model: `DENSE` dense weights then `2^hash_bits` hashed weights.
    unit: Vec<f32>,
    unit_bias: f32,
    /// Decision model: the trees' start indices in `nodes`, and the starting logit.
    trees: Vec<usize>,
    nodes: Vec<Node>,
    base: f32,
    /// Keep a unit when the decision model's logit is at least this.
    pub threshold: f32,
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    if let Some(s) = bytes.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

fn f32_at(bytes: &[u8], at: usize) -> f32 {
    f32::from_bits(u32_at(bytes, at))
}

/// Reads an artifact: `MAGIC`, then little-endian u32 `VERSION`, `DENSE`, hash bits, `STAGE2`,
/// number of trees, number of nodes, CRC-32 of the payload. The payload: f32 unit weights,
/// unit bias, decision base logit, threshold; u32 start node of every tree; the nodes (u32
/// feature or `u32::MAX` for a leaf, f32 threshold or leaf value, u32 left, u32 right; child
/// indices relative to the tree's start).
pub fn load(bytes: &[u8]) -> Result<LineModel, ModelError> {
    if bytes.len() < HEADER {
        return Err(ModelError::Truncated {
            len: bytes.len(),
            needed: HEADER,
        });
    }
    if &bytes[..8] != MAGIC {
        return Err(ModelError::Magic);
    }
    let version = u32_at(bytes, 8);
    if version != VERSION {
        return Err(ModelError::Version {
            found: version,
            expected: VERSION,
        });
    }
    let (dense, hash_bits, stage2) = (u32_at(bytes, 12), u32_at(bytes, 16), u32_at(bytes, 20));
    if dense as usize != DENSE || stage2 as usize != STAGE2 || !(8..=20).contains(&hash_bits) {
        return Err(ModelError::Shape {
            dense,
            hash_bits,
            stage2,
        });
    }
    let (n_trees, n_nodes) = (u32_at(bytes, 24) as usize, u32_at(bytes, 28) as usize);
    let n_unit = DENSE + (1usize << hash_bits);
    let needed = n_trees
        .checked_add(n_unit + 3)
        .and_then(|w| w.checked_mul(4))
        .and_then(|w| n_nodes.checked_mul(NODE).and_then(|n| n.checked_add(w)))
        .and_then(|w| w.checked_add(HEADER))
        .unwrap_or(usize::MAX);
    if bytes.len() != needed {
        return Err(ModelError::Truncated {
            len: bytes.len(),
            needed,
        });
    }
    let payload = &bytes[HEADER..];
    if crc32fast::hash(payload) != u32_at(bytes, 32) {
        return Err(ModelError::Checksum);
    }
    let unit: Vec<f32> = (0..n_unit).map(|k| f32_at(payload, 4 * k)).collect();
    let at = 4 * n_unit;
    let (unit_bias, base, threshold) = (
        f32_at(payload, at),
        f32_at(payload, at + 4),
        f32_at(payload, at + 8),
    );
    let at = at + 12;
    let trees: Vec<usize> = (0..n_trees)
        .map(|t| u32_at(payload, at + 4 * t) as usize)
        .collect();
    let at = at + 4 * n_trees;
    let nodes: Vec<Node> = (0..n_nodes)
        .map(|k| {
            let o = at + NODE * k;
            Node {
                feature: u32_at(payload, o),
                threshold: f32_at(payload, o + 4),
                left: u32_at(payload, o + 8),
                right: u32_at(payload, o + 12),
            }
        })
        .collect();
    // Every tree is a contiguous run of nodes whose children come after them inside the run:
    // evaluation always ends at a leaf.
    for (t, &start) in trees.iter().enumerate() {
        let end = trees.get(t + 1).copied().unwrap_or(n_nodes);
        if start >= end || end > n_nodes {
            return Err(ModelError::Tree { node: start });
        }
        for (k, n) in nodes[start..end].iter().enumerate() {
            let inside = |c: u32| (c as usize) > k && start + (c as usize) < end;
            if n.feature != LEAF
                && ((n.feature as usize) >= STAGE2 || !inside(n.left) || !inside(n.right))
            {
                return Err(ModelError::Tree { node: start + k });
            }
        }
    }
    Ok(LineModel {
        hash_bits,
        unit,
        unit_bias,
        trees,
        nodes,
        base,
        threshold,
    })
}

/// The embedded model (`None` only if the embedded artifact is broken, which a test rules out;
/// the cleaner then falls back to its rules).
pub(crate) static EMBEDDED: LazyLock<Result<LineModel, ModelError>> = LazyLock::new(|| load(BYTES));

/// One unit's input to the unit model.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    /// Dense measurements (`DENSE` of them).
    pub dense: Vec<f32>,
    /// Hashed n-gram features: (slot, value), slots below 2^20.
    pub hashed: Vec<(u32, f32)>,
}

/// What [`unit_features`] needs to know of a unit.
pub(crate) struct UnitView<'a> {
    pub text: &'a str,
    pub feats: &'a Features,
    pub is_metadata: bool,
    /// Lines in the unit (hard-wrapped paragraphs have several).
    pub lines: usize,
    /// Units in the unit's block (run of non-blank lines).
    pub block_units: usize,
}

fn ln1(x: usize) -> f32 {
    (x as f32).ln_1p()
}

fn b(x: bool) -> f32 {
    if x {
        1.0
    } else {
        0.0
    }
}

fn own(v: &UnitView<'_>) -> [f32; 16] {
    let f = v.feats;
    let caps = v.text.chars().any(char::is_uppercase) && !v.text.chars().any(char::is_lowercase);
    let label = v
        .text
        .split_once(':')
        .is_some_and(|(l, _)| l.chars().count() <= 24 && !l.is_empty());
    [
        ln1(f.chars),
        ln1(f.words),
        f.stop_density,
        f.chrome_density,
        f.letters,
        f.digits,
        b(f.ends_sentence),
        b(f.ends_colon),
        b(f.ends_ellipsis),
        f.title_case,
        b(caps && f.words >= 2),
        b(label),
        f.score.clamp(-10.0, 10.0) / 5.0,
        b(f.hard_bad),
        b(v.is_metadata),
        b(f.block_of_shorts),
    ]
}

/// The unit model's input for unit `i` of `units`.
pub(crate) fn unit_features(units: &[UnitView<'_>], i: usize, hash_bits: u32) -> UnitInput {
    let v = &units[i];
    let f = v.feats;
    let n = units.len();
    let mut dense = Vec::with_capacity(DENSE);
    dense.extend_from_slice(&own(v));
    dense.extend_from_slice(&[
        f.handles.min(3) as f32,
        f.hashtags.min(3) as f32,
        f.urls.min(3) as f32,
        f.separators.min(5) as f32,
        f.reader_address.min(3) as f32,
        b(f.imperative),
        f.phrases.min(3) as f32,
        b(f.bullet.is_some()),
        ln1(v.lines),
        ln1(v.block_units),
        i as f32 / n.max(1) as f32,
        b(i == 0),
        b(i + 1 == n),
        ln1(n),
    ]);
    // Neighbours: score, length, sentence end (document edges read as chrome).
    for d in [-2isize, -1, 1, 2] {
        let j = i as isize + d;
        match (j >= 0).then(|| units.get(j as usize)).flatten() {
            Some(u) => dense.extend_from_slice(&[
                u.feats.score.clamp(-10.0, 10.0) / 5.0,
                ln1(u.feats.chars),
                b(u.feats.ends_sentence),
            ]),
            None => dense.extend_from_slice(&[-1.0, 0.0, 0.0]),
        }
    }
    debug_assert_eq!(dense.len(), DENSE);
    UnitInput {
        dense,
        hashed: hashed(v.text, hash_bits),
    }
}

/// FNV-1a, 32 bits (the training script computes the same).
fn fnv(kind: u8, s: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &c in std::iter::once(&kind).chain(s) {
        h ^= u32::from(c);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// How much of a unit's head the n-grams read.
const HEAD_CHARS: usize = 60;
const HEAD_WORDS: usize = 6;

/// Hashed n-grams of the unit's head: its first words (the first one apart), word bigrams,
/// character 3-grams of the first `HEAD_CHARS` characters; lower case, digits as `0`. Each
/// group is scaled to unit norm.
fn hashed(text: &str, hash_bits: u32) -> Vec<(u32, f32)> {
    let mask = (1u32 << hash_bits) - 1;
    let norm: String = text
        .chars()
        .take(HEAD_CHARS)
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_numeric() { '0' } else { c })
        .collect();
    let mut out: Vec<(u32, f32)> = Vec::new();
    let mut push_group = |kind: u8, grams: Vec<String>| {
        if grams.is_empty() {
            return;
        }
        let w = 1.0 / (grams.len() as f32).sqrt();
        for g in grams {
            out.push((fnv(kind, g.as_bytes()) & mask, w));
        }
    };
    let words: Vec<&str> = norm.split_whitespace().take(HEAD_WORDS).collect();
    if let Some(first) = words.first() {
        push_group(b'F', vec![(*first).to_string()]);
    }
    push_group(b'W', words.iter().map(|w| (*w).to_string()).collect());
    push_group(
        b'B',
        words
            .windows(2)
            .map(|p| format!("{} {}", p[0], p[1]))
            .collect(),
    );
    let chars: Vec<char> = std::iter::once('^').chain(norm.chars()).collect();
    push_group(b'C', chars.windows(3).map(|w| w.iter().collect()).collect());
    out
}

/// The context model's input for unit `i`, from the unit model's logits.
pub(crate) fn context_features(logits: &[f32], i: usize) -> [f32; CONTEXT] {
    let at = |j: isize| -> f32 {
        if j < 0 {
            return -4.0;
        }
        logits.get(j as usize).copied().unwrap_or(-4.0)
    };
    let i = i as isize;
    let window = |r: std::ops::RangeInclusive<isize>| -> (f32, f32) {
        let (mut sum, mut max, mut n) = (0.0f32, -10.0f32, 0.0f32);
        for j in r {
            let l = at(j).clamp(-10.0, 10.0);
            sum += l;
            max = max.max(l);
            n += 1.0;
        }
        (sum / n.max(1.0), max)
    };
    let (mean_prev, max_prev) = window(i - 4..=i - 1);
    let (mean_next, max_next) = window(i + 1..=i + 4);
    let c = |x: f32| x.clamp(-10.0, 10.0) / 4.0;
    [
        c(at(i)),
        c(at(i - 1)),
        c(at(i + 1)),
        c(at(i - 2)),
        c(at(i + 2)),
        c(mean_prev),
        c(max_prev),
        c(mean_next),
        c(max_next),
        c(at(i - 1).min(at(i + 1))),
        c(at(i - 1).max(at(i + 1))),
        1.0,
    ]
}

impl LineModel {
    /// Hash bits of the n-gram table.
    pub fn hash_bits(&self) -> u32 {
        self.hash_bits
    }

    /// The unit model's logit.
    pub fn unit_logit(&self, x: &UnitInput) -> f32 {
        let mut s = self.unit_bias;
        for (w, v) in self.unit.iter().zip(&x.dense) {
            s += w * v;
        }
        for &(slot, v) in &x.hashed {
            s += self.unit.get(DENSE + slot as usize).copied().unwrap_or(0.0) * v;
        }
        s
    }

    /// The decision model's logit for one unit's [`STAGE2`] inputs.
    pub fn decision_logit(&self, x: &[f32; STAGE2]) -> f32 {
        let mut s = self.base;
        for &start in &self.trees {
            let mut k = start;
            // `load` checked that children come after their node inside the tree.
            while let Some(n) = self.nodes.get(k) {
                if n.feature == LEAF {
                    s += n.threshold;
                    break;
                }
                let go_left = x.get(n.feature as usize).is_some_and(|&v| v <= n.threshold);
                k = start + if go_left { n.left } else { n.right } as usize;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads() {
        let m = load(BYTES).expect("the embedded cleanup model loads");
        assert!(m.threshold.is_finite());
    }

    #[test]
    fn broken_artifacts_are_typed_errors() {
        assert!(matches!(load(b"short"), Err(ModelError::Truncated { .. })));
        let mut bad = BYTES.to_vec();
        bad[0] = b'X';
        assert_eq!(load(&bad).unwrap_err(), ModelError::Magic);
        let mut bad = BYTES.to_vec();
        bad[8] = 99;
        assert!(matches!(
            load(&bad),
            Err(ModelError::Version { found: 99, .. })
        ));
        let mut bad = BYTES.to_vec();
        let last = bad.len() - 1;
        bad[last] ^= 0x55;
        assert_eq!(load(&bad).unwrap_err(), ModelError::Checksum);
        assert!(matches!(
            load(&BYTES[..BYTES.len() - 4]),
            Err(ModelError::Truncated { .. })
        ));
    }

    #[test]
    fn a_tree_node_pointing_backwards_is_refused() {
        // The first tree's root is an internal node: point its left child at itself (a loop)
        // and fix the checksum, so only the tree check can catch it.
        let mut bad = BYTES.to_vec();
        let n_unit = DENSE + (1usize << u32_at(&bad, 16));
        let n_trees = u32_at(&bad, 24) as usize;
        let root = HEADER + 4 * (n_unit + 3) + 4 * n_trees;
        assert_ne!(u32_at(&bad, root), LEAF, "the first tree has a split");
        bad[root + 8..root + 12].copy_from_slice(&0u32.to_le_bytes());
        let crc = crc32fast::hash(&bad[HEADER..]);
        bad[32..36].copy_from_slice(&crc.to_le_bytes());
        assert_eq!(load(&bad).unwrap_err(), ModelError::Tree { node: 0 });
    }

    #[test]
    fn decision_model_reads_its_inputs() {
        // Not a constant: two very different units get different logits.
        let m = load(BYTES).expect("the embedded cleanup model loads");
        let low = m.decision_logit(&[-2.5; STAGE2]);
        let high = m.decision_logit(&[2.5; STAGE2]);
        assert!(low.is_finite() && high.is_finite());
        assert_ne!(low, high);
    }
}

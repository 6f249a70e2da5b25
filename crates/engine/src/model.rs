//! The versioned weight artifact (converted once from `en_core_web_sm` 3.8.0 by
//! `tools/convert_model.py`) and the networks it holds.
//!
//! Layout (little-endian): magic `b"ELMODEL\0"`, `u32` format version, `u64` payload length,
//! `u32` CRC-32 of the payload; the payload is a `u32` header length, a JSON header (config,
//! action lists, tensor directory) and the tensor blob. Tensors may be stored as f32, f16,
//! row-scaled int8 (`q8`) or 9–16-bit fixed point (`q9`..`q16`) or k-means codebooks (`cb1`..`cb8`); everything is dequantized to f32
//! here, so the runtime math is f32 only. Any malformed input is a typed [`ModelError`].

use std::collections::HashMap;

use serde::Deserialize;

use crate::encode::{Maxout, Tok2Vec, Tok2VecConfig};
use crate::parse::{ArcEager, StateNet};
use crate::recognize::{Biluo, Label, TokenEntity};
use crate::tokenize::Features;

/// The first eight bytes of every artifact.
pub const MAGIC: &[u8; 8] = b"ELMODEL\0";
/// The artifact format version this runtime reads.
pub const FORMAT_VERSION: u32 = 1;
const PREAMBLE: usize = 8 + 4 + 8 + 4;

/// The converted `en_core_web_sm` 3.8.0 artifact, compiled into the binary.
#[cfg(feature = "bundled-model")]
pub const BUNDLED: &[u8] = include_bytes!("../model/en_core_web_sm-3.8.0.elm");

/// Why an artifact could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not an Entity Lens model artifact (bad magic header)")]
    BadMagic,
    /// The artifact was written for another format version.
    #[error("unsupported model format version {found} (this build reads version {supported})")]
    UnsupportedVersion { found: u32, supported: u32 },
    /// The bytes end early.
    #[error("model artifact truncated: {what} needs {needed} bytes, {available} available")]
    Truncated {
        what: &'static str,
        needed: u64,
        available: u64,
    },
    /// The payload's CRC-32 does not match the one in the preamble.
    #[error("model artifact corrupted: checksum {found:08x}, expected {expected:08x}")]
    ChecksumMismatch { expected: u32, found: u32 },
    /// The JSON header is not valid.
    #[error("model header is not valid: {0}")]
    Header(#[from] serde_json::Error),
    /// A tensor the networks need is not in the artifact.
    #[error("model tensor `{name}` is missing")]
    MissingTensor { name: String },
    /// A tensor has another shape than the configuration implies.
    #[error("model tensor `{name}` has shape {found:?}, expected {expected:?}")]
    ShapeMismatch {
        name: String,
        expected: Vec<usize>,
        found: Vec<usize>,
    },
    /// A tensor's bytes do not match its encoding, or the encoding is unknown.
    #[error("model tensor `{name}`: {reason}")]
    BadTensor { name: String, reason: String },
    /// The configuration asks for something this runtime does not implement.
    #[error("model configuration not supported: {0}")]
    BadConfig(String),
}

/// What the networks predict for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prediction {
    /// One flag per token: the parser starts a sentence there (`token.is_sent_start`).
    pub sent_starts: Vec<bool>,
    /// The entities, in order, non-overlapping (`doc.ents`).
    pub ents: Vec<TokenEntity>,
    /// The recognizer's confidence in each entity's label (parallel to `ents`): the margin, at
    /// the action that opened it, between the chosen action's score and the best valid action
    /// with another label or none (infinite when there was none).
    pub confidence: Vec<f32>,
}

/// All weights the pipeline needs: the shared tok2vec with the parser on top, and the NER
/// with its own tok2vec.
pub struct Model {
    pub(crate) tok2vec: Tok2Vec,
    pub(crate) parser: ArcEager,
    pub(crate) ner_tok2vec: Tok2Vec,
    pub(crate) ner: Biluo,
}

impl Model {
    /// Reads an artifact written by `tools/convert_model.py`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let payload = check_preamble(bytes)?;
        let header_len = read_u32(payload, 0, "header length")? as usize;
        let header_bytes = slice(payload, 4, header_len, "header")?;
        let header: Header = serde_json::from_slice(header_bytes)?;
        let blob = payload.get(4 + header_len..).unwrap_or_default();
        let mut tensors = Tensors::decode(&header.tensors, blob)?;

        let tok2vec = Tok2Vec::load(&mut tensors, "tok2vec", &header.tok2vec.to_config()?)?;
        let ner_own = header
            .ner
            .own_tok2vec
            .as_ref()
            .ok_or_else(|| ModelError::BadConfig("the ner has no own tok2vec".into()))?;
        let ner_tok2vec = Tok2Vec::load(&mut tensors, "ner.tok2vec", &ner_own.to_config()?)?;
        if header.parser.tok2vec != "listener" {
            return Err(ModelError::BadConfig(
                "the parser must listen to the shared tok2vec".into(),
            ));
        }
        let parser_net = header
            .parser
            .state_net(&mut tensors, "parser", tok2vec.width())?;
        let moves = header
            .parser
            .actions
            .iter()
            .map(|a| a.mv)
            .collect::<Vec<_>>();
        let parser = ArcEager::new(parser_net, &moves)?;
        let ner_net = header
            .ner
            .state_net(&mut tensors, "ner", ner_tok2vec.width())?;
        let actions = header
            .ner
            .actions
            .iter()
            .map(|a| {
                let label = match a.label.as_str() {
                    "" => None,
                    s => Some(Label::from_name(s).ok_or_else(|| {
                        ModelError::BadConfig(format!("unknown entity label `{s}`"))
                    })?),
                };
                Ok((a.mv, label))
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let ner = Biluo::new(ner_net, &actions)?;
        Ok(Self {
            tok2vec,
            parser,
            ner_tok2vec,
            ner,
        })
    }

    /// The bundled `en_core_web_sm` 3.8.0 artifact ([`BUNDLED`]).
    #[cfg(feature = "bundled-model")]
    pub fn bundled() -> Result<Self, ModelError> {
        Self::from_bytes(BUNDLED)
    }

    /// Sentence starts and entities for one document's tokens (spaCy's `nlp(text)` with the
    /// tokenizer's features as input). Empty input gives an empty prediction.
    ///
    /// The whole document is processed at once, as spaCy does; working memory is about
    /// 8 KB per token (token vectors and the parser's and NER's precomputed lower layers).
    ///
    /// ```
    /// use entity_lens_engine::model::Model;
    ///
    /// let model = Model::bundled()?;
    /// let prediction = model.predict(&[]);
    /// assert!(prediction.sent_starts.is_empty() && prediction.ents.is_empty());
    /// # Ok::<(), entity_lens_engine::model::ModelError>(())
    /// ```
    pub fn predict(&self, features: &[Features]) -> Prediction {
        if features.is_empty() {
            return Prediction::default();
        }
        let tokvecs = self.tok2vec.forward(features);
        let sent_starts = self.parser.sentence_starts(&tokvecs);
        let ner_tokvecs = self.ner_tok2vec.forward(features);
        let is_space = features.iter().map(|f| f.is_space).collect::<Vec<_>>();
        let (ents, confidence) = self
            .ner
            .recognize(&ner_tokvecs, &is_space, &sent_starts, false);
        Prediction {
            sent_starts,
            ents,
            confidence,
        }
    }

    /// [`Model::predict`] computed in windows of about `window` tokens, so that working memory
    /// is bounded by the window, not the document; the prediction is the whole document's
    /// (see [`crate::chunk`] for how, and for the one case where it may differ).
    pub fn predict_windowed(&self, features: &[Features], window: usize) -> Prediction {
        crate::chunk::predict(self, features.iter().copied(), window).0
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // a summary: the weights themselves are millions of numbers
        f.debug_struct("Model")
            .field("tok2vec_width", &self.tok2vec.width())
            .field("ner_tok2vec_width", &self.ner_tok2vec.width())
            .finish_non_exhaustive()
    }
}

fn check_preamble(bytes: &[u8]) -> Result<&[u8], ModelError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let version = read_u32(bytes, 8, "format version")?;
    if version != FORMAT_VERSION {
        return Err(ModelError::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let len_bytes = slice(bytes, 12, 8, "payload length")?;
    let mut len = [0u8; 8];
    len.copy_from_slice(len_bytes);
    let payload_len = u64::from_le_bytes(len);
    let expected = read_u32(bytes, 20, "checksum")?;
    let available = (bytes.len() - PREAMBLE.min(bytes.len())) as u64;
    if payload_len > available {
        return Err(ModelError::Truncated {
            what: "payload",
            needed: payload_len,
            available,
        });
    }
    let payload = &bytes[PREAMBLE..PREAMBLE + payload_len as usize];
    let found = crc32fast::hash(payload);
    if found != expected {
        return Err(ModelError::ChecksumMismatch { expected, found });
    }
    Ok(payload)
}

fn slice<'a>(
    bytes: &'a [u8],
    at: usize,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8], ModelError> {
    at.checked_add(len)
        .and_then(|end| bytes.get(at..end))
        .ok_or(ModelError::Truncated {
            what,
            needed: at as u64 + len as u64,
            available: bytes.len() as u64,
        })
}

fn read_u32(bytes: &[u8], at: usize, what: &'static str) -> Result<u32, ModelError> {
    let s = slice(bytes, at, 4, what)?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

// ------------------------------------------------------------------ header

#[derive(Deserialize)]
struct Header {
    tok2vec: Tok2VecHeader,
    parser: ParserHeader,
    ner: ParserHeader,
    tensors: Vec<TensorEntry>,
}

#[derive(Deserialize)]
struct TableHeader {
    attr: String,
    seed: u32,
    rows: usize,
}

#[derive(Deserialize)]
struct Tok2VecHeader {
    tables: Vec<TableHeader>,
    width: usize,
    embed_maxout_pieces: usize,
    encode_depth: usize,
    encode_maxout_pieces: usize,
    window_size: usize,
    encoder_pad_rows: usize,
}

impl Tok2VecHeader {
    fn to_config(&self) -> Result<Tok2VecConfig, ModelError> {
        let attrs = self
            .tables
            .iter()
            .map(|t| {
                let attr = crate::encode::Attr::from_name(&t.attr).ok_or_else(|| {
                    ModelError::BadConfig(format!("unknown embedded attribute `{}`", t.attr))
                })?;
                Ok((attr, t.seed, t.rows))
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        if self.width == 0 || self.embed_maxout_pieces == 0 || self.encode_maxout_pieces == 0 {
            return Err(ModelError::BadConfig("zero tok2vec dimension".into()));
        }
        if self.window_size * self.encode_depth > self.encoder_pad_rows {
            return Err(ModelError::BadConfig(
                "encoder padding smaller than its receptive field".into(),
            ));
        }
        Ok(Tok2VecConfig {
            tables: attrs,
            width: self.width,
            embed_pieces: self.embed_maxout_pieces,
            depth: self.encode_depth,
            encode_pieces: self.encode_maxout_pieces,
            window: self.window_size,
            pad_rows: self.encoder_pad_rows,
        })
    }
}

#[derive(Deserialize)]
struct ActionHeader {
    #[serde(rename = "move")]
    mv: u8,
    label: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ParserHeader {
    #[serde(rename = "nF")]
    n_f: usize,
    #[serde(rename = "nO")]
    n_o: usize,
    #[serde(rename = "nP")]
    n_p: usize,
    #[serde(rename = "nI")]
    n_i: usize,
    #[serde(rename = "n_actions")]
    n_actions: usize,
    tok2vec: String,
    actions: Vec<ActionHeader>,
    #[serde(rename = "own_tok2vec")]
    own_tok2vec: Option<Tok2VecHeader>,
}

impl ParserHeader {
    fn state_net(
        &self,
        t: &mut Tensors,
        prefix: &str,
        width: usize,
    ) -> Result<StateNet, ModelError> {
        let (nf, no, np, ni, na) = (self.n_f, self.n_o, self.n_p, self.n_i, self.n_actions);
        if nf == 0 || no == 0 || np == 0 || ni == 0 || na == 0 || self.actions.len() != na {
            return Err(ModelError::BadConfig(format!("{prefix}: bad dimensions")));
        }
        Ok(StateNet {
            proj: Maxout::linear(
                t.take(&format!("{prefix}.proj.W"), &[ni, width])?,
                t.take(&format!("{prefix}.proj.b"), &[ni])?,
                ni,
                width,
            ),
            lower_w: t.take(&format!("{prefix}.lower.W"), &[nf, no, np, ni])?,
            lower_b: t.take(&format!("{prefix}.lower.b"), &[no, np])?,
            lower_pad: t.take(&format!("{prefix}.lower.pad"), &[1, nf, no, np])?,
            upper_w: t.take(&format!("{prefix}.upper.W"), &[na, no])?,
            upper_b: t.take(&format!("{prefix}.upper.b"), &[na])?,
            n_feats: nf,
            n_hidden: no,
            n_pieces: np,
            n_in: ni,
            n_actions: na,
        }
        .prepare())
    }
}

#[derive(Deserialize)]
struct TensorEntry {
    name: String,
    shape: Vec<usize>,
    encoding: String,
    offset: usize,
    length: usize,
}

// ------------------------------------------------------------------ tensors

/// Decoded (f32) tensors by name, taken out one by one with their expected shape.
pub(crate) struct Tensors {
    map: HashMap<String, (Vec<usize>, Vec<f32>)>,
}

impl Tensors {
    fn decode(entries: &[TensorEntry], blob: &[u8]) -> Result<Self, ModelError> {
        let mut map = HashMap::with_capacity(entries.len());
        for e in entries {
            let bad = |reason: String| ModelError::BadTensor {
                name: e.name.clone(),
                reason,
            };
            let count = e
                .shape
                .iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                .filter(|&c| c <= blob.len().saturating_mul(8))
                .ok_or_else(|| bad("shape too large".into()))?;
            let data = e
                .offset
                .checked_add(e.length)
                .and_then(|end| blob.get(e.offset..end))
                .ok_or(ModelError::Truncated {
                    what: "tensor data",
                    needed: e.offset as u64 + e.length as u64,
                    available: blob.len() as u64,
                })?;
            let last = e.shape.last().copied().unwrap_or(1);
            let values = dequantize(&e.encoding, data, count, last).map_err(bad)?;
            map.insert(e.name.clone(), (e.shape.clone(), values));
        }
        Ok(Self { map })
    }

    /// Removes tensor `name`, checking its shape.
    pub(crate) fn take(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, ModelError> {
        let (found, values) = self
            .map
            .remove(name)
            .ok_or_else(|| ModelError::MissingTensor { name: name.into() })?;
        if found != shape {
            return Err(ModelError::ShapeMismatch {
                name: name.into(),
                expected: shape.to_vec(),
                found,
            });
        }
        Ok(values)
    }
}

/// Decodes `count` values stored with `encoding`; `row` is the length of the last axis.
fn dequantize(encoding: &str, data: &[u8], count: usize, row: usize) -> Result<Vec<f32>, String> {
    let expect_len = |want: usize| {
        if data.len() == want {
            Ok(())
        } else {
            Err(format!(
                "{encoding} data has {} bytes, expected {want}",
                data.len()
            ))
        }
    };
    match encoding {
        "f32" => {
            expect_len(count * 4)?;
            Ok(data
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        }
        "f16" => {
            expect_len(count * 2)?;
            Ok(data
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect())
        }
        "q8" => {
            if row == 0 {
                return expect_len(0).map(|()| Vec::new());
            }
            let rows = count / row;
            expect_len(rows * 4 + count)?;
            let (scales, q) = data.split_at(rows * 4);
            let mut out = Vec::with_capacity(count);
            for (s, r) in scales.chunks_exact(4).zip(q.chunks_exact(row)) {
                let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
                out.extend(r.iter().map(|&v| f32::from(v as i8) * scale));
            }
            Ok(out)
        }
        q if q.len() > 1 && q[1..].parse::<u32>().is_ok_and(|b| (9..=16).contains(&b)) => {
            if row == 0 {
                return expect_len(0).map(|()| Vec::new());
            }
            let rows = count / row;
            expect_len(rows * 4 + count * 2)?;
            let (scales, planes) = data.split_at(rows * 4);
            let (high, low) = planes.split_at(count);
            let mut out = Vec::with_capacity(count);
            for ((s, h), l) in scales
                .chunks_exact(4)
                .zip(high.chunks_exact(row))
                .zip(low.chunks_exact(row))
            {
                let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
                out.extend(
                    h.iter()
                        .zip(l)
                        .map(|(&h, &l)| f32::from(i16::from_le_bytes([l, h])) * scale),
                );
            }
            Ok(out)
        }
        cb if cb.starts_with("cb") => {
            let bits: usize = cb[2..]
                .parse()
                .ok()
                .filter(|b| (1..=8).contains(b))
                .ok_or_else(|| format!("unknown encoding `{encoding}`"))?;
            let k = 1usize << bits;
            let packed = (count * bits).div_ceil(8);
            expect_len(k * 4 + packed)?;
            let (book, idx) = data.split_at(k * 4);
            let book: Vec<f32> = book
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let mask = (k - 1) as u16;
            let out = (0..count)
                .map(|i| {
                    let bit = i * bits;
                    let lo = u16::from(idx[bit / 8]);
                    let hi = u16::from(idx.get(bit / 8 + 1).copied().unwrap_or(0));
                    let code = ((lo | hi << 8) >> (bit % 8)) & mask;
                    book[usize::from(code)]
                })
                .collect();
            Ok(out)
        }
        _ => Err(format!("unknown encoding `{encoding}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(version: u32, payload: &[u8]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend(version.to_le_bytes());
        out.extend((payload.len() as u64).to_le_bytes());
        out.extend(crc32fast::hash(payload).to_le_bytes());
        out.extend(payload);
        out
    }

    #[test]
    fn rejects_bad_magic_version_checksum_and_truncation() {
        assert!(matches!(
            Model::from_bytes(b"not a model"),
            Err(ModelError::BadMagic)
        ));
        assert!(matches!(
            Model::from_bytes(&artifact(99, b"x")),
            Err(ModelError::UnsupportedVersion { found: 99, .. })
        ));
        let mut bytes = artifact(FORMAT_VERSION, b"\x02\0\0\0{}");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(matches!(
            Model::from_bytes(&bytes),
            Err(ModelError::ChecksumMismatch { .. })
        ));
        let bytes = artifact(FORMAT_VERSION, b"\x02\0\0\0{}");
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Truncated { .. })
        ));
        assert!(matches!(
            Model::from_bytes(&bytes),
            Err(ModelError::Header(_))
        ));
    }

    #[test]
    fn dequantizes_every_encoding() {
        let f32s: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(dequantize("f32", &f32s, 2, 2).unwrap(), vec![1.5, -2.0]);
        assert!(dequantize("f32", &f32s, 3, 3).is_err());
        let f16s = [0x00, 0x3c, 0x00, 0xc0]; // 1.0, -2.0
        assert_eq!(dequantize("f16", &f16s, 2, 2).unwrap(), vec![1.0, -2.0]);
        let mut q8 = 0.5f32.to_le_bytes().to_vec();
        q8.extend([2u8, 0xfe]); // 2, -2
        assert_eq!(dequantize("q8", &q8, 2, 2).unwrap(), vec![1.0, -1.0]);
        // cb2: 4 centroids, indices 3,0,1,2 packed little-endian: 0b10_01_00_11
        let mut cb: Vec<u8> = [0.0f32, 1.0, 2.0, 3.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        cb.push(0b1001_0011);
        assert_eq!(
            dequantize("cb2", &cb, 4, 4).unwrap(),
            vec![3.0, 0.0, 1.0, 2.0]
        );
        assert!(dequantize("cb9", &cb, 4, 4).is_err());
        // q12: scale 0.25, values 1000 and -3 as i16 planes (high bytes, then low bytes)
        let mut q12 = 0.25f32.to_le_bytes().to_vec();
        let (a, b) = (1000i16.to_le_bytes(), (-3i16).to_le_bytes());
        q12.extend([a[1], b[1], a[0], b[0]]);
        assert_eq!(dequantize("q12", &q12, 2, 2).unwrap(), vec![250.0, -0.75]);
        assert!(dequantize("q17", &q12, 2, 2).is_err());
        assert!(dequantize("bf16", &cb, 4, 4).is_err());
    }

    #[cfg(feature = "bundled-model")]
    #[test]
    fn garbled_bundled_bytes_are_errors() {
        let good = BUNDLED;
        for cut in [0, 7, 8, 23, 24, 30, good.len() / 2, good.len() - 1] {
            assert!(Model::from_bytes(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = good.to_vec();
        let mid = flipped.len() / 3;
        flipped[mid] ^= 0x40;
        assert!(matches!(
            Model::from_bytes(&flipped),
            Err(ModelError::ChecksumMismatch { .. })
        ));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let _ = Model::from_bytes(&bytes);
        }

        #[test]
        fn never_panics_on_arbitrary_payloads(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let _ = Model::from_bytes(&artifact(FORMAT_VERSION, &payload));
        }
    }
}

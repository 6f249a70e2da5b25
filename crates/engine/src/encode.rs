//! tok2vec: MultiHashEmbed + MaxoutWindowEncoder (spaCy's `Tok2Vec.v2`), shared and the NER's own.
//!
//! Per token, each attribute id is hashed (MurmurHash3 x64 128, four 32-bit keys) into rows of
//! its table, the rows are summed, the tables concatenated and mixed by Maxout + LayerNorm; then
//! four residual blocks of window-3 Maxout + LayerNorm run over the document padded with four
//! rows on each side (the pad rows are carried through the blocks, not re-zeroed).
//! Specification: `../shared/spacy-port/model/SPEC.md` section 4.

pub(crate) mod kernels;

use crate::model::{ModelError, Tensors};
use crate::tokenize::Features;

/// A lexical attribute a hash-embedding table reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    Norm,
    Prefix,
    Suffix,
    Shape,
    Spacy,
    IsSpace,
}

impl Attr {
    /// The attribute of spaCy's name (`"NORM"`, ...).
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "NORM" => Attr::Norm,
            "PREFIX" => Attr::Prefix,
            "SUFFIX" => Attr::Suffix,
            "SHAPE" => Attr::Shape,
            "SPACY" => Attr::Spacy,
            "IS_SPACE" => Attr::IsSpace,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Attr::Norm => "NORM",
            Attr::Prefix => "PREFIX",
            Attr::Suffix => "SUFFIX",
            Attr::Shape => "SHAPE",
            Attr::Spacy => "SPACY",
            Attr::IsSpace => "IS_SPACE",
        }
    }

    fn of(self, f: &Features) -> u64 {
        match self {
            Attr::Norm => f.norm,
            Attr::Prefix => f.prefix,
            Attr::Suffix => f.suffix,
            Attr::Shape => f.shape,
            Attr::Spacy => u64::from(f.spacy),
            Attr::IsSpace => u64::from(f.is_space),
        }
    }
}

/// thinc's `MurmurHash3_x86_128_uint64`: MurmurHash3 x64 128 of the id's 8 little-endian bytes,
/// as four 32-bit words `[lo(h1), hi(h1), lo(h2), hi(h2)]`.
pub(crate) fn murmur_keys(id: u64, seed: u32) -> [u32; 4] {
    fn fmix64(mut k: u64) -> u64 {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^ (k >> 33)
    }
    let seed = u64::from(seed);
    let mut h1 = id.wrapping_mul(0x87c3_7b91_1142_53d5);
    h1 = h1.rotate_left(31);
    h1 = h1.wrapping_mul(0x4cf5_ad43_2745_937f);
    h1 ^= seed;
    h1 ^= 8;
    let mut h2 = seed ^ 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

/// Dimensions of one tok2vec, from the artifact header.
#[derive(Debug, Clone)]
pub(crate) struct Tok2VecConfig {
    /// (attribute, hash seed, rows) per table, in concatenation order.
    pub tables: Vec<(Attr, u32, usize)>,
    pub width: usize,
    pub embed_pieces: usize,
    pub depth: usize,
    pub encode_pieces: usize,
    pub window: usize,
    pub pad_rows: usize,
}

/// A dense layer `y = max_p (W x + b)` over `pieces` (1 piece: plain affine).
/// `w` is `(n_out·pieces × n_in)` row-major, piece index last.
#[derive(Debug)]
pub(crate) struct Maxout {
    w: Vec<f32>,
    b: Vec<f32>,
    n_out: usize,
    pieces: usize,
    n_in: usize,
}

impl Maxout {
    /// A plain affine layer (`W (n_out × n_in)`, `b (n_out)`).
    pub(crate) fn linear(w: Vec<f32>, b: Vec<f32>, n_out: usize, n_in: usize) -> Self {
        Self {
            w,
            b,
            n_out,
            pieces: 1,
            n_in,
        }
    }

    fn load(
        t: &mut Tensors,
        prefix: &str,
        n_out: usize,
        pieces: usize,
        n_in: usize,
    ) -> Result<Self, ModelError> {
        Ok(Self {
            w: t.take(&format!("{prefix}.W"), &[n_out, pieces, n_in])?,
            b: t.take(&format!("{prefix}.b"), &[n_out, pieces])?,
            n_out,
            pieces,
            n_in,
        })
    }

    /// Applies the layer to the rows of `x` (`rows × n_in`), giving `rows × n_out`.
    pub(crate) fn forward(&self, x: &[f32]) -> Vec<f32> {
        let rows = x.len() / self.n_in.max(1);
        let wide = self.n_out * self.pieces;
        let mut y = vec![0.0; rows * wide];
        kernels::matmul_nt(x, self.n_in, &self.w, wide, &mut y);
        if self.pieces == 1 {
            for row in y.chunks_exact_mut(wide) {
                kernels::add(row, &self.b);
            }
            return y;
        }
        let mut out = vec![0.0; rows * self.n_out];
        for (o, y) in out.chunks_exact_mut(self.n_out).zip(y.chunks_exact(wide)) {
            kernels::maxout_row(y, &self.b, self.pieces, o);
        }
        out
    }
}

/// Maxout followed by LayerNorm.
#[derive(Debug)]
struct MaxoutNorm {
    maxout: Maxout,
    g: Vec<f32>,
    b: Vec<f32>,
}

impl MaxoutNorm {
    fn load(
        t: &mut Tensors,
        prefix: &str,
        n_out: usize,
        pieces: usize,
        n_in: usize,
    ) -> Result<Self, ModelError> {
        Ok(Self {
            maxout: Maxout::load(t, prefix, n_out, pieces, n_in)?,
            g: t.take(&format!("{prefix}.ln.G"), &[n_out])?,
            b: t.take(&format!("{prefix}.ln.b"), &[n_out])?,
        })
    }

    fn forward(&self, x: &[f32]) -> Vec<f32> {
        let mut y = self.maxout.forward(x);
        for row in y.chunks_exact_mut(self.maxout.n_out.max(1)) {
            kernels::layer_norm(row, &self.g, &self.b);
        }
        y
    }
}

/// One hash-embedding table, already multiplied by its block of the mixer's weights: row `r`
/// holds `W_mix[:, :, block] · E[r]` (`n_out·pieces` wide). The mixer is linear before its
/// maxout, so summing these rows equals mixing the summed embeddings, at a fraction of the cost.
#[derive(Debug)]
struct HashTable {
    attr: Attr,
    seed: u32,
    rows: usize,
    mixed: Vec<f32>,
}

/// One tok2vec network (hash embeddings, mixer, window encoder).
#[derive(Debug)]
pub(crate) struct Tok2Vec {
    tables: Vec<HashTable>,
    mix: MaxoutNorm,
    blocks: Vec<MaxoutNorm>,
    width: usize,
    window: usize,
    pad_rows: usize,
}

impl Tok2Vec {
    /// Takes the tensors `{prefix}.embed.*` and `{prefix}.encode.*`.
    pub(crate) fn load(
        t: &mut Tensors,
        prefix: &str,
        cfg: &Tok2VecConfig,
    ) -> Result<Self, ModelError> {
        let width = cfg.width;
        let n_in = width * cfg.tables.len();
        let mix = MaxoutNorm::load(
            t,
            &format!("{prefix}.embed.mix"),
            width,
            cfg.embed_pieces,
            n_in,
        )?;
        let wide = width * cfg.embed_pieces;
        let tables = cfg
            .tables
            .iter()
            .enumerate()
            .map(|(i, &(attr, seed, rows))| {
                if rows == 0 || rows > u32::MAX as usize {
                    return Err(ModelError::BadConfig(format!(
                        "{rows} rows in a hash table"
                    )));
                }
                let e = t.take(&format!("{prefix}.embed.{}.E", attr.name()), &[rows, width])?;
                // this table's columns of the mixer weights: (wide × width)
                let block: Vec<f32> = mix
                    .maxout
                    .w
                    .chunks_exact(n_in)
                    .flat_map(|row| row[i * width..(i + 1) * width].iter().copied())
                    .collect();
                let mut mixed = vec![0.0; rows * wide];
                kernels::matmul_nt(&e, width, &block, wide, &mut mixed);
                Ok(HashTable {
                    attr,
                    seed,
                    rows,
                    mixed,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let blocks = (0..cfg.depth)
            .map(|d| {
                MaxoutNorm::load(
                    t,
                    &format!("{prefix}.encode.{d}"),
                    width,
                    cfg.encode_pieces,
                    width * (2 * cfg.window + 1),
                )
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        Ok(Self {
            tables,
            mix,
            blocks,
            width,
            window: cfg.window,
            pad_rows: cfg.pad_rows,
        })
    }

    /// Output width (96).
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// How many tokens on each side a token's vector reads (window × depth: 4). A token that
    /// far from both edges of a piece of a document gets, from that piece alone, exactly the
    /// vector the whole document gives it: its vector never reads the padding rows.
    pub(crate) fn receptive_field(&self) -> usize {
        self.window * self.blocks.len()
    }

    /// Token vectors (`n × width`, row-major) for one document.
    pub(crate) fn forward(&self, feats: &[Features]) -> Vec<f32> {
        let (n, w) = (feats.len(), self.width);
        let mix = &self.mix.maxout;
        let wide = mix.n_out * mix.pieces;
        let mut y = vec![0.0f32; wide];
        let mut mixed = vec![0.0f32; n * w];
        for (out, f) in mixed.chunks_exact_mut(w).zip(feats) {
            y.fill(0.0);
            for table in &self.tables {
                for key in murmur_keys(table.attr.of(f), table.seed) {
                    let r = (key % table.rows as u32) as usize;
                    if let Some(src) = table.mixed.get(r * wide..(r + 1) * wide) {
                        kernels::add(&mut y, src);
                    }
                }
            }
            kernels::maxout_row(&y, &mix.b, mix.pieces, out);
            kernels::layer_norm(out, &self.mix.g, &self.mix.b);
        }

        // with_array(pad): pad rows on both sides, kept (not re-zeroed) through the blocks.
        let p = self.pad_rows;
        let total = n + 2 * p;
        let mut z = vec![0.0f32; total * w];
        z[p * w..(p + n) * w].copy_from_slice(&mixed);
        let nw = self.window;
        let span = 2 * nw + 1;
        let mut c = vec![0.0f32; total * span * w];
        for block in &self.blocks {
            seq2col(&z, w, nw, &mut c);
            let y = block.forward(&c);
            kernels::add(&mut z, &y);
        }
        z.truncate((p + n) * w);
        z.drain(..p * w);
        z
    }
}

/// thinc's `seq2col`: row t of `out` is `[z[t-nw], .., z[t+nw]]`, zero beyond the array edges.
fn seq2col(z: &[f32], w: usize, nw: usize, out: &mut [f32]) {
    let rows = z.len() / w.max(1);
    let span = (2 * nw + 1) * w;
    for (t, dst) in out.chunks_exact_mut(span).enumerate().take(rows) {
        for (j, slot) in dst.chunks_exact_mut(w).enumerate() {
            let src = (t + j).checked_sub(nw).filter(|&s| s < rows);
            match src.and_then(|s| z.get(s * w..(s + 1) * w)) {
                Some(src) => slot.copy_from_slice(src),
                None => slot.fill(0.0),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur_matches_thinc() {
        // Reference values from thinc's NumpyOps.hash (= mmh3.hash128(.., x64arch=True)),
        // computed with ../shared/spacy-port/model/ref_model.py `murmur_keys`.
        assert_eq!(murmur_keys(0, 8), [0, 0, 0, 0]);
        assert_eq!(
            murmur_keys(12345, 8),
            [1415810048, 2915517168, 2123715072, 78308456]
        );
        assert_eq!(
            murmur_keys(u64::MAX, 8),
            [2488739950, 2974852181, 1585626277, 2314794624]
        );
        assert_eq!(
            murmur_keys(1, 13),
            [1266879892, 1356517611, 318478807, 3343674364]
        );
    }

    #[test]
    fn seq2col_pads_with_zeros() {
        let z = [1.0, 2.0, 3.0];
        let mut out = [9.0; 9];
        seq2col(&z, 1, 1, &mut out);
        assert_eq!(out, [0.0, 1.0, 2.0, 1.0, 2.0, 3.0, 2.0, 3.0, 0.0]);
    }
}

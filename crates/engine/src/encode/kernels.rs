//! The few dense kernels the networks need. Matrix products go through `ndarray`'s
//! `general_mat_mul` (backed by `matrixmultiply`, which picks AVX/FMA at run time natively and a
//! portable kernel elsewhere, e.g. wasm32); the rest are plain loops the compiler vectorizes.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// `out (rows × m) = a (rows × k) · wᵀ` with `w` stored `(m × k)` row-major (thinc's layout);
/// `rows = a.len() / k`. Mismatched lengths leave `out` untouched (callers size them).
pub(crate) fn matmul_nt(a: &[f32], k: usize, w: &[f32], m: usize, out: &mut [f32]) {
    if k == 0 || m == 0 {
        return;
    }
    let rows = a.len() / k;
    let (Some(a), Some(w), Some(out)) =
        (a.get(..rows * k), w.get(..m * k), out.get_mut(..rows * m))
    else {
        return;
    };
    let (Ok(a), Ok(w), Ok(mut out)) = (
        ArrayView2::from_shape((rows, k), a),
        ArrayView2::from_shape((m, k), w),
        ArrayViewMut2::from_shape((rows, m), out),
    ) else {
        return;
    };
    general_mat_mul(1.0, &a, &w.t(), 0.0, &mut out);
}

/// `y += alpha * x` over the common length.
#[inline]
pub(crate) fn axpy(y: &mut [f32], alpha: f32, x: &[f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += alpha * x;
    }
}

/// `y += x` over the common length.
#[inline]
pub(crate) fn add(y: &mut [f32], x: &[f32]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y += x;
    }
}

/// Maxout over the last axis: `out[o] = max_p (y[o·pieces + p] + b[o·pieces + p])`.
#[inline]
pub(crate) fn maxout_row(y: &[f32], b: &[f32], pieces: usize, out: &mut [f32]) {
    for ((o, y), b) in out
        .iter_mut()
        .zip(y.chunks_exact(pieces))
        .zip(b.chunks_exact(pieces))
    {
        let mut best = y[0] + b[0];
        for p in 1..pieces {
            let v = y[p] + b[p];
            if v > best {
                best = v;
            }
        }
        *o = best;
    }
}

/// thinc's LayerNorm on one row: `(x - mean) · (var + 1e-8)^-½ · g + b` (population variance).
#[inline]
pub(crate) fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32]) {
    if x.is_empty() {
        return;
    }
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    let inv = (var + 1e-8).powf(-0.5);
    for ((x, &g), &b) in x.iter_mut().zip(g).zip(b) {
        *x = (*x - mean) * inv * g + b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_matches_naive() {
        let a: Vec<f32> = (0..6).map(|v| v as f32).collect(); // 2 × 3
        let w: Vec<f32> = (0..12).map(|v| (v as f32) * 0.5 - 2.0).collect(); // 4 × 3
        let mut out = vec![0.0; 8];
        matmul_nt(&a, 3, &w, 4, &mut out);
        for r in 0..2 {
            for c in 0..4 {
                let want: f32 = (0..3).map(|k| a[r * 3 + k] * w[c * 3 + k]).sum();
                assert!((out[r * 4 + c] - want).abs() < 1e-5, "{r},{c}");
            }
        }
    }

    #[test]
    fn layer_norm_centers_and_scales() {
        let mut x = [1.0, 2.0, 3.0, 4.0];
        layer_norm(&mut x, &[1.0; 4], &[0.5; 4]);
        let mean: f32 = x.iter().sum::<f32>() / 4.0;
        assert!((mean - 0.5).abs() < 1e-6);
        assert!(x[0] < x[1] && x[2] < x[3]);
    }

    #[test]
    fn maxout_takes_the_best_piece_after_bias() {
        let mut out = [0.0; 2];
        maxout_row(
            &[1.0, 5.0, 3.0, -1.0, 0.0, 2.0],
            &[4.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            3,
            &mut out,
        );
        assert_eq!(out, [5.0, 2.0]);
    }
}

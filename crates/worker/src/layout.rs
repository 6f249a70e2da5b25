//! A force-directed layout of the network view (Fruchterman–Reingold), computed in the worker
//! so the page only draws. Deterministic: the same graph gives the same picture.

use entity_lens_protocol::EdgeView;

/// The layout's square: coordinates fall in `0..=SIZE`.
pub const SIZE: f64 = 1000.0;

/// Positions for `n` nodes joined by `edges` (indices below `n`).
pub fn layout(n: usize, edges: &[EdgeView]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    // Start on a golden-angle spiral: spread out, no two nodes on one point.
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = (i as f64 + 0.5).sqrt() / (n as f64).sqrt() * SIZE * 0.45;
            let a = i as f64 * 2.399_963_229_728_653;
            (SIZE / 2.0 + r * a.cos(), SIZE / 2.0 + r * a.sin())
        })
        .collect();
    if n == 1 {
        return pos;
    }
    let k = (SIZE * SIZE / n as f64).sqrt() * 0.8;
    let max_weight = edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1) as f64;
    let iterations = if n > 300 { 80 } else { 150 };
    let mut temperature = SIZE / 10.0;
    let cooling = temperature / (iterations as f64 + 1.0);
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for _ in 0..iterations {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            let (xi, yi) = pos[i];
            for j in (i + 1)..n {
                let (dx, dy) = (xi - pos[j].0, yi - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for e in edges {
            let (s, t) = (e.source, e.target);
            if s >= n || t >= n || s == t {
                continue;
            }
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let w = 0.5 + 0.5 * (e.weight as f64 / max_weight);
            let f = d / k * w;
            disp[s].0 -= dx * f;
            disp[s].1 -= dy * f;
            disp[t].0 += dx * f;
            disp[t].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // Gravity keeps loose components near the middle.
            let gx = (SIZE / 2.0 - p.0) * 0.01 * k;
            let gy = (SIZE / 2.0 - p.1) * 0.01 * k;
            let (dx, dy) = (d.0 + gx, d.1 + gy);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let step = len.min(temperature);
            p.0 += dx / len * step;
            p.1 += dy / len * step;
        }
        temperature = (temperature - cooling).max(1.0);
    }
    fit(&mut pos);
    pos
}

/// Scales and moves the points to fill the square with a margin.
fn fit(pos: &mut [(f64, f64)]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos.iter() {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let span = (x1 - x0).max(y1 - y0).max(1e-9);
    let margin = SIZE * 0.05;
    let scale = (SIZE - 2.0 * margin) / span;
    for p in pos.iter_mut() {
        p.0 = margin + (p.0 - x0) * scale;
        p.1 = margin + (p.1 - y0) * scale;
        if !p.0.is_finite() || !p.1.is_finite() {
            *p = (SIZE / 2.0, SIZE / 2.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(source: usize, target: usize, weight: usize) -> EdgeView {
        EdgeView {
            source,
            target,
            weight,
        }
    }

    #[test]
    fn positions_stay_in_the_square_and_linked_nodes_sit_closer() {
        // Two triangles joined by one edge.
        let edges = [
            edge(0, 1, 3),
            edge(1, 2, 3),
            edge(0, 2, 3),
            edge(3, 4, 3),
            edge(4, 5, 3),
            edge(3, 5, 3),
            edge(2, 3, 1),
        ];
        let pos = layout(6, &edges);
        assert_eq!(pos.len(), 6);
        for &(x, y) in &pos {
            assert!((0.0..=SIZE).contains(&x) && (0.0..=SIZE).contains(&y), "{x},{y}");
        }
        let d = |a: usize, b: usize| ((pos[a].0 - pos[b].0).powi(2) + (pos[a].1 - pos[b].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 5), "{pos:?}");
        assert!(d(4, 5) < d(1, 4), "{pos:?}");
        assert_eq!(layout(6, &edges), pos, "deterministic");
    }

    #[test]
    fn degenerate_graphs_do_not_panic() {
        assert!(layout(0, &[]).is_empty());
        assert_eq!(layout(1, &[]).len(), 1);
        let pos = layout(3, &[edge(0, 9, 1), edge(1, 1, 2)]);
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }
}

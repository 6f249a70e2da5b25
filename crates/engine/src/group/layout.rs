//! A deterministic force layout for the network view (Fruchterman–Reingold with a grid for
//! repulsion, a little gravity so separate components stay in view, linear cooling).
//!
//! Only `+ - * /` and `sqrt` are used (no `sin`, `ln`, random numbers or clock), so the same
//! input gives bit-identical positions natively and in wasm.

use serde::{Deserialize, Serialize};

use super::Network;

/// A node position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// How to lay out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayoutOptions {
    /// Steps of the simulation (more is smoother and slower; 0 returns the start positions).
    pub iterations: usize,
    /// The frame positions stay in: `0..=width` × `0..=height`.
    pub width: f64,
    pub height: f64,
    /// Pull toward the centre, relative to the spring force (0 disables it).
    pub gravity: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            iterations: 300,
            width: 1000.0,
            height: 1000.0,
            gravity: 0.1,
        }
    }
}

/// Positions of `network.nodes` (same order).
pub fn layout(network: &Network, options: &LayoutOptions) -> Vec<Point> {
    let index = |entity: usize| network.nodes.binary_search(&entity).ok();
    let edges: Vec<(usize, usize, f64)> = network
        .edges
        .iter()
        .filter_map(|e| Some((index(e.source)?, index(e.target)?, e.weight as f64)))
        .collect();
    layout_graph(network.nodes.len(), &edges, None, options)
}

/// Positions of nodes `0..n` linked by `(a, b, weight)` edges, starting from `initial` (e.g.
/// the previous layout, so a view settles instead of jumping) or from a fixed scatter.
/// Out-of-range edges and non-finite values are ignored.
pub fn layout_graph(
    n: usize,
    edges: &[(usize, usize, f64)],
    initial: Option<&[Point]>,
    options: &LayoutOptions,
) -> Vec<Point> {
    let width = finite_positive(options.width, 1000.0);
    let height = finite_positive(options.height, 1000.0);
    let mut pos: Vec<Point> = (0..n)
        .map(|i| {
            initial
                .and_then(|p| p.get(i))
                .filter(|p| p.x.is_finite() && p.y.is_finite())
                .map(|p| Point {
                    x: p.x.clamp(0.0, width),
                    y: p.y.clamp(0.0, height),
                })
                .unwrap_or_else(|| scatter(i, width, height))
        })
        .collect();
    if n < 2 {
        return pos;
    }
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|&&(a, b, w)| a < n && b < n && a != b && w.is_finite() && w > 0.0)
        // Heavy edges pull harder, but sublinearly.
        .map(|&(a, b, w)| (a, b, w.sqrt()))
        .collect();
    let k = (width * height / n as f64).sqrt();
    let cell = 2.0 * k;
    let cols = ((width / cell) as usize + 1).max(1);
    let rows = ((height / cell) as usize + 1).max(1);
    let gravity = if options.gravity.is_finite() {
        options.gravity.max(0.0)
    } else {
        0.0
    };
    let centre = Point {
        x: width / 2.0,
        y: height / 2.0,
    };
    let mut disp = vec![Point::default(); n];
    // Grid buckets as a counting sort: `start[c]..start[c + 1]` in `members`.
    let mut cell_of = vec![0usize; n];
    let mut start = vec![0usize; cols * rows + 1];
    let mut members = vec![0usize; n];
    let t0 = width.min(height) / 10.0;
    let steps = options.iterations;
    for step in 0..steps {
        let temperature = t0 * (steps - step) as f64 / steps as f64;
        for (i, p) in pos.iter().enumerate() {
            let cx = ((p.x / cell) as usize).min(cols - 1);
            let cy = ((p.y / cell) as usize).min(rows - 1);
            cell_of[i] = cy * cols + cx;
        }
        start.iter_mut().for_each(|s| *s = 0);
        for &c in &cell_of {
            start[c + 1] += 1;
        }
        for c in 0..cols * rows {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        for (i, &c) in cell_of.iter().enumerate() {
            members[fill[c]] = i;
            fill[c] += 1;
        }
        // Repulsion from nodes in the neighbouring cells, within `cell`.
        for i in 0..n {
            let (cx, cy) = (cell_of[i] % cols, cell_of[i] / cols);
            let mut d = Point::default();
            for ny in cy.saturating_sub(1)..=(cy + 1).min(rows - 1) {
                for nx in cx.saturating_sub(1)..=(cx + 1).min(cols - 1) {
                    let c = ny * cols + nx;
                    for &j in &members[start[c]..start[c + 1]] {
                        if j == i {
                            continue;
                        }
                        let mut dx = pos[i].x - pos[j].x;
                        let mut dy = pos[i].y - pos[j].y;
                        let mut dist2 = dx * dx + dy * dy;
                        if dist2 < 1e-9 {
                            // Same spot: push apart along a direction fixed by the indices.
                            let s = scatter(i * 31 + j, 2.0, 2.0);
                            dx = s.x - 1.0 + 1e-3;
                            dy = s.y - 1.0;
                            dist2 = dx * dx + dy * dy;
                        }
                        if dist2 < cell * cell {
                            // k² / dist along the unit vector.
                            let f = k * k / dist2;
                            d.x += dx * f;
                            d.y += dy * f;
                        }
                    }
                }
            }
            disp[i] = d;
        }
        // Springs along edges: dist² / k along the unit vector.
        for &(a, b, w) in &edges {
            let dx = pos[a].x - pos[b].x;
            let dy = pos[a].y - pos[b].y;
            let dist = (dx * dx + dy * dy).sqrt();
            let f = dist / k * w;
            disp[a].x -= dx * f;
            disp[a].y -= dy * f;
            disp[b].x += dx * f;
            disp[b].y += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&mut disp) {
            let dx = p.x - centre.x;
            let dy = p.y - centre.y;
            let dist = (dx * dx + dy * dy).sqrt();
            d.x -= dx * gravity * dist / k;
            d.y -= dy * gravity * dist / k;
            let len = (d.x * d.x + d.y * d.y).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(temperature);
                p.x = (p.x + d.x / len * step).clamp(0.0, width);
                p.y = (p.y + d.y / len * step).clamp(0.0, height);
            }
        }
    }
    pos
}

fn finite_positive(v: f64, fallback: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        fallback
    }
}

/// A fixed pseudo-random point of the frame for node `i` (splitmix64).
fn scatter(i: usize, width: f64, height: f64) -> Point {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = || {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = z;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    Point {
        x: next() * width,
        y: next() * height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones() {
        // Two triangles, no edge between them.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
        ];
        let pos = layout_graph(6, &edges, None, &LayoutOptions::default());
        let dist = |a: usize, b: usize| {
            let (p, q) = (pos[a], pos[b]);
            ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
        };
        let within = dist(0, 1).max(dist(1, 2)).max(dist(3, 4));
        let across = dist(0, 3).min(dist(1, 4)).min(dist(2, 5));
        assert!(within < across, "within {within}, across {across}");
        assert_eq!(
            pos,
            layout_graph(6, &edges, None, &LayoutOptions::default())
        );
    }

    #[test]
    fn odd_input_gives_positions_in_the_frame() {
        let options = LayoutOptions {
            iterations: 50,
            width: f64::NAN,
            height: -1.0,
            gravity: f64::INFINITY,
        };
        let start = [Point { x: 5.0, y: 5.0 }; 4];
        let pos = layout_graph(
            4,
            &[(0, 9, 1.0), (1, 1, 1.0), (2, 3, f64::NAN)],
            Some(&start),
            &options,
        );
        assert_eq!(pos.len(), 4);
        assert!(pos
            .iter()
            .all(|p| (0.0..=1000.0).contains(&p.x) && (0.0..=1000.0).contains(&p.y)));
        assert!(layout_graph(0, &[], None, &options).is_empty());
    }
}

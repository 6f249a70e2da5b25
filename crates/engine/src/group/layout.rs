//! A deterministic force layout for the network view (Fruchterman–Reingold with Barnes–Hut
//! repulsion between all pairs, a little gravity so separate components stay in view, linear
//! cooling). A step costs O(n log n + edges) however tightly the nodes are packed (a fixed grid
//! with a cut-off made it O(n²) once gravity and springs packed them into a few cells).
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
    let mut tree = QuadTree::default();
    let t0 = width.min(height) / 10.0;
    let steps = options.iterations;
    for step in 0..steps {
        let temperature = t0 * (steps - step) as f64 / steps as f64;
        // Repulsion k² / dist between every pair, far groups taken as one body (Barnes–Hut).
        tree.build(&pos);
        for (i, d) in disp.iter_mut().enumerate() {
            *d = tree.repulsion(i, &pos, k * k);
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

/// How far a cell must be, relative to its side, to act as one body: the Barnes–Hut opening
/// angle (a cell is never taken as one body by a node inside it).
const THETA: f64 = 1.0;

/// Cells of at most this many nodes are leaves, their nodes summed one by one.
const LEAF: usize = 8;

/// Cells deeper than this hold all their nodes in one leaf (nodes at the same spot).
const MAX_DEPTH: u32 = 40;

/// A quadtree over the positions, rebuilt each step into the same buffers.
#[derive(Debug, Default)]
struct QuadTree {
    cells: Vec<Cell>,
    /// Node indices, grouped so that each leaf holds a contiguous run.
    order: Vec<usize>,
    /// The cells still to visit in [`QuadTree::repulsion`].
    stack: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    /// Centre of mass and number of nodes.
    x: f64,
    y: f64,
    mass: f64,
    /// The square: corner and side.
    x0: f64,
    y0: f64,
    size: f64,
    /// A leaf's nodes: `order[first..first + count]`; `count == 0` for an inner cell.
    first: usize,
    count: usize,
    /// An inner cell's children (`usize::MAX` for an empty quadrant).
    children: [usize; 4],
}

impl QuadTree {
    fn build(&mut self, pos: &[Point]) {
        self.cells.clear();
        self.order.clear();
        self.order.extend(0..pos.len());
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in pos {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        let size = (x1 - x0).max(y1 - y0).max(1e-9);
        let mut order = std::mem::take(&mut self.order);
        self.cell(pos, &mut order, 0, x0, y0, size, 0);
        self.order = order;
    }

    /// Adds the cell of `order[first..]` (square at `x0, y0` of side `size`); returns its index.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        pos: &[Point],
        order: &mut [usize],
        first: usize,
        x0: f64,
        y0: f64,
        size: f64,
        depth: u32,
    ) -> usize {
        let count = order.len();
        let (mut sx, mut sy) = (0.0, 0.0);
        for &i in order.iter() {
            sx += pos[i].x;
            sy += pos[i].y;
        }
        let mass = count as f64;
        let id = self.cells.len();
        self.cells.push(Cell {
            x: sx / mass,
            y: sy / mass,
            mass,
            x0,
            y0,
            size,
            first,
            count,
            children: [usize::MAX; 4],
        });
        if count <= LEAF || depth >= MAX_DEPTH {
            return id;
        }
        let half = size / 2.0;
        let quadrant =
            |i: usize| usize::from(pos[i].x >= x0 + half) + 2 * usize::from(pos[i].y >= y0 + half);
        // Stable partition into the four quadrants (deterministic order).
        order.sort_by_key(|&i| quadrant(i));
        let mut start = 0;
        let mut children = [usize::MAX; 4];
        for (q, child) in children.iter_mut().enumerate() {
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|&&i| quadrant(i) == q)
                    .count();
            if end > start {
                let cx = x0 + half * (q % 2) as f64;
                let cy = y0 + half * (q / 2) as f64;
                *child = self.cell(
                    pos,
                    &mut order[start..end],
                    first + start,
                    cx,
                    cy,
                    half,
                    depth + 1,
                );
            }
            start = end;
        }
        self.cells[id].count = 0;
        self.cells[id].children = children;
        id
    }

    /// The repulsion on node `i`: `k2 / dist` along the unit vector from every other node.
    fn repulsion(&mut self, i: usize, pos: &[Point], k2: f64) -> Point {
        let mut d = Point::default();
        if self.cells.is_empty() {
            return d;
        }
        let p = pos[i];
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c];
            if cell.count > 0 {
                for &j in &self.order[cell.first..cell.first + cell.count] {
                    if j == i {
                        continue;
                    }
                    let mut dx = p.x - pos[j].x;
                    let mut dy = p.y - pos[j].y;
                    let mut dist2 = dx * dx + dy * dy;
                    if dist2 < 1e-9 {
                        // Same spot: push apart along a direction fixed by the indices.
                        let s = scatter(i * 31 + j, 2.0, 2.0);
                        dx = s.x - 1.0 + 1e-3;
                        dy = s.y - 1.0;
                        dist2 = dx * dx + dy * dy;
                    }
                    let f = k2 / dist2;
                    d.x += dx * f;
                    d.y += dy * f;
                }
                continue;
            }
            let dx = p.x - cell.x;
            let dy = p.y - cell.y;
            let dist2 = dx * dx + dy * dy;
            let inside = (cell.x0..=cell.x0 + cell.size).contains(&p.x)
                && (cell.y0..=cell.y0 + cell.size).contains(&p.y);
            if !inside && cell.size * cell.size < THETA * THETA * dist2 {
                let f = k2 * cell.mass / dist2;
                d.x += dx * f;
                d.y += dy * f;
            } else {
                stack.extend(cell.children.iter().copied().filter(|&c| c != usize::MAX));
            }
        }
        self.stack = stack;
        d
    }
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

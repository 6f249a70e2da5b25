//! The arc-eager transition parser (greedy, beam width 1); the pipeline keeps its sentence starts.
//!
//! [`StateNet`] is spaCy's `TransitionBasedParser.v2` head, shared with the NER: a projection of
//! the token vectors, a lower layer precomputed for every (token, feature slot) at once, a
//! per-step sum of the state's feature rows + bias + maxout, and the upper layer scoring every
//! action. Specification: `../shared/spacy-port/model/SPEC.md` sections 5–8.

use crate::encode::kernels;
use crate::encode::Maxout;
use crate::model::ModelError;

/// The network scoring the actions of a transition state.
#[derive(Debug)]
pub(crate) struct StateNet {
    pub proj: Maxout,
    /// `(n_feats, n_hidden, n_pieces, n_in)`.
    pub lower_w: Vec<f32>,
    /// `(n_hidden, n_pieces)`.
    pub lower_b: Vec<f32>,
    /// `(1, n_feats, n_hidden, n_pieces)`: the rows used for missing tokens.
    pub lower_pad: Vec<f32>,
    /// `(n_actions, n_hidden)`; transposed to `(n_hidden, n_actions)` by [`StateNet::prepare`].
    pub upper_w: Vec<f32>,
    pub upper_b: Vec<f32>,
    pub n_feats: usize,
    pub n_hidden: usize,
    pub n_pieces: usize,
    pub n_in: usize,
    pub n_actions: usize,
}

/// The lower layer applied to every token of one document: `(n, n_feats, n_hidden·n_pieces)`.
pub(crate) struct Precomputed {
    cached: Vec<f32>,
    n: usize,
}

/// Scratch buffers for one scoring step.
pub(crate) struct Scratch {
    v: Vec<f32>,
    h: Vec<f32>,
    pub scores: Vec<f32>,
}

impl StateNet {
    /// Transposes the upper layer for the per-step product.
    pub(crate) fn prepare(mut self) -> Self {
        let (na, no) = (self.n_actions, self.n_hidden);
        let mut t = vec![0.0; na * no];
        for (a, row) in self.upper_w.chunks_exact(no).enumerate() {
            for (o, &v) in row.iter().enumerate() {
                t[o * na + a] = v;
            }
        }
        self.upper_w = t;
        self
    }

    fn row_width(&self) -> usize {
        self.n_hidden * self.n_pieces
    }

    /// Projects the token vectors (`n × width`) and applies every lower-layer slot (no bias).
    pub(crate) fn precompute(&self, tokvecs: &[f32]) -> Precomputed {
        let projected = self.proj.forward(tokvecs);
        let n = projected.len() / self.n_in.max(1);
        let wide = self.n_feats * self.row_width();
        let mut cached = vec![0.0; n * wide];
        kernels::matmul_nt(&projected, self.n_in, &self.lower_w, wide, &mut cached);
        Precomputed { cached, n }
    }

    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            v: vec![0.0; self.row_width()],
            h: vec![0.0; self.n_hidden],
            scores: vec![0.0; self.n_actions],
        }
    }

    /// Scores every action for a state whose feature tokens are `ids` (−1 = none) into
    /// `s.scores`.
    pub(crate) fn score(&self, pre: &Precomputed, ids: &[isize], s: &mut Scratch) {
        let rw = self.row_width();
        s.v.fill(0.0);
        for (f, &id) in ids.iter().enumerate().take(self.n_feats) {
            let row = match usize::try_from(id) {
                Ok(t) if t < pre.n => {
                    let at = (t * self.n_feats + f) * rw;
                    pre.cached.get(at..at + rw)
                }
                _ => self.lower_pad.get(f * rw..(f + 1) * rw),
            };
            if let Some(row) = row {
                kernels::add(&mut s.v, row);
            }
        }
        kernels::add(&mut s.v, &self.lower_b);
        for (h, pieces) in s.h.iter_mut().zip(s.v.chunks_exact(self.n_pieces)) {
            *h = pieces.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        }
        s.scores.copy_from_slice(&self.upper_b);
        for (&h, row) in s.h.iter().zip(self.upper_w.chunks_exact(self.n_actions)) {
            kernels::axpy(&mut s.scores, h, row);
        }
    }
}

/// `arg_max_if_valid`: the first valid action with the strictly largest score.
pub(crate) fn best_valid(scores: &[f32], mut valid: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &s) in scores.iter().enumerate() {
        if valid(i) && best.is_none_or(|b| s > scores[b]) {
            best = Some(i);
        }
    }
    best
}

const SHIFT: u8 = 0;
const REDUCE: u8 = 1;
const LEFT: u8 = 2;
const RIGHT: u8 = 3;
const BREAK: u8 = 4;

/// The parser: its network and the move type of every action.
#[derive(Debug)]
pub(crate) struct ArcEager {
    net: StateNet,
    moves: Vec<u8>,
}

impl ArcEager {
    /// `moves[i]`: the arc-eager move (0 shift, 1 reduce, 2 left, 3 right, 4 break) of class i.
    pub(crate) fn new(net: StateNet, moves: &[u8]) -> Result<Self, ModelError> {
        if net.n_feats != 8 {
            return Err(ModelError::BadConfig(format!(
                "the parser reads 8 feature tokens, not {}",
                net.n_feats
            )));
        }
        if moves.len() != net.n_actions || moves.iter().any(|&m| m > BREAK) {
            return Err(ModelError::BadConfig("bad parser action list".into()));
        }
        Ok(Self {
            net,
            moves: moves.to_vec(),
        })
    }

    /// Parses one document (token vectors `n × width`) and returns `token.is_sent_start`.
    pub(crate) fn sentence_starts(&self, tokvecs: &[f32]) -> Vec<bool> {
        self.parse_stretch(tokvecs, 0, None)
            .map(|stretch| stretch.sent_starts)
            .unwrap_or_default()
    }

    /// Parses a window of a document (token vectors `n × width`) from token `start` on, with
    /// the fresh state the whole document's parse is in at a *clean boundary*: the stack and
    /// the re-buffer empty, `start` first in the buffer with no left child, and no sentence
    /// start marked beyond it. From such a state the parse reads nothing before `start`.
    ///
    /// With `exact: None` the window ends the document and the parse runs to its end. With
    /// `exact: Some(e)` only the vectors of tokens before `e` are trusted (the rest lacks its
    /// right context): the parse stops before a step that would read token `e` or later, and
    /// the stretch ends at the last clean boundary it reached, where every earlier token's head
    /// is final and no arc crosses; `None` when it reached none.
    pub(crate) fn parse_stretch(
        &self,
        tokvecs: &[f32],
        start: usize,
        exact: Option<usize>,
    ) -> Option<Stretch> {
        let pre = self.net.precompute(tokvecs);
        let n = pre.n;
        if start >= n {
            return None;
        }
        let limit = exact.unwrap_or(n).min(n);
        let mut st = State::new(n, start);
        let mut scratch = self.net.scratch();
        let mut clean = None;
        // Arc-eager ends after at most 5 moves per token (≤ 2 pushes, ≤ 2 pops, 1 break); the
        // cap only guards against a malformed artifact steering it into a cycle.
        let mut budget = 8 * (n - start) + 16;
        while !st.is_final() && budget > 0 {
            budget -= 1;
            if exact.is_some() {
                if st.is_clean_boundary(start) {
                    clean = Some(st.b_i);
                }
                let ahead = st.b(0).max(st.b(1));
                if ahead < 0 || ahead as usize >= limit {
                    break;
                }
            }
            self.net.score(&pre, &st.context(), &mut scratch);
            let valid = st.valid_moves();
            let Some(best) = best_valid(&scratch.scores, |i| {
                self.moves.get(i).is_some_and(|&m| valid[usize::from(m)])
            }) else {
                break;
            };
            st.apply(self.moves[best]);
        }
        let end = match exact {
            None => n,
            Some(_) => clean?,
        };
        let head_off = st.heads[start..end]
            .iter()
            .enumerate()
            .map(|(i, &h)| if h >= 0 { h - (start + i) as isize } else { 0 })
            .collect::<Vec<_>>();
        Some(Stretch {
            sent_starts: set_children_from_heads(&head_off),
            end,
        })
    }
}

/// What [`ArcEager::parse_stretch`] settled: `token.is_sent_start` of the tokens from its
/// start to `end` (window indices), whose heads are final.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stretch {
    pub sent_starts: Vec<bool>,
    pub end: usize,
}

/// `StateC` as arc-eager uses it (SPEC 7.2). Token indices are `isize`, −1 meaning none.
struct State {
    n: usize,
    stack: Vec<usize>,
    rebuffer: Vec<usize>,
    b_i: usize,
    heads: Vec<isize>,
    left_arcs: Vec<Vec<usize>>,
    right_arcs: Vec<Vec<usize>>,
    unshiftable: Vec<bool>,
    sent_start: Vec<bool>,
    /// The last token marked as a sentence start.
    last_marked: usize,
}

impl State {
    /// A fresh state whose buffer starts at token `start` (0 for a whole document).
    fn new(n: usize, start: usize) -> Self {
        let mut sent_start = vec![false; n];
        if let Some(first) = sent_start.get_mut(start) {
            *first = true; // a fresh Doc presets token 0 as a sentence start
        }
        Self {
            n,
            stack: Vec::new(),
            rebuffer: Vec::new(),
            b_i: start,
            heads: vec![-1; n],
            left_arcs: vec![Vec::new(); n],
            right_arcs: vec![Vec::new(); n],
            unshiftable: vec![false; n],
            sent_start,
            last_marked: start,
        }
    }

    /// The state is what a fresh parse from token `b_i` would be (see
    /// [`ArcEager::parse_stretch`]), past `start`.
    fn is_clean_boundary(&self, start: usize) -> bool {
        self.b_i > start
            && self.b_i < self.n
            && self.stack.is_empty()
            && self.rebuffer.is_empty()
            && self.left_arcs[self.b_i].is_empty()
            && self.last_marked <= self.b_i
    }

    fn b(&self, i: usize) -> isize {
        if i < self.rebuffer.len() {
            return self.rebuffer[self.rebuffer.len() - 1 - i] as isize;
        }
        let b = self.b_i + (i - self.rebuffer.len());
        if b < self.n {
            b as isize
        } else {
            -1
        }
    }

    fn s(&self, i: usize) -> isize {
        if i < self.stack.len() {
            self.stack[self.stack.len() - 1 - i] as isize
        } else {
            -1
        }
    }

    fn buffer_length(&self) -> usize {
        (self.n - self.b_i.min(self.n)) + self.rebuffer.len()
    }

    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    fn is_sent_start(&self, w: isize) -> bool {
        usize::try_from(w).is_ok_and(|w| self.sent_start.get(w).copied().unwrap_or(false))
    }

    /// The most recently attached child in `arcs` of `head` (−1 if none).
    fn last_child(arcs: &[Vec<usize>], head: isize) -> isize {
        usize::try_from(head)
            .ok()
            .and_then(|h| arcs.get(h))
            .and_then(|kids| kids.last())
            .map_or(-1, |&k| k as isize)
    }

    /// `set_context_tokens` with 8 slots: B0, B1, S0, S1, S2, L(B0), L(S0), R(S0).
    fn context(&self) -> [isize; 8] {
        let (b0, s0) = (self.b(0), self.s(0));
        [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            Self::last_child(&self.left_arcs, b0),
            Self::last_child(&self.left_arcs, s0),
            Self::last_child(&self.right_arcs, s0),
        ]
    }

    /// Validity of shift, reduce, left, right, break (cannot_sent_start never holds on a fresh doc).
    fn valid_moves(&self) -> [bool; 5] {
        let (d, bl, b0, b1) = (self.stack.len(), self.buffer_length(), self.b(0), self.b(1));
        let unshiftable = usize::try_from(b0).is_ok_and(|b| self.unshiftable[b]);
        let shift = d == 0 || !(bl < 2 || self.is_sent_start(b0) || unshiftable);
        let reduce = d != 0;
        let arc = !(d == 0 || bl == 0 || self.is_sent_start(b0));
        let brk = !(bl < 2 || b1 != b0 + 1 || self.is_sent_start(b1));
        [shift, reduce, arc, arc, brk]
    }

    fn push(&mut self) {
        let b0 = match self.rebuffer.pop() {
            Some(b) => b,
            None => {
                self.b_i += 1;
                self.b_i - 1
            }
        };
        self.stack.push(b0);
    }

    fn add_arc(&mut self, head: usize, child: usize) {
        if let Ok(old) = usize::try_from(self.heads[child]) {
            let arcs = if old > child {
                &mut self.left_arcs[old]
            } else {
                &mut self.right_arcs[old]
            };
            if arcs.last() == Some(&child) {
                arcs.pop();
            }
        }
        if head > child {
            self.left_arcs[head].push(child);
        } else {
            self.right_arcs[head].push(child);
        }
        self.heads[child] = head as isize;
    }

    fn apply(&mut self, mv: u8) {
        match mv {
            SHIFT => self.push(),
            REDUCE => {
                if let Some(s0) = self.stack.pop() {
                    if self.heads[s0] < 0 && !self.stack.is_empty() {
                        // unshift: back to the buffer, never shifted again
                        self.unshiftable[s0] = true;
                        self.rebuffer.push(s0);
                    }
                }
            }
            LEFT => {
                if let (Ok(b0), Some(s0)) = (usize::try_from(self.b(0)), self.stack.pop()) {
                    self.add_arc(b0, s0);
                    self.unshiftable[b0] = false;
                }
            }
            RIGHT => {
                if let (Ok(b0), Some(&s0)) = (usize::try_from(self.b(0)), self.stack.last()) {
                    self.add_arc(s0, b0);
                    self.push();
                }
            }
            BREAK => {
                if let Ok(b1) = usize::try_from(self.b(1)) {
                    self.sent_start[b1] = true;
                    self.last_marked = self.last_marked.max(b1);
                }
            }
            _ => {}
        }
    }
}

/// `Doc.set_children_from_heads` → `token.is_sent_start` (SPEC 8). `head_off[i] = head − i`
/// (0 for roots).
pub(crate) fn set_children_from_heads(head_off: &[isize]) -> Vec<bool> {
    let n = head_off.len();
    let head = |i: usize| (i as isize + head_off[i]).clamp(0, n as isize - 1) as usize;
    let mut l_edge: Vec<usize> = (0..n).collect();
    let mut r_edge: Vec<usize> = (0..n).collect();
    let mut starts = vec![false; n];
    let mut loop_count = 0;
    loop {
        for i in 0..n {
            let h = head(i);
            l_edge[h] = l_edge[h].min(l_edge[i]);
            r_edge[h] = r_edge[h].max(r_edge[i]);
        }
        for i in (0..n).rev() {
            let h = head(i);
            r_edge[h] = r_edge[h].max(r_edge[i]);
            l_edge[h] = l_edge[h].min(l_edge[i]);
        }
        starts.fill(false);
        for i in 0..n {
            if head_off[i] == 0 {
                starts[l_edge[i]] = true;
            }
        }
        let mut ok = true;
        let mut cur = 0;
        for (i, &start) in starts.iter().enumerate() {
            if (i > 0 && start) || i == n - 1 {
                let inside = (cur..i).all(|j| {
                    let h = j as isize + head_off[j];
                    h >= cur as isize && h <= i as isize
                });
                if !inside {
                    ok = false;
                    break;
                }
                cur = i;
            }
        }
        if ok || loop_count > 10 {
            break;
        }
        loop_count += 1;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_starts_from_heads() {
        // two sentences: 0 <- 1 (root 1), 2 -> 3 (root 2)
        let starts = set_children_from_heads(&[1, 0, 0, -1]);
        assert_eq!(starts, vec![true, false, true, false]);
        assert_eq!(set_children_from_heads(&[0]), vec![true]);
    }

    #[test]
    fn ties_go_to_the_lowest_valid_index() {
        assert_eq!(best_valid(&[1.0, 3.0, 3.0], |_| true), Some(1));
        assert_eq!(best_valid(&[1.0, 3.0, 3.0], |i| i != 1), Some(2));
        assert_eq!(best_valid(&[1.0], |_| false), None);
    }

    #[test]
    fn break_marks_the_next_buffer_token() {
        let mut st = State::new(3, 0);
        st.apply(SHIFT);
        assert!(st.valid_moves()[BREAK as usize]);
        st.apply(BREAK); // marks B1 (token 2), not B0
        assert!(!st.is_sent_start(1) && st.is_sent_start(2));
        st.apply(RIGHT); // 0 -> 1, pushes 1; now B0 = 2 starts a sentence
        let valid = st.valid_moves();
        assert!(!valid[SHIFT as usize] && !valid[LEFT as usize] && !valid[RIGHT as usize]);
        assert!(valid[REDUCE as usize]);
    }
}

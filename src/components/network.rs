//! The co-occurrence network: the worker computes and lays it out; this view draws it as SVG
//! (drag a node, drag the background to pan, wheel or buttons to zoom, hover for names, click
//! or Enter on a node to filter the articles) and saves the current view as SVG or PNG.

use std::collections::HashSet;
use std::sync::Arc;

use entity_lens_protocol::{Label, NetworkQuery, NetworkView, Request, Scope};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::corpus::{ask, download_blob, next_seq};
use super::{label_color, WorkerSlot};
use crate::state::Store;

/// The layout's square (the worker's coordinates are in `0..=SIZE`).
const SIZE: f64 = 1000.0;
/// Most nodes drawn.
const MAX_NODES: usize = 500;
/// Nodes whose names are always written (the others on hover).
const NAMED: usize = 40;

/// Where the drawing is: `(tx, ty, k)`, screen = world × k + t (in viewBox units).
type View = (f64, f64, f64);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Drag {
    None,
    Node { index: usize, moved: f64 },
    Pan { x: f64, y: f64 },
}

/// The network tab.
#[component]
pub fn NetworkPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let scope = RwSignal::new(Scope::Sentence);
    let min_weight = RwSignal::new(1usize);
    let labels = RwSignal::new(HashSet::<Label>::new());

    Effect::new(move |_| {
        store.corpus_version.track();
        let mut chosen: Vec<Label> = labels.get().into_iter().collect();
        chosen.sort();
        ask(
            store,
            worker,
            Request::Network(NetworkQuery {
                seq: next_seq(),
                scope: scope.get(),
                min_weight: min_weight.get(),
                labels: chosen,
                max_nodes: MAX_NODES,
            }),
        );
    });

    let scope_options = Scope::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=move || scope.get() == s>{s.as_str()}</option> })
        .collect_view();
    let label_chips = move || {
        let mut present: Vec<Label> = store
            .corpus
            .with(|c| {
                c.as_ref()
                    .map(|c| c.entities.iter().map(|e| e.label).collect::<HashSet<_>>())
            })
            .unwrap_or_default()
            .into_iter()
            .collect();
        present.sort();
        present
            .into_iter()
            .map(|l| {
                view! {
                    <button type="button" class="toggle label-chip" data-label=l.as_str()
                        aria-pressed=move || if labels.with(|s| s.contains(&l)) { "true" } else { "false" }
                        on:click=move |_| labels.update(|s| { if !s.remove(&l) { s.insert(l); } })>
                        <span class="swatch" data-label=l.as_str()></span>{l.as_str()}
                    </button>
                }
            })
            .collect_view()
    };

    let graph = move || store.network.get().map(|net| view! { <Graph net=net/> });
    view! {
        <section class="network" aria-labelledby="network-title">
            <h2 id="network-title">"Co-occurrence network"</h2>
            <div class="network-tools">
                <label>"Together in "
                    <select class="scope" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = Scope::ALL.into_iter().find(|s| s.as_str() == v) { scope.set(s) }
                    }>{scope_options}</select>
                </label>
                <label>"Minimum weight "
                    <input type="range" class="min-weight" min="1" max="20" step="1"
                        prop:value=move || min_weight.get().to_string()
                        on:input=move |ev| min_weight.set(event_target_value(&ev).parse().unwrap_or(1))/>
                    <output class="min-weight-value">{move || min_weight.get()}</output>
                </label>
                <div class="label-chips" role="group" aria-label="Only these labels (none chosen: all)">{label_chips}</div>
            </div>
            {graph}
        </section>
    }
}

/// The drawing of one network answer.
#[component]
fn Graph(
    /// The laid-out network.
    net: Arc<NetworkView>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let positions: Vec<RwSignal<(f64, f64)>> = net
        .nodes
        .iter()
        .map(|n| RwSignal::new((n.x, n.y)))
        .collect();
    let view_t = RwSignal::new((0.0, 0.0, 1.0) as View);
    let drag = RwSignal::new(Drag::None);
    let hovered = RwSignal::new(None::<usize>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let max_w = net.edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1) as f64;
    let max_m = net
        .nodes
        .iter()
        .map(|n| n.mentions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let radius = move |mentions: usize| 4.0 + 10.0 * (mentions as f64 / max_m).sqrt();

    // Client coordinates → viewBox coordinates.
    let to_box = move |cx: f64, cy: f64| -> Option<(f64, f64)> {
        let svg: web_sys::Element = svg_ref.get_untracked()?.unchecked_into();
        let r = svg.get_bounding_client_rect();
        let s = SIZE / r.width().max(1.0);
        Some(((cx - r.left()) * s, (cy - r.top()) * s))
    };
    let to_world = move |p: (f64, f64)| {
        let (tx, ty, k) = view_t.get_untracked();
        ((p.0 - tx) / k, (p.1 - ty) / k)
    };

    // Edges are drawn as a few paths (one per width class) rather than one element per edge:
    // thousands of `<line>`s make every frame of a drag or zoom slow to render. A node's
    // positions signal is read by the classes holding its edges only.
    let mut classes: Vec<Vec<(usize, usize)>> = vec![Vec::new(); WIDTH_CLASSES];
    let mut incident: Vec<Vec<(usize, usize)>> = vec![Vec::new(); positions.len()];
    for e in &net.edges {
        if e.source >= positions.len() || e.target >= positions.len() {
            continue;
        }
        let class = ((e.weight as f64 / max_w) * (WIDTH_CLASSES - 1) as f64).round() as usize;
        classes[class.min(WIDTH_CLASSES - 1)].push((e.source, e.target));
        incident[e.source].push((e.source, e.target));
        incident[e.target].push((e.source, e.target));
    }
    let drawn: usize = classes.iter().map(Vec::len).sum();
    let edges = classes
        .into_iter()
        .enumerate()
        .filter(|(_, pairs)| !pairs.is_empty())
        .map(|(class, pairs)| {
            let positions = positions.clone();
            let width = 0.5 + 3.5 * class as f64 / (WIDTH_CLASSES - 1) as f64;
            view! {
                <path class="edge-class" fill="none" stroke="#8a93a3" stroke-opacity="0.35"
                    stroke-width=format!("{width:.2}") vector-effect="non-scaling-stroke" data-edges=pairs.len()
                    d=move || segments(&pairs, &positions)/>
            }
        })
        .collect_view();
    let hover_positions = positions.clone();
    let hover_edges = move || {
        hovered
            .get()
            .and_then(|h| incident.get(h))
            .map(|pairs| segments(pairs, &hover_positions))
            .unwrap_or_default()
    };
    let nodes = net
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let p = positions[i];
            let r = radius(n.mentions);
            let id = n.entity.clone();
            let id2 = id.clone();
            let choose = move || store.chosen.set(vec![id2.clone()]);
            let choose2 = choose.clone();
            let named = i < NAMED;
            let title = format!("{} ({}), {} mentions", n.name, n.label, n.mentions);
            let aria = title.clone();
            view! {
                <g class="node" data-entity=id.clone() data-label=n.label.as_str() tabindex="0" role="button"
                    aria-label=aria
                    aria-pressed=move || if store.chosen.with(|c| c.contains(&id)) { "true" } else { "false" }
                    transform=move || { let (x, y) = p.get(); format!("translate({x:.1},{y:.1})") }
                    on:pointerenter=move |_| hovered.set(Some(i))
                    on:pointerleave=move |_| hovered.set(None)
                    on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                        ev.stop_propagation();
                        drag.set(Drag::Node { index: i, moved: 0.0 });
                    }
                    on:pointerup=move |_| {
                        if let Drag::Node { moved, .. } = drag.get_untracked() {
                            if moved < 4.0 { choose() }
                        }
                        drag.set(Drag::None);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); choose2() }
                    }>
                    <title>{title}</title>
                    <circle r=format!("{r:.1}") fill=label_color(n.label) stroke="#333" stroke-width="0.8"/>
                    <text x=format!("{:.1}", r + 2.0) y="4" font-size="12" fill="#222"
                        display=if named { "inline" } else { "none" } class=if named { "name" } else { "name minor" }>
                        {n.name.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();

    let png_positions = positions.clone();
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(b) = to_box(f64::from(ev.client_x()), f64::from(ev.client_y())) else {
            return;
        };
        match drag.get_untracked() {
            Drag::None => {}
            Drag::Node { index, moved } => {
                if let Some(p) = positions.get(index) {
                    let w = to_world(b);
                    let old = p.get_untracked();
                    let d = ((w.0 - old.0).powi(2) + (w.1 - old.1).powi(2)).sqrt();
                    p.set(w);
                    drag.set(Drag::Node {
                        index,
                        moved: moved + d,
                    });
                }
            }
            Drag::Pan { x, y } => {
                view_t.update(|(tx, ty, _)| {
                    *tx += b.0 - x;
                    *ty += b.1 - y;
                });
                drag.set(Drag::Pan { x: b.0, y: b.1 });
            }
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if let Some(b) = to_box(f64::from(ev.client_x()), f64::from(ev.client_y())) {
            drag.set(Drag::Pan { x: b.0, y: b.1 });
        }
    };
    let zoom_at = move |factor: f64, at: (f64, f64)| {
        view_t.update(|(tx, ty, k)| {
            let nk = (*k * factor).clamp(0.2, 12.0);
            let f = nk / *k;
            *tx = at.0 - (at.0 - *tx) * f;
            *ty = at.1 - (at.1 - *ty) * f;
            *k = nk;
        })
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if let Some(b) = to_box(f64::from(ev.client_x()), f64::from(ev.client_y())) {
            zoom_at(if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 }, b);
        }
    };
    let save_svg = move |_| {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let svg: web_sys::Element = svg.unchecked_into();
        let Ok(serializer) = web_sys::XmlSerializer::new() else {
            return;
        };
        let Ok(text) = serializer.serialize_to_string(&svg) else {
            return;
        };
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("image/svg+xml");
        if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
            if let Err(e) = download_blob(&blob, "network.svg") {
                store.query_error.set(Some(e));
            }
        }
    };
    let net_png = net.clone();
    let on_png = move |_| {
        let points: Vec<(f64, f64)> = png_positions.iter().map(|p| p.get_untracked()).collect();
        if let Err(e) = save_png(&net_png, &points, view_t.get_untracked()) {
            store.query_error.set(Some(e));
        }
    };
    let summary = format!(
        "{} entities, {} links (of {} before filters)",
        net.nodes.len(),
        net.edges.len(),
        net.total_edges
    );
    view! {
        <div class="graph-tools">
            <span class="graph-summary" aria-live="polite">{summary}</span>
            <button type="button" class="button small zoom-in" on:click=move |_| zoom_at(1.25, (SIZE / 2.0, SIZE / 2.0))>"Zoom in"</button>
            <button type="button" class="button small zoom-out" on:click=move |_| zoom_at(0.8, (SIZE / 2.0, SIZE / 2.0))>"Zoom out"</button>
            <button type="button" class="button small zoom-reset" on:click=move |_| view_t.set((0.0, 0.0, 1.0))>"Reset view"</button>
            <button type="button" class="button small save-svg" on:click=save_svg>"Save SVG"</button>
            <button type="button" class="button small save-png" on:click=on_png>"Save PNG"</button>
        </div>
        <svg node_ref=svg_ref class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000"
            role="group" aria-label="Co-occurrence network"
            on:pointerdown=on_down on:pointermove=on_move
            on:pointerup=move |_| drag.set(Drag::None) on:pointerleave=move |_| drag.set(Drag::None)
            on:wheel=on_wheel>
            <rect class="graph-bg" x="-100000" y="-100000" width="200000" height="200000" fill="#ffffff"/>
            <g class="viewport" transform=move || { let (tx, ty, k) = view_t.get(); format!("translate({tx:.1},{ty:.1}) scale({k:.3})") }>
                <g class="edges" data-count=drawn>{edges}
                    <path class="edge-hover" fill="none" stroke="#4a5363" stroke-opacity="0.9" stroke-width="1.5"
                        vector-effect="non-scaling-stroke" d=hover_edges/>
                </g>
                <g class="nodes">{nodes}</g>
            </g>
        </svg>
    }
}

/// How many stroke widths edges are drawn in (edge weight, binned).
const WIDTH_CLASSES: usize = 6;

/// SVG path data of straight segments between node positions (tracks those positions).
fn segments(pairs: &[(usize, usize)], positions: &[RwSignal<(f64, f64)>]) -> String {
    use std::fmt::Write;
    let mut d = String::with_capacity(pairs.len() * 28);
    for &(s, t) in pairs {
        let (Some(a), Some(b)) = (positions.get(s), positions.get(t)) else {
            continue;
        };
        let ((x1, y1), (x2, y2)) = (a.get(), b.get());
        let _ = write!(d, "M{x1:.1} {y1:.1}L{x2:.1} {y2:.1}");
    }
    d
}

/// Draws the current view on a canvas and downloads it as PNG (drawn from the same data as
/// the SVG: loading the SVG as an image would need `blob:` images, which the page's CSP forbids).
fn save_png(net: &NetworkView, points: &[(f64, f64)], (tx, ty, k): View) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("could not draw the PNG: {e:?}");
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .map_err(err)?
        .unchecked_into();
    let px = 1600u32;
    canvas.set_width(px);
    canvas.set_height(px);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2d canvas")?
        .unchecked_into();
    let s = f64::from(px) / SIZE;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(px), f64::from(px));
    ctx.set_transform(s * k, 0.0, 0.0, s * k, s * tx, s * ty)
        .map_err(err)?;
    let max_w = net.edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1) as f64;
    let max_m = net
        .nodes
        .iter()
        .map(|n| n.mentions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    ctx.set_stroke_style_str("rgba(138,147,163,0.45)");
    for e in &net.edges {
        let (Some(a), Some(b)) = (points.get(e.source), points.get(e.target)) else {
            continue;
        };
        ctx.set_line_width(0.5 + 3.5 * e.weight as f64 / max_w);
        ctx.begin_path();
        ctx.move_to(a.0, a.1);
        ctx.line_to(b.0, b.1);
        ctx.stroke();
    }
    ctx.set_font("12px sans-serif");
    for (i, (n, p)) in net.nodes.iter().zip(points).enumerate() {
        let r = 4.0 + 10.0 * (n.mentions as f64 / max_m).sqrt();
        ctx.begin_path();
        ctx.arc(p.0, p.1, r, 0.0, std::f64::consts::TAU)
            .map_err(err)?;
        ctx.set_fill_style_str(label_color(n.label));
        ctx.fill();
        ctx.set_stroke_style_str("#333333");
        ctx.set_line_width(0.8);
        ctx.stroke();
        if i < NAMED {
            ctx.set_fill_style_str("#222222");
            ctx.fill_text(&n.name, p.0 + r + 2.0, p.1 + 4.0)
                .map_err(err)?;
        }
    }
    let callback =
        wasm_bindgen::closure::Closure::once_into_js(move |blob: wasm_bindgen::JsValue| {
            if let Ok(blob) = blob.dyn_into::<web_sys::Blob>() {
                let _ = download_blob(&blob, "network.png");
            }
        });
    canvas.to_blob(callback.unchecked_ref()).map_err(err)
}

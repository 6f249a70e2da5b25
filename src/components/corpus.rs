//! The corpus views: the entity table (virtualized, sortable, filterable, merge and split), the
//! entity × article heat strip, and the exports. The worker computes every answer; these views
//! ask ([`ask`]) and render.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use entity_lens_protocol::{
    CorpusQuery, CorpusView, EntityRow, ExportFormat, ExportQuery, Label, Merge, Overrides,
    Request, Split,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::WorkerSlot;
use crate::state::Store;

thread_local! {
    static SEQ: Cell<u32> = const { Cell::new(0) };
}

/// A fresh question number.
pub fn next_seq() -> u32 {
    SEQ.with(|s| {
        let n = s.get().wrapping_add(1);
        s.set(n);
        n
    })
}

/// Sends a question to the worker; a failure to send is shown like a failed answer.
pub fn ask(store: Store, worker: WorkerSlot, request: Request) {
    let sent = worker.with_value(|w| match w {
        Some(w) => w.send(&request).map_err(|e| e.to_string()),
        None => Err("the analysis worker is not running".to_owned()),
    });
    if let Err(message) = sent {
        store.query_error.set(Some(message));
    }
}

/// The hand corrections, kept with the page and sent to the worker whenever they change.
#[derive(Debug, Clone, Copy)]
pub struct OverridesSlot(pub RwSignal<Overrides>);

/// Asks for the entity table whenever the corpus or the corrections change while a corpus view
/// is open (debounced, so a batch of files is grouped at its end rather than per file; the
/// reader alone never asks).
pub fn watch_corpus(store: Store, worker: WorkerSlot, tab: RwSignal<super::Tab>) {
    let pending: StoredValue<Option<gloo::timers::callback::Timeout>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        store.corpus_version.track();
        if tab.get() == super::Tab::Read {
            return;
        }
        let timeout = gloo::timers::callback::Timeout::new(300, move || {
            ask(
                store,
                worker,
                Request::Corpus(CorpusQuery { seq: next_seq() }),
            );
        });
        // Dropping the previous timeout cancels it.
        pending.set_value(Some(timeout));
    });
}

/// Height of one table row in CSS pixels (`.entity-row` in style/main.css).
const ROW_PX: f64 = 30.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Name,
    Label,
    Mentions,
    Documents,
}

/// Entities of the corpus: table, details of the focused one, heat strip.
#[component]
pub fn EntitiesView() -> impl IntoView {
    let store = expect_context::<Store>();
    let overrides = expect_context::<OverridesSlot>().0;
    let filter = RwSignal::new(String::new());
    let label_filter = RwSignal::new(None::<Label>);
    let sort = RwSignal::new((SortKey::Mentions, true));
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_px = 480.0;
    let focused = RwSignal::new(None::<String>);

    let corpus = move || store.corpus.get();
    // Indices into corpus.entities, filtered and sorted.
    let rows = Memo::new(move |_| {
        let Some(c) = store.corpus.get() else {
            return Arc::new(Vec::new());
        };
        let needle = filter.get().trim().to_lowercase();
        let label = label_filter.get();
        let mut idx: Vec<usize> = c
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| label.is_none_or(|l| e.label == l))
            .filter(|(_, e)| {
                needle.is_empty()
                    || e.aliases
                        .iter()
                        .chain(std::iter::once(&e.name))
                        .any(|a| a.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        let (key, desc) = sort.get();
        let ents = &c.entities;
        idx.sort_by(|&a, &b| {
            let (x, y) = (&ents[a], &ents[b]);
            let o = match key {
                SortKey::Name => x.name.to_lowercase().cmp(&y.name.to_lowercase()),
                SortKey::Label => x.label.as_str().cmp(y.label.as_str()),
                SortKey::Mentions => x.mentions.cmp(&y.mentions),
                SortKey::Documents => x.documents.cmp(&y.documents),
            };
            let o = if desc { o.reverse() } else { o };
            o.then_with(|| a.cmp(&b))
        });
        Arc::new(idx)
    });
    let labels_present = move || {
        let mut seen: Vec<Label> = store
            .corpus
            .with(|c| {
                c.as_ref()
                    .map(|c| c.entities.iter().map(|e| e.label).collect::<HashSet<_>>())
            })
            .unwrap_or_default()
            .into_iter()
            .collect();
        seen.sort();
        seen
    };

    let header = move |key: SortKey, text: &'static str| {
        let aria = move || {
            let (k, desc) = sort.get();
            if k != key {
                "none"
            } else if desc {
                "descending"
            } else {
                "ascending"
            }
        };
        view! {
            <div role="columnheader" class="cell" aria-sort=aria>
                <button type="button" class="sort" data-sort=text
                    on:click=move |_| sort.update(|(k, d)| {
                        if *k == key { *d = !*d } else { *k = key; *d = matches!(key, SortKey::Mentions | SortKey::Documents) }
                    })>{text}</button>
            </div>
        }
    };

    let chosen_set = move || store.chosen.get().into_iter().collect::<HashSet<_>>();
    let visible = move || {
        let Some(c) = corpus() else {
            return Vec::new();
        };
        let rows = rows.get();
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        let count = (viewport_px / ROW_PX) as usize + 2 * OVERSCAN;
        let chosen = chosen_set();
        rows.iter()
            .enumerate()
            .skip(first)
            .take(count)
            .filter_map(|(pos, &i)| {
                let e = c.entities.get(i)?.clone();
                Some((pos, e.id.clone(), chosen.contains(&e.id), e))
            })
            .collect::<Vec<_>>()
    };
    let render_row = move |(pos, id, checked, e): (usize, String, bool, EntityRow)| {
        let id2 = id.clone();
        let id3 = id.clone();
        let toggle = move |_| {
            store.chosen.update(|c| {
                if let Some(i) = c.iter().position(|x| x == &id2) {
                    c.remove(i);
                } else {
                    c.push(id2.clone());
                }
            })
        };
        let aliases = e.aliases.len().saturating_sub(1);
        view! {
            <div role="row" class="entity-row" data-entity=id.clone() data-label=e.label.as_str()
                aria-rowindex=pos + 2 style:transform=format!("translateY({}px)", pos as f64 * ROW_PX)>
                <div role="cell" class="cell check">
                    <input type="checkbox" prop:checked=checked on:change=toggle
                        aria-label=format!("Choose {}", e.name)/>
                </div>
                <div role="cell" class="cell name">
                    <button type="button" class="entity-name" on:click=move |_| focused.set(Some(id3.clone()))>
                        {e.name.clone()}
                    </button>
                    {(aliases > 0).then(|| view! { <span class="aliases">{format!("+{aliases}")}</span> })}
                </div>
                <div role="cell" class="cell label"><span class="swatch" data-label=e.label.as_str()></span>{e.label.as_str()}</div>
                <div role="cell" class="cell num mentions">{e.mentions}</div>
                <div role="cell" class="cell num documents">{e.documents}</div>
            </div>
        }
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            scroll_top.set(f64::from(el.scroll_top()));
        }
    };
    let total_px = move || format!("{}px", rows.get().len() as f64 * ROW_PX);

    let merge = move |_| {
        let chosen = store.chosen.get_untracked();
        let Some(c) = store.corpus.get_untracked() else {
            return;
        };
        // Into the most mentioned of the chosen (the table is sorted that way by the worker).
        let mut ids: Vec<&EntityRow> = c
            .entities
            .iter()
            .filter(|e| chosen.contains(&e.id))
            .collect();
        ids.sort_by_key(|e| std::cmp::Reverse(e.mentions));
        let Some((into, rest)) = ids.split_first() else {
            return;
        };
        if rest.is_empty() {
            return;
        }
        overrides.update(|o| {
            o.merges.push(Merge {
                into: into.id.clone(),
                from: rest.iter().map(|e| e.id.clone()).collect(),
            })
        });
        store.chosen.set(vec![into.id.clone()]);
    };
    let reset = move |_| overrides.set(Overrides::default());

    view! {
        <section class="corpus-entities" aria-labelledby="entities-table-title">
            <h2 id="entities-table-title">"Entities of the corpus"</h2>
            <div class="table-tools">
                <label>"Find " <input type="search" class="entity-filter" placeholder="name or alias"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/></label>
                <label>"Label "
                    <select class="label-filter" on:change=move |ev| {
                        label_filter.set(Label::from_name(&event_target_value(&ev)))
                    }>
                        <option value="">"All"</option>
                        {move || labels_present().into_iter().map(|l| view! {
                            <option value=l.as_str() selected=move || label_filter.get() == Some(l)>{l.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <span class="row-count" aria-live="polite">{move || {
                    let total = store.corpus.with(|c| c.as_ref().map_or(0, |c| c.entities.len()));
                    format!("{} of {} entities", rows.get().len(), total)
                }}</span>
                <button type="button" class="button small merge" on:click=merge
                    disabled=move || store.chosen.with(|c| c.len() < 2)>"Merge chosen"</button>
                <button type="button" class="button small clear-choice"
                    on:click=move |_| store.chosen.set(Vec::new())
                    disabled=move || store.chosen.with(Vec::is_empty)>"Clear choice"</button>
                <button type="button" class="button small reset-overrides" on:click=reset
                    disabled=move || overrides.with(|o| o.merges.is_empty() && o.splits.is_empty())>"Undo corrections"</button>
            </div>
            <div role="table" class="entity-table" aria-label="Entities"
                aria-rowcount=move || rows.get().len() + 1>
                <div role="rowgroup" class="entity-head">
                    <div role="row" class="entity-row head" aria-rowindex="1">
                        <div role="columnheader" class="cell check"><span class="visually-hidden">"Chosen"</span></div>
                        {header(SortKey::Name, "Name")}
                        {header(SortKey::Label, "Label")}
                        {header(SortKey::Mentions, "Mentions")}
                        {header(SortKey::Documents, "Articles")}
                    </div>
                </div>
                <div role="rowgroup" class="entity-scroll" on:scroll=on_scroll>
                    <div class="entity-spacer" style:height=total_px>
                        {move || visible().into_iter().map(render_row).collect_view()}
                    </div>
                </div>
            </div>
            <EntityDetails focused=focused/>
            <HeatStrip/>
        </section>
    }
}

/// The focused entity: aliases (each can be split off) and a link to its contexts.
#[component]
fn EntityDetails(
    /// The entity shown.
    focused: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let overrides = expect_context::<OverridesSlot>().0;
    let tab = expect_context::<RwSignal<super::Tab>>();
    let kwic = expect_context::<RwSignal<Option<String>>>();
    move || {
        let id = focused.get()?;
        let c = store.corpus.get()?;
        let e = c.entities.iter().find(|e| e.id == id)?.clone();
        let aliases = e
            .aliases
            .iter()
            .skip(1)
            .map(|alias| {
                let alias = alias.clone();
                let entity = e.id.clone();
                let a2 = alias.clone();
                view! {
                    <li>
                        <span class="alias">{alias.clone()}</span>
                        <button type="button" class="button small split"
                            aria-label=format!("Split {alias} off into its own entity")
                            on:click=move |_| overrides.update(|o| o.splits.push(Split { entity: entity.clone(), alias: a2.clone() }))>
                            "Split off"
                        </button>
                    </li>
                }
            })
            .collect_view();
        let id2 = e.id.clone();
        Some(view! {
            <div class="entity-details" data-entity=e.id.clone()>
                <h3>{e.name.clone()} " " <span class="swatch" data-label=e.label.as_str()></span>{e.label.as_str()}</h3>
                <p class="hint">{format!("{} mentions in {} articles", e.mentions, e.documents)}</p>
                <ul class="alias-list">{aliases}</ul>
                <button type="button" class="button small show-contexts" on:click=move |_| {
                    kwic.set(Some(id2.clone()));
                    tab.set(super::Tab::Contexts);
                }>"Show contexts"</button>
            </div>
        })
    }
}

/// Entity × article overview: one row per chosen entity (or the 12 most mentioned), one cell
/// per article, darker where the article mentions it more.
#[component]
fn HeatStrip() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let c: Arc<CorpusView> = store.corpus.get()?;
        let chosen = store.chosen.get();
        let picked: Vec<usize> = if chosen.is_empty() {
            (0..c.entities.len().min(12)).collect()
        } else {
            c.entities
                .iter()
                .enumerate()
                .filter(|(_, e)| chosen.contains(&e.id))
                .map(|(i, _)| i)
                .collect()
        };
        if picked.is_empty() || c.articles.is_empty() {
            return None;
        }
        let counts: Vec<HashMap<usize, usize>> = c
            .articles
            .iter()
            .map(|a| a.counts.iter().map(|x| (x.entity, x.mentions)).collect())
            .collect();
        let max = counts
            .iter()
            .flat_map(|m| picked.iter().filter_map(|i| m.get(i)))
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        let cell = 12.0;
        let label_w = 160.0;
        let width = label_w + cell * c.articles.len() as f64;
        let height = cell * picked.len() as f64;
        let names = store.files.get_untracked();
        let name_of = |file: u32| {
            names
                .iter()
                .find(|f| f.id == file)
                .map(|f| f.name.to_string())
                .unwrap_or_default()
        };
        let rows = picked
            .iter()
            .enumerate()
            .map(|(r, &i)| {
                let e = &c.entities[i];
                let y = r as f64 * cell;
                let cells = c
                    .articles
                    .iter()
                    .enumerate()
                    .filter_map(|(a, art)| {
                        let n = *counts[a].get(&i)?;
                        let opacity = 0.15 + 0.85 * n as f64 / max as f64;
                        let title = format!("{}: {} mentions in {}", e.name, n, name_of(art.file));
                        Some(view! {
                            <rect x=label_w + a as f64 * cell y=y width=cell - 1.0 height=cell - 1.0
                                fill=super::label_color(e.label) fill-opacity=format!("{opacity:.2}")
                                data-file=art.file data-count=n>
                                <title>{title}</title>
                            </rect>
                        })
                    })
                    .collect_view();
                view! {
                    <g class="heat-row" data-entity=e.id.clone()>
                        <text x="0" y=y + cell - 2.0 class="heat-name">{e.name.clone()}</text>
                        {cells}
                    </g>
                }
            })
            .collect_view();
        Some(view! {
            <figure class="heat-strip">
                <figcaption>"Mentions per article (columns: articles in the order analyzed)"</figcaption>
                <div class="heat-scroll">
                    <svg xmlns="http://www.w3.org/2000/svg" width=width height=height
                        viewBox=format!("0 0 {width} {height}") role="img"
                        aria-label="Entity by article overview">{rows}</svg>
                </div>
            </figure>
        })
    }
}

/// Buttons that download each export, made by the worker.
#[component]
pub fn ExportsView() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let buttons = ExportFormat::ALL
        .into_iter()
        .map(|format| {
            view! {
                <li>
                    <button type="button" class="button export" data-format=format.as_str()
                        on:click=move |_| ask(store, worker, Request::Export(ExportQuery { seq: next_seq(), format }))>
                        {format.file_name()}
                    </button>
                    " " <span class="hint">{format.as_str()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">"Export the corpus"</h2>
            <p class="hint">"Each file is made in your browser, with the refined and spaCy labels and your corrections."</p>
            <ul class="export-list">{buttons}</ul>
        </section>
    }
}

/// Saves `bytes` as a download named `name` (a Blob behind an object URL, revoked after).
pub fn download(bytes: &js_sys::ArrayBuffer, name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    download_blob(&blob, name)
}

/// Saves a blob as a download.
pub fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| format!("{e:?}"))?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

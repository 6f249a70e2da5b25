//! Contexts (KWIC): every mention of the chosen entity across the corpus with its left and
//! right context, sortable by either side; each row opens the mention in its article.

use std::sync::Arc;

use entity_lens_protocol::{ContextRow, ContextsQuery, Request};
use leptos::prelude::*;

use super::corpus::{ask, next_seq};
use super::{Tab, WorkerSlot};
use crate::state::Store;

/// Code points of context on each side.
const WIDTH: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Corpus,
    Left,
    Right,
}

/// The contexts tab.
#[component]
pub fn ContextsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let kwic = expect_context::<RwSignal<Option<String>>>();
    let order = RwSignal::new(Order::Corpus);
    Effect::new(move |_| {
        store.corpus_version.track();
        if let Some(entity) = kwic.get() {
            ask(
                store,
                worker,
                Request::Contexts(ContextsQuery {
                    seq: next_seq(),
                    entity,
                    width: WIDTH,
                }),
            );
        }
    });
    let options = move || {
        store.corpus.get().map(|c| {
            c.entities
                .iter()
                .take(2000)
                .map(|e| {
                    let id = e.id.clone();
                    let id2 = e.id.clone();
                    view! {
                        <option value=id selected=move || kwic.with(|k| k.as_ref() == Some(&id2))>
                            {format!("{} ({}, {})", e.name, e.label, e.mentions)}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let rows = move || {
        let view = store.contexts.get()?;
        if kwic.with(|k| k.as_ref() != Some(&view.entity)) {
            return None;
        }
        let mut rows: Vec<ContextRow> = view.rows.clone();
        match order.get() {
            Order::Corpus => {}
            // Left context read backwards: the words nearest the mention decide.
            Order::Left => rows.sort_by_cached_key(|r| {
                r.left
                    .trim_end()
                    .chars()
                    .rev()
                    .collect::<String>()
                    .to_lowercase()
            }),
            Order::Right => rows.sort_by_cached_key(|r| r.right.trim_start().to_lowercase()),
        }
        let n = rows.len();
        let body = rows
            .into_iter()
            .map(|r| view! { <KwicRow row=r/> })
            .collect_view();
        Some(view! {
            <p class="hint kwic-count">{format!("{n} mention{}", if n == 1 { "" } else { "s" })}</p>
            <table class="kwic">
                <thead><tr>
                    <th scope="col" class="left">
                        <button type="button" class="sort sort-left" on:click=move |_| order.set(Order::Left)
                            aria-pressed=move || if order.get() == Order::Left { "true" } else { "false" }>"Left context"</button>
                    </th>
                    <th scope="col" class="hit">"Mention"</th>
                    <th scope="col" class="right">
                        <button type="button" class="sort sort-right" on:click=move |_| order.set(Order::Right)
                            aria-pressed=move || if order.get() == Order::Right { "true" } else { "false" }>"Right context"</button>
                    </th>
                    <th scope="col"><button type="button" class="sort sort-corpus" on:click=move |_| order.set(Order::Corpus)
                        aria-pressed=move || if order.get() == Order::Corpus { "true" } else { "false" }>"Article"</button></th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        })
    };
    view! {
        <section class="contexts" aria-labelledby="contexts-title">
            <h2 id="contexts-title">"Contexts"</h2>
            <label>"Entity "
                <select class="kwic-entity" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    kwic.set((!v.is_empty()).then_some(v));
                }>
                    <option value="">"Choose an entity"</option>
                    {options}
                </select>
            </label>
            {rows}
        </section>
    }
}

/// One mention in context; its button opens the article at the mention.
#[component]
fn KwicRow(
    /// The row.
    row: ContextRow,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let tab = expect_context::<RwSignal<Tab>>();
    let name: Arc<str> = store
        .files
        .with_untracked(|f| f.iter().find(|x| x.id == row.file).map(|x| x.name.clone()))
        .unwrap_or_else(|| "".into());
    let (file, mention) = (row.file, row.mention);
    let open = move |ev: leptos::ev::MouseEvent| {
        // The article opens in the root this view lives in (the document, or a shadow root).
        let scope = ev
            .current_target()
            .and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
            .map(|n| n.get_root_node());
        store.selected.set(Some(file));
        tab.set(Tab::Read);
        if let Some(scope) = scope {
            super::reader::flash_when_shown(scope, vec![mention]);
        }
    };
    view! {
        <tr class="kwic-row" data-file=row.file data-mention=row.mention>
            <td class="left"><bdi>{row.left}</bdi></td>
            <td class="hit">{row.text}</td>
            <td class="right">{row.right}</td>
            <td><button type="button" class="open-mention" on:click=open>{name.to_string()}</button></td>
        </tr>
    }
}

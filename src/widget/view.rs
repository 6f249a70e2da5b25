//! What a widget draws: the article (plain until analyzed, then the page's
//! [`Reader`]), a picker when it holds several articles, the page's corpus tabs when the
//! `corpus` view is offered, and the drop zone when visitors may bring their own files.

use std::rc::Rc;
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::Settings;
use crate::components::{ContextsPanel, EntitiesView, NetworkPanel, Reader, Tab, TimelinePanel};
use crate::intake::{from_file_list, Dropped, Source};
use crate::state::Store;

/// What the widget does with files dropped or picked (`!Send`, so stored locally).
pub(crate) type FilesSlot = StoredValue<Rc<dyn Fn(Vec<Source>)>, LocalStorage>;

/// The corpus tabs a widget offers with the `corpus` view (the page's, but the exports: a
/// widget makes no downloads).
const CORPUS_TABS: [Tab; 4] = [Tab::Entities, Tab::Network, Tab::Timeline, Tab::Contexts];

/// The widget's content.
#[component]
pub(crate) fn Widget(
    /// The text being analyzed, shown until the highlights arrive.
    pending: RwSignal<Option<Arc<str>>>,
    settings: Settings,
    /// The view shown (the article, or one of the corpus tabs).
    tab: RwSignal<Tab>,
    /// Files dropped or picked.
    on_files: FilesSlot,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let dragging = RwSignal::new(false);
    let state = Memo::new(move |_| {
        let id = store.selected.get()?;
        let state = store
            .files
            .with(|f| f.iter().find(|r| r.id == id).map(|r| r.state))?;
        Some(state.with(|s| s.key()))
    });
    let reading = move || settings.article.get() || settings.entities.get();
    let tabs = move || {
        if !settings.corpus.get() {
            return None;
        }
        let offered = reading()
            .then_some(Tab::Read)
            .into_iter()
            .chain(CORPUS_TABS)
            .map(|t| {
                let name = if t == Tab::Read { "Article" } else { t.name() };
                view! {
                    <button type="button" role="tab" class="tab" part="tab" data-tab=t.key()
                        aria-selected=move || if tab.get() == t { "true" } else { "false" }
                        on:click=move |_| tab.set(t)>{name}</button>
                }
            })
            .collect_view();
        Some(
            view! { <div class="tabs" role="tablist" aria-label="Views" part="tabs">{offered}</div> },
        )
    };
    let article = move || {
        match state.get() {
        Some("done") => view! { <Reader/> }.into_any(),
        _ => pending
            .get()
            .map(|text| {
                view! {
                    <div class="reader plain" part="reader">
                        <article class="plain-text" part="article"><p>{text.to_string()}</p></article>
                    </div>
                }
            })
            .into_any(),
    }
    };
    let panel = move || {
        let shown = if settings.corpus.get() {
            tab.get()
        } else {
            Tab::Read
        };
        match shown {
            Tab::Entities => view! { <EntitiesView/> }.into_any(),
            Tab::Network => view! { <NetworkPanel/> }.into_any(),
            Tab::Timeline => view! { <TimelinePanel/> }.into_any(),
            Tab::Contexts => view! { <ContextsPanel/> }.into_any(),
            _ => view! { <ArticlePicker/> {article} }.into_any(),
        }
    };
    let query_error = move || {
        settings.corpus.get().then(|| {
            store
                .query_error
                .get()
                .map(|m| view! { <p class="error query-error" role="alert">{m}</p> })
        })
    };
    let on_drop = move |ev: ev::DragEvent| {
        if !settings.drop.get_untracked() {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        let Some(transfer) = ev.data_transfer() else {
            return;
        };
        let dropped = Dropped::take(&transfer);
        leptos::task::spawn_local(async move {
            let sources = dropped.into_sources().await;
            on_files.with_value(|f| f(sources));
        });
    };
    let on_pick = move |ev: ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            let sources = from_file_list(&list);
            on_files.with_value(|f| f(sources));
        }
        input.set_value("");
    };
    let drop_zone = move || {
        settings.drop.get().then(|| {
            let text = if settings.corpus.get() {
                "Drop article files here (they join this corpus), or "
            } else {
                "Drop an article file here, or "
            };
            view! {
                <div class="drop-zone" part="drop-zone" class:active=move || dragging.get()>
                    {text}
                    <label class="button small">"choose…"
                        <input class="visually-hidden" type="file" multiple on:change=on_pick/>
                    </label>
                </div>
            }
        })
    };
    view! {
        <div class="widget-body" data-state=move || state.get().unwrap_or("empty")
            data-tab=move || tab.get().key()
            on:dragover=move |ev: ev::DragEvent| {
                if settings.drop.get_untracked() {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            {tabs}
            {query_error}
            <div class="widget-panel" part="panel">{panel}</div>
            {drop_zone}
        </div>
    }
}

/// Which of the widget's articles is read, when it holds more than one.
#[component]
fn ArticlePicker() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let files = store.files.get();
        if files.len() < 2 {
            return None;
        }
        let options = files
            .into_iter()
            .map(|f| {
                let id = f.id;
                let name = if f.name.is_empty() {
                    "(text)".to_owned()
                } else {
                    f.name.to_string()
                };
                view! {
                    <option value=id.to_string() selected=move || store.selected.get() == Some(id)>{name}</option>
                }
            })
            .collect_view();
        Some(view! {
            <label class="article-picker" part="articles">"Article "
                <select on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse() {
                        store.auto_open.set(false);
                        store.selected.set(Some(id));
                    }
                }>{options}</select>
            </label>
        })
    }
}

//! The timeline: DATE mentions resolved to calendar dates on a time axis (with the sentence
//! each comes from), the unresolved ones listed as such, articles by publication date, and
//! mention counts over time for the chosen entities.

use entity_lens_protocol::{Request, TimelineQuery, TimelineView};
use leptos::prelude::*;

use super::corpus::{ask, next_seq};
use super::WorkerSlot;
use crate::state::Store;

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian).
fn days(iso: &str) -> Option<i64> {
    let mut it = iso.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The timeline tab.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    Effect::new(move |_| {
        store.corpus_version.track();
        let entities = store.chosen.get();
        ask(
            store,
            worker,
            Request::Timeline(TimelineQuery {
                seq: next_seq(),
                entities,
            }),
        );
    });
    move || {
        let t = store.timeline.get()?;
        Some(view! { <Timeline t=t/> })
    }
}

#[component]
fn Timeline(
    /// The worker's answer.
    t: std::sync::Arc<TimelineView>,
) -> impl IntoView {
    let width = 960.0;
    let resolved: Vec<_> = t
        .dates
        .iter()
        .filter_map(|d| {
            let r = d.resolved.as_ref()?;
            Some((days(&r.start)?, days(&r.end)?, d))
        })
        .collect();
    let articles: Vec<_> = t
        .articles
        .iter()
        .filter_map(|a| Some((days(a.date.as_deref()?)?, a)))
        .collect();
    let all_days: Vec<i64> = resolved
        .iter()
        .flat_map(|(s, e, _)| [*s, *e])
        .chain(articles.iter().map(|(d, _)| *d))
        .collect();
    let (lo, hi) = match (all_days.iter().min(), all_days.iter().max()) {
        (Some(&lo), Some(&hi)) => (lo, hi.max(lo + 1)),
        _ => (0, 1),
    };
    let x = move |d: i64| 40.0 + (width - 80.0) * (d - lo) as f64 / (hi - lo) as f64;
    let axis = (!all_days.is_empty()).then(|| {
        let first = t
            .articles
            .iter()
            .filter_map(|a| a.date.clone())
            .chain(t.dates.iter().filter_map(|d| d.resolved.as_ref().map(|r| r.start.clone())))
            .min()
            .unwrap_or_default();
        let last = t
            .articles
            .iter()
            .filter_map(|a| a.date.clone())
            .chain(t.dates.iter().filter_map(|d| d.resolved.as_ref().map(|r| r.end.clone())))
            .max()
            .unwrap_or_default();
        let art_marks = articles
            .iter()
            .map(|(d, a)| {
                view! {
                    <line class="article-tick" x1=x(*d) x2=x(*d) y1="20" y2="40" stroke="#3451b2" stroke-width="2">
                        <title>{format!("{}: {}", a.date.clone().unwrap_or_default(), a.title)}</title>
                    </line>
                }
            })
            .collect_view();
        let date_marks = resolved
            .iter()
            .map(|(s, e, d)| {
                let w = (x(*e) - x(*s)).max(3.0);
                view! {
                    <rect class="date-mark" x=x(*s) y="60" width=w height="14" fill="#bfe1d9" stroke="#5b8f83">
                        <title>{format!("{} → {}: {}", d.text, d.resolved.as_ref().map(|r| r.start.clone()).unwrap_or_default(), d.sentence)}</title>
                    </rect>
                }
            })
            .collect_view();
        // Counts over time for the chosen entities, one polyline each.
        let max = t
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.mentions))
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let series = t
            .series
            .iter()
            .map(|s| {
                let pts: Vec<String> = s
                    .points
                    .iter()
                    .filter_map(|p| {
                        let d = days(&p.date)?;
                        Some(format!("{:.1},{:.1}", x(d), 180.0 - 80.0 * p.mentions as f64 / max))
                    })
                    .collect();
                view! {
                    <polyline class="series" data-entity=s.entity.clone() points=pts.join(" ") fill="none" stroke="#b42318" stroke-width="2">
                        <title>{s.name.clone()}</title>
                    </polyline>
                }
            })
            .collect_view();
        view! {
            <svg class="timeline-axis" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {width} 200")
                role="img" aria-label=format!("Time axis from {first} to {last}")>
                <line x1="40" x2=width - 40.0 y1="50" y2="50" stroke="#888"/>
                <text x="40" y="14" font-size="12" fill="#555">{first.clone()}</text>
                <text x=width - 40.0 y="14" font-size="12" fill="#555" text-anchor="end">{last.clone()}</text>
                {art_marks}
                {date_marks}
                {series}
            </svg>
        }
    });
    let resolved_list = resolved
        .iter()
        .map(|(_, _, d)| {
            let r = d.resolved.clone().unwrap_or_else(|| entity_lens_protocol::DateRange {
                start: String::new(),
                end: String::new(),
            });
            let when = if r.start == r.end { r.start } else { format!("{} – {}", r.start, r.end) };
            view! {
                <li class="date resolved" data-file=d.file data-mention=d.mention>
                    <time datetime=when.clone()>{when.clone()}</time> " " <b>{d.text.clone()}</b> " — " {d.sentence.clone()}
                </li>
            }
        })
        .collect_view();
    let unresolved: Vec<_> = t.dates.iter().filter(|d| d.resolved.is_none()).collect();
    let n_unresolved = unresolved.len();
    let unresolved_list = unresolved
        .into_iter()
        .map(|d| {
            view! {
                <li class="date unresolved" data-file=d.file data-mention=d.mention
                    data-reason=d.unresolved.clone().unwrap_or_default()>
                    <b>{d.text.clone()}</b> " (" {d.unresolved.clone().unwrap_or_else(|| "unresolved".to_owned())} ") — " {d.sentence.clone()}
                </li>
            }
        })
        .collect_view();
    let undated = t.articles.iter().filter(|a| a.date.is_none()).count();
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Timeline"</h2>
            <p class="hint">{format!(
                "{} articles ({} without a publication date), {} dates resolved, {} not resolved",
                t.articles.len(), undated, resolved.len(), n_unresolved
            )}</p>
            {axis}
            <h3>"Resolved dates"</h3>
            <ul class="dates-resolved">{resolved_list}</ul>
            <h3>"Dates that could not be resolved"</h3>
            <ul class="dates-unresolved">{unresolved_list}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::days;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2020-11-09"), Some(18_575));
        assert_eq!(days("2000-02-29"), Some(11_016));
        assert_eq!(days("2020-13-01"), None);
        assert_eq!(days("20"), None);
    }
}

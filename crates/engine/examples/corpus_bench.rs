//! Engine time of the group stage on a whole corpus: grouping, the co-occurrence network (three
//! scopes), its layout (the heaviest 5,000 edges), the timeline and one entity's contexts.
//! The articles are analyzed once first (that time is reported apart); each stage is then run
//! `RUNS` times and the fastest and median runs are printed.
//!
//! ```sh
//! cargo run --release -p entity-lens-engine --example corpus_bench -- ../shared/data/bbc-news
//! ```
//! (the BBC folder is described in `../shared/data/bbc-news/README.md`; any folder of `.txt`
//! articles works).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use entity_lens_engine::group::{self, Doc, LayoutOptions, Scope};
use entity_lens_engine::{Document, Engine, Options};

const RUNS: usize = 5;

fn main() -> Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        bail!("usage: corpus_bench DIR (a folder of .txt articles)");
    };
    let mut paths = Vec::new();
    walk(Path::new(&dir), &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        bail!("no .txt files under {dir}");
    }
    let engine = Engine::bundled().context("loading the model")?;
    let start = Instant::now();
    let mut names = Vec::new();
    let mut documents: Vec<Document> = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        match engine.analyze_file(&bytes, Options::default()) {
            Ok(doc) => {
                names.push(path.display().to_string());
                documents.push(doc);
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
    let analysis = start.elapsed();
    let docs: Vec<Doc<'_>> = names
        .iter()
        .zip(&documents)
        .map(|(name, document)| Doc { name, document })
        .collect();
    let mentions: usize = documents.iter().map(|d| d.mentions.len()).sum();
    println!(
        "{} articles, {} mentions; analysis (not measured below) {:.1} s",
        docs.len(),
        mentions,
        analysis.as_secs_f64()
    );

    let (grouping, t_group) = time(|| group::group(&docs));
    println!(
        "group      {}   -> {} entities",
        show(&t_group),
        grouping.entities.len()
    );
    let mut t_total = min(&t_group);
    for scope in [Scope::Sentence, Scope::Paragraph, Scope::Article] {
        let (net, t) = time(|| group::network(&docs, &grouping, scope));
        println!(
            "network    {}   -> {:?}: {} nodes, {} edges",
            show(&t),
            scope,
            net.nodes.len(),
            net.edges.len()
        );
        if scope == Scope::Sentence {
            t_total += min(&t);
            let view = net.pruned(1, 5000, |_| true);
            let (pos, t) = time(|| group::layout(&view, &LayoutOptions::default()));
            println!(
                "layout     {}   -> {} nodes, {} edges (heaviest sentence edges)",
                show(&t),
                pos.len(),
                view.edges.len()
            );
            let top500 = top_nodes(&view, 500);
            let small = view.pruned(1, 5000, |e| top500.binary_search(&e).is_ok());
            let (pos, t) = time(|| group::layout(&small, &LayoutOptions::default()));
            println!(
                "layout     {}   -> {} nodes, {} edges (500 best-connected nodes)",
                show(&t),
                pos.len(),
                small.edges.len()
            );
        }
    }
    let (timeline, t_time) = time(|| group::timeline(&docs));
    let resolved = timeline
        .dates
        .iter()
        .filter(|d| matches!(d.resolution, group::Resolution::Resolved(_)))
        .count();
    println!(
        "timeline   {}   -> {} dates, {} resolved",
        show(&t_time),
        timeline.dates.len(),
        resolved
    );
    t_total += min(&t_time);
    let busiest = (0..grouping.entities.len())
        .max_by_key(|&e| grouping.entities[e].mentions)
        .unwrap_or(0);
    let (kwic, t) = time(|| group::contexts(&docs, &grouping, busiest, 60));
    println!(
        "contexts   {}   -> {} lines for {}",
        show(&t),
        kwic.len(),
        grouping
            .entities
            .get(busiest)
            .map_or("-", |e| e.name.as_str())
    );
    println!(
        "group + sentence network + timeline (fastest runs): {:.1} ms",
        t_total.as_secs_f64() * 1e3
    );
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt")
            && path.file_name().is_some_and(|n| n != "README.TXT")
        {
            out.push(path);
        }
    }
    Ok(())
}

fn time<T>(mut f: impl FnMut() -> T) -> (T, Vec<Duration>) {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        out = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    (out.expect("RUNS > 0"), times)
}

fn min(times: &[Duration]) -> Duration {
    times.first().copied().unwrap_or_default()
}

fn show(times: &[Duration]) -> String {
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    format!(
        "fastest {:7.2} ms, median {:7.2} ms",
        min(times).as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    )
}

/// The `n` nodes with the most edge weight.
fn top_nodes(net: &group::Network, n: usize) -> Vec<usize> {
    let mut weight: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for e in &net.edges {
        *weight.entry(e.source).or_default() += e.weight;
        *weight.entry(e.target).or_default() += e.weight;
    }
    let mut nodes: Vec<(usize, usize)> = weight.into_iter().collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut top: Vec<usize> = nodes.into_iter().take(n).map(|(e, _)| e).collect();
    top.sort_unstable();
    top
}

//! Engine time of the group stage on a whole corpus: grouping, the co-occurrence network (three
//! scopes), its layout (the heaviest 5,000 edges), the timeline and one entity's contexts.
//! The articles are analyzed once first (that time is reported apart) and cached under the system's
//! temporary folder (keyed by the files' paths, sizes and modification times; pass `--fresh` to
//! analyse again, e.g. after a change to recognition); each stage is then run `RUNS` times and the
//! fastest and median runs are printed. The cache keeps only what the group stage reads.
//!
//! ```sh
//! cargo run --release -p entity-lens-engine --example corpus_bench -- ../shared/data/bbc-news
//! ```
//! (the BBC folder is described in `../shared/data/bbc-news/README.md`; any folder of `.txt`
//! articles works).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use entity_lens_engine::clean::Article;
use entity_lens_engine::group::{self, Doc, LayoutOptions, Scope};
use entity_lens_engine::intake::{Kind, Provenance};
use entity_lens_engine::recognize::Label;
use entity_lens_engine::refine::{Change, Mention};
use entity_lens_engine::{Analysis, Document, Engine, Options, Span};
use serde_json::{json, Value};

const RUNS: usize = 5;

fn main() -> Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        bail!("usage: corpus_bench DIR [--fresh] (a folder of .txt articles)");
    };
    let mut paths = Vec::new();
    walk(Path::new(&dir), &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        bail!("no .txt files under {dir}");
    }
    let start = Instant::now();
    let cache = cache_path(&paths);
    let fresh = std::env::args().any(|a| a == "--fresh");
    let (names, documents) = match std::fs::read(&cache) {
        Ok(bytes) if !fresh => {
            eprintln!("analysed articles read from {}", cache.display());
            from_cache(&bytes).with_context(|| format!("reading {}", cache.display()))?
        }
        _ => {
            let (names, documents) = analyse(&paths)?;
            std::fs::write(&cache, to_cache(&names, &documents)?)
                .with_context(|| format!("writing {}", cache.display()))?;
            eprintln!("analysed articles cached in {}", cache.display());
            (names, documents)
        }
    };
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
        "group      {}   -> {} entities (digest {:016x})",
        show(&t_group),
        grouping.entities.len(),
        digest(&grouping)
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

/// Every article analysed with the bundled model: the files' names and documents.
fn analyse(paths: &[PathBuf]) -> Result<(Vec<String>, Vec<Document>)> {
    let engine = Engine::bundled().context("loading the model")?;
    let mut names = Vec::new();
    let mut documents = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        match engine.analyze_file(&bytes, Options::default()) {
            Ok(doc) => {
                names.push(path.display().to_string());
                documents.push(doc);
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
    Ok((names, documents))
}

/// The cache file of these articles: a hash of their paths, sizes and modification times.
fn cache_path(paths: &[PathBuf]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in paths {
        p.hash(&mut h);
        if let Ok(meta) = std::fs::metadata(p) {
            meta.len().hash(&mut h);
            meta.modified().ok().hash(&mut h);
        }
    }
    std::env::temp_dir().join(format!("corpus_bench-{:016x}.json", h.finish()))
}

fn span_json(s: &Span) -> Value {
    json!([s.byte.start, s.byte.end, s.char.start, s.char.end])
}

fn span_of(v: &Value) -> Result<Span> {
    let n: Vec<usize> = serde_json::from_value(v.clone())?;
    let [b0, b1, c0, c1] = n[..] else {
        bail!("a span is four offsets")
    };
    Ok(Span {
        byte: b0..b1,
        char: c0..c1,
    })
}

/// What the group stage reads of each document, as JSON.
fn to_cache(names: &[String], documents: &[Document]) -> Result<Vec<u8>> {
    let docs: Vec<Value> = names
        .iter()
        .zip(documents)
        .map(|(name, d)| {
            json!({
                "name": name,
                "title": d.article.title,
                "date": d.article.date,
                "text": d.article.text,
                "paragraphs": d.article.paragraphs.iter().map(span_json).collect::<Vec<_>>(),
                "sents": d.analysis.sents.iter().map(span_json).collect::<Vec<_>>(),
                "mentions": d.mentions.iter().map(|m| json!({
                    "span": span_json(&m.span),
                    "label": m.label.map(Label::as_str),
                    "raw": m.raw_label.map(Label::as_str),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(serde_json::to_vec(&docs)?)
}

/// The documents of [`to_cache`] back (what the group stage does not read is left empty).
fn from_cache(bytes: &[u8]) -> Result<(Vec<String>, Vec<Document>)> {
    let docs: Vec<Value> = serde_json::from_slice(bytes)?;
    let mut names = Vec::new();
    let mut documents = Vec::new();
    let label = |v: &Value| v.as_str().and_then(Label::from_name);
    let spans = |v: &Value| -> Result<Vec<Span>> {
        v.as_array().into_iter().flatten().map(span_of).collect()
    };
    for d in &docs {
        names.push(d["name"].as_str().unwrap_or_default().to_string());
        let mut document = Document {
            provenance: Provenance::default(),
            kind: Kind::Text,
            encoding: "UTF-8",
            article: Article::default(),
            analysis: Analysis::default(),
            mentions: Vec::new(),
        };
        document.article.title = d["title"].as_str().map(str::to_string);
        document.article.date = d["date"].as_str().map(str::to_string);
        document.article.text = d["text"].as_str().unwrap_or_default().to_string();
        document.article.paragraphs = spans(&d["paragraphs"])?;
        document.analysis.sents = spans(&d["sents"])?;
        for m in d["mentions"].as_array().into_iter().flatten() {
            document.mentions.push(Mention {
                span: span_of(&m["span"])?,
                label: label(&m["label"]),
                raw_label: label(&m["raw"]),
                change: Change::Kept,
                rule: None,
            });
        }
        documents.push(document);
    }
    Ok((names, documents))
}

/// A hash of the grouping's entities and links, to check that a change kept the result.
fn digest(grouping: &group::Grouping) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for e in &grouping.entities {
        (&e.id, &e.name, e.mentions).hash(&mut h);
    }
    grouping.links.hash(&mut h);
    h.finish()
}

//! What decoding a long article's [`ArticleView`] costs, natively, by part: the view of one
//! analyzed file is repeated (spans shifted) until its text reaches the size asked, then each
//! part is encoded and decoded alone as JSON, and the whole view in the form the worker posts
//! ([`Response::to_parts`]: JSON without the text, mentions and paragraphs, the text as its own
//! string, mentions and paragraphs as `u32`s).
//!
//! Usage: `cargo run -p entity-lens-protocol --features engine --example view_decode -- FILE [MIB]`
//! (with `--config 'profile.dev.package.entity-lens-protocol.opt-level=3'`, or `--release`).

use std::time::Instant;

use entity_lens_engine::Engine;
use entity_lens_protocol::{analyze, bundled_model, Analyzed, ArticleView, Response, Span};

fn shift(s: &Span, byte: usize, char: usize) -> Span {
    Span {
        byte: s.byte.start + byte..s.byte.end + byte,
        char: s.char.start + char..s.char.end + char,
    }
}

/// `seed` repeated until its text is at least `bytes` long (texts joined by a blank line).
fn repeat(seed: &ArticleView, bytes: usize) -> ArticleView {
    let mut view = ArticleView {
        groups: seed.groups.clone(),
        ..seed.clone()
    };
    let mut ids = seed.mentions.len();
    while view.text.len() < bytes {
        view.text.push_str("\n\n");
        let (b, c) = (view.text.len(), view.text.chars().count());
        view.text.push_str(&seed.text);
        view.paragraphs
            .extend(seed.paragraphs.iter().map(|p| shift(p, b, c)));
        for m in &seed.mentions {
            let mut m = m.clone();
            m.id += ids;
            m.span = shift(&m.span, b, c);
            view.mentions.push(m);
        }
        for (groups, seed_groups) in [
            (&mut view.groups.refined, &seed.groups.refined),
            (&mut view.groups.raw, &seed.groups.raw),
        ] {
            for (g, s) in groups.iter_mut().zip(seed_groups) {
                g.mentions += s.mentions;
                for (e, se) in g.entities.iter_mut().zip(&s.entities) {
                    e.mentions.extend(se.mentions.iter().map(|i| i + ids));
                }
            }
        }
        ids += seed.mentions.len();
    }
    view
}

fn time<T>(what: &str, bytes: usize, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!(
        "{what:<44} {:>9.1} ms  {:>7.1} MB",
        t.elapsed().as_secs_f64() * 1e3,
        bytes as f64 / 1e6
    );
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: view_decode FILE [MIB]")?;
    let mib: f64 = args.next().map_or(Ok(8.0), |m| m.parse())?;
    let engine = Engine::new(bundled_model())?;
    let doc = analyze(&engine, &std::fs::read(&path)?, false)?;
    let seed = ArticleView::from_document(&doc);
    let view = repeat(&seed, (mib * 1024.0 * 1024.0) as usize);
    println!(
        "text {} bytes, {} paragraphs, {} mentions, {} entities (refined)",
        view.text.len(),
        view.paragraphs.len(),
        view.mentions.len(),
        view.groups
            .refined
            .iter()
            .map(|g| g.entities.len())
            .sum::<usize>()
    );
    let json = serde_json::to_string(&view)?;
    time("whole view: serde_json::from_str", json.len(), || {
        serde_json::from_str::<ArticleView>(&json)
    })?;
    let text = serde_json::to_string(&view.text)?;
    time("  text alone (a JSON string)", text.len(), || {
        serde_json::from_str::<String>(&text)
    })?;
    let mentions = serde_json::to_string(&view.mentions)?;
    time("  mentions alone", mentions.len(), || {
        serde_json::from_str::<Vec<entity_lens_protocol::MentionView>>(&mentions)
    })?;
    let paragraphs = serde_json::to_string(&view.paragraphs)?;
    time("  paragraphs alone", paragraphs.len(), || {
        serde_json::from_str::<Vec<Span>>(&paragraphs)
    })?;
    let groups = serde_json::to_string(&view.groups)?;
    time("  groups alone", groups.len(), || {
        serde_json::from_str::<entity_lens_protocol::ByMode<Vec<entity_lens_protocol::LabelGroup>>>(
            &groups,
        )
    })?;
    let msg = Response::Analyzed(Analyzed {
        id: 1,
        article: view,
        elapsed_ms: 0.0,
    });
    let (json, bulk) = time("as posted: Response::to_parts", 0, || {
        msg.clone().to_parts()
    })?;
    let bulk = bulk.ok_or("no bulk")?;
    println!(
        "as posted: json {} bytes, text {} bytes, spans {} u32",
        json.len(),
        bulk.text.len(),
        bulk.spans.len()
    );
    let header = time("  its JSON (header, groups)", json.len(), || {
        Response::from_json(&json)
    })?;
    let Response::Analyzed(mut a) = header else {
        return Err("not an analysis".into());
    };
    time(
        "  its bulk: ArticleView::put_bulk",
        bulk.spans.len() * 4,
        || a.article.put_bulk(bulk.clone()),
    )?;
    let back = time("Response::from_parts (all of it)", 0, || {
        Response::from_parts(&json, Some(bulk))
    })?;
    assert!(back == msg, "the parts give the message back");
    Ok(())
}

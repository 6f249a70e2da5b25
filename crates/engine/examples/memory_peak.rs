//! What holds the memory when one long text is analysed: a counting global allocator reports
//! the live heap and its peak after each stage of `Engine::analyze_file` (decode, clean,
//! recognize + refine), and what the resulting `Document` holds, part by part.
//!
//! ```text
//! cargo run --release -p entity-lens-engine --example memory_peak -- FILE [--raw]
//! ```
//!
//! `--raw` skips cleanup and refinement (spaCy's exact output on the whole file). A benchmark
//! tool, not a test: it prints, it asserts nothing. Build a long text with
//! `tools/scale/bench_memory.sh` (or concatenate articles).

use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use anyhow::{Context, Result};
use entity_lens_engine::intake::{Body, Item, Kind, Provenance};
use entity_lens_engine::refine::Mention;
use entity_lens_engine::tokenize::{Token, TokenSpan};
use entity_lens_engine::{clean, decode, Document, Engine, EntityMode, Options, Span};

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call forwards to `System` with the same arguments; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Prints the live heap and the peak since the last report, then resets the peak.
fn report(stage: &str, since: Instant) {
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    println!(
        "{stage:<28} live {:8.1} MB   peak {:8.1} MB   {:6.1} s",
        mb(live),
        mb(peak),
        since.elapsed().as_secs_f64()
    );
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: memory_peak FILE [--raw]")?;
    let raw = args.any(|a| a == "--raw");
    let options = Options {
        clean: !raw,
        entities: if raw {
            EntityMode::Raw
        } else {
            EntityMode::Refined
        },
    };
    println!(
        "sizes: Token {} B (span + features), TokenSpan {} B, Span {} B, Mention {} B, \
         Document {} B",
        size_of::<Token>(),
        size_of::<TokenSpan>(),
        size_of::<Span>(),
        size_of::<Mention>(),
        size_of::<Document>()
    );
    let t = Instant::now();
    let engine = Engine::bundled().context("loading the model")?;
    report("model loaded", t);
    let bytes = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
    report("file read", t);
    // analyze_file's stages one by one: decode, clean (unless --raw), recognize + refine.
    let decoded = decode::decode(&bytes).with_context(|| format!("decoding {path}"))?;
    report("decode", t);
    drop(bytes);
    let body = if raw {
        Body::Raw(decoded.text)
    } else {
        let article = clean::clean(&decoded.text);
        drop(decoded.text);
        report("clean", t);
        Body::Article(Box::new(article))
    };
    let item = Item {
        provenance: Provenance::default(),
        kind: Kind::Text,
        encoding: decoded.encoding,
        body,
    };
    let doc = engine.analyze_item(item, options);
    report("recognize + refine", t);
    let a = &doc.analysis;
    let words = doc.article.text.split_whitespace().count();
    println!(
        "document: text {:.1} MB, {} tokens ({:.1} MB), {} sentences ({:.1} MB), {} entities \
         ({:.1} MB), {} mentions ({:.1} MB), {} paragraphs; {words} words, {:.0} words/s",
        mb(doc.article.text.capacity()),
        a.tokens.len(),
        mb(a.tokens.capacity() * size_of::<TokenSpan>()),
        a.sents.len(),
        mb(a.sents.capacity() * size_of::<Span>()),
        a.ents.len(),
        mb(a.ents.capacity() * size_of::<entity_lens_engine::Entity>()),
        doc.mentions.len(),
        mb(doc.mentions.capacity() * size_of::<Mention>()),
        doc.article.paragraphs.len(),
        words as f64 / t.elapsed().as_secs_f64()
    );
    drop(doc);
    report("dropped", t);
    Ok(())
}

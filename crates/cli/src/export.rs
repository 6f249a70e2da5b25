//! `entity-lens export`: analyze files, group their mentions into entities and write the corpus
//! in one of the engine's export formats (the same bytes the page downloads).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use entity_lens_engine::export::{self, Corpus, Format, Settings};
use entity_lens_engine::group::{self, Doc, Scope};
use entity_lens_engine::{Document, Options};
use rayon::prelude::*;

use crate::{inputs, load_engine, EntityMode};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Export format: spacy-jsonl, mentions-csv, entities-csv, graphml, gexf, brat (a zip),
    /// conll, web-annotation or html.
    #[arg(long, value_parser = parse_format)]
    format: Format,
    /// Output file (`-` for standard output).
    #[arg(long)]
    out: PathBuf,
    /// Skip cleanup: recognize on the whole decoded file.
    #[arg(long)]
    raw: bool,
    /// Entities: `refined` (default; spaCy's label kept beside it) or `raw` (spaCy's exact
    /// output, which is then the main label).
    #[arg(long, value_enum, default_value_t = EntityMode::Refined)]
    entities: EntityMode,
    /// Co-occurrence scope of the network formats (graphml, gexf).
    #[arg(long, value_enum, default_value_t = ScopeArg::Sentence)]
    scope: ScopeArg,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Files or directories (walked recursively for `.txt` files).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScopeArg {
    Sentence,
    Paragraph,
    Article,
}

impl From<ScopeArg> for Scope {
    fn from(scope: ScopeArg) -> Self {
        match scope {
            ScopeArg::Sentence => Scope::Sentence,
            ScopeArg::Paragraph => Scope::Paragraph,
            ScopeArg::Article => Scope::Article,
        }
    }
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{name}`; one of: {}", names.join(", "))
    })
}

/// Runs the command; `Ok(false)` when some files failed (reported on stderr; the others are
/// exported).
pub fn run(args: ExportArgs) -> Result<bool> {
    let options = Options {
        clean: !args.raw,
        entities: args.entities.into(),
    };
    let (files, mut ok) = inputs::collect(&args.paths);
    let engine = load_engine()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    // In parallel, results in input order.
    let results: Vec<(String, Result<Document, String>)> = pool.install(|| {
        files
            .par_iter()
            .map(|path| (path.display().to_string(), analyze(&engine, path, options)))
            .collect()
    });
    let mut analyzed = Vec::with_capacity(results.len());
    for (name, result) in results {
        match result {
            Ok(document) => analyzed.push((name, document)),
            Err(error) => {
                eprintln!("entity-lens: {name}: {error}");
                ok = false;
            }
        }
    }
    let docs: Vec<Doc<'_>> = analyzed
        .iter()
        .map(|(name, document)| Doc { name, document })
        .collect();
    let grouping = group::group(&docs);
    let corpus = Corpus {
        docs: &docs,
        grouping: &grouping,
    };
    let settings = Settings {
        view: args.entities.into(),
        scope: args.scope.into(),
    };
    let bytes = export::to_vec(args.format, &corpus, settings)
        .with_context(|| format!("writing the {} export", args.format.name()))?;
    if args.out.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&bytes)?;
        stdout.flush()?;
    } else {
        std::fs::write(&args.out, &bytes)
            .with_context(|| format!("writing {}", args.out.display()))?;
    }
    Ok(ok)
}

fn analyze(
    engine: &entity_lens_engine::Engine,
    path: &Path,
    options: Options,
) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|err| format!("cannot read the file: {err}"))?;
    engine
        .analyze_file(&bytes, options)
        .map_err(|err| err.to_string())
}

//! `entity-lens`: run the engine over article files and folders.
//!
//! ```text
//! entity-lens analyze [--raw] [--format jsonl|text] [--entities refined|raw] [--tokens] <FILE|DIR>...
//! entity-lens bench [--format json|text] [--entities raw|refined] <FILE|DIR>...
//! entity-lens export --format FORMAT --out PATH [--raw] [--entities refined|raw]
//!                    [--scope sentence|paragraph|article] <FILE|DIR>...
//! ```

mod bench;
mod export;
mod inputs;
mod output;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use entity_lens_engine::{Engine, Options};
use rayon::prelude::*;

#[derive(Debug, Parser)]
#[command(
    name = "entity-lens",
    version,
    about = "Named entities in news articles, spaCy-faithful"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode, clean (unless --raw) and recognize entities in files; directories are walked
    /// recursively for `.txt` files. One result per file; errors are reported per file.
    Analyze(AnalyzeArgs),
    /// Measure engine throughput (single thread) over files; prints words/second and load time.
    Bench(BenchArgs),
    /// Analyze files, group their mentions into entities and write the corpus for other tools
    /// (spaCy, pandas, R, Excel, Gephi, brat, ...). Files that fail are reported; the others
    /// are exported.
    Export(export::ExportArgs),
}

#[derive(Debug, clap::Args)]
struct AnalyzeArgs {
    /// Skip cleanup: recognize on the whole decoded file (spaCy's exact output).
    #[arg(long)]
    raw: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Entities: `refined` (default; spaCy's label kept as `raw_label`) or `raw` (spaCy's
    /// exact output).
    #[arg(long, value_enum, default_value_t = EntityMode::Refined)]
    entities: EntityMode,
    /// Also print every token's code-point span.
    #[arg(long)]
    tokens: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct BenchArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = BenchFormat::Text)]
    format: BenchFormat,
    /// Analyze every file this many times.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Entities: `raw` (default; spaCy's exact output on the whole text) or `refined` (per
    /// line, refinement rules applied): compare the two to see what refinement costs.
    #[arg(long, value_enum, default_value_t = EntityMode::Raw)]
    entities: EntityMode,
    /// Files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object per input file.
    Jsonl,
    /// Human-readable: entities one per line.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BenchFormat {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EntityMode {
    /// The recognizer's exact output (spaCy en_core_web_sm 3.8).
    Raw,
    /// Refined: structure, document consistency and knowledge applied; spaCy's label kept.
    Refined,
}

impl From<EntityMode> for entity_lens_engine::EntityMode {
    fn from(mode: EntityMode) -> Self {
        match mode {
            EntityMode::Raw => Self::Raw,
            EntityMode::Refined => Self::Refined,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("entity-lens: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(false)` means some inputs failed (already reported).
fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Bench(args) => bench::run(&args),
        Command::Export(args) => export::run(args),
    }
}

fn load_engine() -> Result<Engine> {
    Engine::bundled().context("loading the bundled model")
}

fn analyze(args: AnalyzeArgs) -> Result<bool> {
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
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Files are analyzed in parallel in chunks and printed in input order.
    for chunk in files.chunks(64) {
        let results: Vec<output::FileResult> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| output::FileResult::of(&engine, path, options))
                .collect()
        });
        for result in &results {
            ok &= result.is_ok();
            match args.format {
                Format::Jsonl => result.write_jsonl(&mut out, args.tokens)?,
                Format::Text => result.write_text(&mut out)?,
            }
        }
    }
    out.flush()?;
    Ok(ok)
}

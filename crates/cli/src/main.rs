//! `entity-lens`: run the engine over article files and folders.
//!
//! ```text
//! entity-lens analyze [--raw] [--format jsonl|text] [--entities refined|raw] [--tokens]
//!                     [--text-column NAME] [--jobs N] <FILE|DIR|->...
//! entity-lens bench [--format json|text] [--entities raw|refined] <FILE|DIR>...
//! entity-lens export --format FORMAT --out PATH [--raw] [--entities refined|raw]
//!                    [--scope sentence|paragraph|article] [--text-column NAME] <FILE|DIR|->...
//! ```
//!
//! Every input goes through the engine's intake: a news-database export gives one result per
//! article, a table (`.csv`, `.tsv`, `.jsonl`) one per row, `-` reads JSON lines
//! (`{"id", "text", ...}`) from standard input. Articles are analysed in parallel with at most
//! two per worker thread in memory, and written in input order.

mod bench;
mod export;
mod inputs;
mod output;
mod stream;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use entity_lens_engine::intake::IntakeOptions;
use entity_lens_engine::{Engine, Options};

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
    /// Read, clean (unless --raw) and recognize entities in articles: files (a news-database
    /// export or a table gives one result per article), directories (walked recursively for
    /// `.txt`, `.html`, `.csv`, `.tsv`, `.jsonl` files), `-` for JSON lines on standard input.
    /// One result per article, in input order; errors are reported per article.
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Also print every token's code-point span.
    #[arg(long)]
    tokens: bool,
    #[command(flatten)]
    reading: Reading,
}

/// How articles are read and analysed: the options `analyze` and `export` share.
#[derive(Debug, clap::Args)]
struct Reading {
    /// Skip cleanup: recognize on the whole decoded file (spaCy's exact output).
    #[arg(long)]
    raw: bool,
    /// Entities: `refined` (default; spaCy's label kept beside it as `raw_label`) or `raw`
    /// (spaCy's exact output, which is then the main label).
    #[arg(long, value_enum, default_value_t = EntityMode::Refined)]
    entities: EntityMode,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// The text column of tables (`.csv`, `.tsv`, JSON lines); by default the first column
    /// named text, body, content, article, full_text, ...
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// Files, directories (walked recursively for `.txt`, `.html`, `.csv`, `.tsv`, `.jsonl`
    /// files) or `-` for JSON lines on standard input. An export or a table gives one article
    /// per document or row, named `file#part2` / `file#row3`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

impl Reading {
    fn options(&self) -> Options {
        Options {
            clean: !self.raw,
            entities: self.entities.into(),
        }
    }

    /// Reads every article of the inputs through the engine's intake and analyses them in
    /// parallel, handing each outcome to `each` in input order. `Ok(false)` when an input could
    /// not be read (reported on stderr); the others are still analysed.
    fn each_article(
        &self,
        engine: &Engine,
        each: impl FnMut(output::Outcome) -> Result<()> + Send,
    ) -> Result<bool> {
        let options = self.options();
        let intake = IntakeOptions {
            text_column: self.text_column.clone(),
        };
        let (files, walked) = inputs::collect(&self.paths, inputs::ARTICLE_EXTENSIONS);
        stream::ordered(
            inputs::articles(&files, &intake),
            threads(self.jobs),
            |article| output::Outcome::of(engine, article, options),
            each,
        )?;
        Ok(walked)
    }
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
    /// One JSON object per article.
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

/// Worker threads: `--jobs`, or all cores.
fn threads(jobs: Option<usize>) -> usize {
    jobs.filter(|&n| n > 0).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    })
}

fn analyze(args: AnalyzeArgs) -> Result<bool> {
    let engine = load_engine()?;
    let options = args.reading.options();
    let mut ok = true;
    // Written from the output thread: the unlocked handle (a lock guard cannot move threads).
    let mut out = BufWriter::new(io::stdout());
    let walked = args.reading.each_article(&engine, |outcome| {
        ok &= outcome.is_ok();
        match args.format {
            Format::Jsonl => outcome.write_jsonl(&mut out, options, args.tokens),
            Format::Text => outcome.write_text(&mut out),
        }
    })?;
    out.flush()?;
    Ok(ok && walked)
}

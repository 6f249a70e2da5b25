//! `entity-lens export`: analyze files, group their mentions into entities and write the corpus
//! in one of the engine's export formats (the same bytes the page downloads).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;
use entity_lens_engine::export::{self, Corpus, Format, Settings};
use entity_lens_engine::group::{self, Doc, Scope};
use entity_lens_engine::intake::IntakeOptions;
use entity_lens_engine::{Document, Options};

use crate::output::Outcome;
use crate::{inputs, load_engine, stream, threads, EntityMode};

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
    /// The text column of tables (`.csv`, `.tsv`, JSON lines); by default the first column
    /// named text, body, content, article, full_text, ...
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// Files, directories (walked recursively for `.txt`, `.html`, `.csv`, `.tsv`, `.jsonl`
    /// files) or `-` for JSON lines on standard input. An export or a table gives one article
    /// per document or row, named `file#part2` / `file#row3` in every format.
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
    let intake = IntakeOptions {
        text_column: args.text_column.clone(),
    };
    let (files, walked) = inputs::collect(&args.paths, inputs::ARTICLE_EXTENSIONS);
    let engine = load_engine()?;
    let mut ok = walked;
    // In parallel, in input order. Grouping needs every article, so the documents are kept;
    // the inputs are still read one article at a time.
    let mut analyzed: Vec<(String, Document)> = Vec::new();
    stream::ordered(
        inputs::articles(&files, &intake),
        threads(args.jobs),
        |article| Outcome::of(&engine, article, options),
        |outcome| {
            let name = outcome.name();
            match outcome {
                Outcome::Analyzed { document, .. } => analyzed.push((name, *document)),
                Outcome::Failed(failure) => {
                    eprintln!("entity-lens: {name}: {}", failure.message);
                    ok = false;
                }
            }
            Ok(())
        },
    )?;
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

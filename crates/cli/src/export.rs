//! `entity-lens export`: analyze files, group their mentions into entities and write the corpus
//! in one of the engine's export formats (the same bytes the page downloads).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;
use entity_lens_engine::export::{self, Corpus, Format, Settings};
use entity_lens_engine::group::{self, Doc, Scope};
use entity_lens_engine::Document;

use crate::output::Outcome;
use crate::{load_engine, Reading};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Export format: spacy-jsonl, mentions-csv, entities-csv, graphml, gexf, brat (a zip),
    /// conll, web-annotation or html.
    #[arg(long, value_parser = parse_format)]
    format: Format,
    /// Output file (`-` for standard output).
    #[arg(long)]
    out: PathBuf,
    /// Co-occurrence scope of the network formats (graphml, gexf).
    #[arg(long, value_enum, default_value_t = ScopeArg::Sentence)]
    scope: ScopeArg,
    #[command(flatten)]
    reading: Reading,
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
    let engine = load_engine()?;
    let mut ok = true;
    // Grouping needs every article, so the documents are kept; the inputs are still read one
    // article at a time.
    let mut analyzed: Vec<(String, Document)> = Vec::new();
    let walked = args.reading.each_article(&engine, |outcome| {
        let name = outcome.name();
        match outcome {
            Outcome::Analyzed { document, .. } => analyzed.push((name, *document)),
            Outcome::Failed(failure) => {
                eprintln!("entity-lens: {name}: {}", failure.message);
                ok = false;
            }
        }
        Ok(())
    })?;
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
        view: args.reading.entities.into(),
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
    Ok(ok && walked)
}

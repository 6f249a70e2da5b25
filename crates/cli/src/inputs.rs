//! Turning command-line paths into the articles to analyze, one at a time.
//!
//! Files are read whole and split by the engine's intake ([`intake::items`]: exports into their
//! articles, tables into rows), lazily; `-` is standard input, read as JSON lines
//! (`{"id", "text", ...}`) one line at a time.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use entity_lens_engine::intake::{self, IntakeOptions, Item, JsonLines, Provenance};
use walkdir::WalkDir;

/// Extensions taken from directories (named files are taken whatever their extension).
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "csv", "tsv", "jsonl", "ndjson",
];

/// Expands files and directories (recursively, files with one of `extensions`, sorted) into
/// files; `-` (standard input) is kept as it is. Returns the files and whether every path could
/// be walked; problems are reported on stderr.
pub fn collect(paths: &[PathBuf], extensions: &[&str]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut ok = true;
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in WalkDir::new(path).follow_links(true) {
                match entry {
                    Ok(entry)
                        if entry.file_type().is_file() && has_ext(entry.path(), extensions) =>
                    {
                        found.push(entry.into_path())
                    }
                    Ok(_) => {}
                    Err(err) => {
                        eprintln!("entity-lens: {err}");
                        ok = false;
                    }
                }
            }
            found.sort();
            files.extend(found);
        } else {
            // Named files are taken whatever their extension; a missing one is reported per file.
            files.push(path.clone());
        }
    }
    (files, ok)
}

fn has_ext(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| extensions.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Whether `path` is standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// An article that could not be read (or analysed), with where it came from.
#[derive(Debug)]
pub struct Failure {
    /// The input as given.
    pub path: String,
    pub provenance: Provenance,
    pub message: String,
}

/// One article of the inputs, or why it could not be read.
pub enum Article {
    Item { path: String, item: Box<Item> },
    Failed(Failure),
}

/// Every article of `files`, in order: each file's articles in file order.
pub fn articles<'a>(
    files: &'a [PathBuf],
    options: &'a IntakeOptions,
) -> impl Iterator<Item = Article> + 'a {
    files
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Article> + 'a> {
            let name = path.display().to_string();
            if is_stdin(path) {
                return Box::new(stdin_lines(name, options));
            }
            match std::fs::read(path) {
                Err(err) => Box::new(std::iter::once(Article::Failed(Failure {
                    provenance: Provenance::file(&name),
                    message: format!("cannot read the file: {err}"),
                    path: name,
                }))),
                Ok(bytes) => {
                    let items = intake::items(&name, &bytes, options);
                    Box::new(items.map(move |result| match result {
                        Ok(item) => Article::Item {
                            path: name.clone(),
                            item: Box::new(item),
                        },
                        Err(err) => Article::Failed(Failure {
                            provenance: err.provenance(&name),
                            message: err.to_string(),
                            path: name.clone(),
                        }),
                    }))
                }
            }
        })
}

/// JSON lines from standard input, read one line at a time.
fn stdin_lines(name: String, options: &IntakeOptions) -> impl Iterator<Item = Article> {
    let mut reader = JsonLines::new(&name, options);
    let mut input = std::io::BufReader::new(std::io::stdin());
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        buf.clear();
        let failed = |line_no: usize, message: String| {
            Article::Failed(Failure {
                path: name.clone(),
                provenance: Provenance {
                    row: Some(line_no),
                    ..Provenance::file(&name)
                },
                message,
            })
        };
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {
                line_no += 1;
                let line = match std::str::from_utf8(&buf) {
                    Ok(line) => line,
                    Err(_) => {
                        return Some(failed(line_no, format!("row {line_no}: not UTF-8 text")))
                    }
                };
                match reader.line(line_no, line) {
                    // A blank line; or, after a file-level error, nothing more is read.
                    None if reader.failed() => return None,
                    None => continue,
                    Some(Ok(item)) => {
                        return Some(Article::Item {
                            path: name.clone(),
                            item: Box::new(item),
                        })
                    }
                    Some(Err(err)) => {
                        return Some(Article::Failed(Failure {
                            provenance: err.provenance(&name),
                            message: err.to_string(),
                            path: name.clone(),
                        }))
                    }
                }
            }
            Err(err) => {
                done = true;
                return Some(failed(
                    line_no + 1,
                    format!("cannot read standard input: {err}"),
                ));
            }
        }
    })
}

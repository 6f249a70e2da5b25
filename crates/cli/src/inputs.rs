//! Turning command-line paths into the list of files to analyze.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Expands files and directories (recursively, `.txt` files only, sorted) into files.
/// Returns the files and whether every path could be walked; problems are reported on stderr.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut ok = true;
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in WalkDir::new(path).follow_links(true) {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_txt(entry.path()) => {
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

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

//! `brat`: a zip of brat standoff files, `NAME.txt` (the article text, UTF-8) and `NAME.ann` per
//! article, plus an `annotation.conf` declaring the labels.
//!
//! Each mention of the view is a text-bound annotation `T1<TAB>PERSON 4 17<TAB>Angela Merkel`
//! (code-point offsets, as brat counts them); a mention across a line break is written as
//! fragments (`0 3;4 15`) joined by a space in the text field, as brat requires. An
//! `AnnotatorNotes` line after it keeps what brat has no column for: spaCy's label (or the
//! refined one in the raw view) and the entity (`#1<TAB>AnnotatorNotes T1<TAB>spaCy: GPE;
//! entity: E3 Paris`). NAME is the file's name without `.txt`, reduced to letters, digits,
//! `-`, `_` and `.`, made unique (case-insensitively) with `-2`, `-3`, ...

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{Corpus, ExportError, Item, Settings};
use crate::pipeline::EntityMode;
use crate::recognize::Label;

/// Writes the `brat` export (a zip archive).
pub fn write(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("annotation.conf", options)?;
    zip.write_all(annotation_conf().as_bytes())?;
    let mut taken = HashSet::new();
    for (d, doc) in corpus.docs.iter().enumerate() {
        let name = unique_name(doc.name, &mut taken);
        let text = &doc.document.article.text;
        zip.start_file(format!("{name}.txt"), options)?;
        zip.write_all(text.as_bytes())?;
        zip.start_file(format!("{name}.ann"), options)?;
        zip.write_all(ann(&corpus.view(d, settings.view), settings.view).as_bytes())?;
    }
    let bytes = zip.finish()?.into_inner();
    out.write_all(&bytes)?;
    Ok(())
}

/// The collection's configuration: every label as an entity type, no relations or events.
fn annotation_conf() -> String {
    let mut conf = String::from("[entities]\n");
    for label in Label::ALL {
        conf.push_str(label.as_str());
        conf.push('\n');
    }
    conf.push_str("[relations]\n\n[events]\n\n[attributes]\n");
    conf
}

/// The `.ann` file of one article's view.
pub(crate) fn ann(items: &[Item<'_>], view: EntityMode) -> String {
    let mut ann = String::new();
    for (n, item) in items.iter().enumerate() {
        let Some(label) = item.label else { continue };
        let n = n + 1;
        let fragments = fragments(item);
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(start, end, _)| format!("{start} {end}"))
            .collect();
        let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| *t).collect();
        // Writing to a String cannot fail.
        let _ = writeln!(
            ann,
            "T{n}\t{} {}\t{}",
            label.as_str(),
            offsets.join(";"),
            texts.join(" ")
        );
        let other = match view {
            EntityMode::Refined => ("spaCy", item.mention.raw_label),
            EntityMode::Raw => ("refined", item.mention.label),
        };
        let mut note = format!("{}: {}", other.0, other.1.map_or("none", Label::as_str));
        if let Some(entity) = item.entity {
            let _ = write!(note, "; entity: {} {}", entity.id, entity.name);
        }
        let note: String = note
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(ann, "#{n}\tAnnotatorNotes T{n}\t{note}");
    }
    ann
}

/// The mention cut at line breaks: (start, end, text) per non-empty piece, code points.
fn fragments<'a>(item: &Item<'a>) -> Vec<(usize, usize, &'a str)> {
    let mut pieces = Vec::new();
    let mut at = item.span().char.start;
    for piece in item.text.split(['\n', '\r']) {
        let len = piece.chars().count();
        if len > 0 {
            pieces.push((at, at + len, piece));
        }
        at += len + 1;
    }
    pieces
}

/// A file name for `path`'s article, unique in `taken` (compared case-insensitively).
fn unique_name(path: &str, taken: &mut HashSet<String>) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match file.len().checked_sub(4) {
        Some(cut) if file.is_char_boundary(cut) && file[cut..].eq_ignore_ascii_case(".txt") => {
            &file[..cut]
        }
        _ => file,
    };
    let mut base: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if base.trim_matches('.').is_empty() {
        base = "article".to_owned();
    }
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.to_lowercase()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::super::fixture::Fixture;
    use super::*;

    fn read_zip(bytes: Vec<u8>) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                (file.name().unwrap().into_owned(), text)
            })
            .collect()
    }

    #[test]
    fn a_txt_and_an_ann_per_article_whose_offsets_slice_the_text() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), Settings::default(), &mut out).unwrap();
        let files = read_zip(out);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "annotation.conf",
                "first__1_.txt",
                "first__1_.ann",
                "second___2_.txt",
                "second___2_.ann"
            ]
        );
        assert_eq!(files[1].1, fixture.documents[0].article.text);
        let text: Vec<char> = files[1].1.chars().collect();
        let mut count = 0;
        for line in files[2].1.lines().filter(|l| l.starts_with('T')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (label, offsets) = cols[1].split_once(' ').unwrap();
            assert!(Label::from_name(label).is_some());
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|o| {
                    let (s, e) = o.split_once(' ').unwrap();
                    text[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                        .iter()
                        .collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), cols[2]);
            count += 1;
        }
        assert_eq!(count, 9);
        assert!(files[2].1.contains("\tZoe\u{301} O'Neil\n"));
        assert!(files[2]
            .1
            .contains("AnnotatorNotes T4\tspaCy: PERSON; entity: E4 France\n"));
        assert!(files[2]
            .1
            .contains("\tspaCy: none; entity: E2 Emmanuel Macron\n"));
    }

    #[test]
    fn a_mention_across_a_line_break_becomes_fragments() {
        let fixture = Fixture::new();
        let corpus = fixture.corpus();
        let ann = ann(&corpus.view(1, EntityMode::Raw), EntityMode::Raw);
        let line = ann.lines().find(|l| l.contains("FAC")).unwrap();
        // "the\nWhite House" at 42..57 → "the" and "White House".
        let start = super::super::fixture::find(super::super::fixture::TEXT_1, "the\nWhite", 0)
            .char
            .start;
        assert_eq!(
            line,
            format!(
                "T4\tFAC {} {};{} {}\tthe White House",
                start,
                start + 3,
                start + 4,
                start + 15
            )
        );
        assert!(ann.contains("AnnotatorNotes T4\trefined: none\n"));
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique_name("a/b/Story.TXT", &mut taken), "Story");
        assert_eq!(unique_name("c\\story.txt", &mut taken), "story-2");
        assert_eq!(unique_name("../..", &mut taken), "article");
        assert_eq!(unique_name("x/café ü.txt", &mut taken), "café_ü");
        assert_eq!(unique_name("😀.txt", &mut taken), "_");
    }
}

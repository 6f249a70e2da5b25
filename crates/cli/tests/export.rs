//! `entity-lens export` end to end: real files in a temporary folder, the real model and
//! grouping; every format written, read back and checked against the text it came from.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const FORMATS: [&str; 9] = [
    "spacy-jsonl",
    "mentions-csv",
    "entities-csv",
    "graphml",
    "gexf",
    "brat",
    "conll",
    "web-annotation",
    "html",
];

const STORY: &str = "Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n\
    Merkel said the European Union will spend $2 billion on the plan.\n";
/// Multi-byte characters (emoji, combining mark, euro sign) before the entities, and text
/// that markup and CSV must escape.
const OTHER: &str = "😀 Zoe\u{301} <b>&amp; \"quoted\", €5\n\n\
    Antony Blinken visited Berlin with Angela Merkel on Friday, officials said.\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_entity-lens"))
}

/// A fresh folder under the target dir (removed first), unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a-story.txt"), STORY).unwrap();
    std::fs::write(dir.join("in/b-other.txt"), OTHER).unwrap();
    dir
}

fn export(dir: &Path, format: &str, extra: &[&str]) -> (Output, Vec<u8>) {
    let out = dir.join(format!("out-{format}"));
    let output = bin()
        .args(["export", "--format", format, "--out"])
        .arg(&out)
        .args(extra)
        .arg(dir.join("in"))
        .output()
        .unwrap();
    let bytes = std::fs::read(&out).unwrap_or_default();
    (output, bytes)
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let body = bytes
        .strip_prefix("\u{FEFF}".as_bytes())
        .expect("UTF-8 byte-order mark");
    csv::Reader::from_reader(body)
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn slice(text: &str, start: &Value, end: &Value) -> String {
    let (start, end) = (start.as_u64().unwrap(), end.as_u64().unwrap());
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn every_format_is_written_and_names_both_articles() {
    let dir = scratch("all");
    for format in FORMATS {
        let (output, bytes) = export(&dir, format, &[]);
        ok(&output);
        assert!(!bytes.is_empty(), "{format}");
        if format == "brat" {
            assert!(bytes.starts_with(b"PK\x03\x04"), "a zip archive");
        } else {
            let text = String::from_utf8(bytes).unwrap();
            if !matches!(format, "entities-csv" | "graphml" | "gexf" | "conll") {
                assert!(text.contains("Angela Merkel"), "{format}");
                assert!(text.contains("Blinken"), "{format}");
            }
        }
    }
}

#[test]
fn spacy_jsonl_ents_slice_the_text_and_match_analyze() {
    let dir = scratch("spacy");
    let (output, bytes) = export(&dir, "spacy-jsonl", &["--raw", "--entities", "raw"]);
    ok(&output);
    let lines = jsonl(&bytes);
    assert_eq!(lines.len(), 2);
    // The same file analyzed with `analyze` gives the same entities (one engine, two commands).
    let analyzed = bin()
        .args(["analyze", "--raw", "--entities", "raw", "--format", "jsonl"])
        .arg(dir.join("in"))
        .output()
        .unwrap();
    ok(&analyzed);
    let analyzed = jsonl(&analyzed.stdout);
    for (line, record) in lines.iter().zip(&analyzed) {
        let text = line["text"].as_str().unwrap();
        assert_eq!(text, record["text"].as_str().unwrap());
        assert_eq!(line["meta"]["file"], record["path"]);
        assert_eq!(line["meta"]["view"], "raw");
        let ents: Vec<(u64, u64, String)> = line["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap(),
                    e["end"].as_u64().unwrap(),
                    e["label"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(u64, u64, String)> = record["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap(),
                    e["end"].as_u64().unwrap(),
                    e["label"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(ents, want);
        for e in line["ents"].as_array().unwrap() {
            let mention = slice(text, &e["start"], &e["end"]);
            assert!(
                !mention.is_empty() && mention.trim() == mention,
                "{mention:?}"
            );
        }
        assert_eq!(
            line["tokens"].as_array().unwrap().len(),
            line["tokens"].as_array().unwrap().last().unwrap()["id"]
                .as_u64()
                .unwrap() as usize
                + 1
        );
    }
    let other = &lines[1];
    let text = other["text"].as_str().unwrap();
    assert!(text.starts_with("😀 Zoe\u{301}"));
    let blinken = other["ents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "PERSON" && slice(text, &e["start"], &e["end"]) == "Antony Blinken")
        .expect("Antony Blinken as PERSON");
    assert!(blinken["entity_id"].as_str().is_some());
}

#[test]
fn csv_mentions_link_to_entities() {
    let dir = scratch("csv");
    let (output, mentions) = export(&dir, "mentions-csv", &[]);
    ok(&output);
    let (output, entities) = export(&dir, "entities-csv", &[]);
    ok(&output);
    assert!(mentions.windows(2).any(|w| w == b"\r\n"), "CRLF records");
    let mentions = csv_rows(&mentions);
    let entities = csv_rows(&entities);
    assert!(!mentions.is_empty() && !entities.is_empty());
    let id_of = |text: &str| -> String {
        mentions
            .iter()
            .find(|r| &r[5] == text)
            .unwrap_or_else(|| panic!("no mention {text:?}"))[6]
            .to_owned()
    };
    // A surname joins the full name seen in the same article; the entity lists both forms.
    let merkel = id_of("Angela Merkel");
    assert!(!merkel.is_empty());
    assert_eq!(id_of("Merkel"), merkel);
    let row = entities.iter().find(|r| r[0] == *merkel).unwrap();
    assert_eq!(&row[1], "Angela Merkel");
    assert_eq!(&row[2], "PERSON");
    assert!(row[3].split('|').any(|a| a == "Merkel"), "{row:?}");
    // Across articles: three mentions in two articles.
    assert_eq!((&row[4], &row[5]), ("3", "2"));
    // Offsets are code points into the article text (cleaned: the spacy-jsonl `text`).
    let (output, spacy) = export(&dir, "spacy-jsonl", &[]);
    ok(&output);
    let articles = jsonl(&spacy);
    for r in &mentions {
        let article = articles.iter().find(|a| a["meta"]["file"] == r[0]).unwrap();
        let text: String = article["text"]
            .as_str()
            .unwrap()
            .chars()
            .skip(r[1].parse().unwrap())
            .take(r[2].parse::<usize>().unwrap() - r[1].parse::<usize>().unwrap())
            .collect();
        assert_eq!(text, &r[5], "{r:?}");
        assert!(r[7].contains(&r[5]), "{r:?}");
        if !r[6].is_empty() {
            assert!(entities.iter().any(|e| e[0] == r[6]), "{r:?}");
        }
    }
}

#[test]
fn networks_follow_the_scope() {
    let dir = scratch("network");
    let (output, sentence) = export(&dir, "graphml", &["--scope", "sentence"]);
    ok(&output);
    let (output, article) = export(&dir, "graphml", &["--scope", "article"]);
    ok(&output);
    let (sentence, article) = (
        String::from_utf8(sentence).unwrap(),
        String::from_utf8(article).unwrap(),
    );
    assert!(sentence.contains(">sentence</data>") && article.contains(">article</data>"));
    // A whole article links more pairs than its sentences do.
    assert!(article.matches("<edge ").count() > sentence.matches("<edge ").count());
    assert!(sentence.contains(">Emmanuel Macron</data>"));
    let (output, gexf) = export(&dir, "gexf", &["--scope", "article"]);
    ok(&output);
    let gexf = String::from_utf8(gexf).unwrap();
    assert_eq!(
        gexf.matches("<edge ").count(),
        article.matches("<edge ").count()
    );
}

#[test]
fn brat_offsets_slice_each_text() {
    let dir = scratch("brat");
    let (output, bytes) = export(&dir, "brat", &[]);
    ok(&output);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the archive"))
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let mut annotations = 0;
    for name in ["a-story", "b-other"] {
        let text: Vec<char> = read(&format!("{name}.txt")).chars().collect();
        let ann = read(&format!("{name}.ann"));
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (_, offsets) = cols[1].split_once(' ').unwrap();
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|o| {
                    let (s, e) = o.split_once(' ').unwrap();
                    let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                    text[s..e].iter().collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), cols[2], "{name}: {line}");
            annotations += 1;
        }
    }
    assert!(annotations >= 6, "{annotations}");
    assert!(read("annotation.conf").contains("[entities]\nORG\n"));
}

#[test]
fn conll_and_web_annotation_and_html_agree_with_spacy_jsonl() {
    let dir = scratch("agree");
    // Without cleanup, so that the whole file (and its markup-like text) is in every export.
    let raw = ["--raw"];
    let (output, spacy) = export(&dir, "spacy-jsonl", &raw);
    ok(&output);
    let ents: usize = jsonl(&spacy)
        .iter()
        .map(|l| l["ents"].as_array().unwrap().len())
        .sum();
    let (output, conll) = export(&dir, "conll", &raw);
    ok(&output);
    let conll = String::from_utf8(conll).unwrap();
    assert_eq!(conll.matches("-DOCSTART- -X- O O\n").count(), 2);
    let b_tags = conll
        .lines()
        .filter(|l| l.rsplit(' ').next().is_some_and(|t| t.starts_with("B-")))
        .count();
    assert_eq!(b_tags, ents);
    let (output, anno) = export(&dir, "web-annotation", &raw);
    ok(&output);
    let anno: Value = serde_json::from_slice(&anno).unwrap();
    assert_eq!(anno["first"]["items"].as_array().unwrap().len(), ents);
    let (output, html) = export(&dir, "html", &raw);
    ok(&output);
    let html = String::from_utf8(html).unwrap();
    assert_eq!(html.matches("<mark class=\"entity\"").count(), ents);
    assert!(html.contains("&lt;b&gt;&amp;amp; &quot;quoted&quot;"));
    assert!(!html.contains("<b>") && !html.to_lowercase().contains("<script"));
}

#[test]
fn bad_files_are_reported_and_the_others_exported() {
    let dir = scratch("bad");
    std::fs::write(
        dir.join("in/c-binary.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::write(dir.join("in/d-empty.txt"), "").unwrap();
    let (output, bytes) = export(&dir, "spacy-jsonl", &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("c-binary.txt") && stderr.contains("d-empty.txt"),
        "{stderr}"
    );
    assert_eq!(jsonl(&bytes).len(), 2, "the good files are still exported");
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = scratch("usage");
    let (output, _) = export(&dir, "xlsx", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("spacy-jsonl") && stderr.contains("web-annotation"),
        "{stderr}"
    );
    let output = bin()
        .args(["export", "--format", "html", "--out"])
        .arg(dir.join("no/such/dir/out.html"))
        .arg(dir.join("in"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("out.html"));
}

#[test]
fn output_is_the_same_whatever_the_threads_and_to_stdout() {
    let dir = scratch("stable");
    for format in ["brat", "mentions-csv", "gexf"] {
        let (output, one) = export(&dir, format, &["--jobs", "1"]);
        ok(&output);
        let (output, two) = export(&dir, format, &["--jobs", "3"]);
        ok(&output);
        assert_eq!(one, two, "{format}");
        let stdout = bin()
            .args(["export", "--format", format, "--out", "-", "--jobs", "2"])
            .arg(dir.join("in"))
            .output()
            .unwrap();
        ok(&stdout);
        assert_eq!(stdout.stdout, one, "{format} on stdout");
    }
}

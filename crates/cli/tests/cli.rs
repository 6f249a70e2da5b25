//! The `entity-lens` binary end to end: real files in a temporary folder, real model.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_entity-lens"))
}

/// A fresh folder under the target dir (removed first), unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn by_name<'a>(results: &'a [Value], name: &str) -> &'a Value {
    results
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no result for {name}"))
}

const STORY: &str = "Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n\
    The European Union will spend $2 billion on the plan, officials said.\n";

#[test]
fn raw_jsonl_reports_entities_with_code_point_offsets() {
    let dir = scratch("raw");
    // Multi-byte characters before the entities make byte and code-point offsets differ.
    let text = format!("€€ 😀 café\r\n{STORY}");
    std::fs::write(dir.join("story.txt"), &text).unwrap();
    let output = bin()
        .args(["analyze", "--raw", "--entities", "raw", "--format", "jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results = lines(&output);
    assert_eq!(results.len(), 1);
    let doc = &results[0];
    assert_eq!(doc["text"].as_str().unwrap(), text);
    let chars: Vec<char> = text.chars().collect();
    let ents = doc["ents"].as_array().unwrap();
    let mut labels = Vec::new();
    for ent in ents {
        let (start, end) = (
            ent["start"].as_u64().unwrap() as usize,
            ent["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, ent["text"].as_str().unwrap());
        labels.push((
            ent["text"].as_str().unwrap().to_owned(),
            ent["label"].as_str().unwrap().to_owned(),
        ));
    }
    for (text, label) in [
        ("Angela Merkel", "PERSON"),
        ("Paris", "GPE"),
        ("Tuesday", "DATE"),
    ] {
        assert!(
            labels.iter().any(|(t, l)| t == text && l == label),
            "{text}/{label} missing from {labels:?}"
        );
    }
    // Sentences tile the non-space text in order.
    let sents = doc["sents"].as_array().unwrap();
    assert!(sents.len() >= 2, "{sents:?}");
    let mut last = 0;
    for s in sents {
        let (a, b) = (s[0].as_u64().unwrap(), s[1].as_u64().unwrap());
        assert!(a >= last && b > a);
        last = b;
    }
}

#[test]
fn bad_files_are_reported_and_the_others_still_processed() {
    let dir = scratch("bad");
    std::fs::write(dir.join("a-good.txt"), STORY).unwrap();
    std::fs::write(dir.join("b-empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("c-binary.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/d-nested.txt"), STORY).unwrap();
    std::fs::write(dir.join("sub/ignored.md"), STORY).unwrap();
    let missing = dir.join("missing.txt");
    let output = bin()
        .args(["analyze", "--raw", "--entities", "raw", "--format", "jsonl"])
        .arg(&dir)
        .arg(&missing)
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "a bad file must make the exit code non-zero"
    );
    let results = lines(&output);
    assert_eq!(results.len(), 5, "{results:#?}");
    for name in ["a-good.txt", "sub/d-nested.txt"] {
        let doc = by_name(&results, name);
        assert!(doc.get("error").is_none());
        assert!(!doc["ents"].as_array().unwrap().is_empty());
    }
    for name in ["b-empty.txt", "c-binary.txt", "missing.txt"] {
        let error = by_name(&results, name)["error"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(!error.is_empty());
    }
    assert!(by_name(&results, "b-empty.txt")["error"]
        .as_str()
        .unwrap()
        .contains("empty"));
    let png = by_name(&results, "c-binary.txt")["error"].as_str().unwrap();
    assert!(png.contains("PNG") && png.contains("not text"), "{png}");
}

#[test]
fn cleaned_output_has_article_fields() {
    let dir = scratch("clean");
    std::fs::write(dir.join("story.txt"), STORY).unwrap();
    let output = bin()
        .args(["analyze", "--format", "jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(output.status.success());
    let doc = &lines(&output)[0];
    for key in [
        "title",
        "date",
        "source",
        "dateline",
        "byline",
        "text",
        "paragraphs",
        "ents",
        "removed",
    ] {
        assert!(doc.get(key).is_some(), "missing {key} in {doc}");
    }
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for p in doc["paragraphs"].as_array().unwrap() {
        let (a, b) = (
            p[0].as_u64().unwrap() as usize,
            p[1].as_u64().unwrap() as usize,
        );
        assert!(a <= b && b <= text.len());
    }
}

#[test]
fn windows_1252_and_utf16_files_are_decoded() {
    let dir = scratch("enc");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in STORY.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    // “Angela Merkel” … in Windows-1252 curly quotes.
    let mut cp1252 = b"\x93Angela Merkel\x94 said the plan costs \x80 2 billion. ".to_vec();
    cp1252.extend_from_slice(STORY.as_bytes());
    std::fs::write(dir.join("cp1252.txt"), cp1252).unwrap();
    let output = bin()
        .args(["analyze", "--raw", "--entities", "raw", "--format", "jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let results = lines(&output);
    assert_eq!(
        by_name(&results, "utf16.txt")["text"].as_str().unwrap(),
        STORY
    );
    assert!(by_name(&results, "cp1252.txt")["text"]
        .as_str()
        .unwrap()
        .starts_with("“Angela Merkel” said the plan costs € 2"));
}

#[test]
fn bench_prints_words_per_second() {
    let dir = scratch("bench");
    std::fs::write(dir.join("story.txt"), STORY).unwrap();
    let output = bin()
        .args(["bench", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["words"].as_u64().unwrap(),
        STORY.split_whitespace().count() as u64
    );
    assert!(report["words_per_second"].as_f64().unwrap() > 0.0);
    assert!(report["artifact_bytes"].as_u64().unwrap() > 1_000_000);
}

//! Every input through the engine's intake, end to end: JSON lines on standard input, tables,
//! news-database exports split into articles, provenance in the records and the exports,
//! output order = input order whatever the threads.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_entity-lens"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("intake-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn engine_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/fixtures/intake")
        .join(name)
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn json_lines_on_stdin_keep_ids_and_rows_and_report_a_bad_row() {
    let input = "{\"id\": \"a\", \"text\": \"Angela Merkel met Emmanuel Macron in Paris.\"}\n\
                 {\"id\": \"b\", \"text\": \"\"}\n\
                 {\"id\": \"c\", \"text\": \"Boris Johnson flew to Berlin.\", \"title\": \"Trip\"}\n";
    let output = with_stdin(&["analyze", "-"], input);
    assert_eq!(output.status.code(), Some(1), "one bad row: exit 1");
    let recs = records(&output);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["file"], "-");
    assert_eq!(recs[0]["row"], 1);
    assert_eq!(recs[0]["id"], "a");
    let ents: Vec<&str> = recs[0]["ents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(ents.contains(&"Angela Merkel"), "{ents:?}");
    assert_eq!(recs[1]["row"], 2);
    assert!(recs[1]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(recs[2]["row"], 3);
    assert_eq!(recs[2]["id"], "c");
    assert_eq!(recs[2]["title"], "Trip");
}

#[test]
fn csv_with_bom_and_quoted_newlines_gives_a_record_per_row() {
    let dir = scratch("csv");
    let csv = "\u{feff}title,text\r\n\
               First,\"Angela Merkel spoke in Berlin.\r\n\r\nShe left on Friday.\"\r\n\
               Bad,\"\"\r\n\
               Third,Emmanuel Macron visited Lyon.\r\n";
    std::fs::write(dir.join("corpus.csv"), csv).unwrap();
    let output = bin()
        .args(["analyze"])
        .arg(dir.join("corpus.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let recs = records(&output);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["row"], 1);
    assert_eq!(recs[0]["title"], "First");
    assert_eq!(
        recs[0]["text"],
        "Angela Merkel spoke in Berlin.\n\nShe left on Friday."
    );
    assert_eq!(recs[0]["paragraphs"].as_array().unwrap().len(), 2);
    assert!(recs[1]["error"].as_str().unwrap().contains("row 2"));
    assert_eq!(recs[1]["row"], 2);
    assert_eq!(recs[2]["row"], 3);
    assert!(recs[2].get("error").is_none());
}

#[test]
fn the_text_column_can_be_chosen() {
    let dir = scratch("column");
    std::fs::write(dir.join("t.csv"), "headline,copy\nA,Paris is calm.\n").unwrap();
    let output = bin()
        .arg("analyze")
        .arg(dir.join("t.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = records(&output)[0]["error"].as_str().unwrap().to_owned();
    assert!(error.contains("headline, copy"), "{error}");
    let output = bin()
        .args(["analyze", "--text-column", "copy"])
        .arg(dir.join("t.csv"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(records(&output)[0]["text"], "Paris is calm.");
}

#[test]
fn an_export_is_split_and_its_articles_named_in_every_format() {
    let dir = scratch("export");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::copy(engine_fixture("nexis.txt"), dir.join("in/nexis.txt")).unwrap();
    let output = bin()
        .args(["analyze", "--format", "jsonl"])
        .arg(dir.join("in"))
        .output()
        .unwrap();
    let recs = records(&output);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["part"], 1);
    assert_eq!(recs[0]["byline"], "Fiona Mackay");
    assert_eq!(recs[1]["part"], 2);
    assert_eq!(recs[2]["part"], 3);
    assert!(recs[2]["error"].as_str().unwrap().contains("no text"));
    let out = dir.join("mentions.csv");
    let output = bin()
        .args(["export", "--format", "mentions-csv", "--out"])
        .arg(&out)
        .arg(dir.join("in"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "part 3 has no text");
    assert!(String::from_utf8_lossy(&output.stderr).contains("nexis.txt#part3"));
    let bytes = std::fs::read(&out).unwrap();
    let mut files: Vec<String> = csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    files.dedup();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["nexis.txt#part1", "nexis.txt#part2"]);
    let out = dir.join("spacy.jsonl");
    bin()
        .args(["export", "--format", "spacy-jsonl", "--out"])
        .arg(&out)
        .arg(dir.join("in"))
        .output()
        .unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[1]["meta"]["file"]
        .as_str()
        .unwrap()
        .ends_with("nexis.txt#part2"));
    assert_eq!(lines[1]["meta"]["provenance"]["part"], 2);
    assert!(lines[1]["meta"]["provenance"]["file"]
        .as_str()
        .unwrap()
        .ends_with("in/nexis.txt"));
}

#[test]
fn output_order_is_input_order_whatever_the_threads() {
    let dir = scratch("order");
    let cities = [
        "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Lisbon", "Oslo", "Prague",
    ];
    for i in 0..48 {
        // Uneven lengths, so that later files often finish first.
        let city = cities[i % cities.len()];
        let body = format!("The mayor of {city} spoke on Monday. ").repeat(1 + (i * 7) % 23);
        std::fs::write(dir.join(format!("f{i:02}.txt")), body).unwrap();
    }
    std::fs::write(
        dir.join("z.jsonl"),
        "{\"text\": \"Olaf Scholz met Rishi Sunak.\"}\n{\"text\": \"Kyiv was quiet.\"}\n",
    )
    .unwrap();
    let run = |jobs: &str| {
        let output = bin()
            .args(["analyze", "--raw", "--jobs", jobs])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    let one = run("1");
    let four = run("4");
    assert_eq!(one, four);
    let recs: Vec<Value> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 50);
    let names: Vec<String> = recs
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_owned();
            match r.get("row") {
                Some(row) => format!("{name}#{row}"),
                None => name,
            }
        })
        .collect();
    let mut want: Vec<String> = (0..48).map(|i| format!("f{i:02}.txt")).collect();
    want.extend(["z.jsonl#1".to_owned(), "z.jsonl#2".to_owned()]);
    assert_eq!(names, want);
}

//! `mentions-csv` and `entities-csv`: RFC 4180 (comma, `"` quoting where needed, CRLF), UTF-8
//! with a byte-order mark so that Excel reads it as UTF-8; pandas and R read it as it is.
//!
//! * `mentions-csv`: `file,start,end,label,raw_label,text,entity_id,sentence`, one row per
//!   mention of every article, in order. `label` is the view's label (refined by default) and
//!   is empty for a mention the view leaves out (refinement removed it); `raw_label` is spaCy's,
//!   empty for a mention refinement added. `start`/`end` are code points into the article text
//!   (the spacy-jsonl `text`), `sentence` is the text of the sentence the mention starts in.
//! * `entities-csv`: `entity_id,name,label,aliases,mentions,documents`, one row per entity of
//!   the grouping, `aliases` joined by `|`.
//!
//! Values are written exactly as they are (no `'` prefix against spreadsheet formulas), so
//! that the data reads back identical.

use std::io::Write;

use ::csv::{Terminator, WriterBuilder};

use super::{json, sentence_at, Corpus, ExportError, Settings};

/// The byte-order mark opening each CSV file.
pub const BOM: &[u8] = "\u{FEFF}".as_bytes();

fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(out)
}

/// Writes the `mentions-csv` export.
pub fn write_mentions(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    out.write_all(BOM)?;
    let mut csv = writer(out);
    csv.write_record([
        "file",
        "start",
        "end",
        "label",
        "raw_label",
        "text",
        "entity_id",
        "sentence",
    ])?;
    for (d, doc) in corpus.docs.iter().enumerate() {
        let text = doc.document.article.text.as_str();
        for item in corpus.items(d, settings.view) {
            let span = item.span();
            let sentence = sentence_at(doc, span.char.start).map_or("", |s| json::slice(text, s));
            csv.write_record([
                doc.name,
                &span.char.start.to_string(),
                &span.char.end.to_string(),
                item.label.map_or("", |l| l.as_str()),
                item.raw_label(),
                item.text,
                item.entity_id(),
                sentence,
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

/// Writes the `entities-csv` export.
pub fn write_entities(corpus: &Corpus<'_>, out: &mut impl Write) -> Result<(), ExportError> {
    out.write_all(BOM)?;
    let mut csv = writer(out);
    csv.write_record([
        "entity_id",
        "name",
        "label",
        "aliases",
        "mentions",
        "documents",
    ])?;
    for entity in &corpus.grouping.entities {
        csv.write_record([
            entity.id.as_str(),
            &entity.name,
            entity.label.as_str(),
            &entity.aliases.join("|"),
            &entity.mentions.to_string(),
            &entity.documents.to_string(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, Fixture};
    use super::*;
    use crate::pipeline::EntityMode;

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("a byte-order mark first");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| {
                r.expect("a valid record")
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn mentions_read_back_with_commas_quotes_and_line_breaks() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write_mentions(&fixture.corpus(), Settings::default(), &mut out).unwrap();
        let text = std::str::from_utf8(&out).unwrap();
        // RFC 4180: CRLF between records, quotes doubled inside quoted fields.
        assert!(text.contains("entity_id,sentence\r\n"));
        assert!(text.contains("\"\"\"Big, Co\"\"\""), "{text}");
        let rows = read(&out);
        assert_eq!(
            rows[0],
            [
                "file",
                "start",
                "end",
                "label",
                "raw_label",
                "text",
                "entity_id",
                "sentence"
            ]
        );
        let mentions: usize = fixture.documents.iter().map(|d| d.mentions.len()).sum();
        assert_eq!(rows.len(), 1 + mentions);
        for row in &rows[1..] {
            let doc = if row[0].starts_with("dir/") { 0 } else { 1 };
            let text = &fixture.documents[doc].article.text;
            let (start, end): (usize, usize) = (row[1].parse().unwrap(), row[2].parse().unwrap());
            let slice: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(slice, row[5], "code-point offsets slice the text");
            assert!(row[7].contains(&row[5]) || row[5].contains('\n'), "{row:?}");
        }
        let big = rows.iter().find(|r| r[5] == "\"Big, Co\"").unwrap();
        assert_eq!(
            big[1..],
            [
                "28",
                "37",
                "ORG",
                "",
                "\"Big, Co\"",
                "E8",
                "AT&T, \"Big, Co\" and the\nWhite House met.\n"
            ]
        );
        let zoe = rows.iter().find(|r| r[6] == "E6").unwrap();
        // After an emoji (1 code point, 4 bytes), a euro sign and a combining mark.
        let start = fixture::find(fixture::TEXT_0, "Zoe\u{301} O'Neil", 0)
            .char
            .start;
        assert_eq!(zoe[1], start.to_string());
        assert_eq!(zoe[5], "Zoe\u{301} O'Neil");
        // A mention refinement removed: no label in the refined view, spaCy's kept.
        let removed = rows.iter().find(|r| r[5] == "the\nWhite House").unwrap();
        assert_eq!((removed[3].as_str(), removed[4].as_str()), ("", "FAC"));
    }

    #[test]
    fn the_raw_view_puts_spacy_labels_first() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        let settings = Settings {
            view: EntityMode::Raw,
            ..Settings::default()
        };
        write_mentions(&fixture.corpus(), settings, &mut out).unwrap();
        let rows = read(&out);
        let france = rows.iter().find(|r| r[5] == "France").unwrap();
        assert_eq!(
            (france[3].as_str(), france[4].as_str()),
            ("PERSON", "PERSON")
        );
        let added = rows.iter().find(|r| r[5] == "White House").unwrap();
        assert_eq!((added[3].as_str(), added[4].as_str()), ("", ""));
    }

    #[test]
    fn entities_join_aliases_and_escape_fields() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write_entities(&fixture.corpus(), &mut out).unwrap();
        let rows = read(&out);
        assert_eq!(
            rows[0],
            [
                "entity_id",
                "name",
                "label",
                "aliases",
                "mentions",
                "documents"
            ]
        );
        assert_eq!(rows.len(), 1 + fixture.grouping.entities.len());
        assert_eq!(
            rows[1],
            [
                "E1",
                "Angela Merkel",
                "PERSON",
                "Angela Merkel|Merkel",
                "3",
                "2"
            ]
        );
        assert_eq!(rows[5][0], "E<5>&\"'");
        assert_eq!(rows[8][3], "\"Big, Co\"|Big,\nCo");
    }
}

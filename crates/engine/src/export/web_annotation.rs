//! `web-annotation`: the mentions as W3C Web Annotation JSON-LD, an `AnnotationCollection` whose
//! first `AnnotationPage` holds one `Annotation` per mention of the view.
//!
//! Each annotation has `motivation: "tagging"`, a `TextualBody` with `purpose: "tagging"` and the
//! label as value, a second one with `purpose: "identifying"` and the entity's name when the
//! mention belongs to an entity, and a target whose `source` is the article's file name (as an IRI
//! reference, percent-encoded where IRIs forbid a character) with a `TextQuoteSelector` (`exact`,
//! and up to 32 code points of `prefix` and `suffix`) and a `TextPositionSelector` (code-point
//! `start`/`end`, as the model specifies). spaCy's label, the refined one and the entity id are
//! extra terms (`rawLabel`, `refinedLabel`, `entityId`) defined in the context.

use std::io::Write;

use serde_json::{json, Value};

use super::{Corpus, ExportError, Settings};

/// Code points of context on each side in a `TextQuoteSelector`.
pub const CONTEXT: usize = 32;

/// Writes the `web-annotation` export.
pub fn write(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    let mut items = Vec::new();
    for (d, doc) in corpus.docs.iter().enumerate() {
        let text = doc.document.article.text.as_str();
        let source = iri(doc.name);
        for item in corpus.items(d, settings.view) {
            let Some(label) = item.label else { continue };
            let span = item.span();
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "tagging",
                "value": label.as_str(),
            })];
            if let Some(entity) = item.entity {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "identifying",
                    "value": entity.name,
                }));
            }
            let mut annotation = json!({
                "id": format!("urn:entity-lens:annotation:{d}:{}", item.index),
                "type": "Annotation",
                "motivation": "tagging",
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": item.text,
                            "prefix": before(text, span.byte.start),
                            "suffix": after(text, span.byte.end),
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": span.char.start,
                            "end": span.char.end,
                        },
                    ],
                },
                "refinedLabel": item.mention.label.map(|l| l.as_str()),
                "rawLabel": item.mention.raw_label.map(|l| l.as_str()),
            });
            if let (Some(entity), Value::Object(map)) = (item.entity, &mut annotation) {
                map.insert("entityId".to_owned(), Value::from(entity.id.as_str()));
            }
            items.push(annotation);
        }
    }
    let collection = json!({
        "@context": [
            "http://www.w3.org/ns/anno.jsonld",
            {
                "el": "urn:entity-lens:vocab#",
                "rawLabel": "el:rawLabel",
                "refinedLabel": "el:refinedLabel",
                "entityId": "el:entityId",
            },
        ],
        "id": "urn:entity-lens:collection",
        "type": "AnnotationCollection",
        "label": "Entity Lens mentions",
        "total": items.len(),
        "first": {
            "id": "urn:entity-lens:collection:page:0",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &collection)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Up to [`CONTEXT`] code points of `text` before byte `at`.
fn before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or_default();
    let start = head
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    &head[start..]
}

/// Up to [`CONTEXT`] code points of `text` from byte `at`.
fn after(text: &str, at: usize) -> &str {
    let tail = text.get(at..).unwrap_or_default();
    let end = tail
        .char_indices()
        .nth(CONTEXT)
        .map_or(tail.len(), |(i, _)| i);
    &tail[..end]
}

/// `name` as an IRI reference: characters IRIs forbid are percent-encoded (UTF-8), the rest
/// (including non-ASCII letters) kept; `\` becomes `/`.
fn iri(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\\' => out.push('/'),
            'A'..='Z' | 'a'..='z' | '0'..='9' => out.push(c),
            '-' | '.' | '_' | '~' | '/' | ':' | '@' | '!' | '$' | '&' | '\'' | '(' | ')' | '*'
            | '+' | ',' | ';' | '=' => out.push(c),
            c if !c.is_ascii() && !c.is_control() && !c.is_whitespace() => out.push(c),
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Fixture;
    use super::*;

    #[test]
    fn one_annotation_per_mention_with_quote_and_position_selectors() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), Settings::default(), &mut out).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["type"], "AnnotationCollection");
        assert_eq!(doc["@context"][0], "http://www.w3.org/ns/anno.jsonld");
        let items = doc["first"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 9 + 5);
        assert_eq!(doc["total"], items.len());
        for a in items {
            assert_eq!(a["type"], "Annotation");
            let source = a["target"]["source"].as_str().unwrap();
            let text = if source.starts_with("dir/") {
                &fixture.documents[0].article.text
            } else {
                &fixture.documents[1].article.text
            };
            let quote = &a["target"]["selector"][0];
            let position = &a["target"]["selector"][1];
            assert_eq!(position["type"], "TextPositionSelector");
            let (start, end) = (
                position["start"].as_u64().unwrap() as usize,
                position["end"].as_u64().unwrap() as usize,
            );
            let exact: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(quote["exact"], exact.as_str());
            let prefix: String = text.chars().take(start).collect();
            assert!(prefix.ends_with(quote["prefix"].as_str().unwrap()));
            let suffix: String = text.chars().skip(end).collect();
            assert!(suffix.starts_with(quote["suffix"].as_str().unwrap()));
            assert!(quote["prefix"].as_str().unwrap().chars().count() <= CONTEXT);
        }
        let france = items
            .iter()
            .find(|a| a["target"]["selector"][0]["exact"] == "France")
            .unwrap();
        assert_eq!(france["body"][0]["value"], "GPE");
        assert_eq!(france["body"][1]["value"], "France");
        assert_eq!(france["rawLabel"], "PERSON");
        assert_eq!(france["entityId"], "E4");
        assert_eq!(items[0]["target"]["source"], "dir/first%20%3C1%3E.txt");
    }

    #[test]
    fn context_is_counted_in_code_points() {
        let text = "😀".repeat(40) + "X" + &"e\u{301}".repeat(20);
        let at = "😀".len() * 40;
        assert_eq!(before(&text, at), "😀".repeat(32));
        assert_eq!(after(&text, at + 1), "e\u{301}".repeat(16));
        assert_eq!(before("ab", 1), "a");
        assert_eq!(after("ab", 1), "b");
    }

    #[test]
    fn iri_encodes_what_iris_forbid() {
        assert_eq!(iri("a b/\"c\"<é>.txt"), "a%20b/%22c%22%3Cé%3E.txt");
        assert_eq!(iri("C:\\x\\y.txt"), "C:/x/y.txt");
        assert_eq!(iri("50%#?"), "50%25%23%3F");
    }
}

//! Decoding: BOMs, UTF-16, legacy single-byte encodings, binary refusal, empty input.

use entity_lens_engine::decode::{decode, DecodeError};

#[test]
fn utf8_with_and_without_bom() {
    let plain = decode("Café € 😀\r\n".as_bytes()).unwrap();
    assert_eq!(plain.text, "Café € 😀\r\n");
    assert_eq!((plain.encoding, plain.bom), ("UTF-8", false));

    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Café €".as_bytes());
    let bom = decode(&bytes).unwrap();
    assert_eq!(bom.text, "Café €", "the BOM is not part of the text");
    assert_eq!((bom.encoding, bom.bom), ("UTF-8", true));
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units: Vec<u16> = (if bom { "\u{feff}" } else { "" })
        .encode_utf16()
        .chain(text.encode_utf16())
        .collect();
    for u in units {
        let b = if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn utf16_with_bom() {
    let text = "Paris – “Le Drian” said €5 😀\r\nNext line";
    let le = decode(&utf16(text, false, true)).unwrap();
    assert_eq!(
        (le.text.as_str(), le.encoding, le.bom),
        (text, "UTF-16LE", true)
    );
    let be = decode(&utf16(text, true, true)).unwrap();
    assert_eq!(
        (be.text.as_str(), be.encoding, be.bom),
        (text, "UTF-16BE", true)
    );
}

#[test]
fn utf16_without_bom_is_recognized_from_its_nul_pattern() {
    let text = "Plain English text saved as UTF-16 without a byte-order mark.";
    let le = decode(&utf16(text, false, false)).unwrap();
    assert_eq!((le.text.as_str(), le.encoding), (text, "UTF-16LE"));
    let be = decode(&utf16(text, true, false)).unwrap();
    assert_eq!((be.text.as_str(), be.encoding), (text, "UTF-16BE"));
}

#[test]
fn odd_utf16_is_replaced_not_refused() {
    let mut bytes = utf16("Hello world", false, true);
    bytes.push(b'x');
    let d = decode(&bytes).unwrap();
    assert!(d.replaced);
    assert!(d.text.starts_with("Hello world"));
}

#[test]
fn windows_1252_curly_quotes_and_euro() {
    // “Prices rose 5% to €12,” she said – it’s official.
    let bytes = b"\x93Prices rose 5% to \x8012,\x94 she said \x96 it\x92s official. The minister\x92s office confirmed the figures on Tuesday.";
    let d = decode(bytes).unwrap();
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(
        d.text,
        "\u{201c}Prices rose 5% to \u{20ac}12,\u{201d} she said \u{2013} it\u{2019}s official. The minister\u{2019}s office confirmed the figures on Tuesday."
    );
}

#[test]
fn latin1_accents() {
    // ISO-8859-1: café, naïve, Zürich, £ and © are single bytes.
    let bytes = b"Le caf\xe9 de la gare \xe0 Z\xfcrich co\xfbte \xa35. Une id\xe9e na\xefve, d\xe9j\xe0 vue \xa9 2020.";
    let d = decode(bytes).unwrap();
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(
        d.text,
        "Le café de la gare à Zürich coûte £5. Une idée naïve, déjà vue © 2020."
    );
}

#[test]
fn binary_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
    assert_eq!(
        decode(png),
        Err(DecodeError::NotText {
            format: "PNG image"
        })
    );
    assert_eq!(
        decode(b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        Err(DecodeError::NotText {
            format: "JPEG image"
        })
    );
    assert_eq!(
        decode(b"%PDF-1.7\n"),
        Err(DecodeError::NotText { format: "PDF" })
    );
    assert_eq!(
        decode(b"some text\x00\x01\x02 with NUL bytes \x00\x00\xff"),
        Err(DecodeError::Binary)
    );
    let err = decode(png).unwrap_err().to_string();
    assert!(err.contains("PNG") && err.contains("not text"), "{err}");
}

#[test]
fn empty_and_whitespace() {
    assert_eq!(decode(b""), Err(DecodeError::Empty));
    assert_eq!(DecodeError::Empty.to_string(), "the file is empty");
    let ws = decode(b" \r\n\t\n ").unwrap();
    assert_eq!(ws.text, " \r\n\t\n ");
}

#[test]
fn one_long_line() {
    let big = "word ".repeat(4_000_000); // 20 MB, one line
    let d = decode(big.as_bytes()).unwrap();
    assert_eq!(d.text.len(), big.len());
}

#[test]
fn a_single_latin1_pound_sign_is_not_polish() {
    let d = decode(b"The fee is \xa35 per day.\n").unwrap();
    assert_eq!(
        (d.text.as_str(), d.encoding),
        ("The fee is \u{a3}5 per day.\n", "windows-1252")
    );
}

#[test]
fn cyrillic_windows_1251_is_detected() {
    // "Президент России заявил, что переговоры продолжатся в Женеве." in Windows-1251.
    let text = "Президент России заявил, что переговоры продолжатся в Женеве на следующей неделе.";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let d = decode(&bytes).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), (text, "windows-1251"));
}

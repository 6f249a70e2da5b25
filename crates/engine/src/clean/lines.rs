//! Segmentation: the decoded text → lines (any line ending) → blocks (runs of non-blank lines)
//! → units (a line, or several lines of one hard-wrapped paragraph). Units are what the
//! classifier scores and what becomes a body paragraph.

use std::ops::Range;

/// One line of the original, trimmed of surrounding whitespace.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The trimmed text (empty for a blank line).
    pub text: &'a str,
    /// Byte range of `text` in the original.
    pub byte: Range<usize>,
    /// Code-point start of `text` in the original.
    pub char_start: usize,
}

impl Line<'_> {
    /// Code-point range of `text` in the original.
    pub fn char(&self) -> Range<usize> {
        self.char_start..self.char_start + self.text.chars().count()
    }
}

/// A unit of classification: consecutive lines of one block.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Indices into the line list, all non-blank.
    pub lines: Range<usize>,
    /// Index of the block (run of non-blank lines) the unit belongs to.
    pub block: usize,
}

/// Characters trimmed from both ends of a line: Unicode whitespace, BOM, zero-width space.
pub(crate) fn is_trim(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Splits on `\n`, `\r\n`, `\r`, VT, FF, NEL, U+2028 and U+2029; every line is trimmed.
/// Scans bytes (all the breaks start with an ASCII byte or with 0xC2 / 0xE2), so it stays fast
/// on very long lines.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0usize;
    let mut start_char = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let break_len = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\n' | b'\r' | 0x0b | 0x0c => 1,
            0xc2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                3
            }
            _ => 0,
        };
        if break_len == 0 {
            i += 1;
            continue;
        }
        let line = make_line(text, start..i, start_char);
        // Code points of the line plus its break (CRLF counts as two).
        start_char += char_count(bytes.get(start..i).unwrap_or_default())
            + if break_len == 2 && bytes[i] == b'\r' {
                2
            } else {
                1
            };
        lines.push(line);
        i += break_len;
        start = i;
    }
    lines.push(make_line(text, start..text.len(), start_char));
    lines
}

/// Number of code points in valid UTF-8 bytes: the bytes that are not continuation bytes.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count()
}

fn make_line(text: &str, range: Range<usize>, char_start: usize) -> Line<'_> {
    let raw = text.get(range.clone()).unwrap_or_default();
    let left = raw.trim_start_matches(is_trim);
    let skipped = raw.len() - left.len();
    let trimmed = left.trim_end_matches(is_trim);
    let skipped_chars = raw.get(..skipped).map_or(0, |s| s.chars().count());
    let start = range.start + skipped;
    Line {
        text: trimmed,
        byte: start..start + trimmed.len(),
        char_start: char_start + skipped_chars,
    }
}

/// Groups non-blank lines into units: a new unit starts at every line unless the line
/// continues a hard-wrapped paragraph (the previous line is long, does not end a sentence,
/// and this line starts in lower case or the previous one ends with a comma or hyphen).
pub(crate) fn units(lines: &[Line<'_>]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut block = 0usize;
    let mut prev_blank = true;
    for (i, line) in lines.iter().enumerate() {
        if line.text.is_empty() {
            if !prev_blank {
                block += 1;
            }
            prev_blank = true;
            continue;
        }
        let continues = !prev_blank
            && i > 0
            && lines
                .get(i - 1)
                .is_some_and(|p| wraps_into(p.text, line.text));
        match out.last_mut() {
            Some(unit) if continues && unit.lines.end == i => unit.lines.end = i + 1,
            _ => out.push(Unit {
                lines: i..i + 1,
                block,
            }),
        }
        prev_blank = false;
    }
    out
}

fn wraps_into(prev: &str, next: &str) -> bool {
    let prev_len = prev.chars().count();
    if prev_len < 40 {
        return false;
    }
    let last = prev.chars().next_back().unwrap_or(' ');
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | '"' | '\u{201d}' | '\u{2019}' | ')' | '…'
    ) {
        return false;
    }
    let first = next.chars().next().unwrap_or(' ');
    first.is_lowercase() || last == ',' || (last == '-' && !prev.ends_with("--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_line_ending_and_trims() {
        let text = " a\r\nb\rc\n\u{2028}é \n";
        let lines = split_lines(text);
        let got: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(got, ["a", "b", "c", "", "é", ""]);
        for l in &lines {
            assert_eq!(&text[l.byte.clone()], l.text);
            let chars: String = text
                .chars()
                .skip(l.char().start)
                .take(l.char().len())
                .collect();
            assert_eq!(chars, l.text);
        }
    }

    #[test]
    fn wrapped_lines_form_one_unit() {
        let text = "Title\n\nThe minister said on Tuesday that the plan would\ngo ahead as planned.\nNext line.";
        let lines = split_lines(text);
        let u = units(&lines);
        assert_eq!(u.len(), 3);
        assert_eq!(u[1].lines, 2..4);
        assert_eq!(u[2].lines, 4..5);
        assert_eq!(u[2].block, 1);
    }
}

//! Text made safe for XML and HTML: the five special characters escaped, and the characters
//! XML 1.0 forbids (C0 controls other than tab, line feed and carriage return, lone surrogates
//! cannot occur in a `str`, U+FFFE/U+FFFF) replaced by U+FFFD so that the file still parses.

use std::fmt;

/// `text` escaped for XML or HTML attribute values (double or single quoted): line breaks and
/// tabs as character references, which attribute normalization would otherwise turn into spaces.
pub struct Escaped<'a>(pub &'a str);

/// `text` escaped for XML or HTML text content: line breaks and tabs kept as they are.
pub struct EscapedText<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, true)
    }
}

impl fmt::Display for EscapedText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, false)
    }
}

fn escape(f: &mut fmt::Formatter<'_>, text: &str, attribute: bool) -> fmt::Result {
    let mut done = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' if attribute => "&#10;",
            '\r' if attribute => "&#13;",
            '\t' if attribute => "&#9;",
            '\n' | '\r' | '\t' => continue,
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => "\u{FFFD}",
            _ => continue,
        };
        f.write_str(&text[done..at])?;
        f.write_str(replacement)?;
        done = at + c.len_utf8();
    }
    f.write_str(&text[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_special_characters() {
        assert_eq!(
            Escaped("a<b>&\"c\"'d'").to_string(),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(Escaped("line\nbreak").to_string(), "line&#10;break");
    }

    #[test]
    fn replaces_characters_xml_forbids() {
        assert_eq!(
            Escaped("a\u{0}b\u{b}c\u{FFFF}").to_string(),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        // C1 controls and everything else outside ASCII are allowed as they are.
        assert_eq!(
            Escaped("\u{85}é😀e\u{301}").to_string(),
            "\u{85}é😀e\u{301}"
        );
    }

    #[test]
    fn text_keeps_line_breaks() {
        assert_eq!(
            EscapedText("a<\n>b\r\n\tc\u{1}").to_string(),
            "a&lt;\n&gt;b\r\n\tc\u{FFFD}"
        );
    }
}

//! The four regexes of the model's tokenizer (`prefix_search`, `suffix_search`,
//! `infix_finditer`, `url_match`), with Python `re` results.
//!
//! Prefix, suffix and infix are hand-coded from their alternatives (SPEC section 4,
//! "Performance"): `tools/tokenizer/gen_tables.py` checks that every alternative of the
//! model's patterns has one of the shapes handled here and writes the literals and the
//! character classes (as code-point ranges computed by Python `re`). `url_match` is split at
//! its look-aheads into parts that the `regex` crate decides exactly, in linear time.

use rustc_hash::FxHashMap as HashMap;

use super::attrs::in_ranges;
use super::tables::{
    INFIX_ALPHA, INFIX_ALPHA_BEFORE, INFIX_LOWER, INFIX_UPPER, PREFIX, SUFFIX, SUFFIX_AFTER_DIGIT,
    SUFFIX_DOT_AFTER, SUFFIX_DOT_AFTER_TWO, SYMBOL, URL_DOMAIN, URL_IP, URL_PRIVATE_IP, URL_SCHEME,
    URL_TAIL, URL_USERINFO,
};

/// One alternative of `prefix_search` (each is anchored with `^`).
#[derive(Debug, Clone, Copy)]
pub(super) enum PrefixAlt {
    /// A literal string.
    Lit(&'static str),
    /// `\.\.+`: two or more dots (greedy).
    Dots,
    /// `\+(?![0-9])`: a plus sign not followed by an ASCII digit.
    PlusNotBeforeDigit,
    /// One character of the symbol class.
    Symbol,
}

/// One alternative of `suffix_search` (each ends with `$`), except the digit look-behinds,
/// which are in `SUFFIX_AFTER_DIGIT`.
#[derive(Debug, Clone, Copy)]
pub(super) enum SuffixAlt {
    /// A literal string.
    Lit(&'static str),
    /// `\.\.+`.
    Dots,
    /// One character of the symbol class.
    Symbol,
    /// `(?<=°[FfCcKk])\.`.
    DotAfterDegreeUnit,
    /// `(?<=[SUFFIX_DOT_AFTER])\.`.
    DotAfterClass,
    /// `(?<=[SUFFIX_DOT_AFTER_TWO][SUFFIX_DOT_AFTER_TWO])\.`.
    DotAfterTwoClass,
}

/// `url_match` = `^ (?:SCHEME)? (?:USERINFO)? (?: (?!PRIVATE_IP) IP | DOMAIN ) TAIL $`.
///
/// A backtracking engine (Python `re`) finds a match if any split of the string into these
/// parts exists, so: the domain branch is one look-around-free regex; for the IP branch, each
/// place where the optional scheme and user-info can end (the start, after `://`, after an
/// `@`) is tried, with the negative look-ahead checked as an anchored prefix match there.
#[derive(Debug)]
struct UrlMatch {
    /// `^(?:SCHEME)?(?:USERINFO)?(?:DOMAIN)TAIL$`.
    domain: regex::Regex,
    /// `^(?:SCHEME)?(?:USERINFO)?$`: the text before the host.
    before_host: regex::Regex,
    /// `^(?:IP)TAIL$`.
    ip: regex::Regex,
    /// `^(?:PRIVATE_IP)`: the look-ahead.
    private_ip: regex::Regex,
}

impl UrlMatch {
    fn new() -> Result<Self, regex::Error> {
        let before = format!("(?:{URL_SCHEME})?(?:{URL_USERINFO})?");
        Ok(Self {
            domain: regex::Regex::new(&format!("^{before}(?:{URL_DOMAIN}){URL_TAIL}$"))?,
            before_host: regex::Regex::new(&format!("^{before}$"))?,
            ip: regex::Regex::new(&format!("^(?:{URL_IP}){URL_TAIL}$"))?,
            private_ip: regex::Regex::new(&format!("^(?:{URL_PRIVATE_IP})"))?,
        })
    }

    fn is_match(&self, s: &str) -> bool {
        if self.domain.is_match(s) {
            return true;
        }
        // Where the host can start: 0, or right after an `@` or a `://`.
        let after_at = s.match_indices('@').map(|(i, _)| i + 1);
        let after_scheme = s.match_indices("://").map(|(i, _)| i + 3);
        std::iter::once(0)
            .chain(after_at)
            .chain(after_scheme)
            .any(|p| {
                let (before, host) = s.split_at(p);
                host.starts_with(|c: char| c.is_ascii_digit())
                    && self.ip.is_match(host)
                    && !self.private_ip.is_match(host)
                    && self.before_host.is_match(before)
            })
    }
}

/// The affix, infix and URL rules, indexed for fast lookup.
#[derive(Debug)]
pub(super) struct Rules {
    /// Prefix alternatives by first character: indices into `PREFIX`, in pattern order.
    prefix_by_first: HashMap<char, Vec<usize>>,
    /// Index of the symbol-class alternative in `PREFIX`.
    prefix_symbol: Option<usize>,
    /// Literal suffixes by last character: (literal, must follow an ASCII digit).
    suffix_by_last: HashMap<char, Vec<(&'static str, bool)>>,
    suffix_dots: bool,
    suffix_symbol: bool,
    suffix_degree: bool,
    suffix_dot_after: bool,
    suffix_dot_after_two: bool,
    /// `None` only if the embedded pattern failed to compile (a unit test rules that out).
    url: Option<UrlMatch>,
}

impl Rules {
    pub(super) fn new() -> Self {
        let mut prefix_by_first: HashMap<char, Vec<usize>> = HashMap::default();
        let mut prefix_symbol = None;
        for (i, alt) in PREFIX.iter().enumerate() {
            let first = match alt {
                PrefixAlt::Lit(s) => s.chars().next(),
                PrefixAlt::Dots => Some('.'),
                PrefixAlt::PlusNotBeforeDigit => Some('+'),
                PrefixAlt::Symbol => {
                    prefix_symbol = prefix_symbol.or(Some(i));
                    None
                }
            };
            if let Some(c) = first {
                prefix_by_first.entry(c).or_default().push(i);
            }
        }
        // A character both in the symbol class and first of some literal: merge in order.
        if let Some(sym) = prefix_symbol {
            for (c, alts) in prefix_by_first.iter_mut() {
                if in_ranges(SYMBOL, *c) {
                    alts.push(sym);
                    alts.sort_unstable();
                }
            }
        }
        let mut rules = Self {
            prefix_by_first,
            prefix_symbol,
            suffix_by_last: HashMap::default(),
            suffix_dots: false,
            suffix_symbol: false,
            suffix_degree: false,
            suffix_dot_after: false,
            suffix_dot_after_two: false,
            url: None,
        };
        for alt in SUFFIX {
            match *alt {
                SuffixAlt::Lit(s) => rules.add_suffix_literal(s, false),
                SuffixAlt::Dots => rules.suffix_dots = true,
                SuffixAlt::Symbol => rules.suffix_symbol = true,
                SuffixAlt::DotAfterDegreeUnit => rules.suffix_degree = true,
                SuffixAlt::DotAfterClass => rules.suffix_dot_after = true,
                SuffixAlt::DotAfterTwoClass => rules.suffix_dot_after_two = true,
            }
        }
        for s in SUFFIX_AFTER_DIGIT {
            rules.add_suffix_literal(s, true);
        }
        rules.url = UrlMatch::new().ok();
        rules
    }

    fn add_suffix_literal(&mut self, s: &'static str, after_digit: bool) {
        if let Some(c) = s.chars().next_back() {
            self.suffix_by_last
                .entry(c)
                .or_default()
                .push((s, after_digit));
        }
    }

    /// Whether the URL pattern compiled (always, for the embedded data).
    #[cfg(test)]
    pub(super) fn url_compiled(&self) -> bool {
        self.url.is_some()
    }

    /// `find_prefix`: byte length of `prefix_search.search(s)`, 0 if none.
    pub(super) fn find_prefix(&self, s: &str) -> usize {
        let Some(c) = s.chars().next() else {
            return 0;
        };
        let Some(alts) = self.prefix_by_first.get(&c) else {
            return match self.prefix_symbol {
                Some(_) if in_ranges(SYMBOL, c) => c.len_utf8(),
                _ => 0,
            };
        };
        for &i in alts {
            match PREFIX[i] {
                PrefixAlt::Lit(lit) => {
                    if s.starts_with(lit) {
                        return lit.len();
                    }
                }
                PrefixAlt::Dots => {
                    let n = s.bytes().take_while(|&b| b == b'.').count();
                    if n >= 2 {
                        return n;
                    }
                }
                PrefixAlt::PlusNotBeforeDigit => {
                    if !s[1..].starts_with(|n: char| n.is_ascii_digit()) {
                        return 1;
                    }
                }
                PrefixAlt::Symbol => return c.len_utf8(),
            }
        }
        0
    }

    /// `find_suffix`: byte length of `suffix_search.search(s)`, 0 if none. Every alternative
    /// ends at `$`, so the leftmost match is the longest matching suffix.
    pub(super) fn find_suffix(&self, s: &str) -> usize {
        let Some(last) = s.chars().next_back() else {
            return 0;
        };
        let mut best = 0;
        if let Some(lits) = self.suffix_by_last.get(&last) {
            for &(lit, after_digit) in lits {
                if lit.len() > best && s.ends_with(lit) {
                    let start = s.len() - lit.len();
                    if !after_digit || (start > 0 && s.as_bytes()[start - 1].is_ascii_digit()) {
                        best = lit.len();
                    }
                }
            }
        }
        if self.suffix_symbol && best < last.len_utf8() && in_ranges(SYMBOL, last) {
            best = last.len_utf8();
        }
        if last == '.' {
            let dots = s.bytes().rev().take_while(|&b| b == b'.').count();
            if self.suffix_dots && dots >= 2 {
                best = best.max(dots);
            }
            if best == 0 {
                let mut before = s[..s.len() - 1].chars().rev();
                let (p1, p2) = (before.next(), before.next());
                let degree = self.suffix_degree
                    && matches!(p1, Some('F' | 'f' | 'C' | 'c' | 'K' | 'k'))
                    && p2 == Some('°');
                let one =
                    self.suffix_dot_after && p1.is_some_and(|c| in_ranges(SUFFIX_DOT_AFTER, c));
                let two = self.suffix_dot_after_two
                    && p1.is_some_and(|c| in_ranges(SUFFIX_DOT_AFTER_TWO, c))
                    && p2.is_some_and(|c| in_ranges(SUFFIX_DOT_AFTER_TWO, c));
                if degree || one || two {
                    best = 1;
                }
            }
        }
        best
    }

    /// `find_infix`: the `(start, end)` byte offsets of `infix_finditer(s)`.
    pub(super) fn find_infix(&self, s: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        // Every infix alternative needs a non-ASCII character or ASCII punctuation.
        if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return;
        }
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let at = |i: usize| chars.get(i).map(|&(_, c)| c);
        let byte = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            let prev = if i > 0 { at(i - 1) } else { None };
            let len = infix_at(c, prev, |k| at(i + k));
            if len > 0 {
                out.push((byte(i), byte(i + len)));
                i += len;
            } else {
                i += 1;
            }
        }
    }

    /// `url_match(s)`: Python `re.match` of the URL pattern (anchored at both ends).
    pub(super) fn url_match(&self, s: &str) -> bool {
        // Both host alternatives (IPv4, domain) need a literal dot.
        if !s.contains('.') {
            return false;
        }
        match &self.url {
            Some(url) => url.is_match(s),
            None => false,
        }
    }
}

/// Length in characters of the `infix_finditer` match at a character `c`, given the
/// character before it and a way to read the characters after it (`next(1)` is the one right
/// after `c`); 0 if no alternative matches. The alternatives, in pattern order:
/// `\.\.+`, `…`, `[SYMBOL]`, `(?<=[0-9])[+\-\*^](?=[0-9-])`,
/// `(?<=[INFIX_LOWER])\.(?=[INFIX_UPPER])`, `(?<=[INFIX_ALPHA]),(?=[INFIX_ALPHA])`,
/// `(?<=[INFIX_ALPHA_BEFORE])(?:-|–|—|--|---|——|~)(?=[INFIX_ALPHA])`,
/// `(?<=[INFIX_ALPHA_BEFORE])[:<>=/](?=[INFIX_ALPHA])`.
fn infix_at(c: char, prev: Option<char>, next: impl Fn(usize) -> Option<char>) -> usize {
    let alpha = |k: usize| next(k).is_some_and(|n| in_ranges(INFIX_ALPHA, n));
    if c == '.' && next(1) == Some('.') {
        let mut n = 2;
        while next(n) == Some('.') {
            n += 1;
        }
        return n;
    }
    if c == '…' || in_ranges(SYMBOL, c) {
        return 1;
    }
    let Some(p) = prev else {
        return 0;
    };
    if p.is_ascii_digit()
        && matches!(c, '+' | '-' | '*' | '^')
        && next(1).is_some_and(|n| n.is_ascii_digit() || n == '-')
    {
        return 1;
    }
    if c == '.' && in_ranges(INFIX_LOWER, p) && next(1).is_some_and(|n| in_ranges(INFIX_UPPER, n)) {
        return 1;
    }
    if c == ',' && in_ranges(INFIX_ALPHA, p) && alpha(1) {
        return 1;
    }
    if !in_ranges(INFIX_ALPHA_BEFORE, p) {
        return 0;
    }
    match c {
        // `-` then `--` then `---`: the first whose look-ahead holds.
        '-' => {
            if alpha(1) {
                1
            } else if next(1) == Some('-') && alpha(2) {
                2
            } else if next(1) == Some('-') && next(2) == Some('-') && alpha(3) {
                3
            } else {
                0
            }
        }
        // `—` then `——`.
        '—' => {
            if alpha(1) {
                1
            } else if next(1) == Some('—') && alpha(2) {
                2
            } else {
                0
            }
        }
        '–' | '~' | ':' | '<' | '>' | '=' | '/' => usize::from(alpha(1)),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infixes(rules: &Rules, s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        rules.find_infix(s, &mut out);
        out
    }

    #[test]
    fn url_pattern_compiles() {
        assert!(Rules::new().url_compiled());
    }

    #[test]
    fn prefixes() {
        let r = Rules::new();
        assert_eq!(r.find_prefix("(hello"), 1);
        assert_eq!(r.find_prefix("US$5"), 3);
        assert_eq!(r.find_prefix("...x"), 3);
        assert_eq!(r.find_prefix(".x"), 0);
        assert_eq!(r.find_prefix("+5"), 0);
        assert_eq!(r.find_prefix("+a"), 1);
        assert_eq!(r.find_prefix("+"), 1);
        assert_eq!(r.find_prefix("……"), "…".len());
        assert_eq!(r.find_prefix("😀x"), "😀".len());
        assert_eq!(r.find_prefix("hello"), 0);
    }

    #[test]
    fn suffixes() {
        let r = Rules::new();
        assert_eq!(r.find_suffix("hello)"), 1);
        assert_eq!(r.find_suffix("it's"), 2);
        assert_eq!(r.find_suffix("5km"), 2);
        assert_eq!(r.find_suffix("km"), 0);
        assert_eq!(r.find_suffix("5km²"), "km²".len());
        assert_eq!(r.find_suffix("10US$"), 3);
        assert_eq!(r.find_suffix("5+"), 1);
        assert_eq!(r.find_suffix("wait..."), 3);
        assert_eq!(r.find_suffix("U.S."), 0);
        assert_eq!(r.find_suffix("etc."), 1);
        assert_eq!(r.find_suffix("ABC."), 1);
        assert_eq!(r.find_suffix("30°C."), 1);
        assert_eq!(r.find_suffix("hello"), 0);
    }

    #[test]
    fn infixes_follow_finditer() {
        let r = Rules::new();
        assert_eq!(infixes(&r, "hello"), vec![]);
        assert_eq!(infixes(&r, "well-known"), vec![(4, 5)]);
        assert_eq!(infixes(&r, "a--b"), vec![(1, 3)]);
        assert_eq!(infixes(&r, "a---b"), vec![(1, 4)]);
        assert_eq!(infixes(&r, "a----b"), vec![]);
        assert_eq!(infixes(&r, "3-4"), vec![(1, 2)]);
        assert_eq!(infixes(&r, "hello.World"), vec![(5, 6)]);
        assert_eq!(infixes(&r, "a,b"), vec![(1, 2)]);
        assert_eq!(infixes(&r, "a..b"), vec![(1, 3)]);
        assert_eq!(infixes(&r, "a/b"), vec![(1, 2)]);
    }

    #[test]
    fn urls() {
        let r = Rules::new();
        assert!(r.url_match("http://example.com"));
        assert!(r.url_match("www.bbc.co.uk"));
        assert!(r.url_match("8.8.8.8"));
        assert!(!r.url_match("10.0.0.1"));
        assert!(!r.url_match("http://192.168.0.1/admin"));
        assert!(r.url_match("http://11.0.0.1/admin"));
        assert!(r.url_match("10.0.0.1@8.8.8.8"));
        assert!(!r.url_match("8.8.8.8@10.0.0.1"));
        assert!(r.url_match("user:pw@host.org:8080/x?y#z"));
        assert!(!r.url_match("U.S"));
        assert!(!r.url_match("hello"));
    }
}

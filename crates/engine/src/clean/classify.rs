//! Boilerplate scoring, after jusText (Pomikálek 2011) adapted to plain text.
//!
//! jusText classifies HTML blocks by length, stop-word density and link density, then revises
//! the uncertain ones ("short", "near-good") from their neighbours. Plain text has no links, so
//! the link density is replaced by signals that page chrome shows in text form:
//!
//! - **sentence shape**: body paragraphs end with sentence punctuation; chrome rarely does;
//! - **stop-word density** (an embedded English list, as in jusText);
//! - **chrome vocabulary density**: words of site furniture (share, subscribe, comment,
//!   advertisement, cookies, app, menu, ...), a weak signal that only decides short lines;
//! - **character make-up**: letters vs digits vs symbols, menu separators, URLs, handles,
//!   hashtags;
//! - **capitalization**: Title-Case or ALL-CAPS labels;
//! - **block shape**: a block of several short lines is a menu or a widget, not prose;
//! - **chrome phrases** ("privacy policy", "sign up", "read more") in short units;
//! - **reader address and prompts**: short unquoted lines that say "you", "your", "our" or start
//!   with an interface verb ("Join", "Turn on", "Save") are site voice.
//!
//! Each unit gets a score, mapped to a jusText class (as in jusText, a unit under 70 characters
//! is never good on its own); [`smooth`] then applies jusText's context rules (document edges
//! count as bad), so a short body paragraph between good ones is kept and a sentence-like line
//! inside a chrome cluster is dropped.

use std::collections::HashSet;
use std::sync::LazyLock;

/// jusText's classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// What the classifier measured on one unit.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    pub chars: usize,
    pub words: usize,
    pub stop_density: f32,
    pub chrome_density: f32,
    pub letters: f32,
    pub digits: f32,
    pub ends_sentence: bool,
    pub ends_colon: bool,
    /// Ends with `...` or `…` (teasers, "Loading...", "Share it..."): neither prose nor not.
    pub ends_ellipsis: bool,
    pub title_case: f32,
    pub handles: usize,
    pub hashtags: usize,
    pub urls: usize,
    pub separators: usize,
    /// The unit sits in a block of three or more short lines.
    pub block_of_shorts: bool,
    /// A short unquoted line that talks to the reader ("your", "we", "our"): site voice.
    pub reader_address: usize,
    /// A short unquoted line that starts with an imperative verb ("Join", "Turn on", "Save").
    pub imperative: bool,
    /// Web-furniture phrases ("privacy policy", "sign up") in a short unit.
    pub phrases: usize,
    /// Starts with a list bullet (`- `, `* `, `• `).
    pub bullet: Option<char>,
    /// A structural verdict that needs no context (no letters, a URL line, a menu...).
    pub hard_bad: bool,
    /// The content score (higher = more like body prose).
    pub score: f32,
}

/// An English stop-word list (function words), as jusText uses for its density.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "also", "although",
    "always", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "back",
    "be", "became", "because", "become", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during",
    "each", "either", "else", "enough", "even", "ever", "every", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last", "least",
    "less", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither",
    "never", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or",
    "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite",
    "rather", "said", "same", "says", "several", "she", "should", "since", "so", "some", "still",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "though", "through", "thus", "to", "too", "toward", "towards",
    "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "whatever", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "it's", "he's",
    "she's", "that's", "there's", "they're", "we're", "i'm", "don't", "doesn't", "didn't", "won't",
    "can't", "isn't", "wasn't", "aren't", "weren't", "hasn't", "haven't", "hadn't", "wouldn't",
    "couldn't", "shouldn't", "let's", "who's", "what's", "also", "already", "along", "across",
    "behind", "beyond", "beside", "besides", "despite", "except", "inside", "like", "near", "onto",
    "outside", "past", "via", "whereas", "whilst",
];

/// Words of page furniture. A weak, general vocabulary (not any one site's phrases): it only
/// decides short lines, because long prose dilutes it.
#[rustfmt::skip]
const CHROME_WORDS: &[&str] = &[
    // Chosen to be rare in news prose and headlines: "shares", "home", "next", "policy",
    // "video", "email", "forecast", "live" are news words too and are left out.
    // ads and sponsorship
    "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "sponsored", "spot_img",
    "affiliate",
    // sharing and social
    "share", "tweet", "retweet", "facebook", "twitter", "instagram", "whatsapp", "telegram",
    "linkedin", "pinterest", "youtube", "tiktok", "reddit", "messenger", "viber", "print",
    "follow", "followers",
    // accounts, forms, comments
    "subscribe", "subscribed", "newsletter", "newsletters", "unsubscribe", "signup", "login",
    "logout", "password", "username", "comment", "comments", "reply", "replies", "submit",
    "notify", "name", "website", "please", "captcha",
    // legal and cookies
    "cookie", "cookies", "privacy", "copyright", "reserved", "disclaimer", "consent", "gdpr",
    // navigation
    "menu", "homepage", "skip", "navigation", "careers", "sitemap", "rss", "previous", "prev",
    "page", "pages", "scroll", "more", "read", "related", "recommended", "trending", "stories",
    "articles", "article", "posts", "tags", "tag", "topics", "categories", "category", "archive",
    "archives", "sections", "edition", "editions", "translate", "font", "loading", "click", "tap",
    "download", "app", "apps", "install", "settings", "preferences",
    // media
    "videos", "watch", "listen", "podcast", "podcasts", "photo", "photos", "image", "images",
    "caption", "getty", "slideshow",
    // widgets and tickers
    "humidity", "breaking", "updates", "update", "updated", "ago", "mins", "min", "hrs",
    "headlines", "ticker", "horoscope", "premium", "feedback", "advertise", "faq",
];

/// Phrases of web furniture that body prose almost never uses in a short paragraph: counted
/// only on units under 300 characters, each one a strong penalty.
#[rustfmt::skip]
const CHROME_PHRASES: &[&str] = &[
    "cookie policy", "use of cookies", "uses cookies", "use cookies", "accept all",
    "accept cookies", "privacy policy", "privacy settings", "terms of use", "terms of service",
    "terms and conditions", "all rights reserved", "sign up", "signup", "sign in", "log in",
    "subscribe", "subscribing", "subscribed", "subscription", "newsletter", "newsletters", "inbox",
    "email address", "e-mail address", "required fields", "this browser", "your browser",
    "next time i comment", "your comment", "your name", "leave a comment", "post comment",
    "this website", "our website", "this site", "our site", "external sites", "external links",
    "may also like", "might also like", "recommended for you", "continue reading", "read more",
    "see also", "also read", "share this", "follow us", "powered by", "click here", "tap here",
    "download the app", "get the app", "opens in new", "javascript", "ad blocker", "adblock",
    "skip to", "back to top", "scroll to continue", "story continues", "most read", "most popular",
    "trending now", "breaking news", "live updates", "listen to this", "reading time", "min read",
    "font size", "text size", "print this", "email this", "whatsapp", "facebook", "twitter",
    "instagram", "telegram", "linkedin", "copy link", "more from", "this section",
    "related stories", "more stories", "top stories", "more on this", "in pictures",
    "editor's picks", "must read", "don't miss", "on facebook", "on twitter", "our app",
];

static PHRASES: LazyLock<regex::Regex> = LazyLock::new(|| {
    let alternation = CHROME_PHRASES
        .iter()
        .map(|p| regex::escape(p))
        .collect::<Vec<_>>()
        .join("|");
    super::metadata::re(&format!(r"(?i)(?-u:\b)(?:{alternation})(?-u:\b)"))
});

/// Number of chrome phrases in a short text (0 for texts of 300 characters or more).
pub(crate) fn chrome_phrases(text: &str) -> usize {
    if text.len() >= 300 {
        return 0;
    }
    PHRASES.find_iter(text).count()
}

/// Verbs that open interface prompts ("Join our newsletter", "Turn on notifications").
#[rustfmt::skip]
const IMPERATIVES: &[&str] = &[
    "get", "join", "sign", "subscribe", "follow", "share", "send", "save", "click", "tap",
    "download", "read", "watch", "listen", "turn", "toggle", "report", "become", "support",
    "contact", "pin", "bookmark", "print", "email", "like", "comment", "register", "log", "view",
    "see", "show", "load", "continue", "explore", "discover", "visit", "try", "learn", "find",
    "check", "enter", "leave", "post", "submit", "copy", "close", "accept", "manage", "allow",
    "enable", "upgrade", "donate", "install", "open", "skip", "jump", "scroll", "switch",
    "translate", "tell", "browse", "shop", "buy", "claim", "unlock", "start", "play", "rate",
];

static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());
static CHROME: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| CHROME_WORDS.iter().copied().collect());

/// Is `word` (lower case) an English stop word?
pub(crate) fn is_stop(word: &str) -> bool {
    STOP.contains(word)
}

/// Is `word` (lower case) page-furniture vocabulary?
pub(crate) fn is_chrome(word: &str) -> bool {
    CHROME.contains(word)
}

/// How much of a long unit is measured.
const MEASURE_CHARS: usize = 20_000;
const MEASURE_WORDS: usize = 3_000;

const SEPARATORS: &[char] = &[
    '|', '•', '·', '›', '»', '«', '‹', '▸', '►', '▶', '◆', '■', '●', '¦',
];

/// Measures a unit's text; `block_of_shorts` says the unit sits in a block of several short
/// lines (a menu or a widget).
pub(crate) fn features(text: &str, block_of_shorts: bool) -> Features {
    let mut f = Features::default();
    let (mut letters, mut digits, mut non_space) = (0usize, 0usize, 0usize);
    // Long units are measured on their head: densities need no more, and a 20 MB line stays
    // cheap. `chars` only decides length bands, so it saturates there.
    for c in text.chars().take(MEASURE_CHARS) {
        f.chars += 1;
        if c.is_whitespace() {
            continue;
        }
        non_space += 1;
        if c.is_alphabetic() {
            letters += 1;
        } else if c.is_numeric() {
            digits += 1;
        } else if SEPARATORS.contains(&c) {
            f.separators += 1;
        }
    }
    let (mut stops, mut chrome, mut capitalized, mut alpha_words) = (0usize, 0usize, 0, 0);
    let mut lower = String::new();
    for raw in text.split_whitespace().take(MEASURE_WORDS) {
        if raw.starts_with('@') && raw.len() > 1 || raw.starts_with("(@") {
            f.handles += 1;
        }
        if raw.starts_with('#') && raw.chars().nth(1).is_some_and(char::is_alphanumeric) {
            f.hashtags += 1;
        }
        if raw.contains("://") || raw.starts_with("www.") {
            f.urls += 1;
        }
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        if w.is_empty() {
            continue;
        }
        f.words += 1;
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if is_stop(&lower) {
            stops += 1;
        }
        if is_chrome(&lower) {
            chrome += 1;
        }
        if let Some(c) = w.chars().next() {
            if c.is_alphabetic() {
                alpha_words += 1;
                if c.is_uppercase() {
                    capitalized += 1;
                }
            }
        }
    }
    let words = f.words.max(1) as f32;
    f.stop_density = stops as f32 / words;
    f.chrome_density = chrome as f32 / words;
    let non_space = non_space.max(1) as f32;
    f.letters = letters as f32 / non_space;
    f.digits = digits as f32 / non_space;
    f.title_case = if alpha_words == 0 {
        0.0
    } else {
        capitalized as f32 / alpha_words as f32
    };
    let tail = text.trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '»' | '*'
        ) || c.is_whitespace()
    });
    f.ends_sentence = tail.ends_with(['.', '!', '?', '…']);
    f.ends_colon = tail.ends_with(':');
    f.ends_ellipsis = tail.ends_with("..") || tail.ends_with('…');
    f.phrases = chrome_phrases(text);
    let quoted = text.contains(['"', '\u{201c}', '\u{201d}']);
    if !quoted && f.chars < 120 {
        f.reader_address = text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "you" | "your" | "you're" | "we" | "our" | "us"
                )
            })
            .count();
        f.imperative = f.chars < 80
            && text.split_whitespace().next().is_some_and(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
                IMPERATIVES.contains(&w.as_str())
            });
    }
    f.block_of_shorts = block_of_shorts;
    f.bullet = bullet(text);
    f.hard_bad = letters == 0
        || (f.words <= 6 && is_weather(text))
        || (f.urls > 0 && f.urls * 2 >= f.words.max(1))
        || (f.handles + f.hashtags > 0 && (f.handles + f.hashtags) * 2 >= f.words.max(1))
        || (f.separators >= 2 && f.words <= f.separators * 4)
        || text.contains('©');
    f.score = score(&f, block_of_shorts);
    f
}

fn score(f: &Features, block_of_shorts: bool) -> f32 {
    // Stop-word density says little about two or three words: damp it on short units.
    let weight = (f.words as f32 / 6.0).min(1.0);
    let mut s = (f.stop_density - 0.15) * 5.0 * weight;
    s += if f.ends_ellipsis {
        0.0
    } else if f.ends_sentence {
        1.0
    } else if f.ends_colon {
        0.0
    } else {
        -0.75
    };
    s += match f.chars {
        200.. => 1.5,
        100..=199 => 1.0,
        70..=99 => 0.5,
        30..=69 => 0.0,
        _ => -0.5,
    };
    if f.words >= 10 {
        s += 0.5;
    }
    s -= (f.chrome_density * 4.0).min(3.0);
    if f.digits > 0.25 {
        s -= 1.0;
    }
    if f.letters < 0.5 {
        s -= 1.0;
    }
    if f.title_case > 0.8 && f.words >= 2 && !f.ends_sentence {
        s -= 0.5;
    }
    if block_of_shorts {
        s -= 0.75;
    }
    s -= 3.0 * f.phrases.min(2) as f32;
    s -= f.reader_address.min(2) as f32;
    if f.imperative {
        s -= 1.5;
    }
    s
}

static WEATHER: LazyLock<regex::Regex> = LazyLock::new(|| {
    super::metadata::re(
        r"(?i)-?\d+(?:[.,]\d+)?\s*(?:°\s*[CF]?|º\s*[CF]?|\s[CF])(?-u:\b)|-?\d+(?:[.,]\d+)?\s*°|^-?\d+(?:[.,]\d+)?\s*[CF]$",
    )
});

/// A temperature reading ("19.8 C", "Port Louis 13°C", "Sunny, 24°").
fn is_weather(text: &str) -> bool {
    text.len() < 80 && WEATHER.is_match(text)
}

/// The bullet a list item starts with, if any.
fn bullet(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    (matches!(
        first,
        '-' | '*' | '•' | '–' | '—' | '·' | '▪' | '●' | '○' | '◦' | '+'
    ) && second.is_whitespace())
    .then_some(first)
}

/// The class jusText would give before context: from the score and the hard verdict.
pub(crate) fn initial_class(f: &Features) -> Class {
    if f.hard_bad {
        Class::Bad
    } else if f.score >= 1.5 && f.chars >= 70 {
        Class::Good
    } else if f.score >= 1.5 {
        // jusText's rule: a unit under 70 characters is never good on its own; its
        // neighbours decide (a short body paragraph between good ones is kept).
        Class::NearGood
    } else if f.score >= 0.5 {
        Class::NearGood
    } else if (f.score <= -1.0 && (f.chrome_density > 0.0 || f.block_of_shorts))
        || (f.phrases > 0 && f.score < 0.0)
        || f.score <= -2.5
    {
        // Without any chrome vocabulary, a low score alone only makes a unit uncertain: lists,
        // award categories and sub-headings are decided by their neighbours.
        Class::Bad
    } else {
        Class::Short
    }
}

/// jusText's context revision; returns which units to keep. Short units take the class of their nearest non-short neighbours (document edges
/// count as bad); with one good and one bad neighbour, the unit's own score decides.
/// Near-good units are dropped only between two bad neighbours.
pub(crate) fn smooth(classes: &[Class], scores: &[f32]) -> Vec<bool> {
    let n = classes.len();
    // Nearest non-short neighbours on each side, precomputed in two linear passes.
    let mut prev_good_or_bad = vec![Class::Bad; n];
    let mut prev_any = vec![Class::Bad; n];
    let (mut last_gb, mut last_any) = (Class::Bad, Class::Bad);
    for i in 0..n {
        prev_good_or_bad[i] = last_gb;
        prev_any[i] = last_any;
        match classes[i] {
            Class::Good | Class::Bad => {
                last_gb = classes[i];
                last_any = classes[i];
            }
            Class::NearGood => last_any = Class::NearGood,
            Class::Short => {}
        }
    }
    let mut next_good_or_bad = vec![Class::Bad; n];
    let mut next_any = vec![Class::Bad; n];
    let (mut last_gb, mut last_any) = (Class::Bad, Class::Bad);
    for i in (0..n).rev() {
        next_good_or_bad[i] = last_gb;
        next_any[i] = last_any;
        match classes[i] {
            Class::Good | Class::Bad => {
                last_gb = classes[i];
                last_any = classes[i];
            }
            Class::NearGood => last_any = Class::NearGood,
            Class::Short => {}
        }
    }
    let mut keep = vec![false; n];
    for i in 0..n {
        keep[i] = match classes[i] {
            Class::Good => true,
            Class::Bad => false,
            Class::NearGood => {
                !(prev_good_or_bad[i] == Class::Bad && next_good_or_bad[i] == Class::Bad)
            }
            Class::Short => {
                let (p, q) = (prev_good_or_bad[i], next_good_or_bad[i]);
                match (p, q) {
                    (Class::Good, Class::Good) => true,
                    (Class::Bad, Class::Bad) => false,
                    _ => {
                        (p == Class::Bad && prev_any[i] == Class::NearGood)
                            || (q == Class::Bad && next_any[i] == Class::NearGood)
                            || scores.get(i).is_some_and(|&s| s >= 0.0)
                    }
                }
            }
        };
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_good_and_chrome_is_bad() {
        let prose = features(
            "The minister said on Tuesday that the talks would resume in Geneva next week, \
             after both sides agreed to a temporary truce.",
            false,
        );
        assert_eq!(initial_class(&prose), Class::Good);
        for chrome in [
            "Share this article",
            "Advertisement",
            "Home | World | Sport | Business",
            "Please enter your comment!",
        ] {
            assert_eq!(
                initial_class(&features(chrome, false)),
                Class::Bad,
                "{chrome}"
            );
        }
    }

    #[test]
    fn short_between_good_is_kept() {
        use Class::*;
        let keep = smooth(
            &[Bad, Good, Short, Good, Short, Bad],
            &[-2.0, 2.0, -0.5, 2.0, -0.5, -2.0],
        );
        assert_eq!(keep, [false, true, true, true, false, false]);
    }
}

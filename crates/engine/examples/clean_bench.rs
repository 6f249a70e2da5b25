//! Measures the cleaner on real news text (the BBC News folder of `../shared/data/`):
//!
//! (a) **body kept**: on the clean articles (first line = title, rest = body), the fraction of
//!     body characters that stay in [`Article::text`], and how often the title is found;
//! (b) **clutter injection**: page-chrome lines of many kinds (menus, cookie banners, share and
//!     follow prompts, newsletter boxes, comment forms, weather, tickers, related lists,
//!     copyright footers, pagination, photo captions, handles, view counters, tag lines,
//!     timestamps, ads, app and language prompts, bylines) are generated from templates with
//!     random fillers (deterministic seed) and inserted above the title, between title and body,
//!     between paragraphs and below the article; the precision and recall of their removal are
//!     measured per line and per character, with recall per kind.
//!
//! ```text
//! cargo run --release -p entity-lens-engine --example clean_bench [-- DIR] [--seed N] [--show N]
//! ```
//! `--show N` prints up to N missed chrome lines and N wrongly removed body lines.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use entity_lens_engine::clean::{self, Article, RemovalReason};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bbc-news");
    let mut seed = 20_240_719u64;
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--show" => show = args.next().and_then(|s| s.parse().ok()).unwrap_or(10),
            _ => dir = PathBuf::from(a),
        }
    }
    if !dir.is_dir() {
        println!(
            "skipped: {} not found (the shared data folder)",
            dir.display()
        );
        return Ok(());
    }
    let mut files = Vec::new();
    for sub in std::fs::read_dir(&dir)? {
        let sub = sub?.path();
        if sub.is_dir() {
            for f in std::fs::read_dir(&sub)? {
                let f = f?.path();
                if f.extension().is_some_and(|e| e == "txt") {
                    files.push(f);
                }
            }
        }
    }
    files.sort();
    let mut articles = Vec::new();
    for f in &files {
        let text = String::from_utf8(std::fs::read(f)?)?;
        articles.push((f.clone(), text));
    }
    println!("{} articles from {}", articles.len(), dir.display());
    body_kept(&articles, show);
    injection(&articles, seed, show, 0);
    injection(&articles, seed, show, 1);
    injection(&articles, seed, show, 2);
    Ok(())
}

/// Code-point ranges of the non-blank lines of `text` (trimmed).
fn line_ranges(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for raw in text.split('\n') {
        let len = raw.chars().count();
        let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
        let t = raw.trim();
        if !t.is_empty() {
            let start = pos + lead;
            out.push((start..start + t.chars().count(), t.to_owned()));
        }
        pos += len + 1;
    }
    out
}

/// The reported title equals the first line, up to runs of whitespace.
fn same_title(got: Option<&str>, want: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    got.is_some_and(|g| norm(g) == norm(want))
}

/// Characters of `range` covered by removed spans.
fn removed_chars(a: &Article, range: &Range<usize>) -> usize {
    a.removed
        .iter()
        .map(|r| {
            let s = r.span.char.start.max(range.start);
            let e = r.span.char.end.min(range.end);
            e.saturating_sub(s)
        })
        .sum()
}

fn removed_reason(a: &Article, range: &Range<usize>) -> Option<RemovalReason> {
    a.removed
        .iter()
        .find(|r| r.span.char.start < range.end && r.span.char.end > range.start)
        .map(|r| r.reason)
}

fn body_kept(articles: &[(PathBuf, String)], show: usize) {
    let t0 = Instant::now();
    let (mut total, mut lost, mut titles, mut lines_lost) = (0usize, 0usize, 0usize, 0usize);
    let mut shown = 0;
    let mut bytes = 0usize;
    for (path, text) in articles {
        bytes += text.len();
        let a = clean::clean(text);
        let lines = line_ranges(text);
        let Some(((_, title), body)) = lines.split_first() else {
            continue;
        };
        if same_title(a.title.as_deref(), title) {
            titles += 1;
        }
        for (range, line) in body {
            let n = range.len();
            let r = removed_chars(&a, range);
            total += n;
            lost += r;
            if r > 0 {
                lines_lost += 1;
                if shown < show {
                    shown += 1;
                    println!(
                        "  lost body line ({:?}) in {}: {:?}",
                        removed_reason(&a, range),
                        path.display(),
                        line.chars().take(100).collect::<String>()
                    );
                }
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!("(a) clean articles: body characters kept {:.4}% ({} of {} lost, in {} lines); title found {}/{} ({:.2}%); {:.1} MB/s",
        100.0 * (total - lost) as f64 / total.max(1) as f64,
        lost,
        total,
        lines_lost,
        titles,
        articles.len(),
        100.0 * titles as f64 / articles.len().max(1) as f64,
        bytes as f64 / 1e6 / secs.max(1e-9),
    );
}

/// SplitMix64: small, deterministic, good enough for sampling templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SITES: &[&str] = &[
    "The Daily Courier",
    "Global Times Online",
    "NewsHub",
    "Metro Herald",
    "The Observer Post",
    "CityWire",
    "Asia Pulse",
    "Le Journal",
    "Morning Star Tribune",
    "Gazette24",
    "TechBeat",
    "Caucasus Today",
    "Island Express",
    "Northern Echo Live",
];
const SECTIONS: &[&str] = &[
    "Home",
    "News",
    "World",
    "Business",
    "Politics",
    "Sport",
    "Tech",
    "Science",
    "Health",
    "Entertainment",
    "Culture",
    "Opinion",
    "Travel",
    "Video",
    "Lifestyle",
    "Markets",
    "Local",
    "Weather",
    "Podcasts",
    "Photos",
    "Economy",
    "Education",
    "Climate",
    "Africa",
    "Europe",
];
const CITIES: &[&str] = &[
    "Port Louis",
    "London",
    "Baku",
    "Yerevan",
    "Paris",
    "Lagos",
    "Karachi",
    "Manila",
    "Lima",
    "Dhaka",
    "Nairobi",
    "Toronto",
    "Sydney",
    "Tbilisi",
    "Accra",
];
const NAMES: &[&str] = &[
    "Jane Doe",
    "Ahmed Karimov",
    "Maria Lopez",
    "Chen Wei",
    "Olivia Brown",
    "Tomasz Nowak",
    "Fatima Bello",
    "Raj Patel",
    "Anna Petrova",
    "John O'Neill",
];
const HANDLES: &[&str] = &[
    "dailycourier",
    "NewsHubLive",
    "metro_herald",
    "ChaudhryMAli88",
    "jdoe_reports",
    "gazette24",
    "AsiaPulseNews",
    "OPost",
];
const LANGS: &[&str] = &[
    "French",
    "Arabic",
    "Spanish",
    "Urdu",
    "Russian",
    "Hindi",
    "Portuguese",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const TOPICS: &[&str] = &[
    "Economy",
    "Elections",
    "Football",
    "Oil",
    "Brexit",
    "Technology",
    "Climate change",
    "Music",
    "Film",
    "Health",
    "Europe",
    "Trade",
    "Banking",
    "Tennis",
    "Mobile phones",
];
const HEADLINE_SUBJ: &[&str] = &[
    "Minister",
    "Central bank",
    "Striker",
    "Film festival",
    "Oil giant",
    "Court",
    "Parliament",
    "Tech firm",
    "Union",
    "Star",
    "Regulator",
    "Police",
];
const HEADLINE_VERB: &[&str] = &[
    "unveils plan to",
    "warns over",
    "set to",
    "rejects call to",
    "backs bid to",
    "faces probe over",
    "vows to",
    "hits back at",
];
const HEADLINE_OBJ: &[&str] = &[
    "cut taxes",
    "rising prices",
    "boost exports",
    "new stadium",
    "record profits",
    "data breach",
    "reform pensions",
    "streaming deal",
    "fuel shortage",
    "election date",
];

fn headline(r: &mut Rng) -> String {
    let mut h = format!(
        "{} {} {}",
        r.pick(HEADLINE_SUBJ),
        r.pick(HEADLINE_VERB),
        r.pick(HEADLINE_OBJ)
    );
    if r.chance(0.4) {
        h = h
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    h
}

fn date_text(r: &mut Rng) -> String {
    let d = 1 + r.below(28);
    let m = r.pick(MONTHS);
    let y = 2003 + r.below(22);
    match r.below(4) {
        0 => format!("{}, {m} {d}, {y}", r.pick(WEEKDAYS)),
        1 => format!("{d} {m} {y}"),
        2 => format!("{y}-{:02}-{d:02}", 1 + r.below(12)),
        _ => format!("{} {d}, {y} {}:{:02}", &m[..3], r.below(24), r.below(60)),
    }
}

/// The kinds of page chrome, with a generator each.
const KINDS: &[&str] = &[
    "menu",
    "cookie",
    "share",
    "newsletter",
    "comment-form",
    "weather",
    "ticker",
    "related",
    "footer",
    "pagination",
    "caption",
    "handle",
    "counter",
    "tags",
    "timestamp",
    "ad",
    "app-lang",
    "byline",
];

/// Kinds that sites put between paragraphs.
const MID_KINDS: &[&str] = &["ad", "caption", "related", "share", "newsletter"];

fn chrome(kind: &str, r: &mut Rng) -> Vec<String> {
    let site = r.pick(SITES);
    let one = |s: String| vec![s];
    match kind {
        "menu" => {
            let n = 3 + r.below(6);
            let items: Vec<&str> = (0..n).map(|_| r.pick(SECTIONS)).collect();
            match r.below(4) {
                0 => one(items.join(" | ")),
                1 => one(items.join(" • ")),
                2 => items.iter().map(|s| s.to_string()).collect(),
                _ => one(format!("Skip to {}", r.pick(&["content", "main content", "navigation"]))),
            }
        }
        "cookie" => one(r.pick(&[
            "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.",
            "This website uses cookies. Learn more in our Cookie Policy.",
            "Accept all cookies",
            "Manage cookie preferences",
            "We value your privacy",
            "By using this site you consent to our Privacy Policy and Terms of Use.",
            "Cookie settings",
        ]).to_string()),
        "share" => one(match r.below(7) {
            0 => "Share this article".to_string(),
            1 => format!("Share on {}", r.pick(&["Facebook", "Twitter", "WhatsApp", "LinkedIn", "Telegram"])),
            2 => "Share it...".to_string(),
            3 => format!("Follow us on {}", r.pick(&["Twitter", "Instagram", "Facebook", "Google News"])),
            4 => "Facebook Twitter WhatsApp Email Print".to_string(),
            5 => "Copy link".to_string(),
            _ => format!("Like {site} on Facebook"),
        }),
        "newsletter" => one(match r.below(6) {
            0 => format!("Sign up for the {site} daily newsletter"),
            1 => "Get the latest headlines delivered to your inbox every morning".to_string(),
            2 => "Subscribe now".to_string(),
            3 => "Enter your email address".to_string(),
            4 => format!("Subscribe to our {} newsletter", r.pick(SECTIONS)),
            _ => "Thank you for subscribing!".to_string(),
        }),
        "comment-form" => {
            let lines: &[&str] = &[
                "Leave a comment",
                "Please enter your comment!",
                "Please enter your name here",
                "You have entered an incorrect email address!",
                "Your email address will not be published. Required fields are marked *",
                "Post Comment",
                "Name *",
                "Save my name, email, and website in this browser for the next time I comment.",
                "Log in to comment",
                "Comments (12)",
                "Be the first to comment",
            ];
            let n = 1 + r.below(3);
            (0..n).map(|_| r.pick(lines).to_string()).collect()
        }
        "weather" => match r.below(4) {
            0 => vec![format!("{}.{} C", 10 + r.below(25), r.below(10)), r.pick(CITIES).to_string()],
            1 => one(format!("{} {}°C", r.pick(CITIES), r.below(35))),
            2 => one(format!("Humidity: {}%  Wind: {} km/h", 30 + r.below(60), r.below(40))),
            _ => one(format!("{}, {}°", r.pick(&["Sunny", "Cloudy", "Light rain", "Clear"]), r.below(35))),
        },
        "ticker" => one(match r.below(4) {
            0 => format!("BREAKING: {}", headline(r)),
            1 => format!("LIVE: {}", headline(r)),
            2 => format!("FTSE 100 {},{:03}.{} ▲ 0.{}%", 6 + r.below(2), r.below(1000), r.below(10), r.below(10)),
            _ => format!("EUR/USD 1.{:04}  Gold ${},{:03}", r.below(10000), 1 + r.below(2), r.below(1000)),
        }),
        "related" => {
            let head = r.pick(&["Related Articles", "You may also like", "Most Read", "Trending Now", "More from this section", "Latest Articles", "More Articles", "Recommended", "Must Read"]);
            match r.below(3) {
                0 => one(head.to_string()),
                1 => one(format!("{}: {}", r.pick(&["Read more", "Related", "See also", "READ MORE", "Also read"]), headline(r))),
                _ => {
                    let mut v = vec![head.to_string()];
                    v.extend((0..2 + r.below(3)).map(|_| headline(r)));
                    v
                }
            }
        }
        "footer" => one(match r.below(5) {
            0 => format!("© {} {site}. All rights reserved.", 2000 + r.below(25)),
            1 => format!("Copyright {} {site} Ltd", 2000 + r.below(25)),
            2 => "About Us | Contact | Privacy Policy | Terms of Use".to_string(),
            3 => "Powered by WordPress".to_string(),
            _ => format!("{site} is not responsible for the content of external sites."),
        }),
        "pagination" => one(match r.below(4) {
            0 => format!("Page {} of {}", 1 + r.below(3), 3 + r.below(5)),
            1 => "Next »".to_string(),
            2 => "« Previous".to_string(),
            _ => "1 2 3 4 Next".to_string(),
        }),
        "caption" => one(match r.below(5) {
            0 => format!("Photo: {}", r.pick(&["AFP", "Reuters", "AP", "Getty Images", "EPA"])),
            1 => format!("Image: {}/{}", r.pick(NAMES), r.pick(&["Reuters", "AFP", "Getty"])),
            2 => format!("(Photo by {}/{})", r.pick(NAMES), r.pick(&["Reuters", "AFP"])),
            3 => "File photo".to_string(),
            _ => format!("Image caption {}", headline(r)),
        }),
        "handle" => one(match r.below(3) {
            0 => format!("(@{})", r.pick(HANDLES)),
            1 => format!("@{}", r.pick(HANDLES)),
            _ => format!("Follow {} on Twitter: @{}", r.pick(NAMES), r.pick(HANDLES)),
        }),
        "counter" => one(match r.below(5) {
            0 => format!("Read: {}", r.below(5000)),
            1 => format!("Views: {},{:03}", 1 + r.below(50), r.below(1000)),
            2 => format!("{} comments", r.below(300)),
            3 => format!("{} min read", 2 + r.below(10)),
            _ => format!("Reading time: {} minutes", 2 + r.below(10)),
        }),
        "tags" => {
            let a = r.pick(TOPICS);
            let b = r.pick(TOPICS);
            one(match r.below(3) {
                0 => format!("Tags: {a}, {b}"),
                1 => format!("More about: #{}   #{}", a.replace(' ', ""), b.replace(' ', "")),
                _ => format!("Topics: {a} | {b}"),
            })
        }
        "timestamp" => one(match r.below(5) {
            0 => format!("{} minutes ago", 1 + r.below(59)),
            1 => format!("Updated {:02}:{:02} GMT", r.below(24), r.below(60)),
            2 => format!("Published {} hours ago", 1 + r.below(23)),
            3 => date_text(r),
            _ => format!("Last updated: {}", date_text(r)),
        }),
        "ad" => one(r.pick(&[
            "Advertisement", "- Advertisement -", "ADVERTISEMENT", "Sponsored Content",
            "Story continues below advertisement", "Scroll to continue with content",
            "- Advertisement -spot_img", "Ad",
        ]).to_string()),
        "app-lang" => one(match r.below(6) {
            0 => "Download The App:".to_string(),
            1 => format!("Get the {site} app"),
            2 => format!("Read in {}", r.pick(LANGS)),
            3 => "font size".to_string(),
            4 => "Listen to this article".to_string(),
            _ => format!("Switch to {} edition", r.pick(LANGS)),
        }),
        _ => one(match r.below(3) {
            0 => format!("By {}", r.pick(NAMES)),
            1 => format!("By {}, {site}", r.pick(NAMES)),
            _ => format!("{site} Staff"),
        }),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Title,
    Body,
    Chrome(usize),
}

/// Held-out chrome: lines written after the cleaner was tuned, never looked at while tuning.
/// Used as is by the second injection run, whatever the kind asked for.
const HELD_OUT: &[&str] = &[
    "Jump to navigation",
    "Main menu",
    "Toggle dark mode",
    "Sections ▾",
    "Our journalism relies on your support. Become a member today.",
    "Already a subscriber? Log in",
    "Support independent journalism",
    "Get our morning briefing straight to your phone",
    "Join 50,000 readers who get our free weekly digest",
    "Send us your story tips: tips@example.com",
    "Got a story? Contact our newsroom.",
    "Pin it",
    "Save for later",
    "Bookmark",
    "Report an error",
    "Most viewed",
    "Editor's choice",
    "Also on this site",
    "Around the web",
    "Promoted stories",
    "Paid partner content",
    "This content is provided by our partners.",
    "Image 1 of 12",
    "Click to enlarge",
    "Watch: highlights of the match",
    "Audio: listen to the full interview (12:31)",
    "Sunrise 06:12 Sunset 19:48",
    "AQI 42 Good",
    "USD/JPY 151.22 ▼0.3%",
    "Dow Jones 38,904.04 +0.17%",
    "Last edited 3 hrs ago",
    "Posted 2d ago",
    "Share via Email",
    "Send to a friend",
    "Terms | Privacy | Accessibility | Sitemap",
    "Registered in England and Wales. Company number 01234567.",
    "This article is more than 2 years old",
    "Sign up to receive alerts",
    "Turn on notifications",
    "Loading comments...",
    "Show 24 replies",
    "Translate this page",
    "Print edition",
    "Continue reading the main story",
    "Advertisement - scroll to continue",
    "Filed under: Politics, Europe",
    "Keywords: housing; rent; law",
    "Photographer: Jane Doe for The Daily Courier",
    "Source: Reuters graphics",
];

/// A second held-out set, written after the cleaner's last change and measured once.
const HELD_OUT_2: &[&str] = &[
    "Breaking news alerts",
    "Listen to article",
    "Share on Reddit",
    "Updated: 14:05, 3 March 2025",
    "Opinion | Letters to the editor",
    "Follow the topics, people and companies that matter to you.",
    "Your privacy choices",
    "Do not sell my personal information",
    "Weather: 18°C, partly cloudy",
    "Trending: Election results / Transfer news / Budget 2025",
    "Advertisement · Scroll to continue",
    "Recommended by Outbrain",
    "Sponsored: Top 10 hotels in Lisbon for 2025",
    "Comments are closed.",
    "Read next",
    "Subscribe for €1 a month",
    "Have your say",
    "Image source, Getty Images",
    "Caption: Firefighters at the scene on Monday",
    "Media caption, Watch: the moment the bridge collapsed",
    "More on this story",
    "Related Topics",
    "Top Stories",
    "Features & Analysis",
    "© Copyright 2025 NewsCorp Australia",
    "Back to top ↑",
    "Next article →",
    "Page 2",
    "Tags",
    "Topics: Transport",
    "By The Associated Press",
    "Reporting by Staff; Editing by Desk",
    "Written by Editorial Team",
    "5 min read · Mar 3, 2025",
    "Views 3.4k",
    "❤ 128  💬 14",
    "@CourierNews on X",
    "Like this story? Share it with a friend.",
    "Enjoyed this article? Sign up to our free newsletter.",
    "Newsletter",
    "Accept and continue",
    "This site is protected by reCAPTCHA.",
    "The Daily Courier is a member of the Independent Press Standards Organisation.",
    "Contact us | Careers | Advertise with us",
    "Download our free app for iPhone and Android",
    "Best deals of the week",
    "Live blog",
    "Key points",
    "Explainer",
    "Follow us",
];

fn injection(articles: &[(PathBuf, String)], seed: u64, show: usize, held_out: u8) {
    let mut r = Rng(seed);
    let mut per_kind = vec![(0usize, 0usize); KINDS.len()];
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut tp_c, mut fp_c, mut fn_c) = (0usize, 0usize, 0usize);
    let mut titles = 0usize;
    let (mut shown_fn, mut shown_fp, mut shown_title) = (0usize, 0usize, 0usize);
    for (path, text) in articles {
        let lines = line_ranges(text);
        let Some(((_, title), body)) = lines.split_first() else {
            continue;
        };
        let mut doc: Vec<(Role, String)> = Vec::new();
        let cluster = |r: &mut Rng, doc: &mut Vec<(Role, String)>, kinds: &[&str], n: usize| {
            for _ in 0..n {
                let kind = r.pick(kinds);
                let k = KINDS.iter().position(|x| *x == kind).unwrap_or(0);
                if held_out > 0 {
                    let set = if held_out == 1 { HELD_OUT } else { HELD_OUT_2 };
                    doc.push((Role::Chrome(k), r.pick(set).to_string()));
                    continue;
                }
                for l in chrome(kind, r) {
                    doc.push((Role::Chrome(k), l));
                }
            }
        };
        if r.chance(0.7) {
            let n = 1 + r.below(5);
            cluster(
                &mut r,
                &mut doc,
                &[
                    "menu",
                    "weather",
                    "ticker",
                    "app-lang",
                    "cookie",
                    "timestamp",
                    "share",
                    "handle",
                ],
                n,
            );
        }
        doc.push((Role::Title, title.clone()));
        if r.chance(0.6) {
            let n = 1 + r.below(3);
            cluster(
                &mut r,
                &mut doc,
                &[
                    "timestamp",
                    "byline",
                    "counter",
                    "share",
                    "handle",
                    "caption",
                    "app-lang",
                ],
                n,
            );
        }
        for (i, (_, line)) in body.iter().enumerate() {
            if i > 0 && r.chance(0.12) {
                cluster(&mut r, &mut doc, MID_KINDS, 1);
            }
            doc.push((Role::Body, line.clone()));
        }
        if r.chance(0.85) {
            let n = 1 + r.below(6);
            cluster(&mut r, &mut doc, KINDS, n);
        }
        // Assemble with varied separators and line endings.
        let crlf = r.chance(0.2);
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        let mut ranges: Vec<(Role, Range<usize>)> = Vec::new();
        let mut chars = 0usize;
        let mut prev_chrome = false;
        for (role, line) in &doc {
            if !out.is_empty() {
                let tight = prev_chrome && matches!(role, Role::Chrome(_)) && r.chance(0.5);
                let sep = if tight {
                    nl.to_string()
                } else {
                    format!("{nl}{nl}")
                };
                chars += sep.chars().count();
                out.push_str(&sep);
            }
            let n = line.chars().count();
            ranges.push((*role, chars..chars + n));
            out.push_str(line);
            chars += n;
            prev_chrome = matches!(role, Role::Chrome(_));
        }
        let a = clean::clean(&out);
        if std::env::var("CLEAN_BENCH_DUMP").is_ok_and(|d| path.ends_with(d)) {
            println!("--- generated document {}:\n{out}\n---", path.display());
        }
        if same_title(a.title.as_deref(), title) {
            titles += 1;
        } else if shown_title < show {
            shown_title += 1;
            println!(
                "  title {}: got {:?}, expected {:?}",
                path.display(),
                a.title,
                title
            );
        }
        for (role, range) in &ranges {
            let n = range.len();
            let cut = removed_chars(&a, range);
            let removed = cut * 2 > n;
            match role {
                Role::Title => {}
                Role::Body => {
                    if removed {
                        fp += 1;
                    }
                    fp_c += cut;
                    if removed && shown_fp < show {
                        shown_fp += 1;
                        println!(
                            "  removed body ({:?}) {}: {:?}",
                            removed_reason(&a, range),
                            path.display(),
                            out.chars()
                                .skip(range.start)
                                .take(range.len().min(100))
                                .collect::<String>()
                        );
                    }
                }
                Role::Chrome(k) => {
                    per_kind[*k].0 += 1;
                    if removed {
                        tp += 1;
                        per_kind[*k].1 += 1;
                    } else {
                        fn_ += 1;
                        if shown_fn < show {
                            shown_fn += 1;
                            println!(
                                "  kept chrome [{}] {}: {:?}",
                                KINDS[*k],
                                path.display(),
                                out.chars()
                                    .skip(range.start)
                                    .take(range.len())
                                    .collect::<String>()
                            );
                        }
                    }
                    tp_c += cut;
                    fn_c += n - cut;
                }
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let rc = tp as f64 / (tp + fn_).max(1) as f64;
    let pc = tp_c as f64 / (tp_c + fp_c).max(1) as f64;
    let rcc = tp_c as f64 / (tp_c + fn_c).max(1) as f64;
    println!(
        "(b) injection{} (seed {seed}): {} chrome lines inserted; lines: precision {p:.4} recall {rc:.4} (TP {tp}, FP {fp}, FN {fn_}); characters: precision {pc:.4} recall {rcc:.4}; title found {titles}/{}",
        ["", " of held-out set 1", " of held-out set 2"][usize::from(held_out.min(2))],
        tp + fn_,
        articles.len()
    );
    if held_out > 0 {
        return;
    }
    let mut line = String::from("    recall by kind:");
    for (k, (n, hit)) in per_kind.iter().enumerate() {
        if *n > 0 {
            line.push_str(&format!(
                " {} {:.3} ({n});",
                KINDS[k],
                *hit as f64 / *n as f64
            ));
        }
    }
    println!("{line}");
}

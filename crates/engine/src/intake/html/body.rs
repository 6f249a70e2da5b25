//! A parsed page → the paragraphs of its article body.
//!
//! 1. **Prune.** Never text: `script`, `style`, `template`, forms' controls, `svg`, `iframe`,
//!    hidden elements (`hidden`, `aria-hidden`, `display:none`). Page furniture: `nav`,
//!    `aside`, `footer`, `figcaption` (a figure's quote or table stays), `dialog`; in the strict pass also `header`,
//!    `form`, landmark roles (`navigation`, `banner`, `complementary`, ...) and elements whose
//!    `id`/`class` name boilerplate (share, related, newsletter, comments, sidebar, ads, ...)
//!    unless they also name content (`article`, `content`, `story`, ...) or hold the article.
//! 2. **Score** (Readability's): every paragraph-like element (`p`, `pre`, `td`, a `div` of
//!    inline content) of 25 or more characters gives `1 + commas + min(chars / 100, 3)` to its
//!    parent, half to its grandparent, less further up; containers start from a tag weight and
//!    ±25 for content/boilerplate names; the score is scaled by `1 - link density`.
//! 3. **Choose.** The publisher's own markup wins when it holds enough of the text:
//!    `itemprop=articleBody`, then well-known body class names (`article-body`, `entry-content`,
//!    `story-body`, ...). Otherwise the best-scored container, widened to the ancestor with
//!    the most prose for the least chrome (`prose - 2 × chrome` characters: a body split into
//!    sections is gathered whole), else with its siblings that score close to it or are
//!    paragraphs of prose (Readability's sibling rule); an `<article>` element is preferred
//!    when the best container lies outside it.
//! 4. **Collect.** Block elements start paragraphs; two `<br>` in a row end one, a single
//!    `<br>` is a line break inside it. Blocks that are mostly links, headings with no text under
//!    them, repeats, and the headline (`h1`) are left out.
//! 5. **Fall back.** A short result is retried without the strict pruning; a page with no
//!    article at all gives its visible text, block by block ([`Found::WholePage`]).

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// How the body was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The article's container.
    Article,
    /// No article container: the page's visible text.
    WholePage,
    /// The page shows no text at all.
    Nothing,
}

/// A paragraph: lines (a single `<br>` separates lines).
pub type Paragraph = Vec<String>;

/// Tags whose content is never text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "button", "select", "input", "textarea", "option", "head", "title",
    "meta", "link", "map", "datalist", "source", "track", "img", "picture",
];

/// Page furniture, always left out of the body.
const FURNITURE: &[&str] = &["nav", "aside", "footer", "figcaption", "dialog", "menu"];

/// Left out in the strict pass.
const STRICT_TAGS: &[&str] = &["header", "form"];

const BAD_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
    "alert",
];

/// Boilerplate, found anywhere in an `id`/`class` (lowercased, `_` read as `-`), whatever
/// else the name says.
const BAD_NAMES: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "comment",
    "recommend",
    "promo",
    "sponsor",
    "outbrain",
    "taboola",
    "cookie",
    "breadcrumb",
    "subscri",
    "signup",
    "sign-up",
    "trending",
    "popular",
    "most-read",
    "mostread",
    "advert",
    "byline",
    "author-bio",
    "authorbio",
    "caption",
    "disqus",
    "pagination",
    "pager",
    "skip-link",
    "skiplink",
    "modal",
    "popup",
    "sr-only",
    "screen-reader",
    "visually-hidden",
    "read-more",
    "readmore",
    "more-stories",
    "also-read",
    "next-article",
    "paywall",
    "tag-list",
    "taglist",
    "article-tags",
    "post-tags",
    "author-info",
    "about-author",
    "copyright",
    "print-only",
    "jump-link",
    "further-reading",
    "more-from",
    "you-may-like",
    "recirc",
];

/// Boilerplate unless the name also says content (`content-sidebar` stays prunable,
/// `main-content-wrapper` does not).
const WEAK_BAD_NAMES: &[&str] = &[
    "sidebar",
    "footer",
    "masthead",
    "navbar",
    "navigation",
    "menu",
    "widget",
    "banner",
    "toolbar",
    "overlay",
    "login",
    "rating",
    "reply",
    "respond",
];

/// Weak boilerplate as a whole word of an `id`/`class`.
const BAD_WORDS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "header",
    "meta",
    "aside",
    "tools",
    "print",
    "tags",
    "hide",
    "hidden",
    "credit",
    "credits",
    "extra",
    "dateline",
    "timestamp",
    "date",
    "author",
    "toc",
];

/// Content: rescues a weak boilerplate name.
const GOOD_NAMES: &[&str] = &[
    "article",
    "content",
    "story",
    "entry",
    "post-body",
    "main",
    "text",
    "body",
    "blog",
];

/// Class names publishers give the article body (lowercased, `_` read as `-`).
const BODY_NAMES: &[&str] = &[
    "articlebody",
    "article-body",
    "article--body",
    "article-content",
    "article--content",
    "article-text",
    "articletext",
    "article-main",
    "story-body",
    "storybody",
    "story-content",
    "story-text",
    "entry-content",
    "entry-body",
    "post-content",
    "post-body",
    "postbody",
    "post-entry",
    "post-text",
    "content-body",
    "body-text",
    "bodytext",
    "text-body",
    "main-text",
    "td-post-content",
    "rich-text",
    "c-entry-content",
    "field-name-body",
    "field--name-body",
    "news-body",
    "news-content",
    "newsbody",
    "articlecontent",
    "article-inner",
    "body-copy",
    "story-body-text",
    "single-content",
    "blog-content",
    "page-content-body",
];

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "ul",
    "caption",
    "html",
    "dialog",
    "menu",
    "legend",
    "option",
    "output",
];

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Per-element text statistics (without never-text content).
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Non-whitespace characters.
    chars: usize,
    /// Non-whitespace characters inside links.
    link_chars: usize,
    commas: usize,
    /// Whether a block element sits inside.
    has_block: bool,
}

impl Stats {
    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// The body of a page, and how it was found.
pub fn extract(doc: &Html) -> (Vec<Paragraph>, Found) {
    let root = doc.tree.root();
    let stats = compute_stats(root);
    let body = root
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .unwrap_or(root);
    let protected = protected(root, &stats);

    let strict = Pruning {
        strict: true,
        protected: &protected,
    };
    let loose = Pruning {
        strict: false,
        protected: &protected,
    };
    let mut best: Vec<Paragraph> = Vec::new();
    for pruning in [&strict, &loose] {
        let dropped = pruning.dropped(body, &stats);
        let roots = choose(body, &stats, &dropped);
        let paragraphs = collect(&roots, &dropped, true);
        let len = chars_of(&paragraphs);
        if len > chars_of(&best) {
            best = paragraphs;
        }
        if len >= 250 {
            break;
        }
    }
    if chars_of(&best) >= 40 {
        return (best, Found::Article);
    }
    // No article: the visible text of the page, furniture aside when that leaves anything.
    let mut whole = collect(&[body], &loose.dropped(body, &stats), false);
    if whole.is_empty() {
        whole = collect(&[body], &never_text(body), false);
    }
    if chars_of(&whole) > chars_of(&best) {
        (whole, Found::WholePage)
    } else if best.is_empty() {
        (best, Found::Nothing)
    } else {
        (best, Found::Article)
    }
}

fn chars_of(paragraphs: &[Paragraph]) -> usize {
    paragraphs
        .iter()
        .flatten()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// The element's lowercased `id` and `class`, `_` read as `-`.
fn names_of(node: &Node) -> String {
    let Node::Element(e) = node else {
        return String::new();
    };
    let mut s = String::new();
    for a in ["id", "class", "itemprop"] {
        if let Some(v) = e.attr(a) {
            s.push(' ');
            s.push_str(&v.to_ascii_lowercase().replace('_', "-"));
        }
    }
    s
}

fn has_word(names: &str, words: &[&str]) -> bool {
    names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| words.contains(&w))
}

fn is_bad_name(names: &str) -> bool {
    let weak = WEAK_BAD_NAMES.iter().any(|b| names.contains(b)) || has_word(names, BAD_WORDS);
    BAD_NAMES.iter().any(|b| names.contains(b))
        || (weak && !GOOD_NAMES.iter().any(|g| names.contains(g)))
}

fn is_body_name(names: &str) -> bool {
    BODY_NAMES.iter().any(|b| names.contains(b))
}

/// Whether the element is hidden from readers.
fn is_hidden(node: &Node) -> bool {
    let Node::Element(e) = node else {
        return false;
    };
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn element_name(node: &Node) -> Option<&str> {
    match node {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// Text statistics of every element, bottom-up, without recursion (pages can nest deeply).
fn compute_stats(root: NodeRef<'_, Node>) -> HashMap<NodeId, Stats> {
    let mut out: HashMap<NodeId, Stats> = HashMap::new();
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(root, false)];
    let mut acc: Vec<Stats> = Vec::new();
    let mut link_depth = 0usize;
    while let Some((node, done)) = stack.pop() {
        let name = element_name(node.value());
        if done {
            let s = acc.pop().unwrap_or_default();
            if name == Some("a") {
                link_depth = link_depth.saturating_sub(1);
            }
            if let Some(parent) = acc.last_mut() {
                parent.chars += s.chars;
                parent.link_chars += s.link_chars;
                parent.commas += s.commas;
                parent.has_block |= s.has_block || name.is_some_and(is_block);
            }
            out.insert(node.id(), s);
            continue;
        }
        match node.value() {
            Node::Text(t) => {
                if let Some(parent) = acc.last_mut() {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    parent.chars += n;
                    parent.commas += t.matches(',').count();
                    if link_depth > 0 {
                        parent.link_chars += n;
                    }
                }
            }
            Node::Element(e) if NEVER_TEXT.contains(&e.name()) => {}
            Node::Element(_) | Node::Document | Node::Fragment => {
                if name == Some("a") {
                    link_depth += 1;
                }
                acc.push(Stats::default());
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, false));
                }
            }
            _ => {}
        }
    }
    out
}

/// Elements that hold the article by the publisher's own markup, and their ancestors: never
/// pruned for their names.
fn protected(root: NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) -> HashSet<NodeId> {
    let chars = |n: &NodeRef<'_, Node>| stats.get(&n.id()).map_or(0, |s| s.chars);
    let mut marks: Vec<NodeRef<'_, Node>> = Vec::new();
    let mut largest_article: Option<NodeRef<'_, Node>> = None;
    for n in root.descendants() {
        let Node::Element(e) = n.value() else {
            continue;
        };
        let names = names_of(n.value());
        if e.attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            || is_body_name(&names)
            || e.name() == "main"
            || e.attr("role").is_some_and(|r| r == "main")
        {
            marks.push(n);
        }
        if e.name() == "article" && largest_article.is_none_or(|a| chars(&n) > chars(&a)) {
            largest_article = Some(n);
        }
    }
    marks.extend(largest_article);
    let mut out = HashSet::new();
    for m in marks {
        out.insert(m.id());
        for a in m.ancestors() {
            if !out.insert(a.id()) {
                break;
            }
        }
    }
    out
}

struct Pruning<'p> {
    strict: bool,
    protected: &'p HashSet<NodeId>,
}

impl Pruning<'_> {
    fn drops(&self, node: &NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) -> bool {
        let value = node.value();
        let Node::Element(e) = value else {
            return matches!(
                value,
                Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_)
            );
        };
        let name = e.name();
        if NEVER_TEXT.contains(&name) || is_hidden(value) {
            return true;
        }
        if self.protected.contains(&node.id()) {
            return false;
        }
        if FURNITURE.contains(&name) {
            return true;
        }
        if !self.strict {
            return false;
        }
        if STRICT_TAGS.contains(&name)
            || e.attr("role")
                .is_some_and(|r| BAD_ROLES.contains(&r.trim()))
        {
            return true;
        }
        if matches!(name, "body" | "html" | "article" | "main") {
            return false;
        }
        let names = names_of(value);
        if BAD_NAMES.iter().any(|b| names.contains(b)) {
            return true;
        }
        if is_bad_name(&names) {
            // A weak name ("widget", "sidebar") on a block of prose is not enough.
            let s = stats.get(&node.id()).copied().unwrap_or_default();
            return s.chars < 200 || s.link_density() > 0.3;
        }
        // A list of links (menus, related stories) is furniture.
        if matches!(name, "ul" | "ol") {
            let s = stats.get(&node.id()).copied().unwrap_or_default();
            return s.chars > 0 && s.link_density() > 0.7;
        }
        false
    }

    /// The roots of the pruned subtrees under `root`.
    fn dropped(&self, root: NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) -> HashSet<NodeId> {
        let mut out = HashSet::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if self.drops(&n, stats) {
                out.insert(n.id());
                continue;
            }
            stack.extend(n.children());
        }
        out
    }
}

/// Only what is never text (the last resort).
fn never_text(root: NodeRef<'_, Node>) -> HashSet<NodeId> {
    let mut out = HashSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let v = n.value();
        if element_name(v).is_some_and(|name| NEVER_TEXT.contains(&name)) || is_hidden(v) {
            out.insert(n.id());
            continue;
        }
        stack.extend(n.children());
    }
    out
}

/// Iterates the elements under `root` that survive pruning.
fn kept_elements<'a>(root: NodeRef<'a, Node>, dropped: &HashSet<NodeId>) -> Vec<NodeRef<'a, Node>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if dropped.contains(&n.id()) || !matches!(n.value(), Node::Element(_)) {
            continue;
        }
        out.push(n);
        let children: Vec<_> = n.children().collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// Statistics of an element with its pruned parts taken out.
fn pruned_stats(
    node: NodeRef<'_, Node>,
    stats: &HashMap<NodeId, Stats>,
    dropped: &HashSet<NodeId>,
) -> Stats {
    let mut s = stats.get(&node.id()).copied().unwrap_or_default();
    let mut stack: Vec<_> = node.children().collect();
    while let Some(n) = stack.pop() {
        if dropped.contains(&n.id()) {
            if let Some(d) = stats.get(&n.id()) {
                s.chars = s.chars.saturating_sub(d.chars);
                s.link_chars = s.link_chars.saturating_sub(d.link_chars);
                s.commas = s.commas.saturating_sub(d.commas);
            }
            continue;
        }
        if matches!(n.value(), Node::Element(_)) {
            stack.extend(n.children());
        }
    }
    s
}

fn tag_weight(name: &str) -> f32 {
    match name {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn class_weight(node: &Node) -> f32 {
    let names = names_of(node);
    let mut w = 0.0;
    if GOOD_NAMES.iter().any(|g| names.contains(g)) || is_body_name(&names) {
        w += 25.0;
    }
    if is_bad_name(&names) {
        w -= 25.0;
    }
    w
}

/// The containers the body is collected from, in document order.
fn choose<'a>(
    body: NodeRef<'a, Node>,
    stats: &HashMap<NodeId, Stats>,
    dropped: &HashSet<NodeId>,
) -> Vec<NodeRef<'a, Node>> {
    let elements = kept_elements(body, dropped);
    let mut live: HashMap<NodeId, Stats> = HashMap::new();
    let mut stat = |n: NodeRef<'_, Node>| -> Stats {
        *live
            .entry(n.id())
            .or_insert_with(|| pruned_stats(n, stats, dropped))
    };

    // Readability scoring.
    let mut scores: HashMap<NodeId, f32> = HashMap::new();
    let mut order: Vec<NodeRef<'a, Node>> = Vec::new();
    for &n in &elements {
        let Some(name) = element_name(n.value()) else {
            continue;
        };
        let paragraph_like = matches!(name, "p" | "pre" | "td")
            || (matches!(name, "div" | "section")
                && !stats.get(&n.id()).is_some_and(|s| s.has_block));
        if !paragraph_like {
            continue;
        }
        let s = stat(n);
        if s.chars < 25 {
            continue;
        }
        let score = 1.0 + s.commas as f32 + (s.chars as f32 / 100.0).min(3.0);
        for (level, a) in n.ancestors().take(5).enumerate() {
            let Some(aname) = element_name(a.value()) else {
                break;
            };
            if aname == "html" {
                break;
            }
            let entry = scores.entry(a.id()).or_insert_with(|| {
                order.push(a);
                tag_weight(aname) + class_weight(a.value())
            });
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            *entry += score / divider;
        }
    }
    let mut top: Option<(NodeRef<'a, Node>, f32)> = None;
    for &a in &order {
        let s = stat(a);
        let score = scores.get(&a.id()).copied().unwrap_or(0.0) * (1.0 - s.link_density());
        if top.is_none_or(|(_, b)| score > b) {
            top = Some((a, score));
        }
    }

    // The publisher's markup.
    let is_inside = |inner: NodeRef<'_, Node>, outer: NodeRef<'_, Node>| {
        inner.id() == outer.id() || inner.ancestors().any(|a| a.id() == outer.id())
    };
    let top_chars = top.map_or(0, |(t, _)| stat(t).chars);
    let mut item_body: Vec<NodeRef<'a, Node>> = Vec::new();
    let mut named_body: Vec<NodeRef<'a, Node>> = Vec::new();
    let mut articles: Vec<NodeRef<'a, Node>> = Vec::new();
    for &n in &elements {
        let Node::Element(e) = n.value() else {
            continue;
        };
        if e.attr("itemprop").is_some_and(|p| {
            p.split_whitespace()
                .any(|t| t.eq_ignore_ascii_case("articleBody"))
        }) {
            item_body.push(n);
        } else if is_body_name(&names_of(n.value())) {
            named_body.push(n);
        }
        if e.name() == "article" {
            articles.push(n);
        }
    }
    for group in [item_body, named_body] {
        // Outermost marked elements only.
        let outer: Vec<NodeRef<'a, Node>> = group
            .iter()
            .copied()
            .filter(|&n| !group.iter().any(|&o| o.id() != n.id() && is_inside(n, o)))
            .collect();
        if outer.is_empty() {
            continue;
        }
        let best = outer.iter().copied().max_by_key(|&n| stat(n).chars);
        let Some(best) = best else { continue };
        let best_chars = stat(best).chars;
        if best_chars < 100 {
            continue;
        }
        let holds_top = top.is_some_and(|(t, _)| is_inside(t, best) || is_inside(best, t));
        if holds_top || best_chars * 10 >= top_chars * 4 {
            // Several marked parts (a body split around ads) are all kept when they are
            // siblings' relatives of the best one; lone small ones elsewhere are not.
            return outer
                .into_iter()
                .filter(|&n| n.id() == best.id() || stat(n).chars * 5 >= best_chars)
                .collect();
        }
    }
    let Some((top, top_score)) = top else {
        return Vec::new();
    };
    // An <article> holding a good share of the text, when the best container lies outside.
    if !articles.iter().any(|&a| is_inside(top, a)) {
        if let Some(&art) = articles.iter().max_by_key(|&&a| stat(a).chars) {
            if stat(art).chars * 10 >= top_chars * 5 && stat(art).link_density() < 0.4 {
                return vec![art];
            }
        }
    }
    // Sections of one article (a body split into blocks) are gathered by widening the best
    // container to the ancestor with the most prose for the least chrome.
    let chain: Vec<NodeRef<'a, Node>> = std::iter::once(top)
        .chain(top.ancestors().take_while(|a| a.id() != body.id()))
        .collect();
    let widened = widest_article(body, &chain, dropped).unwrap_or(top);
    if widened.id() != top.id() {
        return vec![widened];
    }
    // Readability's siblings.
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let mut out = Vec::new();
    for sib in parent.children() {
        if dropped.contains(&sib.id()) || !matches!(sib.value(), Node::Element(_)) {
            continue;
        }
        if sib.id() == top.id() {
            out.push(sib);
            continue;
        }
        let s = stat(sib);
        let mut score = scores.get(&sib.id()).copied().unwrap_or(0.0) * (1.0 - s.link_density());
        let top_names = names_of(top.value());
        let sib_names = names_of(sib.value());
        if !top_names.trim().is_empty() && top_names.trim() == sib_names.trim() {
            score += top_score * 0.2;
        }
        let ok = score >= threshold
            || (element_name(sib.value()) == Some("p") && {
                let ld = s.link_density();
                (s.chars > 80 && ld < 0.25) || (s.chars > 0 && ld == 0.0 && ends_sentence(sib))
            });
        if ok {
            out.push(sib);
        }
    }
    out
}

fn ends_sentence(node: NodeRef<'_, Node>) -> bool {
    let text: String = node
        .descendants()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
        .collect();
    text.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}'])
}

/// A block being collected.
#[derive(Default)]
struct Block {
    lines: Vec<String>,
    line: String,
    chars: usize,
    link_chars: usize,
    heading: bool,
    /// `<br>`s in a row (whitespace between them ignored).
    brs: usize,
}

impl Block {
    fn push_text(&mut self, text: &str, in_link: bool) {
        let mut n = 0;
        for c in text.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                if self.brs == 1 {
                    self.break_line();
                }
                self.brs = 0;
                self.line.push(c);
                n += 1;
            }
        }
        self.chars += n;
        if in_link {
            self.link_chars += n;
        }
    }

    fn break_line(&mut self) {
        let line = self.line.trim().to_owned();
        if !line.is_empty() {
            self.lines.push(line);
        }
        self.line.clear();
    }

    fn take(&mut self) -> Option<(Paragraph, usize, usize, bool)> {
        self.break_line();
        let lines = std::mem::take(&mut self.lines);
        let out = (!lines.is_empty()).then_some((lines, self.chars, self.link_chars, self.heading));
        self.chars = 0;
        self.link_chars = 0;
        self.heading = false;
        self.brs = 0;
        out
    }
}

/// One collected block: its lines, non-space characters, link characters, heading.
type Raw = (Paragraph, usize, usize, bool);

/// The blocks under `roots` (pruned parts skipped, the `h1` too when `skip_h1`), and for each
/// element of `marks` the range of blocks inside it.
fn blocks(
    roots: &[NodeRef<'_, Node>],
    dropped: &HashSet<NodeId>,
    skip_h1: bool,
    marks: &HashSet<NodeId>,
) -> (Vec<Raw>, HashMap<NodeId, (usize, usize)>) {
    let mut raw: Vec<Raw> = Vec::new();
    let mut ranges: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for &root in roots {
        let mut block = Block::default();
        let mut link_depth = 0usize;
        let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(root, false)];
        while let Some((node, done)) = stack.pop() {
            let name = element_name(node.value());
            if done {
                if name == Some("a") {
                    link_depth = link_depth.saturating_sub(1);
                }
                if name.is_some_and(is_block) {
                    raw.extend(block.take());
                } else if matches!(name, Some("td" | "th")) {
                    block.push_text(" ", false);
                }
                if let Some(r) = ranges.get_mut(&node.id()) {
                    r.1 = raw.len();
                }
                continue;
            }
            if dropped.contains(&node.id()) {
                continue;
            }
            match node.value() {
                Node::Text(t) => block.push_text(t, link_depth > 0),
                Node::Element(e) => {
                    let name = e.name();
                    if name == "h1" && skip_h1 {
                        // The headline: reported as the title, not body.
                        raw.extend(block.take());
                        continue;
                    }
                    if name == "br" {
                        block.brs += 1;
                        if block.brs >= 2 {
                            raw.extend(block.take());
                        } else {
                            block.line.truncate(block.line.trim_end().len());
                        }
                        continue;
                    }
                    if is_block(name) {
                        raw.extend(block.take());
                        block.heading = is_heading(name);
                    }
                    if name == "a" {
                        link_depth += 1;
                    }
                    if marks.contains(&node.id()) {
                        ranges.insert(node.id(), (raw.len(), raw.len()));
                    }
                    stack.push((node, true));
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(|c| (c, false)));
                }
                _ => {}
            }
        }
        raw.extend(block.take());
    }
    (raw, ranges)
}

/// Blocks of prose: 30 or more characters (or a heading), under 30% of them in links.
fn is_prose(&(_, chars, links, heading): &Raw) -> bool {
    (chars >= 30 || heading) && (links as f32) < 0.3 * chars as f32
}

/// The one among `chain` (an element and its ancestors) that holds the most prose for the
/// least chrome: `prose - 2 × chrome` characters.
fn widest_article<'a>(
    body: NodeRef<'a, Node>,
    chain: &[NodeRef<'a, Node>],
    dropped: &HashSet<NodeId>,
) -> Option<NodeRef<'a, Node>> {
    let marks: HashSet<NodeId> = chain.iter().map(|n| n.id()).collect();
    let (raw, ranges) = blocks(&[body], dropped, true, &marks);
    let mut best: Option<(NodeRef<'a, Node>, f64)> = None;
    for &n in chain {
        let Some(&(start, end)) = ranges.get(&n.id()) else {
            continue;
        };
        let (mut prose, mut chrome) = (0f64, 0f64);
        for b in raw.get(start..end).unwrap_or_default() {
            if is_prose(b) {
                prose += (b.1 - b.2) as f64;
                chrome += b.2 as f64;
            } else {
                chrome += b.1 as f64;
            }
        }
        let value = prose - 2.0 * chrome;
        if best.is_none_or(|(_, v)| value > v) {
            best = Some((n, value));
        }
    }
    best.map(|(n, _)| n)
}

/// The paragraphs under `roots`, pruned parts skipped; `filter` drops link blocks, orphan
/// headings and repeats (the article); without it every block is kept (the whole page).
fn collect(roots: &[NodeRef<'_, Node>], dropped: &HashSet<NodeId>, filter: bool) -> Vec<Paragraph> {
    let (raw, _) = blocks(roots, dropped, filter, &HashSet::new());
    if !filter {
        return raw.into_iter().map(|(p, ..)| p).collect();
    }
    let keep: Vec<bool> = raw
        .iter()
        .map(|(_, chars, links, _)| !(*chars > 0 && *links as f32 / *chars as f32 > 0.5))
        .collect();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, (p, chars, _, heading)) in raw.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if *heading {
            // A heading with no text under it (a "Related" title whose list went) is chrome.
            let next_kept = (i + 1..raw.len()).find(|&j| keep[j]);
            let text_follows = next_kept.is_some_and(|j| !raw[j].3);
            if !text_follows {
                continue;
            }
        }
        let key = p.join(" ");
        if *chars >= 20 && !seen.insert(key) {
            continue;
        }
        out.push(p.clone());
    }
    out
}

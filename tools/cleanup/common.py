"""Shared by train.py and bench.py: run the engine's cleaners over pages, label units."""

import json
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    return WORD.findall(text.lower())


def dump(pages, release=False):
    """Runs the engine's `clean_tools_dump` hook over `pages` (dicts with `id`, `text`);
    returns one record per page: units (start, end, dense, slots, values, keep_model,
    keep_rules, rules features) and both cleaners' articles."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps({"id": p["id"], "text": p["text"]}, ensure_ascii=False) + "\n")
        cmd = ["cargo", "test", "-q", "-p", "entity-lens-engine", "--test", "engine"]
        if release:
            cmd.append("--release")
        cmd += ["clean_tools_dump", "--", "--ignored", "--exact", "clean_tools::clean_tools_dump"]
        env = dict(os.environ, CLEANUP_IN=src, CLEANUP_OUT=dst)
        if os.environ.get("CLEANUP_TEST_BIN"):
            # An already built test binary (features do not depend on the weights).
            cmd = [os.environ["CLEANUP_TEST_BIN"]] + cmd[cmd.index("--") + 1:]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        with open(dst, encoding="utf-8") as f:
            return [json.loads(line) for line in f]


class Truth:
    """A page's ground-truth body, for labelling units."""

    def __init__(self, body):
        toks = tokens(body)
        self.joined = " " + " ".join(toks) + " "
        self.lines = {" ".join(tokens(l)) for l in body.splitlines() if tokens(l)}
        self.trigrams = {tuple(toks[i:i + 3]) for i in range(len(toks) - 2)}

    def is_body(self, unit_text):
        toks = tokens(unit_text)
        if not toks:
            return False
        if len(toks) <= 3:
            # A word or two ("Share", "Blog") may occur anywhere in a body: only a whole body
            # line counts.
            return " ".join(toks) in self.lines
        if " " + " ".join(toks) + " " in self.joined:
            return True
        if len(toks) >= 10:
            grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
            return sum(g in self.trigrams for g in grams) >= 0.8 * len(grams)
        return False


def unit_texts(page_text, units):
    raw = page_text.encode("utf-8")
    return [raw[u[0]:u[1]].decode("utf-8", errors="replace") for u in units]


def load_pages(path, split):
    with open(path, encoding="utf-8") as f:
        return [p for p in map(json.loads, f) if p["split"] == split]

"""Shared fixtures: the reference CLI, the engine, the shared corpora and generated articles.

The CLI is ``$ENTITY_LENS_CLI`` (``crates/python/ci.sh`` sets it), else the release or debug
binary under ``$CARGO_TARGET_DIR`` or ``target/``. The samples and BBC articles are read from
``$ENTITY_LENS_SHARED``, else ``../shared`` next to the repository (the team's shared folder);
tests that need them skip, saying so, when they are absent.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("ENTITY_LENS_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples"
BBC = SHARED / "data" / "bbc-news"


def _cli_path() -> Path:
    if "ENTITY_LENS_CLI" in os.environ:
        return Path(os.environ["ENTITY_LENS_CLI"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "entity-lens").exists():
            return target / profile / "entity-lens"
    return target / "release" / "entity-lens"


@pytest.fixture(scope="session")
def cli():
    """``cli(paths, *args)``: the CLI's JSON records for ``paths`` (``analyze --format jsonl``)."""
    path = _cli_path()
    if not path.exists():
        pytest.fail(f"the reference CLI {path} is missing: run `cargo build --release` (or set ENTITY_LENS_CLI)")

    def run(paths, *args: str) -> List[dict]:
        done = subprocess.run(
            [str(path), "analyze", "--format", "jsonl", *args, *[str(p) for p in paths]],
            capture_output=True,
            check=False,
        )
        # Exit code 1 means some file failed (reported in its record); 2 is a usage error.
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
        return [json.loads(line) for line in done.stdout.decode().splitlines()]

    return run


@pytest.fixture(scope="session")
def engine():
    import entity_lens

    return entity_lens.Engine()


@pytest.fixture(scope="session")
def samples() -> List[Path]:
    files = sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []
    if not files:
        pytest.skip(f"the five samples are not at {SAMPLES} (set ENTITY_LENS_SHARED to the shared folder)")
    return files


@pytest.fixture(scope="session")
def bbc_200() -> List[str]:
    """200 BBC articles, 40 from each topic folder (the first 40 in name order)."""
    if not BBC.is_dir():
        pytest.skip(f"the BBC articles are not at {BBC} (set ENTITY_LENS_SHARED to the shared folder)")
    files: List[str] = []
    for topic in sorted(p for p in BBC.iterdir() if p.is_dir()):
        files.extend(str(p) for p in sorted(topic.glob("*.txt"))[:40])
    if len(files) != 200:
        pytest.skip(f"expected 5 topic folders of at least 40 articles under {BBC}, found {len(files)} files")
    return files


# --- generated articles -------------------------------------------------------------------

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Jacinda Ardern", "José María Aznar", "Zoë Ball",
          "Li Wei", "Olusegun Obasanjo", "Søren Kierkegaard", "Mary O'Brien", "Dr. Ahmed Khan"]
ORGS = ["the European Union", "Microsoft", "the United Nations", "Deutsche Bank", "NASA",
        "the World Health Organization", "Manchester United", "Reuters", "Toyota Motor Corp."]
PLACES = ["Paris", "Berlin", "São Paulo", "New York", "Tokyo", "Lagos", "Zürich", "the Thames",
          "Mount Kilimanjaro", "Kraków"]
WHEN = ["on Tuesday", "last year", "in March 2004", "on 12 June", "next week", "in the 1990s",
        "this morning", "on Christmas Eve"]
AMOUNTS = ["$2 billion", "€15m", "£3.5bn", "¥900,000", "40%", "three times", "1,200 people",
           "7.5 per cent", "20 km"]
VERBS = ["met", "criticised", "signed a deal with", "thanked", "was seen with", "sued",
         "welcomed"]
CLUTTER = ["Share this article", "Advertisement", "Sign up for our newsletter", "Read more:",
           "Follow us on Twitter", "© 2024 All rights reserved", "Comments (12)", "Cookie settings"]
EXTRAS = ["café", "naïve", "😀", "e\u0301", "—", "“quoted”", "l’été", "\u00a0", "…"]


def _sentence(rng: random.Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return f"{rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(PEOPLE)} in {rng.choice(PLACES)} {rng.choice(WHEN)}."
    if shape == 1:
        return f"{rng.choice(ORGS).capitalize()} said it would spend {rng.choice(AMOUNTS)} in {rng.choice(PLACES)} {rng.choice(WHEN)}."
    if shape == 2:
        return f"\"We are ready,\" {rng.choice(PEOPLE)} told {rng.choice(ORGS)} {rng.choice(EXTRAS)} {rng.choice(WHEN)}."
    return f"Shares in {rng.choice(ORGS)} rose {rng.choice(AMOUNTS)} after {rng.choice(PEOPLE)} visited {rng.choice(PLACES)}."


def generated_article(seed: int) -> str:
    """A news-like article with entities, clutter lines and non-ASCII text, from a seed."""
    rng = random.Random(seed)
    lines = [f"{rng.choice(PEOPLE)} visits {rng.choice(PLACES)}", ""]
    if rng.random() < 0.5:
        lines += [rng.choice(CLUTTER), ""]
    for _ in range(rng.randrange(2, 6)):
        lines.append(" ".join(_sentence(rng) for _ in range(rng.randrange(1, 5))))
        lines.append("")
        if rng.random() < 0.3:
            lines += [rng.choice(CLUTTER), ""]
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    return newline.join(lines)


def write_generated(folder: Path, count: int) -> List[Path]:
    """``count`` generated articles as files: mostly UTF-8, some UTF-16 with BOM, some
    Windows-1252 (when the text allows it), some UTF-8 with BOM."""
    paths = []
    for seed in range(count):
        text = generated_article(seed)
        kind = seed % 5
        if kind == 1:
            data = text.encode("utf-16")
        elif kind == 2:
            try:
                data = text.encode("cp1252")
            except UnicodeEncodeError:
                data = text.encode("utf-8")
        elif kind == 3:
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
        else:
            data = text.encode("utf-8")
        path = folder / f"generated-{seed:03d}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths

"""``entity_lens.export`` / ``Engine.export`` against ``entity-lens export``, every format."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

import entity_lens
from conftest import SAMPLES, _cli_path

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


def _samples():
    if not SAMPLES.is_dir() or not list(SAMPLES.glob("*.txt")):
        pytest.skip(f"the shared samples are not in {SAMPLES} (set ENTITY_LENS_SHARED)")
    return SAMPLES


def _cli_export(tmp_path: Path, fmt: str, *args: str) -> bytes:
    out = tmp_path / f"cli.{fmt}"
    done = subprocess.run(
        [str(_cli_path()), "export", "--format", fmt, "--out", str(out), *args],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return out.read_bytes()


def _zip_entries(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "options, flags",
    [
        ({}, []),
        ({"clean": False, "entities": "raw", "scope": "article"}, ["--raw", "--entities", "raw", "--scope", "article"]),
    ],
    ids=["default", "raw"],
)
def test_export_matches_cli_bytes(tmp_path, engine, fmt, options, flags):
    samples = str(_samples())
    expected = _cli_export(tmp_path, fmt, *flags, samples)
    out = tmp_path / f"py.{fmt}"
    got = entity_lens.export([samples], format=fmt, out=out, engine=engine, **options)
    assert out.read_bytes() == got
    if fmt == "brat":
        # Same entries, names and order whatever the bytes (a zip may stamp times).
        assert _zip_entries(got) == _zip_entries(expected)
    assert got == expected, f"{fmt}: {len(got)} bytes vs the CLI's {len(expected)}"


def test_engine_export_of_texts_matches_files(engine):
    files = sorted(_samples().glob("*.txt"))
    items = [f.read_bytes() for f in files]
    names = [str(f) for f in files]
    by_files = entity_lens.export(files, format="mentions-csv", engine=engine)
    by_items = engine.export(items, format="mentions-csv", paths=names, threads=2)
    assert by_items == by_files
    assert b"PERSON" in by_items


def test_export_scope_changes_the_network(engine):
    items = ["Angela Merkel met Emmanuel Macron in Paris.\n\nLater, Joe Biden spoke in Berlin.\n"]
    sentence = engine.export(items, format="graphml", scope="sentence")
    article = engine.export(items, format="graphml", scope="article")
    assert sentence != article


def test_export_errors(engine, tmp_path):
    with pytest.raises(entity_lens.InvalidArgumentError, match="unknown format"):
        engine.export(["x\n"], format="xlsx")
    with pytest.raises(entity_lens.InvalidArgumentError, match="scope"):
        engine.export(["x\n"], format="conll", scope="page")
    with pytest.raises(entity_lens.InvalidArgumentError, match="errors"):
        engine.export(["x\n"], format="conll", errors="record")
    with pytest.raises(entity_lens.InvalidArgumentError, match="paths has"):
        engine.export(["x\n"], format="conll", paths=["a", "b"])
    with pytest.raises(entity_lens.InvalidArgumentError, match="single one"):
        engine.export("x\n", format="conll")
    with pytest.raises(entity_lens.EmptyInputError) as info:
        engine.export(["Paris is in France.\n", b""], format="conll", paths=["a.txt", "b.txt"])
    assert (info.value.index, info.value.path) == (1, "b.txt")
    # errors="skip" drops the bad item, as the CLI drops a bad file.
    skipped = engine.export(["Paris is in France.\n", b""], format="conll", errors="skip")
    alone = engine.export(["Paris is in France.\n"], format="conll")
    assert skipped == alone


def test_export_skips_bad_files_like_the_cli(engine, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Angela Merkel visited Paris on Tuesday.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    done = subprocess.run(
        [str(_cli_path()), "export", "--format", "mentions-csv", "--out", "-", str(tmp_path)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    with pytest.raises(entity_lens.EmptyInputError):
        entity_lens.export([tmp_path], format="mentions-csv", engine=engine)
    got = entity_lens.export([tmp_path], format="mentions-csv", errors="skip", engine=engine)
    assert got == done.stdout
    assert b"Angela Merkel" in got

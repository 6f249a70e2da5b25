"""The package's records equal the CLI's, on the five samples and on generated articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import generated_article, write_generated

# (CLI arguments, the same as keyword arguments)
MODES = [
    pytest.param((), dict(clean=True, entities="refined"), id="clean-refined"),
    pytest.param(("--entities", "raw"), dict(clean=True, entities="raw"), id="clean-raw"),
    pytest.param(("--raw",), dict(clean=False, entities="refined"), id="whole-refined"),
    pytest.param(("--raw", "--entities", "raw"), dict(clean=False, entities="raw"), id="whole-raw"),
]


@pytest.mark.parametrize("cli_args, kwargs", MODES)
def test_samples_analyze_bytes_equals_cli(cli, engine, samples, cli_args, kwargs):
    expected = cli(samples, *cli_args)
    assert len(expected) == len(samples) == 5
    for path, want in zip(samples, expected):
        got = engine.analyze_bytes(path.read_bytes(), path=str(path), **kwargs)
        assert got == want, path
        assert got["ents"], f"{path}: no entities at all, the comparison would prove little"


def test_samples_analyze_text_equals_cli(cli, engine, samples):
    expected = cli(samples)
    for path, want in zip(samples, expected):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # a legacy-encoded sample: analyze_bytes covers it
        got = engine.analyze(text, path=str(path))
        assert got == want, path


@pytest.mark.parametrize("cli_args, kwargs", MODES)
def test_generated_articles_equal_cli(cli, engine, tmp_path, cli_args, kwargs):
    paths = write_generated(tmp_path, 40)
    expected = cli(paths, *cli_args)
    assert [r["path"] for r in expected] == [str(p) for p in paths]
    for path, want in zip(paths, expected):
        assert "error" not in want, want
        assert engine.analyze_bytes(path.read_bytes(), path=str(path), **kwargs) == want
    encodings = {r["encoding"] for r in expected}
    assert {"UTF-8", "UTF-16LE", "windows-1252"} <= encodings, encodings


def test_batch_equals_cli_in_input_order(cli, engine, tmp_path):
    paths = write_generated(tmp_path, 30)
    expected = cli(paths)
    datas = [p.read_bytes() for p in paths]
    for threads in (1, 2, 0):
        got = engine.analyze_batch(datas, paths=[str(p) for p in paths], threads=threads)
        assert got == expected, f"threads={threads}"


def test_batch_mixes_text_and_bytes(engine):
    texts = [generated_article(seed) for seed in range(6)]
    kinds = [lambda t: t, lambda t: t.encode("utf-8"), lambda t: bytearray(t.encode("utf-8")),
             lambda t: memoryview(t.encode("utf-8"))]
    items = [kinds[i % len(kinds)](t) for i, t in enumerate(texts)]
    got = engine.analyze_batch(items, threads=2)
    assert got == [engine.analyze(t) for t in texts]


def test_offsets_are_code_points_into_text(engine):
    text = "€€ 😀 café e\u0301\nAngela Merkel met Emmanuel Macron in Paris on Tuesday.\n"
    record = engine.analyze(text, clean=False, entities="raw")
    assert record["text"] == text
    found = [(e["text"], e["label"]) for e in record["ents"]]
    assert ("Angela Merkel", "PERSON") in found and ("Paris", "GPE") in found, found
    for ent in record["ents"]:
        assert record["text"][ent["start"]:ent["end"]] == ent["text"]
        assert ent["raw_label"] == ent["label"] and ent["change"] == "kept"


def test_cleaned_record_has_article_fields(engine, samples):
    record = engine.analyze_bytes(samples[0].read_bytes())
    assert set(record) == {"path", "encoding", "title", "date", "source", "dateline", "byline",
                           "tags", "text", "paragraphs", "sents", "ents", "removed"}
    assert record["title"], "the sample's headline was not found"
    whole = engine.analyze_bytes(samples[0].read_bytes(), clean=False)
    assert set(whole) == {"path", "encoding", "text", "sents", "ents"}
    assert len(whole["text"]) > len(record["text"])


def test_gil_is_released_during_a_batch(engine):
    # A Python thread keeps ticking while the batch runs only if the batch releases the GIL;
    # holding it would leave one gap as long as the whole batch.
    import threading
    import time

    texts = [generated_article(seed) for seed in range(60)]
    done = threading.Event()
    gaps = []

    def ticker():
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    thread = threading.Thread(target=ticker)
    thread.start()
    start = time.perf_counter()
    engine.analyze_batch(texts, threads=1)
    elapsed = time.perf_counter() - start
    done.set()
    thread.join()
    assert elapsed > 0.1, "the batch was too short to tell"
    assert max(gaps) < elapsed / 2, (max(gaps), elapsed)

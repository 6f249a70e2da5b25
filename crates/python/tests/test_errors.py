"""Bad input raises the typed exceptions of entity_lens.errors, never a crash."""

from __future__ import annotations

import pickle

import pytest

import entity_lens
from entity_lens import errors

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def test_hierarchy():
    for name in ("InvalidInputError", "EmptyInputError", "BinaryInputError",
                 "UndecodableInputError", "InvalidArgumentError", "ModelError"):
        assert issubclass(getattr(errors, name), entity_lens.EntityLensError), name
    assert issubclass(errors.EmptyInputError, ValueError)
    assert issubclass(errors.InvalidArgumentError, TypeError)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda e: e.analyze(""), errors.EmptyInputError, "empty"),
        (lambda e: e.analyze_bytes(b""), errors.EmptyInputError, "empty"),
        (lambda e: e.analyze_bytes(b"abc\x00\x01\x02\x03\x00\x00\x05\x06"), errors.BinaryInputError, "binary"),
        (lambda e: e.analyze_bytes(PNG), errors.BinaryInputError, "PNG image"),
        (lambda e: e.analyze("text with a lone surrogate \ud800 inside"), errors.UndecodableInputError, "UTF-8"),
        (lambda e: e.analyze("text", entities="bogus"), errors.InvalidArgumentError, "entities"),
        (lambda e: e.analyze(b"bytes"), errors.InvalidArgumentError, "analyze_bytes"),
        (lambda e: e.analyze_bytes("text"), errors.InvalidArgumentError, "analyze for text"),
        (lambda e: e.analyze_bytes(12), errors.InvalidArgumentError, "int"),
        (lambda e: e.analyze_bytes([104, 105]), errors.InvalidArgumentError, "list"),
        (lambda e: e.analyze_batch(["a"], threads=-1), errors.InvalidArgumentError, "threads"),
        (lambda e: e.analyze_batch(["a"], errors="ignore"), errors.InvalidArgumentError, "errors"),
        (lambda e: e.analyze_batch(["a", "b"], paths=["x"]), errors.InvalidArgumentError, "paths"),
        (lambda e: e.analyze_batch("a single text"), errors.InvalidArgumentError, "sequence"),
        (lambda e: e.analyze_batch(["ok", 3]), errors.InvalidArgumentError, "int"),
    ],
    ids=["empty-text", "empty-bytes", "nul-bytes", "png", "surrogate", "bad-entities",
         "bytes-to-analyze", "str-to-analyze-bytes", "int", "list", "negative-threads", "bad-errors",
         "paths-length", "single-str-batch", "int-in-batch"],
)
def test_bad_input_raises_typed_error(engine, call, error, message):
    with pytest.raises(error, match=message) as caught:
        call(engine)
    assert isinstance(caught.value, entity_lens.EntityLensError)


def test_batch_error_names_the_item(engine):
    with pytest.raises(errors.BinaryInputError) as caught:
        engine.analyze_batch(["fine text about Paris.", b"\x00\x00\x00\x01\x02\x03"],
                             paths=["a.txt", "b.bin"], threads=2)
    assert caught.value.index == 1 and caught.value.path == "b.bin"
    assert "item 1 (b.bin)" in str(caught.value)


def test_batch_error_records_equal_the_cli(cli, engine, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    png = tmp_path / "image.txt"
    png.write_bytes(PNG)
    paths = [good, empty, png]
    expected = cli(paths)
    assert [set(r) for r in expected[1:]] == [{"path", "error"}] * 2
    got = engine.analyze_batch([p.read_bytes() for p in paths], paths=[str(p) for p in paths],
                               errors="record", threads=2)
    assert got == expected


def test_exceptions_pickle(engine):
    # Dask and Spark send a worker's exception back to the client pickled.
    with pytest.raises(errors.EmptyInputError) as caught:
        engine.analyze_batch(["x", ""], paths=["a", "b"])
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is errors.EmptyInputError
    assert str(copy) == str(caught.value) and copy.index == 1 and copy.path == "b"


def test_no_panic_on_arbitrary_bytes(engine):
    import random

    rng = random.Random(7)
    for _ in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        try:
            record = engine.analyze_bytes(data)
        except errors.InvalidInputError:
            continue
        for ent in record["ents"]:
            assert record["text"][ent["start"]:ent["end"]] == ent["text"]

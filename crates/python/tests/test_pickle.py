"""The engine ships to worker processes: pickling, fork, no state created at import."""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys

import entity_lens
from conftest import generated_article


def test_pickle_round_trip_reloads_the_model(engine):
    data = pickle.dumps(engine)
    assert len(data) < 200, f"{len(data)} bytes: the weights must not travel"
    copy = pickle.loads(data)
    assert isinstance(copy, entity_lens.Engine) and copy is not engine
    text = generated_article(1)
    assert copy.analyze(text) == engine.analyze(text)


def _analyze_in_child(args):
    engine, text = args
    return engine.analyze(text)


def test_engine_is_usable_in_forked_and_spawned_workers(engine):
    texts = [generated_article(seed) for seed in range(4)]
    expected = [engine.analyze(t) for t in texts]
    for method in ("fork", "spawn"):
        with multiprocessing.get_context(method).Pool(2) as pool:
            got = pool.map(_analyze_in_child, [(engine, t) for t in texts])
        assert got == expected, method


def test_import_starts_no_threads_and_loads_no_model():
    code = (
        "import threading, entity_lens, entity_lens.dask, entity_lens.arrow\n"
        "from entity_lens import _process\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
        "assert _process._engine is None\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_process_engine_is_per_process():
    from entity_lens import _process

    first = _process.process_engine()
    assert _process.process_engine() is first
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child_pid, parent_engine_reused = pool.apply(_child_engine_check, (id(first),))
    assert not parent_engine_reused


def _child_engine_check(parent_id):
    import os

    from entity_lens import _process

    return os.getpid(), id(_process.process_engine()) == parent_id

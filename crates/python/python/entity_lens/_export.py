"""``entity_lens.export``: files in, the CLI's ``entity-lens export`` bytes out."""

from __future__ import annotations

import os
from typing import Iterable, Optional

from ._native import Engine
from .files import PathLike, collect_files

__all__ = ["export"]


def export(
    paths: Iterable[PathLike],
    *,
    format: str,
    out: Optional[PathLike] = None,
    clean: bool = True,
    entities: str = "refined",
    scope: str = "sentence",
    threads: int = 0,
    errors: str = "raise",
    engine: Optional[Engine] = None,
) -> bytes:
    """Writes the same bytes as ``entity-lens export --format FORMAT --out OUT PATHS...``.

    ``paths``: files and directories, expanded as the CLI expands them (:func:`collect_files`);
    each article is named by its path as given, as in the CLI. ``clean=False`` is ``--raw``;
    ``entities`` and ``scope`` are ``--entities`` and ``--scope``; ``threads`` is ``--jobs``
    (0 = all cores). ``errors="skip"`` leaves unreadable or refused files out, as the CLI does
    (which reports them and exits 1); ``"raise"`` (default) raises the first one's
    :class:`~entity_lens.errors.EntityLensError` (``OSError`` for a file that cannot be read).

    Returns the bytes, and writes them to ``out`` when given. For texts already in memory, use
    :meth:`Engine.export`. ``engine``: an :class:`Engine` to reuse (default: a new one).
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    names = collect_files(paths)
    items = []
    kept = []
    for name in names:
        try:
            with open(name, "rb") as file:
                items.append(file.read())
        except OSError:
            if errors != "skip":
                raise
            continue
        kept.append(name)
    engine = engine if engine is not None else Engine()
    data = engine.export(
        items,
        format=format,
        paths=kept,
        clean=clean,
        entities=entities,
        scope=scope,
        threads=threads,
        errors=errors,
    )
    if out is not None:
        with open(out, "wb") as file:
            file.write(data)
    return data

"""Turning paths into the list of files to analyze, exactly as the CLI does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, List, Union

__all__ = ["collect_files"]

PathLike = Union[str, "os.PathLike[str]"]


def collect_files(paths: Iterable[PathLike]) -> List[str]:
    """Expands files and directories into file paths, in the order ``entity-lens analyze``
    takes them: a directory gives its ``.txt`` files (any case, recursively, symlinks
    followed), sorted; a named file is taken whatever its extension.

    The returned strings are the paths the CLI would print in its records' ``path`` field
    for the same arguments.
    """
    files: List[str] = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            found = []
            for root, _dirs, names in os.walk(path, followlinks=True):
                for name in names:
                    full = os.path.join(root, name)
                    if os.path.splitext(name)[1].lower() == ".txt" and os.path.isfile(full):
                        found.append(full)
            # The CLI sorts `PathBuf`s: component by component, by bytes.
            found.sort(key=lambda p: [os.fsencode(part) for part in Path(p).parts])
            files.extend(found)
        else:
            files.append(path)
    return files

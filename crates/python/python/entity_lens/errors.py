"""The exceptions of ``entity_lens``, all under :class:`EntityLensError`.

::

    EntityLensError
    ├── InvalidInputError (also ValueError): the input cannot be analyzed
    │   ├── EmptyInputError: no bytes (or an empty str)
    │   ├── BinaryInputError: NUL bytes, control characters, or a known binary format
    │   └── UndecodableInputError: a str that is not valid Unicode (lone surrogates)
    ├── InvalidArgumentError (also ValueError and TypeError): a bad option or argument
    └── ModelError: the embedded model cannot be loaded

An exception raised for one item of :meth:`Engine.analyze_batch` carries that item's ``index``
and ``path`` (``None`` otherwise). All of them pickle, so Dask and Spark report them intact.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "EntityLensError",
    "InvalidInputError",
    "EmptyInputError",
    "BinaryInputError",
    "UndecodableInputError",
    "InvalidArgumentError",
    "ModelError",
]


class EntityLensError(Exception):
    """Base class of every error this package raises."""

    index: Optional[int] = None
    """The failing item's position in a batch, or ``None``."""
    path: Optional[str] = None
    """The failing item's path in a batch, or ``None``."""


class InvalidInputError(EntityLensError, ValueError):
    """The input cannot be analyzed (the CLI reports such a file as ``{"path", "error"}``)."""


class EmptyInputError(InvalidInputError):
    """The input has no bytes."""


class BinaryInputError(InvalidInputError):
    """The input is binary: NUL bytes, control characters, or a known binary file signature."""


class UndecodableInputError(InvalidInputError):
    """A ``str`` that cannot be encoded as UTF-8 (it holds lone surrogates)."""


class InvalidArgumentError(EntityLensError, ValueError, TypeError):
    """A bad option value (``entities="x"``, ``threads=-1``) or an argument of the wrong type."""


class ModelError(EntityLensError):
    """The embedded model cannot be loaded (a broken build)."""

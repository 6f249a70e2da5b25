"""Records as Arrow tables (and Parquet files), and back.

Two layouts, both readable by pandas, pyarrow, Spark and DuckDB:

- ``"articles"`` (:data:`ARTICLE_SCHEMA`): one row per input file, entities nested as a list of
  structs. The columns are the CLI record's keys plus ``error`` (the CLI's ``{"path", "error"}``
  record becomes a row with only ``path`` and ``error`` set). ``removed``'s ``[start, end,
  reason]`` triples become structs; ``paragraphs`` and ``sents`` stay ``[start, end]`` pairs.
  :func:`record_from_row` turns a row back into the CLI's dict exactly.
- ``"mentions"`` (:data:`MENTION_SCHEMA`): one row per mention (``path`` plus the entity's
  fields), for SQL-style counting. Files that failed have no rows there.

Offsets are code points into the record's ``text``, end exclusive, as in the CLI's JSON.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping

import pyarrow as pa

__all__ = [
    "ARTICLE_SCHEMA",
    "MENTION_SCHEMA",
    "LAYOUTS",
    "table_from_records",
    "record_from_row",
    "records_from_table",
]

_SPAN = pa.list_(pa.int64())

MENTION_FIELDS = [
    pa.field("start", pa.int64()),
    pa.field("end", pa.int64()),
    pa.field("label", pa.string()),
    pa.field("raw_label", pa.string()),
    pa.field("text", pa.string()),
    pa.field("change", pa.string()),
    pa.field("rule", pa.string()),
]

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string()),
        pa.field("error", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("title", pa.string()),
        pa.field("date", pa.string()),
        pa.field("source", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("byline", pa.string()),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("text", pa.string()),
        pa.field("paragraphs", pa.list_(_SPAN)),
        pa.field("sents", pa.list_(_SPAN)),
        pa.field("ents", pa.list_(pa.struct(MENTION_FIELDS))),
        pa.field(
            "removed",
            pa.list_(
                pa.struct(
                    [
                        pa.field("start", pa.int64()),
                        pa.field("end", pa.int64()),
                        pa.field("reason", pa.string()),
                    ]
                )
            ),
        ),
    ]
)
"""One row per article; see the module docs."""

MENTION_SCHEMA = pa.schema([pa.field("path", pa.string())] + MENTION_FIELDS)
"""One row per mention; see the module docs."""

LAYOUTS = ("articles", "mentions")

_METADATA = ("title", "date", "source", "dateline", "byline", "tags")
_CLEANED = _METADATA + ("paragraphs", "removed")
_RECORD_KEYS = {"path", "encoding", "text", "sents", "ents"} | set(_CLEANED)
_MENTION_KEYS = {f.name for f in MENTION_FIELDS}


def _check_keys(record: Mapping[str, Any]) -> None:
    # A field added to the CLI's record must be added here too, never dropped silently.
    unknown = set(record) - _RECORD_KEYS - {"error"}
    for ent in record.get("ents") or ():
        unknown |= set(ent) - _MENTION_KEYS
    if unknown:
        raise ValueError(
            f"record fields {sorted(unknown)} have no column in entity_lens.arrow's schema"
        )


def _article_row(record: Mapping[str, Any]) -> Dict[str, Any]:
    _check_keys(record)
    row = dict(record)
    removed = record.get("removed")
    if removed is not None:
        row["removed"] = [{"start": s, "end": e, "reason": r} for s, e, r in removed]
    return row


def table_from_records(records: Iterable[Mapping[str, Any]], layout: str = "articles") -> pa.Table:
    """Records (as :meth:`entity_lens.Engine.analyze_batch` returns them) as an Arrow table
    in ``layout`` (``"articles"`` or ``"mentions"``)."""
    if layout == "articles":
        return pa.Table.from_pylist([_article_row(r) for r in records], schema=ARTICLE_SCHEMA)
    if layout == "mentions":
        rows = []
        for record in records:
            _check_keys(record)
            for ent in record.get("ents") or ():
                rows.append({"path": record["path"], **ent})
        return pa.Table.from_pylist(rows, schema=MENTION_SCHEMA)
    raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")


def record_from_row(row: Mapping[str, Any], clean: bool = True) -> Dict[str, Any]:
    """An ``"articles"`` row (a dict, e.g. from ``Table.to_pylist()``) back as the CLI's
    record: the same keys and values ``entity-lens analyze --format jsonl`` prints (with
    ``--raw`` when ``clean`` is false)."""
    if row.get("error") is not None:
        return {"path": row["path"], "error": row["error"]}
    record: Dict[str, Any] = {"path": row["path"], "encoding": row["encoding"]}
    if clean:
        for key in _METADATA:
            record[key] = row[key]
        record["tags"] = list(row["tags"])
    record["text"] = row["text"]
    if clean:
        record["paragraphs"] = [list(p) for p in row["paragraphs"]]
    record["sents"] = [list(s) for s in row["sents"]]
    ents = []
    for ent in row["ents"]:
        ent = dict(ent)
        if ent.get("rule") is None:
            ent.pop("rule", None)
        ents.append(ent)
    record["ents"] = ents
    if clean:
        record["removed"] = [[r["start"], r["end"], r["reason"]] for r in row["removed"]]
    return record


def records_from_table(table: pa.Table, clean: bool = True) -> List[Dict[str, Any]]:
    """Every row of an ``"articles"`` table as the CLI's record (:func:`record_from_row`)."""
    return [record_from_row(row, clean) for row in table.to_pylist()]

"""JSON Lines and JSON-array readers (fields: id, title, abstract, authors, url, date, arxiv_id, doi).

Both stream: JSON Lines one line at a time, a JSON array one record at a time (see
:mod:`kg.ingest.json_stream`), each record with the line it starts on.

Examples
--------
>>> import tempfile, pathlib, json
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in.jsonl").write_text(json.dumps({"id": "x1", "title": "T", "abstract": "A."}) + "\\n[1]\\n")
>>> [getattr(r, "id", None) or r.reason for r in read_json_lines(d / "in.jsonl")]
['x1', 'expected a JSON object, got list']
>>> _ = (d / "in.json").write_text('[\\n  {"title": "T", "abstract": "A."},\\n  {"title": ""}\\n]')
>>> [getattr(r, "title", None) or f"line {r.line}: {r.reason}" for r in read_json_array(d / "in.json")]
['T', 'line 3: empty title']
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.ingest.fields import paper_from_fields
from kg.ingest.json_stream import JsonItem, iter_json_lines, iter_records
from kg.model import Paper, Rejection, Source

__all__ = ["read_json_array", "read_json_lines"]


def _record(obj: object, src: Source) -> Paper | Rejection:
    if not isinstance(obj, dict):
        return Rejection(src.file, src.line, f"expected a JSON object, got {type(obj).__name__}")
    return paper_from_fields(obj, src)


def read_json_lines(path: Path) -> Iterator[Paper | Rejection]:
    """One JSON object per line; blank lines skipped; a bad line is rejected, the rest kept."""
    name = str(path)
    for item in iter_json_lines(path):
        if item.error:
            yield Rejection(name, item.line, item.error)
        else:
            yield _record(item.value, Source(name, item.line, "jsonl"))


def read_json_array(path: Path) -> Iterator[Paper | Rejection]:
    """A JSON array of objects (or an object with a ``results``/``papers`` array, or one object).

    A ``.json`` file that holds JSON Lines is read line by line.
    """
    name = str(path)
    for item in iter_records(path):
        if item.error:
            yield Rejection(name, item.line, item.error + item.where())
        else:
            yield _numbered(_record(item.value, Source(name, item.line, "json")), item)


def _numbered(result: Paper | Rejection, item: JsonItem) -> Paper | Rejection:
    """A rejection naming the record's place in its array when its line holds several records."""
    if isinstance(result, Rejection) and item.index is not None:
        return Rejection(result.file, result.line, result.reason + item.where())
    return result

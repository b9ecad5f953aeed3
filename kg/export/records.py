"""``records.jsonl``: one JSON record per paper (documented in ``schemas/record.schema.json``).

Examples
--------
>>> import tempfile, pathlib
>>> from kg.model import Paper
>>> path = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
>>> write_records([Paper("p1", "T", "A.")], path)
1
>>> [p.id for p in read_records(path)]
['p1']
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.export.atomic import atomic_write
from kg.model import Paper, paper_from_record, record_from_paper

__all__ = ["dump_record", "read_records", "write_records"]


# Characters that JSON allows raw inside strings but that many line splitters (Python's
# str.splitlines, pre-2019 JavaScript) treat as line ends: escaped, so one record stays one line.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_RE = re.compile("[\u0085\u2028\u2029]")


def dump_record(paper: Paper) -> str:
    """One JSON line (no newline) for a paper; keys in a fixed order, non-ASCII kept.

    Examples
    --------
    >>> line = dump_record(Paper("p1", "Caf\u00e9", "a\u2028b"))
    >>> "Café" in line, "\u2028" in line, len(line.splitlines())
    (True, False, 1)
    """
    text = json.dumps(record_from_paper(paper), ensure_ascii=False)
    return _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text)


def _write(papers: Iterable[Paper], f: IO[str]) -> int:
    n = 0
    for paper in papers:
        f.write(dump_record(paper))
        f.write("\n")
        n += 1
    return n


def write_records(papers: Iterable[Paper], path: str | os.PathLike[str] | None) -> int:
    """Write records as JSON Lines to ``path`` atomically (``None`` or ``"-"``: stdout)."""
    if path is None or str(path) == "-":
        return _write(papers, sys.stdout)
    with atomic_write(path) as f:
        return _write(papers, f)


def read_records(path: str | os.PathLike[str]) -> Iterator[Paper]:
    """Stream the papers of a ``records.jsonl`` written by :func:`write_records`."""
    with open(Path(path), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield paper_from_record(json.loads(line))

"""CSV and TSV readers: a header row names the columns, each further row is one paper.

Column names are matched case-insensitively, with a few common aliases (``summary`` for
``abstract``, ``author`` for ``authors``, ``link`` for ``url``, ``arxiv`` for ``arxiv_id``); other
columns are ignored. In CSV a quoted field may span lines; TSV has no quoting (a ``"`` is text, as
in the files spreadsheets and databases write), so a stray quote cannot swallow the rows after it.
Each row is reported with the line it starts on; lines may end in LF, CRLF or CR alone.
A row whose cell count differs from the header's, or that holds bytes that are not UTF-8, is
rejected; so is every row when the header has no title or no abstract column (the reason says so).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
>>> _ = p.write_text('Title,Summary\\n"Deep, Wide Nets","We study nets.\\nTwo lines."\\nOnly a title\\n')
>>> [getattr(r, "abstract", None) or str(r).split(": ", 1)[1] for r in read_csv(p)]
['We study nets.\\nTwo lines.', 'row has 1 cell, the header has 2']
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kg.ingest.fields import paper_from_fields
from kg.ingest.text_lines import NumberedLine, iter_lines
from kg.model import Paper, Rejection, Source

__all__ = ["COLUMN_ALIASES", "column_map", "read_csv", "read_tsv"]

# header name (lower-case) -> record field
COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "title": "title",
    "abstract": "abstract",
    "summary": "abstract",
    "authors": "authors",
    "author": "authors",
    "url": "url",
    "link": "url",
    "date": "date",
    "published": "date",
    "year": "date",
    "arxiv_id": "arxiv_id",
    "arxiv": "arxiv_id",
    "doi": "doi",
}


def column_map(header: list[str]) -> dict[int, str]:
    """Column index -> record field for the known columns of a header (first one wins).

    Examples
    --------
    >>> column_map(["ID", " Title ", "SUMMARY", "venue"])
    {0: 'id', 1: 'title', 2: 'abstract'}
    """
    out: dict[int, str] = {}
    for i, name in enumerate(header):
        f = COLUMN_ALIASES.get(name.strip().lower())
        if f is not None and f not in out.values():
            out[i] = f
    return out


def read_csv(path: Path) -> Iterator[Paper | Rejection]:
    """Comma-separated values with a header row (fields may be quoted with ``"``)."""
    return _read_table(path, ",", "csv")


def read_tsv(path: Path) -> Iterator[Paper | Rejection]:
    """Tab-separated values with a header row (no quoting: a ``"`` is part of the text)."""
    return _read_table(path, "\t", "tsv")


class _Lines:
    """The file's lines for :mod:`csv`, remembering which were not UTF-8 and where rows start."""

    def __init__(self, path: Path) -> None:
        self._it = iter_lines(path, keep_ends=True, universal=True)
        self.bad: dict[int, str] = {}
        self.last = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        ln: NumberedLine = next(self._it)
        self.last = ln.number
        if ln.bad:
            self.bad[ln.number] = ln.bad
        return ln.text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _read_table(path: Path, delimiter: str, fmt: str) -> Iterator[Paper | Rejection]:
    name = str(path)
    lines = _Lines(path)
    quoting = csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL
    reader = csv.reader(lines, delimiter=delimiter, strict=True, quoting=quoting)
    header: list[str] | None = None
    columns: dict[int, str] = {}
    missing: str | None = None
    row_start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # e.g. a quote never closed: the rest of the file became one field.
            hint = " (a quote opened in this row is never closed)" if "end of data" in str(exc) else ""
            span = f" (lines {row_start}-{lines.last})" if lines.last > row_start else ""
            yield Rejection(name, row_start, f"malformed {fmt.upper()} row{span}: {exc}{hint}")
            row_start = lines.last + 1
            lines.bad.clear()
            reader = csv.reader(lines, delimiter=delimiter, strict=True, quoting=quoting)
            continue
        start, row_start = row_start, lines.last + 1
        # every line read since the previous row belongs to this one
        bad = next(iter(lines.bad.items()), None)
        lines.bad.clear()
        if not bad and (not row or all(not c.strip() for c in row)):
            continue
        if header is None:
            if bad:
                yield Rejection(name, bad[0], f"header row {bad[1]}; the file cannot be read")
                return
            header, columns = row, column_map(row)
            missing = _missing_columns(columns, start)
            continue
        if bad:
            where = "" if bad[0] == start else f" in the row starting on line {start}"
            yield Rejection(name, bad[0], bad[1] + where)
        elif missing:
            yield Rejection(name, start, missing)
        elif len(row) != len(header):
            cells = _plural(len(row), "cell")
            yield Rejection(name, start, f"row has {cells}, the header has {len(header)}")
        else:
            rec = {f: row[i] if row[i].strip() else None for i, f in columns.items()}
            yield paper_from_fields(rec, Source(name, start, fmt))


def _missing_columns(columns: dict[int, str], header_line: int) -> str | None:
    fields = set(columns.values())
    lacking = [f for f in ("title", "abstract") if f not in fields]
    if not lacking:
        return None
    names = " and ".join("'abstract' (or 'summary')" if f == "abstract" else f"'{f}'" for f in lacking)
    return f"the header (line {header_line}) has no {names} column"

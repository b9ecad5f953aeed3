"""BibTeX (as Zotero, Google Scholar or DBLP export it): one paper per entry that has an abstract.

The file is read line by line; an entry runs from a line starting with ``@type{`` to the brace that
closes it. An entry whose braces do not balance is rejected with its line (a closing brace too many,
or the next ``@`` entry or the end of the file reached while it is still open), and the entries
around it are kept. ``@string`` macros (and the month names) are expanded, ``#`` concatenates,
``@comment`` and ``@preamble`` are skipped. Text fields are cleaned of LaTeX by
:func:`kg.ingest.latex.latex_to_text`.

Fields used: ``title``, ``abstract``, ``author`` ("Last, First and Last2, First2", shown as "First
Last"), ``url``, ``doi``, ``eprint`` with ``archivePrefix``/``eprinttype`` = arXiv (the arXiv id;
also found as ``arXiv:<id>`` in ``journal`` or ``note``), ``date`` or ``year``/``month``.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "refs.bib"
>>> _ = p.write_text('''@article{ba2016,
...   title = {Layer {Normalization}},
...   author = {Ba, Jimmy Lei and Kiros, Jamie Ryan},
...   abstract = {Training state-of-the-art nets is costly.},
...   eprint = {1607.06450}, archivePrefix = {arXiv}, year = 2016, month = jul,
... }
... @misc{broken, title = {Open {brace}, abstract = {Never closed.}
... @misc{ok, title = {G{\\\\"o}del}, abstract = {Incompleteness -- revisited.}}
... ''')
>>> for r in read_bibtex(p):
...     print(f"line {r.line}: {r.reason}" if isinstance(r, Rejection) else (r.id, r.title, r.authors, r.date))
('arxiv:1607.06450', 'Layer Normalization', ['Jimmy Lei Ba', 'Jamie Ryan Kiros'], '2016-07')
line 7: unbalanced braces: the entry opened on line 7 is still open when the next entry starts on line 8
('title:4046b7bf5441a1d6', 'Gödel', [], None)
>>> [r.abstract for r in read_bibtex(p) if not isinstance(r, Rejection)]
['Training state-of-the-art nets is costly.', 'Incompleteness – revisited.']
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.fields import MAX_ABSTRACT_CHARS, paper_from_fields
from kg.ingest.latex import latex_to_text, strip_braces
from kg.ingest.text_lines import iter_lines
from kg.model import Paper, Rejection, Source

__all__ = ["MAX_MACRO_CHARS", "MAX_VALUE_CHARS", "BibEntry", "ValueTooLong", "parse_entry", "read_bibtex", "split_authors"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*([{(])")
_NEW_ENTRY_AT_MARGIN = re.compile(r"^@\s*[A-Za-z]+\s*[{(]")
_BRACE = re.compile(r"\\[{}]|[{}]")
_NAME = re.compile(r"[A-Za-z_][\w\-:.+/]*")
_NUMBER = re.compile(r"\d+")
_ARXIV_IN_TEXT = re.compile(r"arXiv:\s*([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?", re.IGNORECASE)
_SKIPPED_TYPES = {"comment", "preamble"}
# The longest value a field may have, LaTeX and all, with its @string macros expanded: a few times
# the longest abstract kept. Checked while expanding: 713 bytes of macros doubling each other 27
# times would otherwise expand to 1.3 GB before the record is rejected for its length.
MAX_VALUE_CHARS = 4 * MAX_ABSTRACT_CHARS
# All the macros of a file together: many macros each just under the limit would add up otherwise.
MAX_MACRO_CHARS = 10 * MAX_VALUE_CHARS


class _TooLong:
    """Stands for a macro too long to use (its value is not kept); ``why`` completes "macro 'm' ..."."""

    def __init__(self, name: str, why: str) -> None:
        self.name, self.why = name, why


class BibSyntaxError(ValueError):
    """A malformed entry; ``offset`` is where in the entry text it was noticed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class ValueTooLong(BibSyntaxError):
    """A field value longer than :data:`MAX_VALUE_CHARS` once its macros are expanded."""


@dataclass
class BibEntry:
    """One parsed entry: type (lower-case), citation key, fields (lower-case names, raw values)."""

    type: str
    key: str
    fields: dict[str, str] = field(default_factory=dict)


def _braced(text: str, i: int, close: str) -> tuple[str, int]:
    """The text from ``i`` up to the ``close`` at brace depth 0, and the index after it."""
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0 and close == "}":
                return text[i:j], j + 1
            depth -= 1
        elif c == close and depth == 0:
            return text[i:j], j + 1
        j += 1
    raise BibSyntaxError(f"missing {close!r}", i)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _value(text: str, i: int, macros: dict[str, str | _TooLong]) -> tuple[str, int]:
    """A field value: pieces joined by ``#``; returns the raw (still LaTeX) value and the next index.

    Raises :class:`ValueTooLong` as soon as the pieces add up to more than :data:`MAX_VALUE_CHARS`.
    """
    parts, size, start = [], 0, i
    while True:
        i = _skip_ws(text, i)
        c = text[i] if i < len(text) else ""
        if c == "{":
            piece, i = _braced(text, i + 1, "}")
        elif c == '"':
            piece, i = _braced(text, i + 1, '"')
        elif m := _NUMBER.match(text, i):
            piece, i = m.group(), m.end()
        elif m := _NAME.match(text, i):
            piece, i = macros.get(m.group().lower(), m.group()), m.end()
            if isinstance(piece, _TooLong):
                raise ValueTooLong(f"macro {piece.name!r} {piece.why}", start)
        else:
            raise BibSyntaxError("expected a value", i)
        size += len(piece)
        if size > MAX_VALUE_CHARS:
            raise ValueTooLong(f"value longer than {MAX_VALUE_CHARS:,} characters once its macros are expanded", start)
        parts.append(piece)
        i = _skip_ws(text, i)
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


def parse_entry(text: str, macros: dict[str, str | _TooLong]) -> BibEntry:
    """Parse one complete entry (``@type{key, name = value, ...}``); @string entries add macros.

    A macro whose value would be longer than :data:`MAX_VALUE_CHARS` is not built: an entry that
    uses it raises :class:`ValueTooLong`.

    Examples
    --------
    >>> e = parse_entry('@misc{k1, Title = "A " # {B}, year = 2020}', {})
    >>> e.type, e.key, e.fields
    ('misc', 'k1', {'title': 'A B', 'year': '2020'})
    """
    m = _ENTRY_START.match(text)
    if m is None:
        raise BibSyntaxError("expected '@type{'", 0)
    etype, close = m.group(1).lower(), "}" if m.group(2) == "{" else ")"
    body_start = m.end()
    if etype in _SKIPPED_TYPES:
        return BibEntry(etype, "")
    i = _skip_ws(text, body_start)
    key = ""
    if etype != "string":
        j = i
        while j < len(text) and text[j] not in ",}) \t\r\n":
            j += 1
        key, i = text[i:j], j
    entry = BibEntry(etype, key)
    while True:
        i = _skip_ws(text, i)
        if i < len(text) and text[i] == ",":
            i += 1
            continue
        if i >= len(text) or text[i] == close:
            return entry
        nm = _NAME.match(text, i)
        if nm is None:
            raise BibSyntaxError(f"expected a field name, found {text[i]!r}", i)
        i = _skip_ws(text, nm.end())
        if i >= len(text) or text[i] != "=":
            raise BibSyntaxError(f"expected '=' after field {nm.group()!r}", i)
        name = nm.group().lower()
        try:
            value, i = _value(text, i + 1, macros)
        except ValueTooLong:
            if etype != "string":
                raise
            macros[name] = _TooLong(name, f"expands to more than {MAX_VALUE_CHARS:,} characters")
            return entry
        if etype == "string":
            macros[name] = value
        entry.fields[name] = value


def split_authors(raw: str) -> list[str]:
    """Names of a BibTeX author list, as "First Last".

    Examples
    --------
    >>> split_authors(r"M{\\"u}ller, Klaus-Robert and {OpenAI} and Lecun, Jr, Yann and Alan Turing and others")
    ['Klaus-Robert Müller', 'OpenAI', 'Yann Lecun Jr', 'Alan Turing']
    """
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", raw):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            names.append(raw[start:m.start()])
            start = m.end()
    names.append(raw[start:])
    out = []
    for name in names:
        parts = [latex_to_text(p).strip() for p in _top_level_commas(name)]
        if len(parts) == 1:
            display = parts[0]
        elif len(parts) == 2:
            display = f"{parts[1]} {parts[0]}"
        else:
            display = f"{parts[2]} {parts[0]} {parts[1]}"
        display = " ".join(display.split())
        if display and display.lower() != "others":
            out.append(display)
    return out


def _top_level_commas(name: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(name[start:i])
            start = i + 1
    parts.append(name[start:])
    return parts


def _date(fields: dict[str, str]) -> str | None:
    if d := strip_braces(fields.get("date", "")).strip():
        return d
    year = strip_braces(fields.get("year", "")).strip()
    if not year:
        return None
    month = strip_braces(fields.get("month", "")).strip().lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{year}-{int(month):02d}"
    if month[:3] in MONTHS:
        return f"{year}-{MONTHS.index(month[:3]) + 1:02d}"
    return year


def _arxiv_id(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip("{} ").lower()
    eprint = strip_braces(fields.get("eprint", "")).strip()
    if eprint and (prefix == "arxiv" or eprint.lower().startswith("arxiv:")):
        return eprint
    for key in ("journal", "note", "howpublished", "booktitle"):
        if m := _ARXIV_IN_TEXT.search(fields.get(key, "")):
            return m.group(1)
    return None


def _paper(entry: BibEntry, src: Source) -> Paper | Rejection:
    f = entry.fields
    rec = {
        "title": latex_to_text(f.get("title", "")),
        "abstract": latex_to_text(f.get("abstract", "")),
        "authors": split_authors(f["author"]) if "author" in f else [],
        "url": strip_braces(f["url"]).strip() or None if "url" in f else None,
        "doi": strip_braces(f["doi"]).strip() or None if "doi" in f else None,
        "arxiv_id": _arxiv_id(f),
        "date": _date(f),
    }
    return paper_from_fields(rec, src)


@dataclass
class _Open:
    """An entry being collected."""

    line: int
    braced: bool  # opened with '{' (else with '(')
    lines: list[str] = field(default_factory=list)
    depth: int = 0
    bad: tuple[int, str] | None = None


def read_bibtex(path: Path) -> Iterator[Paper | Rejection]:
    """Stream the entries of a BibTeX file (see the module docstring)."""
    name = str(path)
    macros: dict[str, str | _TooLong] = {m: m.capitalize() for m in MONTHS}
    macro_chars = [0]  # the length of every macro defined so far
    cur: _Open | None = None
    for ln in iter_lines(path):
        text = ln.text
        if cur is not None and _NEW_ENTRY_AT_MARGIN.match(text):
            yield Rejection(
                name,
                cur.line,
                f"unbalanced braces: the entry opened on line {cur.line} is still open "
                f"when the next entry starts on line {ln.number}",
            )
            cur = None
        if cur is None:
            if not _ENTRY_START.match(text):
                continue  # text between entries is a comment in BibTeX
            cur = _Open(ln.number, braced=_ENTRY_START.match(text).group(2) == "{")
        if ln.bad and cur.bad is None:
            cur.bad = (ln.number, ln.bad)
        cur.lines.append(text)
        for m in _BRACE.finditer(text):
            if m.group() == "{":
                cur.depth += 1
            elif m.group() == "}":
                cur.depth -= 1
            if cur.depth < 0:
                reason = f"unbalanced braces: a '}}' closes nothing (entry opened on line {cur.line})"
                yield Rejection(name, ln.number, reason)
                cur = None
                break
            if cur.depth == 0 and m.group() == "}" and cur.braced:
                rest = text[m.end():].strip()
                if rest and not rest.startswith(("@", "%")):
                    # "title = {A}}: B}," - a brace too many closed the entry in the middle of a field
                    reason = (f"unbalanced braces: the entry opened on line {cur.line} is closed on line "
                              f"{ln.number} before its end (a '}}' too many?)")
                    yield Rejection(name, ln.number, reason)
                else:
                    yield from _finish(name, cur, macros, macro_chars)
                cur = None
                break
        # entries opened with '(' end with ')' at depth 0 on a line of their own
        if cur is not None and not cur.braced and cur.depth == 0 and text.rstrip().endswith(")"):
            yield from _finish(name, cur, macros, macro_chars)
            cur = None
    if cur is not None:
        reason = f"unbalanced braces: the entry opened on line {cur.line} is still open at the end of the file"
        yield Rejection(name, cur.line, reason)


def _finish(name: str, cur: _Open, macros: dict[str, str | _TooLong], macro_chars: list[int]) -> Iterator[Paper | Rejection]:
    text = "\n".join(cur.lines)
    try:
        entry = parse_entry(text, macros)
    except BibSyntaxError as exc:
        line = cur.line + text.count("\n", 0, exc.offset)
        yield Rejection(name, line, str(exc) if isinstance(exc, ValueTooLong) else f"malformed BibTeX entry: {exc}")
        return
    if entry.type == "string":
        for key, value in entry.fields.items():
            macro_chars[0] += len(value)
            if macro_chars[0] > MAX_MACRO_CHARS:
                macros[key] = _TooLong(key, f"is defined after the file's macros reached {MAX_MACRO_CHARS:,} characters")
        return
    if entry.type in _SKIPPED_TYPES:
        return
    if cur.bad:
        yield Rejection(name, cur.bad[0], cur.bad[1])
        return
    yield _paper(entry, Source(name, cur.line, "bibtex"))

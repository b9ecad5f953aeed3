"""Saved responses of the arXiv query API (Atom XML): one paper per ``<entry>``.

Fields: ``<id>`` (the abs URL, which gives the arXiv id), ``<title>``, ``<summary>`` (the abstract),
``<author><name>``, ``<link rel="alternate">`` (the abs page), ``<published>`` (the date) and
``<arxiv:doi>``. White space inside title and abstract is folded (the API wraps lines).

The file is parsed incrementally with expat (the parser behind :func:`xml.etree.ElementTree.iterparse`,
used directly because it tells the line each entry starts on). A file cut in the middle keeps the
entries completed before the cut and rejects the rest with the line where the XML breaks off. Bytes
that are not UTF-8 in a UTF-8 file cost only the entry they are in.

The encoding is the one a byte-order mark names (UTF-8, UTF-16, UTF-32), else the one the XML
declaration names, else UTF-8. A file in another encoding is decoded by Python and handed to expat
as UTF-8 (expat alone knows only UTF-8, UTF-16, Latin-1 and ASCII); a file that declares an encoding
Python does not know is refused whole (:class:`~kg.ingest.InputError`), with its name.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "query.atom"
>>> _ = p.write_text('''<feed xmlns="http://www.w3.org/2005/Atom">
... <entry><id>http://arxiv.org/abs/1607.06450v1</id><title>Layer
...   Normalization</title><summary>Training deep nets is costly.</summary>
... <author><name>Jimmy Lei Ba</name></author></entry>
... <entry><id>http://arxiv.org/abs/1706.03762v7</id><title>Attention''')
>>> for r in read_arxiv_atom(p):
...     print((r.id, r.title) if hasattr(r, "id") else f"line {r.line}: {r.reason}")  # doctest: +ELLIPSIS
('arxiv:1607.06450', 'Layer Normalization')
line 5: the XML breaks off here (...); this entry (opened on line 5) and any after it are lost
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kg.ingest import InputError
from kg.ingest.compressed import open_input
from kg.ingest.fields import clean_text, paper_from_fields
from kg.ingest.text_lines import bom_encoding, decode_line, file_encoding
from kg.model import Paper, Rejection, Source

__all__ = ["ATOM", "ARXIV", "read_arxiv_atom"]

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
CHUNK_SIZE = 1 << 16

_ENTRY, _AUTHOR, _NAME, _LINK = f"{ATOM} entry", f"{ATOM} author", f"{ATOM} name", f"{ATOM} link"
_TEXT_FIELDS = {
    f"{ATOM} id": "id",
    f"{ATOM} title": "title",
    f"{ATOM} summary": "summary",
    f"{ATOM} published": "published",
    f"{ATOM} updated": "updated",
    f"{ARXIV} doi": "doi",
}
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class _Entry:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    end_line: int = 0


class _Handler:
    """Collects entries as expat reports them."""

    def __init__(self, parser: Any) -> None:
        self._p = parser
        self.entry: _Entry | None = None
        self.done: list[_Entry] = []
        self._text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _ENTRY:
            self.entry = _Entry(self._p.CurrentLineNumber)
        elif self.entry is not None and name == _LINK:
            self.entry.links.append(dict(attrs))
        self._text = []

    def chars(self, data: str) -> None:
        self._text.append(data)

    def end(self, name: str) -> None:
        e = self.entry
        if e is None:
            return
        text = "".join(self._text)
        self._text = []
        if name == _ENTRY:
            e.end_line = self._p.CurrentLineNumber
            self.done.append(e)
            self.entry = None
        elif name == _NAME:
            e.authors.append(text)
        elif (key := _TEXT_FIELDS.get(name)) is not None and key not in e.values:
            e.values[key] = text


def atom_encoding(path: Path, head: bytes) -> str:
    """The encoding of an Atom file from its first bytes (a Python codec name; see the module docstring).

    Examples
    --------
    >>> atom_encoding(Path("a.atom"), b'<?xml version="1.0" encoding="ISO-8859-1"?><feed/>')
    'iso8859-1'
    >>> atom_encoding(Path("a.atom"), '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16"))
    'utf-16'
    >>> atom_encoding(Path("a.atom"), b'<?xml version="1.0" encoding="bogus-enc"?>')
    Traceback (most recent call last):
    ...
    kg.ingest.InputError: a.atom: the XML declaration names an unknown encoding, 'bogus-enc'
    """
    if found := bom_encoding(head):
        return found
    if m := _DECLARED_ENCODING.match(head):
        declared = m.group(1).decode("ascii")
        try:
            return codecs.lookup(declared).name
        except LookupError:
            raise InputError(f"{path}: the XML declaration names an unknown encoding, {declared!r}") from None
    return file_encoding(path, head)


class _Transcoder:
    """Decodes a byte stream in another encoding and re-encodes it as UTF-8, for expat."""

    def __init__(self, encoding: str) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def feed(self, raw: bytes, final: bool = False) -> bytes:
        return self._decoder.decode(raw, final=final).encode("utf-8")


class _Sanitizer:
    """Re-encodes a UTF-8 byte stream, replacing bytes that are not UTF-8 and noting their lines."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._line = 1
        self.bad: dict[int, str] = {}

    def feed(self, raw: bytes, final: bool = False) -> bytes:
        text = self._decoder.decode(raw, final=final)
        if any("\udc80" <= c <= "\udcff" for c in text):
            for m in re.finditer(r"[\udc80-\udcff]", text):
                line = self._line + text.count("\n", 0, m.start())
                self.bad.setdefault(line, f"not UTF-8 (byte 0x{ord(m.group()) - 0xDC00:02x})")
            text = re.sub(r"[\udc80-\udcff]", "\ufffd", text)
        self._line += text.count("\n")
        return text.encode("utf-8")


def read_arxiv_atom(path: Path) -> Iterator[Paper | Rejection]:
    """Stream the entries of a saved arXiv API response."""
    name = str(path)
    # Every byte reaches expat as UTF-8: its own reading of the declared encoding is overridden.
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    handler = _Handler(parser)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    with open_input(path) as f:
        raw = f.read(CHUNK_SIZE)
        if not raw.strip(b" \t\r\n" + codecs.BOM_UTF8):
            return  # an empty file holds no entries
        encoding = atom_encoding(path, raw)
        sanitizer = _Sanitizer() if encoding == "utf-8" else None
        recode = sanitizer or _Transcoder(encoding)
        while True:
            try:
                parser.Parse(recode.feed(raw, final=not raw), not raw)
            except expat.ExpatError as exc:
                yield from _entries(name, handler, sanitizer)
                yield Rejection(name, exc.lineno, _break_reason(path, exc, handler.entry, sanitizer is not None))
                return
            yield from _entries(name, handler, sanitizer)
            if not raw:
                return
            raw = f.read(CHUNK_SIZE)


def _entries(name: str, handler: _Handler, sanitizer: _Sanitizer | None) -> Iterator[Paper | Rejection]:
    for e in handler.done:
        bad = sanitizer and next(((n, r) for n, r in sanitizer.bad.items() if e.line <= n <= e.end_line), None)
        if bad:
            yield Rejection(name, bad[0], f"{bad[1]} in the entry opened on line {e.line}")
        else:
            yield _paper(name, e)
    handler.done.clear()


def _break_reason(path: Path, exc: expat.ExpatError, entry: _Entry | None, utf8: bool) -> str:
    what = expat.ErrorString(exc.code)
    if entry is not None:
        lost = f"this entry (opened on line {entry.line}) and any after it are lost"
    else:
        lost = "any entries after it are lost"
    bad = _undecodable(path, exc.lineno) if utf8 else None
    return f"{bad}; {lost}" if bad else f"the XML breaks off here ({what}); {lost}"


def _undecodable(path: Path, lineno: int) -> str | None:
    """Why line ``lineno`` is not UTF-8 (files that declare another encoding break here)."""
    with open_input(path) as f:
        for n, raw in enumerate(f, 1):
            if n == lineno:
                return decode_line(raw)[1]
    return None


def _paper(name: str, e: _Entry) -> Paper | Rejection:
    v = e.values
    raw_id = clean_text(v.get("id", ""))
    if "/api/errors" in raw_id:
        return Rejection(name, e.line, f"arXiv API error: {clean_text(v.get('summary', ''))}")
    url = next((lk.get("href") for lk in e.links if lk.get("rel") == "alternate" and lk.get("href")), None)
    rec = {
        "title": v.get("title", ""),
        "abstract": clean_text(v.get("summary", "")),
        "authors": [a for a in (clean_text(a) for a in e.authors) if a],
        "url": url or (raw_id if raw_id.startswith("http") else None),
        "date": clean_text(v.get("published", "") or v.get("updated", ""))[:10] or None,
        "arxiv_id": raw_id or None,
        "doi": v.get("doi"),
    }
    return paper_from_fields(rec, Source(name, e.line, "atom"))

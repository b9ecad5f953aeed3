"""Stream the records of a JSON file one at a time, with the line each record starts on.

A JSON file of records may be an array (``[{...}, {...}]``), an API page whose ``results`` (or
``papers``) member is that array, a single object, or several top-level values one after the other
(JSON Lines, concatenated JSON). :func:`iter_json_items` walks all of these without reading the file
whole: it reads chunks, finds where each record ends (a small bracket scanner that knows strings),
and decodes one record at a time with :func:`json.loads`. Because it knows each record's extent, a
malformed record is reported with its line and the next record is read as usual.

Bytes that are not UTF-8 are decoded with ``surrogateescape`` so that they cost only the record they
are in. A UTF-16 or UTF-32 file with a byte-order mark is decoded as such. A number whose digits
Python will not convert (more than 4,300) costs its record, as does a member name with a bad escape.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.json"
>>> _ = p.write_text('{"meta": {"count": 3}, "results": [\\n {"a": 1},\\n {"a": tru},\\n {"a": 3}\\n]}\\n')
>>> [(i.line, i.value, i.error) for i in iter_json_items(p)]
[(2, {'a': 1}, None), (3, None, 'invalid JSON: Expecting value (line 3, column 8)'), (4, {'a': 3}, None)]
"""
from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from kg.ingest.compressed import format_path, open_input
from kg.ingest.text_lines import file_encoding, iter_lines

__all__ = ["JsonItem", "iter_json_items", "iter_json_lines", "iter_records", "looks_like_json_lines"]

CHUNK_SIZE = 1 << 16
UNWRAP_KEYS = ("results", "papers")  # a page object whose member of this name holds the records
# json.loads recurses once per nesting level: "[[[[...]]]]" deep enough raises RecursionError.
TOO_DEEP = "invalid JSON: nested too deeply"

_WS = re.compile(r"[ \t\n\r]*")
_STRUCTURE = re.compile(r'["{}\[\]]')
_STRING_STOP = re.compile(r'["\\]')
_SCALAR = re.compile(r"[^,\]}\s]*")
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")


@dataclass(frozen=True)
class JsonItem:
    """One record: the line it starts on, and its value or why it could not be read.

    ``index`` is the record's 1-based position in its array when other records of the array start
    on the same line (an API page saved on one line): the line alone would not say which it is.
    """

    line: int
    value: Any = None
    error: str | None = None
    index: int | None = None

    def where(self) -> str:
        """`` (record 5 of the array)`` when the line alone does not name the record, else ''."""
        return f" (record {self.index} of the array)" if self.index is not None else ""


def _loads(text: str) -> tuple[Any, str | None]:
    """``json.loads(text)``, or None and why not (as a record's error: never an exception)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:
        return None, TOO_DEEP
    except ValueError:  # int("1" * 5000): Python's limit on the digits of an integer
        return None, f"invalid JSON: a number with more than {sys.get_int_max_str_digits():,} digits"


class _Truncated(Exception):
    """The file ends inside a value."""


class _Malformed(Exception):
    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos


class _Buffer:
    """A sliding window of decoded text over a binary file, with line accounting."""

    def __init__(self, f: IO[bytes], encoding: str = "utf-8") -> None:
        self._f = f
        # Bytes that are not UTF-8 are kept as surrogates, to reject their record only; UTF-16 and
        # UTF-32 have no such bytes to keep (a bad sequence becomes U+FFFD, as a lone \ud800 does).
        errors = "surrogateescape" if encoding == "utf-8" else "replace"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
        self.text = ""
        self.pos = 0
        self._line = 1  # line number of text[0]
        self.eof = False
        self._first = True

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the file."""
        if self.eof:
            return False
        raw = self._f.read(CHUNK_SIZE)
        chunk = self._decoder.decode(raw, final=not raw)
        if self._first:
            chunk = chunk.removeprefix("\ufeff")
            self._first = False
        self.text += chunk
        if not raw:
            self.eof = True
        return bool(raw) or bool(chunk)

    def compact(self) -> None:
        """Drop the text already consumed (only between records: offsets are kept nowhere else)."""
        if self.pos > CHUNK_SIZE:
            self._line += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos:]
            self.pos = 0

    def line_at(self, i: int) -> int:
        return self._line + self.text.count("\n", 0, i)

    def column_at(self, i: int) -> int:
        return i - (self.text.rfind("\n", 0, i) + 1) + 1

    def peek(self) -> str:
        """The next character after white space ('' at the end of the file)."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.fill():
                return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_line(self) -> None:
        while (nl := self.text.find("\n", self.pos)) < 0:
            if not self.fill():
                self.pos = len(self.text)
                return
        self.pos = nl + 1

    def _string_end(self, i: int) -> int:
        """End of the string whose opening quote is just before ``i``."""
        while True:
            m = _STRING_STOP.search(self.text, i)
            if m is None:
                i = len(self.text)
            elif m.group() == "\\":
                if m.end() < len(self.text):
                    i = m.end() + 1  # skip the escaped character
                    continue
                i = m.start()  # the escaped character is in the next chunk: look again from here
            else:
                return m.end()
            if not self.fill():
                raise _Truncated

    def value_end(self, start: int) -> int:
        """End (exclusive) of the JSON value starting at ``start``; raises _Truncated at EOF."""
        c = self.text[start]
        if c == '"':
            return self._string_end(start + 1)
        if c in "{[":
            depth, i = 0, start
            while True:
                m = _STRUCTURE.search(self.text, i)
                if m is None:
                    i = len(self.text)
                    if not self.fill():
                        raise _Truncated
                    continue
                i = m.end()
                if m.group() == '"':
                    i = self._string_end(i)
                elif m.group() in "{[":
                    depth += 1
                else:
                    depth -= 1
                    if depth == 0:
                        return i
        while True:  # a scalar: up to the next delimiter
            end = _SCALAR.match(self.text, start).end()
            if end < len(self.text) or not self.fill():
                return max(end, start + 1)

    def decode(self, start: int, end: int) -> JsonItem:
        """Decode ``text[start:end]`` as one record."""
        line = self.line_at(start)
        raw = self.text[start:end]
        if m := _ESCAPED_BYTE.search(raw):
            at = self.line_at(start + m.start())
            byte = ord(m.group()) - 0xDC00
            where = "" if at == line else f" in the record starting on line {line}"
            return JsonItem(at, error=f"not UTF-8 (byte 0x{byte:02x}){where}")
        try:
            return JsonItem(line, json.loads(raw))
        except json.JSONDecodeError as exc:
            at = start + exc.pos
            where = f"line {self.line_at(at)}, column {self.column_at(at)}"
            return JsonItem(line, error=f"invalid JSON: {exc.msg} ({where})")
        except (RecursionError, ValueError):
            return JsonItem(line, error=_loads(raw)[1])


def iter_json_lines(path: Path) -> Iterator[JsonItem]:
    """One JSON value per line (JSON Lines): a bad line costs that line only; blank lines skipped."""
    for ln in iter_lines(path):
        if ln.bad:
            yield JsonItem(ln.number, error=ln.bad)
        elif ln.text.strip():
            value, error = _loads(ln.text)
            yield JsonItem(ln.number, value, error)


def looks_like_json_lines(path: Path, limit: int = 1 << 20) -> bool:
    """True when the first non-blank line is a whole JSON object and another object line follows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> _ = p.write_text('{"a": 1}\\n{"a": 2}\\n')
    >>> looks_like_json_lines(p), looks_like_json_lines(p.with_name("none.json"))
    (True, False)
    >>> _ = p.write_text('{\\n  "a": 1\\n}\\n')
    >>> looks_like_json_lines(p)
    False
    """
    try:
        with open_input(path) as f:
            lines = (raw for raw in iter(lambda: f.readline(limit), b"") if raw.strip())
            first, second = next(lines, b""), next(lines, b"")
    except OSError:
        return False
    if not first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{") or not second.lstrip().startswith(b"{"):
        return False
    return isinstance(_loads(first.decode("utf-8-sig", errors="replace"))[0], dict)


def iter_records(path: Path) -> Iterator[JsonItem]:
    """The records of a JSON file of any accepted shape, JSON Lines read line by line.

    A ``.jsonl``/``.ndjson`` file, or a file whose first lines are whole objects, is read as JSON
    Lines, so that a broken line costs that line only; anything else by :func:`iter_json_items`.
    """
    if format_path(path).suffix.lower() in (".jsonl", ".ndjson") or looks_like_json_lines(path):
        return iter_json_lines(path)
    return iter_json_items(path)


def iter_json_items(path: Path, unwrap: tuple[str, ...] = UNWRAP_KEYS) -> Iterator[JsonItem]:
    """Stream the records of a JSON file (see the module docstring for the shapes accepted)."""
    with open_input(path) as f:
        buf = _Buffer(f, file_encoding(path, f.peek(64)[:64]))
        while True:
            buf.compact()
            c = buf.peek()
            if c == "":
                return
            if c == "[":
                yield from _array(buf)
            elif c == "{":
                yield from _object(buf, unwrap)
            else:
                line = buf.line_at(buf.pos)
                yield JsonItem(line, error=f"expected a JSON object or array, found {c!r}")
                buf.skip_line()


def _array(buf: _Buffer) -> Iterator[JsonItem]:
    """The elements of the array starting at ``buf.pos``, each numbered (:attr:`JsonItem.index`)
    when it shares its line with another element; read one element ahead to know that."""
    held: JsonItem | None = None  # the last element, until the next one says whether it shares its line
    held_n, held_shares, n = 0, False, 0
    for element, item in _array_items(buf):
        if not element:
            if held is not None:
                yield replace(held, index=held_n) if held_shares else held
                held = None
            yield item
            continue
        n += 1
        shares = held is not None and held.line == item.line
        if held is not None:
            yield replace(held, index=held_n) if held_shares or shares else held
        held, held_n, held_shares = item, n, shares
    if held is not None:
        yield replace(held, index=held_n) if held_shares else held


def _array_items(buf: _Buffer) -> Iterator[tuple[bool, JsonItem]]:
    """(True, element) for each element of the array at ``buf.pos``; (False, error) for where the
    array itself breaks. Separators are read leniently."""
    buf.pos += 1
    while True:
        buf.compact()
        c = buf.peek()
        if c == "":
            yield False, JsonItem(buf.line_at(buf.pos), error="the file ends before the array is closed")
            return
        if c == "]":
            buf.pos += 1
            return
        if c == ",":
            buf.pos += 1
            continue
        start = buf.pos
        try:
            end = buf.value_end(start)
        except _Truncated:
            yield False, JsonItem(buf.line_at(start), error="the file ends inside this record")
            buf.pos = len(buf.text)
            return
        buf.pos = end
        yield True, buf.decode(start, end)


def _object(buf: _Buffer, unwrap: tuple[str, ...]) -> Iterator[JsonItem]:
    """A top-level object: a page whose ``unwrap`` member is streamed, or else one record.

    A member name that is not valid JSON ("m\\eta") makes a record malformed, and it is rejected
    whole; in a page, only that member is skipped (and reported), not the page's records.
    """
    start, line = buf.pos, buf.line_at(buf.pos)
    streamed = False
    members: dict[str, Any] = {}
    bad_name: tuple[int, int, str] | None = None  # the first bad member name: offset, line, why
    try:
        buf.pos += 1
        while True:
            c = buf.peek()
            if c == "":
                raise _Truncated
            if c == "}":
                buf.pos += 1
                break
            if c == ",":
                buf.pos += 1
                continue
            if c != '"':
                raise _Malformed(buf.pos, f"expected a member name, found {c or 'the end of the file'!r}")
            key_start = buf.pos
            key_end = buf.value_end(key_start)
            key, error = _loads(buf.text[key_start:key_end])
            if error is not None:
                why = f"{error.split(' (column')[0]} in a member name"
                bad_name = bad_name or (key_start, buf.line_at(key_start), why)
                key = None
            buf.pos = key_end
            if buf.peek() != ":":
                raise _Malformed(buf.pos, f"expected ':' after {key!r}")
            buf.pos += 1
            if buf.peek() == "[" and key in unwrap:
                streamed = True
                yield from _array(buf)
                continue
            v_start = buf.pos
            if v_start >= len(buf.text):
                raise _Truncated
            v_end = buf.value_end(v_start)
            item = buf.decode(v_start, v_end)
            buf.pos = v_end
            if item.error:
                raise _Malformed(v_start, item.error)
            if key is not None:
                members[key] = item.value
        if bad_name is not None and not streamed:
            raise _Malformed(bad_name[0], bad_name[2])
    except _Truncated:
        yield JsonItem(line, error="the file ends inside this object")
        buf.pos = len(buf.text)
        return
    except _Malformed as exc:
        where = buf.line_at(exc.pos)
        if streamed:
            yield JsonItem(where, error=f"{exc} (line {where}); the rest of the file is skipped")
            buf.pos = len(buf.text)
            return
        # Nothing was streamed yet, so the object is still in the buffer: skip it whole.
        buf.pos = start
        try:
            buf.pos = buf.value_end(start)
        except _Truncated:
            buf.pos = len(buf.text)
        message = str(exc) if str(exc).startswith(("invalid JSON", "not UTF-8")) else f"invalid JSON: {exc}"
        yield JsonItem(line, error=message if "line " in message else f"{message} (line {where})")
        return
    if not streamed:
        yield JsonItem(line, members)
    elif bad_name is not None:
        yield JsonItem(bad_name[1], error=f"{bad_name[2]} of the page object; that member is skipped")

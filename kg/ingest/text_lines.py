"""Numbered lines of a text file, decoded one at a time so that one bad byte costs one record.

Every line-oriented reader (listings, JSON Lines, CSV/TSV, BibTeX) reads its file through
:func:`iter_lines`: the file is streamed line by line, and a line that is not valid UTF-8 is still
returned (decoded with U+FFFD replacement characters) together with a reason, so that the reader
can reject the one record it belongs to and keep the others.

The encoding is UTF-8 unless a byte-order mark says otherwise (:func:`bom_encoding`): UTF-8,
UTF-16 and UTF-32 files with a mark are read, the mark dropped. A file that looks like UTF-16
without a mark (every other byte NUL) is refused whole with :class:`EncodingError`: read as UTF-8
it would give no record at all, in silence.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.txt"
>>> _ = p.write_bytes(b"\\xef\\xbb\\xbfTitle\\r\\nCaf\\xe9 line\\n")
>>> [(ln.number, ln.text.replace("\\ufffd", "?"), ln.bad) for ln in iter_lines(p)]
[(1, 'Title', None), (2, 'Caf? line', 'not UTF-8 (byte 0xe9 at column 4)')]
>>> _ = p.write_bytes("Title\\r\\nCafé\\n".encode("utf-16"))
>>> [(ln.number, ln.text) for ln in iter_lines(p)]
[(1, 'Title'), (2, 'Café')]
>>> _ = p.write_bytes(b"old\\rMac\\rlines")
>>> [ln.text for ln in iter_lines(p)], [ln.text for ln in iter_lines(p, universal=True)]
(['old\\rMac\\rlines'], ['old', 'Mac', 'lines'])
"""
from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.ingest import InputError
from kg.ingest.compressed import open_input

__all__ = ["EncodingError", "NumberedLine", "bom_encoding", "decode_line", "file_encoding", "iter_lines", "read_head"]

_BOM = b"\xef\xbb\xbf"
# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHUNK = 1 << 16
_LINE_END = re.compile(rb"\r\n|\r|\n")


class EncodingError(InputError):
    """A whole file in an encoding that cannot be read (said with the file's name)."""


@dataclass(frozen=True)
class NumberedLine:
    """One line of a file: its 1-based number, its text, and why it is not clean UTF-8 (or None).

    ``text`` has its line end removed unless the line was read with ``keep_ends=True``.
    """

    number: int
    text: str
    bad: str | None = None


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` names ("utf-8", "utf-16", "utf-32").

    The names are Python codecs that read the mark themselves and drop it ("utf-8" does not: the
    readers drop a UTF-8 mark).

    Examples
    --------
    >>> bom_encoding("{}".encode("utf-16")), bom_encoding(b"\\xef\\xbb\\xbf{}"), bom_encoding(b"{}")
    ('utf-16', 'utf-8', None)
    """
    for mark, name in _BOMS:
        if head.startswith(mark):
            return name
    return None


def file_encoding(path: Path, head: bytes) -> str:
    """The encoding to read a file in from its first bytes: by byte-order mark, else UTF-8.

    Raises :class:`EncodingError` for what looks like UTF-16 without a mark (NUL bytes in every
    other position of the first line).
    """
    if found := bom_encoding(head):
        return found
    sample = head[:64]
    odd, even, half = sample[1::2].count(0), sample[0::2].count(0), len(sample) // 2
    if half >= 4 and max(odd, even) >= 3 * half / 4 and min(odd, even) <= half / 4:
        raise EncodingError(f"{path}: looks like UTF-16 without a byte-order mark; save it as UTF-8 "
                            "(or as UTF-16 with a byte-order mark)")
    return "utf-8"


def read_head(path: Path, size: int = 4096) -> str:
    """The first ``size`` bytes of a file as text, decoded as :func:`file_encoding` says (with
    replacement characters; for sniffing a format, not for reading records)."""
    with open_input(path) as f:
        head = f.read(size)
    try:
        encoding = file_encoding(path, head)
    except EncodingError:
        return ""
    return head.decode(encoding, errors="replace").removeprefix("\ufeff")


def decode_line(raw: bytes) -> tuple[str, str | None]:
    """Decode one line as UTF-8; on failure, the text with U+FFFD and the reason.

    Examples
    --------
    >>> decode_line("Schr\\u00f6dinger".encode())
    ('Schrödinger', None)
    >>> text, bad = decode_line(b"M\\xfcller")
    >>> text == "M\\ufffdller", bad
    (True, 'not UTF-8 (byte 0xfc at column 2)')
    """
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        return raw.decode("utf-8", errors="replace"), reason


def _raw_lines(f: IO[bytes], universal: bool) -> Iterator[bytes]:
    """The lines of a binary file with their ends: at ``\\n`` (and ``\\r\\n``); with ``universal``,
    at a lone ``\\r`` too. Read in chunks, so a file of one endless line is not read at once
    more than its line needs."""
    if not universal:
        yield from f
        return
    rest = b""
    while chunk := f.read(_CHUNK):
        rest += chunk
        start = 0
        for m in _LINE_END.finditer(rest):
            if m.group() == b"\r" and m.end() == len(rest):
                break  # a "\r" at the end of the chunk may be the start of "\r\n"
            yield rest[start:m.end()]
            start = m.end()
        rest = rest[start:]
    if rest:
        yield rest


def iter_lines(path: Path, *, keep_ends: bool = False, universal: bool = False) -> Iterator[NumberedLine]:
    """Stream the lines of ``path`` (CRLF and LF accepted; with ``universal``, CR alone too).

    A byte-order mark chooses the encoding and is dropped; without one the file is UTF-8, decoded
    line by line. UTF-16 and UTF-32 files are decoded as a stream, and a sequence that is not valid
    in them becomes U+FFFD (the record is kept, as a lone surrogate in JSON is).
    """
    with open_input(path) as f:
        encoding = file_encoding(path, f.peek(64)[:64])
        if encoding != "utf-8":
            text = io.TextIOWrapper(f, encoding=encoding, errors="replace", newline="" if universal else "\n")
            for number, line in enumerate(text, 1):
                yield NumberedLine(number, line if keep_ends else line.rstrip("\r\n"))
            return
        for number, raw in enumerate(_raw_lines(f, universal), 1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not keep_ends:
                raw = raw.rstrip(b"\r\n")
            text, bad = decode_line(raw)
            yield NumberedLine(number, text, bad)

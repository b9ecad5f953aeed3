"""Numbered lines of a text file, decoded one at a time so that one bad byte costs one record.

Every line-oriented reader (listings, JSON Lines, CSV/TSV, BibTeX) reads its file through
:func:`iter_lines`: the file is streamed line by line, a UTF-8 byte-order mark is dropped, and a line
that is not valid UTF-8 is still returned (decoded with U+FFFD replacement characters) together with
a reason, so that the reader can reject the one record it belongs to and keep the others.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.txt"
>>> _ = p.write_bytes(b"\\xef\\xbb\\xbfTitle\\r\\nCaf\\xe9 line\\n")
>>> [(ln.number, ln.text.replace("\\ufffd", "?"), ln.bad) for ln in iter_lines(p)]
[(1, 'Title', None), (2, 'Caf? line', 'not UTF-8 (byte 0xe9 at column 4)')]
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NumberedLine", "decode_line", "iter_lines"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class NumberedLine:
    """One line of a file: its 1-based number, its text, and why it is not clean UTF-8 (or None).

    ``text`` has its line end removed unless the line was read with ``keep_ends=True``.
    """

    number: int
    text: str
    bad: str | None = None


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


def iter_lines(path: Path, *, keep_ends: bool = False) -> Iterator[NumberedLine]:
    """Stream the lines of ``path`` (CRLF and LF accepted; a leading BOM dropped)."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not keep_ends:
                raw = raw.rstrip(b"\r\n")
            text, bad = decode_line(raw)
            yield NumberedLine(number, text, bad)

"""Compressed inputs: ``papers.jsonl.gz``, ``refs.bib.bz2``, ``listing.txt.xz`` (and ``.zst`` where a
zstd library is installed) are read as streams, never unpacked to disk or into memory whole.

Every reader opens its file with :func:`open_input`, which gives the decompressed bytes of a
compressed file and the file itself otherwise; the format is told by the name without the
compression suffix (:func:`format_path`: ``papers.jsonl.gz`` is JSON Lines). Line numbers count the
decompressed lines, so a rejection names the same line as in the uncompressed file, and every
message names the file as the user gave it.

A compressed file that is corrupt or cut short cannot be trusted past the point where it breaks:
reading it raises :class:`CorruptInputError` (an :class:`~kg.ingest.InputError`) naming the file, the
compression and the last whole line read, and the build stops (``kg`` exits with status 2).

Examples
--------
>>> import gzip, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "papers.jsonl.gz"
>>> _ = p.write_bytes(gzip.compress(b'{"title": "T"}\\n' * 1000))
>>> compression(p), format_path(p).name
('gzip', 'papers.jsonl')
>>> with open_input(p) as f:
...     f.readline()
b'{"title": "T"}\\n'
>>> _ = p.write_bytes(p.read_bytes()[:-4])  # cut short: the last bytes are lost
>>> with open_input(p) as f:  # doctest: +ELLIPSIS
...     _ = f.read()
Traceback (most recent call last):
...
kg.ingest.compressed.CorruptInputError: ...papers.jsonl.gz: the gzip data is cut short after line ... (the file is ...)
"""
from __future__ import annotations

import importlib
import io
import os
from pathlib import Path
from typing import IO, Any

from kg.ingest import InputError

__all__ = ["COMPRESSIONS", "CorruptInputError", "compression", "format_path", "open_input"]

# file suffix -> compression name
COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
_MAGIC = {"gzip": b"\x1f\x8b", "bzip2": b"BZh", "xz": b"\xfd7zXZ\x00", "zstd": b"\x28\xb5\x2f\xfd"}
_BUFFER = 1 << 16


class CorruptInputError(InputError):
    """A compressed input that is corrupt or cut short: the data after the break cannot be read.

    Unlike other unreadable inputs it is not passed over with a warning: it stops the run, since
    the papers it holds past the break would be lost in silence.
    """


def compression(path: str | os.PathLike[str]) -> str | None:
    """The compression a file's name says it has ("gzip", "bzip2", "xz", "zstd"), or None.

    Examples
    --------
    >>> compression("papers.jsonl.GZ"), compression("refs.bib.bz2"), compression("a.xz"), compression("a.json")
    ('gzip', 'bzip2', 'xz', None)
    """
    return COMPRESSIONS.get(Path(path).suffix.lower())


def format_path(path: str | os.PathLike[str]) -> Path:
    """The name that tells a file's format: without its compression suffix.

    Examples
    --------
    >>> format_path("data/papers.jsonl.gz"), format_path("page.txt")
    (PosixPath('data/papers.jsonl'), PosixPath('page.txt'))
    """
    p = Path(path)
    return p.with_suffix("") if compression(p) else p


def _zstd_opener() -> Any:
    """``open(path)`` of a zstd stream: Python's own ``compression.zstd`` (3.14) or ``zstandard``."""
    for module in ("compression.zstd", "zstandard"):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        return found.open
    return None


def _opener(path: Path, kind: str) -> Any:
    if kind == "gzip":
        import gzip

        return gzip.open
    if kind == "bzip2":
        import bz2

        return bz2.open
    if kind == "xz":
        import lzma

        return lzma.open
    opener = _zstd_opener()
    if opener is None:
        raise InputError(f"{path}: reading zstd (.zst) needs the zstandard package, which is not installed "
                         "(pip install zstandard), or decompress it first (zstd -d)")
    return opener


def _errors() -> tuple[type[BaseException], ...]:
    """What the decompressors raise on bad data (each imported only once a file needs it)."""
    import sys

    found: list[type[BaseException]] = [EOFError, OSError]
    if "zlib" in sys.modules:
        found.append(sys.modules["zlib"].error)
    if "lzma" in sys.modules:
        found.append(sys.modules["lzma"].LZMAError)
    if "zstandard" in sys.modules:
        found.append(sys.modules["zstandard"].ZstdError)
    if "compression.zstd" in sys.modules:
        found.append(sys.modules["compression.zstd"].ZstdError)
    return tuple(found)


def _why(exc: BaseException, path: Path, kind: str, lines: int) -> str:
    """What went wrong, in words: not this compression at all, cut short (the data ends early), or
    corrupt."""
    where = f"after line {lines}" if lines else "before its first line"
    detail = str(exc) or type(exc).__name__
    if not _starts_as(path, kind):
        return f"is not {kind} data, as its name says ({detail})"
    if isinstance(exc, EOFError):
        return f"the {kind} data is cut short {where} (the file is truncated: {detail})"
    return f"the {kind} data is corrupt {where} ({detail})"


def _starts_as(path: Path, kind: str) -> bool:
    """Whether a file begins with the magic bytes of its compression."""
    try:
        with open(path, "rb") as f:
            return f.read(len(_MAGIC[kind])) == _MAGIC[kind]
    except OSError:
        return True


class _Checked(io.RawIOBase):
    """The decompressed bytes of a stream; a decompressor's error becomes :class:`CorruptInputError`
    naming the file and the number of whole lines read before the break."""

    def __init__(self, inner: IO[bytes], path: Path, kind: str) -> None:
        super().__init__()
        self._inner, self._path, self._kind = inner, path, kind
        self._lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            n = self._inner.readinto(buffer)
        except _errors() as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                raise  # a read error of the disk, not of the data
            raise CorruptInputError(f"{self._path}: {_why(exc, self._path, self._kind, self._lines)}") from None
        if n:
            self._lines += bytes(memoryview(buffer)[:n]).count(b"\n")
        return n or 0

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def open_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open an input for reading bytes: decompressed as a stream when its name ends in ``.gz``,
    ``.bz2``, ``.xz`` or ``.zst``, the file itself otherwise. The file object supports ``peek``,
    ``readline``, ``read`` and iteration, as ``open(path, "rb")`` does.

    Raises :class:`~kg.ingest.InputError` for ``.zst`` without a zstd library; reading raises
    :class:`CorruptInputError` where the compressed data is corrupt or cut short.

    Examples
    --------
    >>> import bz2, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "refs.bib.bz2"
    >>> _ = p.write_bytes(bz2.compress(b"@article{a,\\n title={T}}\\n"))
    >>> with open_input(p) as f:
    ...     [line for line in f]
    [b'@article{a,\\n', b' title={T}}\\n']
    """
    p = Path(path)
    kind = compression(p)
    if kind is None:
        return open(p, "rb")
    opener = _opener(p, kind)
    return io.BufferedReader(_Checked(opener(p, "rb"), p, kind), buffer_size=_BUFFER)

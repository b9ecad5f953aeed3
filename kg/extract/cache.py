"""A cache of extracted entities (and sentence bounds) keyed by paper content and extractor version.

Re-running a build skips papers already extracted by the same extractors: the key is a hash of
the title, the abstract and :func:`extractor_fingerprint` (a hash of the extraction code and its
resource files, the classifier model given to the build included), so any change to a component,
a gazetteer or the model invalidates the cache by itself.

Nothing read from the cache is trusted blindly. Each entry carries a checksum of its key, the
extractor fingerprint and its data: an entry that fails it, that is not valid JSON, or that does
not describe entities and sentences is dropped and its paper extracted again. A file that SQLite cannot read (not
a database, damaged pages) is replaced by an empty cache. Either way the build goes on, with one
warning (``on_warning``). A cache path that is a directory is left alone and the build runs
without a cache.

Examples
--------
>>> import tempfile, pathlib
>>> from kg.model import Paper, Entity, Sentence
>>> cache = ExtractionCache(pathlib.Path(tempfile.mkdtemp()) / "cache.sqlite")
>>> p = Paper("p", "T", "A.", entities=[Entity("method", "Adam", "adam", "abstract", 0, 4, "A.", proposed=False)],
...           sentences=[Sentence("title", 0, 1), Sentence("abstract", 0, 2)])
>>> cache.put(p); cache.save()
>>> q = Paper("q", "T", "A.")
>>> ExtractionCache(cache.path).fill(q), q.entities[0].norm, q.sentences == p.sentences
(True, 'adam', True)
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import threading
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kg.model import Entity, Paper, Sentence, entity_from_dict

__all__ = ["CacheWarning", "ExtractionCache", "content_key", "entry_checksum", "extractor_fingerprint"]

_EXTRACT_DIR = Path(__file__).resolve().parent
# Bumped when the table changes: a cache of another layout is emptied, not misread.
_LAYOUT = "3"  # 3: an entry is {"entities": [...], "sentences": [[field, start, end], ...]}


class CacheWarning(UserWarning):
    """The extraction cache could not be used as it was (damaged entries or file); the build goes on."""


def extractor_fingerprint(model: str | os.PathLike[str] | None = None) -> str:
    """Hash of every file that decides what the extractors output (code and resources); with
    ``model`` (a classifier model of ``kg train``), that file in place of the shipped model, so a
    copy of the shipped model has the same fingerprint and any other model another."""
    return _fingerprint(None if model is None else hashlib.sha1(Path(model).read_bytes()).hexdigest())


_MODEL_RESOURCE = "resources/entity_model.json"


@lru_cache(maxsize=4)
def _fingerprint(model_digest: str | None) -> str:
    h = hashlib.sha1()
    files = sorted(_EXTRACT_DIR.glob("*.py")) + sorted(p for p in (_EXTRACT_DIR / "resources").rglob("*") if p.is_file())
    for path in files:
        name = path.relative_to(_EXTRACT_DIR).as_posix()
        h.update(name.encode())
        if name == _MODEL_RESOURCE and model_digest is not None:
            if hashlib.sha1(path.read_bytes()).hexdigest() != model_digest:
                h.update(f"model {model_digest}".encode())
                continue
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def content_key(paper: Paper, fingerprint: str | None = None) -> str:
    """Cache key of a paper: its text and the extractor fingerprint (by default the shipped model's)."""
    fingerprint = fingerprint or extractor_fingerprint()
    data = f"{fingerprint}\x00{paper.title}\x00{paper.abstract}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()


def entry_checksum(key: str, data: bytes, fingerprint: str | None = None) -> str:
    """The checksum stored with an entry: its key, the extractor fingerprint and its data.

    >>> same, spaced = entry_checksum("k", b"[]"), entry_checksum("k", b"[ ]")
    >>> same == entry_checksum("k", b"[]"), same == spaced
    (True, False)
    """
    fingerprint = fingerprint or extractor_fingerprint()
    return hashlib.sha256(f"{key}\x00{fingerprint}\x00".encode() + data).hexdigest()


def _extraction(data: bytes) -> tuple[list[Entity], list[Sentence]] | None:
    """The entities and sentences an entry holds, or None when it does not hold them."""
    try:
        entry = json.loads(data.decode("utf-8"))
        rows, sentences = entry["entities"], entry["sentences"]
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            return None
        return [entity_from_dict(r) for r in rows], [Sentence(str(f), int(a), int(b)) for f, a, b in sentences]
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _no_space(exc: sqlite3.Error, path: Path) -> OSError | None:
    """SQLite's "database or disk is full" as the OSError any other write would raise."""
    if "full" in str(exc):
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return None


def _unreadable(exc: sqlite3.Error) -> bool:
    """Whether an error says the file cannot be read as a cache (damaged, not a database...), not
    that it is busy or that the disk is full: only then is the file replaced."""
    message = str(exc)
    return isinstance(exc, sqlite3.DatabaseError) and "locked" not in message and "full" not in message


class ExtractionCache:
    """Entities per content key in an SQLite file: looked up one paper at a time, so a cache of a
    million papers costs disk, not memory. Entries of another extractor version are dropped on
    opening. Safe to share between threads.

    ``on_warning`` receives the warnings (one per problem; by default :class:`CacheWarning`). A
    disk that fills up raises :class:`OSError` (``ENOSPC``); :meth:`discard` then drops what this
    run had not saved, and the file too if this run created it.
    """

    def __init__(self, path: Path, on_warning: Callable[[str], None] | None = None, *,
                 fingerprint: str | None = None) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint or extractor_fingerprint()  # of the extractors filling it
        self.hits = 0
        self.dropped = 0  # entries that failed their check
        self._dropped_told = 0
        self._warn = on_warning or (lambda message: warnings.warn(message, CacheWarning, stacklevel=3))
        self._lock = threading.RLock()  # re-entered: a failed lookup may replace the file, which discards
        self._pending: list[tuple[str, bytes, str]] = []
        self._created = not os.path.lexists(self.path)
        self._db: sqlite3.Connection | None = None
        if self.path.is_dir():
            self._warn(f"{self.path}: is a directory, not an extraction cache; building without the cache")
            return
        try:
            self._db = self._open()
        except sqlite3.Error as exc:  # not an SQLite file, or a damaged one
            if full := _no_space(exc, self.path):
                self.discard()
                raise full from None
            if not _unreadable(exc):
                raise
            self._replace(exc)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            current = dict(db.execute("SELECT name, value FROM meta").fetchall())
            if current.get("extractor") != self.fingerprint or current.get("layout") != _LAYOUT:
                with db:
                    db.execute("BEGIN")
                    db.execute("DROP TABLE IF EXISTS entries")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (self.fingerprint,))
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (_LAYOUT,))
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entities BLOB, checksum TEXT)")
            if (check := db.execute("PRAGMA quick_check").fetchall()) != [("ok",)]:  # reads every page
                raise sqlite3.DatabaseError(f"damaged: {check[0][0]}")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _replace(self, exc: BaseException) -> None:
        """Start an empty cache in place of a file that cannot be read (one warning)."""
        if self._db is not None:
            self._db.close()
        self._db = None
        for p in (self.path, Path(f"{self.path}-journal")):
            p.unlink(missing_ok=True)
        self._created = True  # what the new file will hold is this run's only
        self._warn(f"{self.path}: the extraction cache could not be read ({exc}); replaced by an empty one")
        try:
            self._db = self._open()
        except sqlite3.Error as again:
            if full := _no_space(again, self.path):
                self.discard()
                raise full from None
            self._warn(f"{self.path}: cannot create an extraction cache ({again}); building without it")

    def fill(self, paper: Paper) -> bool:
        """Set the paper's entities from the cache; True on a hit. An entry that fails its check
        is dropped (a miss: the paper is extracted again)."""
        if self._db is None:
            return False
        key = content_key(paper, self.fingerprint)
        with self._lock:
            try:
                row = self._db.execute("SELECT entities, checksum FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                if not _unreadable(exc):
                    raise
                self._replace(exc)
                return False
        if row is None:
            return False
        data, checksum = row
        found = None
        if isinstance(data, bytes) and checksum == entry_checksum(key, data, self.fingerprint):
            found = _extraction(data)
        if found is None:
            self.dropped += 1
            return False
        paper.entities, paper.sentences = found
        self.hits += 1
        return True

    def put(self, paper: Paper) -> None:
        """Remember the paper's entities and sentences (written at :meth:`save`, or every few thousand papers)."""
        if self._db is None:
            return
        key = content_key(paper, self.fingerprint)
        entry = {"entities": [e.to_dict() for e in paper.entities],
                 "sentences": [s.to_list() for s in paper.sentences]}
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with self._lock:
            self._pending.append((key, data, entry_checksum(key, data, self.fingerprint)))
            if len(self._pending) >= 4096:
                self._flush()

    def _flush(self) -> None:
        assert self._db is not None
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._pending)
        except sqlite3.Error as exc:
            if full := _no_space(exc, self.path):
                raise full from None
            if not _unreadable(exc):
                raise
            pending = self._pending[:]
            self._replace(exc)
            self._pending = pending
            if self._db is not None:
                with self._db:
                    self._db.execute("BEGIN")
                    self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self._pending)
        self._pending.clear()

    def save(self) -> None:
        """Write what :meth:`put` remembered (one transaction: all or nothing); warn once if
        entries failed their check since the last warning."""
        with self._lock:
            if self._pending and self._db is not None:
                self._flush()
        if self.dropped > self._dropped_told:
            self._warn(f"{self.path}: {self.dropped - self._dropped_told} cached entries failed their check "
                       "(damaged); they were dropped and their papers extracted again")
            self._dropped_told = self.dropped

    def close(self) -> None:
        """Save and close."""
        try:
            self.save()
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None

    def discard(self) -> None:
        """Close without saving what is pending (its transaction rolled back, the journal gone);
        delete the file if this run created it. For a build that failed for want of space."""
        with self._lock:
            self._pending.clear()
            if self._db is not None:
                self._db.close()
                self._db = None
        if self._created:
            for p in (self.path, Path(f"{self.path}-journal")):
                p.unlink(missing_ok=True)

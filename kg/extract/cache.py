"""A cache of extracted entities keyed by paper content and extractor version.

Re-running a build skips papers already extracted by the same extractors: the key is a hash of
the title, the abstract and :func:`extractor_fingerprint` (a hash of the extraction code and its
resource files), so any change to a component or a gazetteer invalidates the cache by itself.

Examples
--------
>>> import tempfile, pathlib
>>> from kg.model import Paper, Entity
>>> cache = ExtractionCache(pathlib.Path(tempfile.mkdtemp()) / "cache.sqlite")
>>> p = Paper("p", "T", "A.", entities=[Entity("method", "Adam", "adam", "abstract", 0, 4, "A.", proposed=False)])
>>> cache.put(p); cache.save()
>>> q = Paper("q", "T", "A.")
>>> ExtractionCache(cache.path).fill(q), q.entities[0].norm
(True, 'adam')
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from kg.model import Paper, entity_from_dict

__all__ = ["ExtractionCache", "content_key", "extractor_fingerprint"]

_EXTRACT_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Hash of every file that decides what the extractors output (code and resources)."""
    h = hashlib.sha1()
    files = sorted(_EXTRACT_DIR.glob("*.py")) + sorted(p for p in (_EXTRACT_DIR / "resources").rglob("*") if p.is_file())
    for path in files:
        h.update(path.relative_to(_EXTRACT_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def content_key(paper: Paper) -> str:
    """Cache key of a paper: its text and the extractor fingerprint."""
    data = f"{extractor_fingerprint()}\x00{paper.title}\x00{paper.abstract}".encode()
    return hashlib.sha1(data).hexdigest()


class ExtractionCache:
    """Entities per content key in an SQLite file: looked up one paper at a time, so a cache of a
    million papers costs disk, not memory. Entries of another extractor version are dropped on
    opening; a damaged file is replaced (it only costs a re-extraction). Safe to share between
    threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.hits = 0
        self._lock = threading.Lock()
        self._pending: list[tuple[str, str]] = []
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # not an SQLite file, or a damaged one
            self.path.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entities TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name = 'extractor'").fetchone()
            if row is None or row[0] != extractor_fingerprint():
                with db:
                    db.execute("BEGIN")
                    db.execute("DELETE FROM entries")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (extractor_fingerprint(),))
            db.execute("SELECT count(*) FROM entries").fetchone()  # reads the table: fails if damaged
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def fill(self, paper: Paper) -> bool:
        """Set the paper's entities from the cache; True on a hit."""
        key = content_key(paper)
        with self._lock:
            row = self._db.execute("SELECT entities FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None:
            return False
        paper.entities = [entity_from_dict(e) for e in json.loads(row[0])]
        self.hits += 1
        return True

    def put(self, paper: Paper) -> None:
        """Remember the paper's entities (written at :meth:`save`, or every few thousand papers)."""
        entities = json.dumps([e.to_dict() for e in paper.entities], ensure_ascii=False)
        with self._lock:
            self._pending.append((content_key(paper), entities))
            if len(self._pending) >= 4096:
                self._flush()

    def _flush(self) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._pending)
        self._pending.clear()

    def save(self) -> None:
        """Write what :meth:`put` remembered (one transaction: all or nothing)."""
        with self._lock:
            if self._pending:
                self._flush()

    def close(self) -> None:
        self.save()
        self._db.close()

"""A cache of extracted entities keyed by paper content and extractor version.

Re-running a build skips papers already extracted by the same extractors: the key is a hash of
the title, the abstract and :func:`extractor_fingerprint` (a hash of the extraction code and its
resource files), so any change to a component or a gazetteer invalidates the cache by itself.

Examples
--------
>>> import tempfile, pathlib
>>> from kg.model import Paper, Entity
>>> cache = ExtractionCache(pathlib.Path(tempfile.mkdtemp()) / "cache.jsonl")
>>> p = Paper("p", "T", "A.", entities=[Entity("method", "Adam", "adam", "abstract", 0, 4, "A.", proposed=False)])
>>> cache.put(p); cache.save()
>>> q = Paper("q", "T", "A.")
>>> ExtractionCache(cache.path).fill(q), q.entities[0].norm
(True, 'adam')
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from kg.export.atomic import atomic_write
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
    """Entities per content key, kept in a JSON Lines file; entries of old extractor versions are dropped."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._entries: dict[str, list[dict]] = {}
        if self.path.exists():
            try:
                with open(self.path, encoding="utf-8") as f:
                    header = json.loads(f.readline() or "{}")
                    if header.get("extractor") == extractor_fingerprint():
                        for line in f:
                            key, ents = json.loads(line)
                            self._entries[key] = ents
            except (ValueError, TypeError, AttributeError):  # a damaged cache costs a re-extraction only
                self._entries = {}
        self.hits = 0

    def fill(self, paper: Paper) -> bool:
        """Set the paper's entities from the cache; True on a hit."""
        ents = self._entries.get(content_key(paper))
        if ents is None:
            return False
        paper.entities = [entity_from_dict(e) for e in ents]
        self.hits += 1
        return True

    def put(self, paper: Paper) -> None:
        self._entries[content_key(paper)] = [e.to_dict() for e in paper.entities]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(self.path) as f:
            f.write(json.dumps({"extractor": extractor_fingerprint()}) + "\n")
            for key in sorted(self._entries):
                f.write(json.dumps([key, self._entries[key]], ensure_ascii=False) + "\n")

"""Merge the same paper seen twice (in one file or across inputs) into one.

Two records are the same paper when they share an arXiv id, a DOI, or a normalised title. The
first one seen keeps its id; the later ones add their sources and fill fields the first lacks.

Examples
--------
>>> from kg.model import Paper, Source
>>> a = Paper("title:1", "Deep Nets", "Abstract.", sources=[Source("a.txt", 3, "listing")])
>>> b = Paper("x-7", "Deep  nets", "Abstract.", url="https://x", sources=[Source("b.jsonl", 1, "jsonl")])
>>> d = Deduplicator()
>>> d.add(a), d.add(b)
(True, False)
>>> [p.id for p in d.papers()], d.papers()[0].url, len(d.papers()[0].sources)
(['title:1'], 'https://x', 2)
"""
from __future__ import annotations

from kg.ids import normalize_arxiv_id, normalize_doi, normalize_title
from kg.model import Paper

__all__ = ["Deduplicator", "dedup_keys"]


def dedup_keys(paper: Paper) -> list[str]:
    """The keys under which a paper is recognised again."""
    keys = []
    if paper.arxiv_id and (a := normalize_arxiv_id(paper.arxiv_id)):
        keys.append(f"arxiv:{a}")
    if paper.doi and (d := normalize_doi(paper.doi)):
        keys.append(f"doi:{d}")
    if t := normalize_title(paper.title):
        keys.append(f"title:{t}")
    return keys


def _fill(into: Paper, other: Paper) -> None:
    for attr in ("url", "date", "arxiv_id", "doi"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))
    if not into.authors and other.authors:
        into.authors = list(other.authors)
    if len(other.abstract) > len(into.abstract) and not into.entities:
        into.abstract = other.abstract
    for s in other.sources:
        if s not in into.sources:
            into.sources.append(s)


class Deduplicator:
    """Collects papers in first-seen order, merging duplicates."""

    def __init__(self) -> None:
        self._by_key: dict[str, Paper] = {}
        self._papers: list[Paper] = []

    def add(self, paper: Paper) -> bool:
        """Add a paper; True when it is new, False when it was merged into an earlier one."""
        keys = dedup_keys(paper)
        for k in keys:
            if (first := self._by_key.get(k)) is not None:
                _fill(first, paper)
                for k2 in dedup_keys(first):
                    self._by_key.setdefault(k2, first)
                return False
        for k in keys:
            self._by_key[k] = paper
        self._papers.append(paper)
        return True

    def papers(self) -> list[Paper]:
        return self._papers

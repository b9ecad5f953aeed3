"""Merge the same paper seen twice (in one file or across inputs) into one.

Two records are the same paper when they share an arXiv id, a DOI, a normalised title or an id. The
merged paper does not depend on the order the records come in (shuffled inputs give the same
graph): each field comes from the most preferred record that has it — an input's own id first, then
DOI (the version of record), arXiv and title ids (:func:`preference`) — and the abstract is the
longest one.

Examples
--------
>>> from kg.model import Paper, Source
>>> a = Paper("title:1", "Deep Nets", "Abstract.", sources=[Source("a.txt", 3, "listing")])
>>> b = Paper("x-7", "Deep  nets", "Abstract.", url="https://x", sources=[Source("b.jsonl", 1, "jsonl")])
>>> d = Deduplicator()
>>> d.add(a), d.add(b)
(True, False)
>>> [(p.id, p.title) for p in d.papers()], d.papers()[0].url, len(d.papers()[0].sources)
([('x-7', 'Deep  nets')], 'https://x', 2)
"""
from __future__ import annotations

from kg.ids import normalize_arxiv_id, normalize_doi, normalize_title
from kg.model import Paper, Source

__all__ = ["Deduplicator", "dedup_keys", "preference"]


def dedup_keys(paper: Paper) -> list[str]:
    """The keys under which a paper is recognised again."""
    keys = []
    if paper.arxiv_id and (a := normalize_arxiv_id(paper.arxiv_id)):
        keys.append(f"arxiv:{a}")
    if paper.doi and (d := normalize_doi(paper.doi)):
        keys.append(f"doi:{d}")
    if t := normalize_title(paper.title):
        keys.append(f"title:{t}")
    keys.append(f"id:{paper.id}")  # one id, one paper: two records with an input's own id "7" are one
    return keys


def preference(paper: Paper) -> tuple[int, str, str]:
    """Sort key of the records of one paper, most preferred first: the input's own id, then DOI,
    arXiv and title ids; ties by id, then title.

    Examples
    --------
    >>> sorted(["title:9", "doi:10.1/x", "arxiv:1607.06450", "my-id"], key=lambda i: preference(Paper(i, "T", "A")))
    ['my-id', 'doi:10.1/x', 'arxiv:1607.06450', 'title:9']
    """
    kind = next((rank for rank, prefix in enumerate(("doi:", "arxiv:", "title:"), 1) if paper.id.startswith(prefix)), 0)
    return (kind, paper.id, paper.title)


_FILLED = ("url", "date", "arxiv_id", "doi", "authors")


def _field_rank(rank: tuple[int, str, str], value: str | list[str], attr: str = "") -> tuple:
    """Records that tie on preference (same id and title) are ordered by the value itself; a more
    precise date wins over any preference ("2016-07-21" from Atom over "2016-07" from the arXiv id)."""
    precision = -len(value) if attr == "date" else 0
    return (precision, rank, tuple(value) if isinstance(value, list) else (value,))


class _Group:
    """What a merged paper was made of: per field, the preference of the record it came from."""

    def __init__(self, paper: Paper) -> None:
        self.sources = set(paper.sources)
        rank = preference(paper)
        self.rank = {attr: _field_rank(rank, getattr(paper, attr), attr) for attr in _FILLED if getattr(paper, attr)}
        self.rank["id"] = rank
        self.abstract_rank = (-len(paper.abstract), rank, paper.abstract)

    def merge(self, into: Paper, other: Paper, *, may_take_id: bool = True) -> None:
        """Merge ``other`` into ``into``: the same result whichever of the records came first.

        ``may_take_id=False`` keeps ``into``'s id: ``other``'s belongs to another paper already.
        """
        rank = preference(other)
        fixed = bool(into.entities)  # already extracted (kg build --update): its text carries the offsets
        if not fixed and may_take_id and rank < self.rank["id"]:
            into.id, into.title = other.id, other.title
            self.rank["id"] = rank
        for attr in _FILLED:
            value = getattr(other, attr)
            if value and (attr not in self.rank or _field_rank(rank, value, attr) < self.rank[attr]):
                setattr(into, attr, list(value) if attr == "authors" else value)
                self.rank[attr] = _field_rank(rank, value, attr)
        if not fixed and (-len(other.abstract), rank, other.abstract) < self.abstract_rank:
            into.abstract = other.abstract
            self.abstract_rank = (-len(other.abstract), rank, other.abstract)
        for s in other.sources:
            if s not in self.sources:  # a set: one paper 100,000 times over must not take quadratic time
                self.sources.add(s)
                into.sources.append(s)


class Deduplicator:
    """Collects papers in first-seen order, merging duplicates."""

    def __init__(self) -> None:
        self._by_key: dict[str, Paper] = {}
        self._papers: list[Paper] = []
        self._groups: dict[int, _Group] = {}  # id(merged paper) -> how it was merged

    def add(self, paper: Paper) -> bool:
        """Add a paper; True when it is new, False when it was merged into an earlier one."""
        keys = dedup_keys(paper)
        for k in keys:
            if (first := self._by_key.get(k)) is not None:
                owner = self._by_key.get(f"id:{paper.id}")
                self._groups[id(first)].merge(first, paper, may_take_id=owner is None or owner is first)
                for k2 in keys + dedup_keys(first):  # every key of the group finds it again
                    self._by_key.setdefault(k2, first)
                return False
        for k in keys:
            self._by_key[k] = paper
        self._papers.append(paper)
        self._groups[id(paper)] = _Group(paper)
        return True

    def papers(self) -> list[Paper]:
        return self._papers

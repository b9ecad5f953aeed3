"""Merge the same paper seen twice (in one file, across inputs, or across ``--update`` runs) into one.

Two records are the same paper when they share an arXiv id, a DOI, a normalised title or an id.
What the merged paper is made of depends only on the set of its records, never on their order:

* **its id** is the most preferred of every identifier its records give (:func:`preference`):
  a DOI, then an arXiv id, then an id an input gave, then the title hash (arXiv's own DOIs,
  10.48550/arXiv.N, are the arXiv id they spell). DOIs and arXiv ids are
  global and resolvable: two people building from different files get the same node for the same
  paper, and ``arxiv:1706.03762`` links out. An input's own id ("vaswani2017", a BibTeX key) is
  local to that input: it is kept among the paper's ``other_ids``, where lookups find it. The
  title hash is the last resort (titles get corrected between versions);
* **each field** comes from the most complete value (the longest abstract, the longest author list,
  the most precise date), ties going to the record with the most preferred id, then to the value;
* an ``--update`` that brings a better id renames a paper already built; one that brings a longer
  text for it clears its entities, so it is extracted again — exactly as a full rebuild would.

Examples
--------
>>> from kg.model import Paper, Source
>>> a = Paper("vaswani2017", "Attention Is All You Need", "Short.", authors=["Someone Author"],
...           sources=[Source("a.bib", 3, "bibtex")])
>>> b = Paper("arxiv:1706.03762", "Attention is all you need", "A longer abstract.", arxiv_id="1706.03762",
...           authors=["Ashish Vaswani", "Noam Shazeer"], sources=[Source("b.atom", 1, "atom")])
>>> for first, second in ((a, b), (b, a)):
...     d = Deduplicator()
...     _ = d.add(Paper(**vars(first))), d.add(Paper(**vars(second)))
...     p = d.papers()[0]
...     print(p.id, p.other_ids, p.authors, p.abstract)
arxiv:1706.03762 ['vaswani2017'] ['Ashish Vaswani', 'Noam Shazeer'] A longer abstract.
arxiv:1706.03762 ['vaswani2017'] ['Ashish Vaswani', 'Noam Shazeer'] A longer abstract.
"""
from __future__ import annotations

from kg.ids import normalize_arxiv_id, normalize_doi, normalize_title
from kg.model import Paper, Source

__all__ = ["Deduplicator", "dedup_keys", "identifiers", "preference"]


_ARXIV_DOI = "10.48550/arxiv."  # arXiv's own DOIs: 10.48550/arXiv.1706.03762 is arXiv 1706.03762


def _doi_or_arxiv(doi: str) -> str | None:
    """The id a DOI gives: ``arxiv:…`` for arXiv's DOIs (the same identifier), else ``doi:…``.

    >>> _doi_or_arxiv("https://doi.org/10.48550/arXiv.1706.03762"), _doi_or_arxiv("10.1145/3292500.3330701")
    ('arxiv:1706.03762', 'doi:10.1145/3292500.3330701')
    """
    d = normalize_doi(doi)
    if not d:
        return None
    if d.startswith(_ARXIV_DOI) and (a := normalize_arxiv_id(d[len(_ARXIV_DOI):])):
        return f"arxiv:{a}"
    return f"doi:{d}"


def dedup_keys(paper: Paper) -> list[str]:
    """The keys under which a paper is recognised again."""
    keys = []
    if paper.arxiv_id and (a := normalize_arxiv_id(paper.arxiv_id)):
        keys.append(f"arxiv:{a}")
    if paper.doi and (d := _doi_or_arxiv(paper.doi)) and d not in keys:
        keys.append(d)
    if t := normalize_title(paper.title):
        keys.append(f"title:{t}")
    keys.append(f"id:{paper.id}")  # one id, one paper: two records with an input's own id "7" are one
    for other in paper.other_ids:
        keys.append(f"id:{other}")
    return keys


def identifiers(paper: Paper) -> set[str]:
    """Every id the record gives for its paper: its own, and those its DOI and arXiv id make."""
    out = {paper.id, *paper.other_ids}
    if paper.doi and (d := _doi_or_arxiv(paper.doi)):
        out.add(d)
    if paper.arxiv_id and (a := normalize_arxiv_id(paper.arxiv_id)):
        out.add(f"arxiv:{a}")
    return out


def preference(pid: str) -> tuple[int, str]:
    """Sort key of a paper's ids, most preferred first: DOI, arXiv, an input's own id, title hash.

    Examples
    --------
    >>> sorted(["title:9", "my-id", "arxiv:1607.06450", "doi:10.1/x"], key=preference)
    ['doi:10.1/x', 'arxiv:1607.06450', 'my-id', 'title:9']
    """
    for rank, prefix in enumerate(("doi:", "arxiv:")):
        if pid.startswith(prefix):
            return (rank, pid)
    return (3 if pid.startswith("title:") else 2, pid)


def _completeness(attr: str, value: str | list[str]) -> tuple:
    """How complete a field's value is (smaller: more complete): more authors, a more precise date."""
    if attr == "authors":
        return (-len(value), -sum(len(a) for a in value))
    if attr == "date":
        return (-len(value),)
    return ()


_FILLED = ("url", "date", "arxiv_id", "doi", "authors")


def _settle_id(paper: Paper, ids: set[str]) -> None:
    """Give ``paper`` the most preferred of ``ids``; the others become its ``other_ids``."""
    best = min(ids, key=preference)
    paper.id = best
    paper.other_ids = sorted(ids - {best})


class _Group:
    """What a merged paper was made of: per field, the rank of the value it holds."""

    def __init__(self, paper: Paper, rank: tuple[int, str] | None = None) -> None:
        self.sources = set(paper.sources)
        self.ids = identifiers(paper)
        rank = rank if rank is not None else preference(paper.id)  # the rank of the id its record gave
        self.rank = {attr: (_completeness(attr, getattr(paper, attr)), rank, _value_key(getattr(paper, attr)))
                     for attr in _FILLED if getattr(paper, attr)}
        self.title_rank = (rank, paper.title)
        self.abstract_rank = (-len(paper.abstract), rank, paper.abstract)
        self.settle_id(paper)

    def settle_id(self, paper: Paper) -> None:
        _settle_id(paper, self.ids)

    def merge(self, into: Paper, other: Paper) -> None:
        """Merge ``other`` into ``into``: the same result whichever of the records came first."""
        rank = preference(other.id)
        self.ids |= identifiers(other)
        self.settle_id(into)
        for attr in _FILLED:
            value = getattr(other, attr)
            if value:
                candidate = (_completeness(attr, value), rank, _value_key(value))
                if attr not in self.rank or candidate < self.rank[attr]:
                    setattr(into, attr, list(value) if attr == "authors" else value)
                    self.rank[attr] = candidate
        text_before = (into.title, into.abstract)
        if (rank, other.title) < self.title_rank:
            into.title = other.title
            self.title_rank = (rank, other.title)
        if (-len(other.abstract), rank, other.abstract) < self.abstract_rank:
            into.abstract = other.abstract
            self.abstract_rank = (-len(other.abstract), rank, other.abstract)
        if (into.title, into.abstract) != text_before:
            into.entities, into.sentences = [], []  # extracted from another text (an update): to be extracted again
        for s in other.sources:
            if s not in self.sources:  # a set: one paper 100,000 times over must not take quadratic time
                self.sources.add(s)
                into.sources.append(s)


def _value_key(value: str | list[str]) -> tuple:
    return tuple(value) if isinstance(value, list) else (value,)


class Deduplicator:
    """Collects papers in first-seen order, merging duplicates."""

    def __init__(self) -> None:
        self._by_key: dict[str, Paper] = {}
        self._papers: list[Paper] = []
        # id(paper) -> how it was merged, made at its first merge: most papers never merge, and a
        # group per paper held 2 KB each, half the memory of reading a million papers
        self._groups: dict[int, _Group] = {}
        self._ranks: dict[int, tuple[int, str]] = {}  # id(paper) -> rank of the id its record gave

    def add(self, paper: Paper) -> bool:
        """Add a paper; True when it is new, False when it was merged into an earlier one."""
        keys = dedup_keys(paper)
        for k in keys:
            if (first := self._by_key.get(k)) is not None:
                group = self._groups.get(id(first))
                if group is None:
                    group = self._groups[id(first)] = _Group(first, self._ranks.pop(id(first)))
                group.merge(first, paper)
                for k2 in keys + dedup_keys(first):  # every key of the group finds it again
                    self._by_key.setdefault(k2, first)
                return False
        rank = preference(paper.id)
        _settle_id(paper, identifiers(paper))
        for k in keys + dedup_keys(paper):
            self._by_key.setdefault(k, paper)
        self._papers.append(paper)
        self._ranks[id(paper)] = rank
        return True

    def papers(self) -> list[Paper]:
        return self._papers

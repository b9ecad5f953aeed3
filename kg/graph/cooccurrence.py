"""Co-occurrence of entities across papers, weighted by paper count and NPMI.

Two entities co-occur when one paper mentions both (``papers``) and, counted apart, when one
sentence does (``sentences``). NPMI (normalised pointwise mutual information, in [-1, 1]) keeps
common entities from dominating: two entities that always appear together score 1, independent
ones 0.

Examples
--------
>>> sets = [{"a", "b"}, {"a", "b"}, {"a", "c"}, {"d"}]
>>> pairs = cooccurrence_counts(sets)
>>> pairs[("a", "b")]
2
>>> round(npmi(2, 3, 2, 4), 3)
0.415
>>> [(p.a, p.b, p.papers) for p in cooccurrence_pairs(sets, min_count=2)]
[('a', 'b', 2)]
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from itertools import combinations

__all__ = ["CoOccurrence", "CoOccurrenceCounter", "cooccurrence_counts", "cooccurrence_pairs", "npmi"]


@dataclass(frozen=True)
class CoOccurrence:
    """Two entities (``a < b``), how many papers and sentences hold both, and their NPMI."""

    a: str
    b: str
    papers: int
    sentences: int
    npmi: float


def cooccurrence_counts(
    groups: Iterable[Iterable[str]], excluded: Iterable[Set[tuple[str, str]]] = ()
) -> Counter[tuple[str, str]]:
    """How many groups (papers, sentences) hold each pair; pairs as sorted tuples.

    ``excluded`` runs parallel to ``groups``: pairs not to count in that group.

    >>> cooccurrence_counts([{"a", "b", "c"}], [{("a", "b")}])
    Counter({('a', 'c'): 1, ('b', 'c'): 1})
    """
    counts: Counter[tuple[str, str]] = Counter()
    skips = iter(excluded)
    for group in groups:
        skip = next(skips, frozenset())
        counts.update(p for p in combinations(sorted(set(group)), 2) if p not in skip)
    return counts


def npmi(joint: int, count_a: int, count_b: int, total: int) -> float:
    """Normalised PMI of two events seen ``count_a``/``count_b`` and ``joint`` times in ``total``."""
    if joint <= 0 or total <= 0:
        return -1.0
    p_ab = joint / total
    if p_ab >= 1.0:
        return 1.0
    pmi = math.log(p_ab / ((count_a / total) * (count_b / total)))
    return pmi / -math.log(p_ab)


class CoOccurrenceCounter:
    """Counts entities and entity pairs one paper at a time, in memory that grows with the number of
    distinct entities and pairs, not with the number of papers (names are kept once, as integers).

    >>> c = CoOccurrenceCounter()
    >>> c.add({"a", "b"}, [{"a", "b"}]); c.add({"a", "b"}); c.add({"a", "c"}); c.add({"d"})
    >>> [(p.a, p.b, p.papers, p.sentences) for p in c.pairs(min_count=2)]
    [('a', 'b', 2, 1)]
    >>> c.papers
    4
    """

    def __init__(self) -> None:
        self.papers = 0
        self._ids: dict[str, int] = {}
        self._names: list[str] = []
        self._singles: Counter[int] = Counter()
        self._pairs: Counter[int] = Counter()
        self._sentence_pairs: Counter[int] = Counter()

    def _id(self, name: str) -> int:
        i = self._ids.get(name)
        if i is None:
            i = self._ids[name] = len(self._names)
            self._names.append(name)
        return i

    def _pair_keys(self, group: Iterable[str], skip: Set[tuple[str, str]]) -> Iterator[int]:
        """One integer per pair of the group (the smaller name's id in the high half), skips left out."""
        names = sorted(set(group))
        ids = [self._id(n) for n in names]
        if not skip:
            return ((a << 32) | b for a, b in combinations(ids, 2))
        return ((ids[i] << 32) | ids[j] for i, j in combinations(range(len(names)), 2)
                if (names[i], names[j]) not in skip)

    def add(self, entities: Iterable[str], sentences: Iterable[Iterable[str]] = (),
            excluded: Set[tuple[str, str]] = frozenset()) -> None:
        """Count one paper: its entities, the entities of each of its sentences, and pairs it does not count."""
        group = set(entities)
        self.papers += 1
        self._singles.update(self._id(e) for e in group)
        self._pairs.update(self._pair_keys(group, excluded))
        self.add_sentences(sentences)

    def add_sentences(self, sentences: Iterable[Iterable[str]]) -> None:
        """Count pairs of entities met in one sentence (the ``sentences`` weight; no paper counted)."""
        for sentence in sentences:
            self._sentence_pairs.update(self._pair_keys(sentence, frozenset()))

    def partners(self, names: Iterable[str]) -> dict[str, Counter[str]]:
        """For each of ``names``: the entities it shares papers with, and how many papers each.

        >>> c = CoOccurrenceCounter()
        >>> c.add({"a", "b"}); c.add({"a", "b", "c"})
        >>> c.partners(["a"])
        {'a': Counter({'b': 2, 'c': 1})}
        """
        wanted = {self._ids[n]: n for n in names if n in self._ids}
        out: dict[str, Counter[str]] = {n: Counter() for n in wanted.values()}
        for key, n in self._pairs.items():
            a, b = key >> 32, key & 0xFFFFFFFF
            if a in wanted:
                out[wanted[a]][self._names[b]] += n
            if b in wanted:
                out[wanted[b]][self._names[a]] += n
        return out

    def pairs(self, *, min_count: int = 1, min_npmi: float = -1.0) -> list[CoOccurrence]:
        """Pairs seen in at least ``min_count`` papers with NPMI at least ``min_npmi``, sorted by (a, b)."""
        names, out = self._names, []
        for key, n in self._pairs.items():
            if n < min_count:
                continue
            a, b = key >> 32, key & 0xFFFFFFFF
            score = npmi(n, self._singles[a], self._singles[b], self.papers)
            if score >= min_npmi:
                out.append(CoOccurrence(names[a], names[b], n, self._sentence_pairs.get(key, 0), round(score, 6)))
        return sorted(out, key=lambda p: (p.a, p.b))


def cooccurrence_pairs(
    paper_sets: Iterable[Iterable[str]],
    sentence_sets: Iterable[Iterable[str]] = (),
    *,
    min_count: int = 1,
    min_npmi: float = -1.0,
    excluded: Iterable[Set[tuple[str, str]]] = (),
) -> list[CoOccurrence]:
    """Pairs over the thresholds, sorted by (a, b). ``paper_sets`` is one set of entities per paper.

    ``excluded`` (parallel to ``paper_sets``) names pairs a paper does not count, e.g. a method and
    the topic matched on the very same words.
    """
    counter = CoOccurrenceCounter()
    skips = iter(excluded)
    for group in paper_sets:
        counter.add(group, excluded=next(skips, frozenset()))
    counter.add_sentences(sentence_sets)
    return counter.pairs(min_count=min_count, min_npmi=min_npmi)

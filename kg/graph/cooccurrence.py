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
from collections.abc import Iterable, Set
from dataclasses import dataclass
from itertools import combinations

__all__ = ["CoOccurrence", "cooccurrence_counts", "cooccurrence_pairs", "npmi"]


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
    paper_sets = [set(s) for s in paper_sets]
    singles: Counter[str] = Counter()
    for s in paper_sets:
        singles.update(s)
    pairs = cooccurrence_counts(paper_sets, excluded)
    in_sentence = cooccurrence_counts(sentence_sets)
    total = len(paper_sets)
    out = []
    for (a, b), n in sorted(pairs.items()):
        if n < min_count:
            continue
        score = npmi(n, singles[a], singles[b], total)
        if score < min_npmi:
            continue
        out.append(CoOccurrence(a, b, n, in_sentence.get((a, b), 0), round(score, 6)))
    return out

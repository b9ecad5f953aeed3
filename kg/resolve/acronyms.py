"""The senses of the acronyms a corpus defines: one entity per meaning, not per spelling.

Every paper that writes "Long Form (ACR)" defines ACR; :class:`AcronymSenses` gathers the
definitions of a corpus and groups the long forms of each acronym into senses: long forms that
spell one name ("Stochastic Gradient Descent", "stochastic gradient decent") are one sense,
unrelated ones ("Segment Anything Model", "Sharpness-Aware Minimization" for SAM) are two. A
mention of the acronym in a paper that defines it takes that paper's sense; elsewhere, the sense
most of the corpus's definitions give, when most (two thirds) agree — else it stays the acronym.

Examples
--------
>>> senses = AcronymSenses()
>>> senses.add("SAM", "Segment Anything Model", "p1")
>>> senses.add("SAM", "Segment Anything Model", "p2")
>>> senses.add("SAM", "Sharpness-Aware Minimization", "p3")
>>> senses.add("SGD", "Stochastic Gradient Decent", "p4")
>>> senses.add("SGD", "stochastic gradient descent", "p5")
>>> [s.long_form for s in senses.senses("SAM")], [sorted(s.spellings) for s in senses.senses("SGD")]
(['Segment Anything Model', 'Sharpness-Aware Minimization'], [['Stochastic Gradient Decent', 'stochastic gradient descent']])
>>> senses.sense_of("SAM", "p3").long_form, senses.sense_of("SAM", None).long_form
('Sharpness-Aware Minimization', 'Segment Anything Model')
>>> senses.add("SAM", "Spatial Attention Module", "p6")
>>> senses.sense_of("SAM", None) is None  # two of four definitions: the corpus does not agree
True
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.resolve.names import name_key, similar_long_forms

__all__ = ["AcronymSenses", "Sense"]

DOMINANT = 2 / 3  # share of an acronym's definitions its most frequent sense needs for undefined mentions


@dataclass
class Sense:
    """One meaning of an acronym: its long forms as written (with counts) and the papers that
    define it so."""

    spellings: Counter[str] = field(default_factory=Counter)
    papers: set[str] = field(default_factory=set)

    @property
    def long_form(self) -> str:
        """The most frequent spelling (ties: the one that sorts first)."""
        return min(self.spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    @property
    def keys(self) -> set[str]:
        return {name_key(s) for s in self.spellings}


class AcronymSenses:
    """The definitions of a corpus's acronyms, grouped into senses (see the module docstring)."""

    def __init__(self) -> None:
        self._defs: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self._senses: dict[str, list[Sense]] | None = None

    def add(self, short: str, long: str, paper: str) -> None:
        """Record that ``paper`` defines ``short`` as ``long``."""
        self._defs[short][(long, paper)] += 1
        self._senses = None

    def shorts(self) -> list[str]:
        return sorted(self._defs)

    def senses(self, short: str) -> list[Sense]:
        """The senses of ``short``, most defined first (ties by long form)."""
        if self._senses is None:
            self._senses = {s: self._group(s) for s in self._defs}
        return self._senses.get(short, [])

    def _group(self, short: str) -> list[Sense]:
        by_spelling: dict[str, set[str]] = defaultdict(set)
        for (long, paper), _ in self._defs[short].items():
            by_spelling[long].add(paper)
        order = sorted(by_spelling, key=lambda s: (-len(by_spelling[s]), s))
        senses: list[Sense] = []
        for spelling in order:  # greedy, most defined spelling first: the same groups in any order
            home = next((s for s in senses if any(similar_long_forms(spelling, x) for x in s.spellings)), None)
            if home is None:
                home = Sense()
                senses.append(home)
            home.spellings[spelling] += len(by_spelling[spelling])
            home.papers |= by_spelling[spelling]
        return sorted(senses, key=lambda s: (-len(s.papers), s.long_form))

    def sense_of(self, short: str, paper: str | None) -> Sense | None:
        """The sense of ``short`` in ``paper``: its own definition's, else the corpus's dominant one
        (None when the corpus does not agree, or never defines ``short``)."""
        senses = self.senses(short)
        if paper is not None:
            for s in senses:
                if paper in s.papers:
                    return s
        total = sum(len(s.papers) for s in senses)
        if senses and len(senses[0].papers) >= DOMINANT * total:
            return senses[0]
        return None

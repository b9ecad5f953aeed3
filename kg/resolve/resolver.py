"""Resolution: which mentions of a corpus are the same entity, decided corpus-wide.

Extraction names each mention on its own paper's evidence; resolution looks at every paper's
mentions together, between extraction and the graph, in two steps: :meth:`Resolver.observe` each
extracted paper (a pass over entities, not over text again), then :meth:`Resolver.resolve` gives a
:class:`Resolution` whose :meth:`~Resolution.apply` rewrites a paper's entities. It decides:

* **the type of a name** (the extraction issue's corpus-level consistency): a name that the
  classifier types the same way in two thirds or more of at least three papers is that type
  everywhere ("results on X", "the X benchmark" make X a dataset, also where one paper's context
  said method);
* **spellings of one name** are one entity (case, hyphens, a plural: :func:`~kg.resolve.names.name_key`);
  the label is its most common name, written as the vocabulary writes it (else as the corpus writes it
  most), and the aliases are the other *names* it goes by;
* **acronyms** and their long forms are one entity per sense (:mod:`kg.resolve.acronyms`):
  "Low Rank Adapters (LoRA)" is LoRA; SAM defined two ways is two entities;
* **a generic head** ("Adam optimizer", "the ImageNet dataset") does not make another entity
  when the name without it is one;
* **versions and sizes** are entities of their own with a ``family`` link ("Llama 2 7B" → "Llama 2"
  → "Llama"; "GPT-4o" → "GPT"), from the vocabulary's ``family`` or the name's version part;
* **proposed or used**: a name proposed by several papers is introduced by one (the earliest
  dated, then the one naming it in its title, then the smallest id) and used by the others.

Everything depends only on the set of papers, never on their order: the same papers give the same
resolution in any order, in one build or through ``--update``.

Examples
--------
>>> from kg.model import Entity, Paper
>>> def paper(pid, abstract, *ents):
...     return Paper(pid, "T", abstract, entities=[Entity(t, x, x.lower(), "abstract", abstract.index(x),
...                  abstract.index(x) + len(x), "") for t, x in ents])
>>> r = Resolver()
>>> for p in [paper("p1", "We fine-tune with Low Rank Adapters (LoRA).", ("method", "Low Rank Adapters"), ("method", "LoRA")),
...           paper("p2", "LoRA and the Adam optimizer.", ("method", "LoRA"), ("method", "Adam optimizer")),
...           paper("p3", "Adam, GPT-2 and GPT-3.", ("method", "Adam"), ("method", "GPT-2"), ("method", "GPT-3"))]:
...     r.observe(p)
>>> res = r.resolve()
>>> [(e.text, e.norm, e.label) for e in res.apply(paper("p1", "We fine-tune with Low Rank Adapters (LoRA).",
...      ("method", "Low Rank Adapters"), ("method", "LoRA"))).entities]
[('Low Rank Adapters', 'low-rank-adaptation', 'LoRA'), ('LoRA', 'low-rank-adaptation', 'LoRA')]
>>> [(e.text, e.norm, e.family) for e in res.apply(paper("p3", "Adam, GPT-2 and GPT-3.", ("method", "Adam"),
...      ("method", "GPT-2"), ("method", "GPT-3"))).entities]
[('Adam', 'adam', None), ('GPT-2', 'gpt-2', 'gpt'), ('GPT-3', 'gpt-3', 'gpt')]
>>> res.apply(paper("p2", "LoRA and the Adam optimizer.", ("method", "Adam optimizer"))).entities[0].norm
'adam'
"""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.entity_types import ENTITY_TYPES, learned_types
from kg.ids import slugify
from kg.model import Entity, Paper
from kg.resolve.acronyms import AcronymSenses, Sense
from kg.resolve.names import is_plural, name_key, name_words, similar_long_forms, version_of, without_generic_head

__all__ = ["RESOLVED_TYPES", "Resolution", "Resolver", "raw_entities", "resolve_papers"]

# Names of these types are resolved (they have vocabularies); claims, repositories and topics keep
# the keys their extractors give.
RESOLVED_TYPES: tuple[str, ...] = tuple(t.name for t in ENTITY_TYPES.values() if t.vocabulary)
RETYPED: frozenset[str] = frozenset(learned_types())  # the types the corpus may move a name between
MAJORITY = 2 / 3  # share of a name's papers that gives it a type everywhere
MIN_PAPERS = 3  # ... among at least this many papers


@dataclass(frozen=True)
class Known:
    """A vocabulary entry as resolution needs it: its key, display name and family's name."""

    norm: str
    name: str
    family: str | None
    names: tuple[str, ...] = ()  # the name and every alias


@lru_cache(maxsize=1)
def _vocabulary() -> dict[tuple[str, str], Known]:
    """(type, name key) -> the vocabulary entry of every spelling of every known name."""
    from kg.extract.vocabulary import load_entries

    out: dict[tuple[str, str], Known] = {}
    for etype in RESOLVED_TYPES:
        for e in load_entries(ENTITY_TYPES[etype].vocabulary):  # type: ignore[arg-type]
            known = Known(e.norm, e.name, e.attrs.get("family"), (e.name, *e.aliases))
            for s in (e.name, *e.aliases):
                out.setdefault((etype, name_key(s)), known)
    return out


def _slug(text: str) -> str:
    """The key of a name no vocabulary knows: the same for every spelling of it.

    >>> _slug("Frobnicated Graph-Attentions"), _slug("frobnicated graph attention")
    ('frobnicated-graph-attention', 'frobnicated-graph-attention')
    """
    return slugify(" ".join(name_words(text)))


def label_of(surfaces: Counter[str]) -> str:
    """An entity's label: its most used name (spellings of one name counted together), written
    the way it is written most, a singular before a plural.

    >>> label_of(Counter({"Transformers": 5, "Transformer": 3, "transformer": 1, "ViT": 2}))
    'Transformer'
    >>> label_of(Counter({"SGD": 4, "stochastic gradient descent": 2, "Stochastic Gradient Descent": 1}))
    'SGD'
    """
    names: Counter[str] = Counter()
    for text, n in surfaces.items():
        names[name_key(text)] += n
    best = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    forms = [(text, n) for text, n in surfaces.items() if name_key(text) == best]
    return min(forms, key=lambda kv: (is_plural(kv[0]), -kv[1], len(kv[0]), kv[0]))[0]


def raw_entities(paper: Paper) -> list[Entity]:
    """The paper's entities as extraction gave them (undoing a resolution recorded in them)."""
    out = []
    for e in paper.entities:
        if e.extracted:
            e = dataclasses.replace(e, **e.extracted, extracted=None, family=None)
        out.append(e)
    return out


@dataclass
class _Stats:
    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # key -> type -> papers
    surfaces: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    proposals: dict[tuple[str, str], list[tuple[str, int, str]]] = field(default_factory=lambda: defaultdict(list))
    acronyms: AcronymSenses = field(default_factory=AcronymSenses)


class Resolver:
    """Gathers what resolution needs from each extracted paper, then decides (module docstring)."""

    def __init__(self) -> None:
        self._stats = _Stats()

    def observe(self, paper: Paper) -> None:
        """Take in one extracted paper (its raw entities, its acronym definitions)."""
        stats = self._stats
        seen: set[tuple[str, str]] = set()
        for e in raw_entities(paper):
            if e.type not in RESOLVED_TYPES:
                continue
            key = name_key(e.text)
            if (e.type, key) not in seen:
                seen.add((e.type, key))
                stats.types[key][e.type] += 1
            stats.surfaces[(e.type, key)][e.text] += 1 + len(e.mentions)
            if e.proposed:
                stats.proposals[(e.type, key)].append((paper.date or "", int(e.field != "title"), paper.id))
        for short, long in _definitions(paper):
            stats.acronyms.add(short, long, paper.id)

    def resolve(self) -> Resolution:
        """The decisions for the papers observed so far."""
        return Resolution(self._stats)


def _definitions(paper: Paper) -> list[tuple[str, str]]:
    """The (acronym, long form) pairs the paper's title and abstract define."""
    from kg.extract.abbreviations import find_abbreviations

    pairs = []
    for text in (paper.title, paper.abstract):
        for long, short in find_abbreviations(text, prefer_initials=True):
            pairs.append((short.text, long.text))
    return pairs


class Resolution:
    """The corpus's decisions; :meth:`apply` rewrites one paper's entities by them."""

    def __init__(self, stats: _Stats) -> None:
        self._stats = stats
        self._vocab = _vocabulary()
        self.types = self._corpus_types()
        self._labels: dict[tuple[str, str], str] = {}
        self._families: dict[tuple[str, str], str | None] = {}
        self._introduced: dict[tuple[str, str], str] = {}
        self._settle()

    # -- decisions over the corpus ---------------------------------------------------------------

    def _corpus_types(self) -> dict[str, str]:
        """name key -> the type the corpus gives it (only where it agrees enough)."""
        out = {}
        for key, counts in self._stats.types.items():
            learned = {t: n for t, n in counts.items() if t in RETYPED}
            total = sum(learned.values())
            if total >= MIN_PAPERS:
                best = min(learned.items(), key=lambda kv: (-kv[1], kv[0]))
                if best[1] >= MAJORITY * total:
                    out[key] = best[0]
        return out

    def _sense_norm(self, etype: str, short: str, sense: Sense, senses: list[Sense]) -> str:
        """The key of one sense of ``short``: the vocabulary's entry for one of its long forms, or
        for the acronym when it has one sense only; else the acronym, or the long form when the
        acronym has several senses (SAM: Segment Anything, Sharpness-Aware Minimization)."""
        for text in sorted(sense.spellings):
            if (known := self._vocab.get((etype, name_key(text)))) is not None:
                return known.norm
        known = self._vocab.get((etype, name_key(short)))
        if known is not None:  # the vocabulary's acronym: the same thing if its long forms agree
            longs = [n for n in known.names if len(name_key(n)) > len(name_key(short)) + 2]
            if longs:
                same = any(similar_long_forms(s, n) for s in sense.spellings for n in longs)
            else:  # a bare acronym in the vocabulary: the corpus's most defined sense is it
                same = sense is senses[0]
            return known.norm if same else _slug(sense.long_form)
        return _slug(short) if len(senses) == 1 else _slug(sense.long_form)

    def entity_of(self, etype: str, text: str, paper: str | None = None) -> str:
        """The key (node norm) of the entity ``text`` names in ``paper``."""
        key = name_key(text)
        senses = self._stats.acronyms.senses(text)
        if senses:
            defined = paper is not None and any(paper in s.papers for s in senses)
            if not defined and (known := self._vocab.get((etype, key))) is not None:
                return known.norm  # undefined here: the well-known sense
            sense = self._stats.acronyms.sense_of(text, paper)
            return self._sense_norm(etype, text, sense, senses) if sense is not None else _slug(text)
        for short in self._long_form_of(key):
            shorts = self._stats.acronyms.senses(short)
            sense = next(s for s in shorts if key in s.keys)
            return self._sense_norm(etype, short, sense, shorts)
        if (known := self._vocab.get((etype, key))) is not None:
            return known.norm
        bare = without_generic_head(text)
        if bare is not None and ((etype, name_key(bare)) in self._stats.surfaces or (etype, name_key(bare)) in self._vocab
                                 or self._stats.acronyms.senses(bare) or self._long_form_of(name_key(bare))):
            return self.entity_of(etype, bare, paper)
        return _slug(text)

    @property
    def _long_forms(self) -> dict[str, list[str]]:
        if not hasattr(self, "_long_forms_cache"):
            index: dict[str, list[str]] = defaultdict(list)
            for short in self._stats.acronyms.shorts():
                for sense in self._stats.acronyms.senses(short):
                    for k in sense.keys:
                        index[k].append(short)
            self._long_forms_cache = {k: sorted(set(v)) for k, v in index.items()}
        return self._long_forms_cache

    def _long_form_of(self, key: str) -> list[str]:
        return self._long_forms.get(key, [])

    def _settle(self) -> None:
        """Labels, families and who introduced each entity, over every observed name."""
        surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        proposals: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
        for (etype, key), counts in sorted(self._stats.surfaces.items()):
            final = self.types.get(key, etype) if etype in RETYPED else etype
            for text, n in counts.items():
                norm = self.entity_of(final, text)
                surfaces[(final, norm)][text] += n
        for (etype, key), props in sorted(self._stats.proposals.items()):
            final = self.types.get(key, etype) if etype in RETYPED else etype
            text = max(self._stats.surfaces[(etype, key)].items(), key=lambda kv: (kv[1], kv[0]))[0]
            proposals[(final, self.entity_of(final, text))].extend(props)
        for ident, counts in surfaces.items():
            self._labels[ident] = self._spelled(ident[0], label_of(counts))
        for ident, props in proposals.items():
            dated = sorted(p for p in props if p[0])
            self._introduced[ident] = (dated or sorted(props, key=lambda p: (p[1], p[2])))[0][2]
        for (etype, norm), label in self._labels.items():
            self._families[(etype, norm)] = self._family(etype, norm, label)

    def _spelled(self, etype: str, label: str) -> str:
        """``label`` as the vocabulary spells that name, if it knows it: its names were checked by
        hand, while the corpus's most common written form can be a typo's singular ("nuScene" for
        nuScenes) or a case variant."""
        key = name_key(label)
        known = self._vocab.get((etype, key))
        if known is None:
            return label
        return next((s for s in known.names if name_key(s) == key), label)

    def _family(self, etype: str, norm: str, label: str) -> str | None:
        known = self._vocab.get((etype, name_key(label)))
        if known is not None and known.family:
            return self.entity_of(etype, known.family)
        base = version_of(label)
        if base is None:
            return None
        # the family by its own name only: GLM-4's family is GLM, not a long form GLM abbreviates
        known = self._vocab.get((etype, name_key(base)))
        family = known.norm if known is not None and name_key(known.name) == name_key(base) else _slug(base)
        return family if family != norm else None

    # -- one paper -------------------------------------------------------------------------------

    def label_of(self, etype: str, norm: str) -> str | None:
        return self._labels.get((etype, norm))

    def family_of(self, etype: str, norm: str) -> str | None:
        """The family entity of an entity (its key), if it is a version of one."""
        if (etype, norm) in self._families:
            return self._families[(etype, norm)]
        label = self._labels.get((etype, norm))
        return self._family(etype, norm, label) if label else None

    def apply(self, paper: Paper) -> Paper:
        """``paper`` with its entities resolved (a new Paper; the extraction's values kept in each
        changed entity's ``extracted``)."""
        out = []
        for e in raw_entities(paper):
            if e.type not in RESOLVED_TYPES:
                out.append(e)
                continue
            etype = self.types.get(name_key(e.text), e.type) if e.type in RETYPED else e.type
            norm = self.entity_of(etype, e.text, paper.id)
            changes: dict[str, Any] = {"type": etype, "norm": norm,
                                       "label": self._labels.get((etype, norm), e.label or e.text)}
            if etype == "method":
                introducer = self._introduced.get((etype, norm))
                changes["proposed"] = bool(e.proposed) and introducer in (None, paper.id)
            elif e.type == "method":
                changes["proposed"] = None
            raw = {k: getattr(e, k) for k in changes if getattr(e, k) != changes[k]}
            out.append(dataclasses.replace(e, **changes, family=self.family_of(etype, norm),
                                           extracted=raw or None))
        return dataclasses.replace(paper, entities=out)


def resolve_papers(papers: Iterable[Paper]) -> list[Paper]:
    """Resolve a list of extracted papers in memory (observe all, then apply to each)."""
    papers = list(papers)
    resolver = Resolver()
    for p in papers:
        resolver.observe(p)
    resolution = resolver.resolve()
    return [resolution.apply(p) for p in papers]


"""Candidate entity spans for the learned decision: cheap, general, tuned for recall.

The rule components (``kg_methods``, ``kg_datasets``, ``kg_tasks``, ``kg_hardware``) each propose
spans of their own type; :func:`find_candidates` adds what they pass over, from general patterns
of how names are written, and merges everything into one list of spans with the *sources* that
proposed each. The classifier (:mod:`kg.extract.classifier`) then decides what each candidate is.

Sources:

* ``rule:<type>``: a span a rule component wrote (its attributes are kept for the decision);
* ``shape``: a name-shaped word ("VideoLLaMA2.1", "4D-GCC", "wav2vec2-base", "GPT-4o", "SAM");
* ``acronym:long`` / ``acronym:short``: both sides of an acronym definition ("Low-Rank Adaptation
  (LoRA)"), by the Schwartz–Hearst algorithm;
* ``titlecase``: a run of capitalised words inside a sentence ("Gated Attention", "Depth Anything");
* ``head:<kind>``: a noun phrase ending in a head word of a method or a task ("feature
  superposition *strategy*", "fake news *detection*"); ``before:<kind>``: the modifiers of a
  dataset or hardware head ("the PreVAD *dataset*");
* ``slot`` marks the candidates a proposal cue introduces ("we propose X", "called X", "dubbed X").

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("We propose Low-Rank Adaptation (LoRA), a feature superposition strategy, on the FooBar dataset.")
>>> sorted({doc[c.start:c.end].text for c in find_candidates(doc, CandidateRules.default())})
['FooBar', 'LoRA', 'Low-Rank', 'Low-Rank Adaptation', 'feature superposition strategy', 'superposition strategy']
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

from spacy.tokens import Doc

from kg.entity_types import ENTITY_TYPES, learned_types
from kg.extract.abbreviations import doc_abbreviation_offsets
from kg.extract.gazetteer import load_terms
from kg.extract.spans import span_attrs, spans_key
from kg.extract.tokens import DocTokens, doc_tokens, title_token_end, words

__all__ = ["Candidate", "CandidateRules", "DECIDED_TYPES", "find_candidates", "name_shaped_word"]

# The types whose spans the classifier decides (claims, repositories and topics keep their rules).
DECIDED_TYPES: tuple[str, ...] = learned_types()
MAX_WORDS = 8  # a candidate longer than this is a clause, not a name

# A word with a capital after its first letter, a digit next to a letter, or two capitals.
_NAME_SHAPE = re.compile(r"^(?=.*[A-Za-z])(?:.+[A-Z].*|.*[A-Za-z]\d.*|.*\d[A-Za-z].*|[A-Z]{2,}.*)$")
_DEBRIS = re.compile(r"[\\{}$^=<>|~@#]|^\d+[A-Za-z]?$|^[A-Z]?\d+(?:\.\d+)?$|arXiv|\d{4}\.\d{4}|^\d+(?:st|nd|rd|th)$")


def name_shaped_word(text: str) -> bool:
    """Whether a word looks coined: inner capitals, letters with digits, an acronym; not LaTeX,
    citation or arXiv debris.

    Examples
    --------
    >>> [name_shaped_word(w) for w in ["LoRA", "GPT-4o", "wav2vec2-base", "SAM", "Transformer", "2024", "x^2", "3D"]]
    [True, True, True, True, False, False, False, False]
    """
    return bool(_NAME_SHAPE.match(text)) and not _DEBRIS.search(text)


@dataclass(slots=True)  # slots: made ~45,000 times per 2,000 abstracts, read in every feature
class Candidate:
    """A span (tokens ``start:end``), the sources that proposed it, and the attributes rule
    components gave it by type (``{"method": {"norm": ..., "proposed": True}}``)."""

    start: int
    end: int
    sources: set[str] = field(default_factory=set)
    rule_attrs: dict[str, dict] = field(default_factory=dict)
    long_form: tuple[int, int] | None = None  # for an acronym: the tokens of its definition


class WordInfo(NamedTuple):
    """What the general patterns read of one word."""

    lower: str
    shaped: bool  # name_shaped_word
    kinds: list[str] | None  # the kinds of entity it is a head word of
    capitalised: bool
    modifier: bool  # may stand before a head: has a letter or digit, not a listed non-modifier


@dataclass(frozen=True)
class CandidateRules:
    """The word lists of the general patterns (``resources/noun_phrase_terms.jsonl``)."""

    heads: Mapping[str, frozenset[str]]  # kind of entity -> its head words
    not_modifiers: frozenset[str]
    cues: frozenset[str]  # words that introduce a proposed name

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> CandidateRules:
        terms = load_terms("noun_phrase_terms.jsonl")
        heads = {kind.removeprefix("head:"): words for kind, words in terms.items() if kind.startswith("head:")}
        return cls(heads=heads, not_modifiers=terms["not_modifier"], cues=terms["cue"])

    def word_info(self, text: str) -> WordInfo:
        """What the patterns read of a word (kept by text: the words of abstracts recur)."""
        cache = self._word_info
        info = cache.get(text)
        if info is None:
            if len(cache) >= 1 << 17:
                cache.clear()
            low = text.lower()
            info = cache[text] = WordInfo(low, name_shaped_word(text), self.head_kinds.get(low), _capitalised(text),
                                          any(c.isalnum() for c in text) and low not in self.not_modifiers)
        return info

    @cached_property
    def _word_info(self) -> dict[str, WordInfo]:
        return {}

    @cached_property
    def head_kinds(self) -> dict[str, list[str]]:
        """Head word -> the kinds of entity it names, in the order of :attr:`heads`."""
        out: dict[str, list[str]] = {}
        for kind, words in self.heads.items():
            for w in words:
                out.setdefault(w, []).append(kind)
        return out


def _add(found: dict[tuple[int, int], Candidate], start: int, end: int, source: str) -> Candidate | None:
    if end <= start or end - start > 3 * MAX_WORDS:
        return None
    cand = found.get((start, end))
    if cand is None:
        cand = found[(start, end)] = Candidate(start, end)
    cand.sources.add(source)
    return cand


def _rule_spans(doc: Doc, found: dict[tuple[int, int], Candidate], types: Iterable[str]) -> None:
    for etype in types:
        key = spans_key(etype)
        if key not in doc.spans:
            continue
        source = f"rule:{etype}"
        for span in doc.spans[key]:
            cand = _add(found, span.start, span.end, source)
            if cand is not None:
                cand.rule_attrs[etype] = dict(span_attrs(span) or {})  # span._.kg, without its Underscore


# The words of each sentence with what the patterns read of them: (s0, s1, words, infos).
_Sentence = tuple[int, int, list, list[WordInfo]]
_TEXT = attrgetter("text")


def _sentence_words(cols: DocTokens, rules: CandidateRules) -> list[_Sentence]:
    out = []
    get, info = rules._word_info.get, rules.word_info
    for s0, s1 in cols.sentences():
        ws = cols.sentence_words(s0, s1)
        infos = list(map(get, map(_TEXT, ws)))  # the words seen before, in one pass
        if None in infos:
            infos = [x or info(w.text) for x, w in zip(infos, ws)]
        out.append((s0, s1, ws, infos))
    return out


def _shapes(sents: list[_Sentence], found: dict[tuple[int, int], Candidate]) -> None:
    for _, _, ws, infos in sents:
        for k in [k for k, x in enumerate(infos) if x.shaped]:
            _add(found, ws[k].start, ws[k].end, "shape")


def _acronyms(cols: DocTokens, found: dict[tuple[int, int], Candidate]) -> None:
    pairs = doc_abbreviation_offsets(cols)
    if not pairs:  # most abstracts define none
        return
    starts = _OffsetTokens(cols.idx, 0)
    ends = _OffsetTokens(cols.ends, 1)
    for l0, l1, s0, s1 in pairs:
        if l0 in starts and l1 in ends and s0 in starts and s1 in ends:
            _add(found, starts[l0], ends[l1], "acronym:long")
            short = _add(found, starts[s0], ends[s1], "acronym:short")
            if short is not None:
                short.long_form = (starts[l0], ends[l1])


class _OffsetTokens:
    """The token that starts (or ends) at a character offset, ``+ shift``: the offsets of
    tokens increase, so a bisection finds it without a dict of every token of the Doc."""

    def __init__(self, offsets: list[int], shift: int) -> None:
        self.offsets, self.shift = offsets, shift

    def __contains__(self, offset: int) -> bool:
        k = bisect_left(self.offsets, offset)
        return k < len(self.offsets) and self.offsets[k] == offset

    def __getitem__(self, offset: int) -> int:
        return bisect_left(self.offsets, offset) + self.shift


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _title_case(cols: DocTokens, sents: list[_Sentence], found: dict[tuple[int, int], Candidate], t_end: int,
                rules: CandidateRules) -> None:
    """Runs of two or more capitalised words (connected by "of", "for", "-"...) inside a sentence
    of the abstract, and the parts of the title around a colon."""
    for s0, _, ws, infos in sents:
        caps = [x.capitalised for x in infos]
        at = [k for k, c in enumerate(caps) if c]  # a run starts at a capitalised word
        n = len(ws)
        pos = 0
        k = 0
        while True:
            while pos < len(at) and at[pos] < k:
                pos += 1
            if pos == len(at):
                break
            k = at[pos]
            if ws[k].start == s0 and ws[k].start >= t_end:
                k += 1
                continue
            j = k + 1
            last = k
            while j < n:
                if caps[j]:
                    last = j
                elif infos[j].lower not in ("of", "for", "and", "with", "to", "&") or j + 1 >= n or not caps[j + 1]:
                    break
                j += 1
            if last > k and last - k < MAX_WORDS:
                _add(found, ws[k].start, ws[last].end, "titlecase")
            k = last + 1
    if t_end:  # "Name: what it does" / "What it does with Name"
        colon = next((i for i in range(t_end) if cols.texts[i] == ":"), None)
        if colon:
            _add(found, 0, colon, "title:before-colon")


# Left edges tried for a head phrase: its first modifier and the next few (the classifier chooses).
MAX_LEFT_EDGES = 3


def _head_phrases(sents: list[_Sentence], found: dict[tuple[int, int], Candidate]) -> None:
    """Modifiers + a head word ("feature superposition strategy", "fake news detection"); for a
    dataset or hardware head, the modifiers alone ("PreVAD" of "the PreVAD dataset")."""
    for _, _, ws, infos in sents:
        for k in [k for k, x in enumerate(infos) if x.kinds]:
            kinds = infos[k].kinds
            w = ws[k]
            first = k
            while first > 0 and k - first < MAX_WORDS - 1:
                if not infos[first - 1].modifier:
                    break
                first -= 1
            if first == k:
                if "task" in kinds:  # "classification and segmentation": the classifier decides
                    _add(found, w.start, w.end, "head:task:bare")
                continue
            for kind in kinds:
                for a in range(first, min(k, first + MAX_LEFT_EDGES)):
                    if kind in ("method", "task"):
                        _add(found, ws[a].start, w.end, f"head:{kind}")
                    else:  # "the PreVAD dataset": the name is before the head
                        _add(found, ws[a].start, ws[k - 1].end, f"before:{kind}")


def _slots(cols: DocTokens, found: dict[tuple[int, int], Candidate], rules: CandidateRules) -> None:
    """Mark the candidates that start right after a proposal cue ("we propose X", "called X",
    "dubbed X", past an article): a feature of the decision, not a source of new spans."""
    lowers = cols.lowers
    slot_starts = set()
    for i in (k for k in range(cols.n) if lowers[k] in rules.cues):
        j = i + 1
        while j < cols.n and lowers[j] in ("a", "an", "the", "our", "it", "this", "as", "new", "novel"):
            j += 1
        slot_starts.add(j)
    for cand in found.values():
        if cand.start in slot_starts:
            cand.sources.add("slot")


def find_candidates(doc: Doc, rules: CandidateRules, types: Sequence[str] = DECIDED_TYPES) -> list[Candidate]:
    """Every candidate span of ``doc``, in text order (longer first at the same start)."""
    cols = doc_tokens(doc)
    found: dict[tuple[int, int], Candidate] = {}
    _rule_spans(doc, found, [t for t in types if t in ENTITY_TYPES])
    sents = _sentence_words(cols, rules)  # every word looked up once, for the three patterns
    _shapes(sents, found)
    _acronyms(cols, found)
    _title_case(cols, sents, found, title_token_end(doc), rules)
    _head_phrases(sents, found)
    _slots(cols, found, rules)  # last: it marks the candidates found before
    return sorted(found.values(), key=lambda c: (c.start, -c.end))

"""Gazetteers: lists of known names with their variants, matched fast with spaCy's PhraseMatcher.

A gazetteer is a JSON Lines file under ``kg/extract/resources/``; each line is an entry::

    {"name": "CIFAR-10", "aliases": ["CIFAR10"], "case_sensitive": false, "context": [], ...}

``name`` is the canonical display label and ``norm`` (given, or derived by :func:`canonical_key`)
the key that merges variants. Every alias (and the name) is expanded by :func:`surface_variants`
into the spellings authors use (``CIFAR-10``, ``CIFAR10``, ``CIFAR 10``), tokenised with the
pipeline's own tokenizer, and added to a PhraseMatcher: on ``LOWER``, or on ``ORTH`` when the entry
is ``case_sensitive`` (names that are also words: "GLUE", "MATH", "Frontier"). An entry with
``context`` words is ambiguous when matched as a single token: it is kept only if one of those
words occurs in the sentence of one of its mentions in the document. Other keys are free
attributes (``kind``, ``vendor``) available as :attr:`GazetteerEntry.attrs`.

Examples
--------
Entries, keys and spellings are :mod:`kg.extract.vocabulary`'s (its examples show them).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> gaz = GazetteerMatcher(nlp, [GazetteerEntry.from_record({"name": "CIFAR-10"})])
>>> [(m.span.text, m.entry.norm) for m in gaz(nlp("Results on CIFAR10 and cifar 10."))]
[('CIFAR10', 'cifar-10'), ('cifar 10', 'cifar-10')]
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.patterns import LazyPhraseMatcher, pattern_docs
from kg.extract.tokens import DocTokens, doc_tokens, id_array
from kg.extract.vocabulary import (GazetteerEntry, _load_jsonl, _variants, canonical_key, load_entries, load_jsonl,
                                   merge_key, squash, surface_variants)

__all__ = [
    "NameMatch",
    "mark_repeat_mentions",
    "GazetteerEntry",
    "GazetteerMatch",
    "GazetteerMatcher",
    "WordSequences",
    "canonical_key",
    "gazetteer_for",
    "load_entries",
    "load_jsonl",
    "load_terms",
    "merge_key",
    "squash",
    "surface_chars",
    "surface_offsets",
    "surface_variants",
]

@dataclass(frozen=True)
class GazetteerMatch:
    """A gazetteer hit: the token span and the entry it names."""

    span: Span
    entry: GazetteerEntry


class GazetteerMatcher:
    """Finds the entries of a gazetteer in a Doc: longest non-overlapping matches, context-checked.

    Parameters
    ----------
    nlp
        The pipeline whose tokenizer and vocab the patterns are built with (patterns must be
        tokenised exactly as the documents are).
    entries
        The gazetteer.
    """

    def __init__(self, nlp: Language, entries: Iterable[GazetteerEntry]) -> None:
        self.entries = tuple(entries)
        self._nlp = nlp
        # One matcher on LOWER (one pass over the Doc); a case-sensitive entry's hit is then
        # checked against its exact spellings. Patterns are tokenised when a Doc could hold them
        # (:class:`~kg.extract.patterns.LazyPhraseMatcher`): a pipeline is built in no time.
        self._matcher = LazyPhraseMatcher(nlp, "LOWER")
        self._by_key: dict[str, GazetteerEntry] = {}
        self._exact: dict[str, frozenset[str]] = {}  # tokens of a case-sensitive entry's spellings, once matched
        self._by_squash: dict[str, GazetteerEntry] = {}
        for i, entry in enumerate(self.entries):
            key = f"gaz{i}"
            self._by_key[key] = entry
            # The spellings of an alias differ in spaces and hyphens only: one squashed key, and
            # made only when a Doc could hold them.
            aliases = sorted(entry.aliases_and_name())
            self._matcher.add(key, aliases, expand=_spellings)
            # The tokenizer keeps a sentence-final period on some names ("GSM8K.", "ImageNet-1K."):
            # match that form too; :func:`surface_chars` drops the period from the surface.
            self._matcher.add(key, aliases, expand=_spellings_with_period, keep=_glued_period)
            for a in aliases:
                self._by_squash.setdefault(squash(a), entry)

    def _exact_forms(self, key: str) -> frozenset[str] | None:
        """The tokens (joined by spaces) of a case-sensitive entry's spellings; None for others."""
        entry = self._by_key[key]
        if not entry.case_sensitive:
            return None
        if key not in self._exact:
            docs = pattern_docs(self._nlp, sorted(entry.spellings()))
            self._exact[key] = frozenset(" ".join(t.text for t in p) for p in docs)
        return self._exact[key]

    def activate_all(self) -> None:
        """Tokenise every pattern now (see :class:`~kg.extract.patterns.LazyPhraseMatcher`)."""
        self._matcher.activate_all()

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry one of whose spellings squashes to the same key as ``text``, if any.

        Examples
        --------
        >>> import spacy
        >>> gaz = GazetteerMatcher(spacy.blank("en"), [GazetteerEntry.from_record({"name": "WikiText-103"})])
        >>> gaz.lookup("Wikitext103").name
        'WikiText-103'
        """
        return self._by_squash.get(squash(text))

    def __call__(self, doc: Doc) -> list[GazetteerMatch]:
        """Longest non-overlapping matches in ``doc``, in text order.

        A one-token match of an entry with ``context`` words survives only when one of them occurs
        in the sentence of some mention of that entry in the document.

        The matches are found once per Doc and shared by every caller of this matcher (the rule
        component of a type and ``kg_classifier`` share one, see :func:`gazetteer_for`): they depend
        on the Doc's tokens and sentences only. Do not change the list returned.
        """
        return [GazetteerMatch(Span(doc, a, b, label=label), entry) for a, b, label, entry in self._stored(doc)]

    def offsets(self, doc: Doc) -> list[tuple[int, int]]:
        """``(start, end)`` tokens of each of :meth:`__call__`'s matches, without making their Spans."""
        return [(a, b) for a, b, _, _ in self._stored(doc)]

    def _stored(self, doc: Doc) -> list[tuple[int, int, int, GazetteerEntry]]:
        """The matches of ``doc`` as (start, end, label, entry), found once per Doc and matcher.
        Kept as offsets: Spans would keep the Doc alive as long as its columns are cached."""
        memo = doc_tokens(doc).__dict__.setdefault("_gazetteer_matches", {})
        got = memo.get(id(self))
        if got is None or got[0] is not self:
            got = memo[id(self)] = (self, [(m.span.start, m.span.end, m.span.label, m.entry) for m in self._match(doc)])
        return got[1]

    def _match(self, doc: Doc) -> list[GazetteerMatch]:
        spans = []
        for key, start, end in self._matcher(doc):
            span = Span(doc, start, end, label=key)
            exact = self._exact_forms(span.label_)
            if exact is None or " ".join(t.text for t in span).removesuffix(".") in exact or \
                    " ".join(t.text for t in span) in exact:
                spans.append(span)
        spans = filter_spans(spans)
        confirmed: set[str] = set()
        for s in spans:
            entry = self._by_key[s.label_]
            if not entry.context or len(s) > 1 or _sentence_has(s, entry.context):
                confirmed.add(s.label_)
        return [GazetteerMatch(s, self._by_key[s.label_]) for s in spans if s.label_ in confirmed]


def _spellings(alias: str) -> list[str]:
    return sorted(_variants(alias))


def _spellings_with_period(alias: str) -> list[str]:
    return [s + "." for s in _spellings(alias)]


def _glued_period(doc: Doc) -> bool:
    """Whether a spelling written with a period after it kept the period on its last token."""
    return bool(len(doc)) and doc[-1].text.endswith(".") and len(doc[-1]) > 1


_SHARED: weakref.WeakKeyDictionary[Language, dict[str, GazetteerMatcher]] = weakref.WeakKeyDictionary()


def gazetteer_for(nlp: Language, resource: str) -> GazetteerMatcher:
    """The matcher of the gazetteer ``resource`` for ``nlp``, built once per pipeline: the rule
    component of a type and the classifier share it.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> gazetteer_for(nlp, "datasets.jsonl") is gazetteer_for(nlp, "datasets.jsonl")
    True
    """
    shared = _SHARED.setdefault(nlp, {})
    if resource not in shared:
        shared[resource] = GazetteerMatcher(nlp, load_entries(resource))
    return shared[resource]


def surface_chars(span: Span) -> tuple[int, int]:
    """Character offsets of a name's exact surface: without a sentence-final period glued to it.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("We evaluate on GSM8K.")
    >>> surface_chars(doc[3:4]), doc[3].text
    ((15, 20), 'GSM8K.')
    """
    end = span.end_char
    last = span[-1].text if len(span) else ""
    if len(last) > 1 and last.endswith(".") and not last[:-1].endswith("."):
        end -= 1
    return span.start_char, end


def surface_offsets(cols: Any, start: int, end: int) -> tuple[int, int]:
    """:func:`surface_chars` of tokens ``start:end`` (``start < end``) from a Doc's token columns
    (:class:`kg.extract.tokens.DocTokens`), without making a Span."""
    last = cols.texts[end - 1]
    a, b = cols.idx[start], cols.idx[end - 1] + len(last)
    if len(last) > 1 and last.endswith(".") and not last[:-1].endswith("."):
        b -= 1
    return a, b


def _sentence_has(span: Span, words: frozenset[str]) -> bool:
    doc = span.doc
    cols = doc_tokens(doc)  # Span.sent walks the Doc token by token
    if cols.has_sents:
        start, end = cols.sentence(span.start)
    else:
        start, end = max(0, span.start - 30), min(len(doc), span.end + 30)
    lowers = cols.lowers
    return any(lowers[i] in words for i in range(start, end) if not span.start <= i < span.end)


def load_terms(resource: str) -> dict[str, frozenset[str]]:
    """A role-tagged word list (``{"term": ..., "role": ...}`` per line) as ``role -> terms`` (cached).

    Examples
    --------
    >>> "datasets" in load_terms("datasets_terms.jsonl")["head"]
    True
    """
    return _load_terms(resource)


@lru_cache(maxsize=None)
def _load_terms(resource: str) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for rec in _load_jsonl(resource):
        roles.setdefault(rec["role"], set()).add(rec["term"])
    return {role: frozenset(terms) for role, terms in roles.items()}


class WordSequences:
    """A small set of word sequences ("test set", "such as") found by their first word's hash.

    Cheaper than a PhraseMatcher for a few dozen short phrases: one pass over the LOWER hashes.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> heads = WordSequences(nlp, ["dataset", "test set", "set"])
    >>> doc = nlp("the CUTEst test set and a dataset")
    >>> heads.matches(doc_tokens(doc))
    [(2, 4), (6, 7)]
    """

    def __init__(self, nlp: Language, phrases: Iterable[str]) -> None:
        self._by_first: dict[int, list[tuple[int, ...]]] = {}
        for doc in pattern_docs(nlp, sorted(set(phrases))):
            ids = tuple(nlp.vocab.strings.add(t.lower_) for t in doc)
            if ids:
                self._by_first.setdefault(ids[0], []).append(ids)
        for seqs in self._by_first.values():
            seqs.sort(key=len, reverse=True)
        self.first_ids = id_array(self._by_first)

    def at(self, ix: DocTokens, i: int) -> int | None:
        """End index of the longest sequence starting at token ``i``, or None."""
        seqs = self._by_first.get(int(ix.lower[i]), ())
        if not seqs:
            return None
        window = tuple(ix.lower[i:i + len(seqs[0])].tolist())
        for seq in seqs:
            if window[:len(seq)] == seq:
                return i + len(seq)
        return None

    def matches(self, ix: DocTokens) -> list[tuple[int, int]]:
        """(start, end) of every longest match, left to right, not overlapping."""
        out: list[tuple[int, int]] = []
        last = 0
        for i in ix.positions(self.first_ids):
            if i < last:
                continue
            end = self.at(ix, i)
            if end is not None:
                out.append((i, end))
                last = end
        return out


@dataclass(frozen=True)
class NameMatch:
    """A named-entity mention found by a finder: token span, exact surface, merge key, display
    name, how it was found (``gazetteer`` or ``rule``), and the surface's character offsets."""

    start: int
    end: int
    text: str
    norm: str
    label: str
    source: str
    start_char: int
    end_char: int


def mark_repeat_mentions(ix: DocTokens, found: Sequence[NameMatch], take: Callable[..., bool]) -> None:
    """Mark the other mentions of every name a rule found ("Path256 ... on Path256").

    ``take(start, end, source)`` records a mention unless its tokens are taken already.
    """
    seqs = {tuple(ix.orth[m.start:m.end].tolist()) for m in found if m.source == "rule"}
    for seq in sorted(seqs):
        for i in ix.find(seq):
            take(i, i + len(seq), "rule")

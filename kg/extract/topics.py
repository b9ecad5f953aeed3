"""``kg_topics``: the research topics of a paper, from a shipped taxonomy and from repeated key phrases.

Topics come from two sources:

- **taxonomy** (``resources/taxonomy.json``): a few hundred machine-learning concepts with a
  preferred label, alternative labels and acronyms, optional weaker "hidden" patterns, and
  ``broader`` links (a DAG: offline reinforcement learning › reinforcement learning). Every label is
  matched with spaCy's ``PhraseMatcher`` on ``LOWER``; acronyms ("RL", "LLMs", "MoE") on ``ORTH`` so
  that an ordinary word never passes for one. Plural and hyphen/space variants ("graph neural
  network(s)", "second order" / "second-order") are generated from each label, so no lemmatiser is
  needed. Overlapping matches keep the longest ("offline RL" beats "RL").
- **keyword**: an emerging topic the taxonomy lacks, found as a phrase of two to four content words
  in the title that the abstract repeats ("Timeseries Analytics"). At most ``max_keywords`` per
  paper; a phrase already covered by a taxonomy match or a named method/dataset is not one.

The confidence of a taxonomy topic grows with where and how often it is named: a mention in the
title counts most (0.6; a hidden pattern there 0.25); the abstract counts 0.1 plus 0.1 per mention
(a hidden one half), at most 0.5; the sum is scaled by specificity (a root such as "optimization"
0.7, an inner concept 0.85, a leaf 1.0). One passing mention in the abstract (0.2) is therefore
below the default bar of 0.25, two are above it. A topic is kept from ``min_confidence`` on, at most ``max_topics`` per paper; a paper with
no topic over the bar keeps its best candidate, so every paper gets one when anything matched.

The component writes one ``topic`` span per mention to ``doc.spans["kg_topics"]`` with ``norm`` (the
concept id or the keyword slug), ``label``, ``confidence``, ``broader`` and ``source``; the pipeline
keeps one entity per norm with the first mention as evidence.

Examples
--------
>>> title = "RITA: Group Attention is All You Need for Timeseries Analytics"
>>> abstract = ("Timeseries analytics is of great importance. We develop a timeseries analytics tool, "
...             "RITA, which uses a novel attention mechanism, named group attention.")
>>> [(t.norm, t.source, t.confidence) for t in topics_for_text(title, abstract)]
[('attention-mechanisms', 'taxonomy', 0.765), ('time-series', 'taxonomy', 0.63), ('timeseries-analytics', 'keyword', 0.45)]
>>> load_taxonomy()["offline-reinforcement-learning"].broader
('reinforcement-learning',)
>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_topics")
>>> doc = nlp("Speculative decoding speeds up LLM inference: a draft model proposes tokens.")
>>> [(s.text, s._.kg["norm"], s._.kg["confidence"], s._.kg["source"]) for s in doc.spans["kg_topics"]]
[('Speculative decoding', 'speculative-decoding', 0.3, 'taxonomy'), ('draft model', 'speculative-decoding', 0.3, 'taxonomy')]
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, NamedTuple

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import load_terms
from kg.extract.patterns import LazyPhraseMatcher
from kg.extract.taxonomy import TopicConcept, load_taxonomy, taxonomy_problems
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import doc_tokens, title_token_end
from kg.ids import slugify
from kg.plurals import singular

__all__ = [
    "DEFAULT_MAX_KEYWORDS",
    "DEFAULT_MAX_TOPICS",
    "DEFAULT_MIN_CONFIDENCE",
    "KeywordCandidate",
    "PaperTopic",
    "TopicComponent",
    "TopicConcept",
    "TopicMatcher",
    "TopicMention",
    "concept_depths",
    "duplicate_surfaces",
    "find_keyword_topics",
    "find_topic_mentions",
    "is_acronym",
    "load_taxonomy",
    "make_topics",
    "plural",
    "score_concepts",
    "surface_variants",
    "taxonomy_problems",
    "topics_for_text",
    "topics_of_doc",
]

DEFAULT_MIN_CONFIDENCE = 0.25
DEFAULT_MAX_TOPICS = 6
DEFAULT_MAX_KEYWORDS = 2

# Evidence weights (see the module docstring). A title names what a paper is about; an abstract
# also names its context, so one passing mention there is not enough for a topic on its own.
_TITLE_NAME = 0.6
_TITLE_HIDDEN = 0.25
_ABSTRACT_STEP = 0.1
_ABSTRACT_CAP = 0.5
_HIDDEN_FACTOR = 0.5
_SPECIFICITY = {"root": 0.7, "inner": 0.85, "leaf": 1.0}

_TERMS_FILE = "topics_terms.jsonl"  # the keyword rule's words: roles "break" and "edge"

@dataclass(frozen=True)
class TopicMention:
    """A taxonomy match in a Doc: token offsets, concept id, and whether it was a hidden pattern."""

    concept: str
    start: int
    end: int
    hidden: bool = False


@dataclass(frozen=True)
class KeywordCandidate:
    """A key phrase with its occurrences (token offsets; in a paper, the title one first).

    ``repeats`` counts the occurrences outside the title (all of them in a Doc with no title).
    """

    norm: str
    label: str
    occurrences: tuple[tuple[int, int], ...]
    repeats: int


@dataclass(frozen=True)
class PaperTopic:
    """A topic assigned to a paper, with the token spans that mention it."""

    norm: str
    label: str
    confidence: float
    broader: tuple[str, ...]
    source: str
    spans: tuple[tuple[int, int], ...]


# --------------------------------------------------------------------------- taxonomy


def concept_depths(taxonomy: Mapping[str, TopicConcept]) -> dict[str, int]:
    """Longest distance of each concept from a root (roots are 0).

    Examples
    --------
    >>> concept_depths(load_taxonomy())["offline-to-online-reinforcement-learning"]
    2
    """
    depths: dict[str, int] = {}

    def depth(cid: str) -> int:
        if cid not in depths:
            parents = [p for p in taxonomy[cid].broader if p in taxonomy]
            depths[cid] = 1 + max(depth(p) for p in parents) if parents else 0
        return depths[cid]

    for cid in taxonomy:
        depth(cid)
    return depths


def _specificities(taxonomy: Mapping[str, TopicConcept]) -> dict[str, float]:
    has_children = {p for c in taxonomy.values() for p in c.broader}
    return {
        cid: _SPECIFICITY["root" if not c.broader else "inner" if cid in has_children else "leaf"]
        for cid, c in taxonomy.items()
    }


# --------------------------------------------------------------------------- surface forms


def plural(word: str) -> str:
    """The regular plural of a singular word (an acronym takes a lower-case "s").

    Examples
    --------
    >>> [plural(w) for w in ["network", "process", "batch", "study", "LLM", "day"]]
    ['networks', 'processes', 'batches', 'studies', 'LLMs', 'days']
    """
    low = word.lower()
    if is_acronym(word):
        return word + "s"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def is_acronym(surface: str) -> bool:
    """True for a one-word surface written mostly in capitals ("RL", "LLMs", "MoE", "DP-SGD").

    Acronyms are matched case-sensitively, so "OT" (optimal transport) does not fire on "ot".

    Examples
    --------
    >>> [is_acronym(s) for s in ["RL", "LLMs", "MoE", "LoRA", "AdamW", "offline RL", "Adam"]]
    [True, True, True, True, False, False, False]
    """
    if " " in surface:
        return False
    letters = [c for c in surface if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def _inflect_last(word: str) -> set[str]:
    # Only words that end in a letter inflect ("8-bit", "GPT-4", "S4" do not).
    if len(word) < 2 or not word[-1].isalpha():
        return {word}
    sing = singular(word)
    return {word, sing, plural(sing)} if sing != word else {word, plural(word)}


def surface_variants(surface: str) -> list[str]:
    """Spellings of a label that should match: plural/singular last word, hyphen or space joins.

    A phrase of up to four words gets every hyphen/space combination; a longer one only its own
    joins and the all-space form.

    Examples
    --------
    >>> surface_variants("graph neural network")[:4]
    ['graph neural network', 'graph neural networks', 'graph neural-network', 'graph neural-networks']
    >>> surface_variants("second-order methods")[:4]
    ['second order method', 'second order methods', 'second order-method', 'second order-methods']
    >>> surface_variants("GPT-4")
    ['GPT 4', 'GPT-4']
    """
    words = re.split(r"([ -])", surface.strip())
    parts, joins = words[0::2], words[1::2]
    if not joins:
        return sorted(_inflect_last(surface))
    if len(joins) <= 3:
        join_sets = list(product(" -", repeat=len(joins)))
    else:
        join_sets = [tuple(joins), tuple(" " for _ in joins)]
    out = set()
    for last in _inflect_last(parts[-1]):
        for js in join_sets:
            out.add("".join(p + j for p, j in zip(parts[:-1], js)) + last)
    return sorted(out)


def duplicate_surfaces(taxonomy: Mapping[str, TopicConcept]) -> dict[str, list[str]]:
    """Surface variants claimed by more than one concept (should be empty for a clean taxonomy).

    Examples
    --------
    >>> duplicate_surfaces({"a": TopicConcept("a", "Bandits"), "b": TopicConcept("b", "B", (), ("bandit",))})
    {'bandit': ['a', 'b'], 'bandits': ['a', 'b']}
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for cid, c in taxonomy.items():
        for surface in (c.label, *c.synonyms, *c.hidden):
            for v in surface_variants(surface):
                owners[v if is_acronym(v) else v.lower()].add(cid)
    return {s: sorted(ids) for s, ids in sorted(owners.items()) if len(ids) > 1}


# --------------------------------------------------------------------------- matching


class TopicMatcher:
    """Phrase matchers for a taxonomy on one vocabulary: terms on ``LOWER``, acronyms on ``ORTH``."""

    def __init__(self, nlp: Language, taxonomy: Mapping[str, TopicConcept]) -> None:
        self.taxonomy = taxonomy
        self.specificity = _specificities(taxonomy)
        self.lower = LazyPhraseMatcher(nlp, "LOWER")  # patterns tokenised when a Doc could hold them
        self.exact = LazyPhraseMatcher(nlp, "ORTH")
        patterns: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
        for cid, c in taxonomy.items():
            for surfaces, hidden in (((c.label, *c.synonyms), False), (c.hidden, True)):
                for surface in surfaces:
                    for v in surface_variants(surface):
                        acro = is_acronym(v)
                        patterns[("exact" if acro else "lower", cid, hidden)].add(v if acro else v.lower())
        # Match ids are string hashes; keep their meaning here rather than in a Doc's vocab, which
        # may be another one (a Doc made by a different pipeline).
        self.keys: dict[int, tuple[str, bool]] = {}
        for (kind, cid, hidden), texts in sorted(patterns.items()):
            matcher = self.exact if kind == "exact" else self.lower
            key = f"{cid}|{'hidden' if hidden else 'name'}"
            self.keys[nlp.vocab.strings.add(key)] = (cid, hidden)
            matcher.add(key, sorted(texts))


def find_topic_mentions(doc: Doc, matcher: TopicMatcher) -> list[TopicMention]:
    """Taxonomy matches in ``doc``, overlaps resolved longest-first, in text order.

    On one span a name beats a hidden pattern.
    """
    found = set()
    for m in (matcher.lower, matcher.exact):
        for match_id, start, end in m(doc):
            cid, hidden = matcher.keys[match_id]
            found.add(TopicMention(cid, start, end, hidden))
    taken: set[int] = set()
    kept = []
    for mention in sorted(found, key=lambda m: (m.start - m.end, m.hidden, m.start, m.concept)):
        if taken.isdisjoint(range(mention.start, mention.end)):
            kept.append(mention)
            taken.update(range(mention.start, mention.end))
    return sorted(kept, key=lambda m: (m.start, m.end))




def score_concepts(
    mentions: Iterable[TopicMention], title_end: int, specificity: Mapping[str, float]
) -> dict[str, float]:
    """Confidence (0..1, 3 decimals) of each concept from its mentions; see the module docstring.

    Examples
    --------
    >>> m = [TopicMention("rl", 0, 1), TopicMention("rl", 9, 10), TopicMention("gp", 12, 13, hidden=True)]
    >>> score_concepts(m, title_end=5, specificity={"rl": 0.7, "gp": 1.0})
    {'rl': 0.56, 'gp': 0.15}
    """
    title_name: set[str] = set()
    title_hidden: set[str] = set()
    abstract: dict[str, float] = defaultdict(float)
    order: list[str] = []
    for m in mentions:
        if m.concept not in order:
            order.append(m.concept)
        if m.start < title_end:
            (title_hidden if m.hidden else title_name).add(m.concept)
        else:
            abstract[m.concept] += _HIDDEN_FACTOR if m.hidden else 1.0
    scores = {}
    for cid in order:
        title = _TITLE_NAME if cid in title_name else _TITLE_HIDDEN if cid in title_hidden else 0.0
        n = abstract.get(cid, 0.0)
        body = min(_ABSTRACT_CAP, _ABSTRACT_STEP * (1 + n)) if n else 0.0
        scores[cid] = round(min(1.0, title + body) * specificity.get(cid, 1.0), 3)
    return scores


# --------------------------------------------------------------------------- keyword topics


@lru_cache(maxsize=1)
def _stoplist() -> tuple[frozenset[str], frozenset[str]]:
    terms = load_terms(_TERMS_FILE)
    return frozenset(STOP_WORDS) | terms["break"], terms["edge"]


class _Word(NamedTuple):
    # A named tuple rather than a frozen dataclass: one is made per word of every abstract.
    start: int  # token offsets in the Doc
    end: int
    text: str
    key: str  # lower case, hyphens dropped, singular: "Mini-Batches" and "minibatch" agree


# A keyword is made of words: letters, maybe joined by hyphens. A word with digits or symbols is a
# name ("Qwen2.5-1M", "ell_infty"), not part of a topic phrase.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _word_keys(doc: Doc, start: int, end: int) -> tuple[list[str | None], Sequence[int]]:
    """Keys and token offsets of the words of ``doc[start:end]``, hyphenated compounds joined
    ("Mini-Batch"): word ``w`` is tokens ``starts[w]:starts[w + 1]``; a None key is a break.

    The columns of :func:`_words` without its objects: the whole abstract is scanned this way.
    """
    texts = doc_tokens(doc).texts[start:end]
    get = _TOKEN_KEYS.get
    token_keys = [get(t, _UNKNOWN) for t in texts]
    k = -1
    while True:  # texts not seen before: only those are keyed, found by a scan in C
        try:
            k = token_keys.index(_UNKNOWN, k + 1)
        except ValueError:
            break
        token_keys[k] = _token_key(texts[k])
    if "-" not in texts:
        return token_keys, range(start, end + 1)  # no compound: a word per token
    cols = doc_tokens(doc)
    keys: list[str | None] = []
    starts: list[int] = []
    done = start  # tokens before this one are in ``keys``
    for first, last in _compounds(texts, token_keys, cols.ws, start):
        keys += token_keys[done - start:first - start]
        starts += range(done, first)
        keys.append(_word_key(cols.span_text(first, last)))
        starts.append(first)
        done = last
    keys += token_keys[done - start:]
    starts += range(done, end + 1)
    return keys, starts


def _compounds(texts: list[str], token_keys: list[str | None], ws: list[bool], start: int) -> list[tuple[int, int]]:
    """(first, end) token offsets of the hyphenated compounds among ``texts`` (the tokens from
    ``start``): words joined by hyphens that touch both neighbours ("a-b-c")."""
    out: list[tuple[int, int]] = []
    k = 0
    while True:
        try:
            k = texts.index("-", k + 1)
        except ValueError:
            return out
        # A hyphen joins the words on both sides when it touches them.
        if (k + 1 < len(texts) and token_keys[k - 1] is not None and token_keys[k + 1] is not None
                and not ws[start + k - 1] and not ws[start + k]):
            if out and out[-1][1] == start + k:
                out[-1] = (out[-1][0], start + k + 2)  # "b-c" continues "a-b"
            else:
                out.append((start + k - 1, start + k + 2))


def _words(doc: Doc, start: int, end: int) -> list[_Word | None]:
    """Words of ``doc[start:end]``, hyphenated compounds joined ("Mini-Batch"); None = a break."""
    cols = doc_tokens(doc)
    keys, starts = _word_keys(doc, start, end)
    return [None if key is None else _Word(starts[w], starts[w + 1], cols.span_text(starts[w], starts[w + 1]), key)
            for w, key in enumerate(keys)]


# The word key of a token text, or None when it holds no letter or digit: a dictionary shared by
# all Docs (abstracts reuse a small vocabulary), emptied when it grows past _TOKEN_KEYS_MAX.
_TOKEN_KEYS: dict[str, str | None] = {}
_TOKEN_KEYS_MAX = 1 << 17
_UNKNOWN = object()  # not in _TOKEN_KEYS yet


def _token_key(text: str) -> str | None:
    try:
        return _TOKEN_KEYS[text]
    except KeyError:
        pass
    if len(_TOKEN_KEYS) >= _TOKEN_KEYS_MAX:
        _TOKEN_KEYS.clear()
    key = _TOKEN_KEYS[text] = _word_key(text) if _has_alnum(text) else None
    return key


@lru_cache(maxsize=65536)
def _has_alnum(text: str) -> bool:
    return any(map(str.isalnum, text))


@lru_cache(maxsize=65536)
def _word_key(text: str) -> str:
    return singular(text.lower().replace("-", ""))


def _phrases(words: Sequence[_Word | None], breaks: frozenset[str], edge: frozenset[str],
             max_len: int = 4) -> Iterable[tuple[_Word, ...]]:
    """Runs of 2..max_len content words, not starting or ending with a generic word."""
    run: list[_Word] = []
    for w in [*words, None]:
        if w is not None and w.text.lower() not in breaks and _WORD.fullmatch(w.text):
            run.append(w)
            continue
        for i in range(len(run)):
            for n in range(2, max_len + 1):
                ph = run[i:i + n]
                if len(ph) < n:
                    break
                if ph[0].text.lower() in edge or ph[-1].text.lower() in edge:
                    continue
                if ph[0].key in edge or ph[-1].key in edge:
                    continue
                if max(sum(map(str.isalpha, w.text)) for w in ph) < 4:
                    continue
                yield tuple(ph)
        run = []


def find_keyword_topics(
    doc: Doc,
    covered: Iterable[tuple[int, int]] = (),
    *,
    title_end: int | None = None,
    max_keywords: int = DEFAULT_MAX_KEYWORDS,
    min_repeats: int = 1,
    named: Iterable[tuple[int, int]] = (),
) -> list[KeywordCandidate]:
    """Key phrases of the title that the abstract repeats ``min_repeats``+ times, best first.

    ``covered`` are token spans already explained (taxonomy matches, named methods). A phrase whose
    every word lies in them adds nothing, and a phrase that cuts one in two ("Anarchic Federated"
    of "Anarchic Federated Learning") is not a unit: neither is a keyword topic. Without a title (a
    Doc that is not a paper) a phrase must occur three times in the text. ``named`` are spans of
    named artefacts (methods, datasets): a phrase spelled like one of them anywhere in the paper
    ("group attention") is a name, not a topic. Chosen phrases do not overlap; more repeats win,
    then longer phrases, then the earlier one.

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> doc = nlp.make_doc("RITA: Group Attention for Timeseries Analytics\\n\\n"
    ...                    "Timeseries analytics matters. We build a timeseries analytics tool.")
    >>> doc.user_data["kg_title_len"] = 47
    >>> [(k.norm, k.label, k.repeats) for k in find_keyword_topics(doc)]
    [('timeseries-analytics', 'Timeseries Analytics', 2)]
    """
    breaks, edge = _stoplist()
    title_end = title_token_end(doc) if title_end is None else title_end
    covered = list(covered)
    covered_tokens = {i for s, e in covered for i in range(s, e)}  # once, not once per phrase

    def is_covered(start: int, end: int) -> bool:
        for s, e in covered:
            if s < end and start < e and (s < start or e > end) and not (s <= start and end <= e):
                return True  # the phrase cuts a covered span in two
        return covered_tokens.issuperset(range(start, end))

    if title_end:
        anchors = list(_phrases(_words(doc, 0, title_end), breaks, edge))
        body_start, needed = title_end, min_repeats
    else:
        anchors = list(_phrases(_words(doc, 0, len(doc)), breaks, edge))
        body_start, needed = 0, 3
    if not anchors:
        return []
    named_keys = {tuple(k for k in _word_keys(doc, s, e)[0] if k is not None) for s, e in named}
    occurrences: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    wanted = {tuple(w.key for w in ph) for ph in anchors}
    lengths = sorted({len(k) for k in wanted})
    firsts = {k[0] for k in wanted}
    body_keys, body_starts = _word_keys(doc, body_start, len(doc))
    # only where a wanted phrase starts (None, a break, is never a first key)
    for i in [i for i, first_key in enumerate(body_keys) if first_key in firsts]:
        for n in lengths:
            key = tuple(body_keys[i:i + n])
            if len(key) == n and None not in key and key in wanted:
                occurrences[key].append((body_starts[i], body_starts[i + n]))
    candidates = []
    seen = set()
    for ph in anchors:
        key = tuple(w.key for w in ph)
        if key in seen or key in named_keys or is_covered(ph[0].start, ph[-1].end):
            continue
        seen.add(key)
        body = [span for span in occurrences.get(key, []) if not is_covered(*span)]
        occ = [(ph[0].start, ph[-1].end), *body] if title_end else body
        if len(body) < needed:
            continue
        label = doc[ph[0].start:ph[-1].end].text
        words = [w.text.lower() for w in ph]
        norm = slugify(" ".join([*words[:-1], singular(words[-1])]))
        cand = KeywordCandidate(norm, label, tuple(occ), len(body))
        candidates.append((cand.repeats, len(ph), -ph[0].start, cand))
    candidates.sort(key=lambda c: (-c[0], -c[1], -c[2]))
    chosen: list[KeywordCandidate] = []
    used: set[int] = set()
    for *_, cand in candidates:
        s, e = cand.occurrences[0]
        if used.isdisjoint(range(s, e)) and len(chosen) < max_keywords:
            chosen.append(cand)
            used.update(range(s, e))
    return chosen


def _keyword_confidence(repeats: int) -> float:
    # Below a title-named taxonomy concept: a repeated phrase is a weaker sign than a curated label.
    return round(min(0.6, 0.25 + 0.1 * repeats), 3)


# --------------------------------------------------------------------------- assembly


def _named_spans(doc: Doc, keys: Sequence[str]) -> list[tuple[int, int]]:
    """Token spans of named artefacts found by earlier components (not research topics)."""
    out = []
    for key in keys:
        if key in doc.spans:
            out.extend((s.start, s.end) for s in doc.spans[key])
    return out


def topics_of_doc(
    doc: Doc,
    matcher: TopicMatcher,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    max_topics: int = DEFAULT_MAX_TOPICS,
    max_keywords: int = DEFAULT_MAX_KEYWORDS,
    named_keys: Sequence[str] = (),
) -> list[PaperTopic]:
    """The topics of one paper Doc: taxonomy concepts then keyword phrases, best first.

    ``named_keys`` are the spans keys of named artefacts (methods, datasets...) that keyword
    topics must not be made of."""
    title_end = title_token_end(doc)
    mentions = find_topic_mentions(doc, matcher)
    scores = score_concepts(mentions, title_end, matcher.specificity)
    first = {}
    for m in reversed(mentions):
        first[m.concept] = m.start
    ranked = sorted(scores, key=lambda cid: (-scores[cid], first[cid], cid))
    kept = [cid for cid in ranked if scores[cid] >= min_confidence][:max_topics]
    spans_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        spans_of[m.concept].append((m.start, m.end))
    topics = [_taxonomy_topic(matcher.taxonomy[cid], scores[cid], spans_of[cid]) for cid in kept]
    named = _named_spans(doc, named_keys)
    covered = [(m.start, m.end) for m in mentions] + named
    # A paper the taxonomy already describes takes only a phrase its abstract keeps repeating.
    repeats = 1 if len(topics) < 2 else 2
    for k in find_keyword_topics(doc, covered, title_end=title_end, max_keywords=max_keywords,
                                 min_repeats=repeats, named=named):
        topics.append(PaperTopic(k.norm, k.label, _keyword_confidence(k.repeats), (), "keyword", k.occurrences))
    if not topics:
        topics = _fallback(doc, matcher, ranked, scores, spans_of, covered, named, title_end)
    return topics


def _taxonomy_topic(c: TopicConcept, confidence: float, spans: Sequence[tuple[int, int]]) -> PaperTopic:
    return PaperTopic(c.id, c.label, confidence, c.broader, "taxonomy", tuple(spans))


def _fallback(doc: Doc, matcher: TopicMatcher, ranked: Sequence[str], scores: Mapping[str, float],
              spans_of: Mapping[str, Sequence[tuple[int, int]]], covered: Sequence[tuple[int, int]],
              named: Sequence[tuple[int, int]], title_end: int) -> list[PaperTopic]:
    """A paper with nothing over the bar keeps its best weak evidence rather than no topic."""
    if ranked:
        cid = ranked[0]
        return [_taxonomy_topic(matcher.taxonomy[cid], scores[cid], spans_of[cid])]
    if title_end:
        weak = find_keyword_topics(doc, covered, title_end=title_end, max_keywords=1, min_repeats=0,
                                   named=named)
        return [PaperTopic(k.norm, k.label, _keyword_confidence(k.repeats), (), "keyword", k.occurrences)
                for k in weak]
    return []


# --------------------------------------------------------------------------- component


class TopicComponent:
    """Writes ``topic`` spans (one per mention) to ``doc.spans["kg_topics"]``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        max_topics: int = DEFAULT_MAX_TOPICS,
        max_keywords: int = DEFAULT_MAX_KEYWORDS,
        taxonomy_path: str | None = None,
        spans_key: str = "kg_topics",
        reads: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.named_keys = tuple(key_of(t) for t in reads)
        self.min_confidence = min_confidence
        self.max_topics = max_topics
        self.max_keywords = max_keywords
        self.matcher = TopicMatcher(nlp, load_taxonomy(taxonomy_path))

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        topics = topics_of_doc(doc, self.matcher, min_confidence=self.min_confidence,
                               max_topics=self.max_topics, max_keywords=self.max_keywords,
                               named_keys=self.named_keys)
        emitted = []
        for t in topics:
            for start, end in t.spans:
                emitted.append((start, end, t))
        for start, end, t in sorted(emitted, key=lambda e: (e[0], e[1], e[2].norm)):
            add_entity(doc, key, Span(doc, start, end), "topic", norm=t.norm, label=t.label,
                       confidence=t.confidence, broader=list(t.broader), source=t.source)
        return doc


@Language.factory(
    "kg_topics",
    assigns=["doc.spans"],
    default_config={
        "min_confidence": DEFAULT_MIN_CONFIDENCE,
        "max_topics": DEFAULT_MAX_TOPICS,
        "max_keywords": DEFAULT_MAX_KEYWORDS,
        "taxonomy_path": None,
        "spans_key": "kg_topics",
        "reads": ["repository", "hardware", "dataset", "method", "task"],
    },
)
def make_topics(
    nlp: Language,
    name: str,
    min_confidence: float,
    max_topics: int,
    max_keywords: int,
    taxonomy_path: str | None,
    spans_key: str,
    reads: list[str],
) -> TopicComponent:
    """spaCy factory: ``nlp.add_pipe("kg_topics", config={"max_keywords": 1})``; keyword topics
    are never made of the named entities of the types it reads."""
    return TopicComponent(nlp, name, min_confidence=min_confidence, max_topics=max_topics,
                          max_keywords=max_keywords, taxonomy_path=taxonomy_path,
                          spans_key=spans_key, reads=reads)


@lru_cache(maxsize=1)
def _text_nlp() -> tuple[Language, TopicMatcher]:
    nlp = spacy.blank("en")
    return nlp, TopicMatcher(nlp, load_taxonomy())


def topics_for_text(title: str, abstract: str = "", **options: Any) -> list[PaperTopic]:
    """The topics of a title and abstract, without building a pipeline (shipped taxonomy).

    ``options`` are those of :func:`topics_of_doc` (``min_confidence``, ``max_topics``,
    ``max_keywords``).
    """
    nlp, matcher = _text_nlp()
    doc = nlp.make_doc(title + "\n\n" + abstract)
    doc.user_data["kg_title_len"] = len(title)
    return topics_of_doc(doc, matcher, **options)

"""``kg_claims``: quantitative result claims ("up to 8.2x faster", "75% less memory", "BLEU of 28.4").

A claim is a number with a unit (``x`` for times/×/-fold, ``%``, ``points`` or a unit as written:
``PPL``, ``ms``, ``tokens/s``...), a ``kind`` (speedup | reduction | improvement | score | other), a
``qualifier`` ("up to", "nearly", "over", "about", "at least") and, where the sentence says so, a
``baseline`` ("than X", "over X", "compared to X", "X outperformed by ..."). Setup numbers (model
sizes, batch sizes, context lengths, "8-bit", "K=1", "top-1", O(n^2)) carry no such unit or are
filtered by the words around them, and are not claims.

:func:`find_claims` does the work on plain text; :func:`parse_claim` reads one phrase; the
component writes ``metric`` spans to ``doc.spans["kg_claims"]`` and adds the dataset and hardware
named in the same sentence (spans of ``kg_datasets``/``kg_hardware``, which run before it). The
word lists live in ``resources/claims.json``.

Examples
--------
>>> parse_claim("up to 8.2x faster")
Claim(value=8.2, unit='x', kind='speedup', qualifier='up to')
>>> [(m.text, m.claim.value, m.claim.kind) for m in find_claims("requiring 2x to 330x fewer MACs")]
[('2x', 2.0, 'reduction'), ('330x fewer', 330.0, 'reduction')]
>>> find_claims("We train 7B parameters with batch size 256 for 8-bit inference.")
[]
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.prefilter import may_contain
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import doc_tokens

__all__ = [
    "KINDS",
    "Claim",
    "ClaimMatch",
    "ClaimsComponent",
    "find_claims",
    "make_claims",
    "parse_claim",
]

RESOURCE = Path(__file__).with_name("resources") / "claims.json"
KINDS: tuple[str, ...] = ("speedup", "reduction", "improvement", "score", "other")

# A number as written: 8, 8.2, 1,680, .5 is not used in the corpus.
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
# The number must start a token: not part of a name ("GPT-4", "top-1", "ResNet-50"), an exponent
# ("T^{1/3}"), an identifier ("x_1", "Recall@10") or a decimal; "sim30%" is LaTeX's \sim lost.
# Nor inside a thousands group ("1,000,000": one number, not three; trying each group of a long run
# would cost the length of the run each time).
_GUARD = r"(?:(?<=sim)|(?<![\w.^_{}/\\@#$]))(?<![A-WYZa-wyz_\])}]-)(?<![A-Za-z][xX]-)(?<!\d,)"
_CLAUSE_BREAK = re.compile(r"[;:]|,(?!\d)|[.!?](?=\s|$)")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+[A-Z(\[])")
_SENTENCE_BREAK_SEEN = re.compile(r"[.!?](?=\s+([A-Z(\[]))")  # the same, and where its look-ahead ends
# How far before a number its clause and sentence are read: real clauses are far shorter, and
# reading further would make every number of a long sentence cost the length of the sentence.
_CONTEXT_CHARS = 300
_TOKEN = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
# One of these ends every match of the word-multiplier pattern ("three times", "10-fold", "twice").
_MULTIPLIER_WORDS = ("times", "fold", "twice")
# A baseline cue after these belongs to another clause ("..., while improving ... relative to X").
_BASELINE_GAP_BREAK = re.compile(r"[,;:(]|\b(?:while|whereas|but|and)\b")
_TRAIL = ",.;:)]!?\"'"
_AS_COMPARED = re.compile(r"as\s+(?:fast|quick\w*|efficient\w*|good|accurate)\b", re.I)
_LEADING_COMPARISON = re.compile(r"\s*(?:(?:when\s+)?compared\s+(?:to|with)|relative\s+to|unlike)\s+", re.I)
_NP_DANGLING = frozenset({"of", "the", "a", "an"})


@dataclass(frozen=True)
class Claim:
    """What a claim says: ``value`` in ``unit``, its ``kind`` and ``qualifier``."""

    value: float
    unit: str
    kind: str
    qualifier: str | None = None

    @property
    def norm(self) -> str:
        """The key that merges equal claims: ``kind:value unit`` (``speedup:8.2x``)."""
        return f"{self.kind}:{self.value:g}{self.unit}"


@dataclass(frozen=True)
class ClaimMatch:
    """A claim found in a text: exact surface ``text[start:end]`` and what it is compared with."""

    text: str
    start: int
    end: int
    claim: Claim
    baseline: str | None = None
    baseline_span: tuple[int, int] | None = None


@dataclass
class _Candidate:
    """A number with a unit, before the words around it decide whether and what it claims."""

    start: int  # qualifier start, or the number's
    num_start: int
    core_end: int  # end of number + unit
    value: float
    unit: str
    unit_class: str  # x | % | points | other
    strength: str  # strong | weak | named | fraction
    qualifier: str | None = None
    prev_word: str = ""
    head_end: int = 0  # end of the comparison word that belongs to the claim ("faster")
    window_end: int = 0  # end of the words read after the unit
    head_window: str = ""
    head_first: str = ""
    head_signals: frozenset[str] = frozenset()
    near_before: str = ""
    sentence_start: int = 0
    clause_before: str = ""
    joined_next: bool = False
    chain_signals: frozenset[str] = frozenset()
    kind: str | None = None
    drop: bool = False
    setup: bool = False
    fixed_kind: str | None = None


@dataclass(frozen=True)
class _Lexicon:
    single: re.Pattern[str]
    factor: re.Pattern[str]
    word_mult: re.Pattern[str]
    fraction: re.Pattern[str]
    fraction_cost: re.Pattern[str]
    magnitude: re.Pattern[str]
    magnitude_paren: re.Pattern[str]
    prefixed: re.Pattern[str]
    qualifier_tail: re.Pattern[str]
    qualifiers: tuple[tuple[re.Pattern[str], str], ...]
    number_words: dict[str, float]
    fraction_words: dict[str, int]
    magnitude_counts: dict[str, int]
    signals: dict[str, re.Pattern[str]]
    growth: re.Pattern[str]
    size_growth: re.Pattern[str]
    setup_nouns: re.Pattern[str]
    count_head: re.Pattern[str]
    percent_of_score: re.Pattern[str]
    head_stop: frozenset[str]
    joiner: re.Pattern[str]
    bare_before: re.Pattern[str]
    baseline_cue: re.Pattern[str]
    baseline_beat: re.Pattern[str]
    baseline_stop: frozenset[str]
    setup_context: re.Pattern[str]


def _alt(words: list[str] | dict[str, object]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = json.loads(RESOURCE.read_text(encoding="utf-8"))
    quals = "|".join(q for q, _ in data["qualifiers"])
    single = re.compile(
        _GUARD
        + rf"(?P<num>{_NUM})(?:"
        # "3 × 3" and "3x3" are shapes, not claims.
        + r"(?P<x>(?:[xX](?![A-Za-z0-9_])|\s?×|\s?\$?\\times\$?(?![A-Za-z])|times(?![A-Za-z]))"
        + r"(?:\s+times\b)?(?![\s$]*\d))"
        + r"|(?P<xw>\s+times\b|\s?-?\s?fold\b)"
        + r"|(?P<pct>\s?\\?%|\s?percent\b|\s?per\s?cent\b)"
        + rf"|(?P<pts>[\s-]+(?:(?:{data['point_metrics']})\s+)?(?:{data['point_units']})\b)"
        + rf"|(?P<cmp>\s+(?:better|lower|higher|worse)\s+(?P<cmpu>{data['compared_metrics']})\b)"
        + rf"|(?P<metric>\s?(?:{data['metric_units']})(?![A-Za-z]))"
        + rf"|(?P<named>\s?(?:{data['named_units']})(?![A-Za-z]))"
        + ")"
    )
    nw = data["number_words"]
    factor = re.compile(
        rf"\b(?:an?\s+)?factor\s+of\s+(?:(?:{quals})\s+)?(?P<num>{_NUM})(?![\w%]|\.\d|\s*[xX×%])", re.I
    )
    word_mult = re.compile(rf"\b(?:(?P<w>{_alt(nw)})[\s-]?(?:times|fold)|(?P<twice>twice))\b", re.I)
    fw = data["fraction_words"]
    fraction = re.compile(rf"\b(?:(?:one|a)[\s-])?(?P<f>{_alt(fw)})\b(?!-)", re.I)
    fraction_cost = re.compile(
        rf"\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:{data['cost_nouns']})\b", re.I
    )
    mc = data["magnitude_counts"]
    magnitude = re.compile(rf"\b(?P<c>{_alt(mc)})[\s-]+orders?[\s-]+of[\s-]+magnitude\b", re.I)
    magnitude_paren = re.compile(rf"\s*\(\s*(?:(?:{quals})\s*)?{_NUM}", re.I)
    prefixed = re.compile(
        rf"\b(?P<metric>{data['prefixed_metrics']})(?:\s+scores?)?\s*"
        rf"(?:(?:{data['prefixed_connectors']})\s*)?(?:(?:{quals})\s+)?"
        + _GUARD
        + rf"(?P<num>{_NUM})(?![\w%]|\.\d|\s*\\?%|\s*(?:points?|pts|{data['named_units']})\b)"
    )
    qualifier_tail = re.compile(rf"(?:^|(?<=[\s(\[,;:]))(?P<q>{quals})\s*(?:an?\s+)?$", re.I)
    qualifiers = tuple((re.compile(rf"^(?:{q})$", re.I), canon) for q, canon in data["qualifiers"])
    signals = {k: re.compile(rf"(?<!\w)(?:{v})(?!\w)", re.I) for k, v in data["kind_signals"].items()}
    head_stop = frozenset(data["head_stop_words"].split("|")) - frozenset(data["head_pass_words"].split("|"))
    joiner = re.compile(rf"^\s*,?\s*(?:-|–|—|to|and|or|,)?\s*(?:(?:{quals})\s*)?(?:an?\s+)?$", re.I)
    bare_before = re.compile(
        _GUARD + rf"(?P<num>{_NUM})(?P<u>[xX]|\s?\\?%)?\s*(?:-|–|—|\bto\b|\band\b|\bor\b)\s*\+?$"
    )
    return _Lexicon(
        single=single,
        factor=factor,
        word_mult=word_mult,
        fraction=fraction,
        fraction_cost=fraction_cost,
        magnitude=magnitude,
        magnitude_paren=magnitude_paren,
        prefixed=prefixed,
        qualifier_tail=qualifier_tail,
        qualifiers=qualifiers,
        number_words={k.lower(): float(v) for k, v in nw.items()},
        fraction_words={k.lower(): int(v) for k, v in fw.items()},
        magnitude_counts={k.lower(): int(v) for k, v in mc.items()},
        signals=signals,
        growth=re.compile(rf"^(?:{data['growth_words']})$", re.I),
        size_growth=re.compile(rf"^(?:{data['size_growth_words']})$", re.I),
        setup_nouns=re.compile(rf"(?<![\w-])(?:{data['setup_nouns']})(?![\w])", re.I),
        count_head=re.compile(rf"^(?:{data['count_heads']})$"),
        percent_of_score=re.compile(rf"\s*of\s+(?:{data['percent_of_scores']})\b", re.I),
        head_stop=head_stop,
        joiner=joiner,
        bare_before=bare_before,
        baseline_cue=re.compile(rf"\b(?:{data['baseline_cues']})\s+", re.I),
        baseline_beat=re.compile(
            r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*)\s+(?P<np>.+?)\s+by\s*$", re.I
        ),
        baseline_stop=frozenset(data["baseline_stop_words"].split("|")),
        setup_context=re.compile(rf"(?<![\w-])(?:{data['setup_context']})(?![\w])", re.I),
    )


def _canonical_qualifier(lex: _Lexicon, surface: str) -> str | None:
    for rx, canon in lex.qualifiers:
        if rx.match(surface.strip()):
            return canon
    return None


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _candidates(text: str, lex: _Lexicon) -> list[_Candidate]:
    """Every number-with-unit in ``text`` (overlaps removed), before any filtering."""
    found: list[_Candidate] = []
    # Most sentences hold no digit: the three patterns that need one are not run on them.
    with_digits = _DIGIT.search(text) is not None
    for m in lex.single.finditer(text) if with_digits else ():
        num = m.group("num")
        if m.group("x") is not None:
            unit, ucls, strength = "x", "x", "strong"
        elif m.group("xw") is not None:
            unit, ucls, strength = "x", "x", "weak"
        elif m.group("pct") is not None:
            unit, ucls, strength = "%", "%", "strong"
        elif m.group("pts") is not None:
            unit, ucls, strength = "points", "points", "strong"
        elif m.group("cmp") is not None:
            unit, ucls, strength = m.group("cmpu"), "other", "strong"
        elif m.group("metric") is not None:
            unit, ucls, strength = m.group("metric").strip(), "other", "strong"
        else:
            unit, ucls, strength = m.group("named").strip(), "other", "named"
        found.append(_Candidate(m.start(), m.start(), m.end(), _number(num), unit, ucls, strength))
    for m in lex.prefixed.finditer(text) if with_digits else ():
        kind = "improvement" if re.search(r"\bby\s*$", text[m.end("metric"):m.start("num")]) else "score"
        found.append(_Candidate(m.start("num"), m.start("num"), m.end("num"), _number(m.group("num")),
                                m.group("metric"), "other", "strong", fixed_kind=kind))
    for m in lex.factor.finditer(text) if with_digits else ():
        found.append(_Candidate(m.start(), m.start("num"), m.end("num"), _number(m.group("num")),
                                "x", "x", "weak"))
    for m in lex.word_mult.finditer(text) if may_contain(_MULTIPLIER_WORDS, text) else ():
        word = (m.group("w") or "").lower()
        value = 2.0 if m.group("twice") else lex.number_words[re.sub(r"\s+", " ", word)]
        found.append(_Candidate(m.start(), m.start(), m.end(), value, "x", "x", "weak"))
    for m in lex.fraction.finditer(text) if may_contain((w.split()[0] for w in lex.fraction_words), text) else ():
        before = text[max(0, m.start() - 12):m.start()].lower()
        if not (lex.fraction_cost.match(text, m.end()) or re.search(r"\bto\s+$", before)):
            continue
        if m.group(0).lower() == m.group("f").lower() and m.group("f").lower() != "half":
            continue  # "third", "tenth" alone are ordinals ("the third stage")
        value = 1.0 / lex.fraction_words[m.group("f").lower()]
        found.append(_Candidate(m.start(), m.start(), m.end(), value, "x", "x", "fraction",
                                fixed_kind="reduction"))
    for m in lex.magnitude.finditer(text) if may_contain(("magnitude",), text) else ():
        if lex.magnitude_paren.match(text, m.end()):
            continue  # "an order of magnitude (50 times)": the explicit number is the claim
        value = 10.0 ** lex.magnitude_counts[m.group("c").lower()]
        found.append(_Candidate(m.start(), m.start(), m.end(), value, "x", "x", "magnitude"))
    # A 400-digit "number" overflows to inf, which no export (JSON, xsd:decimal) can hold: not a claim.
    found = [c for c in found if math.isfinite(c.value)]
    found.sort(key=lambda c: (c.num_start, -c.core_end))
    kept: list[_Candidate] = []
    for c in found:
        if kept and c.num_start < kept[-1].core_end:
            continue
        kept.append(c)
    return _add_range_starts(text, kept, lex)


def _add_range_starts(text: str, cands: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """"1.3-2.1x", "+1.3 and +2.9 points": the bare first number takes the unit of the second."""
    out: list[_Candidate] = []
    prev_end = 0
    for c in cands:
        window_start = max(prev_end, c.num_start - 40)
        m = lex.bare_before.search(text, window_start, c.num_start)
        if m and m.end() == c.num_start and not m.group("u") and c.strength not in ("fraction", "magnitude"):
            if not re.search(r"\b(?:from|between)\s+$", text[max(0, m.start() - 10):m.start()], re.I):
                out.append(_Candidate(m.start(), m.start(), m.end("num"), _number(m.group("num")),
                                      c.unit, c.unit_class, c.strength, fixed_kind=c.fixed_kind))
        out.append(c)
        prev_end = c.core_end
    return out


def _head(text: str, pos: int, lex: _Lexicon, limit: int = 4) -> tuple[int, str]:
    """The few words after a unit that may say what it measures ("end-to-end speedup")."""
    end = pos
    words = 0
    for t in _TOKEN.finditer(text, pos):
        tok = t.group(0)
        if tok[0] in "([{" or re.match(r"[-–—]?\d", tok):  # a bracket or the next number
            break
        word = tok.rstrip(_TRAIL)
        if word.lower() == "as" and _AS_COMPARED.match(text, t.start()):
            end = t.start() + len(word)
            words += 1
            continue
        if not word or word.lower() in lex.head_stop or _SENTENCE_BREAK.match(text, t.start() + len(word)):
            if word and word.lower() not in lex.head_stop:
                end = t.start() + len(word)
            break
        end = t.start() + len(word)
        words += 1
        if word != tok or words >= limit:
            break
    return end, text[pos:end]


def _head_span_end(window: str, lex: _Lexicon) -> int:
    """Where the claim's surface ends in its head: after the last comparison word, and before an
    "in"/"of" phrase when a comparison word precedes it ("8X reduction", not "8X reduction in memory")."""
    cut = re.search(r"\s(?:in|of)\s", window)
    for part in ((window[:cut.start()], window) if cut else (window,)):
        ends = [m.end() for rx in lex.signals.values() for m in rx.finditer(part)]
        if ends:
            return max(ends)
    return 0


def _signals(window: str, lex: _Lexicon) -> frozenset[str]:
    return frozenset(k for k, rx in lex.signals.items() if rx.search(window))


def _kind(signals: frozenset[str], unit_class: str) -> str | None:
    """The kind the words around a number give, or None when they say nothing."""
    s = signals
    if "speed_cmp" in s:
        return "speedup"
    if "speed_abs" in s and (unit_class == "x" or s & {"gain", "beat", "reduction"}):
        return "speedup"
    if "reduction" in s:
        return "reduction"
    if "decline" in s:
        return "other"  # "a 0.5% drop in accuracy": a cost the paper reports, not a gain
    if "gain" in s or ("beat" in s and unit_class != "x"):
        return "improvement"
    if "score" in s or "speed_abs" in s:
        return "improvement" if unit_class == "x" else "score"
    if "beat" in s:
        return "speedup"
    return None


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_BREAK.finditer(text, floor, pos):
        start = m.end()
    return start


def _last_words(s: str, n: int) -> str:
    toks = s.split()
    return " ".join(toks[-n:])


def _noun_phrase(text: str, start: int, lex: _Lexicon, limit: int = 6) -> tuple[int, int] | None:
    """The short phrase from ``start``: up to a preposition, a clause word or punctuation."""
    end = start
    words = 0
    for t in _TOKEN.finditer(text, start):
        tok = t.group(0)
        if tok in {"-", "--", "–", "—"} or tok[0] in "([":
            break
        word = tok.rstrip(_TRAIL)
        if not word or word.lower() in lex.baseline_stop or re.fullmatch(_NUM, word):
            break
        if word.lower() not in _NP_DANGLING:
            end = t.start() + len(word)
        words += 1
        if word != tok or words >= limit:
            break
    return (start, end) if end > start else None


def _baseline(text: str, c: _Candidate, limit: int, lex: _Lexicon) -> tuple[int, int] | None:
    tail_end = min(limit, c.head_end + 70)
    m = lex.baseline_cue.search(text, c.head_end, tail_end)
    if m and not _BASELINE_GAP_BREAK.search(text, c.head_end, m.start()):
        span = _noun_phrase(text, m.end(), lex)
        if span and span[1] <= limit:
            return span
    m = lex.baseline_beat.search(c.clause_before)
    if m:
        offset = c.start - len(c.clause_before)
        return _noun_phrase(text, offset + m.start("np"), lex)
    m = _LEADING_COMPARISON.match(text, c.sentence_start, c.start)  # "Compared with Adam, ... 2.5x faster"
    if m:
        return _noun_phrase(text, m.end(), lex)
    return None


def find_claims(text: str) -> list[ClaimMatch]:
    """Every quantitative claim in ``text`` (a sentence or a passage), in text order.

    Examples
    --------
    >>> [(m.text, m.claim.kind, m.baseline) for m in find_claims(
    ...     "LServe accelerates prefilling by up to 2.9x and decoding by 1.3-2.1x over vLLM.")]
    [('up to 2.9x', 'speedup', None), ('1.3', 'speedup', 'vLLM'), ('2.1x', 'speedup', 'vLLM')]
    >>> found = find_claims("BLEU of 28.4 with one tenth of the memory")
    >>> [(m.text, m.claim.value, m.claim.unit) for m in found]
    [('28.4', 28.4, 'BLEU'), ('one tenth of the memory', 0.1, 'x')]
    """
    lex = _lexicon()
    cands = _candidates(text, lex)
    breaks = _sentence_breaks(text)
    _describe(text, cands, lex, breaks)
    _decide(text, cands, lex, breaks)
    out = []
    kept = [c for c in cands if not c.drop]
    for i, c in enumerate(kept):
        limit = kept[i + 1].start if i + 1 < len(kept) else len(text)
        sb = _SENTENCE_BREAK.search(text, c.head_end, limit)
        span = _baseline(text, c, sb.start() if sb else limit, lex)
        if span is None and i > 0 and kept[i - 1].joined_next and out[-1].baseline_span:
            span = out[-1].baseline_span
        if span is None and c.joined_next and i + 1 < len(kept):
            nxt = kept[i + 1]
            nlimit = kept[i + 2].start if i + 2 < len(kept) else len(text)
            span = _baseline(text, nxt, nlimit, lex)
        claim = Claim(c.value, c.unit, c.kind or "other", c.qualifier)
        out.append(ClaimMatch(text[c.start:c.head_end], c.start, c.head_end, claim,
                              text[span[0]:span[1]] if span else None, span))
    return out


def _sentence_breaks(text: str) -> tuple[list[int], list[int]]:
    """The end of every sentence break in ``text``, and where the look-ahead of each one ends."""
    ends, seen = [], []
    for m in _SENTENCE_BREAK_SEEN.finditer(text):
        ends.append(m.end())
        seen.append(m.start(1))
    return ends, seen


def _sentence_floor(breaks: tuple[list[int], list[int]], pos: int) -> int:
    """Where the sentence holding ``pos`` starts: the end of the last break that
    ``_SENTENCE_BREAK.finditer(text, 0, pos)`` finds (its look-ahead must end before ``pos``)."""
    ends, seen = breaks
    k = bisect.bisect_left(seen, pos)
    return ends[k - 1] if k else 0


def _describe(text: str, cands: list[_Candidate], lex: _Lexicon, breaks: tuple[list[int], list[int]]) -> None:
    """Attach to each candidate its qualifier, the words after it and the clause before it."""
    prev_end = 0
    for i, c in enumerate(cands):
        look = text[max(prev_end, c.num_start - 40):c.num_start]
        q = lex.qualifier_tail.search(look)
        if q:
            c.qualifier = _canonical_qualifier(lex, q.group("q"))
            c.start = c.num_start - (len(look) - q.start("q"))
        sent_floor = _sentence_floor(breaks, c.start)
        c.sentence_start = sent_floor
        clause = _clause_start(text, c.start, max(sent_floor, c.start - _CONTEXT_CHARS))
        c.clause_before = text[clause:c.start]
        c.near_before = _last_words(text[max(clause, prev_end):c.start], 12)
        c.prev_word = (c.clause_before.split() or [""])[-1].lower()
        c.window_end, c.head_window = _head(text, c.core_end, lex)
        c.head_first = (c.head_window.split() or [""])[0].rstrip(_TRAIL)
        c.head_signals = _signals(text[c.num_start:c.window_end], lex)
        c.head_end = c.core_end + _head_span_end(c.head_window, lex)
        if i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.core_end:nxt.num_start]
            c.joined_next = (not c.head_signals and bool(lex.joiner.match(gap))
                             and nxt.unit_class == c.unit_class)
        if not c.joined_next:
            prev_end = c.window_end


def _setup_like(text: str, c: _Candidate, lex: _Lexicon, sentence_before: str) -> bool:
    """True for sizes of the setup: "4x longer sequences", "batch size ... 2x more", "8x A100"."""
    if c.unit_class == "x":
        first = c.head_first
        if first and lex.count_head.match(first):
            return True
        if first and lex.growth.match(first):
            if c.head_signals - {"gain", "reduction"}:
                return False  # "2x more throughput"
            if lex.size_growth.match(first):
                return True
            # What grows is named after the word ("8x increase in model size") or, when nothing
            # follows, earlier in the sentence ("our batch size is 65536, which is 2x more than CLIP").
            said_after = len(c.head_window.split()) > 1
            return bool(lex.setup_nouns.search(c.head_window if said_after else sentence_before))
        return not c.head_signals and bool(lex.setup_nouns.search(c.head_window))  # "2x the batch size"
    if c.unit_class == "%":
        if re.match(r"^\s*of\b", c.head_window, re.I):
            if lex.percent_of_score.match(text, c.core_end):
                return False
            return not (_signals(c.near_before, lex) & {"reduction", "gain", "speed_cmp"})
        if not c.head_signals and lex.setup_nouns.search(c.head_window):
            return True
        if lex.setup_context.search(_last_words(c.near_before, 3)):
            return True
    return False


def _decide(text: str, cands: list[_Candidate], lex: _Lexicon, breaks: tuple[list[int], list[int]]) -> None:
    """Drop the setup numbers and give each claim its kind."""
    for c in reversed(range(len(cands))):
        cur = cands[c]
        chain = cur.head_signals
        if not _kind(chain, cur.unit_class) and cur.joined_next:
            chain = chain | cands[c + 1].chain_signals
        cur.chain_signals = chain
    prev: _Candidate | None = None
    for c in cands:
        sentence_floor = max(_sentence_floor(breaks, c.start), c.start - _CONTEXT_CHARS)
        near_sig = _signals(c.near_before, lex)
        said = bool(_kind(c.chain_signals, c.unit_class) or _kind(near_sig, c.unit_class))
        if re.search(r"\bfrom\s*$", text[max(0, c.start - 8):c.start], re.I) and re.match(
            rf"^\s*to\s+\S*{_NUM}", text[c.head_end:c.head_end + 30]
        ):
            c.drop = True  # "from 5.6 to 6.3": the starting value is not the claim
        elif c.strength in ("weak", "named", "magnitude") and not said:
            c.drop = True
        elif _setup_like(text, c, lex, text[sentence_floor:c.start]):
            c.drop = c.setup = True
        if c.drop:
            continue
        kind = c.fixed_kind or _kind(c.chain_signals, c.unit_class)
        by_near = False
        if kind is None:
            kind = _kind(near_sig, c.unit_class)
            by_near = kind is not None
        same_sentence = prev is not None and not _SENTENCE_BREAK.search(text, prev.head_end, c.start)
        if kind is None and same_sentence and prev is not None and prev.unit_class == c.unit_class:
            kind = prev.kind  # "89% and 87%": a list of the same figure
        if kind is None:
            if c.unit_class == "x":
                kind = "speedup"
            elif c.unit_class == "points" or c.prev_word == "by":
                kind = "improvement"
            else:
                kind = "score"
        if kind == "score" and c.prev_word == "by" and c.fixed_kind is None:
            near = _kind(near_sig, c.unit_class)  # "by 0.2 PPL" is a difference, not a level
            kind = near if near not in (None, "score") else "improvement"
        if by_near and kind == "improvement" and c.prev_word == "to" and c.unit_class != "x":
            kind = "score"  # "improves accuracy to 86%": the figure reached
        c.kind = kind
        prev = c
    # "4-16x smaller (batch)": the first number of a range goes with the second.
    for i in reversed(range(len(cands) - 1)):
        if cands[i].joined_next and cands[i + 1].setup and not cands[i].head_signals:
            cands[i].drop = cands[i].setup = True


def parse_claim(phrase: str) -> Claim | None:
    """The first claim in a short phrase ("up to 8.2x faster"), or None.

    Examples
    --------
    >>> parse_claim("reduces memory by 75%")
    Claim(value=75.0, unit='%', kind='reduction', qualifier=None)
    >>> parse_claim("92.3% top-1 accuracy")
    Claim(value=92.3, unit='%', kind='score', qualifier=None)
    >>> parse_claim("7B parameters") is None
    True
    >>> parse_claim("1" + "0" * 400 + "x faster") is None  # overflows a float
    True
    """
    found = find_claims(phrase)
    return found[0].claim if found else None


def _by_start(spans: list[Span]) -> tuple[list[int], list[tuple[int, int, Span]]]:
    """Spans sorted by start character (with their list position), for :func:`_starting_in`."""
    keyed = sorted((s.start_char, i, s) for i, s in enumerate(spans))
    return [k[0] for k in keyed], keyed


def _starting_in(group: tuple[list[int], list[tuple[int, int, Span]]], first: int, last: int) -> list[Span]:
    """The spans that start in ``[first, last)``, in list order: found by bisection, so that a
    text of many sentences and many spans does not compare every span with every sentence."""
    starts, keyed = group
    inside = keyed[bisect.bisect_left(starts, first):bisect.bisect_left(starts, last)]
    return [s for _, _, s in sorted(inside, key=lambda k: k[1])]


def _nearest(spans: list[Span], start: int, end: int) -> Span | None:
    best = None
    for s in spans:
        dist = max(s.start_char - end, start - s.end_char, 0)
        if best is None or dist < best[0]:
            best = (dist, s)
    return best[1] if best else None


def _surface(text: str, span: Span) -> str:
    """The exact surface of an entity span (``text`` is the Doc's text)."""
    chars = (span._.kg or {}).get("_chars")
    return text[chars[0]:chars[1]] if chars else text[span.start_char:span.end_char]


class ClaimsComponent:
    """Writes ``metric`` spans to ``doc.spans["kg_claims"]`` with value/unit/kind/qualifier/...

    Reads the spans of the types in its config's ``reads`` when earlier components wrote them:
    the dataset, task and hardware nearest the claim in its sentence, and the method named as
    its baseline.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reads = {t: key_of(t) for t in reads}

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        cols = doc_tokens(doc)
        text = cols.text
        groups = {t: _by_start(list(doc.spans[k]) if k in doc.spans else []) for t, k in self.reads.items()}
        for sent_start, sent_end in cols.sentences():
            first_char, last_char = cols.char_bounds(sent_start, sent_end)
            claims = find_claims(text[first_char:last_char])
            if not claims:
                continue
            in_sent = defaultdict(list, {t: _starting_in(group, first_char, last_char) for t, group in groups.items()})
            for m in claims:
                start, end = first_char + m.start, first_char + m.end
                span = doc.char_span(start, end, alignment_mode="expand")
                ds = _nearest(in_sent["dataset"], start, end)
                hw = _nearest(in_sent["hardware"], start, end)
                tk = _nearest(in_sent["task"], start, end)
                baseline = m.baseline
                if m.baseline_span is not None:
                    b0, b1 = (first_char + m.baseline_span[0], first_char + m.baseline_span[1])
                    methods = [s for s in in_sent["method"] if b0 <= s.start_char < b1]
                    if methods:
                        baseline = _surface(text, methods[0])
                c = m.claim
                add_entity(doc, key, span, "metric", chars=(start, end), norm=c.norm, value=c.value,
                           unit=c.unit, kind=c.kind, qualifier=c.qualifier,
                           dataset=_surface(text, ds) if ds is not None else None,
                           hardware=_surface(text, hw) if hw is not None else None,
                           task=_surface(text, tk) if tk is not None else None,
                           baseline=baseline)
        return doc


@Language.factory("kg_claims", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_claims", "reads": ["dataset", "hardware", "method", "task"]})
def make_claims(nlp: Language, name: str, spans_key: str, reads: list[str]) -> ClaimsComponent:
    """spaCy factory: ``nlp.add_pipe("kg_claims")``; attaches claims to the types it reads."""
    return ClaimsComponent(nlp, name, spans_key, reads)

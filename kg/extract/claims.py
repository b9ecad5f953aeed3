"""``kg_claims``: results as records ("85.7% top-1 accuracy on ImageNet", "up to 8.2x faster than vLLM").

A claim is a number, or a range (``low``-``high``: "1.3-2.1x", "between 5% and 10%"), with a
normalised unit (``x`` for times/×/-fold, ``%``, ``points``, ``ms``, ``s``, ``GB``, ``tokens/s``...;
none for a bare score such as "F1 of 0.89"), a ``kind`` (speedup | reduction | improvement | score |
other), a ``qualifier`` ("up to", "over", "about", "nearly", "at least"), the ``metric`` it measures
(a name of :mod:`kg.extract.claim_metrics`, or the sentence's own term: "schema compliance") with
the ``direction`` in which that metric is better, whether it is ``relative`` to a baseline (a gain,
a speedup, a reduction) or an absolute level, and, where the sentence says so, its ``baseline``
("than X", "over X", "compared to X", "X outperformed by ..."). Setup numbers (model sizes, batch
sizes, context lengths, "8-bit", "K=1", "top-1", O(n^2)) carry no such unit or are filtered by the
words around them, and are not claims.

Sentences are read through their LaTeX (:mod:`kg.extract.claim_text`): ``50\\% faster``,
``6.7\\times``, ``$\\sim$50\\%`` and ``PSNR $=15.2$`` are claims, each with a ``display`` text for
users ("~50%") and offsets into the original text.

:func:`find_claims` does the work on plain text; :func:`parse_claim` reads one phrase; the
component writes ``metric`` spans to ``doc.spans["kg_claims"]`` and attaches each claim to the
dataset, task, method and hardware its sentence names (:mod:`kg.extract.claim_attachment`, from
the spans of the components that run before it). The word lists live in ``resources/claims.json``.

Examples
--------
>>> parse_claim("up to 8.2x faster")
Claim(value=8.2, unit='x', kind='speedup', qualifier='up to', metric='speed', direction='higher', relative=True)
>>> [(m.text, m.claim.low, m.claim.value, m.claim.kind) for m in find_claims("requiring 2x to 330x fewer MACs")]
[('2x to 330x fewer', 2.0, 330.0, 'reduction')]
>>> [(m.display, m.claim.metric) for m in find_claims(r"It reaches $\\sim$50\\% accuracy")]
[('~50% accuracy', 'accuracy')]
>>> find_claims("We train 7B parameters with batch size 256 for 8-bit inference.")
[]
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entity_types import claim_relations
from kg.extract.claim_attachment import Mentioned, attach, claim_lists, figure_of, subject_method
from kg.extract.claim_metrics import Metric, MetricMention, find_metric_mentions, metric as vocabulary_metric, metric_of_unit
from kg.extract.claim_text import TextView, latex_view
from kg.extract.prefilter import may_contain
from kg.extract.spans import TITLE_SEPARATOR, add_entity, span_attrs, spans_key as key_of
from kg.extract.tokens import doc_tokens
from kg.plurals import singular_phrase

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
# Nor inside a thousands group ("1,000,000": one number, not a match attempt at each group).
_GUARD = r"(?:(?<=sim)|(?<![\w.^_{}/\\@#$]))(?<![A-WYZa-wyz_\])}]-)(?<![A-Za-z][xX]-)(?<!\d,)"
_CLAUSE_BREAK = re.compile(r"[;:]|,(?!\d)|[.!?](?=\s|$)")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+[A-Z(\[])")
_SENTENCE_BREAK_SEEN = re.compile(r"[.!?](?=\s+([A-Z(\[]))")  # the same, and where its look-ahead ends
# How far around a number its clause, sentence and words are read: real clauses are far shorter, and
# reading further would make every number of a long sentence cost the length of the sentence.
_CONTEXT_CHARS = 300
_NEAR_CHARS = 120  # the words just before a number: twelve words at most
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
    """What a claim says: ``value`` (the high end of a range ``low``-``high``) in ``unit`` (None: a
    bare score), its ``kind`` and ``qualifier``, the ``metric`` it measures and that metric's
    ``direction`` ("higher" | "lower" is better), and whether it is ``relative`` to a baseline."""

    value: float
    unit: str | None
    kind: str
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    metric: str | None = None
    direction: str | None = None
    relative: bool | None = None

    def __repr__(self) -> str:
        shown = [f"{f}={getattr(self, f)!r}" for f in ("value", "unit", "kind", "qualifier")]
        shown += [f"{f}={getattr(self, f)!r}" for f in ("low", "high", "metric", "direction", "relative")
                  if getattr(self, f) is not None]
        return f"Claim({', '.join(shown)})"

    @property
    def norm(self) -> str:
        """The key that merges equal claims: ``kind:value unit`` (``speedup:8.2x``, ``speedup:1.3-2.1x``)."""
        number = f"{self.low:g}-{self.value:g}" if self.low is not None else f"{self.value:g}"
        return f"{self.kind}:{number}{self.unit or ''}"


@dataclass(frozen=True)
class ClaimMatch:
    """A claim found in a text: exact surface ``text[start:end]``, the ``display`` text users read
    (LaTeX cleaned) and what it is compared with."""

    text: str
    start: int
    end: int
    claim: Claim
    baseline: str | None = None
    baseline_span: tuple[int, int] | None = None
    display: str = ""
    starting: bool = False  # the level a change starts from ("from 91.7% to 94.1%"): the baseline's


@dataclass
class _Candidate:
    """A number with a unit, before the words around it decide whether and what it claims."""

    start: int  # qualifier start, or the number's
    num_start: int
    core_end: int  # end of number + unit
    value: float
    unit: str | None
    unit_class: str  # x | % | points | other | bare
    strength: str  # strong | weak | named | fraction | magnitude
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
    low: float | None = None  # the first number of a range ("1.3-2.1x")
    bound: MetricMention | None = None  # the metric a bare number is a score of ("F1 of 0.89")
    metric: str | None = None
    direction: str | None = None
    sign: str = ""
    level: bool = False  # one of a pair of levels ("from 35.6% to 20.9%")
    starting: bool = False  # the first of such a pair: where the change starts
    by_gain: bool = False  # a change given "by" the number ("by 2.3%"), which the next of its list shares
    share: bool = False  # a share of a score ("retains 91% of full-cache accuracy"): relative to it


@dataclass(frozen=True)
class _Lexicon:
    single: re.Pattern[str]
    number: re.Pattern[str]
    factor: re.Pattern[str]
    word_mult: re.Pattern[str]
    fraction: re.Pattern[str]
    fraction_cost: re.Pattern[str]
    magnitude: re.Pattern[str]
    magnitude_paren: re.Pattern[str]
    qualifier_tail: re.Pattern[str]
    qualifiers: tuple[tuple[re.Pattern[str], str], ...]
    number_words: dict[str, float]
    fraction_words: dict[str, int]
    magnitude_counts: dict[str, int]
    unit_names: dict[str, str]
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
    bound_before: re.Pattern[str]
    bound_after: re.Pattern[str]
    list_gap: re.Pattern[str]
    score_phrase: re.Pattern[str]


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
        + rf"|(?P<pts>[\s-]+(?:(?:{data['point_metrics']})\s+)?(?:{data['point_units']})(?![\w]))"
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
    qualifier_tail = re.compile(rf"(?:^|(?<=[\s(\[,;:]))(?P<q>{quals})\s*(?:an?\s+)?$", re.I)
    qualifiers = tuple((re.compile(rf"^(?:{q})$", re.I), canon) for q, canon in data["qualifiers"])
    signals = {k: re.compile(rf"(?<!\w)(?:{v})(?!\w)", re.I) for k, v in data["kind_signals"].items()}
    head_stop = frozenset(data["head_stop_words"].split("|")) - frozenset(data["head_pass_words"].split("|"))
    joiner = re.compile(rf"^\s*,?\s*(?:-|–|—|to|and|or|,)?\s*(?:(?:{quals})\s*)?(?:an?\s+)?$", re.I)
    bare_before = re.compile(
        _GUARD + rf"(?P<num>{_NUM})(?P<u>[xX]|\s?\\?%)?\s*(?P<j>-|–|—|\bto\b|,?\s*\band\b|\bor\b|,)\s*\+?$"
    )
    fillers, connectors = data["bound_fillers"], data["bound_connectors"]
    # The gap patterns below are used as pattern.match(text, pos, endpos): no "^" (it would only
    # match at the start of the text), "$" matches at endpos.
    return _Lexicon(
        single=single,
        # a number that starts a token, with its sign: what a bare score looks like ("+0.14 F1")
        number=re.compile(_GUARD + rf"(?P<sign>[+±−-])?(?P<num>{_NUM})(?![\w%]|[.,]\d)"),
        factor=factor,
        word_mult=word_mult,
        fraction=fraction,
        fraction_cost=fraction_cost,
        magnitude=magnitude,
        magnitude_paren=magnitude_paren,
        qualifier_tail=qualifier_tail,
        qualifiers=qualifiers,
        number_words={k.lower(): float(v) for k, v in nw.items()},
        fraction_words={k.lower(): int(v) for k, v in fw.items()},
        magnitude_counts={k.lower(): int(v) for k, v in mc.items()},
        unit_names=dict(data["unit_names"]),
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
        # between a metric and its number: "F1 of", "AUROC", "PSNR =", "plateaus at just", "from"
        bound_before=re.compile(
            rf"\s*(?:(?:[\w.'-]+\s+){{0,3}}?(?:{connectors})\s*)?(?:(?:{fillers}|{quals})\s+)*[~≈(]?\s*$", re.I),
        # between a number and its metric: "0.2 PPL", "0.7 better perplexity"
        bound_after=re.compile(r"\s*(?:(?:better|lower|higher|worse|gains?\s+in|improvements?\s+in|in)\s+)?$", re.I),
        # between two scores of one list: ", ", " and ", " (B2), and "
        list_gap=re.compile(rf"\s*(?:(?:from|for|on|in|at|with|by|without|under|using|after)\s+(?:only\s+)?"
                            rf"(?:\d[\d.,]*\s*[A-Za-z×]\w*\s*)?[^;()\d]{{0,40}}?\s*)?(?:\([^()]{{0,40}}\)\s*)?"
                            rf"(?:[,;]\s*)?(?:(?:and|or|vs\.?|versus|compared\s+(?:to|with)|against)\s+)?"
                            rf"(?:(?:{quals})\s+)?$", re.I),
        # "identity hysteresis ratio is", "mean scores of": a score the vocabulary does not name
        score_phrase=re.compile(
            rf"(?P<name>(?:[A-Za-z][\w-]*\s+){{0,2}}(?P<noun>{data['score_nouns']}))\s+"
            rf"(?:(?P<connector>of|is|was|=|:|at)\s+)?(?:(?:{fillers})\s+)*$", re.I),
    )


def _canonical_qualifier(lex: _Lexicon, surface: str) -> str | None:
    for rx, canon in lex.qualifiers:
        if rx.match(surface.strip()):
            return canon
    return None


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _unit(m: re.Match[str], lex: _Lexicon) -> tuple[str, str, str]:
    """The normal unit, unit class and strength of a match of the single-number pattern."""
    if m.group("x") is not None:
        return "x", "x", "strong"
    if m.group("xw") is not None:
        return "x", "x", "weak"
    if m.group("pct") is not None:
        return "%", "%", "strong"
    if m.group("pts") is not None:
        return "points", "points", "strong"
    named = re.sub(r"\s+", " ", m.group("named").strip())
    return lex.unit_names.get(named, named), "other", "named"


# The first word of each fraction word ("one tenth" -> "one"), by the mapping they come from.
_FIRST_WORDS: dict[int, tuple[object, tuple[str, ...]]] = {}


def _first_words(words: dict[str, int]) -> tuple[str, ...]:
    kept = _FIRST_WORDS.get(id(words))
    if kept is None or kept[0] is not words:
        kept = _FIRST_WORDS[id(words)] = (words, tuple(w.split()[0] for w in words))
    return kept[1]


def _candidates(text: str, lex: _Lexicon, mentions: list[MetricMention]) -> list[_Candidate]:
    """Every number-with-unit in ``text`` (overlaps removed), and the bare numbers that are scores
    of a metric, before any filtering."""
    found: list[_Candidate] = []
    # Most sentences hold no digit: the patterns that need one are not run on them.
    with_digits = _DIGIT.search(text) is not None
    for m in lex.single.finditer(text) if with_digits else ():
        unit, ucls, strength = _unit(m, lex)
        c = _Candidate(m.start(), m.start(), m.end(), _number(m.group("num")), unit, ucls, strength)
        if m.start() > 0 and text[m.start() - 1] in "-−" and (m.start() == 1 or text[m.start() - 2] in " (["):
            c.start = c.num_start = m.start() - 1  # "-0.6 points": a loss
            c.value = -c.value
            c.sign = "-"
        elif m.start() > 0 and text[m.start() - 1] == "+":
            c.start = c.num_start = m.start() - 1  # "+11.9%": a gain
            c.sign = "+"
        found.append(c)
    for m in _RATIO.finditer(text) if with_digits and ":" in text else ():
        found.append(_Candidate(m.start(), m.start(), m.end(), _number(m.group("num")), "x", "x", "weak"))
    for m in lex.factor.finditer(text) if with_digits else ():
        found.append(_Candidate(m.start(), m.start("num"), m.end("num"), _number(m.group("num")),
                                "x", "x", "weak"))
    for m in lex.word_mult.finditer(text) if may_contain(_MULTIPLIER_WORDS, text) else ():
        word = (m.group("w") or "").lower()
        value = 2.0 if m.group("twice") else lex.number_words[re.sub(r"\s+", " ", word)]
        found.append(_Candidate(m.start(), m.start(), m.end(), value, "x", "x", "weak"))
    for m in lex.fraction.finditer(text) if may_contain(_first_words(lex.fraction_words), text) else ():
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
    found = _without_overlaps(found)
    if with_digits:
        found = _without_overlaps(found + _bare_scores(text, found, mentions, lex))
    return _add_range_starts(text, found, lex)


def _without_overlaps(found: list[_Candidate]) -> list[_Candidate]:
    # A 400-digit "number" overflows to inf, which no export (JSON, xsd:decimal) can hold: not a claim.
    found = sorted((c for c in found if math.isfinite(c.value) and (c.low is None or math.isfinite(c.low))),
                   key=lambda c: (c.num_start, -c.core_end))
    kept: list[_Candidate] = []
    for c in found:
        if kept and c.num_start < kept[-1].core_end:
            continue
        kept.append(c)
    return kept


# "below a 3 seconds threshold", "a 10 ms budget": a setting, not a result
_BUDGET = re.compile(r"\b(?:threshold|budget|limit|timeout|window|interval|deadline)s?\b", re.I)
_DETERMINERS = frozenset({"the", "a", "an", "our", "its", "their", "this", "these"})
# "reduces the search space by up to 10:1": a ratio
_RATIO = re.compile(_GUARD + rf"(?P<num>{_NUM})\s?:\s?1(?![\d.:])")
# a change given "by" a list: "outperforms X by 0.4%, 1.48 FID" (the number follows, within its clause)
_CHANGED_BY_BEFORE = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|improv\w*|reduc\w*|lower\w*|"
                                r"rais\w*|boost\w*|increas\w*|decreas\w*)\b[^;:]{0,80}\bby\s+(?:[^;:]{0,60},\s*)?$",
                                re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_RANGE_DASH = re.compile(r"\s*(?:-|–|—|to)\s*$")
_RANGE_DASH_AHEAD = re.compile(r"\s*(?:-|–|—|to)\s*")
_PARENTHETICAL = re.compile(r"\([^()]{0,60}\)")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w/-]*)")
_OUT_OF = re.compile(r"\bout\s+of\s+$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:\S+\s*(?:,|and)\s+)*$", re.I)
_RANGING_FROM = re.compile(r"\b(?:rang\w*|var(?:y|ies|ying)|spann\w*)\s+from\s+$", re.I)


def _bare_scores(text: str, taken: list[_Candidate], mentions: list[MetricMention],
                 lex: _Lexicon) -> list[_Candidate]:
    """Numbers without a unit that a metric claims: "F1 of 0.89", "0.2 PPL", "PSNR =15.2", "AUCs of
    0.98 (B2), 0.95 (B5)", "0.05-0.22", and "mean scores of 3.44" (a score the vocabulary lacks)."""
    busy = sorted((c.num_start, c.core_end) for c in taken)
    busy_from = [b[0] for b in busy]
    starts = [m.start for m in mentions]
    out: list[_Candidate] = []
    pending: list[_Candidate] = []  # unbound bare numbers since the last bound one
    prev: _Candidate | None = None
    busy_starts = set(busy_from)
    ends = {m.end for m in mentions}
    mention_starts = set(starts)
    for m in lex.number.finditer(text):
        start, end = m.start(), m.end()
        k = bisect.bisect_left(busy_from, end)
        if (k and busy[k - 1][1] > start) or (_YEAR.fullmatch(m.group(0)) is not None):
            continue
        if _OUT_OF.search(text, max(0, start - 12), start):
            continue  # "8 out of 9 Recall@K metrics": a count
        if start >= 2 and text[start - 1] in "<>=≤≥" and text[start - 2].isalnum() and (start - 1) not in ends:
            continue  # "varepsilon>0 accuracy", "k=5": mathematics, not a result (but "AUC=0.91" is one)
        dash = _RANGE_DASH_AHEAD.match(text, end)
        if dash and dash.end() in busy_starts:
            continue  # "by 2-5 percentage points": the low end of the next claim's range
        value = _number(m.group("num")) * (-1.0 if m.group("sign") in ("-", "−") else 1.0)
        if prev is not None and _RANGE_DASH.match(text, prev.core_end, start):
            if _FROM_BEFORE.search(text, max(0, prev.start - 60), prev.start) and not _RANGING_FROM.search(
                    text, max(0, prev.start - 30), prev.start):
                pass  # "from 5.6 to 6.3": two levels, not a range
            elif value > prev.value:
                prev.low, prev.value, prev.core_end = prev.value, value, end
                continue
        word = _NEXT_WORD.match(text, end)
        if word and word.start(1) not in mention_starts and (
                any(ch.isupper() for ch in word.group(1)) or lex.setup_nouns.fullmatch(word.group(1))):
            continue  # "at 4.5 GMACs", "with 16 layers": a number of something else
        bound = _bound_metric(text, start, end, mentions, starts, lex)
        prev_end = max(prev.core_end, prev.bound.end if prev.bound and prev.bound.start >= prev.core_end else 0) \
            if prev is not None else 0
        if bound is None and prev is not None and _alike(prev.value, value) and prev_end <= start and (
                lex.list_gap.match(text, prev_end, start) or _RANGE_DASH.match(text, prev_end, start)):
            bound = prev.bound  # the next score of a list ("0.98 (B2), 0.95 (B5)"; "+0.14 F1, peaking at +0.30")
        c = _Candidate(start, start, end, value, None, "bare", "strong", sign=m.group("sign") or "")
        if bound is None:
            pending.append(c)
            continue
        # "by 1.56 and 6.92 in BLEU": the scores listed just before a bound one share its metric
        while pending and _alike(pending[-1].value, value) and lex.list_gap.match(text, pending[-1].core_end, start):
            earlier = pending.pop()
            earlier.bound = bound
            out.append(earlier)
        pending.clear()
        c.bound = bound
        out.append(c)
        prev = c
    return sorted(out, key=lambda c: c.num_start)


def _alike(a: float, b: float) -> bool:
    """Two numbers that may be scores of one list: written alike (decimals or not) and within 10x."""
    a, b = abs(a), abs(b)
    return (a == int(a)) == (b == int(b)) and (min(a, b) == 0 or max(a, b) / min(a, b) <= 10)


def _bound_metric(text: str, start: int, end: int, mentions: list[MetricMention], starts: list[int],
                  lex: _Lexicon) -> MetricMention | None:
    """The score metric a bare number belongs to: named right after it or right before it."""
    i = bisect.bisect_left(starts, end)
    if i < len(mentions):
        after = mentions[i]
        if after.metric.score and after.start - end <= 30 and lex.bound_after.match(text, end, after.start):
            return after
    j = bisect.bisect_right(starts, start) - 1
    while j >= 0 and mentions[j].end > start:
        j -= 1
    for before in mentions[max(0, j - 3):j + 1][::-1]:
        if start - before.end > 90:
            break
        # "Mean Opinion Score (MOS) rises from", "F1 score (harmonic mean of precision and recall) from"
        gap = _PARENTHETICAL.sub(" ", text[before.end:start])
        if before.metric.score and len(gap) <= 40 and not _DIGIT.search(gap) and "(" not in gap \
                and ")" not in gap and lex.bound_before.fullmatch(gap):
            return before
    m = lex.score_phrase.search(text, max(0, start - 60), start)
    if m and not _DIGIT.search(m.group(0)) and not lex.setup_context.search(m.group("name")) and (
            m.group("connector") or m.group("noun").lower() in ("score", "scores")):  # "Average Score 15.63"
        words = m.group("name").lower().split()
        while len(words) > 1 and (words[0] in lex.head_stop or words[0] in _DETERMINERS):
            words = words[1:]
        name = " ".join(words)
        name = name[:-1] if name.endswith(("scores", "rates", "ratios")) else name
        known = vocabulary_metric(name)
        return MetricMention(m.start("name"), m.end("name"), known or Metric(name, None, True))
    return None


def _add_range_starts(text: str, cands: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """"1.3-2.1x", "2-7 times", "between 5 and 10%": a bare first number is the low end of a range;
    "+1.3 and +2.9 points", "from 70 to 85%": it is a claim of its own, with the unit of the second."""
    out: list[_Candidate] = []
    prev_end = 0
    for c in cands:
        window_start = max(prev_end, c.num_start - 40)
        m = lex.bare_before.search(text, window_start, c.num_start) if c.unit_class != "bare" else None
        if m and m.end() == c.num_start and not m.group("u") and c.strength not in ("fraction", "magnitude"):
            before = text[max(0, m.start() - 40):m.start()]
            joiner = m.group("j").lower()
            low = _number(m.group("num"))
            ranged = _RANGING_FROM.search(before) is not None
            changed = re.search(r"\bfrom\s+$", before, re.I) is not None and not ranged
            if ((joiner in ("-", "–", "—", "to") and not changed) or (joiner == "and" and re.search(
                    r"\bbetween\s+$", before, re.I))) and low < c.value:
                c.low, c.start, c.num_start = low, m.start(), m.start()
            elif not re.search(r"\bbetween\s+$", before, re.I) and (joiner != "," or c.unit_class != "x"):
                # "gains of 10.1, 7.4, and 5.9 points": every bare number of the list takes the unit
                members = [_Candidate(m.start(), m.start(), m.end("num"), low, c.unit, c.unit_class, c.strength,
                                      fixed_kind=c.fixed_kind)]
                while len(members) < 10:
                    more = lex.bare_before.search(text, max(prev_end, members[-1].num_start - 40), members[-1].num_start)
                    if not (more and more.end() == members[-1].num_start and not more.group("u")
                            and more.group("j").strip(" ,").lower() in ("", "and")):
                        break
                    members.append(_Candidate(more.start(), more.start(), more.end("num"), _number(more.group("num")),
                                              c.unit, c.unit_class, c.strength, fixed_kind=c.fixed_kind))
                out.extend(reversed(members))
        out.append(c)
        prev_end = c.core_end
    return out


def _head(text: str, pos: int, lex: _Lexicon, limit: int = 4) -> tuple[int, str]:
    """The few words after a unit that may say what it measures ("end-to-end speedup")."""
    end = pos
    words = 0
    for t in _TOKEN.finditer(text, pos, min(len(text), pos + _CONTEXT_CHARS)):
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
    for t in _TOKEN.finditer(text, start, min(len(text), start + _CONTEXT_CHARS)):
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
    >>> [(m.text, m.claim.low, m.claim.value, m.claim.kind, m.baseline) for m in find_claims(
    ...     "LServe accelerates prefilling by up to 2.9x and decoding by 1.3-2.1x over vLLM.")]
    [('up to 2.9x', None, 2.9, 'speedup', None), ('1.3-2.1x', 1.3, 2.1, 'speedup', 'vLLM')]
    >>> found = find_claims("BLEU of 28.4 with one tenth of the memory")
    >>> [(m.text, m.claim.value, m.claim.unit, m.claim.metric) for m in found]
    [('28.4', 28.4, None, 'bleu'), ('one tenth of the memory', 0.1, 'x', 'memory')]
    """
    view = latex_view(text)
    t = view.text
    lex = _lexicon()
    mentions = find_metric_mentions(t) if _DIGIT.search(t) else []
    cands = _candidates(t, lex, mentions)
    if not cands:
        return []
    if not mentions:
        mentions = find_metric_mentions(t)
    breaks = _sentence_breaks(t)
    _describe(t, cands, lex, breaks)
    _decide(t, cands, lex, breaks)
    kept = _merge_ranges(t, [c for c in cands if not c.drop], lex)
    _name_metrics(t, kept, mentions, lex)
    out: list[ClaimMatch] = []
    spans: list[tuple[int, int] | None] = []
    for i, c in enumerate(kept):
        limit = kept[i + 1].start if i + 1 < len(kept) else len(t)
        sb = _SENTENCE_BREAK.search(t, c.head_end, limit)
        span = _baseline(t, c, sb.start() if sb else limit, lex)
        if span is None and i > 0 and kept[i - 1].joined_next and spans[-1]:
            span = spans[-1]
        if span is None and c.joined_next and i + 1 < len(kept):
            nxt = kept[i + 1]
            nlimit = kept[i + 2].start if i + 2 < len(kept) else len(t)
            span = _baseline(t, nxt, nlimit, lex)
        spans.append(span)
        kind = c.kind or "other"
        relative = kind != "score" or c.unit in ("x", "points") or c.share
        claim = Claim(c.value, c.unit, kind, c.qualifier, c.low, c.value if c.low is not None else None,
                      c.metric, c.direction, relative)
        start, end = view.span(c.start, c.head_end)
        baseline_span = view.span(*span) if span else None
        out.append(ClaimMatch(text[start:end], start, end, claim,
                              text[baseline_span[0]:baseline_span[1]] if baseline_span else None, baseline_span,
                              " ".join(t[c.start:c.head_end].split()), c.starting))
    return out


def _merge_ranges(text: str, kept: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """"2x to 330x fewer", "between 5% and 10%", "ranging from 43.1% to 292.3%": one claim, a range
    (but "from 35.6% to 20.9%" is a change: two levels)."""
    out: list[_Candidate] = []
    for c in kept:
        p = out[-1] if out else None
        if p is not None and p.unit == c.unit and p.low is None and c.low is None and p.value < c.value:
            gap = text[p.core_end:c.num_start]
            before = text[max(0, p.start - 40):p.start]
            ranged = _RANGING_FROM.search(before) is not None
            changed = _FROM_BEFORE.search(before) is not None and not ranged
            if (_RANGE_DASH.match(gap) and not changed) or (
                    re.fullmatch(r"\s*and\s*", gap) and re.search(r"\bbetween\s+$", before, re.I)):
                c.low, c.start, c.num_start = p.value, p.start, p.num_start
                c.qualifier = c.qualifier or p.qualifier
                if c.kind is None or (p.kind and c.kind == "score" and p.kind != "score"):
                    c.kind = p.kind
                out[-1] = c
                continue
        out.append(c)
    return out


def _name_metrics(text: str, kept: list[_Candidate], mentions: list[MetricMention], lex: _Lexicon) -> None:
    """Name what each claim measures: the metric bound to a bare score, the one named right after the
    number ("85.7% top-1 accuracy", "2x reduction in memory") or before it in its clause ("accuracy
    of 86%", "reduces memory by 75%"), the previous figure's in a list, the unit's, "speed" for a speedup."""
    used: set[int] = set()
    starts = [m.start for m in mentions]
    prev: _Candidate | None = None
    for c in kept:
        found: MetricMention | None = c.bound
        free: str | None = None
        speed = bool(c.head_signals & {"speed_cmp"})  # "faster", "speedup": says what, speed
        by_unit = metric_of_unit(c.unit)  # "1048 FPS", "35 ms", "40 GB": the unit says what
        if found is None and by_unit is not None:
            found = MetricMention(c.num_start, c.core_end, vocabulary_metric(by_unit) or Metric(by_unit, None, False))
        if found is None:
            found = _metric_after(text, c, mentions, starts, lex)
        if found is None and not speed:
            free = _free_metric(c.head_window, lex, after_change_only=True)  # "10x increase in performance"
        if found is None and free is None and not speed:
            found = _metric_before(text, c, mentions, starts, used, prev)
        if found is None and prev is not None and prev.metric and (
                (prev.unit == c.unit and (prev.joined_next or lex.list_gap.match(text, prev.head_end, c.start)))
                or _EXPLAINED.fullmatch(text, prev.core_end, c.start)
                or (prev.starting and c.prev_word == "to")):  # "accuracy from 41% (0.8B) to 96.8%"
            c.metric, c.direction = prev.metric, prev.direction
            prev = c
            continue
        if found is None and free is None and not speed:
            free = _free_metric(c.head_window, lex) or _free_metric_before(c.clause_before, lex)
        if found is not None:
            used.add(found.start)
            c.metric, c.direction = found.metric.name, found.metric.direction
        elif free is not None:
            c.metric = free
        elif c.kind == "speedup":
            c.metric = "speed"
        if c.metric is not None and c.direction is None and (known := vocabulary_metric(c.metric)) is not None:
            c.direction = known.direction
        prev = c
    # "over 16% and 11% F1 score improvements": a figure joined to the next one measures the same
    for c, nxt in reversed(list(zip(kept, kept[1:]))):
        if c.joined_next and c.unit == nxt.unit and nxt.metric and (c.metric is None or c.metric == "speed"):
            c.metric, c.direction = nxt.metric, nxt.direction


# "a 41.3% drop in mAP (from 35.6% to ...": the figures in brackets after a claim are of its metric.
_EXPLAINED = re.compile(r"[^()\d;]{0,30}\(\s*(?:from|to|vs\.?|i\.e\.,?|e\.g\.,?)?\s*")
_AFTER_GAP = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?$")


def _metric_after(text: str, c: _Candidate, mentions: list[MetricMention], starts: list[int],
                  lex: _Lexicon) -> MetricMention | None:
    i = bisect.bisect_left(starts, c.core_end)
    if i == len(mentions) or mentions[i].start - c.core_end > 40:
        return None
    m = mentions[i]
    gap = text[c.core_end:m.start]
    words = [w.lower() for w in gap.split()]
    if _AFTER_GAP.match(gap) and not any(w in lex.head_stop and w not in ("in", "of") for w in words):
        return m
    return None


def _metric_before(text: str, c: _Candidate, mentions: list[MetricMention], starts: list[int], used: set[int],
                   prev: _Candidate | None) -> MetricMention | None:
    floor = c.start - len(c.clause_before)
    if prev is not None:
        floor = max(floor, prev.core_end)
    i = bisect.bisect_left(starts, floor)
    best = None
    for m in mentions[i:]:
        if m.end > c.start:
            break
        # a measure of cost ("tokens", "memory") names the number only from close by ("memory by 75%";
        # not "token mixing lowers performance to 76.73%")
        if m.start not in used and not _DIGIT.search(text, m.end, c.start) and (
                m.metric.score or len(text[m.end:c.start].split()) <= 2):
            best = m
    return best


def _free_metric(head_window: str, lex: _Lexicon, after_change_only: bool = False) -> str | None:
    """The sentence's own name of a measure after the number: "90% validation pass rate", "3x reduction
    in resource usage", "2x improvement in PDP", "4% in semantic scores"."""
    words = head_window.split()
    after_change = False
    if words and words[0].lower() in ("in", "of"):
        words = words[1:]
    elif len(words) > 1 and words[1].lower() in ("in", "of") and _signals(words[0], lex):
        words, after_change = words[2:], True
    if after_change_only and not after_change:
        return None
    words = [w.rstrip(_TRAIL) for w in words if w.lower() not in _DETERMINERS]
    for n in range(min(3, len(words)), 0, -1):
        phrase = " ".join(words[:n]).lower()
        if (_FREE_HEAD.search(phrase) or (after_change and n == len(words))) and not _signals(
                " ".join(words[:n - 1]), lex) and not _DIGIT.search(phrase):
            return singular_phrase(phrase)
    return None


# "reduces the L2 distance by", "improved agent performance by approximately", "boosts Tester performance by"
_CHANGED_BY = re.compile(
    r"\b(?:improv|increas|reduc|decreas|boost|lower|rais|cut|enhanc|lift|shrink|compress)\w*\s+"
    r"(?:(?:the|its|their|our|a|an)\s+)?(?:[\w-]+'s\s+)?(?P<np>(?:[\w-]+\s+){0,2}?[\w-]+)\s+"
    r"(?:(?:in|of|on|for)\s+[^,;\d]{0,40}?\s+)?by\s*(?:(?:up\s+to|over|about|approximately|nearly|almost|"
    r"roughly|around|more\s+than|at\s+least|an?)\s+)*$", re.I)


def _free_metric_before(clause_before: str, lex: _Lexicon) -> str | None:
    m = _CHANGED_BY.search(clause_before[-120:])
    if m is None or _DIGIT.search(m.group("np")):
        return None
    name = m.group("np").lower()
    if name.split()[-1] in lex.head_stop or _signals(name, lex) - {"score"}:
        return None
    known = vocabulary_metric(name)
    return known.name if known is not None else singular_phrase(name)


_FREE_HEAD = re.compile(r"(?:rate|rates|score|scores|ratio|index|coefficient|agreement|compliance|usage|"
                        r"consumption|overhead|efficiency|quality|gap|error|distance|fidelity)$")


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
        c.near_before = _last_words(text[max(clause, prev_end, c.start - _NEAR_CHARS):c.start], 12)
        c.prev_word = (c.clause_before.split() or [""])[-1].lower().lstrip("([{\"'")
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
        # "detect slips within 100 ms" is a result; "8.2x faster within 30 seconds" a budget of another
        alone = prev is None or bool(re.search(r"[,;:]", text[prev.core_end:c.start]))
        said = bool(_kind(c.chain_signals, c.unit_class) or _kind(near_sig, c.unit_class)
                    or (c.strength == "named" and c.qualifier is not None and alone and c.unit in ("ms", "s", "min")
                        and (c.unit == "ms" or c.head_first.lower() != "of")
                        and not _BUDGET.search(c.head_window)))
        if c.strength in ("weak", "named", "magnitude") and not said:
            c.drop = True
        elif c.unit_class != "bare" and _setup_like(text, c, lex, text[sentence_floor:c.start]):
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
        near = _kind(near_sig, c.unit_class)
        if kind == "score" and near in ("improvement", "reduction", "speedup") and re.match(
                r"\s*in\b", c.head_window, re.I):
            kind = near  # "an improvement of 4% in semantic scores": a gain in a score
        if "beat" in near_sig and c.prev_word == "by" and c.fixed_kind is None:
            kind = "speedup" if c.unit_class == "x" else "improvement"  # "surpasses X by 11.5%"
        if by_near and kind in ("improvement", "reduction", "other") and c.prev_word == "to" and c.unit_class != "x":
            kind = "score"  # "improves accuracy to 86%", "drops to 50.1%": the figure reached
        ranged = _RANGING_FROM.search(text, max(0, c.start - 30), c.start) is not None
        pair = re.match(rf"\s*(?:to|→|-+>)\s*[+-]?{_NUM}", text[c.core_end:c.core_end + 40])
        # "improves accuracy from 91.7% to 94.1%": 91.7% is where the change starts, the baseline's level
        c.starting = c.unit_class != "x" and not ranged and (c.prev_word == "from" or bool(
            pair and re.search(r"\((?:\s*from)?\s*$", text[max(0, c.start - 8):c.start])))
        if c.unit_class != "x" and kind in ("improvement", "reduction", "other", "speedup") and not ranged and (
                c.prev_word == "from" or (pair and re.search(r"\(\s*$", text[max(0, c.start - 3):c.start]))
                or re.search(r"\(\s*(?:to|from)\s+$", text[max(0, c.start - 8):c.start])
                or (c.prev_word == "to" and prev is not None and prev.level)):
            kind = "score"  # "from 35.6% to 20.9%", "(73.6 percent to 79.2 percent)": two levels
            c.level = True
        if c.sign == "+" and kind == "score":
            kind = "improvement"  # "+0.14 F1"
        if c.sign == "-" and c.unit_class == "bare" and kind == "score":
            kind = "other"  # "-1.26 FID w.r.t. MAGE": a change, not a level
        if kind == "score" and c.fixed_kind is None and (_CHANGED_BY_BEFORE.search(
                text, max(c.sentence_start, c.start - 160), c.start) or (
                c.prev_word == "of" and re.search(r"\b(?:gain|gains|improvement|improvements|increase|reduction|"
                                                  r"decrease|boost|drop)\s+of\s*$", c.near_before, re.I))):
            # "outperforms the previous SoTA by 0.4%, 1.48 FID, ...", "an average gain of 35.3%": changes
            kind = _kind(near_sig, c.unit_class) or "improvement"
            kind = "improvement" if kind == "score" else kind
        if prev is not None and kind == "score" and prev.kind in ("improvement", "reduction", "speedup", "other") \
                and re.fullmatch(r"\s*\(\s*", text[prev.head_end:c.start]):
            kind = prev.kind  # "improving FID by 0.34 (1.85%)": the same change, relative
        if prev is not None and prev.joined_next and prev.by_gain and c.fixed_kind is None:
            kind = prev.kind  # "outperforms X by 2.3%, 16.1%, and 1.8% accuracy": gains, like the first
            c.by_gain = True
        elif kind in ("improvement", "reduction", "speedup") and c.prev_word == "by":
            c.by_gain = True
        c.kind = kind
        prev = c
    for c in cands:  # "retains 91% of full-cache accuracy": a share of a score, not a level of it
        c.share = c.unit_class == "%" and bool(lex.percent_of_score.match(text, c.core_end))
    # "4-16x smaller (batch)": the first number of a range goes with the second.
    for i in reversed(range(len(cands) - 1)):
        if cands[i].joined_next and cands[i + 1].setup and not cands[i].head_signals:
            cands[i].drop = cands[i].setup = True


def parse_claim(phrase: str) -> Claim | None:
    """The first claim in a short phrase ("up to 8.2x faster"), or None.

    Examples
    --------
    >>> parse_claim("reduces memory by 75%")
    Claim(value=75.0, unit='%', kind='reduction', qualifier=None, metric='memory', direction='lower', relative=True)
    >>> parse_claim("92.3% top-1 accuracy")
    Claim(value=92.3, unit='%', kind='score', qualifier=None, metric='top-1 accuracy', direction='higher', relative=False)
    >>> parse_claim("2-7 times speedup")
    Claim(value=7.0, unit='x', kind='speedup', qualifier=None, low=2.0, high=7.0, metric='speed', direction='higher', relative=True)
    >>> parse_claim("7B parameters") is None
    True
    >>> parse_claim("1" + "0" * 400 + "x faster") is None  # overflows a float
    True
    """
    found = find_claims(phrase)
    return found[0].claim if found else None


def _chars(span: Span) -> tuple[int, int]:
    """The exact character offsets of an entity span (they may cut into its tokens)."""
    chars = (span_attrs(span) or {}).get("_chars")
    return (chars[0], chars[1]) if chars else (span.start_char, span.end_char)


def _proposed_method(text: str, methods: list[Span]) -> tuple[str | None, bool]:
    """The surface of the method the paper proposes, the default method of its claims: the proposed
    method its title names, else the one mentioned most often (its first surface), the first one on a tie. A paper that proposes
    none (a study of BEVFusion) defaults to the method it mentions at least twice as often as any other."""
    counts: dict[str, list[Span]] = {}
    methods = [s for s in methods if vocabulary_metric(text[slice(*_chars(s))]) is None]
    for s in methods:
        attrs = span_attrs(s) or {}
        if attrs.get("proposed"):
            counts.setdefault(attrs.get("norm") or s.text.lower(), []).append(s)
    studied = not counts
    if studied:
        for s in methods:
            counts.setdefault((span_attrs(s) or {}).get("norm") or s.text.lower(), []).append(s)
        ranked = sorted((len(v) for v in counts.values()), reverse=True)
        if len(ranked) > 1 and ranked[0] < 2 * ranked[1]:
            return None, studied  # no method stands out
    if not counts:
        return None, studied
    title = text[:max(0, text.find(TITLE_SEPARATOR))].lower()

    def in_title(spans: list[Span]) -> bool:
        return any(text[slice(*_chars(x))].lower() in title for x in spans)

    best = max(counts.values(), key=lambda spans: (in_title(spans), len(spans), -min(_chars(x)[0] for x in spans)))
    first = min(best, key=lambda x: _chars(x)[0])
    start, end = _chars(first)
    return text[start:end], studied


@dataclass(frozen=True)
class _PaperContext:
    """What a paper's claims default to: the method it proposes, and per type the only entity of
    that type the paper names (none when it names several)."""

    proposed: str | None
    only: dict[str, str]
    studied: bool = False  # the default method is the one the paper studies most, not one it proposes


def _paper_context(text: str, groups: dict[str, list[Span]]) -> _PaperContext:
    only = {}
    for etype in _MEASURED_ON:
        norms: dict[str, Span] = {}
        for s in groups.get(etype, []):
            norms.setdefault((span_attrs(s) or {}).get("norm") or s.text.lower(), s)
        if len(norms) == 1:
            start, end = _chars(next(iter(norms.values())))
            only[etype] = text[start:end]
    proposed, studied = _proposed_method(text, groups.get("method", []))
    return _PaperContext(proposed, only, studied)


# How far (in characters) around a claim its subject method is looked for.
_NEAR = 300
# The types a claim is measured on (dataset, task, hardware): each claim relation whose claim
# attribute names its target type; the method is found apart (a sentence's subject or the proposal).
_MEASURED_ON = tuple(r.target for r in claim_relations() if r.attribute == r.target and r.target != "method")


class ClaimsComponent:
    """Writes ``metric`` spans to ``doc.spans["kg_claims"]``: value (or low/high), unit, kind,
    qualifier, metric, direction, relative, the display ``label``, and what the claim is about.

    Reads the spans of the types in its config's ``reads`` when earlier components wrote them: the
    dataset, task and hardware its sentence ties it to (:func:`kg.extract.claim_attachment.attach`),
    the method it is a result of (the sentence's subject, else the method the paper proposes) and
    the method named as its baseline.
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
        groups = {t: list(doc.spans[k]) if k in doc.spans else [] for t, k in self.reads.items()}
        # every entity span by start, so a sentence finds its own by bisection (a text of many
        # sentences and many spans must not compare each span with each sentence)
        spans = sorted((*_chars(s), t) for t, group in groups.items() for s in group)
        span_starts = [x[0] for x in spans]
        context: list[_PaperContext] = []  # found once, on the first sentence with a claim
        for sent_start, sent_end in cols.sentences():
            first_char, last_char = cols.char_bounds(sent_start, sent_end)
            sentence = text[first_char:last_char]
            claims = find_claims(sentence)
            if not claims:
                continue
            if not context:
                context.append(_paper_context(text, groups))
            paper = context[0]
            inside = spans[bisect.bisect_left(span_starts, first_char):bisect.bisect_left(span_starts, last_char)]
            # a metric's name is not what a result is of or on ("a gFID of 1.38": gFID is no method)
            mentioned = [Mentioned(t, s - first_char, e - first_char, text[s:e]) for s, e, t in inside
                         if e <= last_char and vocabulary_metric(text[s:e]) is None]
            named_in = {e.type for e in mentioned}
            triples = [(m.start, m.end, m.baseline_span) for m in claims]
            attached = attach(sentence, triples, mentioned, _MEASURED_ON, groups=claim_lists(sentence, triples))
            methods = [e for e in mentioned if e.type == "method"]
            method_starts = [e.start for e in methods]
            figures_of = {f.text.lower() for t in triples if (f := figure_of(sentence, t, methods)) is not None}
            named_methods = {e.text.lower() for e in methods}
            for m, about, triple in zip(claims, attached, triples):
                start, end = first_char + m.start, first_char + m.end
                span = doc.char_span(start, end, alignment_mode="expand")
                baseline = m.baseline
                if m.baseline_span is not None:
                    b0, b1 = m.baseline_span
                    named = methods[bisect.bisect_left(method_starts, b0):bisect.bisect_left(method_starts, b1)]
                    if named:
                        baseline = named[0].text
                near = methods[bisect.bisect_left(method_starts, m.start - _NEAR):
                               bisect.bisect_left(method_starts, m.end + _NEAR)]
                subject = subject_method(sentence, triple, near)
                method = subject.text if subject is not None and subject.text != baseline else paper.proposed
                if subject is None and method is not None and (method.lower() in figures_of or (
                        paper.studied and method.lower() in named_methods)):
                    # (nor to the method a paper studies when its sentence names it but not as the
                    # subject: "our 200-epoch model reaches FID 1.05, matching the SFD-XL baseline")
                    # another figure of the sentence is that method's ("75.42% accuracy versus 68.44%
                    # for SELF-REFINE"): this one is not
                    method = None
                if m.starting:
                    method = None  # the level a change starts from is the baseline's, not the method's
                # a sentence that names no dataset (task, hardware) is about the paper's only one
                about_text = {t: about[t].text if t in about else (paper.only.get(t) if t not in named_in else None)
                              for t in _MEASURED_ON}
                c = m.claim
                add_entity(doc, key, span, "metric", chars=(start, end), norm=c.norm, label=m.display,
                           value=c.value, unit=c.unit, kind=c.kind, qualifier=c.qualifier, low=c.low, high=c.high,
                           metric=c.metric, direction=c.direction, relative=c.relative, method=method,
                           baseline=baseline, **about_text)
        return doc


@Language.factory("kg_claims", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_claims", "reads": ["dataset", "hardware", "method", "task"]})
def make_claims(nlp: Language, name: str, spans_key: str, reads: list[str]) -> ClaimsComponent:
    """spaCy factory: ``nlp.add_pipe("kg_claims")``; attaches claims to the types it reads."""
    return ClaimsComponent(nlp, name, spans_key, reads)

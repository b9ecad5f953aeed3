"""What a claim measures: metric names, their direction, and where a sentence names them.

The vocabulary (``resources/claim_metrics.jsonl``) holds one metric a line: its canonical
``name`` (lower case: ``"top-1 accuracy"``, ``"f1"``, ``"fid"``, ``"latency"``), the ``direction``
in which it is better (``"higher"`` | ``"lower"``), whether a bare number next to it is a result
(``score``: "F1 of 0.89", "FID 2.1"; cost measures such as memory or parameters need a unit),
the ``terms`` that name it in any letter case, and ``acronyms`` matched only as written ("mAP",
"EM"). :func:`find_metric_mentions` finds them in a text in one pass.

Examples
--------
>>> [(m.start, m.end, m.metric.name) for m in find_metric_mentions("85.7% Top-1 accuracy and 0.91 mAP")]
[(6, 20, 'top-1 accuracy'), (30, 33, 'map')]
>>> metric("FID").direction, metric("throughput").direction, metric("no such metric")
('lower', 'higher', None)
>>> metric_of_unit("tokens/s"), metric_of_unit("%")
('throughput', None)
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DIRECTIONS",
    "Metric",
    "MetricMention",
    "find_metric_mentions",
    "metric",
    "metric_names",
    "metric_of_unit",
]

RESOURCE = Path(__file__).with_name("resources") / "claim_metrics.jsonl"
DIRECTIONS = ("higher", "lower")

# Units that say what was measured when no metric is named ("120 tokens/s", "35 ms").
_UNIT_METRICS = {"tokens/s": "throughput", "samples/s": "throughput", "images/s": "throughput",
                 "it/s": "throughput", "FPS": "throughput", "TFLOPS": "throughput", "PFLOPS": "throughput",
                 "TOPS": "throughput", "ms": "latency", "s": "inference time", "min": "inference time",
                 "h": "training time", "GB": "memory", "MB": "memory", "TB": "memory", "dB": "psnr"}


@dataclass(frozen=True)
class Metric:
    """A metric of the vocabulary: its name, the direction in which it is better, whether a bare
    number next to it is a result."""

    name: str
    direction: str | None
    score: bool


@dataclass(frozen=True)
class MetricMention:
    """Where a text names a metric: ``text[start:end]``."""

    start: int
    end: int
    metric: Metric


def _key(term: str) -> str:
    return re.sub(r"[\s\-]+", "", term.lower())


def _part(term: str) -> str:
    return re.escape(term).replace(r"\ ", r"[\s-]*").replace(r"\-", r"[\s-]*")


def _parts(terms: list[str]) -> list[str]:
    return sorted({_part(t) for t in terms}, key=len, reverse=True)


def _pattern(terms: list[str]) -> str:
    return "|".join(_parts(terms))


@dataclass(frozen=True)
class _Vocabulary:
    by_key: dict[str, Metric]
    by_name: dict[str, Metric]
    terms: re.Pattern[str]
    acronyms: re.Pattern[str]
    # Where a term can start: a character that starts one, not after a word character or "@" (the
    # terms pattern's own first test); None when a term may start otherwise.
    term_starts: re.Pattern[str] | None = None
    # The terms pattern with only the alternatives that start with a character (lower case), in
    # their order: at a position only those can match.
    terms_by_first: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def term_matches(self, text: str) -> Iterator[re.Match[str]]:
        """``self.terms.finditer(text)``, trying the pattern only where a term can start.

        The terms pattern begins with a look-behind, so the regex engine cannot skip ahead to the
        characters that start a term: it tries every alternative (hundreds) at every character.
        The same matches come from trying it only at the positions ``term_starts`` finds, left to
        right, each past the end of the last match (the look-behind sees the text before the
        position, as it does in ``finditer``).
        """
        if self.term_starts is None:
            yield from self.terms.finditer(text)
            return
        end = 0
        by_first, terms = self.terms_by_first, self.terms
        for s in self.term_starts.finditer(text):
            at = s.start()
            if at < end:
                continue
            c = text[at]
            # A character that is not a first character, even lower-cased, but matches one under
            # re.IGNORECASE ("ſ" ~ "s", "ϰ" ~ "κ"): the whole pattern decides.
            rx = by_first.get(c) or by_first.get(c.lower()) or terms
            m = rx.match(text, at)
            if m is not None:
                yield m
                end = m.end()


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    by_key: dict[str, Metric] = {}
    by_name: dict[str, Metric] = {}
    terms: list[str] = []
    acronyms: list[str] = []
    for line in RESOURCE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        m = Metric(row["name"], row["direction"], bool(row["score"]))
        by_name[m.name] = m
        for t in [m.name, *row["terms"], *row["acronyms"]]:
            by_key.setdefault(_key(t), m)
        terms += row["terms"]
        acronyms += row["acronyms"]
    return _Vocabulary(
        by_key=by_key,
        by_name=by_name,
        # whole words; a plural "s" is allowed, "@1" and "-score" only as the terms spell them
        terms=re.compile(rf"(?<![\w@])(?:{_pattern(terms)})(?:e?s)?(?![\w@]|-\w)", re.I),
        acronyms=re.compile(rf"(?<![\w@-])(?:{_pattern(acronyms)})(?![\w@]|-\w)"),
        term_starts=_starts(terms),
        terms_by_first=_by_first(terms),
    )


def _starts(terms: list[str]) -> re.Pattern[str] | None:
    """The pattern of the positions where one of ``terms`` can start (see :class:`_Vocabulary`)."""
    if not terms or any(not t or t[0].isspace() or t[0] == "-" for t in terms):
        return None  # a term that starts with a joiner ([\s-]*) may start anywhere
    firsts = sorted({t[0] for t in terms})
    return re.compile(r"(?<![\w@])[" + "".join(re.escape(c) for c in firsts) + "]", re.I)


def _by_first(terms: list[str]) -> dict[str, re.Pattern[str]]:
    """The terms pattern cut by the lower-cased first character of its alternatives."""
    if any(not t or len(t[0].lower()) != 1 for t in terms):
        return {}  # the whole pattern everywhere
    first_of = {_part(t): t[0].lower() for t in terms}
    groups: dict[str, list[str]] = {}
    for part in _parts(terms):
        groups.setdefault(first_of[part], []).append(part)
    return {c: re.compile(rf"(?<![\w@])(?:{'|'.join(parts)})(?:e?s)?(?![\w@]|-\w)", re.I)
            for c, parts in groups.items()}


def _lookup(surface: str) -> Metric | None:
    voc = _vocabulary()
    k = _key(surface)
    for cand in (k, k[:-1] if k.endswith("s") else None, k[:-2] if k.endswith("es") else None):
        if cand and cand in voc.by_key:
            return voc.by_key[cand]
    return None


# "Recall@5", "pass@1", "nDCG@10", "Acc@0.25": a ranking or thresholded metric, named as written.
_AT_K = re.compile(r"(?<![\w@])(?:recall|precision|hits?|hr|ndcg|mrr|map|pass|acc|accuracy|success|r)@(?:\d+(?:\.\d+)?|k)(?![\w@])",
                   re.I)


def _at_k(surface: str) -> Metric:
    name = surface.lower()
    if name.startswith("map@"):  # "mAP@0.5": mean average precision at an IoU threshold
        return _vocabulary().by_name.get("map") or Metric("map", "higher", True)
    return Metric(name, "higher", True)


def find_metric_mentions(text: str) -> list[MetricMention]:
    """Every metric of the vocabulary named in ``text``, in text order, longest first where two overlap."""
    voc = _vocabulary()
    found = [MetricMention(m.start(), m.end(), _at_k(m.group(0))) for m in _AT_K.finditer(text)] if "@" in text else []
    for matches in (voc.term_matches(text), voc.acronyms.finditer(text)):
        for m in matches:
            metric_ = _lookup(m.group(0))
            if metric_ is not None:
                found.append(MetricMention(m.start(), m.end(), metric_))
    found.sort(key=lambda m: (m.start, -m.end))
    out: list[MetricMention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def metric(name: str) -> Metric | None:
    """The vocabulary's metric for a name, term or acronym (any case), or None."""
    return _lookup(name) if name else None


def metric_names() -> tuple[str, ...]:
    """Every canonical metric name of the vocabulary, in its order."""
    return tuple(_vocabulary().by_name)


def metric_of_unit(unit: str | None) -> str | None:
    """The metric a unit implies when nothing else names one ("tokens/s" -> throughput)."""
    return _UNIT_METRICS.get(unit or "")

"""Acronym definitions in running text: the Schwartz–Hearst algorithm.

"Big Little Decoder (BiLD)" defines the short form ``BiLD`` for the long form ``Big Little
Decoder``. Schwartz & Hearst (2003, *A simple algorithm for identifying abbreviation definitions in
biomedical text*) find such pairs without any dictionary: a short form in parentheses (or, when the
parentheses hold several words, the word before them) is matched character by character, right to
left, against the words before it; the first character of the short form must start a word. This is
a reimplementation of the version in scispaCy's ``abbreviation.py`` as plain functions over tokens,
so it runs on a spaCy Doc (returning Spans) or on a plain string (returning :class:`CharSpan`).

Examples
--------
>>> [(lf.text, sf.text) for lf, sf in find_abbreviations("We propose Big Little Decoder (BiLD), a framework.")]
[('Big Little Decoder', 'BiLD')]
>>> [(lf.text, sf.text) for lf, sf in find_abbreviations("we introduce FRUGAL (Full-Rank Updates with GrAdient spLitting).")]
[('Full-Rank Updates with GrAdient spLitting', 'FRUGAL')]
>>> find_abbreviations("as shown by LoRA (Hu et al., 2021)")
[]
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a string needs no spaCy: resolution reads definitions from text
    from spacy.tokens import Doc, Span

    from kg.extract.tokens import DocTokens

__all__ = ["CharSpan", "Columns", "abbreviation_offsets", "doc_abbreviation_offsets", "find_abbreviations",
           "match_long_form", "short_form_ok", "text_columns"]

# Words that may open a parenthesis before the short form: "(or URFs)", "(i.e. SC)".
_LEAD_INS = {"or", "i.e.", "i.e", "ie", "aka", "a.k.a.", "namely", "called", "e.g.", "abbreviated"}
_WORD = re.compile(r"\w+|[^\w\s]")
# More tokens than this inside the parentheses: the long form is inside, the short form before.
_MAX_SHORT_TOKENS = 3
_MAX_PAREN_TOKENS = 10


class CharSpan(NamedTuple):
    """A stretch of a plain string: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


class Columns(NamedTuple):
    """What the algorithm reads of the tokens of a text, one column each: their texts, character
    offsets and sentence numbers (:meth:`kg.extract.tokens.DocTokens.abbreviation_columns` of a
    Doc, :func:`text_columns` of a plain string)."""

    texts: Sequence[str]
    starts: Sequence[int]
    sents: Sequence[int]


def short_form_ok(short: str) -> bool:
    """Whether a string can be a short form: 2–10 characters per word, mostly letters, starts with
    a letter, has a capital letter.

    Examples
    --------
    >>> [short_form_ok(s) for s in ["NTK", "ParetoDA", "MHC^3", "the", "2021", "X"]]
    [True, True, True, False, False, False]
    """
    words = short.split()
    if not words or len(words) > 2 or not all(2 <= len(w) <= 10 for w in words):
        return False
    if sum(c.isalpha() for c in short) / len(short) < 0.5 or not short[0].isalpha():
        return False
    return any(c.isupper() for c in short)


_INITIAL_WORD = re.compile(r"[^\W_]+")
# Words a long form may hold without a letter in the short form: "Representations from Transformers".
_UNLETTERED = frozenset("of and for from the with to in on a an by via".split())


def _initials_start(short: str, candidate: str) -> int | None:
    """Where the long form starts if each capital (or digit) of ``short`` is the initial of one
    word, in order, up to the candidate's end (small words may go without one), else None.

    >>> t = "algorithms like Proximal Policy Optimization"
    >>> t[_initials_start("PPO", t):], _initials_start("PPO", "Policy Optimization") is None
    ('Proximal Policy Optimization', True)
    """
    caps = [c.lower() for c in short if c.isupper() or c.isdigit()]
    if len(caps) < 2:
        return None
    words = list(_INITIAL_WORD.finditer(candidate))
    k, w, start = len(caps) - 1, len(words) - 1, None
    while k >= 0 and w >= 0:
        word = words[w].group(0)
        if word[0].lower() == caps[k]:
            k, start = k - 1, words[w].start()
        elif start is None or word.lower() not in _UNLETTERED:
            return None
        w -= 1
    return start if k < 0 else None


def match_long_form(short: str, candidate: str, prefer_initials: bool = False) -> int | None:
    """Character offset in ``candidate`` where the long form of ``short`` starts, or None.

    With ``prefer_initials``, when the capitals of the short form are the initials of the
    candidate's last words, the long form is those words ("Proximal Policy Optimization (PPO)", not
    "Policy Optimization"): resolution reads definitions so. Otherwise, and when they are not,
    right to left, every letter or digit of the short form must be found in the candidate in
    order; the first one must also start a word of the candidate (Schwartz and Hearst).

    Examples
    --------
    >>> text = "we use the Neural Tangent Kernel"
    >>> text[match_long_form("NTK", text):]
    'Neural Tangent Kernel'
    >>> match_long_form("XYZ", text) is None
    True
    """
    if prefer_initials and (start := _initials_start(short, candidate)) is not None:
        return start
    s_i, l_i = len(short) - 1, len(candidate) - 1
    while s_i >= 0:
        ch = short[s_i].lower()
        if not ch.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (
            candidate[l_i].lower() != ch or (s_i == 0 and l_i > 0 and candidate[l_i - 1].isalnum())
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    return l_i + 1


def text_columns(text: str) -> Columns:
    """The :class:`Columns` of a plain string: words and punctuation marks, one sentence.

    >>> text_columns("LoRA (ours)").texts
    ['LoRA', '(', 'ours', ')']
    """
    words = list(_WORD.finditer(text))
    return Columns([m.group(0) for m in words], [m.start() for m in words], [0] * len(words))


def _columns_of(doc_or_text: Doc | str) -> Columns:
    if isinstance(doc_or_text, str):
        return text_columns(doc_or_text)
    from kg.extract.tokens import doc_tokens

    return doc_tokens(doc_or_text).abbreviation_columns()


def _pair(text: str, cols: Columns, long_form: range, short_form: range,
          prefer_initials: bool = False) -> tuple[int, int, int, int] | None:
    """Token-aligned (long start, long end, short start, short end) character offsets of the
    tokens ``long_form`` and ``short_form``, or None."""
    texts, starts = cols.texts, cols.starts
    if not long_form or not short_form:
        return None
    s0, s1 = starts[short_form[0]], starts[short_form[-1]] + len(texts[short_form[-1]])
    short = text[s0:s1]
    if not short_form_ok(short):
        return None
    while long_form and not any(c.isalnum() for c in texts[long_form[-1]]):
        long_form = long_form[:-1]
    if not long_form:
        return None
    l0, l1 = starts[long_form[0]], starts[long_form[-1]] + len(texts[long_form[-1]])
    cand = text[l0:l1]
    # An exponent is not spelled out in the long form: "cross-covariance (MHC^3)".
    at = match_long_form(short.split("^")[0], cand, prefer_initials)
    if at is None:
        return None
    start = next(starts[k] for k in long_form if starts[k] + len(texts[k]) > l0 + at)
    long_text = text[start:l1]
    if len(long_text) <= len(short) or short in long_text.split() or "(" in long_text or ")" in long_text:
        return None
    return start, l1, s0, s1


def abbreviation_offsets(text: str, cols: Columns,
                         prefer_initials: bool = False) -> list[tuple[int, int, int, int]]:
    """(long start, long end, short start, short end) character offsets of every definition in
    ``text``, given the :class:`Columns` of its tokens.

    Examples
    --------
    >>> text = "the Neural Tangent Kernel (NTK)"
    >>> [(text[a:b], text[c:d]) for a, b, c, d in abbreviation_offsets(text, text_columns(text))]
    [('Neural Tangent Kernel', 'NTK')]
    """
    out = []
    texts, starts, sents = cols.texts, cols.starts, cols.sents
    n = len(texts)
    for i in [i for i, t in enumerate(texts) if t == "(" and i]:
        sent = sents[i]
        j = next((k for k in range(i + 1, min(n, i + _MAX_PAREN_TOKENS + 2))
                  if texts[k] in "()" or sents[k] != sent), None)
        if j is None or j == i + 1 or (texts[j] == "(" and j > i + 1 + _MAX_SHORT_TOKENS):
            continue
        if texts[j] not in "()":
            continue
        # "LoRA (Hu et al., 2021)" nested in the parentheses: the short form is what precedes it.
        inner = range(i + 1, j)
        while inner and texts[inner[0]].lower() in _LEAD_INS:
            inner = inner[1:]
        inner = inner[:next((k for k, t in enumerate(texts[m] for m in inner) if t == ";"), len(inner))]
        if not inner:
            continue
        if len(inner) > _MAX_SHORT_TOKENS:
            # "FRUGAL (Full-Rank Updates with ...)": the short form is the word before.
            if sents[i - 1] != sent:
                continue
            pair = _pair(text, cols, inner, range(i - 1, i), prefer_initials)
            if pair:
                out.append(pair)
            continue
        if any(texts[k] == "," for k in inner):
            continue
        n_chars = sum(len(texts[k]) for k in inner)
        max_words = min(n_chars + 5, n_chars * 2)
        lo = i
        while lo > 0 and i - lo < max_words and sents[lo - 1] == sent and \
                "\n" not in text[starts[lo - 1] + len(texts[lo - 1]):starts[lo]]:
            lo -= 1
        pair = _pair(text, cols, range(lo, i), inner, prefer_initials)
        if pair:
            out.append(pair)
    return out


def doc_abbreviation_offsets(cols: DocTokens) -> list[tuple[int, int, int, int]]:
    """:func:`abbreviation_offsets` of a Doc's token columns (:class:`kg.extract.tokens.DocTokens`),
    sentences numbered as ``cols.sentences()``; computed once per Doc and shared by the components
    that read them."""
    memo = cols.__dict__
    out = memo.get("_abbreviation_offsets")
    if out is None:
        out = memo["_abbreviation_offsets"] = abbreviation_offsets(cols.text, cols.abbreviation_columns()) \
            if "(" in cols.text else []
    return out


def find_abbreviations(doc_or_text: Doc | str, prefer_initials: bool = False
                       ) -> list[tuple[Span, Span]] | list[tuple[CharSpan, CharSpan]]:
    """Every (long form, short form) pair defined in a Doc (as Spans) or a string (as CharSpans).
    ``prefer_initials``: see :func:`match_long_form` (the extractors' classifier is trained on the
    plain algorithm's long forms; resolution prefers initials).

    Pairs come in text order; the long form and the short form are both exact slices of the text
    (Span boundaries are the Doc's tokens).

    Examples
    --------
    >>> text = "We use state space models (SSMs) and the neural tangent kernel (NTK)."
    >>> [(lf.text, sf.text, text[sf.start:sf.end]) for lf, sf in find_abbreviations(text)]
    [('state space models', 'SSMs', 'SSMs'), ('neural tangent kernel', 'NTK', 'NTK')]
    """
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    pairs = abbreviation_offsets(text, _columns_of(doc_or_text), prefer_initials) if "(" in text else []
    if not isinstance(doc_or_text, str):
        doc = doc_or_text
        out_spans = []
        for l0, l1, s0, s1 in pairs:
            lf, sf = doc.char_span(l0, l1), doc.char_span(s0, s1)
            if lf is not None and sf is not None:
                out_spans.append((lf, sf))
        return out_spans
    text = doc_or_text
    return [(CharSpan(l0, l1, text[l0:l1]), CharSpan(s0, s1, text[s0:s1])) for l0, l1, s0, s1 in pairs]

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

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # a string needs no spaCy: resolution reads definitions from text
    from spacy.tokens import Doc, Span

__all__ = ["CharSpan", "Token", "abbreviation_offsets", "doc_abbreviation_offsets", "find_abbreviations",
           "match_long_form", "short_form_ok"]

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


class Token(NamedTuple):
    """What the algorithm needs of a token: its text, character offsets and sentence number."""

    text: str
    start: int
    end: int
    sent: int


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


def _tokens_of(doc_or_text: Doc | str) -> list[Token]:
    if not isinstance(doc_or_text, str):
        doc = doc_or_text
        if doc.has_annotation("SENT_START"):
            sent_of = [0] * len(doc)
            for n, sent in enumerate(doc.sents):
                sent_of[sent.start:sent.end] = [n] * (sent.end - sent.start)
            return [Token(t.text, t.idx, t.idx + len(t), sent_of[t.i]) for t in doc]
        return [Token(t.text, t.idx, t.idx + len(t), 0) for t in doc]
    return [Token(m.group(0), m.start(), m.end(), 0) for m in _WORD.finditer(doc_or_text)]


def _pair(
    text: str, toks: Sequence[Token], long_toks: Sequence[Token], short_toks: Sequence[Token],
    prefer_initials: bool = False,
) -> tuple[int, int, int, int] | None:
    """Token-aligned (long start, long end, short start, short end) character offsets, or None."""
    if not long_toks or not short_toks:
        return None
    s0, s1 = short_toks[0].start, short_toks[-1].end
    short = text[s0:s1]
    if not short_form_ok(short):
        return None
    while long_toks and not any(c.isalnum() for c in long_toks[-1].text):
        long_toks = long_toks[:-1]
    if not long_toks:
        return None
    l0, l1 = long_toks[0].start, long_toks[-1].end
    cand = text[l0:l1]
    # An exponent is not spelled out in the long form: "cross-covariance (MHC^3)".
    at = match_long_form(short.split("^")[0], cand, prefer_initials)
    if at is None:
        return None
    start = next(t.start for t in long_toks if t.end > l0 + at)
    long_form = text[start:l1]
    if len(long_form) <= len(short) or short in long_form.split() or "(" in long_form or ")" in long_form:
        return None
    return start, l1, s0, s1


def abbreviation_offsets(text: str, toks: Sequence[Token],
                         prefer_initials: bool = False) -> list[tuple[int, int, int, int]]:
    """(long start, long end, short start, short end) character offsets of every definition in
    ``text``, given its tokens (for callers that already hold them).

    Examples
    --------
    >>> text = "the Neural Tangent Kernel (NTK)"
    >>> [(text[a:b], text[c:d]) for a, b, c, d in abbreviation_offsets(text, _tokens_of(text))]
    [('Neural Tangent Kernel', 'NTK')]
    """
    out = []
    # A token sequence may carry its texts as a column (methods' lazy view): find the "(" there
    # instead of visiting every token.
    texts = getattr(toks, "texts", None)
    opens = [i for i, t in enumerate(texts if texts is not None else [t.text for t in toks]) if t == "(" and i]
    for i in opens:
        tok = toks[i]
        j = next((k for k in range(i + 1, min(len(toks), i + _MAX_PAREN_TOKENS + 2))
                  if toks[k].text in "()" or toks[k].sent != tok.sent), None)
        if j is None or j == i + 1 or (toks[j].text == "(" and j > i + 1 + _MAX_SHORT_TOKENS):
            continue
        if toks[j].text not in "()":
            continue
        # "LoRA (Hu et al., 2021)" nested in the parentheses: the short form is what precedes it.
        inner = list(toks[i + 1:j])
        while inner and inner[0].text.lower() in _LEAD_INS:
            inner = inner[1:]
        inner = inner[:next((k for k, t in enumerate(inner) if t.text == ";"), len(inner))]
        if not inner:
            continue
        if len(inner) > _MAX_SHORT_TOKENS:
            # "FRUGAL (Full-Rank Updates with ...)": the short form is the word before.
            if toks[i - 1].sent != tok.sent:
                continue
            pair = _pair(text, toks, inner, [toks[i - 1]], prefer_initials)
            if pair:
                out.append(pair)
            continue
        if any(t.text == "," for t in inner):
            continue
        n_chars = sum(len(t.text) for t in inner)
        max_words = min(n_chars + 5, n_chars * 2)
        lo = i
        while lo > 0 and i - lo < max_words and toks[lo - 1].sent == tok.sent and "\n" not in text[toks[lo - 1].end:toks[lo].start]:
            lo -= 1
        pair = _pair(text, toks, toks[lo:i], inner, prefer_initials)
        if pair:
            out.append(pair)
    return out


class _ColumnTokens(Sequence):
    """The :class:`Token` of each token of a Doc's columns, made only where the algorithm looks
    (next to a parenthesis); the texts as a column."""

    def __init__(self, cols: Any) -> None:
        self.cols = cols
        self.texts = cols.texts
        self._starts = [s for s in cols.sent_starts if s > 0] if cols.has_sents else []

    def __len__(self) -> int:
        return self.cols.n

    def _token(self, i: int) -> Token:
        cols = self.cols
        t = cols.texts[i]
        return Token(t, cols.idx[i], cols.idx[i] + len(t), bisect.bisect_right(self._starts, i))

    def __getitem__(self, k: Any) -> Any:
        if k.__class__ is int:
            return self._token(range(self.cols.n)[k])
        return [self._token(i) for i in range(self.cols.n)[k]]


def doc_abbreviation_offsets(cols: Any) -> list[tuple[int, int, int, int]]:
    """:func:`abbreviation_offsets` of a Doc's token columns (:class:`kg.extract.tokens.DocTokens`),
    sentences numbered as ``cols.sentences()``; computed once per Doc and shared by the components
    that read them."""
    memo = cols.__dict__
    out = memo.get("_abbreviation_offsets")
    if out is None:
        out = memo["_abbreviation_offsets"] = abbreviation_offsets(cols.text, _ColumnTokens(cols)) \
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
    pairs = abbreviation_offsets(text, _tokens_of(doc_or_text), prefer_initials) if "(" in text else []
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

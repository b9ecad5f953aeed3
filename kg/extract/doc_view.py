"""A read-only view of a Doc's tokens, as the method rules (:mod:`kg.extract.methods`) read them.

spaCy builds a new Token object on every access, which dominated the running time of the rules:
:class:`_View` indexes like a Doc over the shared token columns of :mod:`kg.extract.tokens` and
makes a token object only for the positions a rule looks at. :func:`_words` splits a stretch of
tokens into words: runs without white space, split at ``/``, without edge punctuation.

A token's lexical attributes (``is_punct``, ``like_num``...) are those of its word in the vocabulary,
the same in every Doc: a :class:`LexicalCache` reads them from spaCy once per word, so a view needs
neither a column of them for every token nor a spaCy Token for every position it looks at.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from kg.extract.tokens import DocTokens


# Punctuation that may surround a name but is never part of it.
_EDGE_PUNCT = set("()[]{},.;:!?\"'`“”‘’-") | {"'s", "’s", "''", "``", "--", "..."}


class _Tok:
    """The token attributes the rules read (spaCy builds a new Token object on every access,
    which dominated the running time); made on first access to a position."""

    __slots__ = ("text", "lower_", "idx", "whitespace_", "is_space", "is_punct", "is_stop", "is_alpha", "like_num",
                 "is_lower", "i", "start", "end")

    def __len__(self) -> int:
        return len(self.text)

    def __init__(self, i: int, text: str, idx: int, ws: bool, lexical: tuple) -> None:
        self.i, self.text, self.idx, self.start, self.end = i, text, idx, idx, idx + len(text)
        self.whitespace_ = " " if ws else ""
        # lower_ and the flags, from LexicalCache
        self.lower_, self.is_punct, self.is_stop, self.is_alpha, self.like_num, self.is_lower, self.is_space = lexical


# Positions in a lexical attributes tuple (:func:`lexical_attributes`).
_PUNCT, _STOP, _ALPHA, _LIKE_NUM = 1, 2, 3, 4


def lexical_attributes(token: Token) -> tuple[str, bool, bool, bool, bool, bool, bool]:
    """``lower_`` and the flags ``is_punct``, ``is_stop``, ``is_alpha``, ``like_num``, ``is_lower``,
    ``is_space`` of a token: attributes of its lexeme, so of its text.

    Examples
    --------
    >>> import spacy
    >>> lexical_attributes(spacy.blank("en")("The")[0])
    ('the', False, True, True, False, False, False)
    """
    return (token.lower_, token.is_punct, token.is_stop, token.is_alpha, token.like_num, token.is_lower,
            token.is_space)


class LexicalCache:
    """The :func:`lexical_attributes` of the words of one vocabulary, by text, read from a token
    the first time a word is looked at; at most :attr:`size` words (then it starts over).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> cache = LexicalCache(nlp.vocab)
    >>> doc = nlp("Run 3 tests.")
    >>> cache.get(doc, 1, "3")
    ('3', False, False, False, True, False, False)
    >>> cache.for_doc(doc) is cache, cache.for_doc(spacy.blank("de")("Drei")) is cache
    (True, False)
    """

    def __init__(self, vocab: Any, size: int = 65536) -> None:
        self.vocab = vocab
        self.size = size
        self._by_text: dict[str, tuple] = {}

    def for_doc(self, doc: Doc) -> LexicalCache:
        """This cache, or a new one when ``doc`` has another vocabulary (whose words may differ)."""
        return self if doc.vocab is self.vocab else LexicalCache(doc.vocab, self.size)

    def get(self, doc: Doc, i: int, text: str) -> tuple:
        """The lexical attributes of ``doc[i]``, whose text is ``text``."""
        lexical = self._by_text.get(text)
        if lexical is None:
            if len(self._by_text) >= self.size:
                self._by_text.clear()
            lexical = self._by_text[text] = lexical_attributes(doc[i])
        return lexical


class _Slice:
    """``view[a:b]``: iterable tokens with the text of the stretch."""

    __slots__ = ("view", "start", "end")

    def __init__(self, view: _View, start: int, end: int) -> None:
        self.view, self.start, self.end = view, start, end

    def __iter__(self):
        view = self.view
        return (view.tok(i) for i in range(self.start, self.end))

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __getitem__(self, k: int | slice) -> Any:
        positions = range(self.start, self.end)[k]
        if k.__class__ is int:
            return self.view.tok(positions)
        return [self.view.tok(i) for i in positions]  # a list, as slicing a list of tokens gives

    @property
    def text(self) -> str:
        return self.view.cols.span_text(self.start, self.end)


class _Tokens(Sequence):
    """The tokens of a :class:`_View` as a sequence (made lazily), with their texts as a column."""

    def __init__(self, view: _View) -> None:
        self.view = view
        self.texts = view.texts

    def __len__(self) -> int:
        return self.view.n

    def __getitem__(self, k: Any) -> Any:
        view = self.view
        if k.__class__ is int:
            return view.tok(range(view.n)[k])
        return [view.tok(i) for i in range(view.n)[k]]


class _View:
    """A read-only view of a Doc that indexes like one, over the shared token columns; the
    per-token objects the rules read are made only for the positions they look at."""

    def __init__(self, doc: Doc, cols: DocTokens, lexicals: LexicalCache | None = None) -> None:
        self.doc = doc
        self.n = cols.n
        self.text = cols.text
        self.texts = cols.texts
        self.ws = cols.ws
        self.starts = cols.idx
        self.cols = cols
        self._lexicals = (lexicals or LexicalCache(doc.vocab)).for_doc(doc)
        self._toks: list[_Tok | None] = [None] * self.n
        self.tokens = _Tokens(self)
        self.user_data = doc.user_data

    @property
    def lowers(self) -> list[str]:
        return self.cols.lowers

    def lexical(self, i: int) -> tuple:
        """The :func:`lexical_attributes` of token ``i`` (index with ``_ALPHA``, ``_PUNCT``...)."""
        return self._lexicals.get(self.doc, i, self.texts[i])

    def tok(self, i: int) -> _Tok:
        """The token at position ``i`` (0 <= i < n)."""
        t = self._toks[i]
        if t is None:
            text = self.texts[i]
            t = self._toks[i] = _Tok(i, text, self.starts[i], self.ws[i], self._lexicals.get(self.doc, i, text))
        return t

    def __len__(self) -> int:
        return self.n

    def span_text(self, a: int, b: int) -> str:
        """``doc[a:b].text`` without making tokens."""
        a, b, _ = slice(a, b).indices(self.n)
        return self.cols.span_text(a, b)

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap characters ``start:end``."""
        starts = self.starts
        a = max(0, bisect.bisect_right(starts, start) - 1)
        b = bisect.bisect_left(starts, end)
        return range(a, b)

    def __getitem__(self, k: int | slice) -> Any:
        if k.__class__ is int:
            t = self._toks[k]  # IndexError and negative positions as a list has them
            return t if t is not None else self.tok(k if k >= 0 else k + self.n)
        start, stop, _ = k.indices(self.n)
        return _Slice(self, start, stop)

    def __iter__(self):
        return (self.tok(i) for i in range(self.n))


def _words(doc: Any, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges of the words in ``doc[lo:hi]``: runs without white space, split at ``/``,
    with edge punctuation and possessive ``'s`` removed."""
    if isinstance(doc, _View):
        texts = doc.texts[lo:hi]
        glued = [not w for w in doc.ws[lo:hi]]
    else:
        toks = list(doc)
        texts = [t.text for t in toks[lo:hi]]
        glued = [not t.whitespace_ for t in toks[lo:hi]]
    out = []
    i, n = 0, len(texts)
    while i < n:
        j = i
        while j + 1 < n and glued[j] and not texts[j + 1].isspace() and texts[j + 1] != "/" and texts[j] != "/":
            j += 1
        if j == i:  # a word of one token (the common case): decided by its text
            if _solo_word(texts[i]):
                out.append((i + lo, i + lo + 1))
            i += 1
            continue
        a, b = i, j + 1
        while a < b and (texts[a] in _EDGE_PUNCT or texts[a].isspace() or texts[a] == "/"):
            a += 1
        while b > a and (texts[b - 1] in _EDGE_PUNCT or texts[b - 1] == "/"):
            b -= 1
        # "(GEMM)-based": an inner bracket splits the word; keep what precedes it.
        for k in range(a, b):
            if "(" in texts[k] or ")" in texts[k] or texts[k] in ("[", "]"):
                b = k
                break
        if a < b:
            out.append((a + lo, b + lo))
        i = j + 1
    return out


@lru_cache(maxsize=65536)
def _solo_word(text: str) -> bool:
    """Whether a token standing alone is a word for :func:`_words`: not edge punctuation, space
    or ``/``, and without a bracket."""
    if text in _EDGE_PUNCT or text.isspace() or text == "/":
        return False
    return not ("(" in text or ")" in text or text in ("[", "]"))


def _title_end(doc: Doc) -> int:
    """Index of the first abstract token (0 when the Doc is not a paper)."""
    title_len = doc.user_data.get("kg_title_len")
    if title_len is None:
        return 0
    if doc.__class__ is _View:  # the offsets column; a token object only past the title
        at = bisect.bisect_left(doc.starts, title_len)
        return next((i for i in range(at, doc.n) if not doc.tok(i).is_space), doc.n)
    for tok in doc:
        if tok.idx >= title_len and not tok.is_space:
            return tok.i
    return len(doc)


def _text(doc: Any, a: int, b: int) -> str:
    if doc.__class__ is _View:
        return doc.span_text(a, b)
    return doc[a:b].text

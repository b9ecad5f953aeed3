"""Token columns of a Doc, read once and shared by the kg components.

spaCy builds a new Python object for every ``doc[i]``, ``Doc.text`` joins every token again on each
access, and ``Span.sent`` walks the tokens to find a sentence's edges. Six components reading the
same Doc that way cost several times the tokenizer. :func:`doc_tokens` reads the columns the rules
need with one ``Doc.to_array`` call — token texts, their ``ORTH``, ``LOWER`` and ``SUFFIX`` hashes
(arrays, for rules that look tokens up by hash), offsets, trailing white space, sentence starts —
and keeps them for the Docs being processed, so the next component reuses them. ``nlp.pipe`` runs
each component over a whole batch before the next component starts, so the columns of the last
:data:`CACHE_SIZE` Docs are kept (each only while its Doc is alive).

The columns describe the Doc when they were read: components only add spans, which is why one read
serves the whole pipeline; a Doc whose length changed is read again.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Results on ImageNet. More on COCO.")
>>> cols = doc_tokens(doc)
>>> cols.text == doc.text, cols.texts[2], cols.idx[2], cols.sentence(5), cols.sentence_text(5)
(True, 'ImageNet', 11, (4, 8), 'More on COCO.')
>>> doc_tokens(doc) is cols
True
"""
from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable, Sequence
from functools import cached_property, partial
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY, SUFFIX
from spacy.tokens import Doc

if TYPE_CHECKING:
    from kg.extract.abbreviations import Columns

__all__ = ["CACHE_SIZE", "DocTokens", "Word", "claimed_tokens", "doc_tokens", "id_array", "title_token_end", "words"]

# Docs whose columns are kept: more than a batch of ``nlp.pipe`` in this package (64) or spaCy's
# default batch (1000), so every component of a pipeline finds the columns of its Doc.
CACHE_SIZE = 1024


class DocTokens:
    """The token columns of one Doc (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        # A weak reference: the cache of :func:`doc_tokens` must not keep a Doc alive.
        self._doc = weakref.ref(doc)
        self.n = len(doc)
        arr = doc.to_array([ORTH, LOWER, SUFFIX, IDX, SPACY, SENT_START]).reshape(self.n, 6)
        # Hashes as arrays, for scans that look tokens up by hash (vectorised, no Token objects).
        self.orth: np.ndarray = arr[:, 0]
        self.lower: np.ndarray = arr[:, 1]
        self.suffix: np.ndarray = arr[:, 2]
        orth = self.orth.tolist()
        idx, spacy_ws, sent_start = arr[:, 3:].T.tolist() if self.n else ([], [], [])
        self.texts: list[str] = list(map(doc.vocab.strings.__getitem__, orth))
        self.idx: list[int] = idx
        self.ws: list[bool] = list(map(bool, spacy_ws))
        self.text: str = "".join([t + " " if w else t for t, w in zip(self.texts, spacy_ws)])
        self.has_sents = doc.has_annotation("SENT_START")
        # Span.sent: a sentence starts at a token whose SENT_START is 1 (and at token 0).
        self.sent_starts: list[int] = [i for i, v in enumerate(sent_start) if v == 1] if self.has_sents else []

    @property
    def doc(self) -> Doc | None:
        """The Doc the columns were read from (None once it is gone)."""
        return self._doc()

    @cached_property
    def lowers(self) -> list[str]:
        """Lower-case token texts (spaCy's ``LOWER`` is ``str.lower``)."""
        return [t.lower() for t in self.texts]

    @cached_property
    def ends(self) -> list[int]:
        """Character offset after each token."""
        return [i + len(t) for i, t in zip(self.idx, self.texts)]

    def sentence(self, i: int) -> tuple[int, int]:
        """(start, end) token indices of the sentence of token ``i``, as ``doc[i:i+1].sent``
        (the whole Doc when it has no sentence boundaries)."""
        if not self.has_sents:
            return 0, self.n
        starts = self.sent_starts
        k = bisect.bisect_right(starts, i)
        return (starts[k - 1] if k else 0), (starts[k] if k < len(starts) else self.n)

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) token indices of every sentence, as ``doc.sents`` (one for the whole Doc
        when it has no sentence boundaries)."""
        if not self.n:
            return []
        if not self.has_sents:
            return [(0, self.n)]
        cuts = [0, *[s for s in self.sent_starts if s > 0], self.n]
        return list(zip(cuts, cuts[1:]))

    def char_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens ``start:end`` (``Span.start_char``, ``Span.end_char``)."""
        if end <= start:
            return (self.idx[start], self.idx[start]) if start < self.n else (len(self.text), len(self.text))
        return self.idx[start], self.idx[end - 1] + len(self.texts[end - 1])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        a, b = self.char_bounds(start, end)
        return self.text[a:b]

    def sentence_text(self, i: int) -> str:
        """``doc[i:i+1].sent.text``."""
        return self.span_text(*self.sentence(i))

    @cached_property
    def sentence_numbers(self) -> list[int]:
        """The number of the sentence of each token, as ``enumerate(doc.sents)`` numbers them."""
        out = [0] * self.n
        for k, (s0, s1) in enumerate(self.sentences()):
            out[s0:s1] = [k] * (s1 - s0)
        return out

    def abbreviation_columns(self) -> Columns:
        """The columns :func:`kg.extract.abbreviations.abbreviation_offsets` reads."""
        from kg.extract.abbreviations import Columns

        return Columns(self.texts, self.idx, self.sentence_numbers)

    def positions(self, ids: np.ndarray, *, attr: str = "lower") -> list[int]:
        """Indices of the tokens whose hash (``lower``, ``orth`` or ``suffix``) is in ``ids``
        (sorted, as :func:`id_array` makes them)."""
        if not self.n or not len(ids):
            return []
        return np.flatnonzero(_among(getattr(self, attr), ids)).tolist()

    def mask_cumsum(self, ids: np.ndarray) -> np.ndarray:
        """``c[i]`` = number of tokens before ``i`` whose ``LOWER`` is in ``ids`` (window counts in O(1))."""
        c = np.zeros(self.n + 1, dtype=np.int64)
        if self.n and len(ids):
            np.cumsum(_among(self.lower, ids), out=c[1:])
        return c

    def find(self, seq: Sequence[int]) -> list[int]:
        """Start indices where the ``ORTH`` hash sequence ``seq`` occurs."""
        if not seq:
            return []
        m = len(seq)
        want = list(seq)
        return [i for i in np.flatnonzero(self.orth == seq[0]).tolist() if self.orth[i:i + m].tolist() == want]

    def sentence_words(self, start: int, end: int) -> list[Word]:
        """:func:`words` of tokens ``start:end`` (a sentence), computed once per Doc and range."""
        cache = self.__dict__.setdefault("_words", {})
        key = (start, end)
        if key not in cache:
            cache[key] = words(self, start, end)
        return cache[key]


# The columns of the Docs read last, by ``id(doc)``, oldest first (a dict keeps insertion order).
_cache: dict[int, DocTokens] = {}


def _forget(key: int):
    """A weak-reference callback that drops the columns cached under ``key`` when their Doc is
    freed (it is passed the reference, so it holds no columns: no reference cycle)."""

    def callback(ref: weakref.ref) -> None:
        cols = _cache.get(key)
        if cols is not None and cols._doc is ref:
            del _cache[key]

    return callback


def doc_tokens(doc: Doc) -> DocTokens:
    """The columns of ``doc``, read now or reused from the component that read them before."""
    key = id(doc)
    cols = _cache.get(key)
    if cols is not None and cols.doc is doc and cols.n == len(doc):
        return cols
    cols = DocTokens(doc)
    _cache.pop(key, None)  # re-inserted last: the newest entry
    _cache[key] = cols
    cols._doc = weakref.ref(doc, _forget(key))
    if len(_cache) > CACHE_SIZE:
        del _cache[next(iter(_cache))]
    return cols


def _among(hashes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whether each of ``hashes`` is in ``ids`` (sorted, not empty), by one binary search each."""
    k = np.searchsorted(ids, hashes)
    k[k == len(ids)] = 0
    return ids[k] == hashes


def id_array(ids: Iterable[int]) -> np.ndarray:
    """Hashes as a sorted array, the form :meth:`DocTokens.positions` looks them up in."""
    return np.array(sorted(set(ids)), dtype=np.uint64)


def title_token_end(doc: Doc) -> int:
    """Index of the first token at or after the end of the title (0 when the Doc is not a paper)."""
    title_len = doc.user_data.get("kg_title_len")
    if title_len is None:
        return 0
    return bisect.bisect_left(doc_tokens(doc).idx, title_len)


def claimed_tokens(doc: Doc, keys: Iterable[str]) -> set[int]:
    """Indices of the tokens covered by the spans in ``doc.spans[key]`` for each of ``keys``."""
    out: set[int] = set()
    for key in keys:
        if key in doc.spans:
            for span in doc.spans[key]:
                out.update(range(span.start, span.end))
    return out


_WORDLIKE = re.compile(r"[^\W_](?:[\w'.+]*[^\W_])?")  # starts and ends with a letter or digit
_JOINERS = frozenset("-/")


class Word(NamedTuple):
    """Tokens ``start:end`` written without spaces and joined by hyphens or slashes ("text-to-image")."""

    start: int
    end: int
    text: str


# Word((start, end, text)) made in C: a NamedTuple's own constructor is a Python function, and
# extraction makes one Word per token of every abstract (a third of kg_tasks' time went to it).
_word = partial(tuple.__new__, Word)


def words(cols: DocTokens, start: int, end: int) -> list[Word]:
    """The words of tokens ``start:end``: tokens glued by ``-`` or ``/`` with no space around
    them form one word, as a reader sees it (spaCy splits "text-to-image" into five tokens).

    Examples
    --------
    >>> import spacy
    >>> cols = doc_tokens(spacy.blank("en")("text-to-image generation, 3D / 2D"))
    >>> [w.text for w in words(cols, 0, cols.n)]
    ['text-to-image', 'generation', ',', '3D', '/', '2D']
    """
    texts, ws = cols.texts, cols.ws
    # A joiner glues the tokens around it when it touches both and both are word-like. Two glued
    # joiners are never neighbours (a joiner is not word-like), so the words are the tokens, with
    # each run "a-b-c" of glued joiners and the tokens around them made one word.
    glued = []
    for joiner in _JOINERS if end - start >= 3 else ():  # (a glued joiner has a token on each side)
        k = start
        while True:
            try:
                k = texts.index(joiner, k + 1, end - 1)
            except ValueError:
                break
            if not ws[k - 1] and not ws[k] and _WORDLIKE.fullmatch(texts[k + 1]) and _WORDLIKE.fullmatch(texts[k - 1]):
                glued.append(k)
    if not glued:  # a word per token (the common case: made in one pass)
        return list(map(_word, zip(range(start, end), range(start + 1, end + 1), texts[start:end])))
    glued.sort()
    out: list[Word] = []
    i = start  # the first token not in ``out`` yet
    g = 0
    while g < len(glued):
        a = glued[g] - 1
        b = glued[g] + 2
        g += 1
        while g < len(glued) and glued[g] == b:  # "a-b-c": the next joiner touches this word
            b = glued[g] + 2
            g += 1
        out += map(_word, zip(range(i, a), range(i + 1, a + 1), texts[i:a]))
        out.append(Word(a, b, cols.span_text(a, b)))
        i = b
    out += map(_word, zip(range(i, end), range(i + 1, end + 1), texts[i:end]))
    return out

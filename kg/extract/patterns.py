"""Tokenise phrase-matcher patterns without filling the pipeline tokenizer's cache.

spaCy's tokenizer memoises the tokens of up to ``max_cache_size`` (10,000) whitespace-separated
chunks and caches nothing once that many are stored. The kg components tokenise some 20,000
gazetteer and taxonomy spellings when they are built; done with ``nlp.tokenizer`` itself, those
spellings fill the cache, and every document afterwards is tokenised without it — four times
slower than a bare ``spacy.blank("en")``. :func:`pattern_docs` tokenises with a copy of the
tokenizer that shares the vocabulary (identical tokens, the same lexemes) but has a cache of its
own, so the pipeline's cache is left to the documents.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> [[t.text for t in d] for d in pattern_docs(nlp, ["GSM8K.", "CIFAR-10"])]
[['GSM8K.'], ['CIFAR-10']]
>>> pattern_docs(nlp, ["ImageNet"])[0].vocab is nlp.vocab
True
"""
from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

__all__ = ["EAGER_AFTER", "LazyPhraseMatcher", "activate_all", "pattern_docs", "pattern_tokenizer", "squeezed"]

# Language -> (its tokenizer when copied, the copy); a pipeline's components share one copy.
_COPIES: weakref.WeakKeyDictionary[Language, tuple[Any, Any]] = weakref.WeakKeyDictionary()
# Language -> its lazy matchers (for activate_all)
_MATCHERS: weakref.WeakKeyDictionary[Language, weakref.WeakSet[Any]] = weakref.WeakKeyDictionary()


def pattern_tokenizer(nlp: Language) -> Any:
    """A tokenizer that splits text exactly as ``nlp.tokenizer`` does, with its own cache.

    A tokenizer that is not spaCy's rule-based :class:`~spacy.tokenizer.Tokenizer` is returned as
    it is (it cannot be copied from its settings).
    """
    tok = nlp.tokenizer
    if not isinstance(tok, Tokenizer):
        return tok
    cached = _COPIES.get(nlp)
    if cached is not None and cached[0] is tok:
        return cached[1]
    copy = Tokenizer(
        nlp.vocab,
        rules=tok.rules,
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
        faster_heuristics=tok.faster_heuristics,
    )
    _COPIES[nlp] = (tok, copy)
    return copy


def pattern_docs(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """``texts`` tokenised as ``nlp`` tokenises documents, leaving ``nlp.tokenizer``'s cache alone."""
    return list(pattern_tokenizer(nlp).pipe(texts))


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# A pattern is found by the first letters and digits of its text: the first _LONG of a long one,
# the first _SHORT of a short one (one with fewer than _SHORT is added at once).
_SHORT, _LONG = 3, 6
# Documents a LazyPhraseMatcher matches before it tokenises all its patterns. Looking patterns up
# costs ~3 ms per real abstract (all matchers of the pipeline); tokenising all of them ~3.9 s CPU:
# after 500 abstracts the look-ups have cost 1.5 s and the input is large enough to need most.
EAGER_AFTER = 500


def squeezed(text: str) -> str:
    """The lower-case ASCII letters and digits of ``text``, in order: what a phrase keeps however
    it is tokenised and spaced.

    A pattern can match a document only if its squeezed text occurs in the document's: the tokens
    of a match are the pattern's tokens (their ``LOWER`` is their text lowered), with at most
    white space between them, which squeezing drops.

    Examples
    --------
    >>> squeezed("CIFAR-10"), squeezed("We evaluate on cifar 10.")
    ('cifar10', 'weevaluateoncifar10')
    """
    return _NOT_ALNUM.sub("", text.lower())


# Doc -> its squeezed text and substrings, while the Doc lives (not in Doc.user_data, which
# spaCy serialises between processes)
_GRAMS: weakref.WeakKeyDictionary[Doc, tuple[str, set[str]]] = weakref.WeakKeyDictionary()


def _doc_grams(doc: Doc) -> tuple[str, set[str]]:
    """The squeezed text of ``doc`` and its substrings of the lengths patterns are found by
    (computed once per Doc for all the matchers of a pipeline)."""
    found = _GRAMS.get(doc)
    if found is None:
        text = squeezed(doc.text)
        grams = {text[i:i + n] for n in range(_SHORT, _LONG) for i in range(len(text) - n + 1)}
        grams.update(text[i:i + _LONG] for i in range(len(text) - _LONG + 1))
        found = _GRAMS[doc] = (text, grams)
    return found


def activate_all(nlp: Language) -> int:
    """Tokenise every waiting pattern of every :class:`LazyPhraseMatcher` built for ``nlp`` (the
    fork server of the extraction workers does, so that its workers share them); returns how
    many were tokenised."""
    n = 0
    for matcher in list(_MATCHERS.get(nlp, ())):
        n += matcher.waiting
        matcher.activate_all()
    return n


class _Pattern(NamedTuple):
    key: str
    text: str
    squeezed: str
    keep: Callable[[Doc], bool] | None
    expand: Callable[[str], Iterable[str]] | None


class LazyPhraseMatcher:
    """A :class:`~spacy.matcher.PhraseMatcher` given its patterns as text, tokenised only once a
    document could hold them: building a pipeline costs nothing per pattern, and a small build
    tokenises the few hundred patterns its papers can match instead of 100,000.

    A pattern is tokenised and added when the first document whose squeezed text holds its
    squeezed text (:func:`squeezed`) is matched; a pattern too short to tell so (fewer than
    three letters and digits) is added at once. Once ``eager_after`` documents have been matched
    (a large input), the patterns still waiting are all added: matching a large input with
    every pattern costs less than looking for them document by document. Matches are those of a
    PhraseMatcher holding every pattern, in the order (start, end, key added first): the same
    whatever documents came before, in any process.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> m = LazyPhraseMatcher(nlp, "LOWER")
    >>> m.add("cifar", ["CIFAR-10", "CIFAR 10"])
    >>> m.add("imagenet", ["ImageNet"])
    >>> [(nlp.vocab.strings[k], s, e) for k, s, e in m(nlp("Results on cifar 10 and CIFAR-10."))]
    [('cifar', 2, 4), ('cifar', 5, 6)]
    >>> m.waiting
    1
    """

    def __init__(self, nlp: Language, attr: str = "LOWER", *, eager_after: int | None = None) -> None:
        self._nlp = nlp
        self._matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self._rank: dict[int, int] = {}  # key hash -> the order its key was first added in
        self._waiting: dict[str, list[_Pattern]] = {}  # first letters and digits -> patterns
        self._now: list[_Pattern] = []  # to tokenise and add before the next match
        self._eager_after = EAGER_AFTER if eager_after is None else eager_after
        self._seen = 0
        _MATCHERS.setdefault(nlp, weakref.WeakSet()).add(self)

    @property
    def waiting(self) -> int:
        """How many patterns are not tokenised yet."""
        return sum(map(len, self._waiting.values())) + len(self._now)

    def add(self, key: str, texts: Iterable[str], keep: Callable[[Doc], bool] | None = None,
            expand: Callable[[str], Iterable[str]] | None = None) -> None:
        """Add the phrases ``texts`` under ``key`` (tokenised when a document could hold them).

        With ``keep``, only the phrases whose tokens ``keep`` accepts. With ``expand``, each text
        stands for the phrases ``expand(text)``, made when they are tokenised; they must all have
        the squeezed text of the text they come from (spellings that differ in spaces and hyphens).
        """
        self._rank.setdefault(self._nlp.vocab.strings.add(key), len(self._rank))
        for text in texts:
            s = squeezed(text)
            pattern = _Pattern(key, text, s, keep, expand)
            if len(s) < _SHORT:
                self._now.append(pattern)
            else:
                self._waiting.setdefault(s[:_LONG], []).append(pattern)

    def activate_all(self) -> None:
        """Tokenise and add every pattern still waiting (as a large input will need them)."""
        for bucket in self._waiting.values():
            self._now.extend(bucket)
        self._waiting.clear()
        self._flush()

    def _flush(self) -> None:
        if not self._now:
            return
        todo, self._now = self._now, []
        phrases = [(p, text) for p in todo for text in (p.expand(p.text) if p.expand else (p.text,))]
        by_key: dict[str, list[Doc]] = {}
        for (p, _), doc in zip(phrases, pattern_docs(self._nlp, (text for _, text in phrases))):
            if p.keep is None or p.keep(doc):
                by_key.setdefault(p.key, []).append(doc)
        for key, docs in by_key.items():
            self._matcher.add(key, docs)

    def _wake(self, doc: Doc) -> None:
        """Queue the waiting patterns whose squeezed text occurs in ``doc``'s."""
        text, grams = _doc_grams(doc)
        for gram in grams.intersection(self._waiting):
            bucket = self._waiting[gram]
            rest = []
            for p in bucket:
                (self._now if p.squeezed in text else rest).append(p)
            if rest:
                self._waiting[gram] = rest
            else:
                del self._waiting[gram]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` of every match in ``doc``, as a PhraseMatcher's."""
        if self._waiting:
            self._seen += 1
            if self._seen > self._eager_after:
                self.activate_all()
            else:
                self._wake(doc)
        self._flush()
        rank = self._rank
        return sorted(self._matcher(doc), key=lambda m: (m[1], m[2], rank.get(m[0], len(rank))))

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

import weakref
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

__all__ = ["pattern_docs", "pattern_tokenizer"]

# Language -> (its tokenizer when copied, the copy); a pipeline's components share one copy.
_COPIES: weakref.WeakKeyDictionary[Language, tuple[Any, Any]] = weakref.WeakKeyDictionary()


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

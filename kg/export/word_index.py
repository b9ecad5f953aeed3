"""The page's word search: a small inverted index over names, aliases, titles and abstracts.

Built at export time and read by ``templates/search.js``, which splits a query into words the same
way (:func:`words`; a browser test compares the two) and ranks the nodes that contain them. A word
is a run of ASCII letters and digits after accents are dropped and the text lower-cased, with a
light plural stemming (``transformers`` → ``transformer``, ``studies`` → ``study``); common English
words are left out.

A name (or alias) also gives its words run together (:func:`name_words`: "CIFAR-10" is found by
"cifar10"). Each node's fields weigh differently: a word of its name counts :data:`FIELD_WEIGHTS` ``["name"]``,
of an alias ``["alias"]``, of a paper's title ``["title"]`` and of its abstract ``["abstract"]``
per occurrence (at most three). A term's postings are ``[node delta, weight, node delta, weight,
...]`` with node indices ascending and stored as differences, which keeps the JSON short.

Examples
--------
>>> words("Transformers Can Do Bayesian Inference")
['transformer', 'can', 'bayesian', 'inference']
>>> words("Schrödinger's equations, naïve U-Nets")
['schrodinger', 'equation', 'naive', 'net']
>>> index = word_index([(0, {"name": "ResNet"}), (3, {"title": "Deep residual nets", "abstract": "Residual nets."})])
>>> index["terms"], index["postings"]
(['deep', 'net', 'residual', 'resnet'], [[3, 4], [3, 5], [3, 5], [0, 8]])
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FIELD_WEIGHTS", "STOPWORDS", "name_words", "stem", "word_index", "words"]

FIELD_WEIGHTS = {"name": 8, "alias": 6, "title": 4, "abstract": 1}
_ABSTRACT_CAP = 3  # a word repeated in an abstract stops adding weight after three times
_WORD = re.compile(r"[0-9a-z]+")
_ACCENTS = re.compile("[\u0300-\u036f]")  # the combining marks search.js drops too
STOPWORDS = frozenset("""
a an and are as at be been but by do does for from has have in into is it its of on or our such than that the
their them then there these this those to was we were which while with without via also not no can may more most
over under between both each other all any using use used show shows shown based new two one how what when
""".split()) - {"can"}


def stem(word: str) -> str:
    """A word without its plural ending (the same rule as ``search.js``).

    Examples
    --------
    >>> [stem(w) for w in ["transformers", "studies", "class", "analysis", "nets", "bus"]]
    ['transformer', 'study', 'class', 'analysis', 'net', 'bus']
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The searchable words of ``text``, in order (stop words and single characters left out)."""
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return [stem(w) for w in _WORD.findall(folded) if len(w) > 1 and w not in STOPWORDS]


def name_words(name: str) -> list[str]:
    """The searchable words of a name: its words, and its letters and digits run together, so that
    "CIFAR10" and "ResNet50" find "CIFAR-10" and "ResNet-50" (spellings are not kept as aliases).

    Examples
    --------
    >>> name_words("CIFAR-10"), name_words("ResNet")
    (['cifar', '10', 'cifar10'], ['resnet'])
    """
    found = words(name)
    joined = "".join(_WORD.findall(_ACCENTS.sub("", unicodedata.normalize("NFKD", name)).lower()))
    if len(found) > 1 and len(joined) > 1:
        found.append(stem(joined))
    return found


def word_index(docs: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, list[Any]]:
    """``{"terms": [...], "postings": [...]}`` for documents given as ``(node index, fields)``.

    ``fields`` maps a field name of :data:`FIELD_WEIGHTS` to a text (``alias`` to a list of texts).
    Terms are sorted, so the page can find the terms a query word starts with by binary search.
    """
    weights: dict[str, dict[int, int]] = defaultdict(dict)
    for node, fields in docs:
        found: dict[str, int] = defaultdict(int)
        abstract: dict[str, int] = defaultdict(int)
        for field, value in fields.items():
            texts = value if isinstance(value, (list, tuple)) else [value]
            for text in texts:
                if not isinstance(text, str):
                    continue
                found_words = name_words(text) if field in ("name", "alias") else words(text)
                for w in set(found_words) if field != "abstract" else found_words:
                    if field == "abstract":
                        abstract[w] += 1
                    else:
                        found[w] = max(found[w], FIELD_WEIGHTS[field])
        for w, count in abstract.items():
            found[w] += min(count, _ABSTRACT_CAP) * FIELD_WEIGHTS["abstract"]
        for w, weight in found.items():
            weights[w][node] = weight
    terms = sorted(weights)
    postings = []
    for term in terms:
        flat, last = [], 0
        for node in sorted(weights[term]):
            flat += [node - last, weights[term][node]]
            last = node
        postings.append(flat)
    return {"terms": terms, "postings": postings}

"""How names are compared when entities are resolved: spellings, plurals, generic heads, versions.

:func:`name_key` is the key under which spellings of one name coincide (case, hyphens, spaces,
a glued version mark "V2", British "-ise-" spellings, a plural (:func:`kg.plurals.singular`), a trailing period: "Transformers", "transformer", "Trans-former" do not — only the
first two); :func:`without_generic_head` drops a head noun that adds nothing ("Adam optimizer",
"the ImageNet dataset"); :func:`version_of` splits a versioned name into its family and the
version ("Llama 2 7B" → "Llama 2", "GPT-4o" → "GPT"), so versions stay entities of their own,
linked to their family.

Examples
--------
>>> name_key("Transformers"), name_key("transformer"), name_key("Low-Rank Adaptation"), name_key("LLMs")
('transformer', 'transformer', 'lowrankadaptation', 'llm')
>>> name_key("Variational Auto-Encoders") == name_key("variational autoencoder"), name_key("GPS"), name_key("GPs")
(True, 'gps', 'gp')
>>> name_key("CIFAR10") == name_key("CIFAR-10") == name_key("cifar 10"), name_key("GPT4") == name_key("GPT-4")
(True, True)
>>> name_key("MobileNetV2") == name_key("MobileNet-V2"), name_key("YOLOv8") == name_key("YOLO v8")
(True, True)
>>> name_key("Bayesian optimisation") == name_key("Bayesian Optimization"), name_key("noise"), name_key("Paris")
(True, 'noise', 'paris')
>>> without_generic_head("Adam optimizer"), without_generic_head("the ImageNet dataset"), without_generic_head("Transformer-XL")
('Adam', 'ImageNet', None)
>>> version_of("Llama 2 7B"), version_of("GPT-4o"), version_of("ResNet-50"), version_of("BERT-base"), version_of("Transformer-XL")
('Llama 2', 'GPT', 'ResNet', 'BERT', None)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.plurals import is_plural_word, singular

__all__ = ["GENERIC_HEADS", "is_plural", "name_key", "name_words", "similar_long_forms", "version_of",
           "without_generic_head"]

# Head nouns that only say what kind of thing a name is: "the Adam optimizer" is Adam.
GENERIC_HEADS = frozenset("""optimizer optimiser algorithm method approach model models architecture framework
network networks dataset datasets benchmark benchmarks corpus suite library toolkit technique system""".split())
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-_/]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_]{2})")  # "CIFAR10", "ResNet50": parts
_GLUED_V = re.compile(r"(?<=[a-z])(?=V\d)|(?<=[A-Z])(?=v\d)")  # "MobileNetV2", "YOLOv8": a version mark
_BRITISH = re.compile(r"is(ation|ations|er|ers|ed|ing)\b")  # "optimisation", "optimiser" -> -iz-
# A version: a number ("2", "3.5", "v2", "4o"), a size ("7B", "13b", "1.5M"), a standard size word.
_VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[bmkt]|base|large|small|tiny|mini|medium|huge|nano)$",
                      re.IGNORECASE)
_PARTS = re.compile(r"([\s\-_]+)")
_GLUED_VERSION = re.compile(r"^(.*?[A-Za-z])(v?\d+(?:\.\d+)*[a-z]?)$")


@lru_cache(maxsize=1 << 16)
def name_words(text: str) -> tuple[str, ...]:
    """The words of a name as spellings of it share them: accents, case, a leading article, the
    plural of the last word and British "-ise-" dropped; letters and digits apart ("CIFAR10")."""
    t = text
    if not t.isascii():  # (ASCII has no accents to take off)
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.strip().strip(".,;:")
    t = _LETTER_DIGIT.sub(" ", _GLUED_V.sub(" ", _ARTICLE.sub("", t)))
    words = [w for w in _SEPARATORS.split(t) if w]
    if words:
        words[-1] = singular(words[-1])
    words = [w.casefold() for w in words]
    return tuple(_BRITISH.sub(r"iz\1", w) if "is" in w else w for w in words)  # most words have no "is"


def name_key(text: str) -> str:
    """The key under which spellings of one name coincide: its :func:`name_words` run together, so
    spaces and hyphens do not count either ("Auto-Encoders", "autoencoder")."""
    return "".join(name_words(text))


def is_plural(text: str) -> bool:
    """Whether a name's last word is a plural ("Transformers", "LLMs").

    >>> is_plural("Transformers"), is_plural("Transformer"), is_plural("Gaussian process")
    (True, False, False)
    """
    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    return bool(words) and is_plural_word(words[-1])


def without_generic_head(text: str) -> str | None:
    """``text`` without a trailing generic head noun (and a leading article), or None when it has
    none or nothing would be left."""
    t = _ARTICLE.sub("", text.strip())
    words = t.split()
    if len(words) < 2 or words[-1].lower() not in GENERIC_HEADS:
        return None
    return " ".join(words[:-1]).rstrip(" -")


def version_of(text: str) -> str | None:
    """The family of a versioned name (the name without its last version part), or None.

    A version is a number, "v2", a size ("7B") or a size word ("base", "large"); "Transformer-XL"
    and "Mamba" have none. "GPT-4o" is a version of GPT, "Llama 2 7B" of Llama 2, "YOLOv8" of YOLO.
    """
    parts = _PARTS.split(text.strip())
    if len(parts) >= 3:  # "Llama 2 7B": family "Llama 2", version "7B"
        family, version = "".join(parts[:-2]), parts[-1]
    elif (m := _GLUED_VERSION.match(text.strip())) is not None:  # "YOLOv8", "GPT4"
        family, version = m.group(1), m.group(2)
    else:
        return None
    if not _VERSION.match(version) or not any(c.isalpha() for c in family) or len(family) < 2:
        return None
    return family


def similar_long_forms(a: str, b: str) -> bool:
    """Whether two long forms of one acronym spell the same name: equal keys, or word by word the
    same words, in other forms ("Low Rank Adapters" ~ "Low-Rank Adaptation") or misspelt
    ("Stochastic Gradient Decent" ~ "Stochastic Gradient Descent").

    Examples
    --------
    >>> similar_long_forms("Stochastic Gradient Decent", "stochastic gradient descent")
    True
    >>> similar_long_forms("Low Rank Adapters", "Low-Rank Adaptation")
    True
    >>> similar_long_forms("Segment Anything Model", "Sharpness-Aware Minimization")
    False
    >>> similar_long_forms("human trajectory prediction", "hand trajectory prediction")
    False
    """
    wa, wb = name_words(a), name_words(b)
    return "".join(wa) == "".join(wb) or (len(wa) == len(wb) and all(_same_word(x, y) for x, y in zip(wa, wb)))


STEM = 5  # words sharing their first five letters are forms of one word ("adapters", "adaptation")


def _same_word(x: str, y: str) -> bool:
    """Two words of long forms that spell one word: equal, forms of one word (a shared five-letter
    start), or a typo apart (one edit in a word of five letters or more, two from ten): "decent" and
    "descent" are, "human" and "hand", "video" and "vision" are not."""
    if x == y or (len(x) >= STEM and len(y) >= STEM and x[:STEM] == y[:STEM]):
        return True
    shorter = min(len(x), len(y))
    limit = 2 if shorter >= 10 else 1 if shorter >= 5 else 0
    return limit > 0 and _edit_distance(x, y, limit) is not None


def _edit_distance(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of ``a`` and ``b`` if at most ``limit``, else None (banded, linear)."""
    if abs(len(a) - len(b)) > limit:
        return None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        cur = [i] + [limit + 1] * len(b)
        for j in range(lo, hi + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != b[j - 1]))
        if min(cur[max(0, lo - 1):hi + 1]) > limit:
            return None
        prev = cur
    return prev[len(b)] if prev[len(b)] <= limit else None

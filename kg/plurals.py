"""Plurals: the singular of a word, and the key under which a name and its plural coincide.

One rule for every part of kg that compares a name with its plural (the method finder, topic
keywords, claim metrics, entity resolution), so that "Gaussian processes" is one name everywhere,
and "series", "bias" or "GPS" are never cut down to "serie", "bia" or "GP".

The singular is lemma-free and keeps the word's case: a plural ending is stripped by spelling
("-ies", "-sses", "-xes", "-ches", "-shes", "-zzes", "-yses", a few irregular ones), a word whose final "s" is no plural
mark is left alone ("process", "analysis", "corpus", "physics", "series", "species", "k-means"), and
an acronym's plural is its lower-case "s" ("LLMs", "GANs"; "GPS", "IFS" are names).

Examples
--------
>>> [singular(w) for w in ["networks", "series", "processes", "bias", "analyses", "LLMs", "GPS", "studies"]]
['network', 'series', 'process', 'bias', 'analysis', 'LLM', 'GPS', 'study']
>>> singular_phrase("Gaussian processes"), singular_key("Mini-Batches"), singular_key("Transformers")
('Gaussian process', 'mini-batch', 'transformer')
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.ids import slugify

__all__ = ["is_plural_word", "singular", "singular_key", "singular_phrase"]

# Endings of words whose final "s" is no plural mark: "process", "robustness", "corpus", "various",
# "analysis", "physics", "time series", "species", "k-means", "MovieLens", "bias", "chaos".
_INVARIANT_ENDINGS = ("ss", "us", "is", "ics", "series", "species", "means", "news", "lens", "bias", "alias",
                      "atlas", "canvas", "chaos", "cosmos", "ethos", "pathos", "kudos", "odds")
# Whole words that end in "s" and are no plurals (names, adverbs, diseases).
_INVARIANT_WORDS = frozenset("""always perhaps whereas towards afterwards nowadays sometimes besides
diabetes herpes measles rabies mumps scabies headquarters crossroads whereabouts pandas texas christmas""".split())
# Words in "-ics" that are count nouns ("two metrics"), unlike the fields ("physics", "analytics").
_COUNT_ICS = frozenset("metrics topics heuristics characteristics clinics critics epics comics lyrics relics".split())
# Nouns in "-s" whose plural adds "es": "biases", "lenses", "viruses", "surpluses".
_ES_AFTER_S = tuple(w + "es" for w in """bias alias atlas canvas lens virus status bonus campus consensus corpus
focus census genius radius stimulus syllabus apparatus thesaurus octopus cactus fetus hiatus chorus circus
nexus plus minus iris""".split())
# Nouns in "-ie" and "-che", whose plurals look like "-y" and "-ch" ones: "movies", "caches".
_IE_PLURALS = tuple(w + "s" for w in """movie cookie calorie zombie selfie rookie brownie smoothie hoodie
prairie goalie hippie freebie newbie techie foodie veggie""".split())
_CHE_PLURALS = tuple(w + "s" for w in "cache niche avalanche headache psyche cliche moustache mustache quiche".split())
_PLURALS_IN_S = _IE_PLURALS + _CHE_PLURALS  # of these the singular drops the "s" only
_PLURALS_IN_ES = ("sses", "xes", "ches", "shes", "zzes", "tzes") + _ES_AFTER_S  # and of these "es"
# Greek and Latin plurals in "-es": "analyses", "hypotheses", "diagnoses".
_SIS_PLURALS = {"yses": "ysis", "theses": "thesis", "gnoses": "gnosis"}
_LAST_WORD = re.compile(r"\S+(?=\s*$)")
_IRREGULAR = {"matrices": "matrix", "vertices": "vertex", "indices": "index", "simplices": "simplex",
              "appendices": "appendix", "axes": "axis", "crises": "crisis", "buses": "bus", "gases": "gas",
              "quizzes": "quiz", "leaves": "leaf", "halves": "half", "shelves": "shelf", "knives": "knife",
              "wolves": "wolf"}


def singular(word: str) -> str:
    """The singular of one word (case kept), or the word itself when it is no plural.

    A hyphenated word is singular in its last part ("Mini-Batches" -> "Mini-Batch"). A word of
    three letters or fewer is left alone ("bus", "has", "GPS"), except an acronym's plural ("GPs").

    Examples
    --------
    >>> [singular(w) for w in ["processes", "batches", "boxes", "meshes", "buzzes", "sizes", "caches", "movies"]]
    ['process', 'batch', 'box', 'mesh', 'buzz', 'size', 'cache', 'movie']
    >>> [singular(w) for w in ["analytics", "metrics", "corpus", "biases", "hypotheses", "matrices", "k-means"]]
    ['analytics', 'metric', 'corpus', 'bias', 'hypothesis', 'matrix', 'k-means']
    >>> [singular(w) for w in ["GANs", "GPs", "IFS", "MoEs", "A100s", "HiPPO-LegS", "Transformers", "STUDIES"]]
    ['GAN', 'GP', 'IFS', 'MoE', 'A100', 'HiPPO-LegS', 'Transformer', 'STUDIES']
    """
    head, dash, tail = word.rpartition("-")
    if head and tail:
        return head + dash + singular(tail)
    if len(word) < 3 or not word.endswith("s"):  # a plural "s" is lower case: "GPS", "HiPPO-LegS" are names
        return word
    if word[:-1].isupper() or word[-2].isupper():  # "LLMs", "GPs", "A100s", "IoUs", "MoEs"
        return word[:-1]  # an acronym's plural
    if word[-2] in "'’":  # a possessive: "model's"
        return word
    low = word.lower()
    if len(word) <= 3 or low in _INVARIANT_WORDS:
        return word
    if low in _IRREGULAR:
        return _case_like(_IRREGULAR[low], word)
    if low.endswith(_INVARIANT_ENDINGS) and not (low.endswith("ics") and low in _COUNT_ICS):
        return word
    for ending, replacement in _SIS_PLURALS.items():
        if low.endswith(ending):
            return word[:-len(ending)] + replacement
    if low.endswith(_PLURALS_IN_S):
        return word[:-1]
    if low.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if low.endswith(_PLURALS_IN_ES):
        return word[:-2]
    return word[:-1]


def _case_like(text: str, like: str) -> str:
    """``text`` in the case of ``like``: capitalised like "Matrices", or as it is."""
    return text.capitalize() if like[:1].isupper() and not like[1:2].isupper() else text


def is_plural_word(word: str) -> bool:
    """Whether a word is a plural (its :func:`singular` differs from it).

    Examples
    --------
    >>> [is_plural_word(w) for w in ["Transformers", "LLMs", "process", "series", "GPS"]]
    [True, True, False, False, False]
    """
    return singular(word) != word


def singular_phrase(phrase: str) -> str:
    """A phrase with its last word singular: the head of an English noun phrase carries its plural.

    Examples
    --------
    >>> singular_phrase("success rates"), singular_phrase("time series"), singular_phrase("F1 scores ")
    ('success rate', 'time series', 'F1 score ')
    """
    last = _LAST_WORD.search(phrase)
    return phrase if last is None else phrase[:last.start()] + singular(last.group()) + phrase[last.end():]


@lru_cache(maxsize=65536)
def singular_key(surface: str) -> str:
    """The case- and plural-insensitive key of a surface: the slug of its :func:`singular_phrase`.

    Examples
    --------
    >>> singular_key("Transformers") == singular_key("transformer"), singular_key("LLMs"), singular_key("GPS")
    (True, 'llm', 'gps')
    >>> singular_key("Gaussian Processes"), singular_key("time series"), singular_key("bias")
    ('gaussian-process', 'time-series', 'bias')
    """
    return slugify(singular_phrase(surface))

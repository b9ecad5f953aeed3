"""The word index the page searches: which words, which weights, which order."""
from __future__ import annotations

import pytest

from kg.export.word_index import FIELD_WEIGHTS, STOPWORDS, stem, word_index, words


def postings(index: dict, term: str) -> dict[int, int]:
    """A term's postings as node -> weight (undoing the differences)."""
    flat, node, out = index["postings"][index["terms"].index(term)], 0, {}
    for delta, weight in zip(flat[::2], flat[1::2]):
        node += delta
        out[node] = weight
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("Transformers Can Do Bayesian Inference", ["transformer", "can", "bayesian", "inference"]),
    ("ResNet-50 on ImageNet-1k", ["resnet", "50", "imagenet", "1k"]),
    ("Ångström-scale naïve studies", ["angstrom", "scale", "naive", "study"]),
    ("the of and a", []),
    ("<img src=x onerror=alert(1)>", ["img", "src", "onerror", "alert"]),
])
def test_words_fold_case_and_accents_drop_stop_words_and_plurals(text, expected):
    assert words(text) == expected


def test_stemming_keeps_words_that_only_look_plural():
    found = [stem(w) for w in ("analysis", "class", "bus", "series", "gpus")]
    assert found == ["analysis", "class", "bus", "sery", "gpus"]


def test_a_field_weighs_as_declared_and_an_abstract_counts_a_word_three_times_at_most():
    index = word_index([
        (0, {"name": "Adam", "alias": ["Adam optimizer"]}),
        (2, {"title": "Adam everywhere", "abstract": "Adam. Adam. Adam. Adam. Adam."}),
        (5, {"abstract": "We train with adam."}),
    ])
    assert postings(index, "adam") == {0: FIELD_WEIGHTS["name"], 2: FIELD_WEIGHTS["title"] + 3, 5: 1}
    assert postings(index, "optimizer") == {0: FIELD_WEIGHTS["alias"]}
    assert "we" not in index["terms"] and "we" in STOPWORDS


def test_terms_are_sorted_and_the_index_is_the_same_for_the_same_input():
    docs = [(i, {"title": t}) for i, t in enumerate(["Zeta functions", "alpha go", "Beta VAE"])]
    index = word_index(docs)
    assert index["terms"] == sorted(index["terms"])
    assert index == word_index(list(reversed(docs)))


def test_the_example_corpus_index_finds_a_title_by_its_words(example_build):
    from kg.export.html import page_data

    kg, _ = example_build
    data = page_data(kg.graph)
    node = [n[0] for n in data["nodes"]].index(kg.paper("Transformers Can Do Bayesian Inference").node)
    assert node in postings(data["search"], "bayesian") and node in postings(data["search"], "transformer")

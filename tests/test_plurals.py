"""kg.plurals: one singular for every part of kg that compares a name with its plural."""
from __future__ import annotations

import pytest

from kg.plurals import is_plural_word, singular, singular_key, singular_phrase


@pytest.mark.parametrize(("word", "expected"), [
    # regular plurals
    ("networks", "network"), ("Transformers", "Transformer"), ("Llamas", "Llama"), ("causes", "cause"),
    ("databases", "database"), ("sizes", "size"),
    # -ies, -sses, -xes, -ches, -shes, -zzes
    ("studies", "study"), ("properties", "property"), ("processes", "process"), ("boxes", "box"),
    ("batches", "batch"), ("approaches", "approach"), ("meshes", "mesh"), ("buzzes", "buzz"),
    # plurals that only look like those: "-ie", "-che" and "-s" nouns
    ("movies", "movie"), ("caches", "cache"), ("biases", "bias"), ("lenses", "lens"), ("viruses", "virus"),
    # Greek, Latin and irregular plurals
    ("analyses", "analysis"), ("hypotheses", "hypothesis"), ("matrices", "matrix"), ("vertices", "vertex"),
    ("axes", "axis"), ("leaves", "leaf"),
    # acronyms: the plural "s" is lower case
    ("LLMs", "LLM"), ("GANs", "GAN"), ("GPs", "GP"), ("IoUs", "IoU"), ("MoEs", "MoE"), ("A100s", "A100"),
    # a hyphenated word is plural in its last part
    ("Mini-Batches", "Mini-Batch"), ("KV-caches", "KV-cache"), ("multi-GPUs", "multi-GPU"),
])
def test_singular_strips_a_plural_ending(word: str, expected: str):
    assert singular(word) == expected


@pytest.mark.parametrize("word", [
    # a final "s" that is no plural mark
    "series", "species", "bias", "process", "loss", "robustness", "corpus", "various", "analysis", "basis",
    "analytics", "physics", "k-means", "MovieLens", "news", "chaos", "pandas",
    # names in capitals, a capital "S", short words, possessives
    "GPS", "IFS", "HiPPO-LegS", "STUDIES", "bus", "its", "model's",
    # no "s" at all
    "network", "GPT-4", "LoRA", "data",
])
def test_singular_leaves_other_words_alone(word: str):
    assert singular(word) == word
    assert not is_plural_word(word)


def test_count_nouns_in_ics_are_plurals_unlike_fields():
    assert [singular(w) for w in ["metrics", "heuristics", "statistics", "semantics"]] == [
        "metric", "heuristic", "statistics", "semantics"]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("success rates", "success rate"), ("Gaussian processes", "Gaussian process"), ("time series", "time series"),
    ("F1 scores", "F1 score"), ("memory usage", "memory usage"), ("", ""),
])
def test_a_phrase_is_plural_in_its_last_word(phrase: str, expected: str):
    assert singular_phrase(phrase) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("Transformers", "transformer"), ("LLMs", "LLM"), ("Gaussian Processes", "gaussian process"),
    ("Mini-Batches", "mini-batch"), ("Variational Autoencoders", "variational autoencoder"),
])
def test_a_name_and_its_plural_share_a_key(a: str, b: str):
    assert singular_key(a) == singular_key(b)


@pytest.mark.parametrize(("a", "b"), [("GPS", "GP"), ("time series", "time serie"), ("bias", "bia")])
def test_different_names_keep_different_keys(a: str, b: str):
    assert singular_key(a) != singular_key(b)

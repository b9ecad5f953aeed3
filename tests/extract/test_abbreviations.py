"""Specification of the Schwartz–Hearst acronym finder (kg.extract.abbreviations)."""
from __future__ import annotations

import pytest
import spacy

from kg.extract.abbreviations import CharSpan, find_abbreviations, match_long_form, short_form_ok


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# Sentences from the bundled dev set and corpus, with the (long form, short form) pairs they define.
DEFINITIONS = [
    ("We propose Big Little Decoder (BiLD), a framework that can improve inference efficiency.",
     [("Big Little Decoder", "BiLD")]),
    ("e.g. given by the Neural Tangent Kernel (NTK)), if it is parametrized appropriately",
     [("Neural Tangent Kernel", "NTK")]),
    ("We propose a Pareto Domain Adaptation (ParetoDA) approach to control the overall optimization direction.",
     [("Pareto Domain Adaptation", "ParetoDA")]),
    ("In this paper, we introduce FRUGAL (Full-Rank Updates with GrAdient spLitting), a new memory-efficient optimization framework.",
     [("Full-Rank Updates with GrAdient spLitting", "FRUGAL")]),
    ("State space models (SSMs) have high performance on long sequence modeling.",
     [("State space models", "SSMs")]),
    ("MATSim (Multi-Agent Transport Simulation Toolkit) is an open source large-scale agent-based transportation planning project.",
     [("Multi-Agent Transport Simulation Toolkit", "MATSim")]),
    ("The standard approach to this task is logistic regression with gradient descent (LR+GD).",
     [("logistic regression with gradient descent", "LR+GD")]),
    ("we propose a multi-head convolutional cross-covariance (MHC^3) to compute second-order moments",
     [("multi-head convolutional cross-covariance", "MHC^3")]),
    ("recent approaches such as low-rank adaptation (LoRA (Hu et al., 2021)) have been proposed",
     [("low-rank adaptation", "LoRA")]),
    ("we consider a new FL paradigm called \"Anarchic Federated Learning\" (AFL) in this paper",
     [("Anarchic Federated Learning", "AFL")]),
    ("Linear relaxation based perturbation analysis (LiRPA) for neural networks computes provable bounds.",
     [("Linear relaxation based perturbation analysis", "LiRPA")]),
    ("the Structured State Space sequence model (S4) and the neural tangent kernel (NTK) regime",
     [("neural tangent kernel", "NTK")]),  # "4" is not spelled out: no pair for S4
    ("a TransNormerLLM (TNL) model", [("TransNormerLLM", "TNL")]),
    ("we introduce the mechanism of the universal random features (or URFs), applied to SNNKs",
     [("universal random features", "URFs")]),
]

# Parentheses that define nothing.
NO_DEFINITIONS = [
    "as shown by LoRA (Hu et al., 2021) and GaLore (Zhao et al., 2024).",
    "the attention computes softmax(XQK^top X^top), where (K,Q) are trainable.",
    "We reach 1.31x speedup (on average) over the baseline.",
    "accuracy improves (see Section 4) with depth",
    "the rate is O(1/K) for nonconvex functions (K iterations)",
    "the convergence rate is exp (-Omega (T)) in this case",
]


@pytest.mark.parametrize("text, pairs", DEFINITIONS)
def test_definitions_in_text(text, pairs):
    assert [(lf.text, sf.text) for lf, sf in find_abbreviations(text)] == pairs


@pytest.mark.parametrize("text, pairs", DEFINITIONS)
def test_definitions_in_doc_are_spans(nlp, text, pairs):
    found = find_abbreviations(nlp(text))
    assert [(lf.text, sf.text) for lf, sf in found] == pairs
    assert all(lf.end <= sf.start or sf.end <= lf.start for lf, sf in found)


@pytest.mark.parametrize("text", NO_DEFINITIONS)
def test_parentheses_without_definition(text):
    assert find_abbreviations(text) == []


@pytest.mark.parametrize("text, pairs", DEFINITIONS)
def test_offsets_slice_back(text, pairs):
    for lf, sf in find_abbreviations(text):
        assert isinstance(lf, CharSpan) and isinstance(sf, CharSpan)
        assert text[lf.start:lf.end] == lf.text
        assert text[sf.start:sf.end] == sf.text


def test_long_form_stays_in_its_sentence(nlp):
    doc = nlp("Results are good. Kernel Machines (KM) are studied here.")
    assert [(lf.text, sf.text) for lf, sf in find_abbreviations(doc)] == [("Kernel Machines", "KM")]


def test_long_form_does_not_cross_into_previous_sentence(nlp):
    doc = nlp("We study Deep Learning. Results (DL) follow.")
    assert find_abbreviations(doc) == []


@pytest.mark.parametrize("short, candidate, expected", [
    ("NTK", "we use the Neural Tangent Kernel", "Neural Tangent Kernel"),
    ("SP", "a new approach of sequence parallelism", "sequence parallelism"),
    ("GLA", "and show that gated linear attention", "gated linear attention"),
    ("BiLD", "We propose Big Little Decoder", "Big Little Decoder"),
])
def test_match_long_form_finds_the_shortest_word_start(short, candidate, expected):
    at = match_long_form(short, candidate)
    assert at is not None and candidate[at:] == expected


@pytest.mark.parametrize("short, candidate", [
    ("XYZ", "we use the Neural Tangent Kernel"),
    ("NTK", "no such words"),
    ("KD", "the kernel"),  # K must start a word and D must follow it
])
def test_match_long_form_fails(short, candidate):
    assert match_long_form(short, candidate) is None


@pytest.mark.parametrize("short, ok", [
    ("NTK", True), ("ParetoDA", True), ("LR+GD", True), ("MHC^3", True), ("SNNKs", True),
    ("the", False), ("2021", False), ("X", False), ("e.g.", False), ("averylongabbreviation", False),
])
def test_short_form_shape(short, ok):
    assert short_form_ok(short) is ok

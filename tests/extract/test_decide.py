"""decide: from candidates and their class probabilities to the typed spans kg_classifier writes."""
from __future__ import annotations

from kg.extract.candidates import Candidate
from kg.extract.classifier import decide

CLASSES = ("none", "method", "dataset", "task")
NONE, METHOD, DATASET = [0.9, 0.05, 0.03, 0.02], [0.1, 0.8, 0.05, 0.05], [0.1, 0.1, 0.7, 0.1]


def _decided(cands: list[Candidate], probs: list[list[float]]) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, t) for c, t, _ in decide(cands, probs, CLASSES)]


def test_a_candidate_takes_its_most_probable_class_and_none_is_left_out():
    assert _decided([Candidate(0, 1), Candidate(2, 3)], [METHOD, NONE]) == [(0, 1, "method")]


def test_of_two_overlapping_candidates_the_more_probable_wins():
    sure, unsure = [0.05, 0.9, 0.03, 0.02], [0.3, 0.6, 0.05, 0.05]
    assert _decided([Candidate(0, 3), Candidate(1, 2)], [unsure, sure]) == [(1, 2, "method")]


def test_an_acronym_takes_the_type_of_its_definition():
    # "Low-Rank Adaptation ( LoRA )": tokens 0-3 the definition, token 4 the acronym
    long, short = Candidate(0, 3), Candidate(4, 5, long_form=(0, 3))
    assert _decided([long, short], [METHOD, NONE]) == [(0, 3, "method"), (4, 5, "method")]


def test_a_definition_keeps_its_own_decision_when_its_acronym_is_decided():
    # Giving it the acronym's type was tried: on 1,000 abstracts of the 90k corpus, 34 of the 78
    # definitions it added were methods (the long forms of diseases, modalities, fields ... whose
    # acronyms were wrongly typed, and clause fragments the acronym finder paired).
    long, short = Candidate(0, 3), Candidate(4, 5, long_form=(0, 3))
    assert _decided([long, short], [NONE, DATASET]) == [(4, 5, "dataset")]


def test_an_acronym_overlapping_a_decided_span_keeps_none():
    long, short, other = Candidate(0, 3), Candidate(4, 5, long_form=(0, 3)), Candidate(4, 6)
    assert _decided([long, short, other], [METHOD, NONE, DATASET]) == [(0, 3, "method"), (4, 6, "dataset")]


def test_neither_is_typed_when_both_are_none():
    long, short = Candidate(0, 3), Candidate(4, 5, long_form=(0, 3))
    assert _decided([long, short], [NONE, NONE]) == []

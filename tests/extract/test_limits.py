"""Over-long runs and sentences are bounded without moving a character of the text."""
from __future__ import annotations

import pytest
import spacy

from kg.extract.limits import MAX_RUN, MAX_SENTENCE_TOKENS, make_doc


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text", [
    "%" * 5_000,
    "Loss " + "(" * 1_000 + "  x",
    "a" * (MAX_RUN + 1) + " " + "b" * (MAX_RUN * 3 + 7) + "\n\n",
    "tab\t" + "😀" * 700 + "\tend.",
])
def test_the_doc_of_a_text_with_over_long_runs_is_the_text_character_for_character(nlp, text):
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)


def test_text_around_an_over_long_run_is_tokenised_as_spacy_does(nlp):
    before, after = "We report 5% gains on CIFAR-10 (see github.com/a/b). ", " Then 3x faster."
    doc = make_doc(nlp, before + "$" * 2_000 + after)
    words = [t.text for t in doc]
    assert words[:len(nlp.make_doc(before))] == [t.text for t in nlp.make_doc(before)]
    assert words[-3:] == ["3x", "faster", "."]


def test_a_run_no_longer_than_the_limit_is_tokenised_as_spacy_does(nlp):
    text = "See \\href{https://github.com/" + "x" * (MAX_RUN - 40) + "}{code}."
    assert [t.text for t in make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]


def test_a_sentence_longer_than_the_limit_is_cut_and_shorter_ones_are_not():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_sentence_limit")
    doc = nlp("A short one. " + "word " * (2 * MAX_SENTENCE_TOKENS + 10) + ". Another short one.")
    assert [len(s) for s in doc.sents] == [4, MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 11, 4]

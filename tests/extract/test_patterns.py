"""Patterns are tokenised exactly as documents are, by a copy of the pipeline's tokenizer."""
from __future__ import annotations

import pytest
import spacy

from kg.extract.patterns import pattern_docs, pattern_tokenizer

SPELLINGS = ["GSM8K.", "CIFAR-10", "WMT'14 En-De", "github.com/a/b", "e.g. U.S.", "LLaMA-2-7B", "(BiLD)", "don't"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_pattern_tokens_equal_the_pipeline_tokens(text: str):
    nlp = spacy.blank("en")
    assert [t.text for t in pattern_docs(nlp, [text])[0]] == [t.text for t in nlp.make_doc(text)]


def test_patterns_share_the_pipeline_vocab():
    nlp = spacy.blank("en")
    assert all(d.vocab is nlp.vocab for d in pattern_docs(nlp, SPELLINGS))


def test_the_copy_is_not_the_pipeline_tokenizer_and_is_made_once():
    nlp = spacy.blank("en")
    copy = pattern_tokenizer(nlp)
    assert copy is not nlp.tokenizer
    assert pattern_tokenizer(nlp) is copy


def test_a_special_case_added_before_the_copy_is_kept():
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("kg-x", [{"ORTH": "kg"}, {"ORTH": "-x"}])
    assert [t.text for t in pattern_docs(nlp, ["kg-x"])[0]] == ["kg", "-x"]

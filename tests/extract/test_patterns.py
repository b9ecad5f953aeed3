"""Patterns are tokenised exactly as documents are, by a copy of the pipeline's tokenizer, and only
once a document could hold them: a lazy matcher matches what a PhraseMatcher of every pattern does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from kg.extract import parallel, patterns
from kg.extract.gazetteer import load_entries
from kg.extract.patterns import LazyPhraseMatcher, activate_all, pattern_docs, pattern_tokenizer, squeezed
from kg.extract.pipeline import _make_doc, build_nlp, entities_from_doc
from kg.model import Paper

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


# --- patterns tokenised when a document could hold them ------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "examples" / "gold" / "dev_0.jsonl"


def _abstracts(n: int = 30) -> list[str]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["title"] + "\n\n" + r["abstract"] for r in rows[:n]]


def _eager_and_lazy(nlp, attr: str, phrases: dict[str, list[str]]):
    eager = PhraseMatcher(nlp.vocab, attr=attr)
    lazy = LazyPhraseMatcher(nlp, attr, eager_after=10**9)
    for key, texts in phrases.items():
        eager.add(key, pattern_docs(nlp, texts))
        lazy.add(key, texts)
    return eager, lazy


@pytest.mark.parametrize("attr", ["LOWER", "ORTH"])
def test_lazy_matches_are_a_phrase_matchers_over_every_pattern(attr):
    nlp = spacy.blank("en")
    phrases = {f"d{i}": sorted(e.spellings()) for i, e in enumerate(load_entries("datasets.jsonl"))}
    phrases |= {f"t{i}": sorted(e.spellings()) for i, e in enumerate(load_entries("tasks.jsonl"))}
    eager, lazy = _eager_and_lazy(nlp, attr, phrases)
    found = 0
    for text in _abstracts():
        doc = nlp(text)
        want = sorted(eager(doc), key=lambda m: (m[1], m[2]))
        assert sorted(lazy(doc)) == sorted(want)
        assert [m[1:] for m in lazy(doc)] == [m[1:] for m in want]  # in text order
        found += len(want)
    assert found > 20
    assert lazy.waiting > 0.9 * sum(map(len, phrases.values()))  # most patterns never tokenised


def test_the_matches_of_a_document_do_not_depend_on_the_documents_before_it():
    nlp = spacy.blank("en")
    phrases = {"a": ["deep learning"], "b": ["Deep Learning"], "c": ["learning rate"], "d": ["ImageNet"]}
    texts = ["Deep learning on ImageNet.", "A learning rate for deep learning."]
    first = LazyPhraseMatcher(nlp, "LOWER")
    second = LazyPhraseMatcher(nlp, "LOWER")
    for m in (first, second):
        for key, texts_ in phrases.items():
            m.add(key, texts_)
    docs = [nlp(t) for t in texts]
    assert first(docs[0]) + first(docs[1]) == second(docs[0]) + second(docs[1])
    fresh = LazyPhraseMatcher(nlp, "LOWER")
    for key in ["d", "c", "b", "a"]:  # keys added in another order: another order of equal spans
        fresh.add(key, phrases[key])
    assert sorted(fresh(docs[0])) == sorted(second(docs[0]))


def test_a_phrase_too_short_to_look_for_is_added_at_once():
    nlp = spacy.blank("en")
    m = LazyPhraseMatcher(nlp, "ORTH")
    m.add("go", ["Go", "T5", "Caltech-101"])
    assert m.waiting == 3
    assert m(nlp("Nothing here.")) == []
    assert m.waiting == 1  # "Go" and "T5" have under three letters and digits: tokenised


def test_keep_and_expand_decide_the_phrases_when_they_are_tokenised():
    nlp = spacy.blank("en")
    m = LazyPhraseMatcher(nlp, "LOWER")
    m.add("x", ["GSM8K", "ImageNet"], expand=lambda t: [t + "."], keep=lambda d: len(d) == 1)
    doc = nlp("We evaluate on GSM8K. And ImageNet.")
    assert [doc[s:e].text for _, s, e in m(doc)] == ["GSM8K."]  # "ImageNet." splits off its period


def test_after_eager_after_documents_every_pattern_is_tokenised():
    nlp = spacy.blank("en")
    m = LazyPhraseMatcher(nlp, "LOWER", eager_after=2)
    m.add("k", ["ImageNet", "CIFAR-10", "SQuAD"])
    for text in ["One.", "Two.", "Three."]:
        m(nlp(text))
    assert m.waiting == 0
    assert [s for _, s, _ in m(nlp("On SQuAD."))] == [1]


def test_activate_all_tokenises_the_patterns_of_a_whole_pipeline():
    nlp = build_nlp(components=["kg_datasets", "kg_topics"])
    assert activate_all(nlp) > 10_000
    assert activate_all(nlp) == 0


def test_squeezed_text_is_the_same_however_a_name_is_spaced_or_hyphenated():
    assert squeezed("Long-Range Arena") == squeezed("long range  arena") == "longrangearena"


def test_one_process_and_the_workers_switch_at_the_same_size():
    assert parallel._EAGER_FROM == patterns.EAGER_AFTER == parallel.POOL_FROM


@pytest.mark.slow
def test_a_pipeline_whose_patterns_wait_extracts_what_one_with_all_of_them_does():
    lazy, eager = build_nlp(), build_nlp()
    activate_all(eager)
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    papers = [Paper(r.get("id", str(i)), r["title"], r["abstract"]) for i, r in enumerate(rows)]
    for p in papers:
        assert entities_from_doc(lazy(_make_doc(lazy, p))) == entities_from_doc(eager(_make_doc(eager, p))), p.id

"""Shared token columns: every column equals what spaCy's own (slower) accessors give."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.extract.pipeline import build_nlp, paper_doc_text
from kg.extract.tokens import DocTokens, doc_tokens
from kg.ingest import read_papers

CORPUS = sorted((Path(__file__).resolve().parents[2] / "examples" / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_docs():
    nlp = build_nlp(components=[])
    papers = read_papers(CORPUS).papers[:40]
    docs = []
    for paper in papers:
        doc = nlp.make_doc(paper_doc_text(paper))
        doc.user_data["kg_title_len"] = len(paper.title)
        docs.append(nlp(doc))
    return docs


def test_text_and_token_columns_equal_spacys(corpus_docs):
    for doc in corpus_docs:
        cols = DocTokens(doc)
        assert cols.text == doc.text
        assert cols.texts == [t.text for t in doc]
        assert cols.lowers == [t.lower_ for t in doc]
        assert cols.idx == [t.idx for t in doc]
        assert cols.ws == [bool(t.whitespace_) for t in doc]


def test_sentences_equal_doc_sents(corpus_docs):
    for doc in corpus_docs:
        cols = DocTokens(doc)
        assert cols.sentences() == [(s.start, s.end) for s in doc.sents]


def test_sentence_of_a_token_equals_span_sent(corpus_docs):
    doc = corpus_docs[0]
    cols = DocTokens(doc)
    for i in range(len(doc)):
        sent = doc[i:i + 1].sent
        assert cols.sentence(i) == (sent.start, sent.end)
        assert cols.sentence_text(i) == sent.text


def test_span_text_equals_span_text(corpus_docs):
    doc = corpus_docs[1]
    cols = DocTokens(doc)
    for a, b in [(0, 1), (0, len(doc)), (3, 9), (5, 5), (len(doc) - 2, len(doc))]:
        assert cols.span_text(a, b) == doc[a:b].text


def test_a_doc_without_sentences_is_one_sentence():
    doc = spacy.blank("en")("No sentencizer here. Two sentences.")
    cols = DocTokens(doc)
    assert cols.sentences() == [(0, len(doc))]
    assert cols.sentence(4) == (0, len(doc))


def test_columns_are_reused_for_the_same_doc_only():
    nlp = spacy.blank("en")
    first, second = nlp("One doc."), nlp("One doc.")
    cols = doc_tokens(first)
    assert doc_tokens(first) is cols
    assert doc_tokens(second) is not cols
    assert doc_tokens(second).doc is second

"""OpenAlex works: an API page, a single work, JSON Lines; abstracts rebuilt from the inverted index."""
from __future__ import annotations

import pytest

from kg.ingest.openalex import WorkError, read_openalex, rebuild_abstract


def test_api_page(data, run, corpus_abstracts):
    papers, rejections = run(read_openalex, data / "openalex_page.json")
    assert rejections == []
    assert [(p.id, p.title) for p in papers] == [
        ("arxiv:1607.06450", "Layer Normalization"),  # arXiv DOI 10.48550/arxiv.*
        ("arxiv:1807.02811", "A Tutorial on Bayesian Optimization"),  # ids.arxiv
    ]
    assert all(p.abstract == corpus_abstracts[p.title] for p in papers)
    layer = papers[0]
    assert layer.authors == ["Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"]
    assert (layer.date, layer.url, layer.doi) == ("2016-07-21", "https://arxiv.org/abs/1607.06450",
                                                  "10.48550/arxiv.1607.06450")


def test_single_work_is_identified_by_its_doi(data, run):
    papers, rejections = run(read_openalex, data / "openalex_work.json")
    assert rejections == []
    assert [(p.id, p.sources[0].line) for p in papers] == [("doi:10.1038/s42256-021-00302-5", 1)]


def test_json_lines_of_works(data, run):
    papers, rejections = run(read_openalex, data / "openalex_works.jsonl")
    assert [(p.id, p.sources[0].line) for p in papers] == [
        ("openalex:W2963488798", 1),  # no DOI, no arXiv id: the OpenAlex id
        ("arxiv:1607.06450", 5),
    ]
    assert [(r.line, r.reason) for r in rejections] == [
        (2, "invalid JSON: Expecting ',' delimiter (column 100)"),
        (3, "'abstract_inverted_index' positions of 'The' must be a list of integers"),
        (4, "empty abstract"),
    ]


def test_empty_file_has_no_records(data, run):
    assert run(read_openalex, data / "empty.json") == ([], [])


@pytest.mark.parametrize(
    ("index", "text"),
    [
        ({"Deep": [0], "nets": [1, 3], "learn": [2]}, "Deep nets learn nets"),
        ({"b": [5], "a": [2]}, "a b"),  # gaps closed
        ({}, ""),
        (None, ""),
    ],
)
def test_rebuild_abstract(index, text):
    assert rebuild_abstract(index) == text


@pytest.mark.parametrize("index", [["Deep", "nets"], {"Deep": 0}, {"Deep": [True]}, {"Deep": [-1]}])
def test_rebuild_abstract_rejects_other_shapes(index):
    with pytest.raises(WorkError):
        rebuild_abstract(index)

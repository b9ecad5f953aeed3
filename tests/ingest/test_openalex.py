"""OpenAlex works: an API page, a single work, JSON Lines; abstracts rebuilt from the inverted index."""
from __future__ import annotations

import json

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


def test_an_api_page_saved_on_one_line_names_each_rejected_work_by_its_place(tmp_path, run):
    works = [{"id": f"https://openalex.org/W{n}", "display_name": title, "abstract_inverted_index": {"A.": [0]}}
             for n, title in enumerate(["Good", "", "Also good", None])]
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"meta": {"count": 4}, "results": works}))  # one line
    papers, rejections = run(read_openalex, path)
    assert [p.title for p in papers] == ["Good", "Also good"]
    assert [str(r) for r in rejections] == [f"{path}:1: empty title (record 2 of the array)",
                                            f"{path}:1: empty title (record 4 of the array)"]


def test_a_page_with_one_work_per_line_needs_no_record_number(data, tmp_path, run):
    page = json.loads((data / "openalex_page.json").read_text(encoding="utf-8"))
    page["results"][1].update(display_name="", title="")
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=1))
    _, rejections = run(read_openalex, path)
    assert [r.reason for r in rejections] == ["empty title"]

"""JSON Lines and JSON arrays: records with their real line numbers; a bad record costs itself only."""
from __future__ import annotations

import pytest

from kg.ingest import json_stream
from kg.ingest.json_records import read_json_array, read_json_lines

GOOD = [
    ("2205.14135", "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"),
    ("arxiv:1607.06450", "Layer Normalization"),
    ("doi:10.1038/s42256-021-00302-5", "DeepONet: Learning nonlinear operators for identifying differential "
                                        "equations based on the universal approximation theorem of operators"),
]


def test_json_lines_fields(data, run):
    papers, rejections = run(read_json_lines, data / "papers.jsonl")
    assert rejections == []
    assert [(p.id, p.title) for p in papers] == GOOD
    flash, layer, deeponet = papers
    assert flash.authors[-1] == "Christopher Ré"
    assert (flash.url, flash.date, flash.arxiv_id) == ("https://arxiv.org/abs/2205.14135", "2022-05-27", "2205.14135")
    assert layer.authors == ["Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"]
    assert (deeponet.doi, deeponet.date) == ("10.1038/s42256-021-00302-5", "2021")
    assert [p.sources[0].line for p in papers] == [1, 2, 3]


def test_json_lines_bad_records(data, run):
    papers, rejections = run(read_json_lines, data / "bad.jsonl")
    assert [p.sources[0].line for p in papers] == [1, 10]
    assert [(r.line, r.reason) for r in rejections] == [
        (2, "invalid JSON: Expecting ',' delimiter (column 125)"),
        (3, "field 'title' must be text, got list"),
        (4, "empty title"),
        (5, "empty abstract"),
        (6, "expected a JSON object, got list"),
        (8, "not UTF-8 (byte 0xfc at column 1694)"),
        (9, "field 'authors' must be a list of names (text), got a list holding dict"),
    ]


def test_json_array_gives_each_record_its_line(data, run):
    papers, rejections = run(read_json_array, data / "papers.json")
    assert rejections == []
    assert [(p.id, p.title) for p in papers] == GOOD
    assert [p.sources[0].line for p in papers] == [2, 17, 23]


def test_json_array_same_papers_as_json_lines(data, run):
    array, _ = run(read_json_array, data / "papers.json")
    lines, _ = run(read_json_lines, data / "papers.jsonl")
    strip = lambda ps: [(p.id, p.title, p.abstract, p.authors, p.url, p.date, p.doi) for p in ps]  # noqa: E731
    assert strip(array) == strip(lines)


@pytest.mark.parametrize("chunk_size", [1, 7, 100])
def test_json_array_is_read_in_chunks(data, run, monkeypatch, chunk_size):
    monkeypatch.setattr(json_stream, "CHUNK_SIZE", chunk_size)
    papers, _ = run(read_json_array, data / "papers.json")
    assert [p.sources[0].line for p in papers] == [2, 17, 23]


def test_json_array_bad_records(data, run):
    papers, rejections = run(read_json_array, data / "bad.json")
    assert [p.title for p in papers] == [
        "A Tutorial on Bayesian Optimization",
        "Neural Tangent Kernel: Convergence and Generalization in Neural Networks",
    ]
    assert [(r.line, r.reason) for r in rejections] == [
        (3, "invalid JSON: Expecting property name enclosed in double quotes (line 3, column 84)"),
        (4, "expected a JSON object, got str"),
    ]


def test_json_array_cut_in_the_middle_keeps_what_came_before(data, run):
    papers, rejections = run(read_json_array, data / "cut.json")
    assert [p.id for p in papers] == ["2205.14135", "arxiv:1607.06450"]
    assert [(r.line, r.reason) for r in rejections] == [(23, "the file ends inside this record")]


@pytest.mark.parametrize("reader", [read_json_lines, read_json_array])
def test_empty_file_has_no_records(data, run, reader):
    name = "empty.jsonl" if reader is read_json_lines else "empty.json"
    assert run(reader, data / name) == ([], [])


def test_json_array_with_bom_and_api_page(tmp_path, run):
    path = tmp_path / "page.json"
    path.write_bytes(
        b'\xef\xbb\xbf{"meta": {"count": 1},\r\n "papers": [\r\n  {"title": "T", "abstract": "A."}\r\n]}\r\n'
    )
    papers, rejections = run(read_json_array, path)
    assert ([p.title for p in papers], [p.sources[0].line for p in papers], rejections) == (["T"], [3], [])


def test_rejections_name_the_file_as_given(data, run):
    _, rejections = run(read_json_lines, data / "bad.jsonl")
    assert {r.file for r in rejections} == {str(data / "bad.jsonl")}

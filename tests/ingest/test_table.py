"""CSV and TSV with a header row: case-insensitive names, aliases, quoted multi-line cells, bad rows."""
from __future__ import annotations

import pytest

from kg.ingest.table import column_map, read_csv, read_tsv


def test_csv_with_bom_crlf_and_aliases(data, run, corpus_abstracts):
    papers, rejections = run(read_csv, data / "papers.csv")
    assert rejections == []
    assert [(p.id, p.sources[0].line) for p in papers] == [
        ("arxiv:2301.08721", 2),
        ("pfn-2022", 3),
        ("doi:10.1038/s42256-021-00302-5", 6),  # the quoted abstract above spans lines 3-5
    ]
    batch, pfn, deeponet = papers
    assert batch.abstract == corpus_abstracts[batch.title]  # 'Summary' column
    assert batch.authors == ["Zhoujun Cheng", "Jungo Kasai", "Tao Yu"]  # '; '-separated
    assert batch.date == "2023-01-19"  # 'Published' column
    assert pfn.authors[0] == "Samuel Müller"  # ', '-separated
    assert "generality of PFNs.\n\nCode and trained PFNs" in pfn.abstract  # a paragraph break inside a quoted cell
    assert "\r" not in pfn.abstract
    assert deeponet.doi == "10.1038/s42256-021-00302-5"


def test_tsv(data, run):
    papers, rejections = run(read_tsv, data / "papers.tsv")
    assert rejections == []
    assert [p.title for p in papers] == ["Variational Inference with Normalizing Flows", "Layer Normalization"]
    assert papers[0].authors == ["Danilo Jimenez Rezende", "Shakir Mohamed"]


def test_bad_rows_cost_themselves_only(data, run):
    papers, rejections = run(read_csv, data / "bad.csv")
    assert [p.sources[0].line for p in papers] == [2, 8]
    assert [(r.line, r.reason) for r in rejections] == [
        (3, "row has 1 cell, the header has 3"),
        (4, "empty abstract"),
        (5, "row has 4 cells, the header has 3"),
        (6, "not UTF-8 (byte 0xfc at column 1655)"),
        (7, "malformed CSV row: ',' expected after '\"'"),
    ]


def test_a_header_without_an_abstract_column_rejects_every_row(data, run):
    papers, rejections = run(read_csv, data / "missing_column.csv")
    assert papers == []
    assert [(r.line, r.reason) for r in rejections] == [
        (2, "the header (line 1) has no 'abstract' (or 'summary') column"),
        (3, "the header (line 1) has no 'abstract' (or 'summary') column"),
    ]


def test_a_quote_left_open_is_reported_with_the_lines_it_took(data, run):
    papers, rejections = run(read_csv, data / "unclosed_quote.csv")
    assert [p.title for p in papers] == ["Layer Normalization"]
    assert [(r.line, r.reason) for r in rejections] == [
        (3, "malformed CSV row (lines 3-4): ',' expected after '\"'"),
    ]


@pytest.mark.parametrize(("reader", "name"), [(read_csv, "empty.csv"), (read_tsv, "empty.tsv")])
def test_empty_file_has_no_records(data, run, reader, name):
    assert run(reader, data / name) == ([], [])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Title", "Abstract"], {0: "title", 1: "abstract"}),
        (["TITLE", "summary", "Author"], {0: "title", 1: "abstract", 2: "authors"}),
        (["id", "title", "abstract", "summary"], {0: "id", 1: "title", 2: "abstract"}),  # first one wins
        (["venue", "pages"], {}),
    ],
)
def test_column_map(header, expected):
    assert column_map(header) == expected

"""Saved arXiv API responses (Atom): entries streamed; a cut file keeps the entries before the cut."""
from __future__ import annotations

import pytest

from kg.ingest import arxiv_atom
from kg.ingest.arxiv_atom import read_arxiv_atom


def test_entries_and_their_fields(data, run, corpus_abstracts):
    papers, rejections = run(read_arxiv_atom, data / "arxiv_query.atom")
    assert rejections == []
    assert [(p.id, p.sources[0].line) for p in papers] == [
        ("arxiv:1607.06450", 10),
        ("arxiv:1910.03193", 50),
        ("arxiv:2112.10510", 95),
    ]
    layer, deeponet, pfn = papers
    assert layer.title == "Layer Normalization"
    # the API wraps title and summary lines; folded back they are the corpus text
    assert deeponet.title.startswith("DeepONet: Learning nonlinear operators for identifying differential equations")
    assert all(p.abstract == corpus_abstracts[p.title] for p in papers)
    assert layer.authors == ["Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"]
    assert pfn.authors[0] == "Samuel Müller"
    assert (layer.url, layer.date, layer.arxiv_id) == ("http://arxiv.org/abs/1607.06450v1", "2016-07-21", "1607.06450")
    assert (deeponet.doi, layer.doi) == ("10.1038/s42256-021-00302-5", None)


@pytest.mark.parametrize("chunk_size", [64, 1000])
def test_small_chunks_give_the_same_entries(data, run, monkeypatch, chunk_size):
    monkeypatch.setattr(arxiv_atom, "CHUNK_SIZE", chunk_size)
    papers, _ = run(read_arxiv_atom, data / "arxiv_query.atom")
    assert [(p.id, p.sources[0].line) for p in papers] == [
        ("arxiv:1607.06450", 10), ("arxiv:1910.03193", 50), ("arxiv:2112.10510", 95),
    ]


def test_a_file_cut_in_the_middle(data, run):
    papers, rejections = run(read_arxiv_atom, data / "arxiv_cut.xml")
    assert [p.id for p in papers] == ["arxiv:1607.06450"]
    assert [(r.line, r.reason) for r in rejections] == [
        (59, "the XML breaks off here (no element found); this entry (opened on line 50) and any after it are lost"),
    ]


def test_bytes_that_are_not_utf8_cost_their_entry(data, run):
    papers, rejections = run(read_arxiv_atom, data / "arxiv_latin1.atom")
    assert [p.id for p in papers] == ["arxiv:1607.06450", "arxiv:1910.03193"]
    assert [(r.line, r.reason) for r in rejections] == [(124, "not UTF-8 (byte 0xfc) in the entry opened on line 95")]


def test_an_api_error_feed_is_a_rejection(data, run):
    papers, rejections = run(read_arxiv_atom, data / "arxiv_error.atom")
    assert papers == []
    assert [(r.line, r.reason) for r in rejections] == [(10, "arXiv API error: incorrect id format for 1607.0645x")]


def test_empty_file_has_no_records(data, run):
    assert run(read_arxiv_atom, data / "empty.atom") == ([], [])


def test_a_declared_latin1_file_is_read_as_latin1(tmp_path, run):
    path = tmp_path / "latin1.atom"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        b"<entry><id>http://arxiv.org/abs/2112.10510v6</id><title>PFNs</title>"
        b"<summary>We present PFNs.</summary><author><name>Samuel M\xfcller</name></author></entry></feed>\n"
    )
    papers, rejections = run(read_arxiv_atom, path)
    assert (rejections, papers[0].authors) == ([], ["Samuel Müller"])

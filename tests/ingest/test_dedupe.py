"""The same paper seen twice becomes one paper: by arXiv id, DOI, or normalised title."""
from __future__ import annotations

import pytest

from kg.ingest.dedupe import Deduplicator
from kg.model import Paper, Source


def paper(pid, title, **kw):
    return Paper(pid, title, kw.pop("abstract", "An abstract."), sources=[Source(f"{pid}.in", 1, "jsonl")], **kw)


@pytest.mark.parametrize(
    ("first", "second", "merged_id"),
    [
        (paper("a", "Layer Normalization", arxiv_id="1607.06450"), paper("b", "LN", arxiv_id="1607.06450"),
         "arxiv:1607.06450"),
        (paper("a", "DeepONet", doi="10.1038/s42256-021-00302-5"), paper("b", "Learning operators",
                                                                          doi="10.1038/S42256-021-00302-5"),
         "doi:10.1038/s42256-021-00302-5"),
        (paper("a", "Transformers Can Do Bayesian Inference"), paper("b", "transformers can do  bayesian inference."),
         "a"),
        (paper("a", "Müller's Nets"), paper("b", "Muller s nets"), "a"),
    ],
    ids=["arxiv", "doi", "title", "accents"],
)
def test_same_paper_is_merged_under_its_most_preferred_id(first, second, merged_id):
    d = Deduplicator()
    assert (d.add(first), d.add(second)) == (True, False)
    (merged,) = d.papers()
    assert merged.id == merged_id
    assert set(merged.other_ids) == {"a", "b"} - {merged_id}
    assert [s.file for s in merged.sources] == ["a.in", "b.in"]


def test_different_papers_stay_apart():
    d = Deduplicator()
    assert [d.add(p) for p in [paper("a", "Layer Normalization"), paper("b", "Weight Normalization")]] == [True, True]


def test_merging_fills_missing_fields_and_keeps_the_longer_abstract():
    d = Deduplicator()
    d.add(paper("a", "Layer Normalization", abstract="Short."))
    d.add(paper("b", "Layer Normalization", abstract="A longer abstract.", url="https://arxiv.org/abs/1607.06450",
                authors=["Jimmy Lei Ba"], date="2016-07-21", arxiv_id="1607.06450"))
    (p,) = d.papers()
    assert (p.abstract, p.url, p.authors, p.date, p.arxiv_id) == (
        "A longer abstract.", "https://arxiv.org/abs/1607.06450", ["Jimmy Lei Ba"], "2016-07-21", "1607.06450"
    )


def test_a_key_learnt_by_merging_finds_later_duplicates():
    d = Deduplicator()
    d.add(paper("a", "Layer Normalization"))
    d.add(paper("b", "Layer Normalization", arxiv_id="1607.06450"))
    assert d.add(paper("c", "LN (arXiv version)", arxiv_id="arXiv:1607.06450v3")) is False
    assert len(d.papers()) == 1


def test_an_arxiv_doi_is_the_arxiv_id():
    d = Deduplicator()
    d.add(paper("x", "Layer Normalization", doi="10.48550/arXiv.1607.06450"))
    assert d.add(paper("y", "LN", arxiv_id="1607.06450")) is False
    assert d.papers()[0].id == "arxiv:1607.06450"

"""Saved listing pages: every real paper comes out with its exact title and abstract; no furniture does."""
from __future__ import annotations

import pytest

from kg.ingest import read_papers
from kg.ingest.listing import classify_line, is_author_line, read_listing
from kg.model import Rejection, Skipped

# Counted by hand: 000 has 2 header lines then 119 title/abstract pairs (lines 3-240); 002 and 003
# have 10 header lines then a title every 4th line (11..195 and 11..387), no title repeated in a page.
PAGES = [
    ("000_203544901a601233.txt", 119),
    ("002_598e2aea2c3b3563.txt", 47),
    ("003_d821213897efed09.txt", 95),
]
FURNITURE = {"new", "Subscribe", "byAK and the research community", "Mar 11", "Mar 21",
             "Get trending papers in your email inbox!", "Get trending papers in your email inbox once a day!"}


@pytest.mark.parametrize(("page", "count"), PAGES)
def test_a_corpus_page_yields_each_of_its_papers_once(corpus, run, page, count):
    papers, rejections = run(read_listing, corpus / page)
    assert rejections == []
    assert len(papers) == count
    assert len({p.title for p in papers}) == count


@pytest.mark.parametrize(("page", "count"), PAGES)
def test_titles_and_abstracts_are_exact(corpus, corpus_abstracts, run, page, count):
    papers, _ = run(read_listing, corpus / page)
    assert {p.title: p.abstract for p in papers}.items() <= corpus_abstracts.items()


@pytest.mark.parametrize(("page", "count"), PAGES)
def test_no_page_furniture_becomes_a_paper(corpus, run, page, count):
    papers, _ = run(read_listing, corpus / page)
    assert not {p.title for p in papers} & FURNITURE
    assert not [p.title for p in papers if p.title.startswith("Subscribe")]


def test_a_title_glued_to_subscribe_is_cut_free(corpus, run):
    papers, _ = run(read_listing, corpus / "000_203544901a601233.txt")
    first = papers[0]
    assert first.title == (
        "Sample-Efficiency in Multi-Batch Reinforcement Learning: The Need for Dimension-Dependent Adaptivity"
    )
    assert (first.sources[0].line, first.sources[0].format) == (3, "listing")


def test_another_days_page(data, run):
    papers, rejections = run(read_listing, data / "listing_other_day.txt")
    assert [(p.sources[0].line, p.title) for p in papers] == [
        (5, "Layer Normalization"),
        (11, "Weight Normalization: A Simple Reparameterization to Accelerate Training of Deep Neural Networks"),
        (23, "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"),
        (32, "A Tutorial on Bayesian Optimization"),
        (38, "DeepONet: Learning nonlinear operators for identifying differential equations based on the "
             "universal approximation theorem of operators"),
    ]
    assert papers[1].authors == ["Tim Salimans", "Diederik P. Kingma"]
    assert [(r.line, r.reason.split(":")[0]) for r in rejections] == [
        (30, "title-like line with no abstract after it"),
        (42, "abstract-like line with no title before it"),
        (44, "title-like line with no abstract after it"),
    ]
    assert rejections[0].reason.endswith("A Title Whose Abstract Went Missing")


def test_bom_and_crlf_are_accepted(data, run):
    papers, rejections = run(read_listing, data / "listing_crlf_bom.txt")
    assert rejections == []
    assert [p.title for p in papers] == [
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        "Transformers Can Do Bayesian Inference",
    ]
    assert not any("\r" in p.abstract or "\ufeff" in p.title for p in papers)


def test_a_line_that_is_not_utf8_costs_its_paper_only(data, run):
    papers, rejections = run(read_listing, data / "listing_latin1.txt")
    assert [p.title for p in papers] == [
        "Batch Prompting: Efficient Inference with Large Language Model APIs",
        "Layer Normalization",
    ]
    assert [(r.line, r.reason) for r in rejections] == [(7, "not UTF-8 (byte 0xfc at column 42)")]


def test_links_and_author_lines_between_title_and_abstract(tmp_path, run, corpus_abstracts):
    title = "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
    page = tmp_path / "page.txt"
    page.write_text(f"{title}\nTri Dao · Daniel Y. Fu · Christopher Ré\narXiv:2205.14135\n{corpus_abstracts[title]}\n")
    (paper,), rejections = run(read_listing, page)
    assert rejections == []
    assert (paper.id, paper.authors) == ("arxiv:2205.14135", ["Tri Dao", "Daniel Y. Fu", "Christopher Ré"])


def test_an_empty_page_has_no_papers(data, run):
    assert run(read_listing, data / "empty.txt") == ([], [])


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("", "blank"),
        ("new", "boilerplate"),
        ("Subscribe", "boilerplate"),
        ("byAK and the research community", "boilerplate"),
        ("Get trending papers in your email inbox once a day!", "boilerplate"),
        ("Mar 11", "boilerplate"),
        ("Dec 3", "boilerplate"),
        ("Jan 21, 2024", "boilerplate"),
        ("Upvote", "boilerplate"),
        ("Upvote 12", "boilerplate"),
        ("Submitted by akhaliq", "boilerplate"),
        ("12", "noise"),
        ("arXiv:2205.14135v2", "link"),
        ("https://arxiv.org/abs/2205.14135", "link"),
        ("·", "noise"),
        ("Layer Normalization", "title"),
        ("MARLIN 2: Mixed-Precision Inference", "title"),
        ("Can we learn better with hard samples?", "title"),
        ("When, Why and How Much? Adaptive Learning Rate Scheduling by Refinement", "title"),
        ("Join the community.", "sentence"),
        ("We propose a simple method that trains deep networks faster on small data sets.", "prose"),
        ("Short prose? It still has two sentences and more than twelve words in it, see?", "prose"),
        ("x" * 300, "prose"),
    ],
)
def test_classify_line(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tim Salimans, Diederik P. Kingma", True),
        ("Ada Lovelace, Alan M. Turing and Grace Hopper", True),
        ("Layer Normalization and Weight Normalization", False),
        ("Tim Salimans · Diederik P. Kingma", True),
        ("Ángel Díaz, Šimon Novák and Jean-Luc van der Berg", True),
        ("Jimmy Lei Ba, Jamie Ryan Kiros, Geoffrey E. Hinton", True),
        ("Combining Recurrent, Convolutional, and Continuous-time Models with Linear State-Space Layers", False),
        ("Various Lengths, Constant Speed: Efficient Language Modeling with Lightning Attention", False),
        ("Layer Normalization", False),
    ],
)
def test_is_author_line(line, expected):
    assert is_author_line(line) is expected


@pytest.mark.parametrize("furniture", ["Load more", "Show more", "See all", "View all papers", "More", "Back to top"])
def test_page_furniture_is_skipped_not_rejected(corpus, furniture, tmp_path):
    page = tmp_path / "page.txt"
    original = (corpus / "000_203544901a601233.txt").read_text(encoding="utf-8")
    page.write_text(f"{furniture}\n{original}\n{furniture}\n", encoding="utf-8")
    items = list(read_listing(page))
    assert [i for i in items if isinstance(i, Rejection)] == []
    skipped = [(s.line, s.text) for s in items if isinstance(s, Skipped)]
    last = len(page.read_text(encoding="utf-8").splitlines())
    assert (1, furniture) in skipped and (last, furniture) in skipped


def test_skipped_furniture_is_counted_apart_from_the_records(corpus, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text((corpus / "000_203544901a601233.txt").read_text(encoding="utf-8") + "\nLoad more\n")
    counts = read_papers([page]).report.as_dict()["files"][str(page)]
    assert counts["rejected"] == 0 and counts["skipped"] > 1
    assert counts["read"] == counts["kept"] + counts["merged"] + counts["rejected"]
    assert counts["kept"] == 119  # the page's papers, nothing else


def test_the_example_corpus_reads_without_a_rejection_with_or_without_load_more(example_corpus, tmp_path):
    pages = []
    for p in example_corpus:  # as saved by a browser: a "Load more" button at the end of each page
        pages.append(tmp_path / p.name)
        pages[-1].write_text(p.read_text(encoding="utf-8") + "\nLoad more\n", encoding="utf-8")
    for inputs in (example_corpus, pages):
        report = read_papers(inputs).report
        assert report.rejections == [] and report.totals()["kept"] == 251


def test_strict_build_of_a_page_ending_in_load_more_succeeds(corpus, tmp_path):
    from kg.cli.main import main

    head = (corpus / "000_203544901a601233.txt").read_text(encoding="utf-8").splitlines()[:12]
    page = tmp_path / "page.txt"
    page.write_text("\n".join([*head, "Load more", ""]), encoding="utf-8")
    argv = ["build", str(page), "--out", str(tmp_path / "out"), "--outputs", "report", "--strict", "-q"]
    assert main([*argv, "--workers", "1"]) == 0

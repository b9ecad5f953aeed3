"""Papers carry a date where the input gives one, in one ISO form; listing pages give none."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import read_papers
from kg.ingest.dates import arxiv_month, paper_date
from kg.ingest.fields import paper_from_fields
from kg.model import Source


@pytest.mark.parametrize(("given", "expected"), [
    ("2025-03-18", "2025-03-18"),
    ("2016-07-21T17:59:59Z", "2016-07-21"),  # arXiv Atom <published>
    ("2021/3/5", "2021-03-05"),
    ("2022-05", "2022-05"),
    ("2018", "2018"),
    (2018, "2018"),  # OpenAlex publication_year
    ("March 2025", "2025-03"),
    ("Jul. 2022", "2022-07"),
    ("2025-13-01", "2025-13-01"),  # not a date: kept as written, counted as undated by trends
    ("Mar 11", "Mar 11"),
])
def test_dates_in_every_form_inputs_use(given, expected):
    assert paper_date(given) == expected


def test_year_and_month_stand_in_for_a_missing_date():
    assert paper_date(None, year=2019, month="10") == "2019-10"
    assert paper_date(None, year="2019", month="October") == "2019-10"
    assert paper_date(None, year="2019") == "2019"


@pytest.mark.parametrize(("arxiv_id", "month"), [
    ("2503.11731", "2025-03"), ("0704.0001", "2007-04"), ("1607.06450v3", "2016-07"),
    ("hep-th/9901001", "1999-01"), ("cs/0112017", "2001-12"), ("not-an-id", None),
])
def test_an_arxiv_id_dates_a_paper_to_its_month(arxiv_id, month):
    assert arxiv_month(arxiv_id) == month


def test_a_record_without_a_date_takes_its_arxiv_month_and_a_given_date_wins():
    src = Source("in.jsonl", 1, "jsonl")
    assert paper_from_fields({"title": "T", "abstract": "A.", "arxiv_id": "2401.01234"}, src).date == "2024-01"
    assert paper_from_fields({"title": "T", "abstract": "A.", "arxiv_id": "2401.01234", "date": "2024-02-03"},
                             src).date == "2024-02-03"
    assert paper_from_fields({"title": "T", "abstract": "A.", "year": 2020, "month": 6}, src).date == "2020-06"


def test_arxiv_atom_papers_carry_their_published_day(data: Path):
    papers = read_papers([data / "arxiv_query.atom"]).papers
    assert sorted(p.date for p in papers) == ["2016-07-21", "2019-10-08", "2021-12-20"]


def test_openalex_papers_carry_their_publication_date(data: Path):
    papers = read_papers([data / "openalex_page.json"]).papers
    assert sorted(p.date for p in papers) == ["2016-07-21", "2018-07-08"]


def test_bibtex_papers_carry_year_and_month(data: Path):
    dates = sorted(p.date for p in read_papers([data / "zotero.bib"]).papers)
    assert "2022-05" in dates and "2021-03" in dates


def test_jsonl_year_field_is_a_date(tmp_path: Path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"title": "T", "abstract": "A.", "year": 2023}) + "\n", encoding="utf-8")
    assert [p.date for p in read_papers([path]).papers] == ["2023"]


def test_listing_pages_give_no_dates(corpus: Path):
    papers = read_papers(sorted(corpus.glob("*.txt"))).papers
    assert papers and all(p.date is None for p in papers)


def test_the_most_precise_date_of_a_merged_paper_wins(data: Path):
    # papers.jsonl knows the arXiv id only (2016-07); arxiv_query.atom the day it was published
    papers = read_papers([data / "papers.jsonl", data / "arxiv_query.atom"]).papers
    assert {p.id: p.date for p in papers}["arxiv:1607.06450"] == "2016-07-21"

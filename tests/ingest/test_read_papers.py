"""read_papers across inputs: duplicates merged, every record accounted for, bad inputs survived."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import InputError, detect_format, read_file, read_papers
from kg.model import Rejection

PAGES = ["000_203544901a601233.txt", "002_598e2aea2c3b3563.txt", "003_d821213897efed09.txt"]


def test_the_three_pages_hold_261_entries_of_251_distinct_papers(corpus):
    result = read_papers([corpus / p for p in PAGES])
    assert result.report.totals() == {"read": 261, "kept": 251, "merged": 10, "rejected": 0}
    assert len(result.papers) == 251
    counts = {Path(name).name: (fc.read, fc.kept, fc.merged) for name, fc in result.report.files.items()}
    assert counts == {PAGES[0]: (119, 119, 0), PAGES[1]: (47, 43, 4), PAGES[2]: (95, 89, 6)}


def test_261_and_251_by_plain_counting(corpus_abstracts, corpus):
    # independent of the reader: abstracts are the only lines of 300+ characters
    entries = sum(
        sum(len(line) >= 300 for line in (corpus / p).read_text(encoding="utf-8").splitlines()) for p in PAGES
    )
    assert (entries, len(corpus_abstracts)) == (261, 251)


def test_a_paper_on_every_page_is_one_paper_with_three_sources(corpus):
    papers = read_papers([corpus / p for p in PAGES]).papers
    (paper,) = [p for p in papers if p.title.startswith("Constrained Optimization via Exact Augmented Lagrangian")]
    assert [(Path(s.file).name, s.line) for s in paper.sources] == [(PAGES[0], 97), (PAGES[1], 191), (PAGES[2], 183)]


def test_the_same_paper_in_five_formats_is_merged(data):
    names = ["papers.jsonl", "arxiv_query.atom", "zotero.bib", "openalex_page.json", "listing_crlf_bom.txt"]
    result = read_papers([data / n for n in names])
    assert result.report.totals() == {"read": 14, "kept": 5, "merged": 8, "rejected": 1}
    by_id = {p.id: p for p in result.papers}
    assert sorted(by_id) == [  # each under its most preferred id: a DOI, then an arXiv id, then its own
        "arxiv:1607.06450", "arxiv:1807.02811", "arxiv:2112.10510", "arxiv:2205.14135", "doi:10.1038/s42256-021-00302-5",
    ]
    assert by_id["arxiv:2205.14135"].other_ids == ["2205.14135", "title:88269280d791ffd5"]
    # matched on the arXiv id, the DOI, or the title; later records fill what the first lacked
    layer = by_id["arxiv:1607.06450"]
    assert [Path(s.file).name for s in layer.sources] == ["papers.jsonl", "arxiv_query.atom", "openalex_page.json"]
    assert (layer.date, layer.doi) == ("2016-07-21", "10.48550/arxiv.1607.06450")
    deeponet = by_id["doi:10.1038/s42256-021-00302-5"]
    assert deeponet.arxiv_id == "1910.03193"
    assert len(deeponet.sources) == 3  # the Zotero entry has the journal title, but the same DOI


BAD_INPUTS = [
    "bad.jsonl", "bad.json", "cut.json", "bad.csv", "missing_column.csv", "unclosed_quote.csv", "arxiv_cut.xml",
    "arxiv_latin1.atom", "unbalanced.bib", "latin1.bib", "listing_latin1.txt", "listing_other_day.txt",
    "openalex_works.jsonl", "empty.txt", "empty.json", "empty.csv", "empty.atom", "empty.bib",
]


def test_bad_inputs_are_all_accounted_for(data):
    paths = [data / n for n in BAD_INPUTS]
    result = read_papers([data / "no_such_file.jsonl", data, data / "notes.docx", *paths])
    report = result.report
    assert report.is_balanced()
    assert report.errors == {
        str(data / "no_such_file.jsonl"): f"{data / 'no_such_file.jsonl'}: no such file",
        str(data): f"{data}: is a directory, not a file (pass the files in it)",
        str(data / "notes.docx"): (
            f"{data / 'notes.docx'}: unknown format (extension '.docx'; known: .atom, .bib, .bibtex, .csv, "
            ".json, .jsonl, .ndjson, .tab, .tsv, .txt, .xml; or pass --format)"
        ),
    }
    for path in paths:
        fc = report.files[str(path)]
        rejected = [r for r in read_file(path) if isinstance(r, Rejection)]
        assert (fc.rejected, fc.rejections) == (len(rejected), rejected), path.name
        assert all(r.file == str(path) for r in rejected)
    assert report.files[str(data / "empty.csv")].read == 0
    assert report.totals()["kept"] > 0 and report.totals()["rejected"] > 0


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("page.txt", "listing"),
        ("papers.jsonl", "jsonl"),
        ("papers.ndjson", "jsonl"),
        ("papers.json", "json"),
        ("openalex_page.json", "openalex"),
        ("openalex_works.jsonl", "openalex"),
        ("table.CSV", "csv"),
        ("table.tsv", "tsv"),
        ("query.atom", "atom"),
        ("query.xml", "atom"),
        ("refs.bib", "bibtex"),
    ],
)
def test_detect_format(data, name, fmt):
    assert detect_format(data / name) == fmt


def test_an_unknown_extension_is_an_input_error(data):
    with pytest.raises(InputError, match=r"notes\.docx: unknown format"):
        detect_format(data / "notes.docx")


def test_format_can_be_forced(data):
    result = read_papers([data / "papers.jsonl"], format="json")  # JSON Lines content is recognised
    assert [p.sources[0].format for p in result.papers] == ["json"] * 3
    result = read_papers([data / "papers.jsonl"], format="bibtex-ish")
    assert result.papers == []
    assert "unknown format 'bibtex-ish'" in result.report.errors[str(data / "papers.jsonl")]


@pytest.mark.parametrize("name, text", [
    ("notes.bib", "Just some notes, no @entry in them.\n"),
    ("page.txt", "Subscribe\nMar 11\n"),
    ("records.json", "  \n"),
])
def test_a_file_that_holds_text_but_no_record_is_reported(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = read_papers([path]).report
    if text.strip():
        fmt = detect_format(path)
        assert report.errors == {str(path): f"{path}: no {fmt} record found in it (is it a {fmt} file?)"}
    else:
        assert report.errors == {}  # blank is empty

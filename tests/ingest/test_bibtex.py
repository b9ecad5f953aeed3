"""BibTeX as Zotero exports it: cleaned text, identifiers, and unbalanced braces costing one entry."""
from __future__ import annotations

import pytest

from kg.ingest.bibtex import MAX_MACRO_CHARS, MAX_VALUE_CHARS, BibSyntaxError, parse_entry, read_bibtex, split_authors


def test_zotero_export(data, run, corpus_abstracts):
    papers, rejections = run(read_bibtex, data / "zotero.bib")
    assert [(p.id, p.sources[0].line) for p in papers] == [
        ("arxiv:2205.14135", 5),  # eprint + archivePrefix = arXiv
        ("arxiv:2112.10510", 18),  # arXiv DOI
        ("doi:10.1038/s42256-021-00302-5", 32),
    ]
    flash, pfn, deeponet = papers
    assert flash.title == "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
    assert flash.authors == ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"]
    # Zotero escaped % as \% and the LaTeX "--" is an en dash
    assert flash.abstract == corpus_abstracts[flash.title].replace(" -- ", " – ")
    assert pfn.authors[0] == "Samuel Müller" and pfn.authors[2] == "Sebastian Pineda Arango"
    assert pfn.abstract == corpus_abstracts[pfn.title]
    assert (pfn.url, pfn.doi, pfn.date) == ("http://arxiv.org/abs/2112.10510", "10.48550/arxiv.2112.10510", "2022-07")
    assert deeponet.title == (
        "Learning nonlinear operators via DeepONet based on the universal approximation theorem of operators"
    )
    assert (deeponet.date, deeponet.authors[-1]) == ("2021-03", "George Em Karniadakis")
    # @comment and @string are not records; the book has no abstract
    assert [(r.line, r.reason) for r in rejections] == [(49, "empty abstract")]


def test_unbalanced_braces_cost_their_entry_only(data, run):
    papers, rejections = run(read_bibtex, data / "unbalanced.bib")
    assert [p.title for p in papers] == [
        "Layer Normalization",
        "A Tutorial on Bayesian Optimization",
        "Variational Inference with Normalizing Flows",
    ]
    assert papers[2].arxiv_id == "1505.05770"  # from note = {arXiv:1505.05770}
    assert [(r.line, r.reason) for r in rejections] == [
        (8, "unbalanced braces: the entry opened on line 8 is still open when the next entry starts on line 14"),
        (22, "unbalanced braces: the entry opened on line 21 is closed on line 22 before its end (a '}' too many?)"),
    ]


def test_an_entry_left_open_at_the_end_of_the_file(tmp_path, run):
    path = tmp_path / "open.bib"
    path.write_text("@misc{a, title = {T}, abstract = {A.}}\n\n@misc{b, title = {Open\n")
    papers, rejections = run(read_bibtex, path)
    assert [p.title for p in papers] == ["T"]
    assert [(r.line, r.reason) for r in rejections] == [
        (3, "unbalanced braces: the entry opened on line 3 is still open at the end of the file"),
    ]


def test_bytes_that_are_not_utf8_cost_their_entry(data, run):
    papers, rejections = run(read_bibtex, data / "latin1.bib")
    assert [p.title for p in papers] == ["Layer Normalization"]
    assert [(r.line, r.reason) for r in rejections] == [(8, "not UTF-8 (byte 0xfc at column 14)")]


def test_a_malformed_field_is_reported_on_its_line(tmp_path, run):
    path = tmp_path / "bad.bib"
    path.write_text("@misc{a,\n  title = {T},\n  abstract {A.},\n}\n")
    _, rejections = run(read_bibtex, path)
    assert [(r.line, r.reason) for r in rejections] == [
        (3, "malformed BibTeX entry: expected '=' after field 'abstract'"),
    ]


def test_empty_file_has_no_records(data, run):
    assert run(read_bibtex, data / "empty.bib") == ([], [])


def test_parse_entry_expands_strings_months_and_concatenation():
    macros = {"jul": "July"}
    parse_entry('@string{nmi = "Nature Machine Intelligence"}', macros)
    entry = parse_entry('@article{k, journal = nmi # { 3}, month = jul, year = 2021}', macros)
    assert entry.fields == {"journal": "Nature Machine Intelligence 3", "month": "July", "year": "2021"}


def test_parse_entry_error_has_an_offset():
    with pytest.raises(BibSyntaxError) as info:
        parse_entry("@misc{k, title = }", {})
    assert info.value.offset == len("@misc{k, title = ")


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Ba, Jimmy Lei and Kiros, Jamie Ryan", ["Jimmy Lei Ba", "Jamie Ryan Kiros"]),
        ("Tri Dao and Daniel Y. Fu", ["Tri Dao", "Daniel Y. Fu"]),
        (r"M{\"u}ller, Samuel and others", ["Samuel Müller"]),
        ("{OpenAI} and {Google Research and DeepMind}", ["OpenAI", "Google Research and DeepMind"]),
        ("King, Jr, Martin Luther", ["Martin Luther King Jr"]),
    ],
)
def test_split_authors(raw, names):
    assert split_authors(raw) == names


def _doubling_macros(levels: int) -> str:
    """713 bytes at 27 levels: each macro is the one before it twice (issue 19)."""
    lines = ['@string{m0 = "xxxxxxxxxx"}']
    lines += [f"@string{{m{k} = m{k - 1} # m{k - 1}}}" for k in range(1, levels + 1)]
    return "\n".join(lines) + f"\n@misc{{bomb, title = {{Bomb}}, abstract = m{levels}}}\n"


@pytest.mark.parametrize("levels", [27, 31])
def test_macros_that_double_each_other_are_rejected_without_being_expanded(tmp_path, run, levels):
    path = tmp_path / "bomb.bib"
    path.write_text(_doubling_macros(levels) + "@misc{ok, title = {T}, abstract = {A.}}\n")
    papers, rejections = run(read_bibtex, path)  # 128 s and 14.5 GB at 27 levels; MemoryError at 31
    assert [p.title for p in papers] == ["T"]
    assert [(r.line, r.reason) for r in rejections] == [
        (levels + 2, f"macro 'm{levels}' expands to more than {MAX_VALUE_CHARS:,} characters"),
    ]


def test_a_value_made_long_by_concatenation_is_rejected_on_its_line(tmp_path, run):
    half = "x" * (MAX_VALUE_CHARS // 2 + 1)
    path = tmp_path / "long.bib"
    path.write_text(f'@string{{h = "{half}"}}\n@misc{{k,\n  title = {{T}},\n  abstract = h # h}}\n')
    _, rejections = run(read_bibtex, path)
    assert [(r.line, r.reason) for r in rejections] == [
        (4, f"value longer than {MAX_VALUE_CHARS:,} characters once its macros are expanded"),
    ]


def test_many_macros_under_the_limit_are_bounded_together(tmp_path, run):
    big = "y" * (MAX_VALUE_CHARS - 10)
    n = MAX_MACRO_CHARS // len(big) + 1
    path = tmp_path / "many.bib"
    path.write_text(f'@string{{s0 = "{big}"}}\n' + "".join(f"@string{{s{k} = s0}}\n" for k in range(1, n + 1))
                    + f"@misc{{k, title = {{T}}, abstract = s{n}}}\n")
    _, rejections = run(read_bibtex, path)
    assert [r.reason for r in rejections] == [f"macro 's{n}' is defined after the file's macros reached "
                                              f"{MAX_MACRO_CHARS:,} characters"]


def test_private_use_characters_in_a_title_are_kept(tmp_path, run):
    path = tmp_path / "pua.bib"
    path.write_text("@misc{k, title = {Marks \ue000\ue001\ue002 and \\& \\%}, abstract = {A.}}\n", encoding="utf-8")
    papers, _ = run(read_bibtex, path)
    assert papers[0].title == "Marks \ue000\ue001\ue002 and & %"

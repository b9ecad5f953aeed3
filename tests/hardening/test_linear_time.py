"""Extraction time grows linearly with the length of an abstract, whatever the abstract is made of;
reading a listing page, with the length of a title that goes on over many lines.

Each kind below once made extraction quadratic in one process (issue 19): 12,500 ``%`` took 23 s,
100,000 characters of "1,000,000,..." 118 s, of "we propose " 35 s; the 100,000-character limit on
an abstract did not protect against them. Each test extracts an abstract made of one pattern
repeated to 2,000, 4,000 and 8,000 characters and checks the time per doubling of the length (see
``growth.py``): at most 2.5x. The extraction rewrite must keep these tests.
"""
from __future__ import annotations

import pytest
from growth import LINEAR, time_per_doubling

from kg.extract.pipeline import extract_paper
from kg.ingest.listing import read_listing
from kg.model import Paper

SIZES = (2_000, 4_000, 8_000)

# name -> the abstract of ``size`` characters
KINDS = {
    # spaCy's tokenizer on one huge token
    "% repeated": lambda n: "%" * n,
    "( repeated": lambda n: "(" * n,
    "emoji repeated": lambda n: "😀" * n,
    # claims
    "'5% ' repeated": lambda n: ("5% " * n)[:n],
    "1,000,000,... (one number)": lambda n: ("1" + ",000" * n)[:n],
    "'5 GB 10 ms ' repeated": lambda n: ("5 GB 10 ms " * n)[:n],
    "'by 5% over ' repeated": lambda n: ("by 5% over " * n)[:n],
    "'3x faster than ' repeated": lambda n: ("3x faster than " * n)[:n],
    "'2x more ' repeated": lambda n: ("2x more " * n)[:n],
    "'one third of the memory ' repeated": lambda n: ("one third of the memory " * n)[:n],
    # methods
    "'we propose ' repeated": lambda n: ("we propose " * n)[:n],
}


@pytest.mark.parametrize("kind", KINDS)
def test_extraction_time_per_doubling_of_the_abstract_is_at_most_linear(kind, warm_nlp):
    def make(size: int):
        paper = Paper("p", "A title", KINDS[kind](size))
        return lambda: extract_paper(paper, warm_nlp)

    ratio, times = time_per_doubling(make, SIZES)
    assert ratio <= LINEAR, f"{kind}: x{ratio:.2f} per doubling (CPU seconds at {SIZES}: {times})"


def _listing(tmp_path, lines: int):
    """A saved listing page whose one title goes on over ``lines`` lines ("... of" each time)."""
    path = tmp_path / f"title_{lines}.txt"
    path.write_text("Learning Graphs of\n" * lines + "We study graphs. " * 20 + "\n", encoding="utf-8")
    return lambda: list(read_listing(path))


def test_reading_a_title_continued_over_many_lines_is_linear_in_the_lines(tmp_path):
    # 2k, 4k, 8k, 16k lines took 3.4, 14.7, 75, 221 s (issue 19, item 3)
    ratio, times = time_per_doubling(lambda n: _listing(tmp_path, n), (4_000, 8_000, 16_000))
    assert ratio <= LINEAR, f"x{ratio:.2f} per doubling (CPU seconds: {times})"

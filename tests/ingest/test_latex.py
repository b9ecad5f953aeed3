"""LaTeX in bibliographic text becomes plain Unicode."""
from __future__ import annotations

import pytest

from kg.ingest.latex import latex_to_text, strip_braces


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r'M{\"u}ller', "Müller"),
        (r'M\"{u}ller', "Müller"),
        (r'M\"uller', "Müller"),
        (r"R{\'e}", "Ré"),
        (r"\'e", "é"),
        (r"Cl\'{e}ment", "Clément"),
        (r"{\'\i}", "í"),
        (r"\`a la", "à la"),
        (r"Fran\c{c}ois", "François"),
        (r"Fran\c cois", "François"),
        (r"Erd\H{o}s", "Erdős"),
        (r"\v{S}ediv\'y", "Šedivý"),
        (r"Stra{\ss}e", "Straße"),
        (r"\AA{}ngstr\"om", "Ångström"),
        (r"{\o}stergaard", "østergaard"),
        (r"{FlashAttention}: {Fast} and {Memory}-{Efficient}", "FlashAttention: Fast and Memory-Efficient"),
        (r"pages 218--229", "pages 218–229"),
        (r"IO-aware --- really", "IO-aware — really"),
        (r"50\% of A \& B, x\_1, \$5", "50% of A & B, x_1, $5"),
        (r"a \{set\}", "a {set}"),
        (r"{\textless}50 {\textgreater} {\textasciitilde}1", "<50 > ~1"),
        (r"rate {\eta} and \lambda", "rate η and λ"),
        (r"\emph{very} \textbf {bold}", "very bold"),
        (r"Fig.~1", "Fig. 1"),
        (r"``quoted''", "“quoted”"),
        (r"\unknowncommand stays", r"\unknowncommand stays"),
    ],
)
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text


def test_strip_braces_keeps_dashes_of_identifiers():
    assert strip_braces(r"{10.1000/a--b\_c}") == "10.1000/a--b_c"


def test_private_use_characters_in_the_input_come_out_as_they_went_in():
    # the cleaner's own placeholders for \& \% \$ are private-use characters too (issue 19)
    assert latex_to_text("A \ue000\ue001\ue002 B \\& \\% \\$ C") == "A \ue000\ue001\ue002 B & % $ C"

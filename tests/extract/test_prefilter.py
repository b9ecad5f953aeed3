"""The cheap pre-tests never hide a match: each is checked against the pattern it guards."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.methods import _NAME_MARK, _URL_MARK, _chunks_holding
from kg.extract.prefilter import may_contain

# Letters the patterns care about, white space of several kinds, and the case traps.
ALPHABET = "aAbBkKsSiIxX019 .:/@-_\n\t\u00a0\u017f\u0131\u0130\u212a"
TEXTS = st.text(alphabet=ALPHABET, max_size=40)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_chunks_holding_a_name_mark_equal_the_regex_it_replaces(text: str):
    slow = re.compile(r"\S*(?:[A-Z]\S*[A-Z]|[a-z][A-Z]|[A-Za-z]\d)\S*")
    assert _chunks_holding(_NAME_MARK, text) == [m.span() for m in slow.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "wmocrgn", max_size=40))
def test_chunks_holding_a_url_mark_equal_the_regex_it_replaces(text: str):
    slow = re.compile(r"\S*(?:://|www\.|\.(?:com|org|net|io|ai|edu|science|html?|md)\b|@)\S*")
    assert _chunks_holding(_URL_MARK, text) == [m.span() for m in slow.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="tTiImMeEsS \u017f\u0131\u0130\u212a", max_size=12))
def test_may_contain_is_true_whenever_the_ignorecase_pattern_matches(text: str):
    if re.search("times", text, re.IGNORECASE):
        assert may_contain(("times",), text)


def test_may_contain_rejects_a_text_without_the_word():
    assert not may_contain(("times", "fold"), "A plain sentence about models.")

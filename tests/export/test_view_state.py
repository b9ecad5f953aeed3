"""Views as URL fragments: what kg view writes is what the page reads back."""
from __future__ import annotations

import pytest

from kg.export.view_state import parse_view_fragment, view_fragment

IDS = ["dataset:imagenet", "paper:title:<img src=x>", "hostile:#frag?q=1&x,y=2", "method:ünï cødé 深度",
       "topic:50%"]


@pytest.mark.parametrize("node", IDS)
def test_any_node_id_survives_the_round_trip(node):
    fragment = view_fragment(mode="overview", focus=node, expand=[node, "method:adam"], topic=node)
    assert "#" not in fragment and fragment.count("&") == 3
    assert parse_view_fragment("#" + fragment) == {"mode": "overview", "focus": node, "expand": [node, "method:adam"],
                                                   "topic": node}


def test_keys_come_in_a_fixed_order_and_defaults_are_left_out():
    assert view_fragment(years=(2019, 2024), min=3, off=["paper", "claim"], mode="entities") == \
        "mode=entities&off=paper,claim&min=3&from=2019&to=2024"
    assert view_fragment() == ""


@pytest.mark.parametrize(("fragment", "message"), [
    ("mode=everything", "mode must be one of"),
    ("zoom=3", "unknown view key 'zoom'"),
    ("from=last-year", "from must be a whole number"),
])
def test_a_fragment_the_page_would_not_understand_is_refused(fragment, message):
    with pytest.raises(ValueError, match=message):
        parse_view_fragment(fragment)

"""A view of the HTML page as a URL fragment: what ``kg view`` opens and what a bookmark keeps.

The page (``templates/graph.js``) writes its state to the fragment after every change and reads it
back on Back/Forward or when opened; :func:`view_fragment` writes the same text in Python (keys in
a fixed order, values encoded as JavaScript's ``encodeURIComponent`` does), so ``kg view --view``
and links made by scripts open exactly the view the page would have shown.

=========  =========================================================================================
key        value
=========  =========================================================================================
``mode``   ``overview`` (the first view), ``all``, ``papers`` or ``entities``
``focus``  the selected node's id (its neighbourhood highlighted, its panel open)
``expand`` node ids whose neighbourhoods are added to the view, comma-separated
``off``    node types not drawn, comma-separated (``paper,claim``)
``topic``  a topic's node id: only its papers and what they link to
``min``    the least papers a co-occurrence edge needs to be drawn
``from``   the first year of papers drawn, ``to`` the last (papers without a date are then hidden)
=========  =========================================================================================

Examples
--------
>>> view_fragment(mode="overview", focus="dataset:imagenet", expand=["dataset:imagenet"])
'mode=overview&focus=dataset%3Aimagenet&expand=dataset%3Aimagenet'
>>> parse_view_fragment("#mode=entities&off=topic,task&min=3")
{'mode': 'entities', 'off': ['topic', 'task'], 'min': 3}
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

__all__ = ["MODES", "parse_view_fragment", "view_fragment"]

MODES = ("overview", "all", "papers", "entities")
_KEYS = ("mode", "focus", "expand", "off", "topic", "min", "from", "to")
_LISTS = frozenset({"expand", "off"})
_INTS = frozenset({"min", "from", "to"})


def _encode(value: str) -> str:
    return quote(value, safe="!~*'()")  # what encodeURIComponent leaves as it is


def view_fragment(*, mode: str | None = None, focus: str | None = None, expand: Iterable[str] = (),
                  off: Iterable[str] = (), topic: str | None = None, min: int | None = None,
                  years: tuple[int, int] | None = None) -> str:
    """The fragment (without ``#``) of a view; keys left at their default are left out.

    Examples
    --------
    >>> view_fragment(mode="all", off=["paper"], years=(2019, 2021))
    'mode=all&off=paper&from=2019&to=2021'
    """
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    values: dict[str, Any] = {"mode": mode, "focus": focus, "expand": list(expand), "off": list(off),
                              "topic": topic, "min": min}
    if years is not None:
        values["from"], values["to"] = years
    parts = []
    for key in _KEYS:
        value = values.get(key)
        if value is None or value == []:
            continue
        text = ",".join(_encode(str(v)) for v in value) if key in _LISTS else _encode(str(value))
        parts.append(f"{key}={text}")
    return "&".join(parts)


def parse_view_fragment(fragment: str) -> dict[str, Any]:
    """The view a fragment describes (``#`` optional); raises ``ValueError`` on unknown keys or values."""
    view: dict[str, Any] = {}
    for part in fragment.removeprefix("#").split("&"):
        if not part:
            continue
        key, _, raw = part.partition("=")
        if key not in _KEYS:
            raise ValueError(f"unknown view key {key!r} (known: {', '.join(_KEYS)})")
        if key in _LISTS:
            view[key] = [unquote(v) for v in raw.split(",") if v]
        elif key in _INTS:
            try:
                view[key] = int(unquote(raw))
            except ValueError:
                raise ValueError(f"{key} must be a whole number, not {unquote(raw)!r}") from None
        else:
            view[key] = unquote(raw)
    if view.get("mode", "overview") not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {view['mode']!r}")
    return view

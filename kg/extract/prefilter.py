"""Cheap substring tests that prove a case-insensitive pattern cannot match a text.

Most sentences of an abstract hold no URL, no "times", no "half": a ``str.lower()`` and a few
``in`` tests are tens of times cheaper than running a ``re.IGNORECASE`` pattern that tries an
alternation at every character. The test is exact as a filter — it never rejects a text the
pattern would match — with one subtlety: ``re.IGNORECASE`` matches "ſ" to "s" and "ı"/"İ" to "i",
which ``str.lower()`` does not produce, so a text holding one of them always passes.

Examples
--------
>>> may_contain(("times", "fold"), "A 3-FOLD gain")
True
>>> may_contain(("times", "fold"), "No gain at all")
False
>>> may_contain(("times",), "3 tımes")  # dotless i: re.IGNORECASE would match it
True
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["CASE_TRAPS", "may_contain"]

# Non-ASCII letters that re.IGNORECASE matches to an ASCII letter which str.lower() does not
# give (checked over all of Unicode for a-z): "ſ" ~ s, "ı" ~ i, and "İ", which lowers to two
# characters.
CASE_TRAPS = frozenset("\u017f\u0131\u0130")


def may_contain(words: Iterable[str], text: str) -> bool:
    """False only when no lower-case ``words`` occurs in ``text`` under ``re.IGNORECASE``."""
    lower = text.lower()
    return any(w in lower for w in words) or (not text.isascii() and not CASE_TRAPS.isdisjoint(text))

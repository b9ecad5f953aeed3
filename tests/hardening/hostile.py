"""Hostile text for the hardening tests: the fragments attackers and broken exports produce, and
Hypothesis strategies that mix them with arbitrary Unicode and with text the extractors react to.

A fragment list beats plain ``st.text()``: uniform random code points almost never spell
``</script>`` or ``javascript:``, and never name a dataset, so they would not reach the code that
has to escape them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

from kg.ingest.fields import clean_text

__all__ = [
    "HOSTILE_FRAGMENTS", "HOSTILE_URLS", "hardening_profile", "hostile_records", "hostile_text", "keepable",
    "write_jsonl",
]

HOSTILE_FRAGMENTS = (
    '"', "'", '"""', "'''", "`", "\\", "\\n", "\\u0000", "<script>alert(1)</script>", "</script>",
    "<!--", "-->", "]]>", "<![CDATA[", ">", "<", "&", "&amp;", "&#x3C;", "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>", "{{7*7}}", "${x}", "%s", "%zz", "%00", " ", "\t", "\n", "\r\n", "\r",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\u00a0", "\u200b", "\u200e", "\u200f", "\u202e",
    "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\ud83d", "😀", "👩‍💻",
    "深度学习", "Ünïcödé", "e\u0301", "_:b0", "@prefix", "^^xsd:string", "<http://evil/>", " . ",
    "javascript:alert(1)", "data:text/html,<b>x</b>",
    # text the extractors turn into entities, so that hostile text reaches node ids and IRIs
    "ResNet-50", "CIFAR-10", "ImageNet", "BERT", "A100 GPU", "github.com/a/b", "https://github.com/o/r",
    "93.1% accuracy", "8.2x speedup", "We propose FooNet.", "reinforcement learning", "transformer",
)
HOSTILE_URLS = (
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", 'https://x.org/"onmouseover="alert(1)',
    "https://x.org/'><script>alert(1)</script>", "https://x.org/a b>c", "//evil.example/x", "file:///etc/passwd",
    "https://arxiv.org/abs/2401.01234", "http://例え.jp/論文", "https://x.org/\u202egpj.exe", "",
)


def hardening_profile() -> settings:
    """The profile chosen with ``--hypothesis-profile`` (``ci`` when none: hypothesis' "default").

    The profiles are registered in ``conftest.py``.
    """
    name = settings.get_current_profile_name()
    return settings.get_profile("ci" if name == "default" else name)


def hostile_text(max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Text of hostile fragments and arbitrary Unicode (surrogates included) in any order."""
    piece = st.one_of(
        st.sampled_from(HOSTILE_FRAGMENTS),
        st.text(max_size=8),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


@st.composite
def hostile_records(draw: st.DrawFn, *, max_size: int = 6) -> list[dict]:
    """JSON records of papers: hostile titles, abstracts, authors, urls, ids; some duplicates."""
    n = draw(st.integers(1, max_size))
    records = []
    for i in range(n):
        rec = {"title": draw(hostile_text()), "abstract": draw(hostile_text(30))}
        if draw(st.booleans()):
            rec["id"] = draw(st.one_of(hostile_text(4), st.just(f"p{i}")))
        if draw(st.booleans()):
            rec["url"] = draw(st.one_of(st.sampled_from(HOSTILE_URLS), hostile_text(4)))
        if draw(st.booleans()):
            rec["authors"] = draw(st.lists(hostile_text(3), max_size=3))
        records.append(rec)
    if draw(st.booleans()):  # the same paper again: must be merged, not lost
        records.append(dict(draw(st.sampled_from(records))))
    return records


def keepable(rec: dict) -> bool:
    """Whether a generated record makes a paper: a title and an abstract once control characters are
    dropped, and an id that every export can carry (U+FFFE and U+FFFF are no XML characters)."""
    return (bool(clean_text(rec["title"])) and bool(clean_text(rec["abstract"], one_line=False))
            and not any(c in str(rec.get("id", "")) for c in "\ufffe\uffff"))


def write_jsonl(path: Path, rows: Iterable[dict]) -> Path:
    """Write records as JSON Lines (ASCII-escaped, so lone surrogates travel as ``\\udXXX``)."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path

"""Saved listing pages (plain text): each paper is a title line followed by its abstract line.

A page saved from a paper-listing site mixes the papers with page furniture ("Get trending papers in
your email inbox!", "Subscribe", "new", "byAK and the research community", dates such as "Mar 11",
"Upvote", counters, blank lines). The rules are general, not tied to one page:

- a known piece of furniture (``resources/listing_boilerplate.json``: whole-line patterns such as
  "Subscribe", "Load more", dates) is skipped, and a furniture word glued to the next line
  ("SubscribeSample-Efficiency in ...") is cut off;
- a line with fewer than two letters (counters, bullets) is skipped;
- a skipped line is yielded as :class:`~kg.model.Skipped` (the report counts it apart from the
  records), never as a rejection;
- an *abstract* is prose: a long line (300+ characters), or a line of 12+ words that ends a sentence
  with a full stop, or holds two or more sentences;
- a *title* is a short line (under 300 characters, at most 40 words) that does not end with a full stop
  (a question mark is fine: titles ask questions);
- a title followed, after any skipped lines, by an abstract is a paper; a line listing person names
  with commas ("Ada Lovelace, Alan Turing") between the two is taken as the authors;
- a title that ends with a joining word or mark (":", ",", "of", "and"...) continues on the next line;
- a line that is only an arXiv id or a URL is the paper's link, not a title;
- a short sentence ending in a full stop is a weak title: it is used only if an abstract follows it
  directly, and dropped silently otherwise.

What cannot be paired is rejected with its line: a title with no abstract after it (the next line
is another title, or the file ends), an abstract with no title before it.

Papers from a listing page have no date: the page's "Mar 11" headings carry no year, and nothing
ties a heading to the papers under it. Trends count these papers apart, as undated.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "page.txt"
>>> abstract = "We study how the batch size changes training. " * 8
>>> _ = p.write_text("Subscribe\\nMar 11\\nLarge Batch Training\\n\\n" + abstract + "\\nOrphan Title\\nLoad more\\n")
>>> [getattr(r, "title", None) or str(r) for r in read_listing(p) if not isinstance(r, Skipped)]  # doctest: +ELLIPSIS
['Large Batch Training', '...page.txt:6: title-like line with no abstract after it: Orphan Title']
>>> [(s.line, s.text) for s in read_listing(p) if isinstance(s, Skipped)]
[(1, 'Subscribe'), (2, 'Mar 11'), (7, 'Load more')]
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from kg.ingest.fields import clean_text, paper_from_fields
from kg.ingest.text_lines import iter_lines
from kg.model import Paper, Rejection, Skipped, Source

__all__ = [
    "LineKind",
    "classify_line",
    "is_author_line",
    "is_prose",
    "is_title_like",
    "read_listing",
    "strip_glued_prefix",
]

LineKind = Literal["blank", "boilerplate", "noise", "link", "prose", "title", "sentence"]

PROSE_MIN_CHARS = 300  # no title is this long; any line this long is prose
PROSE_MIN_WORDS = 12  # a shorter line is prose only if it is a sentence of at least this many words
TITLE_MAX_WORDS = 40

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]?[A-Z0-9]")
_LETTER = re.compile(r"[^\W\d_]")
_LINK = re.compile(r"(?:arXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?|https?://\S+)", re.IGNORECASE)
# A title that ends like this goes on on the next line.
_CONTINUES = re.compile(
    r"(?:[:,;&\-–—/(]|\b(?:a|an|and|by|for|from|in|of|on|or|the|to|via|with))$", re.IGNORECASE
)
# "Ada Lovelace", "J. R. R. Tolkien", "Jean-Luc Picard", "Lovelace, A." handled as name parts.
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’\-]*\.?|(?:[^\W\d_]\.)+)$")
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "la", "le", "du", "del", "dos"})
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|·|\band\b|&)\s*")


@dataclass(frozen=True)
class _Boilerplate:
    lines: re.Pattern[str]
    glued: re.Pattern[str]


@cache
def _boilerplate() -> _Boilerplate:
    text = resources.files("kg.ingest").joinpath("resources/listing_boilerplate.json").read_text("utf-8")
    data = json.loads(text)
    lines = re.compile("(?:" + "|".join(f"(?:{p})" for p in data["lines"]) + r")\Z", re.IGNORECASE)
    # A glued word is cut only when a capital letter or a digit follows it directly.
    glued = re.compile("^(?:" + "|".join(re.escape(w) for w in data["glued_prefixes"]) + r")(?=[A-Z0-9])")
    return _Boilerplate(lines, glued)


def strip_glued_prefix(text: str) -> str:
    """Cut a furniture word glued to the start of a line.

    Examples
    --------
    >>> strip_glued_prefix("SubscribeSample-Efficiency in Multi-Batch RL")
    'Sample-Efficiency in Multi-Batch RL'
    >>> strip_glued_prefix("Subscribers Matter")
    'Subscribers Matter'
    """
    return _boilerplate().glued.sub("", text, count=1)


def is_prose(text: str) -> bool:
    """True for a line that reads as an abstract.

    Examples
    --------
    >>> is_prose("Can we learn better with hard samples?")
    False
    >>> is_prose("We propose a simple method that trains deep networks faster on small data sets.")
    True
    """
    if len(text) >= PROSE_MIN_CHARS:
        return True
    if not _SENTENCE_END.search(text) or len(text.split()) < PROSE_MIN_WORDS:
        return False
    return text.rstrip("\"'”’)]").endswith((".", "…")) or len(_SENTENCE_BREAK.findall(text)) >= 1


def is_title_like(text: str) -> bool:
    """True for a short line that could be a title (no final full stop).

    Examples
    --------
    >>> is_title_like("How Does Critical Batch Size Scale in Pre-training?")
    True
    >>> is_title_like("Join the community.")
    False
    """
    return (
        len(text) < PROSE_MIN_CHARS
        and len(text.split()) <= TITLE_MAX_WORDS
        and not text.rstrip("\"'”’)]").endswith((".", "…"))
        and not is_prose(text)
    )


def is_author_line(text: str) -> bool:
    """True for a line that lists two or more person names.

    Examples
    --------
    >>> is_author_line("Ada Lovelace, Alan M. Turing and Grace Hopper")
    True
    >>> is_author_line("Layer Normalization and Weight Normalization")
    False
    >>> is_author_line("Combining Recurrent, Convolutional, and Continuous-time Models")
    False
    """
    # a comma or a dot is required: "Layer Normalization and Weight Normalization" is a title, not two people
    if ("," not in text and "·" not in text) or ":" in text or any(c.isdigit() for c in text):
        return False
    names = [n for n in _NAME_SEPARATOR.split(text) if n]
    if len(names) < 2:
        return False
    for name in names:
        tokens = name.split()
        if not 2 <= len(tokens) <= 4 or not all(_is_name_token(t) for t in tokens):
            return False
    return True


def _is_name_token(token: str) -> bool:
    return token in _NAME_PARTICLES or (token[0].isupper() and _NAME_TOKEN.match(token) is not None)


def _split_authors(text: str) -> list[str]:
    return [n for n in _NAME_SEPARATOR.split(text) if n]


def classify_line(text: str) -> LineKind:
    """What a (stripped, glued-prefix-free) line of a listing page is.

    Examples
    --------
    >>> [classify_line(t) for t in ["", "Mar 11", "Jan 21, 2024", "Upvote", "42", "Layer Normalization"]]
    ['blank', 'boilerplate', 'boilerplate', 'boilerplate', 'noise', 'title']
    >>> classify_line("arXiv:1607.06450"), classify_line("https://arxiv.org/abs/1607.06450")
    ('link', 'link')
    """
    if not text:
        return "blank"
    if _boilerplate().lines.match(text):
        return "boilerplate"
    if len(_LETTER.findall(text)) < 2:
        return "noise"
    if _LINK.fullmatch(text):
        return "link"
    if is_prose(text):
        return "prose"
    if is_title_like(text):
        return "title"
    return "sentence"


@dataclass
class _Pending:
    """A title waiting for its abstract.

    A title continued over several lines keeps its lines in a list, joined once at the end: a
    title of thousands of lines ending in "of" must not be copied and searched again per line.
    """

    line: int
    first: str
    weak: bool = False
    bad: tuple[int, str] | None = None  # first non-UTF-8 line of the record, and why
    authors: list[str] = field(default_factory=list)
    link: str | None = None
    more: list[str] = field(default_factory=list)  # the lines that continue the title

    @property
    def title(self) -> str:
        return " ".join([self.first, *self.more])

    def continues(self) -> bool:
        """Whether the title goes on on the next line (its last line ends with a joining word)."""
        return _CONTINUES.search(self.more[-1] if self.more else self.first) is not None


def read_listing(path: Path) -> Iterator[Paper | Rejection | Skipped]:
    """Stream the papers of a saved listing page (see the module docstring for the rules)."""
    name = str(path)
    pending: _Pending | None = None
    for ln in iter_lines(path):
        text = strip_glued_prefix(clean_text(ln.text))
        kind = classify_line(text)
        bad = (ln.number, ln.bad) if ln.bad else None
        if kind == "blank":
            continue
        if kind in ("boilerplate", "noise"):
            yield Skipped(name, ln.number, text)
            continue
        if kind == "link":
            if pending is not None and not pending.weak and pending.link is None:
                pending.link = text
            continue
        if kind == "sentence":
            if pending is None or pending.weak:
                pending = _Pending(ln.number, text, weak=True, bad=bad)
            continue
        if kind == "title":
            if pending is not None and not pending.weak:
                if pending.continues() and not pending.authors:
                    pending.more.append(text)
                    pending.bad = pending.bad or bad
                    continue
                if not pending.authors and is_author_line(text):
                    pending.authors = _split_authors(text)
                    pending.bad = pending.bad or bad
                    continue
                yield _no_abstract(name, pending)
            pending = _Pending(ln.number, text, bad=bad)
            continue
        # prose
        if pending is None:
            yield Rejection(name, ln.number, f"abstract-like line with no title before it: {_preview(text)}")
            continue
        bad = pending.bad or bad
        if bad:
            yield Rejection(name, bad[0], bad[1])
        else:
            fields = {"title": pending.title, "abstract": text, "authors": pending.authors}
            if pending.link:
                key = "url" if pending.link.lower().startswith("http") else "arxiv_id"
                fields[key] = pending.link
            yield paper_from_fields(fields, Source(name, pending.line, "listing"))
        pending = None
    if pending is not None and not pending.weak:
        yield _no_abstract(name, pending)


def _no_abstract(name: str, pending: _Pending) -> Rejection:
    return Rejection(name, pending.line, f"title-like line with no abstract after it: {_preview(pending.title)}")


def _preview(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

"""Turn the loose fields of one input record into a :class:`~kg.model.Paper`, or say why not.

Every reader funnels its records through :func:`paper_from_fields`, so that validation and error
messages are the same for every format.

Examples
--------
>>> from kg.model import Source
>>> src = Source("in.jsonl", 4, "jsonl")
>>> paper_from_fields({"title": " A  Title ", "abstract": "Text."}, src).title
'A Title'
>>> print(paper_from_fields({"title": "", "abstract": "Text."}, src))
in.jsonl:4: empty title
>>> print(paper_from_fields({"title": "T", "abstract": 3}, src))
in.jsonl:4: field 'abstract' must be text, got int
>>> paper_from_fields({"title": "T", "abstract": "A.", "doi": "10.48550/arXiv.2401.01234"}, src).id
'arxiv:2401.01234'

A lone UTF-16 surrogate (JSON ``"\\ud83d"``: half of an emoji cut by a length limit upstream) is
not a character and cannot be written as UTF-8; it becomes U+FFFD and the record is kept:

>>> paper_from_fields({"title": "Fast \\ud83d", "abstract": "A."}, src).title == "Fast \\ufffd"
True

An id is text or an integer: ``NaN``, ``Infinity`` and ``1e400`` are JSON numbers Python reads as
floats that are not numbers (and two of them would be the same paper); an id holding U+FFFE or
U+FFFF, which no XML export can carry, is rejected too, so that no writer meets it later.

>>> print(paper_from_fields({"id": float("nan"), "title": "T", "abstract": "A."}, src))
in.jsonl:4: field 'id' must be text or an integer, got float (nan)
>>> print(paper_from_fields({"id": "p\ufffe1", "title": "T", "abstract": "A."}, src))
in.jsonl:4: field 'id' holds U+FFFE, which XML (GraphML, GEXF) cannot carry

In other fields these two noncharacters are dropped, as control characters are.

A title or abstract far longer than any real one (a full text pasted into the field, a runaway
field in a broken CSV) is rejected: extraction time grows faster than linearly with its length.

>>> print(paper_from_fields({"title": "T", "abstract": "word " * 30_000}, src))
in.jsonl:4: abstract too long (149999 characters; the limit is 100000: is it a full text?)
"""
from __future__ import annotations

import math
import re
from typing import Any

from kg.ids import normalize_arxiv_id, normalize_doi, paper_id
from kg.ingest.dates import paper_date
from kg.model import Paper, Rejection, Source

__all__ = ["MAX_ABSTRACT_CHARS", "MAX_TITLE_CHARS", "clean_text", "paper_from_fields"]

_ARXIV_DOI_PREFIX = "10.48550/arxiv."
# Control characters, and the noncharacters U+FFFE and U+FFFF, which XML cannot hold either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NOT_IN_XML = re.compile("[\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# arXiv caps abstracts at 1,920 characters; these limits are far above any real title or abstract.
MAX_TITLE_CHARS = 2_000
MAX_ABSTRACT_CHARS = 100_000


def clean_text(text: str, *, one_line: bool = True) -> str:
    """Drop control characters (NUL included) and U+FFFE/U+FFFF, replace lone surrogates, fold white
    space (one-line fields)."""
    text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", text)).replace("\r\n", "\n").replace("\r", "\n")
    return " ".join(text.split()) if one_line else text.strip()


def _text(rec: dict[str, Any], key: str) -> str | None:
    v = rec.get(key)
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and key in ("id", "arxiv_id", "date"):
        if isinstance(v, float) and key == "id":
            raise TypeError(f"field 'id' must be text or an integer, got float ({v})")
        if isinstance(v, float) and not math.isfinite(v):
            raise TypeError(f"field {key!r} must be text or a number, got {v}")
        return str(v)
    if not isinstance(v, str):
        raise TypeError(f"field {key!r} must be text, got {type(v).__name__}")
    return _SURROGATE.sub("\ufffd", v)


def _authors(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        parts = re.split(r"\s*;\s*|\s+and\s+", v) if (";" in v or " and " in v) else v.split(",")
        return [clean_text(p) for p in parts if p.strip()]
    if isinstance(v, list):
        if odd := next((a for a in v if not isinstance(a, str)), None):
            raise TypeError(f"field 'authors' must be a list of names (text), got a list holding {type(odd).__name__}")
        return [clean_text(a) for a in v if a.strip()]
    raise TypeError(f"field 'authors' must be a list of names or text, got {type(v).__name__}")


def paper_from_fields(rec: dict[str, Any], source: Source) -> Paper | Rejection:
    """Validate one record's fields (id, title, abstract, authors, url, date, arxiv_id, doi); the date
    is normalised by :func:`kg.ingest.dates.paper_date` (``year``/``month`` and the arXiv id stand in
    for a missing one)."""
    try:
        title = clean_text(_text(rec, "title") or "")
        abstract = clean_text(_text(rec, "abstract") or "", one_line=False)
        given = _text(rec, "id")
        url, date = _text(rec, "url"), _text(rec, "date")
        arxiv_raw, doi_raw = _text(rec, "arxiv_id"), _text(rec, "doi")
        authors = _authors(rec.get("authors"))
    except TypeError as exc:
        return Rejection(source.file, source.line, str(exc))
    if given and (bad := _NOT_IN_XML.search(given)):
        reason = f"field 'id' holds U+{ord(bad.group()):04X}, which XML (GraphML, GEXF) cannot carry"
        return Rejection(source.file, source.line, reason)
    if not title:
        return Rejection(source.file, source.line, "empty title")
    if not abstract:
        return Rejection(source.file, source.line, "empty abstract")
    for name, text, limit in (("title", title, MAX_TITLE_CHARS), ("abstract", abstract, MAX_ABSTRACT_CHARS)):
        if len(text) > limit:
            reason = f"{name} too long ({len(text)} characters; the limit is {limit}: is it a full text?)"
            return Rejection(source.file, source.line, reason)
    arxiv_id = normalize_arxiv_id(arxiv_raw) if arxiv_raw else None
    if arxiv_id is None and url and "arxiv.org" in url:
        arxiv_id = normalize_arxiv_id(url)
    doi = normalize_doi(doi_raw) if doi_raw else None
    if arxiv_id is None and doi and doi.startswith(_ARXIV_DOI_PREFIX):
        # arXiv's own DOIs (10.48550/arXiv.<id>) name the arXiv id: the same paper as its listing.
        arxiv_id = normalize_arxiv_id(doi.removeprefix(_ARXIV_DOI_PREFIX))
    pid = paper_id(title=title, given=clean_text(given) if given else None, arxiv_id=arxiv_id, doi=doi)
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=authors,
        url=clean_text(url) if url else None,
        date=paper_date(clean_text(date) if date else None, year=rec.get("year"), month=rec.get("month"),
                        arxiv_id=arxiv_id),
        arxiv_id=arxiv_id,
        doi=doi,
        sources=[source],
    )

"""OpenAlex works (JSON): a single work, a list, an API page ``{"results": [...]}``, or JSON Lines.

OpenAlex gives abstracts as an ``abstract_inverted_index`` (word → positions); the text is rebuilt
by position. The paper's identity comes from the DOI and the arXiv id (``ids.arxiv``, an arXiv
landing page, or an arXiv DOI), and only failing both from the OpenAlex id (``openalex:W…``). Title
from ``display_name`` (or ``title``), authors from ``authorships[].author.display_name``, date from
``publication_date``, URL from the primary location's landing page.

Examples
--------
>>> rebuild_abstract({"Deep": [0], "nets": [1, 4], "learn;": [2], "big": [3]})
'Deep nets learn; big nets'
>>> import tempfile, pathlib, json
>>> p = pathlib.Path(tempfile.mkdtemp()) / "works.json"
>>> work = {"id": "https://openalex.org/W2", "display_name": "Layer Normalization",
...         "ids": {"arxiv": "https://arxiv.org/abs/1607.06450"}, "publication_date": "2016-07-21",
...         "abstract_inverted_index": {"Training": [0], "is": [1], "costly.": [2]}}
>>> _ = p.write_text(json.dumps({"meta": {"count": 1}, "results": [work]}))
>>> [(r.id, r.abstract, r.date) for r in read_openalex(p)]
[('arxiv:1607.06450', 'Training is costly.', '2016-07-21')]
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.ingest.fields import paper_from_fields
from kg.ingest.json_stream import iter_records
from kg.ids import normalize_arxiv_id
from kg.model import Paper, Rejection, Source

__all__ = ["rebuild_abstract", "read_openalex", "work_fields"]


class WorkError(ValueError):
    """A work whose fields have the wrong shape."""


def rebuild_abstract(index: Any) -> str:
    """The abstract text from an inverted index (words placed by position, gaps closed).

    Raises :class:`WorkError` when ``index`` is not a mapping of words to lists of positions.
    """
    if index is None:
        return ""
    if not isinstance(index, dict):
        raise WorkError(f"'abstract_inverted_index' must be an object, got {type(index).__name__}")
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in positions
        ):
            raise WorkError(f"'abstract_inverted_index' positions of {word!r} must be a list of integers")
        for p in positions:
            placed.setdefault(p, word)
    return " ".join(placed[p] for p in sorted(placed))


def _get(obj: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(k)
    return obj


def _authors(work: dict[str, Any]) -> list[str]:
    authorships = work.get("authorships") or []
    if not isinstance(authorships, list):
        raise WorkError(f"'authorships' must be a list, got {type(authorships).__name__}")
    names = []
    for a in authorships:
        name = _get(a, "author", "display_name") or _get(a, "raw_author_name")
        if name is not None and not isinstance(name, str):
            raise WorkError(f"an author's display_name must be text, got {type(name).__name__}")
        if name:
            names.append(name)
    return names


def _arxiv(work: dict[str, Any]) -> str | None:
    if isinstance(a := _get(work, "ids", "arxiv"), str) and normalize_arxiv_id(a):
        return a
    locations = work.get("locations") if isinstance(work.get("locations"), list) else []
    for loc in [work.get("primary_location"), *locations]:
        for key in ("landing_page_url", "pdf_url"):
            url = _get(loc, key)
            if isinstance(url, str) and "arxiv.org/" in url and normalize_arxiv_id(url):
                return url
    return None


def work_fields(work: dict[str, Any]) -> dict[str, Any]:
    """The record fields (see :func:`kg.ingest.fields.paper_from_fields`) of one OpenAlex work.

    Examples
    --------
    >>> work_fields({"id": "https://openalex.org/W7", "title": "T", "doi": None,
    ...              "abstract_inverted_index": {"A.": [0]}})["id"]
    'openalex:W7'
    """
    doi = work.get("doi") or _get(work, "ids", "doi")
    arxiv = _arxiv(work)
    openalex = work.get("id") or _get(work, "ids", "openalex")
    given = None
    if not doi and not arxiv and isinstance(openalex, str) and openalex.strip():
        given = "openalex:" + openalex.strip().rstrip("/").rsplit("/", 1)[-1]
    title = work.get("display_name") or work.get("title")
    url = _get(work, "primary_location", "landing_page_url")
    if not isinstance(url, str) or not url:
        url = doi if isinstance(doi, str) and doi.startswith("http") else openalex
    date = work.get("publication_date") or work.get("publication_year")
    return {
        "id": given,
        "title": title,
        "abstract": rebuild_abstract(work.get("abstract_inverted_index")) or work.get("abstract"),
        "authors": _authors(work),
        "url": url if isinstance(url, str) else None,
        "date": date,
        "arxiv_id": arxiv,
        "doi": doi,
    }


def read_openalex(path: Path) -> Iterator[Paper | Rejection]:
    """Stream the works of an OpenAlex file (any of the shapes in the module docstring)."""
    name = str(path)
    for item in iter_records(path):
        if item.error:
            yield Rejection(name, item.line, item.error + item.where())
            continue
        if not isinstance(item.value, dict):
            got = type(item.value).__name__
            yield Rejection(name, item.line, f"expected an OpenAlex work (a JSON object), got {got}{item.where()}")
            continue
        try:
            rec = work_fields(item.value)
        except WorkError as exc:
            yield Rejection(name, item.line, str(exc) + item.where())
            continue
        result = paper_from_fields(rec, Source(name, item.line, "openalex"))
        if isinstance(result, Rejection) and item.index is not None:
            result = Rejection(result.file, result.line, result.reason + item.where())
        yield result

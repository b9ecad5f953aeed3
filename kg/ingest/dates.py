"""A paper's date as the inputs give it, in one form: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

Readers find dates in different places: arXiv Atom ``<published>``, OpenAlex ``publication_date``
(or ``publication_year``), BibTeX ``date`` or ``year``/``month``, JSON Lines and CSV ``date`` or
``year`` (and ``month``). :func:`paper_date` brings them to ISO 8601 at the precision given
(``"2025-03-18T17:59:59Z"`` → ``2025-03-18``, ``"March 2025"`` → ``2025-03``, ``2025`` →
``2025``), and when an input gives no date, a new-style arXiv identifier dates the paper to its
month of submission (``2503.11731`` → ``2025-03``; ``cs/0112017`` → ``2001-12``). Saved listing
pages give no date at all (their "Mar 11" headings carry no year), so their papers have none. A
date in no form this module knows is kept as written; trends count such a paper as undated.

Examples
--------
>>> paper_date("2025-03-18T17:59:59Z"), paper_date("2021/3/5"), paper_date("March 2025"), paper_date(2016)
('2025-03-18', '2021-03-05', '2025-03', '2016')
>>> paper_date(None, year="2019", month="oct"), paper_date(None, arxiv_id="2503.11731")
('2019-10', '2025-03')
>>> paper_date("sometime in spring")
'sometime in spring'
"""
from __future__ import annotations

import re

__all__ = ["arxiv_month", "paper_date"]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})|(\d{4}),?\s+([A-Za-z]{3,9})\.?")
_NEW_ID = re.compile(r"(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?")
_OLD_ID = re.compile(r"[a-z.-]+/(\d{2})(\d{2})\d{3}(?:v\d+)?", re.I)


def _month(text: str) -> int | None:
    t = text.strip().lower()
    if t.isdigit():
        return int(t) if 1 <= int(t) <= 12 else None
    return _MONTHS.index(t[:3]) + 1 if t[:3] in _MONTHS else None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def arxiv_month(arxiv_id: str | None) -> str | None:
    """The month an arXiv identifier was issued in (``2503.11731`` → ``2025-03``), or None.

    >>> arxiv_month("2503.11731v2"), arxiv_month("hep-th/9901001"), arxiv_month("10.1000/x")
    ('2025-03', '1999-01', None)
    """
    if not arxiv_id:
        return None
    m = _NEW_ID.fullmatch(arxiv_id.strip()) or _OLD_ID.fullmatch(arxiv_id.strip())
    if m is None:
        return None
    yy, mm = int(m.group(1)), int(m.group(2))
    year = 1900 + yy if yy >= 91 else 2000 + yy  # old-style ids start in 1991, new-style ones in 2007
    return _iso(year, mm)


def paper_date(date: object, *, year: object = None, month: object = None, arxiv_id: str | None = None) -> str | None:
    """The date of a paper from what its input gives (see the module docstring), or None."""
    if isinstance(date, (int, float)) and not isinstance(date, bool):
        date = str(int(date))
    if isinstance(date, str) and date.strip():
        text = date.strip()
        m = _ISO.fullmatch(text)
        if m:
            parts = [int(p) for p in m.groups() if p is not None]
            return _iso(*parts) or text
        m = _MONTH_YEAR.fullmatch(text)
        if m:
            name, yr = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            mon = _month(name)
            if mon is not None:
                return _iso(int(yr), mon) or text
        return text
    if year is not None and str(year).strip().isdigit():
        mon = _month(str(month)) if month is not None and str(month).strip() else None
        return _iso(int(str(year).strip()), mon)
    return arxiv_month(arxiv_id)

"""Trends from the graph: papers per period for an entity, and the entities rising the fastest.

A paper's period comes from its ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as the readers
give it). A paper whose date does not give the period asked for (no date at all, as in saved
listing pages, or only a year when counting by month) is never dropped silently: every answer
counts such papers apart (``undated``).

Functions take the graph first, so the query API, the CLI and the page share them.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("method:lora", type="method", label="LoRA")
>>> for pid, date in [("a", "2024-03-01"), ("b", "2025-01-10"), ("c", "2025-02"), ("d", None)]:
...     G.add_node(f"paper:{pid}", type="paper", **({"date": date} if date else {}))
...     _ = G.add_edge(f"paper:{pid}", "method:lora", key="uses", relation="uses")
>>> t = trend(G, "method:lora")
>>> [(p.period, p.papers) for p in t.periods], t.undated
([('2024', 1), ('2025', 2)], 1)
>>> [(p.period, p.papers) for p in trend(G, "method:lora", by="month").periods][:3]
[('2024-03', 1), ('2024-04', 0), ('2024-05', 0)]
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kg.entity_types import ENTITY_TYPES, RELATIONS

if TYPE_CHECKING:  # annotations only
    import networkx as nx

__all__ = ["RisingRow", "Trend", "TrendPoint", "period_of", "rising", "trend", "undated_papers"]

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PAPER_RELATIONS = frozenset(r.name for r in RELATIONS if r.source == "paper" and r.target != "claim")
_WIDTH = {"year": 4, "month": 7, "day": 10}


@dataclass(frozen=True)
class TrendPoint:
    """Papers in one period (``"2025"`` or ``"2025-03"``)."""

    period: str
    papers: int


@dataclass(frozen=True)
class Trend:
    """Papers per period that mention an entity, from its first period to its last (periods in
    between with none are listed with 0), and how many of its papers no period could be given."""

    entity: str
    label: str
    by: str
    periods: tuple[TrendPoint, ...]
    undated: int
    papers: int


@dataclass(frozen=True)
class RisingRow:
    """An entity's papers before and since a period, its growth (the ratio of its share of the
    papers since to its share before, smoothed by one paper), and its papers without a date."""

    id: str
    type: str
    label: str
    before: int
    since: int
    growth: float
    undated: int


def period_of(date: object, by: Literal["year", "month", "day"] = "year") -> str | None:
    """The period of a date (``"2025-03-18"`` -> ``"2025"`` by year, ``"2025-03"`` by month), or None
    when the date does not give it.

    >>> period_of("2025-03-18", "month"), period_of("2025", "month"), period_of(None), period_of("Mar 11")
    ('2025-03', None, None, None)
    """
    if not isinstance(date, str):
        return None
    m = _DATE.match(date.strip())
    if m is None:
        return None
    parts = [p for p in m.groups() if p is not None]
    need = {"year": 1, "month": 2, "day": 3}[by]
    if len(parts) < need or (need >= 2 and not 1 <= int(parts[1]) <= 12):
        return None
    return "-".join(parts[:need])


def _papers_of(G: nx.MultiDiGraph, node: Hashable) -> set[Hashable]:
    return {u for u, _, k in G.in_edges(node, keys=True) if k in _PAPER_RELATIONS and G.nodes[u].get("type") == "paper"}


def _next(period: str) -> str:
    if len(period) == 4:
        return f"{int(period) + 1:04d}"
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def trend(G: nx.MultiDiGraph, entity: Hashable, by: Literal["year", "month"] = "year") -> Trend:
    """Papers per period that mention ``entity`` (a node id of ``G``)."""
    if by not in ("year", "month"):
        raise ValueError(f"by must be 'year' or 'month', not {by!r}")
    papers = _papers_of(G, entity)
    counts: Counter[str] = Counter()
    undated = 0
    for p in papers:
        period = period_of(G.nodes[p].get("date"), by)
        if period is None:
            undated += 1
        else:
            counts[period] += 1
    points: list[TrendPoint] = []
    if counts:
        period, last = min(counts), max(counts)
        while period <= last:
            points.append(TrendPoint(period, counts.get(period, 0)))
            period = _next(period)
    label = str(G.nodes[entity].get("label", entity)) if entity in G else str(entity)
    return Trend(str(entity), label, by, tuple(points), undated, len(papers))


def rising(G: nx.MultiDiGraph, type: str = "method", since: str | None = None, min_papers: int = 3,
           top: int | None = 20) -> list[RisingRow]:
    """Entities of ``type`` ranked by how much their share of papers grew from before ``since`` to
    ``since`` and after (``"2025"``, ``"2025-06"`` or ``"2025-06-15"``; default: the median date of
    the dated papers, so both sides hold as many papers). Entities need ``min_papers`` papers since.

    A paper whose date is too coarse to place against ``since`` (or has none) counts for neither
    side and is reported in the row's ``undated``.
    """
    if type not in ENTITY_TYPES:
        raise ValueError(f"unknown type {type!r}: one of {', '.join(ENTITY_TYPES)}")
    node_type = ENTITY_TYPES[type].node_type
    paper_nodes = [n for n, t in G.nodes(data="type") if t == "paper"]
    if since is None:
        days = sorted(d for p in paper_nodes if (d := period_of(G.nodes[p].get("date"), "day")) is not None)
        if not days:
            return []
        since = days[len(days) // 2]
    by = {4: "year", 7: "month", 10: "day"}.get(len(since))
    if by is None or period_of(since, by) != since:  # type: ignore[arg-type]
        raise ValueError(f"since must be a year, month or day (2025, 2025-06, 2025-06-15), not {since!r}")
    side: dict[Hashable, str | None] = {}
    totals: Counter[str] = Counter()
    for p in paper_nodes:
        period = period_of(G.nodes[p].get("date"), by)  # type: ignore[arg-type]
        side[p] = None if period is None else ("since" if period >= since else "before")
        if side[p] is not None:
            totals[side[p]] += 1  # type: ignore[index]
    rows = []
    for n, t in G.nodes(data="type"):
        if t != node_type:
            continue
        c: Counter[str | None] = Counter(side.get(p) for p in _papers_of(G, n))
        if c["since"] < min_papers:
            continue
        share_since = (c["since"] + 1) / (totals["since"] + 1)
        share_before = (c["before"] + 1) / (totals["before"] + 1)
        rows.append(RisingRow(str(n), type, str(G.nodes[n].get("label", n)), c["before"], c["since"],
                              round(share_since / share_before, 6), c[None]))
    rows.sort(key=lambda r: (-r.growth, -r.since, r.id))
    return rows[:top] if top is not None else rows


def undated_papers(G: nx.MultiDiGraph) -> int:
    """How many papers of ``G`` carry no usable date."""
    return sum(1 for n, t in G.nodes(data="type") if t == "paper" and period_of(G.nodes[n].get("date")) is None)


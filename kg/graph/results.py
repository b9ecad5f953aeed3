"""Results from the graph: leaderboards of comparable claims, and claims filtered by what they measure.

Functions take the graph first (the ``MultiDiGraph`` of :func:`kg.graph.build.build_graph`), so the
query API (:class:`kg.graph.query.KnowledgeGraph`), the CLI and the HTML page share them.

A leaderboard ranks only comparable results: absolute levels (a claim's ``relative`` is false: "85.7%
top-1 accuracy", not "+2.3 points" or "2x faster") of one ``metric`` in one ``unit``, single values
(a range is not one result), best first in the metric's direction (``higher`` or ``lower``; a metric
of unknown direction ranks its highest first). Each (paper, method) appears once, with its best
value. Without a metric, one board per (metric, unit) found, the largest board first; ``rank``
starts at 1 on each.

Examples
--------
>>> from kg.graph.build import build_graph
>>> from kg.model import Entity, Paper
>>> def claim(value, metric, start):
...     return Entity("metric", f"{value}%", f"score:{value}%", "abstract", start, start + 5, "s.", value=value,
...                   unit="%", kind="score", metric=metric, direction="higher", relative=False, dataset="ImageNet")
>>> ds = Entity("dataset", "ImageNet", "imagenet", "abstract", 0, 8, "s.")
>>> G = build_graph([Paper("p1", "A", "s.", entities=[ds, claim(85.7, "top-1 accuracy", 20)]),
...                  Paper("p2", "B", "s.", entities=[ds, claim(88.1, "top-1 accuracy", 20)])], taxonomy=None)
>>> [(r.rank, r.paper, r.value) for r in leaderboard(G, dataset="dataset:imagenet", metric="Top-1 accuracy")]
[(1, 'p2', 88.1), (2, 'p1', 85.7)]
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.extract.claim_metrics import metric

if TYPE_CHECKING:  # annotations only: `kg --help` imports KINDS without networkx
    import networkx as nx

__all__ = ["KINDS", "LeaderboardRow", "canonical_metric", "canonical_unit", "claim_matches", "leaderboard",
           "leaderboards"]

# The kinds of claim (as kg_claims gives them); kept here so the query API needs no spaCy.
KINDS: tuple[str, ...] = ("speedup", "reduction", "improvement", "score", "other")
# Units as users type them -> the normal form the extractor writes ("none": a bare score).
_UNIT_ALIASES = {"times": "x", "×": "x", "fold": "x", "percent": "%", "pct": "%", "point": "points", "pts": "points",
                 "pp": "points", "none": "", "-": "", "sec": "s", "seconds": "s", "tok/s": "tokens/s"}


@dataclass(frozen=True)
class LeaderboardRow:
    """One result on a leaderboard: its rank on the board of its ``metric`` and ``unit``, the paper
    and method, the value with its qualifier, what it was measured on, and its evidence sentence."""

    rank: int
    paper: str
    paper_title: str
    date: str | None
    method: str | None
    value: float
    unit: str | None
    metric: str
    direction: str | None
    qualifier: str | None
    dataset: str | None
    task: str | None
    text: str
    sentence: str
    claim: str


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t.casefold() if c.isalnum() and not unicodedata.combining(c))


def canonical_metric(name: str | None) -> str | None:
    """A metric as the extractor names it: "Top-1 Accuracy" -> "top-1 accuracy", "mAP" -> "map".

    >>> canonical_metric("Top-1 Accuracy"), canonical_metric("mAP"), canonical_metric("schema compliance")
    ('top-1 accuracy', 'map', 'schema compliance')
    """
    if name is None:
        return None
    known = metric(name)
    return known.name if known is not None else " ".join(name.lower().split())


def canonical_unit(unit: str | None) -> str | None:
    """A unit as the extractor writes it: "times" -> "x", "percent" -> "%", "none" -> "" (a bare score)."""
    if unit is None:
        return None
    u = unit.strip()
    return _UNIT_ALIASES.get(u.lower(), u)


def claim_matches(G: nx.MultiDiGraph, claim: Hashable, relation: str, name: str, attribute: str) -> bool:
    """Whether ``claim`` links by ``relation`` to a node that ``name`` names (its id, label or an
    alias, case and punctuation aside), or names ``name`` in ``attribute`` as written."""
    key = _key(name)
    for _, target, rel in G.out_edges(claim, keys=True):
        if rel != relation:
            continue
        d = G.nodes[target]
        names = [str(target), str(target).partition(":")[2], d.get("label") or "", *(d.get("aliases") or ())]
        if name == target or any(_key(n) == key for n in names if n):
            return True
    written = G.nodes[claim].get(attribute)
    return isinstance(written, str) and _key(written) == key


def _method(G: nx.MultiDiGraph, claim: Hashable, d: dict[str, Any]) -> str | None:
    labels = sorted(str(G.nodes[v].get("label", v)) for _, v, k in G.out_edges(claim, keys=True) if k == "for_method")
    written = d.get("method")
    if written and any(_key(written) == _key(label) for label in labels):
        return next(label for label in labels if _key(written) == _key(label))
    return labels[0] if labels else written


def _rankable(d: dict[str, Any]) -> bool:
    """An absolute single value with a metric: what a leaderboard can rank."""
    value = d.get("value")
    return (d.get("type") == "claim" and d.get("relative") is False and d.get("low") is None and bool(d.get("metric"))
            and isinstance(value, (int, float)) and not isinstance(value, bool))


def leaderboard(G: nx.MultiDiGraph, *, task: str | None = None, dataset: str | None = None,
                metric: str | None = None, unit: str | None = None) -> list[LeaderboardRow]:
    """The leaderboards of ``G``'s results, filtered by dataset, task (node id, name or alias),
    metric and unit (see the module docstring for what is ranked and how)."""
    want_metric = canonical_metric(metric)
    want_unit = canonical_unit(unit)
    claims = []
    for n, d in G.nodes(data=True):
        if not _rankable(d):
            continue
        if want_metric is not None and d["metric"] != want_metric:
            continue
        if want_unit is not None and (d.get("unit") or "") != want_unit:
            continue
        if dataset is not None and not claim_matches(G, n, "measured_on", dataset, "dataset"):
            continue
        if task is not None and not claim_matches(G, n, "for_task", task, "task"):
            continue
        claims.append((n, d))
    return _boards(G, claims)


def leaderboards(G: nx.MultiDiGraph, relation: str = "measured_on") -> dict[Hashable, list[LeaderboardRow]]:
    """Every entity's leaderboards at once, in one pass over the claims: the entities that claims
    link to by ``relation`` (``measured_on``: datasets; ``for_task``: tasks) -> their boards."""
    by_entity: dict[Hashable, list[tuple[Hashable, dict[str, Any]]]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        if _rankable(d):
            for _, target, rel in G.out_edges(n, keys=True):
                if rel == relation:
                    by_entity[target].append((n, d))
    return {e: _boards(G, claims) for e, claims in sorted(by_entity.items(), key=lambda kv: str(kv[0]))}


def _boards(G: nx.MultiDiGraph, claims: list[tuple[Hashable, dict[str, Any]]]) -> list[LeaderboardRow]:
    boards: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for n, d in claims:
        value, name = d["value"], d["metric"]
        row = {"node": n, "data": d, "method": _method(G, n, d)}
        board = boards[(name, d.get("unit") or "")]
        who = (str(d.get("paper", "")), row["method"] or "")
        higher = d.get("direction") != "lower"
        best = board.get(who)
        if best is None or (value > best["data"]["value"] if higher else value < best["data"]["value"]) or (
                value == best["data"]["value"] and str(n) < str(best["node"])):
            board[who] = row
    out: list[LeaderboardRow] = []
    for (name, unit_), rows in sorted(boards.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        higher = next(iter(rows.values()))["data"].get("direction") != "lower"
        ranked = sorted(rows.values(), key=lambda r: ((-1 if higher else 1) * r["data"]["value"], str(r["node"])))
        for i, r in enumerate(ranked, 1):
            out.append(_row(G, i, r))
    return out


def _row(G: nx.MultiDiGraph, rank: int, r: dict[str, Any]) -> LeaderboardRow:
    d = r["data"]
    paper = str(d.get("paper", ""))
    pd = G.nodes[paper] if paper in G else {}
    return LeaderboardRow(
        rank=rank, paper=paper.removeprefix("paper:"), paper_title=pd.get("title", ""), date=pd.get("date"),
        method=r["method"], value=float(d["value"]), unit=d.get("unit"), metric=d["metric"],
        direction=d.get("direction"), qualifier=d.get("qualifier"), dataset=_linked(G, r["node"], "measured_on", d, "dataset"),
        task=_linked(G, r["node"], "for_task", d, "task"), text=d.get("text", ""), sentence=d.get("sentence", ""),
        claim=str(r["node"]))


def _linked(G: nx.MultiDiGraph, claim: Hashable, relation: str, d: dict[str, Any], attribute: str) -> str | None:
    for _, target, rel in G.out_edges(claim, keys=True):
        if rel == relation:
            return str(G.nodes[target].get("label", target))
    written = d.get(attribute)
    return written if isinstance(written, str) else None


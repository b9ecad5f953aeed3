"""What a node's side panel shows beyond its own edges: related papers, and sections passed in.

:func:`related_rows` turns :meth:`kg.graph.query.KnowledgeGraph.related_papers` into the rows of a
paper's "Related papers" (the same ranking as ``kg query related``). :class:`PanelSection` rows are
added to any node's panel by ``render_html(G, sections={node: [...]})``: the leaderboards of
datasets and tasks and the trends of methods, computed from the graph, are meant to reach the page
this way. Cells are text, numbers or :class:`NodeRef` links; the page shows them with
``textContent``, never as markup.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.entity_types import ENTITY_TYPES

__all__ = ["RELATED_MAX_PAPERS", "RELATED_TOP", "NodeRef", "PanelSection", "related_rows", "sections_data"]

RELATED_TOP = 5  # related papers listed in a paper's panel
# Ranking related papers costs about 1 ms a paper in a graph of 3,000 papers and 20 ms in one of
# 100,000: pages with more papers than this leave it to `kg query related` (their panels say so).
RELATED_MAX_PAPERS = 3_000
_ENTITY_TYPES = frozenset(t.node_type for t in ENTITY_TYPES.values() if t.cooccurs)


def _finite(x: float) -> float | None:
    return round(float(x), 3) if math.isfinite(x) else None


@dataclass(frozen=True)
class NodeRef:
    """A cell of a :class:`PanelSection` that names a node: a link when the node is on the page."""

    id: str


@dataclass(frozen=True)
class PanelSection:
    """A section added to a node's side panel: a title, column names and rows of cells.

    A cell is a text, a number or a :class:`NodeRef`; the page shows them as text and links
    (``render_html(G, sections={"dataset:imagenet": [PanelSection(...)]})``). Leaderboards and
    trends computed from the graph reach the page this way.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _cell(value: Any, G: nx.MultiDiGraph, index: Mapping[Hashable, int]) -> Any:
    """A section cell as the page reads it: ``{"node": i}`` for a node on the page, else text or a number."""
    if isinstance(value, NodeRef):
        if value.id in index:
            return {"node": index[value.id]}
        label = G.nodes[value.id].get("label") if value.id in G else None
        return label if isinstance(label, str) else value.id
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        return _finite(value) if isinstance(value, float) else value
    return str(value)


def sections_data(G: nx.MultiDiGraph, sections: Mapping[Hashable, Any] | None,
                  index: Mapping[Hashable, int]) -> dict[str, list[dict[str, Any]]]:
    """``sections`` (node -> :class:`PanelSection` list) as the page reads them: by node index, for
    the nodes on the page (``index``: node -> its index).

    >>> G = nx.MultiDiGraph([("method:a", "dataset:b")])
    >>> board = PanelSection("Leaderboard", ("method", "score"), ((NodeRef("method:a"), 0.5), (NodeRef("method:z"), 1)))
    >>> sections_data(G, {"dataset:b": [board]}, {"dataset:b": 0, "method:a": 1})
    {'0': [{'title': 'Leaderboard', 'columns': ['method', 'score'], 'rows': [[{'node': 1}, 0.5], ['method:z', 1]]}]}
    """
    extra: dict[str, list[dict[str, Any]]] = {}
    for node, found in sorted((sections or {}).items(), key=lambda kv: str(kv[0])):
        if node in index:
            extra[str(index[node])] = [
                {"title": str(s.title), "columns": [str(c) for c in s.columns],
                 "rows": [[_cell(c, G, index) for c in row] for row in s.rows]} for s in found]
    return extra


def _entities_of(G: nx.MultiDiGraph, paper: Hashable) -> set[Hashable]:
    return {v for v in G.successors(paper) if G.nodes[v].get("type") in _ENTITY_TYPES}


def related_rows(K: Any, paper: Hashable, index: Mapping[Hashable, int]) -> list[list[Any]]:
    """``[paper, score, [shared entities]]`` rows of :meth:`KnowledgeGraph.related_papers`; a paper or
    entity on the page is its index, one that is not its title or label."""
    G = K.graph
    rows = []
    mine = _entities_of(G, paper)
    for r in K.related_papers(paper, top=RELATED_TOP):
        other = f"paper:{r.id}"
        shared = sorted(mine & _entities_of(G, other), key=str)
        refs: list[Any] = []
        for label in r.shared:  # the rows name the shared entities: find which ones they are
            found = next((e for e in shared if G.nodes[e].get("label", str(e)) == label), None)
            if found is None:
                refs.append(label)
                continue
            shared.remove(found)
            refs.append(index.get(found, label))
        rows.append([index.get(other, r.title), r.score, refs])
    return rows

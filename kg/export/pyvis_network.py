"""The graph as a ``pyvis.network.Network``, for people who want pyvis's own API in notebooks.

Nodes are drawn as the HTML page draws them (type colours and shapes from the registry, sized by
papers) at positions computed ahead (:mod:`kg.export.layout`), with physics off, so the network
shows at once and the same graph always looks the same. pyvis writes ids, labels and titles into
its HTML unescaped in places (its select and filter menus, and tooltips with ``innerHTML`` once a
title holds "href"), so every string taken from the graph is HTML-escaped here. Large graphs are
cut as the page cuts them (:func:`kg.export.html.select_view`): pyvis adds nodes and edges one by
one with linear lookups, so :data:`PYVIS_MAX_NODES` is kept small.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("paper:p1", type="paper", label="<b>Fast</b> nets", title="<b>Fast</b> nets")
>>> G.add_node("method:adam", type="method", label="Adam", papers=1)
>>> _ = G.add_edge("paper:p1", "method:adam", key="uses", relation="uses")
>>> net = to_pyvis(G)
>>> [(n["id"], n["label"]) for n in net.nodes]
[('method:adam', 'Adam'), ('paper:p1', '&lt;b&gt;Fast&lt;/b&gt; nets')]
>>> net.options.physics.enabled, all("x" in n and "y" in n for n in net.nodes)
(False, True)
"""
from __future__ import annotations

import html
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np

from kg.export.html import _papers, _size, _style, select_view
from kg.export.layout import layout_graph, separate

__all__ = ["PYVIS_MAX_NODES", "to_pyvis"]

PYVIS_MAX_NODES = 2_000


def _escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


def to_pyvis(
    G: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 1, top: int | None = None,
    max_nodes: int = PYVIS_MAX_NODES, height: str = "720px", width: str = "100%", notebook: bool = False,
    cdn_resources: str = "in_line",
) -> Any:
    """A ``pyvis.network.Network`` of ``G`` (or of a focus node's neighbourhood, or of the top entities).

    ``cdn_resources="in_line"`` puts vis-network into the HTML pyvis writes, so it opens offline;
    the other arguments are pyvis's. Node ids are the graph's ids, HTML-escaped.
    """
    from pyvis.network import Network

    view = select_view(G, max_nodes=max_nodes, focus=focus, hops=hops, top=top)
    H = view.graph
    style = _style()
    order: list[Hashable] = sorted(H.nodes, key=str)
    sizes = [_size(H.degree(n), _papers(H.nodes[n]), H.nodes[n].get("type"), "papers") for n in order]
    spacing = max(40.0, 4.0 * float(np.mean(sizes))) if sizes else 40.0
    xy = separate(layout_graph(H, order, spacing=spacing), np.array(sizes, dtype=float)) if order else np.zeros((0, 2))
    net = Network(height=height, width=width, directed=True, notebook=notebook, cdn_resources=cdn_resources)
    net.toggle_physics(False)
    for i, node in enumerate(order):
        d = H.nodes[node]
        t = style["types"].get(d.get("type"), style["types"]["other"])
        label = d.get("label") if isinstance(d.get("label"), str) and d.get("label") else str(node)
        title = f"{t['name']}: {label}" + (f"\n{_papers(d)} papers" if _papers(d) else "")
        net.add_node(_escape(node), label=_escape(label), title=_escape(title), shape=t["shape"], color=t["color"],
                     size=sizes[i], x=round(float(xy[i, 0]), 1), y=round(float(xy[i, 1]), 1), physics=False)
    for u, v, k, d in sorted(H.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        relation = str(d.get("relation", k))
        color = style["relations"].get(relation, {}).get("color", "#cccccc")
        net.add_edge(_escape(u), _escape(v), title=_escape(relation), color=color)
    return net

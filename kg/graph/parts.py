"""The graph in blocks: the order every export walks, and the unit a large build streams.

A block is a graph and a list of its nodes to write, in order; the graph also holds each node's
out-edges and the type of every edge's target. The export order is: each paper followed by its
claims, papers sorted by id, then every other node (entities) sorted. A build of a million
papers never holds them all: it makes one small graph per batch of papers
(:class:`kg.graph.build.GraphBuilder`), hands its blocks to the writers, and ends with the
entity graph's block. A graph in memory is cut into the very same blocks
(:func:`graph_blocks`), so both roads write the same bytes.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("paper:b", type="paper"); G.add_node("paper:a", type="paper")
>>> G.add_node("claim:b:abstract:0", type="claim", paper="paper:b"); G.add_node("method:m", type="method")
>>> [nodes for _, nodes in graph_blocks(G)]
[['paper:a'], ['paper:b', 'claim:b:abstract:0'], ['method:m']]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator

import networkx as nx

__all__ = ["Block", "graph_blocks"]

Block = tuple[nx.MultiDiGraph, list[Hashable]]


def graph_blocks(G: nx.MultiDiGraph) -> Iterator[Block]:
    """``G``'s nodes in export order: one block per paper (the paper, then its claims), then one
    block of every other node. A claim whose ``paper`` is not in ``G`` counts as an other node."""
    papers = sorted((n for n, t in G.nodes(data="type") if t == "paper"), key=str)
    paper_set = set(papers)
    claims: dict[Hashable, list[Hashable]] = defaultdict(list)
    rest = []
    for n, d in G.nodes(data=True):
        t = d.get("type")
        if t == "paper":
            continue
        if t == "claim" and d.get("paper") in paper_set:
            claims[d["paper"]].append(n)
        else:
            rest.append(n)
    for p in papers:
        yield G, [p, *sorted(claims.get(p, ()), key=str)]
    yield G, sorted(rest, key=str)

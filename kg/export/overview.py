"""The page's first view: which entities say what a corpus is about.

The entities found in the most papers are mostly topics (every paper is about a few) and a handful
of hubs, so the overview is chosen across the corpus's communities (Louvain communities of the
co-occurrence graph, :meth:`kg.graph.query.KnowledgeGraph.communities`): each community gets
slots in proportion to the papers it covers, filled with its members found in the most papers,
and no entity type takes more than its share of the view. Deterministic for a given graph.

Examples
--------
>>> import networkx as nx
>>> from kg.graph.query import KnowledgeGraph
>>> G = nx.MultiDiGraph()
>>> for i in range(6):
...     G.add_node(f"topic:t{i}", type="topic", label=f"T{i}", papers=20 - i)
...     G.add_node(f"method:m{i}", type="method", label=f"M{i}", papers=10 - i)
>>> overview_nodes(G, KnowledgeGraph(G).communities(), n=6)  # topics take at most 0.3 * 6 slots
['topic:t0', 'topic:t1', 'method:m0', 'method:m1']
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence

import networkx as nx

from kg.entity_types import ENTITY_TYPES
from kg.graph.query import Community

__all__ = ["OVERVIEW_SIZE", "overview_nodes"]

OVERVIEW_SIZE = 48
TYPE_SHARE = 0.3  # of the overview's slots, at most, for one entity type
_ENTITY_TYPES = frozenset(t.node_type for t in ENTITY_TYPES.values() if t.cooccurs)


def _papers(G: nx.MultiDiGraph, node: Hashable) -> int:
    value = G.nodes[node].get("papers", 0)
    return value if isinstance(value, int) else 0


def overview_nodes(G: nx.MultiDiGraph, communities: Sequence[Community], n: int = OVERVIEW_SIZE) -> list[Hashable]:
    """At most ``n`` entities of ``G`` for a first view, those found in the most papers first.

    Entities found in fewer than three (then two) papers are left out when enough others remain,
    and each type takes at most :data:`TYPE_SHARE` of the slots: a corpus whose papers are mostly
    tagged with topics gets a smaller overview rather than one of topics only.
    """
    ranked = sorted((v for v, t in G.nodes(data="type") if t in _ENTITY_TYPES),
                    key=lambda v: (-_papers(G, v), str(v)))
    for least in (3, 2):  # entities of one or two papers name little, when there are others
        if len(found := [v for v in ranked if _papers(G, v) >= least]) >= n:
            ranked = found
            break
    cap = math.ceil(TYPE_SHARE * n)
    rank = {v: i for i, v in enumerate(ranked)}
    chosen: set[Hashable] = set()
    per_type: Counter[str] = Counter()

    def take(v: Hashable) -> bool:
        t = G.nodes[v]["type"]
        if v in chosen or per_type[t] >= cap or len(chosen) >= n:
            return False
        chosen.add(v)
        per_type[t] += 1
        return True

    # communities take turns, each its best member left, until each has its share of the slots
    total = sum(c.papers for c in communities) or 1
    queues = [(max(2, round(n * c.papers / total)), sorted((m for m in c.members if m in rank), key=rank.__getitem__))
              for c in communities]
    quotas = [q for q, _ in queues]
    for turn in range(max((len(m) for _, m in queues), default=0)):
        for i, (_, members) in enumerate(queues):
            if quotas[i] > 0 and turn < len(members):
                quotas[i] -= take(members[turn])
    for v in ranked:
        take(v)
    return sorted(chosen, key=rank.__getitem__)

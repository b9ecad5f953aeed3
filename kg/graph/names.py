"""Finding a node by name: one resolver for the query API, the command line and the page.

An entity is found by its node id, its key, its label or an alias, whatever the case, punctuation
or plural ("cifar10", "CIFAR 10", "Transformers"); a paper by its id, node id, another id it is
known by, or its title. Among several matches: an exact label first, then the entity found in the
most papers, then the smallest id — so every interface answers the same.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("dataset:cifar-10", type="dataset", label="CIFAR-10", aliases=[], papers=2)
>>> G.add_node("method:transformer", type="method", label="Transformer", aliases=[], papers=5)
>>> index = NameIndex(G)
>>> index.find("CIFAR 10"), index.find("cifar10"), index.find("Transformers"), index.find("x") is None
('dataset:cifar-10', 'dataset:cifar-10', 'method:transformer', True)
>>> index.find("CIFAR-10", type="method") is None, index.suggestions("Transfomer")
(True, ['Transformer'])
"""
from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

from kg.entity_types import ENTITY_TYPES
from kg.resolve.names import name_key

__all__ = ["NameIndex", "normalize_name"]

_NOT_ENTITIES = frozenset({"paper", *(t.node_type for t in ENTITY_TYPES.values() if not t.cooccurs)})


def normalize_name(text: str) -> str:
    """The lookup key of a name: accents, case and everything but letters and digits dropped.

    Examples
    --------
    >>> normalize_name("CIFAR-10"), normalize_name("cifar10"), normalize_name("Über-Net")
    ('cifar10', 'cifar10', 'ubernet')
    """
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t.casefold() if c.isalnum() and not unicodedata.combining(c))


def _keys(name: str) -> Iterable[str]:
    """A name's lookup keys: its letters and digits, and its name key (plural and spellings)."""
    if k := normalize_name(name):
        yield "n:" + k
    if k := name_key(name):
        yield "k:" + k


class NameIndex:
    """The entity names of a graph, indexed once (treat the graph as read-only meanwhile).

    ``types`` gives each node's type when nodes may lack a ``type`` attribute (the query API
    passes the types it infers from node ids)."""

    def __init__(self, G: nx.MultiDiGraph, types: Mapping[Hashable, str] | None = None) -> None:
        self.graph = G
        self._types: Mapping[Hashable, str] = types if types is not None else {
            n: t or "" for n, t in G.nodes(data="type")}
        index: dict[str, set[Hashable]] = defaultdict(set)
        for n, d in G.nodes(data=True):
            if self._types.get(n) in _NOT_ENTITIES:
                continue
            norm = str(n).partition(":")[2]
            names = [str(n), norm, d.get("label") or "", *(d.get("aliases") or [])]
            if self._types.get(n) == "repository":  # "owner/name" without the host
                names.append(norm.partition("/")[2])
            for name in names:
                for key in _keys(name):
                    index[key].add(n)
        self._index = {k: sorted(v, key=str) for k, v in index.items()}

    def find(self, name: str, type: str | None = None) -> Hashable | None:
        """The entity ``name`` refers to (of ``type``, if given), or None."""
        G, types = self.graph, self._types
        if name in G and types.get(name) not in _NOT_ENTITIES:
            return name if type is None or types.get(name) == type else None
        candidates: set[Hashable] = set()
        for key in _keys(name):
            candidates |= {n for n in self._index.get(key, ()) if type is None or types.get(n) == type}
        if not candidates:
            return None
        exact = normalize_name(name)

        def preference(n: Hashable) -> tuple[int, int, str]:
            d = G.nodes[n]
            papers = d.get("papers") if isinstance(d.get("papers"), int) else 0
            return (0 if normalize_name(d.get("label") or "") == exact else 1, -papers, str(n))

        return min(candidates, key=preference)

    def suggestions(self, name: str, n: int = 5) -> list[str]:
        """Labels close to ``name`` (for a "did you mean" when nothing matches)."""
        labels = sorted({d["label"] for _, d in self.graph.nodes(data=True) if isinstance(d.get("label"), str)})
        return difflib.get_close_matches(name, labels, n=n)

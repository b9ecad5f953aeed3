"""The first view's entities: the corpus's communities, every type, none taking over."""
from __future__ import annotations

import math
from collections import Counter

from kg.export.overview import OVERVIEW_SIZE, TYPE_SHARE, overview_nodes


def test_the_example_corpus_overview_spans_its_communities_and_types(example_build):
    kg, _ = example_build
    communities = kg.communities()
    chosen = overview_nodes(kg.graph, communities)
    types = Counter(kg.graph.nodes[n]["type"] for n in chosen)
    assert 25 <= len(chosen) <= OVERVIEW_SIZE
    assert max(types.values()) <= math.ceil(TYPE_SHARE * OVERVIEW_SIZE)
    assert {"method", "dataset", "task", "topic"} <= set(types)
    # every community with a share of the slots has its most-mentioned members in
    for c in communities[:6]:
        assert c.members[0] in chosen
    assert "method:transformer" in chosen and "topic:large-language-models" in chosen
    assert all(kg.graph.nodes[n]["papers"] >= 3 for n in chosen)
    assert chosen == overview_nodes(kg.graph, kg.communities())  # the same graph, the same view


def test_a_small_graph_shows_all_its_entities(fixture_graph):
    from kg.graph.query import KnowledgeGraph

    entities = [n for n, t in fixture_graph.nodes(data="type") if t not in ("paper", "claim")]
    assert sorted(overview_nodes(fixture_graph, KnowledgeGraph(fixture_graph).communities())) == sorted(entities)

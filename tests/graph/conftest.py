"""Fixtures over the fixture corpus of ``fixture_corpus.py`` (papers, taxonomy and known answers there)."""
from __future__ import annotations

import networkx as nx
import pytest
from fixture_corpus import build_fixture_graph

from kg.graph.query import KnowledgeGraph


@pytest.fixture(scope="session")
def fixture_graph() -> nx.MultiDiGraph:
    """The fixture corpus as a graph (co-occurrence kept from 2 papers, NPMI >= 0)."""
    return build_fixture_graph()


@pytest.fixture(scope="session")
def kg(fixture_graph: nx.MultiDiGraph) -> KnowledgeGraph:
    """The query API over the fixture graph (queries do not modify it)."""
    return KnowledgeGraph(fixture_graph)

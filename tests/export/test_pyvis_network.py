"""``g.to_pyvis()``: a pyvis Network of the graph, escaped, positions preset, for pyvis's own API."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph
from test_html import IMG_TITLE, SCRIPT_TITLE, TAXONOMY, fixture_papers


@pytest.fixture(scope="module")
def dated_graph() -> nx.MultiDiGraph:
    return build_graph(fixture_papers(), min_count=2, min_npmi=-1.0, taxonomy=TAXONOMY)



def test_to_pyvis_returns_an_escaped_network_with_preset_positions(dated_graph):
    from pyvis.network import Network

    net = KnowledgeGraph(dated_graph).to_pyvis()
    assert isinstance(net, Network)
    assert len(net.nodes) == dated_graph.number_of_nodes() and len(net.edges) == dated_graph.number_of_edges()
    assert net.options.physics.enabled is False
    for n in net.nodes:
        assert isinstance(n["x"], float) and isinstance(n["y"], float)
        assert not any(c in str(n[k]) for k in ("id", "label", "title") for c in "<>\"")
    escaped = next(n for n in net.nodes if n["id"] == "paper:title:inject1")
    assert escaped["label"] == "&lt;img src=x onerror=alert(1)&gt;"
    page = net.generate_html()
    assert IMG_TITLE not in page and SCRIPT_TITLE not in page
    assert "vis-network" in page and "new vis.Network" in page  # vis-network inlined: draws offline


def test_to_pyvis_can_focus_like_the_page(dated_graph):
    net = KnowledgeGraph(dated_graph).to_pyvis(focus="WISDM")
    assert {n["id"] for n in net.nodes} == {"dataset:wisdm", *dated_graph.predecessors("dataset:wisdm"),
                                           *dated_graph.successors("dataset:wisdm")}


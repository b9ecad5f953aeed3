"""Specification of the query API on the fixture corpus (tests/graph/conftest.py) with known answers."""
from __future__ import annotations

import math

import networkx as nx
import pytest
from fixture_corpus import P1, P2, P3, P4, P5, P6, P7, P8, TAXONOMY, fixture_papers

from kg.export.node_link import write_graph
from kg.graph.build import build_graph
from kg.graph.query import (
    ClaimRow,
    KnowledgeGraph,
    NotFoundError,
    load_graph,
    normalize_name,
    pagerank,
)
from kg.model import Entity, Paper

# ----------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(("name", "expected"), [
    ("cifar10", "dataset:cifar-10"),
    ("CIFAR-10", "dataset:cifar-10"),
    ("Cifar 10", "dataset:cifar-10"),
    ("imagenet", "dataset:imagenet"),
    ("a100", "hardware:nvidia-a100"),
    ("NVIDIA-A100", "hardware:nvidia-a100"),
    ("resnet50", "method:resnet-50"),
    ("alice/fastvit", "repo:github.com/alice/fastvit"),
    ("https://github.com/alice/fastvit", "repo:github.com/alice/fastvit"),
    ("computer vision", "topic:computer-vision"),
    ("topic:graph-learning", "topic:graph-learning"),
])
def test_entity_is_found_by_label_alias_or_norm_whatever_the_case_and_punctuation(kg, name, expected):
    assert kg.entity(name).id == expected


def test_entity_row_carries_label_aliases_and_paper_count(kg):
    row = kg.entity("cifar10")  # CIFAR10 and CIFAR-10 are spellings of one name, not aliases
    assert (row.type, row.label, row.aliases, row.papers) == ("dataset", "CIFAR-10", (), 2)
    a100 = kg.entity("A100")
    assert (a100.label, a100.aliases) == ("NVIDIA A100", ("A100",))


@pytest.mark.parametrize(("name", "type"), [("no such thing", None), ("ImageNet", "method"), ("", None)])
def test_unknown_name_or_wrong_type_finds_nothing(kg, name, type):
    assert kg.entity(name, type=type) is None


def test_ambiguous_name_prefers_the_exact_label_then_the_most_mentioned():
    e = lambda t, text, norm, **kw: Entity(t, text, norm, "abstract", 0, len(text), "s.", **kw)  # noqa: E731
    papers = [Paper("a", "A", "x", entities=[e("method", "Transformer", "transformer")]),
              Paper("b", "B", "x", entities=[e("method", "Transformer", "transformer")]),
              Paper("c", "C", "x", entities=[e("topic", "transformers", "transformer-models",
                                               label="Transformer")])]
    kg = KnowledgeGraph(build_graph(papers, taxonomy=None))
    assert kg.entity("transformer").id == "method:transformer"
    assert kg.entity("transformer", type="topic").id == "topic:transformer-models"


def test_entities_lists_one_type_most_mentioned_first(kg):
    assert [r.label for r in kg.entities("dataset")] == ["ImageNet", "CIFAR-10", "Cora", "Atari", "PubMed"]
    assert len(kg.entities()) == 25


@pytest.mark.parametrize(("text", "key"), [("CIFAR-10", "cifar10"), ("Über Net", "ubernet"),
                                           ("ResNet_50", "resnet50")])
def test_normalize_name_keeps_only_letters_and_digits(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize("ref", [P1, f"paper:{P1}", "FastViT: Efficient Vision Transformers",
                                 "fastvit efficient vision transformers"])
def test_paper_is_found_by_id_node_id_or_title(kg, ref):
    assert kg.paper(ref).id == P1


# ----------------------------------------------------------------------------- papers


@pytest.mark.parametrize(("filters", "expected"), [
    ({"dataset": "ImageNet"}, [P1, P2, P5]),
    ({"dataset": "imagenet", "has_code": True}, [P1, P5]),
    ({"dataset": "ImageNet", "has_code": False}, [P2]),
    ({"method": "transformer"}, [P3, P4, P5]),
    ({"method": "FastViT", "dataset": "CIFAR-10"}, [P1]),
    ({"hardware": "A100"}, [P1, P4, P5]),
    ({"repo": "github.com/dave/ppo-t"}, [P4]),
    ({"topic": "Computer Vision"}, [P1, P2, P5]),
    ({"topic": "deep learning"}, [P2, P5, P7, P8]),  # graph-learning is narrower than deep-learning
    ({"topic": "machine-learning"}, [P1, P2, P3, P4, P5, P6, P7, P8]),
    ({"entity": "Cora"}, [P7, P8]),
    ({"has_code": True}, [P1, P3, P4, P5]),
    ({"dataset": "no such dataset"}, []),
    ({"method": "ImageNet"}, []),  # a dataset is not a method
    ({}, [P1, P2, P3, P4, P5, P6, P7, P8]),
])
def test_papers_filters_combine_with_and(kg, filters, expected):
    assert sorted(r.id for r in kg.papers(**filters)) == sorted(expected)


def test_papers_rows_are_sorted_by_id_and_carry_title_url_date(kg):
    rows = kg.papers(dataset="ImageNet")
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    first = rows[0]
    assert (first.title, first.url, first.date, first.node) == (
        "FastViT: Efficient Vision Transformers", "https://arxiv.org/abs/2401.00001", "2024-01-01", f"paper:{P1}")


# ----------------------------------------------------------------------------- claims


@pytest.mark.parametrize(("filters", "expected"), [
    ({"kind": "speedup", "unit": "x", "min_value": 5}, [(P4, 12.0), (P1, 8.2), (P5, 5.0)]),
    ({"kind": "Speedup"}, [(P4, 12.0), (P1, 8.2), (P5, 5.0), (P3, 3.0)]),
    ({"dataset": "ImageNet"}, [(P2, 76.1), (P1, 8.2), (P5, 5.0)]),  # by unit (% before x), then value
    ({"kind": "speedup", "dataset": "imagenet", "unit": "times", "max_value": 6}, [(P5, 5.0)]),
    ({"method": "FastViT"}, [(P1, 8.2)]),  # P5 uses FastViT but does not propose it
    ({"baseline": "resnet50"}, [(P1, 8.2), (P5, 5.0)]),
    ({"hardware": "A100"}, [(P1, 8.2), (P5, 5.0)]),
    ({"paper": "Revisiting GCN Baselines"}, [(P8, 81.5)]),
    ({"metric": "accuracy", "unit": "%", "min_value": 80}, [(P8, 81.5)]),
    ({"metric": "Top-1 Accuracy"}, [(P2, 76.1)]),
    ({"kind": "score", "unit": "percent"}, [(P8, 81.5), (P2, 76.1)]),
    ({"metric": "perplexity"}, []),
    ({"method": "no such method"}, []),
])
def test_claims_filter_and_sort_by_unit_then_value_descending(kg, filters, expected):
    assert [(c.paper, c.value) for c in kg.claims(**filters)] == expected


def test_claims_compare_values_only_within_a_unit(kg):
    with pytest.raises(ValueError, match="one unit: give unit= too .units of these claims: x, %"):
        kg.claims(min_value=5)


def test_claims_reject_a_kind_that_does_not_exist(kg):
    with pytest.raises(ValueError, match="unknown kind 'accuracy': one of speedup, reduction, improvement, score"):
        kg.claims(kind="accuracy")


def test_claim_row_is_typed_and_links_back_to_its_paper_and_method(kg):
    (row,) = kg.claims(method="FastViT")
    assert isinstance(row, ClaimRow)
    assert (row.kind, row.value, row.unit, row.dataset, row.baseline, row.methods) == (
        "speedup", 8.2, "x", "ImageNet", "ResNet-50", ("FastViT",))
    assert row.paper_title == "FastViT: Efficient Vision Transformers"
    assert row.text == "8.2x faster"


# ----------------------------------------------------------------------------- co-occurrence

# ImageNet is in P1, P2, P5 of 8 papers. ResNet-50 (3 papers, all with ImageNet): NPMI 1.
# FastViT (P1, P5): log((2/8) / (3/8 * 2/8)) / -log(2/8) = 0.7075.
# Adam (5 papers, 3 with ImageNet): log((3/8) / (3/8 * 5/8)) / -log(3/8) = 0.4792.
# Transformer shares only P5 with ImageNet, under min_count=2.


def test_cooccurring_by_npmi(kg):
    rows = kg.cooccurring("ImageNet", type="method")
    assert [(r.label, r.papers, round(r.npmi, 4)) for r in rows] == [
        ("ResNet-50", 3, 1.0), ("FastViT", 2, 0.7075), ("Adam", 3, 0.4792)]


def test_cooccurring_by_count(kg):
    assert [r.label for r in kg.cooccurring("ImageNet", type="method", by="count")] == ["ResNet-50", "Adam", "FastViT"]


def test_cooccurring_looks_both_ways_along_the_stored_edge(kg):
    # adam < imagenet is stored dataset:imagenet -> method:adam; both ends see each other
    assert "dataset:imagenet" in [r.id for r in kg.cooccurring("Adam", type="dataset")]
    assert "method:adam" in [r.id for r in kg.cooccurring("ImageNet", type="method")]


def test_cooccurring_any_type_and_top(kg):
    rows = kg.cooccurring("Cora", type=None, top=1)
    assert len(rows) == 1 and rows[0].npmi == 1.0
    assert {r.id for r in kg.cooccurring("Cora", type=None)} == {"method:gcn", "topic:graph-learning"}


def test_cooccurring_unknown_entity_raises(kg):
    with pytest.raises(NotFoundError, match="no entity named 'nothing'"):
        kg.cooccurring("nothing")


# ----------------------------------------------------------------------------- related papers

# Weights log(1 + 8/df). P1 = {FastViT 2, Adam 5, ResNet-50 3, ImageNet 3, CIFAR-10 2, alice/fastvit 1,
# A100 3, CV 3} (df in brackets) weighs 11.5687. P2 shares all but FastViT, the repo and A100:
# 6.4628 / (11.5687 + 8.0722 - 6.4628) = 0.4904. P5 shares six: 7.7621 / (11.5687 + 12.8680 - 7.7621)
# = 0.4655. P7 and P8 share nothing with P1.


def test_related_papers_rank_by_weighted_jaccard_with_the_shared_entities(kg):
    rows = kg.related_papers(P1)
    assert [(r.id, round(r.score, 4)) for r in rows[:2]] == [(P2, 0.4904), (P5, 0.4655)]
    assert rows[0].shared == ("CIFAR-10", "Computer Vision", "ImageNet", "ResNet-50", "Adam")
    assert {r.id for r in rows} == {P2, P3, P4, P5, P6}
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_related_papers_by_title_and_top(kg):
    assert [r.id for r in kg.related_papers("Graph Convolutions for Citation Networks", top=5)] == [P8]
    assert len(kg.related_papers(P1, top=2)) == 2


def test_related_papers_unknown_paper_raises(kg):
    with pytest.raises(NotFoundError):
        kg.related_papers("A Paper Nobody Wrote")


# ----------------------------------------------------------------------------- topics, rankings


def test_topics_tree_counts_a_paper_for_its_topic_and_every_ancestor(kg):
    rows = [(depth, t.label, t.papers, t.direct) for root in kg.topics() for depth, t in root.walk()]
    assert rows == [
        (0, "Artificial Intelligence", 8, 0),
        (1, "Machine Learning", 8, 1),
        (2, "Deep Learning", 4, 2),
        (3, "Graph Learning", 2, 2),
        (2, "Computer Vision", 3, 3),
        (2, "Natural Language Processing", 1, 1),
        (2, "Reinforcement Learning", 1, 1),
    ]


def test_topics_survive_a_cycle_in_the_hierarchy():
    G = nx.MultiDiGraph()
    for t in ("topic:a", "topic:b", "topic:c"):
        G.add_node(t, type="topic", label=t)
    G.add_edge("topic:a", "topic:b", key="broader")
    G.add_edge("topic:b", "topic:a", key="broader")
    G.add_edge("topic:c", "topic:a", key="broader")
    G.add_node("paper:p", type="paper")
    G.add_edge("paper:p", "topic:c", key="about")
    rows = [(depth, t.id, t.papers) for root in KnowledgeGraph(G).topics() for depth, t in root.walk()]
    # a and b are each other's ancestors: both count c's paper; the smallest id becomes the root
    assert rows == [(0, "topic:a", 1), (1, "topic:b", 1), (1, "topic:c", 1)]


def test_top_by_degree(kg):
    assert [r.label for r in kg.top("method", by="degree", n=2)] == ["Adam", "ResNet-50"]
    assert [r.label for r in kg.top("dataset", by="papers", n=1)] == ["ImageNet"]


def test_top_by_pagerank_ranks_imagenet_first_among_datasets(kg):
    rows = kg.top("dataset", by="pagerank", n=None)
    assert rows[0].label == "ImageNet"
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_pagerank_of_a_path_matches_the_closed_form():
    # a - b - c: a = (1 + d/2) / (3 (1 + d)), b = 1 - 2a, with d = 0.85
    r = pagerank({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    a = (1 + 0.85 / 2) / (3 * 1.85)
    assert r["a"] == pytest.approx(a) and r["c"] == pytest.approx(a) and r["b"] == pytest.approx(1 - 2 * a)


def test_pagerank_sums_to_one_with_isolated_nodes():
    assert math.fsum(pagerank({"a": ["b"], "b": ["a"], "c": []}).values()) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- communities


def test_communities_separate_the_graph_learning_cluster(kg):
    communities = kg.communities()
    by_member = {m: c for c in communities for m in c.members}
    cora = by_member["dataset:cora"]
    assert set(cora.members) == {"dataset:cora", "method:gcn", "topic:graph-learning"}
    assert cora.papers == 2
    assert cora.name == "Cora / GCN / Graph Learning"
    assert by_member["dataset:imagenet"] is by_member["method:resnet-50"]


def test_communities_cover_each_entity_once_largest_first(kg):
    communities = kg.communities()
    members = [m for c in communities for m in c.members]
    assert len(members) == len(set(members))
    assert [c.size for c in communities] == sorted((c.size for c in communities), reverse=True)
    assert [c.id for c in communities] == list(range(len(communities)))


def test_communities_do_not_depend_on_input_order(kg):
    shuffled = fixture_papers()[::-1]
    again = KnowledgeGraph(build_graph(shuffled, min_count=2, min_npmi=0.0, taxonomy=TAXONOMY))
    assert again.communities() == kg.communities()


# ----------------------------------------------------------------------------- subgraphs


def test_subgraph_one_hop_around_a_dataset(kg):
    sub = kg.subgraph("Cora", hops=1)
    assert isinstance(sub, KnowledgeGraph)
    assert set(sub.graph.nodes) == {"dataset:cora", f"paper:{P7}", f"paper:{P8}", "method:gcn",
                                    "topic:graph-learning", f"claim:{P8}:abstract:12"}
    assert sub.graph.has_edge(f"paper:{P7}", "dataset:cora", key="evaluates_on")


def test_subgraph_of_a_topic_includes_narrower_topics(kg):
    nodes = set(kg.subgraph("Deep Learning", hops=1).graph.nodes)
    assert {"topic:graph-learning", f"paper:{P7}", f"paper:{P2}"} <= nodes
    assert f"paper:{P3}" not in nodes


def test_subgraph_copies_attributes_without_sharing_them(kg):
    sub = kg.subgraph("A100", hops=0)
    assert list(sub.graph.nodes) == ["hardware:nvidia-a100"]
    sub.graph.nodes["hardware:nvidia-a100"]["aliases"].append("changed")
    assert kg.graph.nodes["hardware:nvidia-a100"]["aliases"] == ["A100"]


def test_subgraph_unknown_center_raises(kg):
    with pytest.raises(NotFoundError):
        kg.subgraph("nothing")


def test_top_subgraph_keeps_top_entities_and_their_papers(kg):
    sub = kg.top_subgraph(3, by="papers", type="dataset")  # ImageNet (3 papers), then CIFAR-10 and Cora (2)
    assert {n for n, t in sub.graph.nodes(data="type") if t != "paper"} == {
        "dataset:imagenet", "dataset:cifar-10", "dataset:cora"}
    assert {n for n, t in sub.graph.nodes(data="type") if t == "paper"} == {
        f"paper:{p}" for p in (P1, P2, P5, P7, P8)}


# ----------------------------------------------------------------------------- views


def test_summary_counts_papers_entities_claims_and_edges(kg):
    s = kg.summary()
    assert (s["papers"], s["claims"]) == (8, 6)
    assert s["entities"] == {"dataset": 5, "hardware": 2, "method": 7, "repository": 4, "topic": 7}
    assert {k: s["edges"][k] for k in ("proposes", "uses", "evaluates_on", "has_code", "reports", "broader")} == {
        "proposes": 3, "uses": 14, "evaluates_on": 9, "has_code": 4, "reports": 6, "broader": 6}
    assert list(s) == ["papers", "entities", "claims", "edges"]


def test_to_pandas_has_one_row_per_paper(kg):
    pytest.importorskip("pandas")
    assert len(kg.to_pandas("papers")) == 8


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".gexf"])
def test_load_graph_reads_every_format_and_answers_the_same(kg, tmp_path, suffix):
    path = write_graph(kg.graph, tmp_path / f"graph{suffix}")
    loaded = load_graph(path)
    assert loaded.summary() == kg.summary()
    assert loaded.papers(dataset="ImageNet") == kg.papers(dataset="ImageNet")
    assert loaded.claims(kind="speedup") == kg.claims(kind="speedup")


def test_load_graph_rejects_an_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="unknown graph format"):
        load_graph(tmp_path / "graph.csv")


def test_a_node_without_type_gets_the_type_its_id_names():
    G = nx.MultiDiGraph()
    G.add_node("paper:p", type="paper", title="P")
    G.add_node("dataset:imagenet", label="ImageNet", aliases=["ImageNet"], papers=1)  # no "type"
    G.add_edge("paper:p", "dataset:imagenet", key="evaluates_on")
    kg = KnowledgeGraph(G)
    assert kg.entity("imagenet", type="dataset").type == "dataset"
    assert [p.id for p in kg.papers(dataset="ImageNet")] == ["p"]
    assert kg.summary()["entities"] == {"dataset": 1}


def test_show_hands_the_graph_to_the_notebook_view(kg, monkeypatch):
    import kg.export.html as html

    calls = []
    monkeypatch.setattr(html, "notebook_view", lambda G, **kw: calls.append((G, kw)) or "view")
    assert kg.show(height=300) == "view"
    assert calls == [(kg.graph, {"height": 300})]


def test_keyword_topics_show_in_the_tree_only_with_several_papers():
    from kg.graph.build import build_graph
    from kg.model import Entity, Paper

    def topic(slug: str, source: str) -> Entity:
        return Entity("topic", slug, slug, "title", 0, len(slug), "s.", confidence=0.5, source=source)

    papers = [Paper("p1", "T", "A.", entities=[topic("one-paper-phrase", "keyword")]),
              Paper("p2", "T", "A.", entities=[topic("shared-phrase", "keyword")]),
              Paper("p3", "T", "A.", entities=[topic("shared-phrase", "keyword")])]
    tree = lambda kg, **kw: [(d, t.label, t.papers) for root in kg.topics(**kw) for d, t in root.walk()]  # noqa: E731
    kg = KnowledgeGraph(build_graph(papers, taxonomy=None))
    assert tree(kg) == [(0, "Keyword topics", 2), (1, "shared-phrase", 2)]
    assert tree(kg, min_keyword_papers=3) == []  # nothing to show: no "Keyword topics" either
    assert tree(kg, min_keyword_papers=1) == [(0, "Keyword topics", 3), (1, "shared-phrase", 2),
                                               (1, "one-paper-phrase", 1)]


def test_no_keyword_topic_is_a_root_of_the_example_corpus_tree(example_build):
    kg, _ = example_build
    roots = kg.topics()
    assert roots and all(kg.graph.nodes[r.id].get("source") == "taxonomy" or r.label == "Keyword topics"
                         for r in roots)
    shown = {t.id for root in roots for _, t in root.walk()}
    for n, d in kg.graph.nodes(data=True):
        if d.get("type") == "topic" and d.get("source") == "keyword" and n in shown and n != "topic:keyword-topics":
            assert d["papers"] >= 2, n

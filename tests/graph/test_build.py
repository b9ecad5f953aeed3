"""build_graph: nodes, edges and co-occurrence weights follow the documented model."""
from __future__ import annotations

import math

import pytest

from kg.graph.build import build_graph, same_words_pairs
from kg.graph.cooccurrence import cooccurrence_pairs, npmi
from kg.model import Entity, Mention, Paper


def ent(etype: str, text: str, norm: str, start: int, **kw) -> Entity:
    return Entity(etype, text, norm, "abstract", start, start + len(text), "s.", **kw)


def paper(pid: str, *entities: Entity) -> Paper:
    return Paper(pid, f"Title {pid}", "x" * 200, entities=list(entities))


def test_npmi_is_one_for_pairs_that_always_appear_together_and_zero_for_independent_ones():
    assert npmi(2, 2, 2, 4) == pytest.approx(1.0)
    assert npmi(1, 2, 2, 4) == pytest.approx(0.0)
    assert npmi(0, 2, 2, 4) == -1.0


def test_cooccurrence_counts_papers_and_sentences_apart():
    pairs = cooccurrence_pairs([{"a", "b"}, {"a", "b"}, {"a"}], [{"a", "b"}], min_count=1)
    assert [(p.a, p.b, p.papers, p.sentences) for p in pairs] == [("a", "b", 2, 1)]


def test_thresholds_drop_rare_and_unassociated_pairs():
    sets = [{"a", "b"}, {"a", "c"}, {"a", "c"}, {"b"}, {"c"}]
    assert [(p.a, p.b) for p in cooccurrence_pairs(sets, min_count=2)] == [("a", "c")]
    assert cooccurrence_pairs(sets, min_count=1, min_npmi=0.99) == []


def test_a_topic_matched_on_a_methods_own_words_does_not_cooccur_with_it():
    p = paper("p1", ent("method", "linear attention", "linear-attention", 10),
              ent("topic", "linear attention", "linear-attention-models", 10),
              ent("dataset", "ImageNet", "imagenet", 100))
    assert same_words_pairs(p) == {("method:linear-attention", "topic:linear-attention-models")}


def test_later_mentions_count_as_the_same_words_too():
    method = ent("method", "PPO", "ppo", 0, mentions=[Mention("abstract", 50, 53)])
    topic = ent("topic", "PPO", "policy-gradient", 50)
    assert same_words_pairs(paper("p1", method, topic)) == {("method:ppo", "topic:policy-gradient")}


def test_graph_keeps_topic_pairs_only_where_the_words_differ():
    papers = [
        paper(f"p{i}", ent("method", "linear attention", "linear-attention", 10),
              ent("topic", "linear attention", "linear-attention-models", 10),
              ent("dataset", "ImageNet", "imagenet", 100))
        for i in range(3)
    ]
    G = build_graph(papers, min_count=2, taxonomy=None)
    assert not G.has_edge("method:linear-attention", "topic:linear-attention-models", "cooccurs")
    assert G.edges["dataset:imagenet", "method:linear-attention", "cooccurs"]["papers"] == 3
    assert G.edges["dataset:imagenet", "topic:linear-attention-models", "cooccurs"]["papers"] == 3


def test_cooccurrence_edges_carry_weight_papers_sentences_and_npmi():
    papers = [paper("p1", ent("method", "Adam", "adam", 0), ent("dataset", "MNIST", "mnist", 20)),
              paper("p2", ent("method", "Adam", "adam", 0), ent("dataset", "MNIST", "mnist", 20)),
              paper("p3", ent("method", "SGD", "stochastic-gradient-descent", 0))]
    G = build_graph(papers, min_count=2, taxonomy=None)
    d = G.edges["dataset:mnist", "method:adam", "cooccurs"]
    assert (d["papers"], d["weight"], d["sentences"]) == (2, 2, 2)
    assert math.isclose(d["npmi"], 1.0)


def test_proposed_methods_get_a_proposes_edge_and_a_count():
    G = build_graph([paper("p1", ent("method", "RITA", "rita", 0, proposed=True)),
                     paper("p2", ent("method", "RITA", "rita", 0, proposed=False))], taxonomy=None)
    assert G.has_edge("paper:p1", "method:rita", "proposes")
    assert G.has_edge("paper:p2", "method:rita", "uses")
    assert G.nodes["method:rita"]["proposed_in"] == 1


def test_claims_link_to_the_dataset_and_hardware_they_were_measured_on():
    claim = ent("metric", "8.2x faster", "speedup:8.2x", 30, value=8.2, unit="x", kind="speedup",
                dataset="ImageNet", hardware="A100")
    p = paper("p1", ent("dataset", "ImageNet", "imagenet", 0), ent("hardware", "A100", "nvidia-a100", 15,
                                                                   label="NVIDIA A100"), claim)
    G = build_graph([p], taxonomy=None)
    cnode = "claim:p1:abstract:30"
    assert G.nodes[cnode]["value"] == 8.2
    assert G.has_edge("paper:p1", cnode, "reports")
    assert G.has_edge(cnode, "dataset:imagenet", "measured_on")
    assert G.has_edge(cnode, "hardware:nvidia-a100", "run_on")
    assert G.nodes["hardware:nvidia-a100"]["label"] == "NVIDIA A100"


def test_the_graph_does_not_depend_on_input_order():
    papers = [paper("p1", ent("method", "Adam", "adam", 0), ent("dataset", "MNIST", "mnist", 20)),
              paper("p2", ent("method", "Adam", "adam", 0), ent("dataset", "CIFAR-10", "cifar-10", 20))]
    a = build_graph(papers, min_count=1, taxonomy=None)
    b = build_graph(list(reversed(papers)), min_count=1, taxonomy=None)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


# ----------------------------------------------------------------------------- keyword topics


class _Concept:
    def __init__(self, label: str, broader: tuple[str, ...] = ()) -> None:
        self.label, self.broader = label, broader


TAXONOMY = {"machine-learning": _Concept("Machine learning"),
            "time-series": _Concept("Time series", ("machine-learning",))}


def _topic(slug: str, start: int, source: str) -> Entity:
    return ent("topic", slug.replace("-", " ").title(), slug, start, confidence=0.5, source=source)


def _broader(G, node: str) -> list[str]:
    return [v for _, v, k in G.out_edges(node, keys=True) if k == "broader"]


def test_a_keyword_topic_of_several_papers_sits_under_the_taxonomy_topic_they_share():
    papers = [paper(p, _topic("time-series", 0, "taxonomy"), _topic("timeseries-analytics", 20, "keyword"))
              for p in ("p1", "p2", "p3")]
    G = build_graph(papers, taxonomy=TAXONOMY)
    assert _broader(G, "topic:timeseries-analytics") == ["topic:time-series"]
    assert "topic:keyword-topics" not in G


def test_a_keyword_topic_of_one_paper_or_without_a_shared_taxonomy_topic_goes_under_keyword_topics():
    papers = [paper("p1", _topic("time-series", 0, "taxonomy"), _topic("candidate-length", 20, "keyword")),
              paper("p2", _topic("matrix-product", 20, "keyword")),
              paper("p3", _topic("matrix-product", 20, "keyword"))]
    G = build_graph(papers, taxonomy=TAXONOMY)
    assert _broader(G, "topic:candidate-length") == ["topic:keyword-topics"]  # one paper: no support
    assert _broader(G, "topic:matrix-product") == ["topic:keyword-topics"]  # two papers, no taxonomy topic
    assert G.nodes["topic:keyword-topics"]["label"] == "Keyword topics"
    roots = {n for n, d in G.nodes(data=True) if d["type"] == "topic" and not _broader(G, n)}
    assert roots == {"topic:machine-learning", "topic:keyword-topics"}  # no keyword topic is a root


def test_a_taxonomy_topic_shared_by_too_few_of_the_papers_is_not_the_keyword_topics_place():
    papers = [paper("p1", _topic("time-series", 0, "taxonomy"), _topic("set-gradient", 20, "keyword"))]
    papers += [paper(p, _topic("set-gradient", 20, "keyword")) for p in ("p2", "p3", "p4")]
    assert _broader(build_graph(papers, taxonomy=TAXONOMY), "topic:set-gradient") == ["topic:keyword-topics"]

"""Entity resolution: one node per thing, never two things in one node, whatever the input order.

Each test states a case of the resolution issue with the mentions extraction gives, resolves them
over the corpus (:func:`kg.resolve.resolve_papers`) and reads the graph built from the result.
"""
from __future__ import annotations

import itertools

import networkx as nx
import pytest

from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph
from kg.model import Entity, Paper
from kg.resolve import resolve_papers


def paper(pid: str, abstract: str, *mentions: tuple[str, str], date: str | None = None,
          proposed: tuple[str, ...] = ()) -> Paper:
    """A paper whose entities are ``(type, text)`` mentions found in its abstract, as extraction
    gives them (the norm is the text's own slug: extraction does not resolve)."""
    entities = []
    for etype, text in mentions:
        start = abstract.index(text)
        entities.append(Entity(etype, text, text.lower().replace(" ", "-"), "abstract", start, start + len(text),
                               abstract, proposed=(text in proposed) if etype == "method" else None))
    return Paper(pid, f"Title of {pid}", abstract, date=date, entities=entities)


def graph_of(*papers: Paper) -> KnowledgeGraph:
    return KnowledgeGraph(build_graph(resolve_papers(papers), taxonomy=None))


def node_of(g: KnowledgeGraph, pid: str, text: str) -> str:
    """The node the mention ``text`` of paper ``pid`` was resolved to."""
    (p,) = [p for p in g.graph.nodes if p == f"paper:{pid}"]
    for _, v, d in g.graph.out_edges(p, data=True):
        if any(ev.get("text") == text for ev in d.get("evidence") or ()):
            return v
    raise AssertionError(f"no mention {text!r} in {pid}")


# -- versions are entities of their own, linked to their family ----------------------------------


def test_gpt_2_gpt_3_and_gpt_4_are_three_methods_each_a_variant_of_gpt():
    g = graph_of(paper("p1", "We compare GPT-2 and GPT-3.", ("method", "GPT-2"), ("method", "GPT-3")),
                 paper("p2", "GPT-4 answers.", ("method", "GPT-4")))
    nodes = [node_of(g, "p1", "GPT-2"), node_of(g, "p1", "GPT-3"), node_of(g, "p2", "GPT-4")]
    assert len(set(nodes)) == 3
    assert {v for n in nodes for _, v, k in g.graph.out_edges(n, keys=True) if k == "variant_of"} == {"method:gpt"}
    assert [p.id for p in g.papers(method="GPT-2")] == ["p1"]
    assert [p.id for p in g.papers(method="GPT", include_variants=True)] == ["p1", "p2"]
    assert g.papers(method="GPT") == []  # no paper names the family itself


@pytest.mark.parametrize(("version", "family"), [
    ("ResNet-50", "ResNet"), ("BERT-base", "BERT"), ("Llama 2", "Llama"), ("YOLOv8", "YOLO"),
])
def test_a_version_or_size_is_a_variant_of_its_family(version, family):
    g = graph_of(paper("p1", f"We fine-tune {version} and {family}.", ("method", version), ("method", family)))
    v, f = node_of(g, "p1", version), node_of(g, "p1", family)
    assert v != f and g.graph.has_edge(v, f, key="variant_of")


def test_llama_2_7b_is_a_size_of_llama_2_which_is_a_version_of_llama():
    g = graph_of(paper("p1", "Llama 2 7B and Llama 2 and Llama.", ("method", "Llama 2 7B"), ("method", "Llama 2"),
                       ("method", "Llama")))
    size, version, family = (node_of(g, "p1", t) for t in ("Llama 2 7B", "Llama 2", "Llama"))
    assert g.graph.has_edge(size, version, key="variant_of") and g.graph.has_edge(version, family, key="variant_of")
    assert [p.id for p in g.papers(method="Llama", include_variants=True)] == ["p1"]


def test_a_head_that_changes_the_meaning_makes_another_entity():
    g = graph_of(paper("p1", "Transformer-XL extends the Transformer.", ("method", "Transformer-XL"),
                       ("method", "Transformer")))
    assert node_of(g, "p1", "Transformer-XL") != node_of(g, "p1", "Transformer")


# -- acronyms and long forms, across papers ------------------------------------------------------


def test_low_rank_adapters_lora_is_lora_and_papers_of_lora_find_it():
    g = graph_of(paper("p1", "Low-Rank Adaptation (LoRA) adapts models.", ("method", "Low-Rank Adaptation"),
                       ("method", "LoRA")),
                 paper("p2", "We use Low Rank Adapters (LoRA) on a 4-bit model.", ("method", "Low Rank Adapters"),
                       ("method", "LoRA")),
                 paper("p3", "LoRA is cheap.", ("method", "LoRA")))
    nodes = {node_of(g, pid, t) for pid, t in [("p1", "Low-Rank Adaptation"), ("p1", "LoRA"),
                                                ("p2", "Low Rank Adapters"), ("p2", "LoRA"), ("p3", "LoRA")]}
    assert len(nodes) == 1
    assert [p.id for p in g.papers(method="LoRA")] == ["p1", "p2", "p3"]
    assert g.entity("LoRA").label == "LoRA"


def test_an_acronym_the_vocabulary_does_not_know_joins_its_long_forms_across_papers():
    g = graph_of(paper("p1", "Frobnicated Graph Attention (FGA) helps.", ("method", "Frobnicated Graph Attention"),
                       ("method", "FGA")),
                 paper("p2", "We apply FGA to molecules.", ("method", "FGA")),
                 paper("p3", "Frobnicated graph attention scales.", ("method", "Frobnicated graph attention")))
    assert node_of(g, "p2", "FGA") == node_of(g, "p1", "Frobnicated Graph Attention") == \
        node_of(g, "p3", "Frobnicated graph attention")


def test_a_misspelt_long_form_is_the_acronym_it_defines():
    g = graph_of(paper("p1", "We train with Stochastic Gradient Decent (SGD).", ("method", "Stochastic Gradient Decent"),
                       ("method", "SGD")),
                 paper("p2", "SGD with momentum.", ("method", "SGD")))
    assert node_of(g, "p1", "Stochastic Gradient Decent") == node_of(g, "p2", "SGD")
    assert g.entity("stochastic gradient descent").id == node_of(g, "p2", "SGD")


def test_bert_and_its_long_form_are_one_method():
    long = "Bidirectional Encoder Representations from Transformers"
    g = graph_of(paper("p1", f"{long} (BERT) encodes text.", ("method", long), ("method", "BERT")),
                 paper("p2", "We fine-tune BERT.", ("method", "BERT")),
                 paper("p3", f"{long} is pretrained.", ("method", long)))
    assert node_of(g, "p3", long) == node_of(g, "p2", "BERT") == node_of(g, "p1", "BERT")
    assert g.entity(long).label == "BERT"


def test_an_acronym_defined_two_ways_is_two_entities_and_an_undefined_mention_takes_the_common_sense():
    g = graph_of(paper("p1", "Segment Anything Model (SAM) masks.", ("method", "Segment Anything Model"),
                       ("method", "SAM")),
                 paper("p2", "The Segment Anything Model (SAM) again.", ("method", "Segment Anything Model"),
                       ("method", "SAM")),
                 paper("p3", "Sharpness-Aware Minimization (SAM) flattens.", ("method", "Sharpness-Aware Minimization"),
                       ("method", "SAM")),
                 paper("p4", "SAM segments cells.", ("method", "SAM")))
    segment, sharpness = node_of(g, "p1", "SAM"), node_of(g, "p3", "SAM")
    assert segment != sharpness
    assert node_of(g, "p2", "SAM") == node_of(g, "p4", "SAM") == segment


# -- generic heads, spellings, labels ------------------------------------------------------------


def test_generic_heads_do_not_split_an_entity():
    g = graph_of(paper("p1", "We use the Adam optimizer on the ImageNet dataset.", ("method", "Adam optimizer"),
                       ("dataset", "ImageNet dataset")),
                 paper("p2", "Adam on ImageNet.", ("method", "Adam"), ("dataset", "ImageNet")),
                 paper("p3", "The Adam algorithm converges.", ("method", "Adam algorithm")))
    assert node_of(g, "p1", "Adam optimizer") == node_of(g, "p2", "Adam") == node_of(g, "p3", "Adam algorithm")
    assert node_of(g, "p1", "ImageNet dataset") == node_of(g, "p2", "ImageNet")


def test_spellings_are_folded_into_the_label_and_are_not_aliases():
    g = graph_of(paper("p1", "Transformers and a Transformer.", ("method", "Transformers"), ("method", "Transformer")),
                 paper("p2", "A transformer; transformers.", ("method", "transformer"), ("method", "transformers")),
                 paper("p3", "The Transformer.", ("method", "Transformer")))
    row = g.entity("transformers")
    assert (row.label, row.aliases) == ("Transformer", ())
    assert len({node_of(g, pid, t) for pid, t in [("p1", "Transformers"), ("p2", "transformer"),
                                                   ("p3", "Transformer")]}) == 1


def test_a_known_name_is_labelled_as_the_vocabulary_spells_it_not_as_a_typo_drops_its_plural():
    # "a singular before a plural" is right for "Transformers"; nuScenes is a name, and one paper's
    # "nuScene" must not relabel the dataset 20 papers write correctly.
    papers = [paper(f"p{i}", "Results on nuScenes.", ("dataset", "nuScenes")) for i in range(20)]
    g = graph_of(*papers, paper("typo", "Results on nuScene.", ("dataset", "nuScene")))
    assert {node_of(g, "p0", "nuScenes"), node_of(g, "typo", "nuScene")} == {"dataset:nuscenes"}
    assert g.entity("nuScenes").label == "nuScenes"
    g = graph_of(paper("p1", "We use NuScenes.", ("dataset", "NuScenes")))
    assert g.entity("nuscenes").label == "nuScenes"  # the vocabulary's case, not one paper's


def test_cifar_10_and_its_spellings_are_one_dataset_found_by_every_interface():
    from kg.export.html import resolve_node

    g = graph_of(paper("p1", "Results on CIFAR-10.", ("dataset", "CIFAR-10")),
                 paper("p2", "Results on CIFAR10.", ("dataset", "CIFAR10")),
                 paper("p3", "And CIFAR-100.", ("dataset", "CIFAR-100")))
    assert node_of(g, "p1", "CIFAR-10") == node_of(g, "p2", "CIFAR10") != node_of(g, "p3", "CIFAR-100")
    for name in ("CIFAR 10", "cifar10", "CIFAR-10"):
        assert g.entity(name).id == resolve_node(g.graph, name) == node_of(g, "p1", "CIFAR-10")


def test_a_topic_does_not_hold_a_name_of_a_method():
    abstract = "We fine-tune with LoRA."
    p = paper("p1", abstract, ("method", "LoRA"))
    p.entities.append(Entity("topic", "LoRA", "low-rank-adaptation", "abstract", 18, 22, abstract,
                             label="Low-rank adaptation (LoRA)"))
    g = graph_of(p)
    assert g.entity("LoRA").type == "method"
    assert g.graph.nodes["topic:low-rank-adaptation"]["aliases"] == []


# -- decisions of the whole corpus ---------------------------------------------------------------


def test_a_name_most_papers_type_as_a_dataset_is_a_dataset_everywhere():
    g = graph_of(*[paper(f"p{i}", "Results on Frobset.", ("dataset", "Frobset")) for i in range(3)],
                 paper("p9", "Frobset helps.", ("method", "Frobset")))
    assert node_of(g, "p9", "Frobset") == "dataset:frobset"
    assert not any(n.startswith("method:") for n in g.graph.nodes)


def test_a_name_proposed_by_several_papers_is_introduced_by_the_earliest():
    g = graph_of(paper("p1", "We propose FrobNet.", ("method", "FrobNet"), date="2025-03-01", proposed=("FrobNet",)),
                 paper("p2", "We propose FrobNet.", ("method", "FrobNet"), date="2024-01-01", proposed=("FrobNet",)))
    assert g.graph.has_edge("paper:p2", "method:frobnet", key="proposes")
    assert g.graph.has_edge("paper:p1", "method:frobnet", key="uses")


def test_resolution_does_not_depend_on_the_order_of_the_papers():
    papers = [paper("p1", "Low-Rank Adaptation (LoRA) of GPT-2.", ("method", "Low-Rank Adaptation"),
                    ("method", "LoRA"), ("method", "GPT-2")),
              paper("p2", "SAM: Sharpness-Aware Minimization (SAM) with Adam optimizer.",
                    ("method", "Sharpness-Aware Minimization"), ("method", "Adam optimizer")),
              paper("p3", "Results on Frobset with LoRA.", ("dataset", "Frobset"), ("method", "LoRA")),
              paper("p4", "Frobset, GPT-3.", ("method", "Frobset"), ("method", "GPT-3"))]
    first = None
    for order in itertools.permutations(papers):
        resolved = sorted(resolve_papers(order), key=lambda p: p.id)
        graph = nx.to_dict_of_dicts(build_graph(resolved, taxonomy=None))
        if first is None:
            first = (resolved, graph)
        assert (resolved, graph) == first


def test_resolving_again_gives_the_same_papers():
    papers = [paper("p1", "We use the Adam optimizer and GPT-2.", ("method", "Adam optimizer"), ("method", "GPT-2")),
              paper("p2", "Adam.", ("method", "Adam"))]
    once = resolve_papers(papers)
    assert resolve_papers(once) == once
    assert [e.extracted for e in once[0].entities][0] == {"norm": "adam-optimizer", "label": None}

"""A small fixture corpus with known answers, built into a graph through ``build_graph``.

Eight papers, entities written by hand (not extracted), a five-level topic taxonomy:

=====  ======================================  =========================================  ===========
paper  methods (* = proposed)                  datasets / repo / hardware                 topics
=====  ======================================  =========================================  ===========
P1     FastViT*, Adam, ResNet-50               ImageNet, CIFAR-10 / alice/fastvit / A100  CV
P2     ResNet-50, Adam                         ImageNet, CIFAR10                          CV, DL
P3     SparseFormer*, Transformer, Adam        PubMed / carol/sparseformer / TPU v4       NLP
P4     PPO, Transformer                        Atari / dave/ppo-t / A100                  RL
P5     Transformer, FastViT, ResNet-50, Adam   ImageNet / erin/vits / A100                CV, DL
P6     Adam                                    -                                          ML
P7     GCN*                                    Cora                                       GL
P8     GCN                                     Cora                                       GL
=====  ======================================  =========================================  ===========

Claims: P1 speedup 8.2 (ImageNet, A100, vs ResNet-50, for FastViT); P2 accuracy 76.1 (ImageNet);
P3 speedup 3.0 (PubMed, for SparseFormer); P4 speedup 12.0 ("up to"); P5 speedup 5.0 (ImageNet,
vs ResNet-50); P8 accuracy 81.5 (Cora).

Taxonomy: artificial-intelligence > machine-learning > {computer-vision, deep-learning,
natural-language-processing, reinforcement-learning}; deep-learning > graph-learning.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.graph.build import build_graph
from kg.model import Entity, Paper, Source

__all__ = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "TAXONOMY", "Concept", "build_fixture_graph",
           "fixture_papers"]


@dataclass(frozen=True)
class Concept:
    """A taxonomy concept as ``build_graph`` reads it (``label``, ``broader``)."""

    label: str
    broader: tuple[str, ...] = ()


TAXONOMY = {
    "artificial-intelligence": Concept("Artificial Intelligence"),
    "machine-learning": Concept("Machine Learning", ("artificial-intelligence",)),
    "computer-vision": Concept("Computer Vision", ("machine-learning",)),
    "deep-learning": Concept("Deep Learning", ("machine-learning",)),
    "natural-language-processing": Concept("Natural Language Processing", ("machine-learning",)),
    "reinforcement-learning": Concept("Reinforcement Learning", ("machine-learning",)),
    "graph-learning": Concept("Graph Learning", ("deep-learning",)),
}

P1, P2, P3, P4 = "arxiv:2401.00001", "arxiv:2401.00002", "arxiv:2401.00003", "doi:10.5555/ppo.2024"
P5, P6, P7, P8 = "title:0123456789abcdef", "arxiv:2401.00006", "arxiv:2401.00007", "arxiv:2401.00008"


def _paper(pid: str, title: str, abstract: str, entities: list[tuple], **meta: str) -> Paper:
    """A paper whose entities point at their first occurrence in the abstract (or title)."""
    paper = Paper(pid, title, abstract, authors=["A. Author"], sources=[Source("fixture.jsonl", 1, "jsonl")], **meta)
    for etype, text, norm, *rest in entities:
        attrs = rest[0] if rest else {}
        field = "abstract" if text in abstract else "title"
        body = paper.text_of(field)
        start = body.index(text)
        sentence = next(s for s in body.split(". ") if text in s)
        paper.entities.append(Entity(etype, text, norm, field, start, start + len(text), sentence, **attrs))
    return paper


def _topic(slug: str) -> tuple:
    return ("topic", TAXONOMY[slug].label, slug, {"label": TAXONOMY[slug].label, "confidence": 0.9,
                                                 "source": "taxonomy"})


def fixture_papers() -> list[Paper]:
    """The eight papers of the module docstring."""
    return [
        _paper(P1, "FastViT: Efficient Vision Transformers",
               "We propose FastViT and train it with Adam. On ImageNet and CIFAR-10 it beats ResNet-50. "
               "FastViT is 8.2x faster than ResNet-50 on ImageNet on an NVIDIA A100. "
               "Code: https://github.com/alice/fastvit. Computer Vision",
               [("method", "FastViT", "fastvit", {"proposed": True}), ("method", "Adam", "adam"),
                ("method", "ResNet-50", "resnet-50"), ("dataset", "ImageNet", "imagenet"),
                ("dataset", "CIFAR-10", "cifar-10"),
                ("repository", "https://github.com/alice/fastvit", "github.com/alice/fastvit"),
                ("hardware", "NVIDIA A100", "nvidia-a100", {"label": "NVIDIA A100"}),
                ("metric", "8.2x faster", "speedup:8.2x", {"kind": "speedup", "value": 8.2, "unit": "x",
                                                          "dataset": "ImageNet", "hardware": "NVIDIA A100",
                                                          "baseline": "ResNet-50"}),
                _topic("computer-vision")],
               url="https://arxiv.org/abs/2401.00001", date="2024-01-01", arxiv_id="2401.00001"),
        _paper(P2, "ResNet Baselines Revisited",
               "We revisit ResNet-50 trained with Adam on ImageNet and CIFAR10. "
               "It reaches 76.1% top-1 accuracy on ImageNet. Computer Vision. Deep Learning",
               [("method", "ResNet-50", "resnet-50"), ("method", "Adam", "adam"),
                ("dataset", "ImageNet", "imagenet"), ("dataset", "CIFAR10", "cifar-10"),
                ("metric", "76.1% top-1 accuracy", "score:76.1%", {"kind": "score", "value": 76.1, "unit": "%",
                                                                  "metric": "top-1 accuracy", "direction": "higher",
                                                                  "relative": False, "dataset": "ImageNet"}),
                _topic("computer-vision"), _topic("deep-learning")],
               url="https://arxiv.org/abs/2401.00002", date="2024-01-02", arxiv_id="2401.00002"),
        _paper(P3, "Sparse Attention for Long Documents",
               "We propose SparseFormer, a Transformer with sparse attention, trained with Adam. "
               "It runs 3x faster on PubMed on TPU v4. Code at https://github.com/carol/sparseformer. "
               "Natural Language Processing",
               [("method", "SparseFormer", "sparseformer", {"proposed": True}),
                ("method", "Transformer", "transformer"), ("method", "Adam", "adam"),
                ("dataset", "PubMed", "pubmed"),
                ("repository", "https://github.com/carol/sparseformer", "github.com/carol/sparseformer"),
                ("hardware", "TPU v4", "tpu-v4"),
                ("metric", "3x faster", "speedup:3x", {"kind": "speedup", "value": 3.0, "unit": "x",
                                                      "dataset": "PubMed"}),
                _topic("natural-language-processing")],
               url="https://arxiv.org/abs/2401.00003", date="2024-01-03"),
        _paper(P4, "Policy Gradients with Transformers",
               "We train PPO with a Transformer policy on Atari using an A100. "
               "Training is up to 12x faster. See https://github.com/dave/ppo-t. Reinforcement Learning",
               [("method", "PPO", "ppo"), ("method", "Transformer", "transformer"), ("dataset", "Atari", "atari"),
                ("hardware", "A100", "nvidia-a100", {"label": "NVIDIA A100"}),
                ("metric", "up to 12x faster", "speedup:12x", {"kind": "speedup", "value": 12.0, "unit": "x",
                                                              "qualifier": "up to"}),
                ("repository", "https://github.com/dave/ppo-t", "github.com/dave/ppo-t"),
                _topic("reinforcement-learning")],
               doi="10.5555/ppo.2024"),
        _paper(P5, "Vision Transformers at Scale",
               "We scale the Transformer and FastViT, compare with ResNet-50 and train with Adam on ImageNet. "
               "Inference is 5x faster than ResNet-50 on ImageNet on an A100. "
               "https://github.com/erin/vits. Computer Vision. Deep Learning",
               [("method", "Transformer", "transformer"), ("method", "FastViT", "fastvit"),
                ("method", "ResNet-50", "resnet-50"), ("method", "Adam", "adam"),
                ("dataset", "ImageNet", "imagenet"),
                ("repository", "https://github.com/erin/vits", "github.com/erin/vits"),
                ("hardware", "A100", "nvidia-a100", {"label": "NVIDIA A100"}),
                ("metric", "5x faster", "speedup:5x", {"kind": "speedup", "value": 5.0, "unit": "x",
                                                      "dataset": "ImageNet", "hardware": "A100",
                                                      "baseline": "ResNet-50"}),
                _topic("computer-vision"), _topic("deep-learning")]),
        _paper(P6, "Über Optimisers: A Note",
               "A short note on Adam and its step size. Machine Learning",
               [("method", "Adam", "adam"), _topic("machine-learning")], date="2024-01-06"),
        _paper(P7, "Graph Convolutions for Citation Networks",
               "We propose GCN, a graph convolutional network, and test it on Cora. Graph Learning",
               [("method", "GCN", "gcn", {"proposed": True}), ("dataset", "Cora", "cora"), _topic("graph-learning")]),
        _paper(P8, "Revisiting GCN Baselines",
               "GCN reaches 81.5% accuracy on Cora. Graph Learning",
               [("method", "GCN", "gcn"), ("dataset", "Cora", "cora"),
                ("metric", "81.5% accuracy", "score:81.5%", {"kind": "score", "value": 81.5, "unit": "%",
                                                            "metric": "accuracy", "direction": "higher",
                                                            "relative": False, "dataset": "Cora", "method": "GCN"}),
                _topic("graph-learning")]),
    ]


def build_fixture_graph() -> nx.MultiDiGraph:
    """The fixture corpus as a graph (co-occurrence kept from 2 papers, NPMI >= 0)."""
    return build_graph(fixture_papers(), min_count=2, min_npmi=0.0, taxonomy=TAXONOMY)

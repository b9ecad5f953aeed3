"""Tasks in the graph: which papers address a task, which methods and datasets go with it, and the
topic it belongs to — from Python, the command line and the saved graph."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from kg.cli.main import main
from kg.export.node_link import write_graph
from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph
from kg.model import Entity, Paper

TAXONOMY = {"machine-learning": SimpleNamespace(label="Machine learning", broader=[]),
            "computer-vision": SimpleNamespace(label="Computer vision", broader=["machine-learning"]),
            "natural-language-processing": SimpleNamespace(label="NLP", broader=["machine-learning"])}


def _paper(pid: str, abstract: str, *entities: tuple) -> Paper:
    p = Paper(pid, f"Paper {pid}", abstract)
    for etype, text, norm, *attrs in entities:
        start = abstract.index(text)
        p.entities.append(Entity(etype, text, norm, "abstract", start, start + len(text), abstract,
                                 **(attrs[0] if attrs else {})))
    return p


CV = {"broader": ["computer-vision"], "label": "image classification"}
PAPERS = [
    _paper("p1", "We propose FastNet for image classification on ImageNet, 80.1% top-1 accuracy.",
           ("method", "FastNet", "fastnet", {"proposed": True}), ("task", "image classification", "image-classification", CV),
           ("dataset", "ImageNet", "imagenet"),
           ("metric", "80.1% top-1 accuracy", "score:80.1%", {"value": 80.1, "unit": "%", "kind": "score",
                                                              "dataset": "ImageNet", "task": "image classification"})),
    _paper("p2", "ResNet-50 remains strong at Image Classification on ImageNet.",
           ("method", "ResNet-50", "resnet-50"), ("task", "Image Classification", "image-classification", CV),
           ("dataset", "ImageNet", "imagenet")),
    _paper("p3", "ResNet-50 for object detection on COCO.",
           ("method", "ResNet-50", "resnet-50"), ("task", "object detection", "object-detection", {"broader": ["computer-vision"]}),
           ("dataset", "COCO", "coco")),
    _paper("p4", "BERT for machine translation.",
           ("method", "BERT", "bert"),
           ("task", "machine translation", "machine-translation", {"broader": ["natural-language-processing"]})),
]


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph(build_graph(PAPERS, min_count=2, min_npmi=-1.0, taxonomy=TAXONOMY))


def test_papers_addressing_a_task_whatever_its_case(kg):
    assert [p.id for p in kg.papers(task="image classification")] == ["p1", "p2"]
    assert [p.id for p in kg.papers(task="Image-Classification", method="ResNet-50")] == ["p2"]


def test_a_topic_finds_the_papers_of_its_tasks(kg):
    assert [p.id for p in kg.papers(topic="Computer vision")] == ["p1", "p2", "p3"]
    assert [p.id for p in kg.papers(topic="Machine learning")] == ["p1", "p2", "p3", "p4"]
    tree = {t.id: t.papers for t in kg.topics()}
    assert tree == {"topic:machine-learning": 4}


def test_tasks_are_entities_ranked_like_any_other(kg):
    assert [(e.label, e.papers) for e in kg.entities(type="task")] == [
        ("image classification", 2), ("machine translation", 1), ("object detection", 1)]
    assert kg.top("task", by="papers", n=1)[0].label == "image classification"


def test_tasks_cooccur_with_methods_and_datasets(kg):
    assert [r.label for r in kg.cooccurring("image classification", type="dataset")] == ["ImageNet"]
    assert [r.label for r in kg.cooccurring("ImageNet", type="task")] == ["image classification"]


def test_a_claim_links_to_the_task_it_is_measured_on(kg):
    claim = "claim:p1:abstract:57"
    assert kg.graph.has_edge(claim, "task:image-classification", key="for_task")
    assert kg.graph.nodes[claim]["task"] == "image classification"


def test_a_task_belongs_to_its_topic_by_a_broader_edge(kg):
    assert kg.graph.has_edge("task:image-classification", "topic:computer-vision", key="broader")


def test_kg_query_papers_by_task_from_the_command_line(kg, tmp_path, capsys):
    graph = write_graph(kg.graph, tmp_path / "graph.json")
    assert main(["query", "papers", "--task", "object detection", "--graph", str(graph), "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["p3"]
    assert main(["query", "entity", "machine translation", "--type", "task", "--graph", str(graph)]) == 0
    assert "task:machine-translation" in capsys.readouterr().out
    assert main(["query", "papers", "--task", "no such task", "--graph", str(graph)]) != 0

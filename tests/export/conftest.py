"""Fixture corpora for the RDF exports: five papers with known answers, and hostile ids.

The known answers (the SPARQL tests check them):

- papers with code for CIFAR-10: fastnet (alice/fastnet), resnet study (bob/resnet-study),
  fastnet reproduction (carol/fastnet-repro);
- methods of papers evaluated on ImageNet: ResNet-50 in 2 papers; Adam, FastNet, SlimAttention,
  Transformer in 1;
- speedup claims, largest first: 8.2 (fastnet), 3.5 (slimattention), 2.1 (hostile), 1.5 (repro);
- papers about computer vision, narrower topics and the topic's tasks included: fastnet (its task
  image classification), resnet study (the topic and the task), repro;
- methods of papers addressing image classification: ResNet-50 in 2 papers; Adam, FastNet in 1;
- co-occurring datasets: CIFAR-10 with ImageNet, in 2 papers;
- the ImageNet top-1 accuracy leaderboard: 76.1% (resnet study).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.export.rdf import EXTENSIONS, write_rdf
from kg.graph.build import build_graph
from kg.graph.evidence import expand_evidence
from kg.model import Entity, Mention, Paper, Sentence

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
QUERIES = ROOT / "examples" / "queries"
BASE = "https://w3id.org/kg-example/"
# Every RDF format the writers support, by the first extension read_rdf and kg export know it by.
SUFFIX = {fmt: ext for ext, fmt in reversed(EXTENSIONS.items())}

HOSTILE_ID = 'we"ird <id> {x}|^`\\ ünï\x01 sp ace/../%zz'
HOSTILE_TITLE = 'Breaking <Tags> & "Quotes" {x}|^`\\ in Ünïcode — 深度学习\x01\ttab\r\nline'


@dataclass
class Concept:
    """A taxonomy entry as build_graph reads it."""

    label: str
    broader: list[str] = field(default_factory=list)


TAXONOMY = {
    "machine-learning": Concept("Machine learning"),
    "computer-vision": Concept("Computer vision", ["machine-learning"]),
    "natural-language-processing": Concept("Natural language processing", ["machine-learning"]),
    "attention-mechanisms": Concept("Attention mechanisms", ["machine-learning"]),
}


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (split after '.', '!' or '?' and a space)."""
    cuts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+", text)] + [len(text)]
    return [(lo, lo + len(text[lo:hi].rstrip())) for lo, hi in zip(cuts, cuts[1:]) if text[lo:hi].strip()]


def _sentence(text: str, start: int) -> str:
    """The sentence of ``text`` around ``start``."""
    for lo, hi in _sentence_bounds(text):
        if lo <= start < hi:
            return text[lo:hi]
    return ""


def with_sentences(papers: list[Paper]) -> list[Paper]:
    """The papers with their sentence bounds set, as extraction sets them."""
    for p in papers:
        p.sentences = [Sentence(f, lo, hi) for f in ("title", "abstract") for lo, hi in _sentence_bounds(p.text_of(f))]
    return papers


def mention(paper: Paper, etype: str, text: str, norm: str, where: str = "abstract", *,
            also: tuple[str, ...] = (), **attrs: Any) -> Entity:
    """Add an entity found at the first ``text`` in ``where``; ``also`` adds further mentions."""
    body = paper.text_of(where)
    start = body.index(text)
    mentions = []
    for other in also:
        ob = paper.text_of(other)
        at = ob.index(text, start + 1 if other == where else 0)
        mentions.append(Mention(other, at, at + len(text)))
    e = Entity(etype, text, norm, where, start, start + len(text), _sentence(body, start), mentions=mentions,
               **attrs)
    paper.entities.append(e)
    return e


def topic(paper: Paper, text: str, slug: str, where: str, **attrs: Any) -> Entity:
    """Add a topic of the fixture taxonomy, found at ``text`` (labelled as the taxonomy says)."""
    return mention(paper, "topic", text, slug, where, label=TAXONOMY[slug].label, **attrs)


def fixture_papers() -> list[Paper]:
    """Five papers with hand-checked entities (see the module docstring for the answers)."""
    p1 = Paper("arxiv:2401.00001", "FastNet: Efficient Image Classification",
               "We propose FastNet, trained with Adam on CIFAR-10 and ImageNet. FastNet is up to 8.2x faster "
               "than ResNet-50 on an NVIDIA A100. Code: https://github.com/alice/fastnet",
               authors=["Alice Smith", "Bob O'Neil"], url="https://arxiv.org/abs/2401.00001",
               arxiv_id="2401.00001", date="2024-01-02")
    mention(p1, "method", "FastNet", "fastnet", "title", also=("abstract",), proposed=True)
    mention(p1, "method", "Adam", "adam", proposed=False)
    mention(p1, "method", "ResNet-50", "resnet-50", proposed=False)
    mention(p1, "dataset", "CIFAR-10", "cifar-10")
    mention(p1, "dataset", "ImageNet", "imagenet")
    mention(p1, "hardware", "NVIDIA A100", "nvidia a100")
    mention(p1, "repository", "https://github.com/alice/fastnet", "github.com/alice/fastnet")
    mention(p1, "metric", "up to 8.2x faster", "speedup:8.2x", value=8.2, unit="x", kind="speedup",
            qualifier="up to", hardware="NVIDIA A100", baseline="ResNet-50")
    mention(p1, "task", "Image Classification", "image-classification", "title", label="image classification",
            broader=["computer-vision"])

    p2 = Paper("arxiv:2401.00002", "A Study of ResNet-50 Training",
               "We study ResNet-50 for image classification on ImageNet and CIFAR-10 and reach 76.1% top-1 "
               "accuracy on ImageNet. Code is at https://github.com/bob/resnet-study.", arxiv_id="2401.00002",
               date="2024-01")
    mention(p2, "method", "ResNet-50", "resnet-50", proposed=False)
    mention(p2, "task", "image classification", "image-classification", label="image classification",
            broader=["computer-vision"])
    mention(p2, "dataset", "ImageNet", "imagenet")
    mention(p2, "dataset", "CIFAR-10", "cifar-10")
    mention(p2, "repository", "https://github.com/bob/resnet-study", "github.com/bob/resnet-study")
    mention(p2, "metric", "76.1% top-1 accuracy", "score:76.1%", value=76.1, unit="%", kind="score",
            dataset="ImageNet", task="image classification", metric="top-1 accuracy", direction="higher",
            relative=False)
    topic(p2, "ResNet-50", "computer-vision", "abstract", confidence=0.6, source="keyword")

    p3 = Paper("doi:10.1000/slimattn", "SlimAttention: Linear Attention for Long Sequences",
               "We present SlimAttention, which runs 3.5x faster than the Transformer on ImageNet while using "
               "40% less memory on a TPU v4.", doi="10.1000/slimattn", date="2023")
    mention(p3, "method", "SlimAttention", "slimattention", "title", also=("abstract",), proposed=True)
    mention(p3, "method", "Transformer", "transformer", proposed=False)
    mention(p3, "dataset", "ImageNet", "imagenet")
    mention(p3, "hardware", "TPU v4", "tpu v4")
    mention(p3, "metric", "3.5x faster", "speedup:3.5x", value=3.5, unit="x", kind="speedup",
            dataset="ImageNet", hardware="TPU v4", baseline="Transformer")
    mention(p3, "metric", "40% less memory", "reduction:40%", value=40.0, unit="%", kind="reduction")
    topic(p3, "Attention", "attention-mechanisms", "title", confidence=0.8, source="taxonomy")

    p4 = Paper(HOSTILE_ID, HOSTILE_TITLE,
               'Translating WMT 2014 En-De with gr<e>at "net" {1}|^`\\ at 2.1× the speed and 1200 tokens/s; '
               "see https://github.com/ev il/re\"po",
               authors=['Eve "the <hacker>"', "Zoë Ångström"], url='https://example.org/a b<c>"d',
               date="2024-02-30")
    mention(p4, "dataset", "WMT 2014 En-De", "wmt 2014 en-de")
    mention(p4, "method", 'gr<e>at "net" {1}|^`\\', 'gr<e>at "net" {1}|^`\\', proposed=True)
    mention(p4, "repository", 'https://github.com/ev il/re"po', 'github.com/ev il/re"po')
    mention(p4, "metric", "2.1× the speed", "speedup:2.1x", value=2.1, unit="×", kind="speedup")
    mention(p4, "metric", "1200 tokens/s", "other:1200tokens/s", value=1200.0, unit="tokens/s", kind="other")
    topic(p4, "Translating", "natural-language-processing", "abstract", confidence=0.7, source="taxonomy")

    p5 = Paper("arxiv:2401.00005", "Revisiting FastNet on CIFAR-10",
               "We reproduce FastNet on CIFAR-10 and obtain a 1.5x speedup with mixed precision training. "
               "Code: https://github.com/carol/fastnet-repro", arxiv_id="2401.00005")
    mention(p5, "method", "FastNet", "fastnet", "title", also=("abstract",), proposed=False)
    mention(p5, "method", "mixed precision training", "mixed precision training", proposed=False)
    mention(p5, "dataset", "CIFAR-10", "cifar-10", "title", also=("abstract",))
    mention(p5, "repository", "https://github.com/carol/fastnet-repro", "github.com/carol/fastnet-repro")
    mention(p5, "metric", "1.5x speedup", "speedup:1.5x", value=1.5, unit="x", kind="speedup")
    topic(p5, "FastNet", "computer-vision", "title", confidence=0.75, source="keyword")
    return with_sentences([p1, p2, p3, p4, p5])


def hostile_papers() -> list[Paper]:
    """Papers whose ids, names and texts hold every character that breaks naive IRIs/literals."""
    nasty = ['a b', 'q"uote', "<angle>", "{brace}", "pi|pe", "ca^ret", "back`tick", "back\\slash",
             "ünïcødé 深度", "ctrl\x00\x07\x1f\x7f", "new\nline\r", "tab\there", "..", ".", "", "%41", "50%",
             "#frag?q=1&x", "lone \ud800 surrogate", "emoji 🚀"]
    papers = []
    for i, text in enumerate(nasty):
        p = Paper(f"hostile:{text}", f"Title {text}", f"We use {text} here.", authors=[text],
                  url=f"https://example.org/{text}", date=text)
        if text:
            mention(p, "dataset", text, text)
        mention(p, "method", "use", f"m{i}:{text}", proposed=bool(i % 2))
        papers.append(p)
    return with_sentences(papers)


def full(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with full evidence (every mention's sentence by value, reified mentions in RDF)."""
    expand_evidence(G)
    return G


@pytest.fixture(scope="session")
def compact_graph() -> nx.MultiDiGraph:
    """The known-answer corpus as a graph with compact evidence, as ``kg build`` makes by default."""
    return build_graph(fixture_papers(), min_count=2, taxonomy=TAXONOMY)


@pytest.fixture(scope="session")
def fixture_graph() -> nx.MultiDiGraph:
    """The known-answer corpus as a graph (co-occurrence in 2+ papers, the fixture taxonomy), with
    full evidence: the whole RDF model."""
    return full(build_graph(fixture_papers(), min_count=2, taxonomy=TAXONOMY))


@pytest.fixture(scope="session")
def hostile_graph() -> nx.MultiDiGraph:
    """Hostile ids, names and texts, plus the fixture corpus (whose paper 4 is hostile too)."""
    return full(build_graph(hostile_papers() + fixture_papers(), min_count=2, taxonomy=TAXONOMY))


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory, fixture_graph: nx.MultiDiGraph) -> dict[str, tuple[Path, int]]:
    """The fixture graph written in every format: format -> (path, triples written)."""
    return _write_every_format(fixture_graph, tmp_path_factory.mktemp("rdf"))


@pytest.fixture(scope="session")
def hostile_exports(tmp_path_factory: pytest.TempPathFactory,
                    hostile_graph: nx.MultiDiGraph) -> dict[str, tuple[Path, int]]:
    """The hostile graph written in every format: format -> (path, triples written)."""
    return _write_every_format(hostile_graph, tmp_path_factory.mktemp("hostile"))


def _write_every_format(G: nx.MultiDiGraph, out: Path) -> dict[str, tuple[Path, int]]:
    paths = {fmt: out / f"graph{SUFFIX[fmt]}" for fmt in SUFFIX}
    return {fmt: (path, write_rdf(G, path, fmt)) for fmt, path in paths.items()}


# Known answers of examples/queries/*.rq on the fixture corpus: file -> (columns, rows in order).
# Numbers are compared as floats (NPMI rounded to 3 places).
KNOWN_ANSWERS: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = {
    "papers_with_code_for_dataset.rq": (("title", "repository"), [
        ("A Study of ResNet-50 Training", "https://github.com/bob/resnet-study"),
        ("FastNet: Efficient Image Classification", "https://github.com/alice/fastnet"),
        ("Revisiting FastNet on CIFAR-10", "https://github.com/carol/fastnet-repro"),
    ]),
    "methods_on_benchmark.rq": (("method", "papers"), [
        ("ResNet-50", 2.0), ("Adam", 1.0), ("FastNet", 1.0), ("SlimAttention", 1.0), ("Transformer", 1.0),
    ]),
    "largest_speedups.rq": (("value", "unit", "qualifier", "claim", "title"), [
        (8.2, "x", "up to", "up to 8.2x faster", "FastNet: Efficient Image Classification"),
        (3.5, "x", None, "3.5x faster", "SlimAttention: Linear Attention for Long Sequences"),
        (2.1, "×", None, "2.1× the speed", HOSTILE_TITLE),
        (1.5, "x", None, "1.5x speedup", "Revisiting FastNet on CIFAR-10"),
    ]),
    "papers_of_topic.rq": (("title", "topic"), [
        ("A Study of ResNet-50 Training", "Computer vision"),
        ("A Study of ResNet-50 Training", "image classification"),
        ("FastNet: Efficient Image Classification", "image classification"),
        ("Revisiting FastNet on CIFAR-10", "Computer vision"),
    ]),
    "methods_for_task.rq": (("method", "papers"), [
        ("ResNet-50", 2.0), ("Adam", 1.0), ("FastNet", 1.0),
    ]),
    "cooccurring_datasets.rq": (("dataset1", "dataset2", "papers", "npmi"), [
        ("CIFAR-10", "ImageNet", 2.0, 0.115),
    ]),
    "leaderboard.rq": (("value", "unit", "method", "title"), [
        (76.1, "%", None, "A Study of ResNet-50 Training"),
    ]),
}


@pytest.fixture(scope="session")
def known_answers() -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """What each example query answers on the fixture corpus."""
    return KNOWN_ANSWERS

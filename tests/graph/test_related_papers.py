"""``related_papers`` walks the rarest shared entities first and stops early; the answer must be
the one a full comparison with every paper sharing an entity gives."""
from __future__ import annotations

import math
import random

import pytest

from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph, RelatedPaper
from kg.model import Entity, Paper


def every_candidate(kg: KnowledgeGraph, paper: str, top: int | None) -> list[RelatedPaper]:
    """The definition: score every paper that shares an entity (the implementation before pruning)."""
    node = kg._require_paper(paper)
    papers_of, entities_of = kg._links
    total = len(kg._paper_nodes)

    def weight(e: str) -> float:
        return math.log(1.0 + total / len(papers_of[e]))

    mine = entities_of.get(node, frozenset())
    mine_weight = math.fsum(weight(e) for e in sorted(mine))
    rows = []
    for other in sorted({p for e in mine for p in papers_of[e]} - {node}):
        theirs = entities_of[other]
        shared = sorted(mine & theirs, key=lambda e: (-weight(e), kg._label(e), e))
        inter = math.fsum(weight(e) for e in shared)
        union = mine_weight + math.fsum(weight(e) for e in sorted(theirs)) - inter
        rows.append(RelatedPaper(id=other.removeprefix("paper:"), title=kg.graph.nodes[other].get("title", ""),
                                 score=round(inter / union, 6), shared=tuple(kg._label(e) for e in shared)))
    rows.sort(key=lambda r: (-r.score, r.id))
    return rows[:top] if top is not None else rows


def skewed_corpus(n_papers: int, seed: int) -> KnowledgeGraph:
    """Papers whose methods follow a long tail: a few in most papers, many in one or two."""
    rng = random.Random(seed)
    papers = []
    for i in range(n_papers):
        names = {f"m{min(int(rng.paretovariate(0.8)), 400)}" for _ in range(rng.randint(1, 9))}
        if i % 7 == 0:
            names = set()  # papers without entities relate to nothing
        ents = [Entity("method", n, n, "abstract", 0, len(n), "s.") for n in sorted(names)]
        papers.append(Paper(f"p{i:03d}", f"Paper {i}", "An abstract.", entities=ents))
    return KnowledgeGraph(build_graph(papers, taxonomy=None))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("top", [1, 3, 10, None])
def test_related_papers_equal_the_full_comparison(seed, top):
    kg = skewed_corpus(160, seed)
    for node in kg._paper_nodes:
        assert kg.related_papers(node, top=top) == every_candidate(kg, node, top)


def test_related_papers_of_the_example_corpus_equal_the_full_comparison(example_build):
    kg, _ = example_build
    for node in kg._paper_nodes:
        assert kg.related_papers(node, top=5) == every_candidate(kg, node, 5)

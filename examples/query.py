#!/usr/bin/env python3
"""A query session on a built graph (run `make demo` first, or pass another graph.json).

    python examples/query.py [exports/graph.json]
"""
from __future__ import annotations

import sys

import kg


def main(path: str = "exports/graph.json") -> None:
    g = kg.load(path)
    print("summary:", g.summary())
    print("\nentity lookup, variant-insensitive:", g.entity("cifar10"))
    print("\npapers on CIFAR-10 with code:")
    for p in g.papers(dataset="CIFAR-10", has_code=True):
        print(" ", p.title)
    print("\nspeedup claims of 20x or more:")
    for c in g.claims(kind="speedup", unit="x", min_value=20):
        print(f"  {c.value:g}{c.unit} {c.qualifier or ''} | {c.text} | {c.paper_title}")
    print("\nImageNet leaderboard (top-1 accuracy):")
    for r in g.leaderboard(dataset="ImageNet", metric="top-1 accuracy")[:5]:
        print(f"  {r.rank}. {r.value:g}{r.unit or ''} {r.method or ''} | {r.paper_title}")
    print("\nstrongest co-occurrences of ImageNet (NPMI):")
    for r in g.cooccurring("ImageNet", type=None, top=5):
        print(f"  {r.label} ({r.type}): {r.papers} papers, npmi {r.npmi:.2f}")
    rita = "RITA: Group Attention is All You Need for Timeseries Analytics"
    print(f"\npapers related to {rita!r}:")
    for r in g.related_papers(rita, top=3):
        print(f"  {r.score:.3f} {r.title} (shared: {', '.join(r.shared[:4])})")
    print("\ntop topics:", [(t.label, t.papers) for t in g.topics()[:8]])
    print("\nmost central methods:", [(e.label, e.papers) for e in g.top("method", by="pagerank", n=8)])
    print("\ncommunities:")
    for c in g.communities()[:3]:
        print(f"  {c.name}: {c.size} entities, {c.papers} papers")


if __name__ == "__main__":
    main(*sys.argv[1:2])

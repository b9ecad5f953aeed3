"""RDF writer throughput: rdflib's Turtle writer vs pyoxigraph's vs kg's streaming N-Triples writer.

Builds a synthetic corpus through the real :func:`kg.graph.build.build_graph` (papers with methods,
datasets, repositories, hardware, topics and claims drawn from fixed vocabularies, seeded), then
writes the same graph with each writer and prints a table of triples per second.

Usage::

    .venv/bin/python benchmarks/rdf_bench.py                 # 7500 papers, ~1M triples
    .venv/bin/python benchmarks/rdf_bench.py --papers 2000   # quicker
    .venv/bin/python benchmarks/rdf_bench.py --skip-rdflib   # rdflib needs minutes and GBs at 1M

Timings include generating the triples from the NetworkX graph, except for rdflib, whose graph is
built first (timed apart) because its serializer can only write an rdflib Graph.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.export.rdf import data_prefixes, iter_triples, raw_triples, write_rdf
from kg.graph.build import build_graph
from kg.model import Entity, Paper
from kg.namespace import PREFIXES

VOCAB_SIZES = {"method": 3000, "dataset": 800, "hardware": 60, "topic": 120}


def synthetic_papers(n: int, seed: int = 0) -> list[Paper]:
    """``n`` papers with 8-16 entities each, drawn from fixed vocabularies (Zipf-like reuse)."""
    rng = random.Random(seed)
    papers = []
    for i in range(n):
        title = f"Paper {i}: a study of method {i % 997}"
        sentences = [f"Sentence {j} of paper {i} about results." for j in range(6)]
        abstract = " ".join(sentences)
        p = Paper(f"arxiv:{2400 + i // 100000}.{i % 100000:05d}", title, abstract,
                  authors=[f"Author {rng.randrange(5000)}" for _ in range(rng.randint(1, 5))],
                  arxiv_id=f"{2400 + i // 100000}.{i % 100000:05d}", date="2024-01-15")

        def add(etype: str, norm: str, **attrs: object) -> None:
            s = rng.randrange(len(sentences))
            start = sum(len(x) + 1 for x in sentences[:s])
            p.entities.append(Entity(etype, norm, norm, "abstract", start, start + 8, sentences[s], **attrs))

        for etype, size in VOCAB_SIZES.items():
            for _ in range(rng.randint(1, 3)):
                k = min(int(rng.paretovariate(1.2)) - 1, size - 1)
                add(etype, f"{etype} {k}", proposed=(etype == "method" and rng.random() < 0.2) or None,
                    confidence=0.8 if etype == "topic" else None)
        if rng.random() < 0.3:
            add("repository", f"github.com/owner{i}/repo{i}")
        for j in range(rng.randint(0, 3)):
            add("metric", f"{j + 1}.5x faster", value=j + 1.5, unit="x", kind="speedup")
        papers.append(p)
    return papers


def _timed(fn: Callable[[], int]) -> tuple[int, float]:
    t0 = time.perf_counter()
    n = fn()
    return n, time.perf_counter() - t0


def _rdflib_graph(G: nx.MultiDiGraph) -> rdflib.Graph:
    g = rdflib.Graph()
    for prefix, ns in {**PREFIXES, **data_prefixes("https://w3id.org/kg-example/")}.items():
        g.bind(prefix, ns, override=True, replace=True)
    for t in iter_triples(G):
        g.add(t)
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=7500, help="synthetic papers (default 7500: ~1M triples)")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave out rdflib (slow and memory-hungry)")
    parser.add_argument("--out", type=Path, help="folder for the files (default: a temporary one)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    G = build_graph(synthetic_papers(args.papers), min_count=3, taxonomy=None)
    print(f"graph: {args.papers} papers, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
          f"(built in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)

    out = args.out or Path(tempfile.mkdtemp(prefix="rdf_bench_"))
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, int, float]] = []
    rows.append(("kg triple stream only (no output)", *_timed(lambda: sum(1 for _ in raw_triples(G)))))
    rows.append(("kg N-Triples writer (write_rdf nt)", *_timed(lambda: write_rdf(G, out / "g.nt", "nt"))))
    rows.append(("pyoxigraph Turtle (write_rdf ttl)", *_timed(lambda: write_rdf(G, out / "g.ttl", "ttl"))))
    rows.append(("kg JSON-LD writer (write_rdf jsonld)", *_timed(lambda: write_rdf(G, out / "g.jsonld", "jsonld"))))

    def ox_nt() -> int:
        with open(out / "g.ox.nt", "wb") as f:
            ox.serialize((ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str)
                                    else ox.Literal(o.lexical, datatype=ox.NamedNode(o.datatype)))
                          for s, p, o in raw_triples(G)), f, ox.RdfFormat.N_TRIPLES)
        return rows[0][1]

    rows.append(("pyoxigraph N-Triples (for comparison)", *_timed(ox_nt)))
    if not args.skip_rdflib:
        g, build_s = _timed_graph(G)
        rows.append(("rdflib: build Graph from iter_triples", len(g), build_s))

        def rdflib_ttl() -> int:
            g.serialize(destination=str(out / "g.rdflib.ttl"), format="turtle")
            return len(g)

        rows.append(("rdflib Turtle writer (serialize only)", *_timed(rdflib_ttl)))

    print(f"\n{'writer':<42} {'triples':>10} {'seconds':>9} {'triples/s':>11}")
    print("-" * 75)
    for name, n, secs in rows:
        print(f"{name:<42} {n:>10,} {secs:>9.2f} {n / secs:>11,.0f}")
    print(f"\nfiles in {out}")
    return 0


def _timed_graph(G: nx.MultiDiGraph) -> tuple[rdflib.Graph, float]:
    t0 = time.perf_counter()
    g = _rdflib_graph(G)
    return g, time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())

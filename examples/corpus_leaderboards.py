#!/usr/bin/env python3
"""Leaderboards of a built graph, printed as a reading sheet: every row with its evidence sentence.

    kg build arxiv-cs-2025.jsonl --out big --outputs records,json,report
    python examples/corpus_leaderboards.py --graph big/graph.json --pair ImageNet FID --pair GSM8K accuracy
    python examples/corpus_leaderboards.py --graph big/graph.json --popular 10     # the most filled boards

Each row is one line of a Markdown table (rank, value, method, paper, date, sentence) followed by an empty
"right?" column, for a reader to check the row against its sentence: is the number that result, on that
dataset, in that metric, by that method?
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

import kg


def popular(g: kg.KnowledgeGraph, n: int) -> list[tuple[str, str, int]]:
    """The (dataset, metric, rows) of the ``n`` largest leaderboards of the graph."""
    from kg.graph.results import leaderboards

    sizes: Counter[tuple[str, str]] = Counter()
    for entity, rows in leaderboards(g.graph, "measured_on").items():
        label = str(g.graph.nodes[entity].get("label", entity))
        for r in rows:
            sizes[(label, r.metric)] += 1
    return [(d, m, k) for (d, m), k in sizes.most_common(n)]


def sheet(g: kg.KnowledgeGraph, dataset: str, metric: str) -> str:
    rows = g.leaderboard(dataset=dataset, metric=metric)
    out = [f"## {dataset}, {metric}", ""]
    for (m, unit), board in _boards(rows):
        out += [f"### {m} ({unit or 'no unit'}), {board[0].direction or 'unknown direction'} is better", "",
                "| rank | value | method | paper | date | sentence | right? |", "|---|---|---|---|---|---|---|"]
        for r in board:
            sentence = r.sentence.replace("|", "\\|")
            out.append(f"| {r.rank} | {r.qualifier + ' ' if r.qualifier else ''}{r.value:g} | {r.method or ''} | "
                       f"{r.paper} | {r.date or ''} | {sentence} | |")
        out.append("")
    return "\n".join(out)


def _boards(rows):
    boards: dict[tuple[str, str | None], list] = {}
    for r in rows:
        boards.setdefault((r.metric, r.unit), []).append(r)
    return list(boards.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", required=True, help="graph.json of a build")
    ap.add_argument("--pair", nargs=2, action="append", default=[], metavar=("DATASET", "METRIC"))
    ap.add_argument("--popular", type=int, help="list the N largest (dataset, metric) boards")
    a = ap.parse_args(argv)
    g = kg.load(a.graph)
    if a.popular:
        for dataset, metric, n in popular(g, a.popular):
            print(f"{n:5}  {dataset}  |  {metric}")
    for dataset, metric in a.pair:
        print(sheet(g, dataset, metric))
    return 0


if __name__ == "__main__":
    sys.exit(main())

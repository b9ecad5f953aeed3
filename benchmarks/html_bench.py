"""Benchmark the HTML view: page size, generation time and time to interactive in headless Chromium.

Graphs are synthetic but follow the node/edge model of :mod:`kg.graph.build` (papers, entities of
every type, claims; paper→entity relations, claim→dataset, entity co-occurrences), with about
``edges_per_node`` edges per node and a skewed popularity of entities, as real corpora have.

Usage::

    .venv/bin/python benchmarks/html_bench.py [--sizes 1000 5000 10000] [--out DIR]

"Interactive" is the moment the page's first vis-network frame has been drawn (``window.kgReady``,
set on the first ``afterDrawing``), measured from the start of navigation; pages of more than 150
nodes open on their overview. Then, each until its next frame is drawn: a word search (``kg.search``),
a search-and-go (``kg.goTo``: expand the node, lay the view out and fit it, veil the rest, open the
panel), Back to the overview, and showing every node ("everything": the layout computed ahead).

Examples
--------
>>> G = synthetic_graph(200, seed=1)
>>> G.number_of_nodes(), 700 <= G.number_of_edges() <= 800
(200, True)
>>> sorted({d["type"] for _, d in G.nodes(data=True)})
['claim', 'dataset', 'hardware', 'method', 'paper', 'repository', 'topic']
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

__all__ = ["measure_page", "synthetic_graph"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# share of nodes per type, and the relation a paper uses to reach each entity type
SHARES = {"paper": 0.30, "claim": 0.10, "method": 0.25, "dataset": 0.15, "repository": 0.08,
          "hardware": 0.04, "topic": 0.08}
RELATION = {"method": "uses", "dataset": "evaluates_on", "repository": "has_code", "hardware": "run_on",
            "topic": "about"}
WORDS = ("deep sparse graph neural robust efficient contrastive diffusion transformer attention policy "
         "federated quantum adaptive latent spectral causal bayesian multimodal scalable").split()


def synthetic_graph(n_nodes: int, edges_per_node: int = 4, *, seed: int = 0) -> nx.MultiDiGraph:
    """A random knowledge graph with ``n_nodes`` nodes and about ``edges_per_node * n_nodes`` edges."""
    rng = np.random.default_rng(seed)
    counts = {t: max(1, int(round(share * n_nodes))) for t, share in SHARES.items()}
    counts["paper"] += n_nodes - sum(counts.values())
    G = nx.MultiDiGraph(name="synthetic", min_count=2, min_npmi=0.0)
    by_type: dict[str, list[str]] = {}
    for t, k in counts.items():
        prefix = {"repository": "repo", "claim": "claim"}.get(t, t)
        by_type[t] = [f"{prefix}:{t[:3]}-{i:06d}" for i in range(k)]
    for pid in by_type["paper"]:
        title = " ".join(rng.choice(WORDS, 8)).capitalize()
        G.add_node(pid, type="paper", label=title, title=title, abstract=f"We study {title.lower()}.",
                   authors=["A. Author"], arxiv_id=f"2401.{int(pid[-6:]):05d}")
    for t in RELATION:
        for i, node in enumerate(by_type[t]):
            G.add_node(node, type=t, label=f"{t} {' '.join(rng.choice(WORDS, 2))} {i}", aliases=[], papers=0)
    for cid in by_type["claim"]:
        G.add_node(cid, type="claim", label=f"{rng.integers(1, 99)}% accuracy", text="accuracy")
    target = edges_per_node * n_nodes
    papers = np.array(by_type["paper"])
    entity_types = list(RELATION)
    weights = np.array([counts[t] for t in entity_types], float)
    for cid in by_type["claim"]:  # every claim reported by one paper, measured on one dataset
        G.add_edge(str(rng.choice(papers)), cid, key="reports", relation="reports")
        G.add_edge(cid, by_type["dataset"][int(rng.zipf(1.5) - 1) % counts["dataset"]], key="measured_on",
                   relation="measured_on")
    n_paper_edges = int(target * 0.65) - G.number_of_edges()
    ptypes = rng.choice(len(entity_types), n_paper_edges, p=weights / weights.sum())
    for p, ti in zip(rng.choice(papers, n_paper_edges), ptypes):
        t = entity_types[ti]
        ent = by_type[t][int(rng.zipf(1.4) - 1) % counts[t]]  # a few popular entities, a long tail
        G.add_edge(str(p), ent, key=RELATION[t], relation=RELATION[t], evidence=[])
        G.nodes[ent]["papers"] += 1
    entities = [e for t in entity_types for e in by_type[t]]
    while (missing := target - G.number_of_edges()) > 0:  # repeated pairs merge, so top up
        pairs = rng.integers(0, len(entities), (missing, 2))
        for a, b in np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1).tolist():
            k = int(rng.integers(2, 12))
            G.add_edge(entities[a], entities[b], key="cooccurs", relation="cooccurs", papers=k, weight=k,
                       sentences=0, npmi=round(float(rng.uniform(0, 1)), 3))
    return G


def measure_page(path: Path, browser) -> dict[str, float]:
    """Open ``path`` in ``browser`` (Playwright); seconds to load, to first frame and for one jump."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=180_000)
        loaded = time.perf_counter() - start
        page.wait_for_function("window.kgReady !== undefined", timeout=180_000, polling=20)
        interactive = time.perf_counter() - start
        in_page = page.evaluate("window.kgReady") / 1000.0

        def timed(js: str, arg: object = None) -> float:
            t = time.perf_counter()
            page.evaluate(js, arg)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            return time.perf_counter() - t

        search = timed("() => kg.search('deep graph attention', 10)")
        target = page.evaluate("kg.find('robust method', 1)[0] || kg.data.nodes[0][0]")
        jump = timed("id => kg.jump(id)", target)
        back = timed("() => kg.setView(kg.data.start)")
        everything = timed("() => kg.setMode('all')")
        return {"load_s": loaded, "interactive_s": interactive, "first_frame_in_page_s": in_page, "search_s": search,
                "jump_s": jump, "back_s": back, "everything_s": everything}
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from kg.export.html import write_html

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--out", type=Path, default=None, help="keep the pages in this folder")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-html-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'nodes':>7} {'edges':>7} {'page MB':>8} {'generate s':>10} {'load s':>7} {'interactive s':>13} "
          f"{'search s':>8} {'expand s':>8} {'back s':>6} {'everything s':>12}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                G = synthetic_graph(n)
                path = out / f"graph-{n}.html"
                t = time.perf_counter()
                write_html(G, path, title=f"synthetic {n}")
                generate = time.perf_counter() - t
                m = measure_page(path, browser)
                print(f"{n:>7} {G.number_of_edges():>7} {path.stat().st_size / 1e6:>8.2f} {generate:>10.2f} "
                      f"{m['load_s']:>7.2f} {m['interactive_s']:>13.2f} {m['search_s']:>8.2f} {m['jump_s']:>8.2f} "
                      f"{m['back_s']:>6.2f} {m['everything_s']:>12.2f}", flush=True)
        finally:
            browser.close()
    print(f"pages in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Measure kg per stage and end to end on N synthetic abstracts; print a table, keep JSON.

    python benchmarks/bench.py --n 10000            # generates the corpus first (fixed seed)
    python benchmarks/bench.py --n 100000 --workers 2 --json benchmarks/results/100k.json

Stages: read → extract (1 process, then --workers) → graph → exports (N-Triples + node-link JSON).
In the same run and on the same text it measures spaCy's bare tokenizer (``spacy.blank("en")``
through ``nlp.pipe``), and reports extraction speed as a ratio to it. Peak RSS is the process's
high-water mark after each stage (workers' peak reported apart).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


class Stages:
    def __init__(self, n_papers: int, n_words: int) -> None:
        self.rows: list[dict] = []
        self.n_papers, self.n_words = n_papers, n_words

    def add(self, name: str, seconds: float, **extra) -> dict:
        row = {"stage": name, "seconds": round(seconds, 3),
               "abstracts_per_s": round(self.n_papers / seconds, 1) if seconds else None,
               "words_per_s": round(self.n_words / seconds) if seconds else None,
               "peak_rss_mb": round(peak_rss_mb(), 1), **extra}
        self.rows.append(row)
        print(f"  {name:<28} {row['seconds']:>9.2f} s {row['abstracts_per_s'] or 0:>10,.0f} abs/s "
              f"{row['words_per_s'] or 0:>11,} words/s  rss {row['peak_rss_mb']:>8,.0f} MB", flush=True)
        return row


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def run(n: int, workers: int, corpus: Path | None, keep: Path | None) -> dict:
    import spacy

    from kg.export.node_link import write_node_link
    from kg.export.rdf import write_rdf
    from kg.extract.parallel import extract_parallel
    from kg.extract.pipeline import extract_papers, paper_doc_text
    from kg.graph.build import build_graph
    from kg.ingest import read_papers

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    if corpus is None:
        from generate_corpus import write_corpus

        corpus, secs = timed(write_corpus, n, work / f"bench-{n}.jsonl")
        print(f"generated {n:,} abstracts in {secs:.1f} s ({corpus.stat().st_size / 1e6:.1f} MB)")

    result, t_read = timed(read_papers, [corpus])
    papers = result.papers
    texts = [paper_doc_text(p) for p in papers]
    tok = spacy.blank("en")
    t0 = time.perf_counter()
    n_words = sum(sum(1 for t in doc if not t.is_space) for doc in tok.pipe(texts, batch_size=256))
    t_tok = time.perf_counter() - t0
    st = Stages(len(papers), n_words)
    print(f"{len(papers):,} abstracts, {n_words:,} words")
    st.add("read", t_read)
    tok_row = st.add("tokenizer (spacy.blank)", t_tok)

    _, t_ex1 = timed(lambda: sum(1 for _ in extract_papers(papers)))
    ex1 = st.add("extract (1 process)", t_ex1, ratio_to_tokenizer=round(t_tok / t_ex1, 3))
    _, t_exn = timed(lambda: sum(1 for _ in extract_parallel(papers, workers=workers)))
    exn = st.add(f"extract ({workers} workers)", t_exn, ratio_to_tokenizer=round(t_tok / t_exn, 3))
    G, t_graph = timed(build_graph, papers)
    st.add("graph", t_graph, nodes=G.number_of_nodes(), edges=G.number_of_edges())
    out = keep or work
    out.mkdir(parents=True, exist_ok=True)
    triples, t_nt = timed(write_rdf, G, out / "graph.nt", format="nt")
    st.add("export N-Triples", t_nt, triples=triples, triples_per_s=round(triples / t_nt) if t_nt else None,
           bytes=(out / "graph.nt").stat().st_size)
    _, t_json = timed(write_node_link, G, out / "graph.json")
    st.add("export node-link JSON", t_json, bytes=(out / "graph.json").stat().st_size)
    total = t_read + t_exn + t_graph + t_nt + t_json
    e2e = st.add("end to end", total)
    summary = {
        "n": len(papers), "words": n_words, "workers": workers, "cpu_count": os.cpu_count(),
        "python": platform.python_version(), "spacy": spacy.__version__,
        "extract_ratio_1proc": ex1["ratio_to_tokenizer"], "extract_ratio_workers": exn["ratio_to_tokenizer"],
        "end_to_end_abstracts_per_s": e2e["abstracts_per_s"],
        "end_to_end_abstracts_per_s_per_core": round(e2e["abstracts_per_s"] / max(1, workers), 1),
        "ms_per_abstract_end_to_end": round(1000 * total / len(papers), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1), "peak_rss_workers_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "tokenizer_words_per_s": tok_row["words_per_s"], "stages": st.rows,
    }
    print(f"extraction / tokenizer: {summary['extract_ratio_1proc']:.2f} (1 process), "
          f"{summary['extract_ratio_workers']:.2f} ({workers} workers); end to end "
          f"{summary['end_to_end_abstracts_per_s']:,.0f} abstracts/s "
          f"({summary['ms_per_abstract_end_to_end']} ms each); peak RSS {summary['peak_rss_mb']:,.0f} MB")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="abstracts to generate (default 10000)")
    ap.add_argument("--corpus", type=Path, help="use this JSON Lines corpus instead of generating one")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    ap.add_argument("--keep", type=Path, help="keep the exports in this folder")
    a = ap.parse_args(argv)
    summary = run(a.n, a.workers, a.corpus, a.keep)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

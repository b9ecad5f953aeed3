#!/usr/bin/env python3
"""Measure kg per stage and end to end on N synthetic abstracts; print a table, keep JSON.

    python benchmarks/bench.py --n 10000            # generates the corpus first (fixed seed)
    python benchmarks/bench.py --n 100000 --workers 2 --json benchmarks/results/100k.json

Stages: read; spaCy's bare tokenizer (``spacy.blank("en")`` through ``nlp.pipe``) and one-process
extraction on the same text — a sample of the synthetic corpus, then the real example corpus,
whose sentences do not repeat (repeats flatter the tokenizer's cache) — reported as a ratio;
then end to end: ``kg.build`` streaming records, node-link JSON and N-Triples with ``--workers``
processes, in a fresh process. Memory: the peak RSS of the build (workers forked by a fork server are
not its children, so their RSS is not reported) and the peak PSS of the build and its workers together (sampled each second; shared pages counted once).
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
        print(f"  {name:<36} {row['seconds']:>9.2f} s {row['abstracts_per_s'] or 0:>10,.0f} abs/s "
              f"{row['words_per_s'] or 0:>11,} words/s  rss {row['peak_rss_mb']:>8,.0f} MB", flush=True)
        return row


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def tokenizer_and_extraction(papers: list, label: str, st: "Stages") -> tuple[dict, dict]:
    """Bare tokenizer and one-process extraction over the same papers: the ratio the issue asks for."""
    import spacy

    from kg.extract.pipeline import extract_papers, paper_doc_text

    texts = [paper_doc_text(p) for p in papers]
    tok = spacy.blank("en")
    t0 = time.perf_counter()
    words = sum(sum(1 for t in doc if not t.is_space) for doc in tok.pipe(texts, batch_size=256))
    t_tok = time.perf_counter() - t0
    sub = Stages(len(papers), words)
    tok_row = sub.add(f"tokenizer, {label}", t_tok)
    _, t_ex = timed(lambda: sum(1 for _ in extract_papers(papers)))
    ex_row = sub.add(f"extract 1 process, {label}", t_ex, ratio_to_tokenizer=round(t_tok / t_ex, 3))
    st.rows += sub.rows
    return tok_row, ex_row


END_TO_END = """
import json, os, resource, sys, threading, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from bench import tree_pss_mb
from kg.workflow import build
peak = [0.0]
def sample():
    while True:
        peak[0] = max(peak[0], tree_pss_mb(os.getpid()))
        time.sleep(1)
threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
kg = build([{corpus!r}], {out!r}, outputs=("records", "json", "nt", "report"), keep_graph=False,
           workers={workers}, cache=False)
seconds = time.perf_counter() - t0
print(json.dumps({{"seconds": seconds, "summary": kg.summary(), "pss_total_mb": peak[0],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants, in MB: memory they share (forked
    workers share the parent's pages) is counted once, unlike a sum of RSS."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, StopIteration):  # the process ended meanwhile
            continue
    return total / 1024


def end_to_end(corpus: Path, out: Path, workers: int) -> dict:
    """``kg.build`` streamed (records, node-link JSON, N-Triples, report) in a fresh process, so its
    peak RSS is its own."""
    import subprocess

    code = END_TO_END.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), corpus=str(corpus), out=str(out),
                             workers=workers)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def run(n: int, workers: int, corpus: Path | None, keep: Path | None, sample: int) -> dict:
    import spacy

    from kg.ingest import read_papers
    from kg.workflow import example_corpus

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    if corpus is None:
        from generate_corpus import write_corpus

        corpus, secs = timed(write_corpus, n, work / f"bench-{n}.jsonl")
        print(f"generated {n:,} abstracts in {secs:.1f} s ({corpus.stat().st_size / 1e6:.1f} MB)")

    result, t_read = timed(read_papers, [corpus])
    papers = result.papers
    n_papers = len(papers)
    st = Stages(n_papers, 0)
    st.add("read", t_read)
    print(f"{n_papers:,} abstracts; tokenizer and one-process extraction on the first {min(sample, n_papers):,}, "
          "then on the real example corpus (no repeated sentences):")
    tok_syn, ex_syn = tokenizer_and_extraction(papers[:sample], "synthetic sample", st)
    tok_real, ex_real = tokenizer_and_extraction(read_papers(example_corpus()).papers, "example corpus", st)
    words_per_abstract = tok_syn["words_per_s"] / tok_syn["abstracts_per_s"]
    del papers, result

    out = keep or work / "exports"
    e2e = end_to_end(corpus, out, workers)
    n_words = round(words_per_abstract * n_papers)
    sizes = {name: (out / name).stat().st_size for name in ("records.jsonl", "graph.json", "graph.nt")}
    triples = count_lines(out / "graph.nt")
    row = Stages(n_papers, n_words).add(f"end to end ({workers} workers)", e2e["seconds"], triples=triples,
                                         bytes=sizes)
    row["peak_rss_mb"], row["peak_rss_workers_mb"] = round(e2e["rss_mb"], 1), round(e2e["rss_workers_mb"], 1)
    row["peak_pss_total_mb"] = round(e2e["pss_total_mb"], 1)
    st.rows.append(row)
    summary = {
        "n": n_papers, "words_estimated": n_words, "workers": workers, "cpu_count": os.cpu_count(),
        "python": platform.python_version(), "spacy": spacy.__version__,
        "extract_ratio_synthetic": ex_syn["ratio_to_tokenizer"], "extract_ratio_real": ex_real["ratio_to_tokenizer"],
        "tokenizer_words_per_s_synthetic": tok_syn["words_per_s"], "tokenizer_words_per_s_real": tok_real["words_per_s"],
        "extract_abstracts_per_s_1proc": ex_syn["abstracts_per_s"],
        "end_to_end_abstracts_per_s": row["abstracts_per_s"],
        "end_to_end_abstracts_per_s_per_core": round(row["abstracts_per_s"] / max(1, workers), 1),
        "ms_per_abstract_end_to_end": round(1000 * e2e["seconds"] / n_papers, 3),
        "peak_rss_mb": row["peak_rss_mb"], "peak_rss_workers_mb": row["peak_rss_workers_mb"],
        "peak_pss_total_mb": row["peak_pss_total_mb"],
        "triples": triples, "output_bytes": sizes, "graph": e2e["summary"], "stages": st.rows,
    }
    print(f"extraction / tokenizer: {summary['extract_ratio_synthetic']:.3f} (synthetic), "
          f"{summary['extract_ratio_real']:.3f} (real text); end to end "
          f"{summary['end_to_end_abstracts_per_s']:,.0f} abstracts/s ({summary['ms_per_abstract_end_to_end']} ms "
          f"each, {workers} workers); peak RSS {summary['peak_rss_mb']:,.0f} MB; peak PSS of the build and its workers "
          f"together {summary['peak_pss_total_mb']:,.0f} MB; {triples:,} triples")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="abstracts to generate (default 10000)")
    ap.add_argument("--corpus", type=Path, help="use this JSON Lines corpus instead of generating one")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    ap.add_argument("--keep", type=Path, help="keep the exports in this folder")
    ap.add_argument("--sample", type=int, default=10_000,
                    help="abstracts for the tokenizer/extraction ratio (default 10000)")
    a = ap.parse_args(argv)
    summary = run(a.n, a.workers, a.corpus, a.keep, a.sample)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

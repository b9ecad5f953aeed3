#!/usr/bin/env python3
"""Per-component cost of one-process extraction, as a multiple of spaCy's bare tokenizer.

    python benchmarks/extract_bench.py --corpus ../shared/corpus-large/arxiv-cs-2025.jsonl.gz --n 2000

Times are only meaningful as ratios on a shared machine, so everything is measured in one run
against ``spacy.blank("en")``'s tokenizer over the same texts: the papers' Docs are made as
extraction makes them (``_make_doc``), then each pipe of :func:`kg.extract.pipeline.build_nlp` runs
over all the Docs in turn (``for name, proc in nlp.pipeline``, as ``nlp.pipe`` runs them), then
:func:`~kg.extract.pipeline.entities_from_doc`. Times are CPU time of this process. The papers go
through in chunks of 64 (the batches of ``extract_papers``); the tokenizer is timed on each chunk right before and right after it is
extracted (see :func:`run_round`), so drift on a shared machine cancels out of the ratios.

Each of ``--rounds`` rounds builds a new pipeline (cold vocabulary and tokenizer cache, as in a new
process); the table shows the median ratio per component over the rounds, and the whole of
extraction as a throughput relative to the tokenizer's (``1 / total ratio``: issue 13 asks for
>= 0.25). The result is also written as JSON to ``benchmarks/results/extract-bench-<n>.json``
(``--out`` to choose). ``--profile`` runs cProfile over the pipes (``--only NAME`` for one)
instead of the table.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract_sample import corpus_papers  # noqa: E402


def _clock() -> float:
    return time.process_time()


def run_round(nlp, papers, texts, chunk: int = 64) -> dict[str, float]:
    """CPU seconds of each step of extraction over ``papers``, and of the tokenizer.

    The papers go through in chunks (as ``nlp.pipe`` batches them); the bare tokenizer is timed on
    each chunk's texts right before and right after the chunk is extracted (two fresh tokenizers,
    each seeing every text once, so their caches are as warm as the pipeline's), so a machine that
    slows down or speeds up during the run moves both sides of the ratio alike.
    """
    import spacy

    from kg.extract.pipeline import _make_doc, entities_from_doc

    before, after = spacy.blank("en"), spacy.blank("en")
    times: dict[str, float] = {"make_doc": 0.0, **{name: 0.0 for name in nlp.pipe_names},
                               "entities_from_doc": 0.0, "tokenizer": 0.0}
    for k in range(0, len(papers), chunk):
        part, part_texts = papers[k:k + chunk], texts[k:k + chunk]
        t0 = _clock()
        for t in part_texts:
            before.make_doc(t)
        tok = _clock() - t0
        t0 = _clock()
        docs = [_make_doc(nlp, p) for p in part]
        times["make_doc"] += _clock() - t0
        for name, proc in nlp.pipeline:
            t0 = _clock()
            docs = [proc(d) for d in docs]
            times[name] += _clock() - t0
        t0 = _clock()
        for d in docs:
            entities_from_doc(d)
        times["entities_from_doc"] += _clock() - t0
        t0 = _clock()
        for t in part_texts:
            after.make_doc(t)
        times["tokenizer"] += (tok + _clock() - t0) / 2
    return times


def fresh_pipeline(corpus: Path, offset: int) -> tuple[Any, float]:
    """A new pipeline as extraction uses it (built as :func:`~kg.extract.pipeline.default_nlp` builds it),
    warmed on other abstracts (lazy imports, resources) so that its tokenizer cache stays cold for
    the papers measured, and the CPU seconds its phrase patterns took to tokenise.

    The patterns are all tokenised before the papers are measured, as the fork server of the
    extraction workers does (:func:`kg.extract.patterns.activate_all`): the table shows the cost per
    abstract of a large input, and the one-time cost is reported on its own.
    """
    from kg.extract.patterns import activate_all
    from kg.extract.pipeline import build_nlp, paper_doc_text, paused_gc

    with paused_gc():  # as default_nlp() builds it
        nlp = build_nlp()
    t0 = _clock()
    activate_all(nlp)
    patterns = _clock() - t0
    warm = list(corpus_papers(corpus, offset, 50))
    run_round(nlp, warm, [paper_doc_text(p) for p in warm])
    return nlp, patterns


def profile(nlp, papers, only: str | None) -> None:
    import cProfile
    import pstats

    from kg.extract.pipeline import _make_doc

    docs = [_make_doc(nlp, p) for p in papers]
    steps = []
    for name, proc in nlp.pipeline:
        if only and name != only:
            docs = [proc(d) for d in docs]
            continue
        steps.append(proc)
        if only:
            break

    def work():
        nonlocal docs
        for proc in steps:
            docs = [proc(d) for d in docs]

    pr = cProfile.Profile()
    pr.runcall(work)
    pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
    pstats.Stats(pr).sort_stats("tottime").print_stats(35)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="JSON Lines (gzipped or not) with title/abstract")
    ap.add_argument("--n", type=int, default=2000, help="abstracts measured (the first N)")
    ap.add_argument("--offset", type=int, default=0, help="first corpus line measured")
    ap.add_argument("--rounds", type=int, default=1, help="rounds, each with a new pipeline (median shown)")
    ap.add_argument("--out", type=Path, help="JSON result (default benchmarks/results/extract-bench-N.json)")
    ap.add_argument("--profile", action="store_true", help="cProfile the pipes instead of timing them")
    ap.add_argument("--only", help="with --profile: this pipe only")
    args = ap.parse_args(argv)

    from kg.extract.pipeline import paper_doc_text

    papers = list(corpus_papers(args.corpus, args.offset, args.n))
    texts = [paper_doc_text(p) for p in papers]
    warm_offset = args.offset + args.n
    if args.profile:
        profile(fresh_pipeline(args.corpus, warm_offset)[0], papers, args.only)
        return 0

    rounds, setup = [], []
    for _ in range(args.rounds):
        nlp, patterns = fresh_pipeline(args.corpus, warm_offset)
        setup.append(patterns)
        rounds.append(run_round(nlp, papers, texts))
        del nlp
    steps = [k for k in rounds[0] if k != "tokenizer"]
    ratios = {k: statistics.median(r[k] / r["tokenizer"] for r in rounds) for k in steps}
    total = statistics.median(sum(r[k] for k in steps) / r["tokenizer"] for r in rounds)
    tok = statistics.median(r["tokenizer"] for r in rounds)
    print(f"{len(papers)} abstracts, {args.rounds} round(s); tokenizer {tok:.3f} s CPU "
          f"({len(papers) / tok:,.0f} abstracts/s)")
    print(f"  {'step':<20} {'x tokenizer':>11}")
    for k in steps:
        print(f"  {k:<20} {ratios[k]:11.2f}")
    print(f"  {'extraction, all':<20} {total:11.2f}   throughput {1 / total:.3f} of the tokenizer's")
    print(f"  once per process: tokenising the phrase patterns {statistics.median(setup):.2f} s CPU")
    out = args.out or ROOT / "benchmarks" / "results" / f"extract-bench-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": "extract_bench",
        "corpus": args.corpus.name,
        "offset": args.offset,
        "n": len(papers),
        "rounds": args.rounds,
        "python": platform.python_version(),
        "ratio_to_tokenizer": {k: round(v, 3) for k, v in ratios.items()},
        "total_ratio": round(total, 3),
        "throughput_vs_tokenizer": round(1 / total, 4),
        "tokenizer_abstracts_per_cpu_s": round(len(papers) / tok),
        "pattern_setup_cpu_s": round(statistics.median(setup), 3),
        "seconds_per_round": [{k: round(v, 4) for k, v in r.items()} for r in rounds],
    }
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

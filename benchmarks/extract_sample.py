#!/usr/bin/env python3
"""Write the records of a fixed sample of papers, or check that extraction still gives them byte for byte.

Speed work on ``kg/extract/`` must not change what is extracted. The sample is a stretch of the
large real corpus (``--n`` abstracts from ``--offset``) plus the bundled gold inputs
(``examples/gold/dev_*.jsonl``, ``examples/gold/arxiv/arxiv_test.jsonl``); each paper's record
(:func:`kg.model.record_from_paper`, with its entities) is one JSON line, extracted in one process.

    python benchmarks/extract_sample.py --corpus ../shared/corpus-large/arxiv-cs-2025.jsonl.gz \\
        --write /tmp/before.jsonl   # with the code before a change
    python benchmarks/extract_sample.py --corpus ... --check /tmp/before.jsonl   # after it

``--check`` prints the first records that differ (with a diff of their entities) and exits 1 when
any does. The corpus is read where it is; it is never copied into the repository.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD_INPUTS = ("examples/gold/dev_0.jsonl", "examples/gold/dev_1.jsonl", "examples/gold/arxiv/arxiv_test.jsonl")


def corpus_papers(path: Path, offset: int, n: int) -> Iterator:
    """``n`` papers of a JSON Lines corpus (gzipped or not) from line ``offset``."""
    from kg.model import Paper

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, offset, offset + n):
            rec = json.loads(line)
            yield Paper(id=str(rec.get("id", "")), title=rec["title"], abstract=rec["abstract"])


def sample_papers(corpus: Path | None, offset: int, n: int) -> list:
    papers = []
    for rel in GOLD_INPUTS:
        papers += corpus_papers(ROOT / rel, 0, 10**9)
    if corpus is not None and n:
        papers += corpus_papers(corpus, offset, n)
    return papers


def record_lines(papers: list) -> list[str]:
    from kg.extract.pipeline import extract_papers
    from kg.model import record_from_paper

    return [json.dumps(record_from_paper(p), ensure_ascii=False, sort_keys=False) + "\n" for p in extract_papers(papers)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="the large corpus (JSON Lines, gzipped or not)")
    ap.add_argument("--offset", type=int, default=0, help="first corpus line of the sample")
    ap.add_argument("--n", type=int, default=3000, help="corpus abstracts in the sample")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the records here")
    mode.add_argument("--check", type=Path, help="compare with records written before")
    args = ap.parse_args(argv)
    lines = record_lines(sample_papers(args.corpus, args.offset, args.n))
    if args.write:
        args.write.write_text("".join(lines), encoding="utf-8")
        print(f"wrote {len(lines)} records to {args.write}")
        return 0
    old = args.check.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(old) != len(lines):
        print(f"{len(lines)} records, {len(old)} before")
    bad = [k for k, (a, b) in enumerate(zip(old, lines)) if a != b]
    for k in bad[:5]:
        a, b = json.loads(old[k]), json.loads(lines[k])
        print(f"record {k} ({a['id']}) differs:")
        sa = [json.dumps(e, ensure_ascii=False) for e in a["entities"]]
        sb = [json.dumps(e, ensure_ascii=False) for e in b["entities"]]
        sys.stdout.writelines(x + "\n" for x in difflib.unified_diff(sa, sb, "before", "after", lineterm="", n=0))
    print(f"{len(lines) - len(bad)} of {len(lines)} records identical" + ("" if bad else " (all)"))
    return 1 if bad or len(old) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Score kg's extractors on the bundled dev gold set (examples/gold/), as the README reports.

    python examples/evaluate.py              # table of P/R/F1 per type
    python examples/evaluate.py --show method   # misses and false hits of one type
    python examples/evaluate.py --json

Runs `kg.extract` on examples/gold/dev_*.jsonl and the gold standard's own scorer (score.py).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"


def load_scorer():
    spec = importlib.util.spec_from_file_location("kg_gold_score", GOLD / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(out: Path) -> None:
    from kg.ingest import read_papers
    from kg.extract import extract_papers
    from kg.model import record_from_paper

    result = read_papers(sorted(GOLD.glob("dev_*.jsonl")))
    with open(out, "w", encoding="utf-8") as f:
        for paper in extract_papers(result.papers):
            f.write(json.dumps(record_from_paper(paper), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", help="list misses and false hits of one type")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pred", help="keep the predictions in this file")
    a = ap.parse_args(argv)
    pred = Path(a.pred) if a.pred else Path(tempfile.mkdtemp()) / "pred.jsonl"
    predict(pred)
    args = ["--gold", *map(str, sorted(GOLD.glob("gold_dev_*.jsonl"))), "--pred", str(pred)]
    if a.show:
        args += ["--show", a.show]
    if a.json:
        args += ["--json"]
    return load_scorer().main(args)


if __name__ == "__main__":
    sys.exit(main())

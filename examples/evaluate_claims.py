#!/usr/bin/env python3
"""Score kg's claims (result records) on a gold set: value F1, kind, metric name, attachments.

    python examples/evaluate_claims.py                          # the bundled dev set (examples/gold/)
    python examples/evaluate_claims.py --inputs arxiv_test.jsonl --gold gold_arxiv_test.jsonl
    python examples/evaluate_claims.py --show dataset           # the differences of one figure

Runs ``kg.extract`` on the inputs (JSON Lines: id, title, abstract) and scores the claims with
``examples/gold/score_claims.py`` (its docstring defines each figure).
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
    spec = importlib.util.spec_from_file_location("kg_claims_score", GOLD / "score_claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(inputs: list[Path], out: Path) -> None:
    from kg.extract import extract_papers
    from kg.ingest import read_papers
    from kg.model import record_from_paper

    result = read_papers(inputs)
    with open(out, "w", encoding="utf-8") as f:
        for paper in extract_papers(result.papers):
            f.write(json.dumps(record_from_paper(paper), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", nargs="+", type=Path, help="JSON Lines inputs (default: examples/gold/dev_*.jsonl)")
    ap.add_argument("--gold", nargs="+", type=Path, help="gold files (default: examples/gold/gold_dev_*.jsonl)")
    ap.add_argument("--show", help="list the differences of one figure (claims, kind, metric, dataset, method...)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pred", type=Path, help="keep the predictions in this file")
    a = ap.parse_args(argv)
    inputs = a.inputs or sorted(GOLD.glob("dev_*.jsonl"))
    gold = a.gold or sorted(GOLD.glob("gold_dev_*.jsonl"))
    pred = a.pred or Path(tempfile.mkdtemp()) / "pred.jsonl"
    predict(inputs, pred)
    args = ["--gold", *map(str, gold), "--pred", str(pred)]
    if a.show:
        args += ["--show", a.show]
    if a.json:
        args += ["--json"]
    return load_scorer().main(args)


if __name__ == "__main__":
    sys.exit(main())

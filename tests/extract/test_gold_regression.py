"""Regression guard: the full pipeline scores at least the recorded floors on the dev gold set and on
the project's own held-out splits (examples/gold/arxiv/: the reviewed test split of 100 arXiv abstracts
and the held-out split of 500; nothing trains on either).

The scores come from the gold standard's own scorer (examples/gold/score.py, loaded by path);
the floors live in tests/extract/gold_floors.json, each a measured figure minus 0.01.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest

from kg.extract.pipeline import default_nlp, extract_papers
from kg.ingest import read_papers
from kg.model import record_from_paper

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "examples" / "gold"
FLOORS = json.loads(Path(__file__).with_name("gold_floors.json").read_text(encoding="utf-8"))
SETS = {"dev": (sorted(GOLD.glob("dev_*.jsonl")), sorted(GOLD.glob("gold_dev_*.jsonl"))),
        "arxiv_test": ([GOLD / "arxiv" / "arxiv_test.jsonl"], [GOLD / "arxiv" / "gold_arxiv_test.jsonl"]),
        "arxiv_heldout": ([GOLD / "arxiv" / "arxiv_heldout.jsonl"], [GOLD / "arxiv" / "gold_arxiv_heldout.jsonl"])}


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_gold_score", GOLD / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(gold: list[Path], pred: Path) -> dict:
    """The scorer's JSON report for a predictions file."""
    args = ["--gold", *map(str, gold), "--pred", str(pred), "--json"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        load_scorer().main(args)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module", params=sorted(SETS))
def report(request, tmp_path_factory) -> tuple[str, dict]:
    inputs, gold = SETS[request.param]
    pred = tmp_path_factory.mktemp("gold") / "pred.jsonl"
    papers = read_papers(inputs).papers
    with open(pred, "w", encoding="utf-8") as f:
        for paper in extract_papers(papers, default_nlp()):
            f.write(json.dumps(record_from_paper(paper), ensure_ascii=False) + "\n")
    return request.param, score(gold, pred)


def test_every_paper_is_predicted(report):
    _, scores = report
    assert scores["papers"]["missing_in_pred"] == 0


def test_lenient_f1_is_at_least_the_floor(report):
    name, scores = report
    low = {t: scores[t]["lenient"]["f1"] for t, floor in FLOORS[name]["lenient_f1"].items()
           if scores[t]["lenient"]["f1"] < floor}
    assert low == {}


def test_metric_kind_and_proposed_accuracy_are_at_least_the_floors(report):
    name, scores = report
    assert scores["metric"].get("metric_kind_acc", 0.0) >= FLOORS[name]["metric_kind_acc"]
    assert scores["method"].get("proposed_acc", 0.0) >= FLOORS[name]["proposed_acc"]

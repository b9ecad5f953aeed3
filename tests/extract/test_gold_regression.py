"""Regression guard: the full pipeline on the dev gold set scores at least the recorded floors.

The scores come from the gold standard's own scorer (examples/gold/score.py, loaded by path);
the floors live in tests/extract/gold_floors.json.
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


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_gold_score", GOLD / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(pred: Path) -> dict:
    """The scorer's JSON report for a predictions file."""
    args = ["--gold", *map(str, sorted(GOLD.glob("gold_dev_*.jsonl"))), "--pred", str(pred), "--json"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        load_scorer().main(args)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    pred = tmp_path_factory.mktemp("gold") / "pred.jsonl"
    papers = read_papers(sorted(GOLD.glob("dev_*.jsonl"))).papers
    with open(pred, "w", encoding="utf-8") as f:
        for paper in extract_papers(papers, default_nlp()):
            f.write(json.dumps(record_from_paper(paper), ensure_ascii=False) + "\n")
    return score(pred)


def test_every_dev_paper_is_predicted(report):
    assert report["papers"]["missing_in_pred"] == 0


@pytest.mark.parametrize("etype", sorted(FLOORS["lenient_f1"]))
def test_lenient_f1_is_at_least_the_floor(report, etype):
    assert report[etype]["lenient"]["f1"] >= FLOORS["lenient_f1"][etype]


def test_metric_kind_accuracy_is_at_least_the_floor(report):
    assert report["metric"].get("metric_kind_acc", 0.0) >= FLOORS["metric_kind_acc"]


def test_proposed_accuracy_is_at_least_the_floor(report):
    assert report["method"].get("proposed_acc", 0.0) >= FLOORS["proposed_acc"]

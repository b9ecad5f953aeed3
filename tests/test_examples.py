"""The example scripts run as documented."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_query_script_runs_on_the_example_build(example_build):
    _, out = example_build
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "query.py"), str(out / "graph.json")],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "papers on CIFAR-10 with code" in res.stdout
    assert "up to 63X | RITA: Group Attention is All You Need for Timeseries Analytics" in res.stdout


def test_evaluate_script_prints_the_score_table():
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "evaluate.py")], capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stderr
    lines = [line.split() for line in res.stdout.splitlines()]
    assert ["repository", "lenient", "1.000", "1.000", "1.000", "13", "13"] in lines


def test_claim_evaluation_scores_the_dev_set():
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "evaluate_claims.py"), "--json"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    import json

    report = json.loads(res.stdout.splitlines()[-1])
    assert (report["gold"], report["papers"]) == (47, 60)
    assert report["f1"] >= 0.95 and report["kind"]["accuracy"] >= 0.92


def test_corpus_leaderboards_prints_a_reading_sheet(example_build):
    _, out = example_build
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "corpus_leaderboards.py"), "--graph",
                          str(out / "graph.json"), "--pair", "ImageNet", "top-1 accuracy"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "| 1 | 85.7 | BASIC |" in res.stdout and "achieves 85.7% top-1 accuracy" in res.stdout

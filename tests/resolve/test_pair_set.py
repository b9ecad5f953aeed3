"""Resolution keeps its measured quality on the pair set annotated by reading
(examples/gold/resolution/pairs.jsonl; scored by examples/evaluate_resolution.py)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _evaluator():
    spec = importlib.util.spec_from_file_location("evaluate_resolution", EXAMPLES / "evaluate_resolution.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_same_decisions_reach_the_issue_targets_on_the_pair_set():
    ev = _evaluator()
    pairs = [json.loads(line) for line in ev.PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(pairs) >= 60
    assert {p["category"] for p in pairs} >= {"version", "acronym", "spelling", "generic_head", "type_clash"}
    scores = ev.score(pairs, ev.decide(pairs))
    assert scores.precision >= 0.95 and scores.recall >= 0.90, scores


def test_versions_are_never_merged_with_their_family_on_the_pair_set():
    ev = _evaluator()
    pairs = [json.loads(line) for line in ev.PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    families = [p for p in pairs if p.get("family") and p["type"] != "hardware"]
    assert families and not any(ev.decide(families))

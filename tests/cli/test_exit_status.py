"""Every command follows one exit-status convention (kg/cli/status.py, documented in the README).

0: done, an empty answer included. 1: done, but the data lacks what was asked for (a name that
matches nothing, inputs without a paper, a rejected record under --strict). 2: could not run (usage,
a missing or unreadable file, an output that cannot be written).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from kg.cli import status
from kg.cli.main import main, make_parser
from kg.export.node_link import write_graph
from kg.graph.build import build_graph
from kg.model import Entity, Paper
from kg.store import write_store

ROOT = Path(__file__).resolve().parents[2]
TRAIN_ABSTRACTS = str(ROOT / "tests" / "data" / "training" / "abstracts.jsonl")
TRAIN_GOLD = str(ROOT / "tests" / "data" / "training" / "gold.jsonl")


def _entity(etype: str, text: str, norm: str, abstract: str, **kw) -> Entity:
    start = abstract.index(text)
    return Entity(etype, text, norm, "abstract", start, start + len(text), abstract, **kw)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("status")
    a = "We train FastNet on CIFAR-10, 3x faster."
    b = "ResNet on CIFAR-10 is strong."
    papers = [
        Paper("p1", "FastNet", a, entities=[_entity("method", "FastNet", "fastnet", a, proposed=True),
                                            _entity("dataset", "CIFAR-10", "cifar-10", a),
                                            _entity("metric", "3x faster", "speedup:3x", a, value=3.0, unit="x",
                                                    kind="speedup")]),
        Paper("p2", "ResNet study", b, entities=[_entity("method", "ResNet", "resnet", b),
                                                 _entity("dataset", "CIFAR-10", "cifar-10", b)]),
    ]
    write_graph(build_graph(papers, taxonomy=None), d / "graph.json")
    write_store(build_graph(papers, taxonomy=None), d / "store")
    (d / "good.jsonl").write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n")
    (d / "bad.jsonl").write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n{x\n")
    (d / "empty.jsonl").write_text("")
    (d / "a-file").write_text("")
    return {"dir": str(d), "graph": str(d / "graph.json"), "good": str(d / "good.jsonl"),
            "bad": str(d / "bad.jsonl"), "empty": str(d / "empty.jsonl"), "missing": str(d / "missing.json"),
            "file": str(d / "a-file"), "store": str(d / "store")}


def _out(f: dict[str, str], name: str) -> str:
    return str(Path(f["dir"]) / "out" / name)


# (command, why, argv given the files, status)
CASES = [
    ("build", "papers read", lambda f: ["build", f["good"], "--out", _out(f, "b1")], status.OK),
    ("build", "rejected records, not strict", lambda f: ["build", f["bad"], "--out", _out(f, "b2")], status.OK),
    ("build", "rejected records under --strict", lambda f: ["build", f["bad"], "--out", _out(f, "b3"), "--strict"],
     status.MISSING),
    ("build", "no paper in the inputs", lambda f: ["build", f["empty"], "--out", _out(f, "b4")], status.MISSING),
    ("build", "missing input", lambda f: ["build", f["missing"], "--out", _out(f, "b5")], status.ERROR),
    ("build", "output folder under a file", lambda f: ["build", f["good"], "--out", f["file"] + "/x"], status.ERROR),
    ("build", "usage error", lambda f: ["build", f["good"], "--workers", "0"], status.ERROR),
    ("extract", "papers read", lambda f: ["extract", f["good"], "-o", _out(f, "e1.jsonl")], status.OK),
    ("extract", "rejected records under --strict",
     lambda f: ["extract", f["bad"], "-o", _out(f, "e2.jsonl"), "--strict"], status.MISSING),
    ("extract", "no paper in the inputs", lambda f: ["extract", f["empty"], "-o", _out(f, "e3.jsonl")],
     status.MISSING),
    ("extract", "missing input", lambda f: ["extract", f["missing"]], status.ERROR),
    ("extract", "output is a folder", lambda f: ["extract", f["good"], "-o", f["dir"]], status.ERROR),
    ("query papers", "matches", lambda f: ["query", "papers", "--dataset", "CIFAR-10", "--graph", f["graph"]],
     status.OK),
    ("query papers", "nothing matches", lambda f: ["query", "papers", "--has-code", "--graph", f["graph"]], status.OK),
    ("query papers", "unknown name", lambda f: ["query", "papers", "--dataset", "MNIST", "--graph", f["graph"]],
     status.MISSING),
    ("query papers", "missing graph", lambda f: ["query", "papers", "--graph", f["missing"]], status.ERROR),
    ("query claims", "matches", lambda f: ["query", "claims", "--kind", "speedup", "--graph", f["graph"]], status.OK),
    ("query claims", "nothing matches", lambda f: ["query", "claims", "--min", "1000", "--unit", "x", "--graph",
                                                     f["graph"]],
     status.OK),
    ("query leaderboard", "boards", lambda f: ["query", "leaderboard", "--graph", f["graph"]], status.OK),
    ("query leaderboard", "unknown dataset",
     lambda f: ["query", "leaderboard", "--dataset", "NoSuchSet", "--graph", f["graph"]], status.MISSING),
    ("query trend", "an entity", lambda f: ["query", "trend", "FastNet", "--graph", f["graph"]], status.OK),
    ("query trend", "unknown entity", lambda f: ["query", "trend", "NoSuchThing", "--graph", f["graph"]],
     status.MISSING),
    ("query rising", "nothing dated", lambda f: ["query", "rising", "--graph", f["graph"]], status.OK),
    ("query rising", "missing graph", lambda f: ["query", "rising", "--graph", f["missing"]], status.ERROR),
    ("query leaderboard", "missing graph", lambda f: ["query", "leaderboard", "--graph", f["missing"]], status.ERROR),
    ("query trend", "missing graph", lambda f: ["query", "trend", "FastNet", "--graph", f["missing"]], status.ERROR),
    ("query claims", "values of no one unit", lambda f: ["query", "claims", "--min", "1", "--graph", f["graph"]],
     status.ERROR),
    ("query claims", "unknown paper", lambda f: ["query", "claims", "--paper", "No Such Paper", "--graph", f["graph"]],
     status.MISSING),
    ("query claims", "unknown method", lambda f: ["query", "claims", "--method", "BERT", "--graph", f["graph"]],
     status.MISSING),
    ("query claims", "unknown dataset", lambda f: ["query", "claims", "--dataset", "MNIST", "--graph", f["graph"]],
     status.MISSING),
    ("query claims", "missing graph", lambda f: ["query", "claims", "--graph", f["missing"]], status.ERROR),
    ("query related", "matches", lambda f: ["query", "related", "FastNet", "--graph", f["graph"]], status.OK),
    ("query related", "unknown paper", lambda f: ["query", "related", "No Such Paper", "--graph", f["graph"]],
     status.MISSING),
    ("query related", "missing graph", lambda f: ["query", "related", "FastNet", "--graph", f["missing"]],
     status.ERROR),
    ("query entity", "found", lambda f: ["query", "entity", "cifar10", "--graph", f["graph"]], status.OK),
    ("query entity", "unknown name", lambda f: ["query", "entity", "MNIST", "--graph", f["graph"]], status.MISSING),
    ("query entity", "missing graph", lambda f: ["query", "entity", "cifar10", "--graph", f["missing"]],
     status.ERROR),
    ("query evidence", "found", lambda f: ["query", "evidence", "p1", "--graph", f["graph"]], status.OK),
    ("query evidence", "unknown paper", lambda f: ["query", "evidence", "p9", "--graph", f["graph"]],
     status.MISSING),
    ("query evidence", "unknown entity", lambda f: ["query", "evidence", "p1", "--entity", "MNIST", "--graph",
                                                    f["graph"]], status.MISSING),
    ("query evidence", "missing graph", lambda f: ["query", "evidence", "p1", "--graph", f["missing"]],
     status.ERROR),
    ("query cooccurring", "found", lambda f: ["query", "cooccurring", "CIFAR-10", "--graph", f["graph"]], status.OK),
    ("query cooccurring", "unknown name", lambda f: ["query", "cooccurring", "MNIST", "--graph", f["graph"]],
     status.MISSING),
    ("query cooccurring", "missing graph", lambda f: ["query", "cooccurring", "CIFAR-10", "--graph", f["missing"]],
     status.ERROR),
    ("query topics", "a graph without topics", lambda f: ["query", "topics", "--graph", f["graph"]], status.OK),
    ("query topics", "missing graph", lambda f: ["query", "topics", "--graph", f["missing"]], status.ERROR),
    ("query communities", "answer", lambda f: ["query", "communities", "--graph", f["graph"]], status.OK),
    ("query communities", "missing graph", lambda f: ["query", "communities", "--graph", f["missing"]], status.ERROR),
    ("stats", "answer", lambda f: ["stats", "--graph", f["graph"]], status.OK),
    ("stats", "missing graph", lambda f: ["stats", "--graph", f["missing"]], status.ERROR),
    ("sparql", "an answer", lambda f: ["sparql", "ASK { ?s ?p ?o }", "--store", f["store"]], status.OK),
    ("sparql", "an empty answer", lambda f: ["sparql", "SELECT ?s WHERE { ?s a <urn:none> }", "--store", f["store"]],
     status.OK),
    ("sparql", "missing store", lambda f: ["sparql", "ASK { ?s ?p ?o }", "--store", f["missing"]], status.ERROR),
    ("sparql", "not SPARQL", lambda f: ["sparql", "SELEKT x", "--store", f["store"]], status.ERROR),
    ("export", "written", lambda f: ["export", "--graph", f["graph"], "-o", _out(f, "g.ttl")], status.OK),
    ("export", "unknown extension", lambda f: ["export", "--graph", f["graph"], "-o", _out(f, "g.txt")], status.ERROR),
    ("export", "missing graph", lambda f: ["export", "--graph", f["missing"], "-o", _out(f, "g2.ttl")], status.ERROR),
    ("view", "written", lambda f: ["view", "--graph", f["graph"], "--focus", "CIFAR-10", "-o", _out(f, "v.html")],
     status.OK),
    ("view", "unknown focus", lambda f: ["view", "--graph", f["graph"], "--focus", "MNIST", "-o", _out(f, "v2.html")],
     status.MISSING),
    ("view", "missing graph", lambda f: ["view", "--graph", f["missing"], "-o", _out(f, "v3.html")], status.ERROR),
    ("train", "trained", lambda f: ["train", "--abstracts", TRAIN_ABSTRACTS, "--gold", TRAIN_GOLD, "--out",
                                    _out(f, "model.json")], status.OK),
    ("train", "gold of no paper", lambda f: ["train", "--abstracts", f["empty"], "--gold", f["empty"], "--out",
                                             _out(f, "m2.json")], status.MISSING),
    ("train", "malformed gold line", lambda f: ["train", "--abstracts", TRAIN_ABSTRACTS, "--gold", f["bad"], "--out",
                                                _out(f, "m3.json")], status.ERROR),
    ("train", "missing gold", lambda f: ["train", "--abstracts", TRAIN_ABSTRACTS, "--gold", f["missing"], "--out",
                                         _out(f, "m4.json")], status.ERROR),
]


def _status_of(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage errors
        return int(exc.code)


@pytest.mark.parametrize("command, why, argv, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_exit_status(command, why, argv, expected, files, capsys):
    (Path(files["dir"]) / "out").mkdir(exist_ok=True)
    args = argv(files)
    if args[0] in ("build", "extract"):
        args += ["--workers", "1"]
    assert _status_of(args) == expected
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if expected != status.OK:
        assert "error" in err.splitlines()[-1]  # the reason, as the last line


def _leaf_commands() -> set[str]:
    names = set()

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            names.add(prefix)
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, f"{prefix} {name}".strip())

    walk(make_parser(), "")
    return names


def test_every_command_is_specified_for_success_and_failure():
    covered: dict[str, set[int]] = {}
    for command, _, _, expected in CASES:
        covered.setdefault(command, set()).add(expected)
    assert set(covered) == _leaf_commands()
    assert all({status.OK, status.ERROR} <= statuses for statuses in covered.values()), covered


def test_the_readme_documents_the_convention():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit status", 1)[1].split("\n#", 1)[0]
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d) \| (.+) \|$", section, re.MULTILINE)}
    assert sorted(rows) == [status.OK, status.MISSING, status.ERROR]
    assert "empty" in rows[status.OK] and "--strict" in rows[status.MISSING] and "usage" in rows[status.ERROR]

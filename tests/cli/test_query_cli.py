"""Specification of ``kg query …`` and ``kg stats`` on the graph fixture corpus (tests/graph/fixture_corpus.py)."""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.cli.query import register
from kg.export.node_link import write_graph
from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph
from kg.model import Paper

_spec = importlib.util.spec_from_file_location(
    "graph_fixture_corpus", Path(__file__).resolve().parents[1] / "graph" / "fixture_corpus.py")
corpus = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))  # dataclasses need it there
_spec.loader.exec_module(corpus)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def kg(*argv: str) -> int:
    args = make_parser().parse_args(list(argv))
    return args.func(args)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> str:
    return str(write_graph(corpus.build_fixture_graph(), tmp_path_factory.mktemp("exports") / "graph.json"))


def run_json(capsys, *argv: str):
    assert kg(*argv, "--json") == 0
    return json.loads(capsys.readouterr().out)


# ----------------------------------------------------------------------------- answers


def test_papers_table_lists_the_matching_papers(graph_file, capsys):
    assert kg("query", "papers", "--dataset", "ImageNet", "--graph", graph_file) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "date", "title", "url"]
    assert [line.split()[0] for line in out[2:]] == [corpus.P1, corpus.P2, corpus.P5]


@pytest.mark.parametrize(("flags", "expected"), [
    (["--dataset", "imagenet", "--has-code"], [corpus.P1, corpus.P5]),
    (["--dataset", "imagenet", "--no-code"], [corpus.P2]),
    (["--method", "Transformer", "--topic", "computer vision"], [corpus.P5]),
    (["--topic", "Deep Learning"], [corpus.P2, corpus.P5, corpus.P7, corpus.P8]),
    (["--hardware", "a100", "--repo", "dave/ppo-t"], [corpus.P4]),
    (["--method", "PPO", "--dataset", "Cora"], []),
])
def test_papers_json(graph_file, capsys, flags, expected):
    rows = run_json(capsys, "query", "papers", *flags, "--graph", graph_file)
    assert [r["id"] for r in rows] == sorted(expected)


def test_papers_with_an_unknown_filter_name_is_an_error(graph_file, capsys):
    assert kg("query", "papers", "--dataset", "NoSuchSet", "--graph", graph_file) == 1
    err = capsys.readouterr().err
    assert err == "kg: error: no dataset named 'NoSuchSet'\n"


def test_claims_largest_first(graph_file, capsys):
    rows = run_json(capsys, "query", "claims", "--kind", "speedup", "--unit", "x", "--min", "5", "--graph", graph_file)
    assert [(r["paper"], r["value"]) for r in rows] == [(corpus.P4, 12.0), (corpus.P1, 8.2), (corpus.P5, 5.0)]
    assert kg("query", "claims", "--kind", "speedup", "--unit", "x", "--min", "5", "--graph", graph_file) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2].split()[:3] == ["12", "x", "speedup"]


def test_claims_table_names_each_paper_by_its_title(graph_file, capsys):
    rows = run_json(capsys, "query", "claims", "--kind", "speedup", "--min", "5", "--unit", "x", "--graph", graph_file)
    assert kg("query", "claims", "--kind", "speedup", "--min", "5", "--unit", "x", "--graph", graph_file) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[7] == "paper"
    for row, line in zip(rows, table[2:]):
        assert row["paper_title"][:40] in line and row["paper"] not in line


def test_claims_min_without_a_unit_is_a_usage_error(graph_file, capsys):
    assert kg("query", "claims", "--kind", "speedup", "--min", "5", "--graph", graph_file) == 2
    assert capsys.readouterr().err == (
        "kg: error: --min and --max compare values of one unit: give --unit too (units of these claims: x)\n")


def test_claims_kinds_offered_are_the_kinds_that_exist(capsys):
    with pytest.raises(SystemExit):
        kg("query", "claims", "--kind", "accuracy")
    assert "invalid choice: 'accuracy' (choose from 'speedup', 'reduction', 'improvement', 'score', 'other')" in \
        capsys.readouterr().err


def test_claims_by_metric(graph_file, capsys):
    rows = run_json(capsys, "query", "claims", "--metric", "top-1 accuracy", "--graph", graph_file)
    assert [(r["paper"], r["value"], r["metric"]) for r in rows] == [(corpus.P2, 76.1, "top-1 accuracy")]


def test_leaderboard_of_a_dataset(graph_file, capsys):
    rows = run_json(capsys, "query", "leaderboard", "--dataset", "ImageNet", "--graph", graph_file)
    assert [(r["rank"], r["paper"], r["value"], r["metric"], r["unit"]) for r in rows] == [
        (1, corpus.P2, 76.1, "top-1 accuracy", "%")]
    assert kg("query", "leaderboard", "--dataset", "Cora", "--graph", graph_file) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "accuracy (%), higher is better"
    assert out[3].split()[:3] == ["1", "81.5", "GCN"]


def test_leaderboard_of_an_unknown_dataset_is_an_error(graph_file, capsys):
    assert kg("query", "leaderboard", "--dataset", "NoSuchSet", "--graph", graph_file) == 1


def test_related_by_title(graph_file, capsys):
    rows = run_json(capsys, "query", "related", "FastViT: Efficient Vision Transformers", "--top", "2",
                    "--graph", graph_file)
    assert [r["id"] for r in rows] == [corpus.P2, corpus.P5]
    assert "ImageNet" in rows[0]["shared"]


def test_related_unknown_paper_is_an_error(graph_file, capsys):
    assert kg("query", "related", "Nobody Wrote This", "--graph", graph_file) == 1
    assert capsys.readouterr().err.startswith("kg: error: no paper")


def test_entity_shows_the_entity_and_its_papers(graph_file, capsys):
    assert kg("query", "entity", "cifar10", "--graph", graph_file) == 0
    out = capsys.readouterr().out
    assert "dataset:cifar-10" in out and "CIFAR-10" in out and "CIFAR10" not in out  # a spelling: no alias
    assert corpus.P1 in out and corpus.P2 in out
    data = run_json(capsys, "query", "entity", "CIFAR 10", "--graph", graph_file)
    assert data["entity"]["id"] == "dataset:cifar-10"
    assert [p["id"] for p in data["papers"]] == [corpus.P1, corpus.P2]


def test_entity_unknown_is_an_error(graph_file, capsys):
    assert kg("query", "entity", "ImageNet", "--type", "method", "--graph", graph_file) == 1
    assert capsys.readouterr().err == "kg: error: no method named 'ImageNet'\n"


@pytest.mark.parametrize(("flags", "expected"), [
    ([], ["ResNet-50", "FastViT", "Adam"]),
    (["--by", "count"], ["ResNet-50", "Adam", "FastViT"]),
    (["--type", "topic"], ["Computer Vision", "Deep Learning"]),
    (["--type", "any", "--top", "2"], ["ResNet-50", "Computer Vision"]),  # NPMI 1, 3 papers: by id
])
def test_cooccurring(graph_file, capsys, flags, expected):
    rows = run_json(capsys, "query", "cooccurring", "ImageNet", *flags, "--graph", graph_file)
    assert [r["label"] for r in rows] == expected


def test_topics_tree(graph_file, capsys):
    assert kg("query", "topics", "--graph", graph_file) == 0
    lines = capsys.readouterr().out.splitlines()[2:]
    assert lines[:4] == ["     8  Artificial Intelligence", "     8    Machine Learning",
                         "     4      Deep Learning", "     2        Graph Learning"]
    tree = run_json(capsys, "query", "topics", "--graph", graph_file)
    assert tree[0]["label"] == "Artificial Intelligence" and tree[0]["children"][0]["label"] == "Machine Learning"


def test_communities(graph_file, capsys):
    rows = run_json(capsys, "query", "communities", "--graph", graph_file)
    assert {"name": "Cora / GCN / Graph Learning", "size": 3} in [{"name": r["name"], "size": r["size"]} for r in rows]


def test_stats_matches_the_summary(graph_file, capsys):
    data = run_json(capsys, "stats", "--graph", graph_file)
    assert data == KnowledgeGraph(corpus.build_fixture_graph()).summary()
    assert kg("stats", "--graph", graph_file) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2].split() == ["papers", "8"]


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_other_graph_formats_are_read_by_extension(tmp_path, capsys, suffix):
    path = write_graph(corpus.build_fixture_graph(), tmp_path / f"graph{suffix}")
    assert run_json(capsys, "stats", "--graph", str(path))["papers"] == 8


# ----------------------------------------------------------------------------- errors and safety


@pytest.mark.parametrize("argv", [["stats"], ["query", "topics"], ["query", "papers", "--dataset", "x"]])
def test_missing_graph_exits_2_with_one_line(tmp_path, capsys, argv):
    assert kg(*argv, "--graph", str(tmp_path / "nope.json")) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: no graph at") and err.count("\n") == 1


UNREADABLE = [
    ("graph.json", "{not json"),
    ("graph.json", "[1, 2]"),
    ("graph.gexf", "<gexf"),
    ("graph.gexf", '<gexf><graph><nodes><node id="a"><attvalues><attvalue for="x" value="1"/></attvalues>'
                   "</node></nodes></graph></gexf>"),
    ("graph.graphml", "<graphml></graphml>"),
    ("graph.csv", "a,b"),
]


@pytest.mark.parametrize(("name", "content"), UNREADABLE)
def test_unreadable_graph_exits_2_with_one_line(tmp_path, capsys, name, content):
    (tmp_path / name).write_text(content)
    assert kg("stats", "--graph", str(tmp_path / name)) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: cannot read graph") and err.count("\n") == 1


def test_titles_cannot_drive_the_terminal(tmp_path, capsys):
    G = build_graph([Paper("evil", "Bad \x1b[2J\u202eTitle", "x")], taxonomy=None)
    path = write_graph(G, tmp_path / "graph.json")
    assert kg("query", "papers", "--graph", str(path)) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "Bad \\x1b[2J\\u202eTitle" in out
    assert run_json(capsys, "query", "papers", "--graph", str(path))[0]["title"] == "Bad \x1b[2J\u202eTitle"


COMMANDS = [["query"], ["query", "papers"], ["query", "claims"], ["query", "related"], ["query", "entity"],
            ["query", "cooccurring"], ["query", "topics"], ["query", "communities"], ["query", "leaderboard"],
            ["query", "trend"], ["query", "rising"], ["stats"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_help_ends_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as stop:
        make_parser().parse_args([*command, "--help"])
    assert stop.value.code == 0
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith("Example: kg " + " ".join(command))

"""Evidence: every mention gives its sentence, stored once per paper; compact by default, full on request."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export.records import read_records
from kg.graph.evidence import evidence_sentence
from kg.workflow import build

ROOT = Path(__file__).resolve().parent.parent
MENTION = ox.NamedNode("https://w3id.org/kg-example/vocab#Mention")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, check=False)


def _links_with_evidence(graph: dict) -> list[tuple[dict, dict]]:
    papers = {n["id"]: n for n in graph["nodes"] if n["type"] == "paper"}
    return [(papers[link["source"]], ev) for link in graph["links"] if link["source"] in papers
            for ev in link.get("evidence") or ()]


@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory, example_corpus: list[Path]) -> Path:
    out = tmp_path_factory.mktemp("full-evidence")
    build(example_corpus, out, outputs=("records", "json", "nt", "report"), evidence="full")
    return out


def test_every_mention_of_the_example_build_gives_the_sentence_it_lies_in(example_build) -> None:
    _, out = example_build
    pairs = _links_with_evidence(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    assert len(pairs) > 3000
    for paper, ev in pairs:
        assert isinstance(ev["sentence"], int)  # an index: the text is stored once, in the paper
        field, start, end = paper["sentences"][ev["sentence"]]
        assert field == ev["field"] and start <= ev["start"] < ev["end"] <= end
        assert ev["text"] in evidence_sentence(paper, ev)


def test_records_keep_the_sentence_bounds_that_evidence_points_to(example_build) -> None:
    _, out = example_build
    for paper in read_records(out / "records.jsonl"):
        assert paper.sentences, paper.id
        for e in paper.entities:
            i = paper.sentence_of(e.field, e.start)
            assert paper.sentence_text(i) == e.sentence  # the first mention's sentence, as extraction gave it


def test_full_evidence_gives_the_same_sentences_by_value(example_build, full_build: Path) -> None:
    _, out = example_build
    compact = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    full = json.loads((full_build / "graph.json").read_text(encoding="utf-8"))
    assert (compact["graph"]["evidence"], full["graph"]["evidence"]) == ("compact", "full")
    assert [(p["id"], ev["start"], evidence_sentence(p, ev)) for p, ev in _links_with_evidence(compact)] == \
           [(p["id"], ev["start"], ev["sentence"]) for p, ev in _links_with_evidence(full)]


def test_compact_rdf_keeps_every_link_in_at_most_60_triples_per_paper(example_build, full_build: Path) -> None:
    kg_, out = example_build
    compact, full = ox.Store(), ox.Store()
    compact.load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    full.load(path=str(full_build / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    papers = kg_.summary()["papers"]
    assert len(compact) <= 60 * papers < len(full)
    assert not list(compact.quads_for_pattern(None, TYPE, MENTION))
    evidence = sum(len(link.get("evidence") or ()) for link in
                   json.loads((out / "graph.json").read_text(encoding="utf-8"))["links"])
    assert len(list(full.quads_for_pattern(None, TYPE, MENTION))) == evidence
    mentions = {q.subject for q in full.quads_for_pattern(None, TYPE, MENTION)}
    assert {q.triple for q in compact} == {q.triple for q in full if q.subject not in mentions}


def test_kg_export_writes_full_evidence_from_a_compact_graph(example_build, full_build: Path, tmp_path: Path) -> None:
    _, out = example_build
    done = kg("export", "--graph", str(out / "graph.json"), "--evidence", "full", "-o", str(tmp_path / "graph.nt"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "graph.nt").read_bytes() == (full_build / "graph.nt").read_bytes()


def test_kg_query_evidence_lists_each_mention_with_its_sentence(example_build) -> None:
    _, out = example_build
    done = kg("query", "evidence", "paper:title:0042b21953402f9e", "--entity", "RLHF", "--json",
              "--graph", str(out / "graph.json"))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["text"] for r in rows] == ["reinforcement learning from human feedback", "RLHF", "RLHF"]
    assert all(r["text"] in r["sentence"] for r in rows)
    assert rows[2]["sentence"].startswith("In this respect")  # the mention the first one's sentence missed


def test_an_update_extracts_again_papers_recorded_without_sentence_bounds(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "title": "Adam at scale",
                               "abstract": "We train with Adam. Adam is stable."}) + "\n", encoding="utf-8")
    build([src], tmp_path / "out", outputs=("records", "json"))
    records = tmp_path / "out" / "records.jsonl"
    old = [{k: v for k, v in json.loads(line).items() if k != "sentences"} for line in records.read_text().splitlines()]
    records.write_text("".join(json.dumps(r) + "\n" for r in old), encoding="utf-8")  # as kg wrote it before
    kg_ = build([], tmp_path / "out", outputs=("records", "json"), update=True, cache=False)
    assert [r.sentence for r in kg_.evidence("p1", "Adam")] == ["Adam at scale", "We train with Adam.", "Adam is stable."]

"""The same inputs give the same exports: byte for byte when built twice, and the same graph when
the records and files come in another order.

Provenance is the one thing input order may change: ``dct:source`` / ``sources`` name the line a
record was read from, and shuffling lines moves records to other lines. Everything else — node ids,
edges, every other triple — must not move. (Records that bridge two groups of duplicates, e.g. one
with the arXiv id of one paper and the DOI of another, are merged by arrival order; the corpora here
hold none.)
"""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import rdflib
from hostile import hardening_profile, hostile_records, keepable, write_jsonl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.workflow import ALL_OUTPUTS, OUTPUT_FILES, build

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS = [
    *sorted((ROOT / "examples" / "corpus").glob("*.txt")),
    DATA / "ingest" / "papers.jsonl",
    DATA / "ingest" / "openalex_works.jsonl",
    DATA / "ingest" / "zotero.bib",
    DATA / "ingest" / "papers.csv",
    DATA / "hardening" / "hostile.jsonl",
    DATA / "hardening" / "duplicates.jsonl",
]
DCT_SOURCE = rdflib.DCTERMS.source
PROFILE = hardening_profile()


def _copy_inputs(folder: Path, seed: int | None) -> list[str]:
    """Copy the corpus into ``folder``; with a seed, shuffle JSON Lines lines and the file order.

    Returns the file names: builds run inside ``folder`` so that provenance names match.
    """
    folder.mkdir(parents=True)
    names = []
    for src in CORPUS:
        text = src.read_text(encoding="utf-8")
        if seed is not None and src.suffix == ".jsonl":
            lines = text.splitlines(keepends=True)
            random.Random(seed).shuffle(lines)
            text = "".join(lines)
        (folder / src.name).write_text(text, encoding="utf-8")
        names.append(src.name)
    if seed is not None:
        random.Random(seed).shuffle(names)
    return names


def _build_in(folder: Path, names: list[str], monkeypatch: pytest.MonkeyPatch, **kw):
    monkeypatch.chdir(folder)
    return build(names, "out", cache=False, workers=1, **kw)


@pytest.fixture(scope="module")
def in_order(tmp_path_factory, warm_nlp):
    folder = tmp_path_factory.mktemp("ordered") / "in"
    names = _copy_inputs(folder, None)
    with pytest.MonkeyPatch.context() as mp:
        _build_in(folder, names, mp, outputs=ALL_OUTPUTS)
    return folder / "out"


def test_two_builds_of_the_same_inputs_are_byte_identical(in_order, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _build_in(folder, _copy_inputs(folder, None), monkeypatch, outputs=ALL_OUTPUTS)
    for name in ALL_OUTPUTS:
        assert (folder / "out" / OUTPUT_FILES[name]).read_bytes() == (in_order / OUTPUT_FILES[name]).read_bytes(), name


def _triples_but_provenance(path: Path) -> set:
    return {t for t in rdflib.Graph().parse(path, format="nt") if t[1] != DCT_SOURCE}


def _without_sources(G) -> tuple[dict, list]:
    nodes = {n: {k: v for k, v in d.items() if k != "sources"} for n, d in G.nodes(data=True)}
    return nodes, sorted(G.edges(keys=True, data=True), key=repr)


@pytest.mark.parametrize("seed", [1, 2])
def test_shuffled_lines_and_files_give_the_same_graph(in_order, tmp_path, monkeypatch, seed):
    from kg.export.node_link import read_node_link

    folder = tmp_path / "in"
    kg = _build_in(folder, _copy_inputs(folder, seed), monkeypatch, outputs=("json", "nt", "report"))
    reference = read_node_link(in_order / "graph.json")
    assert sorted(kg.graph.nodes) == sorted(reference.nodes)
    assert _without_sources(kg.graph) == _without_sources(reference)
    assert _triples_but_provenance(folder / "out" / "graph.nt") == _triples_but_provenance(in_order / "graph.nt")
    totals = json.loads((folder / "out" / "report.json").read_text())["totals"]
    assert totals == json.loads((in_order / "report.json").read_text())["totals"]


@settings(PROFILE)
@given(records=hostile_records(max_size=8), data=st.data())
def test_any_order_of_generated_records_gives_the_same_graph(records, data, tmp_path_factory, warm_nlp):
    assume(any(map(keepable, records)))  # a paper
    shuffled = data.draw(st.permutations(records))
    graphs = []
    for rows in (records, shuffled):
        folder = tmp_path_factory.mktemp("perm")
        kg = build([write_jsonl(folder / "in.jsonl", rows)], folder / "out", outputs=(), cache=False, workers=1)
        graphs.append(_without_sources(kg.graph))
    assert graphs[0] == graphs[1]

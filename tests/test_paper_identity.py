"""A paper's id and metadata depend on the set of its records, never on their order or on --update.

The same inputs give byte-identical records and graphs whether they come in one build or through
``--update``, in any order, including an update that brings a better id for a paper already built.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from kg.export.records import read_records
from kg.workflow import build

DATA = Path(__file__).resolve().parent / "data" / "ingest"
COMPARED = ("records.jsonl", "graph.json", "graph.nt")
OUTPUTS = ("records", "json", "nt")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def exports(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in COMPARED}


def builds_in_every_way(inputs: list[Path], tmp_path: Path, keep_graph: bool = True) -> list[dict[str, bytes]]:
    """The exports of one build of all ``inputs`` and of an update by each, in every order."""
    results = []
    for i, order in enumerate(itertools.permutations(inputs)):
        full = tmp_path / f"full{i}"
        build(list(order), full, outputs=OUTPUTS, keep_graph=keep_graph, cache=False)
        results.append(exports(full))
        inc = tmp_path / f"inc{i}"
        build([order[0]], inc, outputs=OUTPUTS, keep_graph=keep_graph, cache=False)
        for path in order[1:]:
            build([path], inc, outputs=OUTPUTS, keep_graph=keep_graph, cache=False, update=True)
        results.append(exports(inc))
    return results


def test_a_table_then_an_atom_feed_equals_both_at_once_in_either_order(tmp_path):
    results = builds_in_every_way([DATA / "papers.tsv", DATA / "arxiv_query.atom"], tmp_path)
    assert all(r == results[0] for r in results)
    ids = [p.id for p in read_records(tmp_path / "full0" / "records.jsonl")]
    assert "arxiv:1607.06450" in ids and not any(i.startswith("title:") and "1607" in i for i in ids)


VASWANI_BIB = {"id": "vaswani2017", "title": "Attention Is All You Need", "authors": ["Someone Author"],
               "abstract": "The Transformer uses attention."}
VASWANI_ARXIV = {"id": "1706.03762v5", "arxiv_id": "1706.03762", "title": "Attention is all you need",
                 "authors": ["Ashish Vaswani", "Noam Shazeer"],
                 "abstract": "We propose the Transformer, based solely on attention mechanisms. It reaches 28.4 BLEU "
                             "on WMT 2014 English-to-German, trained with Adam."}


@pytest.mark.parametrize("keep_graph", [True, False], ids=["in-memory", "streamed"])
def test_an_update_that_brings_a_better_id_and_text_equals_a_full_rebuild(tmp_path, keep_graph):
    local = write_jsonl(tmp_path / "local.jsonl", [VASWANI_BIB])
    arxiv = write_jsonl(tmp_path / "arxiv.jsonl", [VASWANI_ARXIV])
    results = builds_in_every_way([local, arxiv], tmp_path, keep_graph=keep_graph)
    assert all(r == results[0] for r in results)
    (paper,) = read_records(tmp_path / "inc0" / "records.jsonl")
    assert paper.id == "arxiv:1706.03762"
    assert "vaswani2017" in paper.other_ids
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]  # the most complete, not the last read
    assert paper.abstract == VASWANI_ARXIV["abstract"]
    assert {"Adam", "WMT 2014 English-to-German"} <= {e.text for e in paper.entities}  # the longer text, extracted


def test_a_paper_is_found_by_any_of_its_ids(tmp_path):
    local = write_jsonl(tmp_path / "local.jsonl", [VASWANI_BIB])
    arxiv = write_jsonl(tmp_path / "arxiv.jsonl", [VASWANI_ARXIV])
    g = build([local, arxiv], tmp_path / "out", outputs=("records",), cache=False)
    assert g.paper("vaswani2017").id == g.paper("arxiv:1706.03762").id == "arxiv:1706.03762"

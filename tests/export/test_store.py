"""The Oxigraph store a build writes (``--outputs ...,store``): the triples of graph.nt, published with
the other exports, answering the example queries as rdflib does on graph.ttl; ``kg sparql`` over it;
``oxigraph serve`` over HTTP on it."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.cli import status
from kg.cli.main import main
from kg.export.rdf import read_rdf
from kg.store import Answer, StoreError, query, render
from kg.workflow import CACHE_FILE, OUTPUT_FILES, build

QUERIES = sorted((Path(__file__).resolve().parents[2] / "examples" / "queries").glob("*.rq"))
NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float")}


def _from_cache(example_build, folder: Path) -> Path:
    """A new output folder holding the example build's extraction cache: builds into it extract nothing."""
    folder.mkdir()
    shutil.copy(example_build[1] / CACHE_FILE, folder / CACHE_FILE)
    return folder


@pytest.fixture(scope="module")
def built(example_build, example_corpus, tmp_path_factory) -> Path:
    """The example corpus built with the store, Turtle and N-Triples (streamed)."""
    out = _from_cache(example_build, tmp_path_factory.mktemp("store") / "exports")
    build(example_corpus, out, outputs=("ttl", "nt", "report", "store"), keep_graph=False)
    return out


def _value(term: Any) -> Any:
    """A result term of pyoxigraph or rdflib as a comparable value (numbers as rounded floats)."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and str(getattr(datatype, "value", datatype)) in NUMERIC:
        return round(float(str(getattr(term, "value", term))), 3)
    return str(getattr(term, "value", term))


def _triples(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


def test_the_store_holds_the_triples_of_graph_nt(built):
    written = ox.Store()
    written.load(path=str(built / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    stored = ox.Store.read_only(str(built / "store"))
    assert len(stored) == len(written) == len((built / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert _triples(stored) == _triples(written)


@pytest.mark.parametrize("query_file", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_answers_from_the_store_as_rdflib_on_graph_ttl(built, query_file):
    sparql = query_file.read_text(encoding="utf-8")
    answer = query(sparql, built / "store")
    graph = read_rdf(built / "graph.ttl")
    expected = [tuple(_value(row[c]) for c in answer.columns) for row in graph.query(sparql)]
    got = [tuple(_value(t) for t in row) for row in answer.rows]
    assert expected, f"{query_file.name} answers nothing on the example corpus: a weak test"
    assert got == expected if "ORDER BY" in sparql else sorted(got, key=repr) == sorted(expected, key=repr)


def test_a_streamed_and_an_in_memory_build_write_stores_of_the_same_triples(built, example_build, example_corpus,
                                                                           tmp_path):
    out = _from_cache(example_build, tmp_path / "exports")
    build(example_corpus, out, outputs=("records", "graphml", "store"))  # graphml: the graph is held in memory
    assert _triples(ox.Store.read_only(str(out / "store"))) == _triples(ox.Store.read_only(str(built / "store")))


def test_the_store_is_published_and_dropped_with_the_other_exports(example_build, example_corpus, tmp_path,
                                                                   monkeypatch):
    out = _from_cache(example_build, tmp_path / "exports")
    for where in ("beside", "inside"):  # a folder exchanged whole; the working folder, its files moved one by one
        if where == "inside":
            monkeypatch.chdir(out)
        build(example_corpus, out, outputs=("records", "store"), keep_graph=False)
        build(example_corpus, out, outputs=("records", "store"), keep_graph=False)  # a store replaces a store
        assert len(ox.Store.read_only(str(out / "store"))) > 10_000
        build(example_corpus, out, outputs=("records",), keep_graph=False)
        assert not (out / "store").exists()  # an export this build did not write is not kept
        assert not list(out.glob(".kg-build-*")) and not list(tmp_path.glob(".exports.kg-build-*"))


def test_store_is_an_output_asked_for_not_a_default(tmp_path):
    from kg.workflow import ALL_OUTPUTS, STREAMED_OUTPUTS

    assert "store" not in ALL_OUTPUTS and "store" in OUTPUT_FILES and "store" in STREAMED_OUTPUTS


# --- kg.store.query and render --------------------------------------------------------------------


def test_ask_construct_and_unbound_values(built):
    store = built / "store"
    assert query("ASK { ?s a <https://schema.org/ScholarlyArticle> }", store) == Answer("ask", boolean=True)
    graph = query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", store)
    assert graph.kind == "graph" and len(graph.triples) == 3
    assert render(graph).count(" .\n") == 3
    answer = query("SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) } }", store)
    assert answer.rows[0][1] is None
    assert json.loads(render(answer, "json"))["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


@pytest.mark.parametrize("query_file", QUERIES, ids=lambda p: p.stem)
def test_json_and_csv_are_the_sparql_results_formats(built, query_file):
    sparql = query_file.read_text(encoding="utf-8")
    answer = query(sparql, built / "store")
    store = ox.Store.read_only(str(built / "store"))
    parsed = ox.parse_query_results(render(answer, "json").encode("utf-8"), ox.QueryResultsFormat.JSON)
    assert [[s[c] for c in answer.columns] for s in parsed] == [[s[c] for c in answer.columns]
                                                                for s in store.query(sparql)]
    assert render(answer, "csv").encode("utf-8") == store.query(sparql).serialize(format=ox.QueryResultsFormat.CSV)


def test_a_missing_store_and_a_bad_query_are_one_line_errors(built, tmp_path):
    missing = r"nowhere: no such folder \(write one with kg build --outputs \.\.\.,store\)$"
    with pytest.raises(StoreError, match=missing):
        query("ASK {}", tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="empty: not an Oxigraph store"):
        query("ASK {}", tmp_path / "empty")
    with pytest.raises(StoreError, match=r"^not a SPARQL query: error at 1:1"):
        query("SELEKT * WHERE {}", built / "store")


# --- kg sparql ------------------------------------------------------------------------------------


def test_kg_sparql_answers_a_query_file_as_a_table(built, capsys):
    query_file = next(q for q in QUERIES if q.stem == "largest_speedups")
    assert main(["sparql", str(query_file), "--store", str(built / "store")]) == status.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["value", "unit"] and set(lines[1]) <= {"-", " "} and len(lines) > 3


def test_kg_sparql_reads_a_query_given_as_text_or_on_stdin(built, capsys, monkeypatch):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    triples = len((built / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert main(["sparql", count, "--store", str(built / "store"), "--format", "csv"]) == status.OK
    assert capsys.readouterr().out == f"n\r\n{triples}\r\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { ?s ?p ?o }"))
    assert main(["sparql", "-", "--store", str(built / "store"), "--format", "json"]) == status.OK
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}


def test_kg_sparql_finds_the_store_of_exports_by_default(built, capsys, monkeypatch):
    monkeypatch.chdir(built.parent)
    assert main(["sparql", "ASK { ?s ?p ?o }"]) == status.OK
    assert capsys.readouterr().out == "true\n"


@pytest.mark.parametrize("argv, message", [
    (["ASK {}", "--store", "{tmp}/none"], "kg sparql: error: {tmp}/none: no such folder (write one with kg build "
                                          "--outputs ...,store)\n"),
    (["SELEKT x", "--store", "{store}"], "kg sparql: error: not a SPARQL query: error at 1:"),
    (["missing.rq", "--store", "{store}"], "kg sparql: error: missing.rq: no such file\n"),
])
def test_kg_sparql_errors_exit_2_with_one_line(built, tmp_path, capsys, argv, message):
    def fill(text: str) -> str:
        return text.replace("{tmp}", str(tmp_path)).replace("{store}", str(built / "store"))

    assert main(["sparql", *map(fill, argv)]) == status.ERROR
    err = capsys.readouterr().err
    assert err.startswith(fill(message)) and err.count("\n") == 1


# --- oxigraph serve on the store -----------------------------------------------------------------


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@pytest.mark.server
def test_oxigraph_serve_answers_from_the_store_over_http(built, tmp_path):
    import socket

    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed")
    location = tmp_path / "store"
    shutil.copytree(built / "store", location)  # `serve` opens it read-write: a copy, not the build's
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        sparql = next(q for q in QUERIES if q.stem == "largest_speedups").read_text(encoding="utf-8")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=sparql.encode("utf-8"),
                                         headers={"Content-Type": "application/sparql-query",
                                                  "Accept": "application/sparql-results+json"})
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 (loopback only)
                    served = json.loads(resp.read())
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
                assert time.monotonic() < deadline, "oxigraph serve did not answer within 30 s"
                time.sleep(0.2)
        assert served == json.loads(render(query(sparql, built / "store"), "json"))
        assert served["results"]["bindings"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stderr.close()

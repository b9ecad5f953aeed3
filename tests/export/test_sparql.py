"""The example SPARQL queries give their known answers on the fixture corpus, in Oxigraph and rdflib."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.export.rdf import read_rdf

QUERIES = Path(__file__).resolve().parents[2] / "examples" / "queries"

OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float")}
QUERY_FILES = sorted(QUERIES.glob("*.rq"))


def _value(term: Any) -> Any:
    """A result term as a comparable Python value (numbers as floats, NPMI-precision)."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and str(getattr(datatype, "value", datatype)) in NUMERIC:
        return round(float(str(getattr(term, "value", term))), 3)
    return str(getattr(term, "value", term))


def _oxigraph_rows(store: ox.Store, query: str, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(_value(sol[c]) for c in columns) for sol in store.query(query)]


@pytest.fixture(scope="module", params=sorted(OX_FORMATS))
def oxigraph_store(request: pytest.FixtureRequest, exports: dict[str, tuple[Path, int]]) -> ox.Store:
    """An in-memory Oxigraph store loaded from one export format."""
    store = ox.Store()
    store.load(path=str(exports[request.param][0]), format=OX_FORMATS[request.param])
    return store


def test_every_query_file_has_a_comment_header_and_a_known_answer(known_answers: dict) -> None:
    assert QUERY_FILES, "examples/queries holds no .rq files"
    for path in QUERY_FILES:
        assert path.read_text().startswith("# "), f"{path.name} lacks a comment header"
    assert {p.name for p in QUERY_FILES} == set(known_answers)


@pytest.mark.parametrize("query_file", QUERY_FILES, ids=lambda p: p.stem)
def test_query_answers_in_oxigraph(query_file: Path, oxigraph_store: ox.Store, known_answers: dict) -> None:
    columns, expected = known_answers[query_file.name]
    assert _oxigraph_rows(oxigraph_store, query_file.read_text(), columns) == expected


@pytest.mark.parametrize("query_file", QUERY_FILES, ids=lambda p: p.stem)
def test_query_answers_in_rdflib(query_file: Path, exports: dict[str, tuple[Path, int]],
                                 known_answers: dict) -> None:
    columns, expected = known_answers[query_file.name]
    graph = read_rdf(exports["ttl"][0])
    rows = [tuple(_value(row[c]) for c in columns) for row in graph.query(query_file.read_text())]
    assert rows == expected

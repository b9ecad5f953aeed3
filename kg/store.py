"""An on-disk Oxigraph store of the graph's RDF (``exports/store``), and SPARQL answered from it.

``kg build --outputs ...,store`` writes the triples of ``graph.nt`` into an Oxigraph store
(RocksDB files in a folder), published with the other exports as a whole. A query then needs no
loading: :func:`query` opens the store read-only and answers at once, whatever the size of the
graph; ``kg sparql`` is its command line, and ``oxigraph serve --location exports/store`` serves
the same store over HTTP to any tool that speaks SPARQL.

The store holds the same triples as the RDF exports, whatever the number of workers; its files
are RocksDB's own, and differ from one build to the next (file numbers, logs) even when the
triples do not.

Examples
--------
>>> import tempfile, pathlib
>>> from kg.graph.build import build_graph
>>> from kg.model import Entity, Paper
>>> ds = Entity("dataset", "CIFAR-10", "cifar-10", "abstract", 12, 20, "We train on CIFAR-10.")
>>> G = build_graph([Paper("p1", "A paper", "We train on CIFAR-10.", entities=[ds])], taxonomy=None)
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> write_store(G, folder) > 0
True
>>> answer = query('''PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
...     SELECT ?name WHERE { ?d a schema:Dataset ; rdfs:label ?name }''', folder)
>>> answer.columns, [[term.value for term in row] for row in answer.rows]
(('name',), [['CIFAR-10']])
>>> render(answer, "csv").splitlines()
['name', 'CIFAR-10']
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from kg.export.rdf import block_triples, ntriples_line
from kg.graph.parts import Block, graph_blocks
from kg.namespace import DEFAULT_BASE_IRI

__all__ = ["DEFAULT_STORE", "FORMATS", "Answer", "StoreError", "open_store", "query", "render", "write_store",
           "write_store_blocks"]

DEFAULT_STORE = os.path.join("exports", "store")
FORMATS = ("table", "json", "csv")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}


class StoreError(Exception):
    """No store where one was expected, or a query it cannot answer (said in one line)."""


# ----------------------------------------------------------------------------- writing


class _NTriplesReader(io.RawIOBase):
    """The N-Triples text of a triple stream as a binary file, made as it is read (for bulk loading)."""

    def __init__(self, triples: Iterable[Any]) -> None:
        super().__init__()
        self._lines = (ntriples_line(t).encode("utf-8") for t in triples)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        want = len(b)
        while len(self._buffer) < want:
            chunk = b"".join(islice(self._lines, 4096))
            if not chunk:
                break
            self._buffer += chunk
        n = min(want, len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _counted(items: Iterable[Any], counter: list[int]) -> Iterator[Any]:
    for item in items:
        counter[0] += 1
        yield item


def _fsync_tree(folder: Path) -> None:
    """Make the store's files durable before the build publishes it (as each export file is)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_store_blocks(attrs: Mapping[str, Any], blocks: Iterable[Block], path: str | os.PathLike[str], *,
                       base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write a graph given in blocks (:mod:`kg.graph.parts`) into a new Oxigraph store at ``path``
    (a folder that must not exist), streaming: the triples of the N-Triples export, bulk-loaded.
    Returns the triple count."""
    from kg.export.rdf import _check_base

    folder = Path(path)
    if folder.exists():
        raise FileExistsError(f"{folder}: a store is written into a new folder")
    count = [0]
    triples = _counted(block_triples(attrs, blocks, _check_base(base_iri)), count)
    store = ox.Store(str(folder))
    try:
        store.bulk_load(input=io.BufferedReader(_NTriplesReader(triples), 1 << 16), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
    finally:
        del store  # closes the database
    _fsync_tree(folder)
    return count[0]


def write_store(G: Any, path: str | os.PathLike[str], *, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write the graph ``G`` into a new Oxigraph store at ``path``; returns the triple count."""
    return write_store_blocks(G.graph, graph_blocks(G), path, base_iri=base_iri)


# ----------------------------------------------------------------------------- querying


@dataclass(frozen=True)
class Answer:
    """What a query returned: ``columns`` and ``rows`` of terms (``None`` where a variable is
    unbound) for SELECT, ``boolean`` for ASK, ``triples`` for CONSTRUCT and DESCRIBE."""

    kind: Literal["select", "ask", "graph"]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()


def open_store(path: str | os.PathLike[str] = DEFAULT_STORE) -> ox.Store:
    """The store at ``path``, read-only (a server or another reader may have it open too)."""
    folder = Path(path)
    if not (folder / "CURRENT").is_file():
        what = "no such folder" if not folder.exists() else "not an Oxigraph store"
        raise StoreError(f"{folder}: {what} (write one with kg build --outputs ...,store)")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise StoreError(f"{folder}: cannot open the store: {exc}") from None


def query(sparql: str, store: str | os.PathLike[str] | ox.Store = DEFAULT_STORE) -> Answer:
    """Answer the SPARQL query ``sparql`` from ``store`` (a path, or an open :class:`pyoxigraph.Store`).

    Raises :class:`StoreError` for a missing store and for a query that is not SPARQL (with the
    parser's message).
    """
    db = store if isinstance(store, ox.Store) else open_store(store)
    try:
        result = db.query(sparql)
    except SyntaxError as exc:
        raise StoreError(f"not a SPARQL query: {' '.join(str(exc).split())}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(v.value for v in result.variables)
        return Answer("select", columns=columns, rows=tuple(tuple(row[c] for c in columns) for row in result))
    return Answer("graph", triples=tuple(result))


# ----------------------------------------------------------------------------- formatting


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _cell(term: Any) -> Any:
    """A term as a table shows it: IRIs and text as they are, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMBERS:
        try:
            return int(term.value) if term.datatype.value.endswith(("integer", "int", "long")) else float(term.value)
        except ValueError:
            return term.value
    return term.value


def render(answer: Answer, format: str = "table") -> str:
    """The answer as text: ``table`` (plain columns), ``json`` (SPARQL 1.1 Query Results JSON) or
    ``csv`` (SPARQL 1.1 Query Results CSV). A graph (CONSTRUCT, DESCRIBE) is N-Triples in any format.

    Examples
    --------
    >>> print(render(Answer("ask", boolean=True), "json"))
    {"head": {}, "boolean": true}
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    if answer.kind == "graph":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in answer.triples)
    if answer.kind == "ask":
        if format == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean})
        return ("true" if answer.boolean else "false") + ("\r\n" if format == "csv" else "")
    if format == "json":
        bindings = [{c: _json_term(t) for c, t in zip(answer.columns, row) if t is not None} for row in answer.rows]
        return json.dumps({"head": {"vars": list(answer.columns)}, "results": {"bindings": bindings}},
                          ensure_ascii=False)
    if format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)  # CRLF line ends, as the SPARQL CSV format has them
        writer.writerow(answer.columns)
        writer.writerows([["" if t is None else t.value for t in row] for row in answer.rows])
        return buf.getvalue()
    from kg.cli.query import render_table

    return render_table(list(answer.columns), [[_cell(t) for t in row] for row in answer.rows])

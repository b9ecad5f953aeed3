"""RDF exports of the knowledge graph: Turtle, N-Triples, JSON-LD and RDF/XML from one triple stream.

:func:`raw_triples` walks the NetworkX graph (model in :mod:`kg.graph.build`) in sorted node
order and yields each statement once, as plain strings: an IRI is a ``str``, a literal a
:class:`Lit`. The writers format that stream directly — N-Triples line by line (no rdflib graph,
so memory stays flat on large graphs), Turtle and RDF/XML through pyoxigraph's serializers, JSON-LD
as one node object per subject under the published context (``schemas/context.jsonld``) — so the
files hold the same triples in the same order, and two builds of the same input diff cleanly.
RDF/XML is XML 1.0, which cannot hold most control characters: they become U+FFFD there.

The model (``docs/rdf.md`` has the full table):

- papers ``schema:ScholarlyArticle`` (``schema:name`` title, ``schema:abstract``...); methods
  ``kg:Method``, hardware ``kg:Hardware``, datasets ``schema:Dataset``, repositories
  ``schema:SoftwareSourceCode``, topics ``skos:Concept`` (``skos:broader``), claims ``kg:Claim``
  (``qudt:numericValue`` as ``xsd:decimal``, ``qudt:unit``);
- paper → entity: ``schema:mentions`` plus the specific relation (``kg:proposes``...); with full
  evidence (``kg build --evidence full``, :mod:`kg.graph.evidence`) also one ``kg:Mention`` per
  piece of evidence (field, offsets, text, sentence);
- co-occurrence: one ``kg:CoOccurrence`` per graph edge (``kg:between`` both entities).

IRIs: ``<base><node type>/<rest of the node id>``, percent-encoded (UTF-8) except for unreserved
characters and ``:``, so any id is a valid IRI; ``/`` is encoded too, which keeps the mapping
one-to-one. Untrusted URLs become IRIs only when they are valid once encoded; otherwise they are
left out.

Examples
--------
>>> from kg.model import Paper, Entity
>>> from kg.graph.build import build_graph
>>> ds = Entity("dataset", "CIFAR-10", "cifar-10", "abstract", 12, 20, "We train on CIFAR-10.")
>>> G = build_graph([Paper("p1", "A <b> paper", "We train on CIFAR-10.", entities=[ds])], taxonomy=None)
>>> node_iri("paper:p1", "https://example.org/")
'https://example.org/paper/p1'
>>> from rdflib import URIRef
>>> paper, dataset = URIRef("https://example.org/paper/p1"), URIRef("https://example.org/dataset/cifar-10")
>>> triples = set(iter_triples(G, "https://example.org/"))
>>> (paper, URIRef(KG.evaluatesOn), dataset) in triples, (paper, URIRef(SDO.mentions), dataset) in triples
(True, True)
>>> print(ntriples_line(("https://example.org/paper/p1", "https://schema.org/name", Lit('A "q"\\n'))), end="")
<https://example.org/paper/p1> <https://schema.org/name> "A \\"q\\"\\n" .
"""
from __future__ import annotations

import datetime
import functools
import json
import math
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NamedTuple
from urllib.parse import quote, quote_from_bytes

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib import namespace as rns

from kg import namespace as kgns
from kg.entity_types import ENTITY_TYPES, PAPER_PREFIX, RELATIONS
from kg.export.atomic import atomic_write
from kg.graph.parts import Block, graph_blocks
from kg.namespace import DEFAULT_BASE_IRI, PREFIXES, bind_prefixes, expand_curie, jsonld_context, unit_iri

__all__ = [
    "DEFAULT_BASE_IRI",
    "EXTENSIONS",
    "FORMATS",
    "Lit",
    "block_triples",
    "data_prefixes",
    "decimal_lexical",
    "format_of",
    "iter_triples",
    "node_iri",
    "ntriples_line",
    "raw_triples",
    "read_rdf",
    "safe_iri",
    "write_jsonld",
    "write_rdf_blocks",
    "write_ntriples",
    "write_rdf",
    "write_rdfxml",
    "write_turtle",
]

FORMATS = {"ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
           "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf/xml": "rdfxml", "xml": "rdfxml"}
# File extension -> format: what ``kg export -o`` writes and :func:`read_rdf` reads.
EXTENSIONS = {".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
              ".rdf": "rdfxml", ".owl": "rdfxml"}


class _Iris:
    """A namespace's IRIs as plain strings, each resolved once (the writers format strings, and
    rdflib's namespace lookups would otherwise cost more than writing the triple)."""

    def __init__(self, ns: Any) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # introspection (copy, pytest, mocks), never a term here
            raise AttributeError(name)
        iri = str(self._ns[name])
        setattr(self, name, iri)
        return iri


DCTERMS, PROV, RDF, RDFS = _Iris(rns.DCTERMS), _Iris(rns.PROV), _Iris(rns.RDF), _Iris(rns.RDFS)
SDO, SKOS, VOID, XSD = _Iris(rns.SDO), _Iris(rns.SKOS), _Iris(rns.VOID), _Iris(rns.XSD)
FABIO, KG, PRISM, QUDT = _Iris(kgns.FABIO), _Iris(kgns.KG), _Iris(kgns.PRISM), _Iris(kgns.QUDT)
XSD_STRING, XSD_INTEGER, XSD_DECIMAL = XSD.string, XSD.integer, XSD.decimal
A = RDF.type

# Node type -> RDF class, and edge relation -> property by the type of the edge's source node:
# both from the registry of entity types (co-occurrences are resources of their own).
_CLASSES: dict[str, tuple[str, ...]] = {
    PAPER_PREFIX: (SDO.ScholarlyArticle,),
    **{t.node_type: (str(expand_curie(t.rdf_class)),) for t in ENTITY_TYPES.values()},
}
_RELATIONS: dict[str, dict[str, str]] = {}
for _r in RELATIONS:
    if _r.name != "cooccurs":
        _RELATIONS.setdefault(_r.source, {})[_r.name] = str(expand_curie(_r.rdf_property))
# First path segments of data IRIs: the node id prefixes, and the two kinds of derived resources.
_SEGMENTS = (*sorted({PAPER_PREFIX, *(t.prefix for t in ENTITY_TYPES.values())}), "mention", "cooccurrence")


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI (``xsd:string`` for plain text)."""

    lexical: str
    datatype: str = XSD_STRING


RawTriple = tuple[str, str, "str | Lit"]


# --- terms -------------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """``text`` as valid Unicode: lone surrogates (from broken JSON escapes) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


@functools.lru_cache(maxsize=1 << 16)  # node ids recur in every mention and co-occurrence IRI
def _quote(text: str) -> str:
    """Percent-encode everything but unreserved characters and ``:`` (one-to-one, IRI-safe).

    A leading or trailing ``.`` is encoded too: ``.``/``..`` segments read as path navigation,
    and Turtle writes such local names with ``\\.``, which rdflib cannot parse.
    """
    quoted = quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe=":")
    if quoted.startswith("."):
        quoted = "%2E" + quoted[1:]
    if quoted.endswith("."):
        quoted = quoted[:-1] + "%2E"
    return quoted


def node_iri(node: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of a graph node: ``<base><prefix>/<rest>``, percent-encoded.

    Examples
    --------
    >>> node_iri("repo:github.com/a/b")
    'https://w3id.org/kg-example/repo/github.com%2Fa%2Fb'
    >>> node_iri('dataset:x "y" <z>', "urn:kg:")
    'urn:kg:dataset/x%20%22y%22%20%3Cz%3E'
    """
    prefix, sep, rest = node.partition(":")
    if not sep:
        prefix, rest = "node", node
    return f"{base_iri}{_quote(prefix)}/{_quote(rest)}"


def safe_iri(url: str | None) -> str | None:
    """``url`` as a valid absolute IRI (unsafe characters percent-encoded), or None.

    Examples
    --------
    >>> safe_iri("https://example.org/a b?q=<x>")
    'https://example.org/a%20b?q=%3Cx%3E'
    >>> safe_iri("javascript:alert(1)"), safe_iri("http://exa mple.org:x/")
    (None, None)
    """
    if not url:
        return None
    url = _clean(url.strip())
    if not url.lower().startswith(("http://", "https://")):
        return None
    # Keep reserved characters and existing escapes; encode the rest (spaces, quotes, <>{}|^`\...).
    iri = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    iri = _fix_percent(iri)
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


def _fix_percent(iri: str) -> str:
    """Encode a ``%`` that does not start an escape (``%zz`` -> ``%25zz``)."""
    hexdigits = "0123456789abcdefABCDEF"
    parts = iri.split("%")
    out = [parts[0]]
    for part in parts[1:]:
        ok = len(part) >= 2 and part[0] in hexdigits and part[1] in hexdigits
        out.append(("%" if ok else "%25") + part)
    return "".join(out)


def decimal_lexical(value: Any) -> str | None:
    """The ``xsd:decimal`` lexical form of a number (no exponent), None if not a finite number.

    Examples
    --------
    >>> decimal_lexical(8.2), decimal_lexical(1e-07), decimal_lexical(3), decimal_lexical(2e21)
    ('8.2', '0.0000001', '3', '2000000000000000000000.0')
    >>> decimal_lexical(float("nan")), decimal_lexical(True), decimal_lexical("8")
    (None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return None
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def _integer(value: Any) -> Lit | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return Lit(str(value), XSD_INTEGER)


def _date(value: str) -> Lit:
    """A date as ``xsd:date``/``xsd:gYearMonth``/``xsd:gYear`` when it is one, else plain text."""
    v = value.strip()
    for fmt, dtype, n in (("%Y-%m-%d", XSD.date, 10), ("%Y-%m", XSD.gYearMonth, 7), ("%Y", XSD.gYear, 4)):
        if len(v) == n:
            try:
                datetime.datetime.strptime(v, fmt)
            except ValueError:
                continue
            return Lit(v, dtype)
    return Lit(_clean(value))


# --- the triple stream -------------------------------------------------------------------------

def _paper(s: str, node: str, d: dict[str, Any]) -> Iterator[RawTriple]:
    yield s, A, SDO.ScholarlyArticle
    if d.get("arxiv_id"):
        yield s, A, FABIO.Preprint
    yield s, SDO.identifier, Lit(_clean(node.partition(":")[2]))
    yield s, SDO.name, Lit(_clean(str(d.get("title") or d.get("label") or "")))
    if d.get("abstract"):
        yield s, SDO.abstract, Lit(_clean(d["abstract"]))
    for author in dict.fromkeys(d.get("authors") or ()):
        yield s, SDO.author, Lit(_clean(author))
    if url := safe_iri(d.get("url")):
        yield s, SDO.url, url
    if d.get("arxiv_id") and (iri := safe_iri("https://arxiv.org/abs/" + quote(_clean(d["arxiv_id"]), safe="/"))):
        yield s, SDO.sameAs, iri
    if d.get("doi"):
        doi = _clean(d["doi"])
        if iri := safe_iri("https://doi.org/" + quote(doi, safe="/")):
            yield s, SDO.sameAs, iri
        yield s, PRISM.doi, Lit(doi)
    if d.get("date"):
        yield s, DCTERMS.issued, _date(str(d["date"]))
    for src in d.get("sources") or ():
        yield s, DCTERMS.source, Lit(_clean(src))


def _entity(s: str, node: str, ntype: str, d: dict[str, Any], scheme: str,
            has_broader: bool) -> Iterator[RawTriple]:
    for cls in _CLASSES[ntype]:
        yield s, A, cls
    label = _clean(str(d.get("label", "")))
    yield s, RDFS.label, Lit(label)
    if ntype == "topic":
        yield s, SKOS.prefLabel, Lit(label)
        yield s, SKOS.inScheme, scheme
        if not has_broader:
            yield s, SKOS.topConceptOf, scheme
        if d.get("source"):
            yield s, KG.topicSource, Lit(_clean(d["source"]))
    for alias in sorted({_clean(a) for a in d.get("aliases") or ()} - {label}):
        yield s, SKOS.altLabel, Lit(alias)
    for key, prop in (("papers", KG.paperCount), ("mentions", KG.mentionCount), ("proposed_in", KG.proposedInCount)):
        if (lit := _integer(d.get(key))) is not None:
            yield s, prop, lit
    if ntype == "repository":  # node id repo:<host/owner/name>
        if iri := safe_iri("https://" + node.partition(":")[2]):
            yield s, SDO.codeRepository, iri


def _claim(s: str, d: dict[str, Any], base_iri: str) -> Iterator[RawTriple]:
    yield s, A, KG.Claim
    yield s, RDFS.label, Lit(_clean(str(d.get("text") or d.get("label") or "")))
    if (value := decimal_lexical(d.get("value"))) is not None:
        yield s, QUDT.numericValue, Lit(value, XSD_DECIMAL)
    if d.get("unit"):
        if (unit := unit_iri(d["unit"])) is not None:
            yield s, QUDT.unit, str(unit)
        yield s, KG.unitText, Lit(_clean(d["unit"]))
    for key, prop in (("low", KG.lowValue), ("high", KG.highValue)):
        if (bound := decimal_lexical(d.get(key))) is not None:
            yield s, prop, Lit(bound, XSD_DECIMAL)
    for key, prop in (("kind", KG.kind), ("qualifier", KG.qualifier), ("metric", KG.metric),
                      ("direction", KG.direction), ("sentence", KG.sentence)):
        if d.get(key):
            yield s, prop, Lit(_clean(str(d[key])))
    if isinstance(d.get("relative"), bool):
        yield s, KG.relative, Lit("true" if d["relative"] else "false", XSD.boolean)
    if d.get("paper"):
        yield s, PROV.wasDerivedFrom, node_iri(d["paper"], base_iri)


def _mentions(paper: str, ps: str, target: str, ts: str, rel: str, prop: str, d: dict[str, Any],
              base_iri: str) -> Iterator[RawTriple]:
    """One ``kg:Mention`` per piece of evidence of a paper → entity edge."""
    confidence = decimal_lexical(d.get("confidence"))
    prefix = f"{base_iri}mention/{_quote(paper)}/{_quote(rel)}/{_quote(target)}/"
    for i, ev in enumerate(d.get("evidence") or ()):
        m = f"{prefix}{i}"
        yield m, A, KG.Mention
        yield m, PROV.wasDerivedFrom, ps
        yield m, KG.entity, ts
        yield m, KG.relation, prop
        if ev.get("field"):
            yield m, KG.field, Lit(_clean(str(ev["field"])))
        for key, p in (("start", KG.start), ("end", KG.end)):
            if (lit := _integer(ev.get(key))) is not None:
                yield m, p, lit
        for key, p in (("text", KG.text), ("sentence", KG.sentence)):
            if ev.get(key):
                yield m, p, Lit(_clean(str(ev[key])))
        if confidence is not None:
            yield m, KG.confidence, Lit(confidence, XSD_DECIMAL)


def _cooccurrence(a: str, b: str, d: dict[str, Any], base_iri: str, iri_of: Any) -> Iterator[RawTriple]:
    c = f"{base_iri}cooccurrence/{_quote(a)}/{_quote(b)}"
    yield c, A, KG.CoOccurrence
    yield c, KG.between, iri_of(a)
    yield c, KG.between, iri_of(b)
    for key, prop in (("papers", KG.paperCount), ("sentences", KG.sentenceCount)):
        if (lit := _integer(d.get(key))) is not None:
            yield c, prop, lit
    if (npmi := decimal_lexical(d.get("npmi"))) is not None:
        yield c, KG.npmi, Lit(npmi, XSD_DECIMAL)


def _header(attrs: Mapping[str, Any], base_iri: str, scheme: str) -> Iterator[RawTriple]:
    yield base_iri, A, VOID.Dataset
    yield base_iri, DCTERMS.title, Lit(_clean(str(attrs.get("name") or "kg")))
    if (lit := _integer(attrs.get("papers"))) is not None:
        yield base_iri, KG.paperCount, lit
    if (lit := _integer(attrs.get("min_count"))) is not None:
        yield base_iri, KG.minPapers, lit
    if (npmi := decimal_lexical(attrs.get("min_npmi"))) is not None:
        yield base_iri, KG.minNpmi, Lit(npmi, XSD_DECIMAL)
    yield scheme, A, SKOS.ConceptScheme
    yield scheme, SKOS.prefLabel, Lit("Topics")


class _IriCache:
    """Node id → IRI, remembering the most recent ones (entities repeat; papers do not)."""

    def __init__(self, base_iri: str, size: int = 100_000) -> None:
        self.base_iri, self.size, self.iris = base_iri, size, {}

    def __call__(self, node: str) -> str:
        if (iri := self.iris.get(node)) is None:
            if len(self.iris) >= self.size:
                self.iris.clear()
            iri = self.iris[node] = node_iri(node, self.base_iri)
        return iri


def _node_triples(G: nx.MultiDiGraph, node: str, base_iri: str, scheme: str, iri_of: _IriCache,
                  mentions: bool) -> Iterator[RawTriple]:
    """A node's own statements, then its mentions (with ``mentions``) and co-occurrences."""
    d = G.nodes[node]
    ntype = d.get("type")
    if ntype not in _CLASSES:
        return  # unknown node kinds (a newer graph model) are left out rather than guessed
    s = iri_of(node)
    out = sorted(G.out_edges(node, keys=True, data=True), key=lambda e: (str(e[1]), str(e[2])))
    if ntype == "paper":
        yield from _paper(s, node, d)
    elif ntype == "claim":
        yield from _claim(s, d, base_iri)
    else:
        has_broader = any(str(e[3].get("relation", e[2])) == "broader" for e in out)
        yield from _entity(s, node, ntype, d, scheme, has_broader)
    relations = _RELATIONS.get(ntype, {})
    later: list[Iterable[RawTriple]] = []
    mentioned: set[str] = set()
    for _, target, key, ed in out:
        rel = str(ed.get("relation", key))
        if rel == "cooccurs":
            later.append(_cooccurrence(node, target, ed, base_iri, iri_of))
            continue
        prop = relations.get(rel)
        if prop is None or G.nodes[target].get("type") not in _CLASSES:
            continue
        t = iri_of(target)
        if ntype == "paper":
            if t not in mentioned:
                mentioned.add(t)
                yield s, SDO.mentions, t
            if mentions:
                later.append(_mentions(node, s, target, t, rel, prop, ed, base_iri))
        yield s, prop, t
    for block in later:
        yield from block


def block_triples(attrs: Mapping[str, Any], blocks: Iterable[Block],
                  base_iri: str = DEFAULT_BASE_IRI) -> Iterator[RawTriple]:
    """The triples of a graph given in blocks (:mod:`kg.graph.parts`): a header from the graph
    attributes ``attrs``, then each block's nodes in order, each node's statements together.
    One ``kg:Mention`` per piece of evidence only when ``attrs["evidence"]`` is ``"full"`` (or
    absent: a graph made before kg had compact evidence)."""
    iri_of = _IriCache(base_iri)
    scheme = f"{base_iri}topics"
    mentions = attrs.get("evidence", "full") == "full"
    yield from _header(attrs, base_iri, scheme)
    for G, nodes in blocks:
        for node in nodes:
            yield from _node_triples(G, node, base_iri, scheme, iri_of, mentions)


def raw_triples(G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[RawTriple]:
    """Every triple of ``G`` as ``(subject IRI, predicate IRI, IRI or Lit)``, each exactly once.

    Subjects come in export order (:func:`kg.graph.parts.graph_blocks`: each paper with its claims,
    then the entities); a node's own statements come first, then its mentions and
    co-occurrences, so serializers can group them.
    """
    return block_triples(G.graph, graph_blocks(G), base_iri)


def iter_triples(
    G: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI
) -> Iterator[tuple[rdflib.URIRef, rdflib.URIRef, rdflib.URIRef | rdflib.Literal]]:
    """The triples of ``G`` as rdflib terms (same order as :func:`raw_triples`)."""
    string = XSD_STRING
    for s, p, o in raw_triples(G, base_iri):
        if o.__class__ is str:
            obj: rdflib.URIRef | rdflib.Literal = rdflib.URIRef(o)
        elif o.datatype == string:
            obj = rdflib.Literal(o.lexical)
        else:
            obj = rdflib.Literal(o.lexical, datatype=rdflib.URIRef(o.datatype))
        yield rdflib.URIRef(s), rdflib.URIRef(p), obj


# --- writers -----------------------------------------------------------------------------------

# N-Triples string escapes (canonical form of RDF 1.1 N-Triples §2.4 / RDF 1.2): ECHAR for
# \b \t \n \f \r \" \\, \\uXXXX for the other C0 controls and DEL; everything else as UTF-8.
_ECHAR = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NT_ESCAPES = {c: _ECHAR.get(c, f"\\u{c:04X}") for c in (*range(0x20), 0x22, 0x5C, 0x7F)}


def ntriples_line(triple: RawTriple) -> str:
    """One N-Triples line (with the final newline) for a raw triple."""
    s, p, o = triple
    if o.__class__ is str:
        return f"<{s}> <{p}> <{o}> .\n"
    lex = o.lexical.translate(_NT_ESCAPES)
    if o.datatype == XSD_STRING:
        return f'<{s}> <{p}> "{lex}" .\n'
    return f'<{s}> <{p}> "{lex}"^^<{o.datatype}> .\n'


def write_ntriples(triples: Iterable[RawTriple], out: IO[str], batch: int = 4096) -> int:
    """Write ``triples`` as N-Triples lines to a text stream; returns how many were written."""
    n = 0
    lines: list[str] = []
    line = ntriples_line
    for t in triples:
        lines.append(line(t))
        if len(lines) >= batch:
            out.write("".join(lines))
            n += len(lines)
            lines.clear()
    out.write("".join(lines))
    return n + len(lines)


def data_prefixes(base_iri: str) -> dict[str, str]:
    """Turtle prefixes of the data IRIs (``paper:``, ``dataset:``...) under ``base_iri``."""
    return {seg: f"{base_iri}{seg}/" for seg in _SEGMENTS}


def _oxigraph_terms(triples: Iterable[RawTriple], counter: list[int]) -> Iterator[ox.Triple]:
    nodes: dict[str, ox.NamedNode] = {}  # predicates, classes and datatypes repeat: build them once

    def named(iri: str) -> ox.NamedNode:
        if (nn := nodes.get(iri)) is None:
            nn = ox.NamedNode(iri)
            if len(nodes) < 4096:
                nodes[iri] = nn
        return nn

    string = XSD_STRING
    for s, p, o in triples:
        if o.__class__ is str:
            obj: ox.NamedNode | ox.Literal = named(o)
        elif o.datatype == string:
            obj = ox.Literal(o.lexical)
        else:
            obj = ox.Literal(o.lexical, datatype=named(o.datatype))
        counter[0] += 1
        yield ox.Triple(ox.NamedNode(s), named(p), obj)


class _SortedPrefixes:
    """A binary sink that rewrites the serializer's ``@prefix`` block in sorted order.

    pyoxigraph writes the prefixes in an order of its own; sorting them here keeps the output
    byte-identical across pyoxigraph versions.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.head: bytearray | None = bytearray()

    def write(self, data: bytes) -> int:
        if self.head is None:
            return self.out.write(data)
        self.head += data
        lines = self.head.split(b"\n")
        for i, line in enumerate(lines[:-1]):
            if not line.startswith(b"@prefix "):
                self._flush_head(lines[:i], b"\n".join(lines[i:]))
                break
        return len(data)

    def _flush_head(self, prefix_lines: list[bytes], rest: bytes) -> None:
        self.head = None
        self.out.write(b"".join(line + b"\n" for line in sorted(prefix_lines)) + rest)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        """Write out a head that never ended (a graph with no triples)."""
        if self.head is not None:
            lines = bytes(self.head).split(b"\n")
            self._flush_head([line for line in lines if line], b"")


def write_turtle(triples: Iterable[RawTriple], out: IO[bytes], base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write ``triples`` as Turtle (pyoxigraph's serializer, sorted prefixes) to a binary stream."""
    prefixes = {k: str(v) for k, v in PREFIXES.items()} | data_prefixes(base_iri)
    counter = [0]
    sink = _SortedPrefixes(out)
    ox.serialize(_oxigraph_terms(triples, counter), sink, ox.RdfFormat.TURTLE, prefixes=prefixes)
    sink.close()
    return counter[0]


# Characters XML 1.0 cannot hold, not even escaped.
_XML_UNSAFE = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(triples: Iterable[RawTriple]) -> Iterator[RawTriple]:
    unsafe = _XML_UNSAFE.search
    for t in triples:
        o = t[2]
        if o.__class__ is not str and unsafe(o.lexical):
            t = (t[0], t[1], Lit(_XML_UNSAFE.sub("\ufffd", o.lexical), o.datatype))
        yield t


class _EscapedCarriageReturns:
    """A binary sink that writes ``\r`` as ``&#13;``, which an XML parser would read as ``\n``.

    IRIs hold no raw control character, so every ``\r`` byte is inside a literal.
    """

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, data: bytes) -> int:
        self.out.write(data.replace(b"\r", b"&#13;"))
        return len(data)

    def flush(self) -> None:
        self.out.flush()


def write_rdfxml(triples: Iterable[RawTriple], out: IO[bytes]) -> int:
    """Write ``triples`` as RDF/XML (pyoxigraph's serializer) to a binary stream; returns the count.

    Characters XML 1.0 cannot hold, not even escaped (most C0 controls, U+FFFE), become U+FFFD.
    """
    counter = [0]
    prefixes = {k: str(v) for k, v in sorted(PREFIXES.items())}
    ox.serialize(_oxigraph_terms(_xml_safe(triples), counter), _EscapedCarriageReturns(out), ox.RdfFormat.RDF_XML,
                 prefixes=prefixes)
    return counter[0]


def _jsonld_terms() -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """Full property IRI -> (term, expanded coercion); full IRI -> compact form for ``@type``."""
    ctx = jsonld_context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and k in PREFIXES}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    terms: dict[str, tuple[str, str | None]] = {}
    for term, value in ctx.items():
        if term in prefixes:
            continue
        iri, coercion = (value, None) if isinstance(value, str) else (value["@id"], value.get("@type"))
        terms[expand(iri)] = (term, coercion if coercion in (None, "@id") else expand(coercion))
    return terms, prefixes


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and iri[len(ns):].replace("_", "").isalnum():
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# JSON-LD turns a JSON number without a fraction into the canonical xsd:integer literal: such
# values are written as native numbers, within the integers every JSON reader holds exactly. A
# number with a fraction would become an xsd:double ("8.2E0"): decimals stay strings, typed by
# the context.
_JSON_SAFE_INTEGERS = range(-(2**53) + 1, 2**53)


def _jsonld_value(lit: Lit) -> Any:
    if lit.datatype == XSD_INTEGER and (n := int(lit.lexical)) in _JSON_SAFE_INTEGERS and str(n) == lit.lexical:
        return n
    return lit.lexical


def _jsonld_node(subject: str, pos: list[tuple[str, str | Lit]], terms: dict[str, tuple[str, str | None]],
                 prefixes: dict[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": subject}
    for p, o in pos:
        if p == A and o.__class__ is str:
            node.setdefault("@type", []).append(_compact(o, prefixes))
            continue
        term, coercion = terms.get(p, (p, None))
        if o.__class__ is str:
            value: Any = o if coercion == "@id" else {"@id": o}
        elif o.datatype == coercion or (coercion is None and o.datatype == XSD_STRING):
            value = _jsonld_value(o)
        else:
            value = {"@value": o.lexical, "@type": _compact(o.datatype, prefixes)}
        node.setdefault(term, []).append(value)
    return {k: v[0] if len(v) == 1 and k != "@type" else v for k, v in node.items()}


def write_jsonld(triples: Iterable[RawTriple], out: IO[str]) -> int:
    """Write ``triples`` as a JSON-LD document (inline context, one node object per subject run).

    Integers are JSON numbers (``"start": 14``), strings and decimals JSON strings (``"npmi":
    "0.42"``), each typed by the context: the triples are those of the other formats.
    """
    terms, prefixes = _jsonld_terms()
    out.write('{\n"@context": ' + json.dumps(jsonld_context(), ensure_ascii=False, sort_keys=True))
    out.write(',\n"@graph": [\n')
    n = 0
    first = True
    subject: str | None = None
    run: list[tuple[str, str | Lit]] = []

    def flush() -> None:
        nonlocal first
        if subject is None:
            return
        node = _jsonld_node(subject, run, terms, prefixes)
        out.write(("" if first else ",\n") + json.dumps(node, ensure_ascii=False, sort_keys=True))
        first = False

    for s, p, o in triples:
        if s != subject:
            flush()
            subject, run = s, []
        run.append((p, o))
        n += 1
    flush()
    out.write("\n]\n}\n")
    return n


def _check_base(base_iri: str) -> str:
    try:
        ox.NamedNode(base_iri)
    except ValueError as exc:
        raise ValueError(f"base IRI {base_iri!r} is not an absolute IRI: {exc}") from None
    if not base_iri.endswith(("/", "#", ":")):
        raise ValueError(f"base IRI {base_iri!r} must end with '/', '#' or ':'")
    return base_iri


def _format(format: str) -> str:
    fmt = FORMATS.get(format.lower())
    if fmt is None:
        raise ValueError(f"unknown RDF format {format!r} (expected one of {', '.join(sorted(set(FORMATS.values())))})")
    return fmt


def format_of(path: str | os.PathLike[str]) -> str:
    """The RDF format a file's extension names (:data:`EXTENSIONS`); ``ValueError`` for any other.

    Examples
    --------
    >>> format_of("graph.TTL"), format_of("onto.owl"), format_of("x.rdf"), format_of("g.jsonld")
    ('ttl', 'rdfxml', 'rdfxml', 'jsonld')
    >>> format_of("graph.txt")
    Traceback (most recent call last):
    ...
    ValueError: graph.txt: unknown RDF extension '.txt' (known: .json, .jsonld, .nt, .owl, .rdf, .ttl, .turtle)
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(f"{path}: unknown RDF extension {suffix or 'none'!r} (known: {', '.join(sorted(EXTENSIONS))})")
    return EXTENSIONS[suffix]


def write_rdf_blocks(attrs: Mapping[str, Any], blocks: Iterable[Block], path: str | os.PathLike[str],
                     format: str = "ttl", *, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write a graph given in blocks (see :func:`block_triples`) as RDF to ``path`` atomically,
    streaming: memory does not grow with the graph. Returns the triple count."""
    fmt = _format(format)
    triples = block_triples(attrs, blocks, _check_base(base_iri))
    if fmt in ("ttl", "rdfxml"):
        with atomic_write(path, "wb") as fb:
            return write_turtle(triples, fb, base_iri) if fmt == "ttl" else write_rdfxml(triples, fb)
    with atomic_write(path, "w") as f:
        return write_ntriples(triples, f) if fmt == "nt" else write_jsonld(triples, f)


def write_rdf(G: nx.MultiDiGraph, path: str | os.PathLike[str], format: str = "ttl", *,
              base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write ``G`` as RDF (``ttl``, ``nt``, ``jsonld`` or ``rdfxml``) to ``path`` atomically; returns the triple count.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.graph.build import build_graph
    >>> from kg.model import Paper
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
    >>> n = write_rdf(build_graph([Paper("p1", "T", "A.")], taxonomy=None), out, "nt")
    >>> n == len(out.read_text().splitlines()) == len(read_rdf(out))
    True
    """
    return write_rdf_blocks(G.graph, graph_blocks(G), path, format, base_iri=base_iri)


_RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def read_rdf(path: str | os.PathLike[str], format: str | None = None) -> rdflib.Graph:
    """Parse an export back into an rdflib graph (format from the file extension by default;
    ``format`` is an rdflib parser name)."""
    fmt = format or _RDFLIB_FORMATS[format_of(path)]
    g = bind_prefixes(rdflib.Graph())
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph; nothing to act on here.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        g.parse(str(path), format=fmt)
    return g

"""Save and load the graph losslessly: NetworkX node-link JSON, GraphML and GEXF.

Writers and readers come in pairs, and ``read_x(write_x(G))`` gives back ``G``: the same nodes,
edges, keys, and node, edge and graph attributes. Every writer sorts nodes and edges and writes
atomically (:func:`kg.export.atomic.atomic_write`), so the same graph always gives the same bytes.

- Node-link JSON (``graph.json``) is NetworkX's own format with edges under ``"links"`` and
  their ``"key"``; its shape is documented in ``schemas/graph.schema.json``.
- GraphML and GEXF hold only strings, numbers and booleans. A list or dict value (``aliases``,
  ``evidence``) is written as the string ``json:`` + its JSON, and read back decoded. Strings
  XML cannot carry exactly (control characters, ``\\r``) and strings that happen to start with
  ``json:`` are encoded the same way, so decoding never guesses.
- GEXF is written by this module (NetworkX's writer turns ``start``/``end`` attributes into time
  spells and stamps today's date); Gephi shows each node's ``label`` and a ``type`` column. Graph
  attributes travel as JSON in ``<meta><description>``. Attributes are declared with numeric ids
  (``0``, ``1``…, node attributes first), as NetworkX and Gephi write them: graphology (Sigma.js,
  Gephi Lite) shows an attribute's title only then. A list of strings (``aliases``) is a GEXF
  ``liststring`` written ``["CIFAR-10", "CIFAR10"]``; other lists and dicts stay ``json:…``
  strings. An edge's key is its ``relation``; only a key that differs from it is kept apart, in
  ``networkx_key``.

Examples
--------
>>> import tempfile, pathlib
>>> G = nx.MultiDiGraph(name="kg")
>>> G.add_node("dataset:cifar-10", type="dataset", label="CIFAR-10", aliases=["CIFAR-10", "CIFAR10"])
>>> G.add_node("paper:p1", type="paper", label="T1")
>>> _ = G.add_edge("paper:p1", "dataset:cifar-10", key="evaluates_on", relation="evaluates_on")
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("g.json", "g.graphml", "g.gexf"):
...     H = read_graph(write_graph(G, d / name))
...     print(name, H.nodes["dataset:cifar-10"]["aliases"], list(H.edges(keys=True)))
g.json ['CIFAR-10', 'CIFAR10'] [('paper:p1', 'dataset:cifar-10', 'evaluates_on')]
g.graphml ['CIFAR-10', 'CIFAR10'] [('paper:p1', 'dataset:cifar-10', 'evaluates_on')]
g.gexf ['CIFAR-10', 'CIFAR10'] [('paper:p1', 'dataset:cifar-10', 'evaluates_on')]
>>> encode_value(["a", 1]), decode_value('json:["a",1]'), encode_value("json: a title")
('json:["a",1]', ['a', 1], 'json:"json: a title"')
"""
from __future__ import annotations

import functools
import json
import math
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.xml_text import Element, element_text, write_text
from kg.graph.parts import Block, graph_blocks

__all__ = [
    "FORMATS",
    "JSON_MARKER",
    "decode_value",
    "encode_value",
    "node_link_dict",
    "read_gexf",
    "read_graph",
    "read_graphml",
    "read_node_link",
    "write_gexf",
    "write_graph",
    "write_graphml",
    "write_node_link",
    "write_node_link_blocks",
]

JSON_MARKER = "json:"
# Characters XML 1.0 cannot hold, plus "\r", which XML parsers turn into "\n".
_XML_UNSAFE = re.compile("[^\u0009\u000a\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_GEXF_NS = "http://www.gexf.net/1.2draft"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_GEXF_SCHEMA = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"
# GEXF attribute types this module writes, and how to read each back.
_GEXF_READ: dict[str, Callable[[str], Any]] = {
    "boolean": lambda s: s.strip().lower() in ("true", "1"),
    "long": int,
    "integer": int,
    "double": float,
    "float": float,
    "string": str,
    "liststring": lambda s: _read_liststring(s),
}
_INT64 = range(-(2**63), 2**63)
# Where the GEXF writer keeps what has no GEXF place of its own.
_KEY_ATTR = "networkx_key"  # the name NetworkX's own GEXF reader uses for multigraph keys
_LABEL_ATTR = "kg:label"  # a node label that is not a string
_UNLABELLED_ATTR = "kg:unlabelled"  # the node had no label at all


# ----------------------------------------------------------------------------- values


def encode_value(value: Any) -> Any:
    """A value GraphML/GEXF can hold: numbers, booleans and plain strings as they are, else ``json:…``."""
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and not value.startswith(JSON_MARKER) and not _XML_UNSAFE.search(value):
        return value
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if _XML_UNSAFE.search(text):  # lone surrogates, U+FFFE: only \u escapes are safe
        text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return JSON_MARKER + text


def decode_value(value: Any) -> Any:
    """Inverse of :func:`encode_value`."""
    if isinstance(value, str) and value.startswith(JSON_MARKER):
        return json.loads(value[len(JSON_MARKER):])
    return value


def _encoded(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Encoded values, keys sorted: GraphML declares keys in the order it meets them."""
    return {str(k): encode_value(attrs[k]) for k in sorted(attrs, key=str)}


def _decoded(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: decode_value(v) for k, v in attrs.items()}


def _sorted_nodes(G: nx.Graph) -> list[Hashable]:
    return sorted(G.nodes, key=str)


def _sorted_edges(G: nx.MultiDiGraph) -> list[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]:
    return sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _multidigraph(G: nx.Graph) -> nx.MultiDiGraph:
    if not (G.is_directed() and G.is_multigraph()):
        raise TypeError(f"expected a MultiDiGraph, got {type(G).__name__}")
    return G


def _xml_safe_ids(G: nx.MultiDiGraph) -> None:
    """Node ids become XML attribute values as they are: refuse what XML cannot carry."""
    for n in G.nodes:
        if _XML_UNSAFE.search(str(n)):
            raise ValueError(f"node id {str(n)!r} holds characters XML cannot carry")


# ----------------------------------------------------------------------------- node-link JSON


def _node_item(G: nx.MultiDiGraph, n: Hashable) -> dict[str, Any]:
    attrs = G.nodes[n]
    if "id" in attrs:
        raise ValueError(f"node {n!r} has an 'id' attribute, which node-link JSON reserves")
    return {"id": n, **attrs}


def _link_items(G: nx.MultiDiGraph, n: Hashable) -> list[dict[str, Any]]:
    out = []
    for _, v, k, attrs in sorted(G.out_edges(n, keys=True, data=True), key=lambda e: (str(e[1]), str(e[2]))):
        if {"source", "target", "key"} & attrs.keys():
            raise ValueError(f"edge {n!r}->{v!r} has an attribute node-link JSON reserves")
        out.append({**attrs, "source": n, "target": v, "key": k})
    return out


def node_link_dict(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link form of ``G`` (edges under ``"links"``), nodes and links in export order
    (:func:`kg.graph.parts.graph_blocks`: each paper, then its claims, then the other nodes sorted).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("b", "a", key="uses", relation="uses")
    >>> d = node_link_dict(G)
    >>> [n["id"] for n in d["nodes"]], d["links"]
    (['a', 'b'], [{'relation': 'uses', 'source': 'b', 'target': 'a', 'key': 'uses'}])
    """
    _multidigraph(G)
    order = [(H, n) for H, nodes in graph_blocks(G) for n in nodes]
    return {"directed": True, "multigraph": True, "graph": G.graph,
            "nodes": [_node_item(H, n) for H, n in order],
            "links": [link for H, n in order for link in _link_items(H, n)]}


_dumps = functools.partial(json.dumps, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _write_array_of_lines(out: IO[str], lines: Iterable[str]) -> None:
    """A JSON array of items already serialized, one per line (each line ends in a newline)."""
    sep = "[\n"
    for line in lines:
        out.write(sep + line[:-1])
        sep = ",\n"
    out.write("[]" if sep == "[\n" else "\n]")


def write_node_link_blocks(attrs: Mapping[str, Any], blocks: Iterable[Block], path: str | os.PathLike[str]) -> Path:
    """Write a graph given in blocks (:mod:`kg.graph.parts`) as node-link JSON, streaming.

    The layout is one node or link per line (keys sorted), so two builds diff line by line:
    ``directed``, ``graph`` and ``multigraph`` on the first line, then ``links``, then ``nodes``.
    Links go straight to the file; nodes wait in a temporary file beside it.
    Raises ``ValueError`` for NaN or infinite numbers, which JSON cannot hold.
    """
    path = Path(path)
    with atomic_write(path) as f, tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as spool:
        f.write(f'{{"directed": true, "graph": {_dumps(dict(attrs))}, "multigraph": true,\n"links": ')

        def links() -> Iterator[str]:
            for G, block in blocks:
                _multidigraph(G)
                spool.write("".join(_dumps(_node_item(G, n)) + "\n" for n in block))
                for n in block:
                    for link in _link_items(G, n):
                        yield _dumps(link) + "\n"

        _write_array_of_lines(f, links())
        f.write(',\n"nodes": ')
        spool.seek(0)
        _write_array_of_lines(f, spool)
        f.write("}\n")
    return path


def write_node_link(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as node-link JSON (UTF-8, one node or link per line, in export order); returns the path.

    Raises ``ValueError`` for NaN or infinite numbers, which JSON cannot hold.
    """
    return write_node_link_blocks(_multidigraph(G).graph, graph_blocks(G), path)


def read_node_link(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_node_link`; ``ValueError`` if the file is not one."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    except (KeyError, TypeError, AttributeError, nx.NetworkXError) as exc:
        raise ValueError(f"{path}: not a node-link graph ({type(exc).__name__}: {exc})") from exc


# ----------------------------------------------------------------------------- GraphML


# The attribute types NetworkX's GraphML writer names for the values encode_value gives.
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_ROOT = {"xmlns": "http://graphml.graphdrawing.org/xmlns", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                 "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
                                       "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"}


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GraphML (values encoded by :func:`encode_value`); returns the path.

    Edge ids are unique (``e0``, ``e1``…, as tools such as Gephi and yEd expect); the NetworkX key
    is kept in the edge attribute ``key``. The bytes are those of :func:`networkx.write_graphml`
    (keys declared newest first, two spaces a level), written as text (:mod:`kg.export.xml_text`)
    without building NetworkX's and ElementTree's objects for every element.
    """
    _xml_safe_ids(_multidigraph(G))
    keys: dict[tuple[str, str, str], str] = {}  # (name, type, scope) -> "d<n>", in the order met

    def data(scope: str, attrs: Mapping[str, Any]) -> list[Element]:
        out: list[Element] = []
        for name, value in attrs.items():
            kind = _GRAPHML_TYPES[type(value)]
            key = keys.setdefault((name, kind, scope), f"d{len(keys)}")
            out.append(("data", {"key": key}, str(value), ()))
        return out

    graph_attrs = _encoded(G.graph)
    graph_id = graph_attrs.pop("id", None)  # NetworkX makes a graph attribute "id" the graph's id
    graph_data = data("graph", graph_attrs)
    nodes = [("node", {"id": str(n)}, None, data("node", _encoded(G.nodes[n]))) for n in _sorted_nodes(G)]
    edges = []
    for i, (u, v, k, attrs) in enumerate(_sorted_edges(G)):
        if "key" in attrs:
            raise ValueError(f"edge {u!r}->{v!r} has a 'key' attribute, which GraphML output reserves")
        edges.append(("edge", {"source": str(u), "target": str(v), "id": f"e{i}"}, None,
                      data("edge", {**_encoded(attrs), "key": encode_value(k)})))
    declared = [("key", {"id": key, "for": scope, "attr.name": name, "attr.type": kind}, None, ())
                for (name, kind, scope), key in reversed(keys.items())]
    graph = ("graph", {"edgedefault": "directed", **({"id": str(graph_id)} if graph_id is not None else {})}, None,
             [*nodes, *edges, *graph_data])  # NetworkX appends the graph's data last
    path = Path(path)
    with atomic_write(path, "wb") as f:
        f.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
        write_text(f, element_text(("graphml", _GRAPHML_ROOT, None, [*declared, graph]), "  "))
        f.write(b"\n")
    return path


def read_graphml(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graphml`; ``ValueError`` if the file is not GraphML."""
    try:
        wire = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    except (ET.ParseError, nx.NetworkXError) as exc:
        raise ValueError(f"{path}: not a GraphML graph ({exc})") from exc
    G = nx.MultiDiGraph()
    G.graph.update(_decoded({k: v for k, v in wire.graph.items() if k not in ("node_default", "edge_default")}))
    for n, attrs in wire.nodes(data=True):
        G.add_node(n, **_decoded(attrs))
    for u, v, eid, attrs in wire.edges(keys=True, data=True):
        attrs = _decoded(attrs)
        key = attrs.pop("key", eid)
        G.add_edge(u, v, key=key, **attrs)
    return G


# ----------------------------------------------------------------------------- GEXF


def _is_liststring(value: Any) -> bool:
    """A list of strings that a GEXF ``liststring`` holds exactly (XML-safe items)."""
    return isinstance(value, list) and all(isinstance(s, str) and not _XML_UNSAFE.search(s) for s in value)


def _read_liststring(text: str) -> list[str]:
    """A ``liststring`` value: ``["a", "b"]`` as written here, or ``a|b`` as older Gephi writes it."""
    if text.startswith("["):
        return json.loads(text)
    return text.split("|") if text else []


def _gexf_type(values: Iterable[Any]) -> str:
    """The one GEXF type that holds every value of an attribute exactly, else ``"string"`` (encoded)."""
    kinds = set()
    for v in values:
        if _is_liststring(v):
            kinds.add("liststring")
        elif isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int) and v in _INT64:
            kinds.add("long")
        elif isinstance(v, float) and math.isfinite(v):
            kinds.add("double")
        elif isinstance(v, str):
            kinds.add("string")
        else:
            return "string"
    return kinds.pop() if len(kinds) == 1 else "string"


def _gexf_text(value: Any, gexf_type: str) -> str:
    if gexf_type == "boolean":
        return "true" if value else "false"
    if gexf_type in ("long", "double"):
        return repr(value)
    if gexf_type == "liststring":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bool, int, float)):  # a number in a string column: mixed types, NaN, huge ints
        return JSON_MARKER + json.dumps(value)
    return encode_value(value)


def _gexf_declare(parent: ET.Element, cls: str, rows: list[dict[str, Any]],
                  first_id: int = 0) -> dict[str, tuple[str, str]]:
    """Declare the attributes seen in ``rows``, numbered from ``first_id``: name → (GEXF id, type)."""
    names = sorted({k for row in rows for k in row})
    if not names:
        return {}
    el = ET.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
    declared = {}
    for i, name in enumerate(names, first_id):
        gtype = _gexf_type(row[name] for row in rows if name in row)
        ET.SubElement(el, "attribute", {"id": str(i), "title": name, "type": gtype})
        declared[name] = (str(i), gtype)
    return declared


def _gexf_values(el: ET.Element, row: Mapping[str, Any], declared: Mapping[str, tuple[str, str]]) -> None:
    if not row:
        return
    values = ET.SubElement(el, "attvalues")
    for name in sorted(row):
        aid, gtype = declared[name]
        ET.SubElement(values, "attvalue", {"for": aid, "value": _gexf_text(row[name], gtype)})


def _gexf_weight(value: Any) -> str | None:
    """GEXF's edge weight, when the value is a finite number; Gephi sizes edges by it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return repr(value) if math.isfinite(value) else None


def _node_row(n: Hashable, attrs: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The visible GEXF label of a node and the attributes stored as attvalues."""
    row = dict(attrs)
    if "label" not in row:
        return str(n), {**row, _UNLABELLED_ATTR: True}
    label = row.pop("label")
    if isinstance(label, str) and not _XML_UNSAFE.search(label):
        return label, row
    return str(n) if not isinstance(label, str) else encode_value(label), {**row, _LABEL_ATTR: label}


def _edge_row(k: Hashable, attrs: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    row = dict(attrs)
    if _KEY_ATTR in row:
        raise ValueError(f"edge attribute {_KEY_ATTR!r} is reserved for the edge key in GEXF output")
    weight = _gexf_weight(row.get("weight"))
    if weight is not None:
        del row["weight"]
    if row.get("relation") != k or not isinstance(k, str):
        row[_KEY_ATTR] = k  # kg keys each edge by its relation: only another key needs keeping
    return weight, row


def write_gexf(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GEXF 1.2 for Gephi (labels readable, values exact); returns the path."""
    _xml_safe_ids(_multidigraph(G))
    for n, attrs in G.nodes(data=True):
        if {_LABEL_ATTR, _UNLABELLED_ATTR} & attrs.keys():
            raise ValueError(f"node {n!r} uses an attribute name reserved by GEXF output")
    root = ET.Element("gexf", {"xmlns": _GEXF_NS, "xmlns:xsi": _XSI_NS, "xsi:schemaLocation": _GEXF_SCHEMA,
                               "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "kg"
    ET.SubElement(meta, "description").text = encode_value(dict(G.graph))
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    nodes = [(n, *_node_row(n, G.nodes[n])) for n in _sorted_nodes(G)]
    edges = [(u, v, *_edge_row(k, attrs)) for u, v, k, attrs in _sorted_edges(G)]
    node_attrs = _gexf_declare(graph, "node", [row for _, _, row in nodes])
    edge_attrs = _gexf_declare(graph, "edge", [row for _, _, _, row in edges], first_id=len(node_attrs))
    nodes_el = ET.SubElement(graph, "nodes")
    for n, label, row in nodes:
        el = ET.SubElement(nodes_el, "node", {"id": str(n), "label": label})
        _gexf_values(el, row, node_attrs)
    edges_el = ET.SubElement(graph, "edges")
    for i, (u, v, weight, row) in enumerate(edges):
        attrs = {"id": f"e{i}", "source": str(u), "target": str(v)}
        if weight is not None:
            attrs["weight"] = weight
        _gexf_values(ET.SubElement(edges_el, "edge", attrs), row, edge_attrs)
    ET.indent(root, space=" ")
    path = Path(path)
    with atomic_write(path, "wb") as f:
        ET.ElementTree(root).write(f, encoding="utf-8", xml_declaration=True)
        f.write(b"\n")
    return path


def _gexf_read_values(el: ET.Element, declared: Mapping[str, tuple[str, str]], ns: str) -> dict[str, Any]:
    out = {}
    values = el.find(f"{{{ns}}}attvalues")
    for av in values.findall(f"{{{ns}}}attvalue") if values is not None else ():
        if av.get("for") not in declared:
            raise ValueError(f"GEXF attvalue for undeclared attribute {av.get('for')!r}")
        name, gtype = declared[av.get("for")]
        out[name] = decode_value(_GEXF_READ.get(gtype, str)(av.get("value", "")))
    return out


def _number(text: str) -> int | float:
    """The weight as written by :func:`repr`: an int has neither point nor exponent."""
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else float(text)


def read_gexf(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_gexf` (other GEXF: static attributes only); ``ValueError`` if not GEXF."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not a GEXF graph ({exc})") from exc
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    G = nx.MultiDiGraph()
    description = root.find(f"{q('meta')}/{q('description')}")
    if description is not None and (description.text or "").startswith(JSON_MARKER):
        G.graph.update(decode_value(description.text))
    graph = root.find(q("graph"))
    if graph is None:
        raise ValueError(f"{path}: no <graph> element in GEXF file")
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for attributes in graph.findall(q("attributes")):
        for a in attributes.findall(q("attribute")):
            declared[attributes.get("class", "node")][a.get("id")] = (a.get("title"), a.get("type", "string"))
    nodes = graph.find(q("nodes"))
    for el in nodes.findall(q("node")) if nodes is not None else ():
        attrs = _gexf_read_values(el, declared["node"], ns)
        if attrs.pop(_UNLABELLED_ATTR, False):
            pass
        elif _LABEL_ATTR in attrs:
            attrs["label"] = attrs.pop(_LABEL_ATTR)
        else:
            attrs["label"] = el.get("label", el.get("id"))
        G.add_node(el.get("id"), **attrs)
    edges = graph.find(q("edges"))
    for el in edges.findall(q("edge")) if edges is not None else ():
        attrs = _gexf_read_values(el, declared["edge"], ns)
        key = attrs.pop(_KEY_ATTR) if _KEY_ATTR in attrs else attrs.get("relation", el.get("id"))
        if el.get("weight") is not None and "weight" not in attrs:
            attrs["weight"] = _number(el.get("weight"))
        G.add_edge(el.get("source"), el.get("target"), key=key, **attrs)
    return G


# ----------------------------------------------------------------------------- by extension

FORMATS: dict[str, tuple[Callable[..., Path], Callable[..., nx.MultiDiGraph]]] = {
    ".json": (write_node_link, read_node_link),
    ".graphml": (write_graphml, read_graphml),
    ".gexf": (write_gexf, read_gexf),
}


def _format(path: str | os.PathLike[str]) -> tuple[Callable[..., Path], Callable[..., nx.MultiDiGraph]]:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown graph format {suffix!r} (expected one of {', '.join(FORMATS)})")
    return FORMATS[suffix]


def write_graph(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` in the format its extension names (``.json``, ``.graphml``, ``.gexf``)."""
    return _format(path)[0](G, path)


def read_graph(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a graph in the format its extension names (``.json``, ``.graphml``, ``.gexf``)."""
    return _format(path)[1](path)

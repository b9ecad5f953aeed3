"""Specification of saving and loading: node-link JSON, GraphML and GEXF round trips, the JSON schema."""
from __future__ import annotations

import copy
import json
import operator
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from fixture_corpus import TAXONOMY, fixture_papers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.node_link import (
    decode_value,
    encode_value,
    node_link_dict,
    read_graph,
    write_graph,
    write_node_link,
)
from kg.graph.build import build_graph
from kg.graph.parts import graph_blocks

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "graph.schema.json").read_text())
FORMATS = [".json", ".graphml", ".gexf"]


def edge_table(G: nx.MultiDiGraph) -> dict:
    return {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


def assert_same_graph(G: nx.MultiDiGraph, H: nx.MultiDiGraph) -> None:
    assert isinstance(H, nx.MultiDiGraph)
    assert nx.is_isomorphic(G, H, node_match=operator.eq, edge_match=operator.eq)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert edge_table(H) == edge_table(G)
    assert H.graph == G.graph


# ----------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_of_the_fixture_graph_is_lossless(fixture_graph, tmp_path, suffix):
    assert_same_graph(fixture_graph, read_graph(write_graph(fixture_graph, tmp_path / f"g{suffix}")))


# Attribute names include those GEXF and GraphML treat specially (label, start/end, weight, type, pid).
NAMES = st.sampled_from(["label", "type", "start", "end", "weight", "value", "aliases", "pid", "viz", "x"])
SAFE_ID = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, exclude_categories=("Cs",)),
                  min_size=1, max_size=12)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["json:", "json:[1]", "", " padded ", "a\r\nb", "\x00\x1b[31m", "<&>\"'", "Über"])
SCALAR = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | TEXT
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)


@st.composite
def graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(**draw(st.dictionaries(st.sampled_from(["name", "papers", "note"]), VALUE, max_size=3)))
    nodes = draw(st.lists(SAFE_ID, min_size=1, max_size=6, unique=True))
    for n in nodes:
        G.add_node(n, **draw(st.dictionaries(NAMES, VALUE, max_size=4)))
    for _ in range(draw(st.integers(0, 8))):
        u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        key = draw(st.sampled_from(["uses", "cooccurs", "json:x", "e0"]))
        G.add_edge(u, v, key=key, **draw(st.dictionaries(NAMES, VALUE, max_size=3)))
    return G


@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(G=graphs())
def test_round_trip_of_any_attribute_values_is_lossless(tmp_path, suffix, G):
    if suffix == ".json":  # JSON has no infinity; write_node_link refuses it (tested below)
        G = _finite(G)
    assert_same_graph(G, read_graph(write_graph(G, tmp_path / f"g{suffix}")))


def _finite(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    def fix(v):
        if isinstance(v, float) and v in (float("inf"), float("-inf")):
            return 0.0
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        return v

    H = copy.deepcopy(G)
    for attrs in [H.graph, *(d for _, d in H.nodes(data=True)), *(d for *_, d in H.edges(data=True))]:
        attrs.update({k: fix(v) for k, v in attrs.items()})
    return H


@pytest.mark.parametrize(("value", "encoded"), [
    ("ImageNet", "ImageNet"),
    (3, 3),
    (0.5, 0.5),
    (True, True),
    (["CIFAR-10", "CIFAR10"], 'json:["CIFAR-10","CIFAR10"]'),
    ({"b": 1, "a": None}, 'json:{"a":null,"b":1}'),
    (None, "json:null"),
    ("json:[1]", 'json:"json:[1]"'),  # a string that looks encoded is encoded itself
    ("a\rb", 'json:"a\\rb"'),  # XML would turn \r into \n
    ("bell\x07", 'json:"bell\\u0007"'),  # XML 1.0 cannot hold control characters
])
def test_encode_value_and_back(value, encoded):
    assert encode_value(value) == encoded
    assert decode_value(encoded) == value


# ----------------------------------------------------------------------------- stable, atomic output


@pytest.mark.parametrize("suffix", FORMATS)
def test_output_does_not_depend_on_input_order(fixture_graph, tmp_path, suffix):
    again = build_graph(fixture_papers()[::-1], min_count=2, min_npmi=0.0, taxonomy=TAXONOMY)
    a = write_graph(fixture_graph, tmp_path / f"a{suffix}").read_bytes()
    b = write_graph(again, tmp_path / f"b{suffix}").read_bytes()
    assert a == b


@pytest.mark.parametrize("suffix", FORMATS)
def test_output_does_not_depend_on_attribute_order(fixture_graph, tmp_path, suffix):
    reordered = nx.MultiDiGraph(**dict(reversed(fixture_graph.graph.items())))
    for n, attrs in reversed(list(fixture_graph.nodes(data=True))):
        reordered.add_node(n, **dict(reversed(attrs.items())))
    for u, v, k, attrs in reversed(list(fixture_graph.edges(keys=True, data=True))):
        reordered.add_edge(u, v, key=k, **dict(reversed(attrs.items())))
    a = write_graph(fixture_graph, tmp_path / f"a{suffix}").read_bytes()
    assert write_graph(reordered, tmp_path / f"b{suffix}").read_bytes() == a


@pytest.mark.parametrize("suffix", FORMATS)
def test_write_replaces_the_file_and_leaves_no_temporary_file(fixture_graph, tmp_path, suffix):
    path = tmp_path / f"graph{suffix}"
    path.write_text("old")
    write_graph(fixture_graph, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert path.read_bytes() != b"old"


def test_node_link_json_layout(fixture_graph, tmp_path):
    text = write_node_link(fixture_graph, tmp_path / "graph.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert "links" in data and "edges" not in data
    assert all("key" in link for link in data["links"])
    order = [n for _, block in graph_blocks(fixture_graph) for n in block]  # each paper, its claims, then the rest
    assert [n["id"] for n in data["nodes"]] == order
    assert [(e["source"], e["target"], e["key"]) for e in data["links"]] == sorted(
        ((e["source"], e["target"], e["key"]) for e in data["links"]), key=lambda e: (order.index(e[0]), e[1:]))
    assert "Über Optimisers" in text  # not \u00dc
    assert text.startswith('{"directed": true, "graph": {')  # one node or link per line, keys sorted


def test_node_link_refuses_numbers_json_cannot_hold(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("claim:x", type="claim", value=float("nan"))
    with pytest.raises(ValueError):
        write_node_link(G, tmp_path / "graph.json")
    assert not (tmp_path / "graph.json").exists()


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_xml_formats_refuse_node_ids_xml_cannot_carry(tmp_path, suffix):
    G = nx.MultiDiGraph()
    G.add_node("method:\x01bad", type="method")
    with pytest.raises(ValueError, match="XML cannot carry"):
        write_graph(G, tmp_path / f"g{suffix}")


def test_unknown_extension_is_refused(fixture_graph, tmp_path):
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(fixture_graph, tmp_path / "graph.txt")


# ----------------------------------------------------------------------------- other tools can read it


def test_gexf_shows_labels_and_types_to_other_readers(fixture_graph, tmp_path):
    G = nx.read_gexf(write_graph(fixture_graph, tmp_path / "graph.gexf"))
    assert G.nodes["dataset:imagenet"]["label"] == "ImageNet"
    assert G.nodes["dataset:imagenet"]["type"] == "dataset"
    assert G.nodes["dataset:imagenet"]["papers"] == 3
    # NetworkX reads a graph without parallel edges as a DiGraph: the relation is still there
    assert G.edges["paper:arxiv:2401.00001", "dataset:imagenet"]["relation"] == "evaluates_on"


GEXF = "{http://www.gexf.net/1.2draft}"


def _gexf_declarations(path: Path) -> list[tuple[str, str, str, str]]:
    """(class, id, title, type) of every declared attribute, in file order."""
    graph = ET.parse(path).getroot().find(f"{GEXF}graph")
    return [(group.get("class"), a.get("id"), a.get("title"), a.get("type"))
            for group in graph.findall(f"{GEXF}attributes") for a in group.findall(f"{GEXF}attribute")]


def _gexf_values(path: Path, node: str) -> dict[str, str]:
    """A node's attribute values as written, by attribute title."""
    titles = {aid: title for cls, aid, title, _ in _gexf_declarations(path) if cls == "node"}
    el = next(n for n in ET.parse(path).getroot().iter(f"{GEXF}node") if n.get("id") == node)
    return {titles[v.get("for")]: v.get("value") for v in el.iter(f"{GEXF}attvalue")}


def _graphology_list(value: str) -> list[str]:
    """A liststring value the way graphology's GEXF parser (Sigma.js, Gephi Lite) splits it: inside
    ``[...]``, comma-separated pieces, quoted or not, where a backslash escapes r, t, n, backslash or
    the quote."""
    assert value.startswith("[") and value.endswith("]")
    pieces: list[str] = []
    text, i, piece, quote = value[1:-1], 0, None, None
    while i < len(text):
        c = text[i]
        if piece is None:  # between pieces
            if c == ",":
                pass
            elif c in "\"'":
                piece, quote = "", c
            elif not c.isspace():
                piece, quote = c, ""
            i += 1
            continue
        if quote and c == quote or not quote and c == ",":
            pieces.append(piece)
            piece = None
        elif c == "\\" and i + 1 < len(text):
            i += 1
            piece += {"r": "\r", "t": "\t", "n": "\n"}.get(text[i], text[i])
        else:
            piece += c
        i += 1
    if piece is not None:
        pieces.append(piece)
    return pieces


def test_gexf_attribute_ids_are_numbered_as_networkx_and_gephi_number_them(fixture_graph, tmp_path):
    # graphology shows a column's title only when its id is numeric (otherwise n0…, e0…)
    declared = _gexf_declarations(write_graph(fixture_graph, tmp_path / "graph.gexf"))
    assert [aid for _, aid, _, _ in declared] == [str(i) for i in range(len(declared))]
    mine = [cls for cls, *_ in declared]
    assert mine == sorted(mine, key=["node", "edge"].index)  # node attributes first, as NetworkX writes them
    nx.write_gexf(nx.path_graph(2), tmp_path / "nx.gexf")  # what NetworkX itself writes, for comparison
    theirs = ET.parse(tmp_path / "nx.gexf").getroot().iter("{http://www.gexf.net/1.2draft}attribute")
    assert all(a.get("id").isdigit() for a in theirs)


def test_gexf_edges_have_no_key_column_repeating_their_relation(fixture_graph, tmp_path):
    path = write_graph(fixture_graph, tmp_path / "graph.gexf")
    edge_titles = [title for cls, _, title, _ in _gexf_declarations(path) if cls == "edge"]
    assert "relation" in edge_titles and "networkx_key" not in edge_titles
    assert_same_graph(fixture_graph, read_graph(path))  # each key comes back from its relation


def test_gexf_keeps_an_edge_key_that_is_not_its_relation(tmp_path):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="first", relation="uses")
    G.add_edge("a", "b", key="uses", relation="uses")
    G.add_edge("a", "c", key=7)
    assert_same_graph(G, read_graph(write_graph(G, tmp_path / "g.gexf")))


def test_gexf_lists_of_strings_are_liststrings_graphology_reads_back(fixture_graph, tmp_path):
    path = write_graph(fixture_graph, tmp_path / "graph.gexf")
    types = {(cls, title): gtype for cls, _, title, gtype in _gexf_declarations(path)}
    assert types[("node", "aliases")] == types[("node", "authors")] == "liststring"
    assert types[("edge", "evidence")] == "string"  # a list of dicts stays json:…
    values = _gexf_values(path, "hardware:nvidia-a100")
    assert values["aliases"] == '["A100"]'
    for n, d in fixture_graph.nodes(data=True):
        for name in ("aliases", "authors"):
            if name in d:
                assert _graphology_list(_gexf_values(path, n)[name]) == d[name], (n, name)


def test_gexf_liststrings_with_quotes_commas_and_backslashes_survive_graphology(tmp_path):
    G = nx.MultiDiGraph()
    hard = ["a, b", 'say "hi"', "back\\slash", "pipe | bar", "[x]", "", "json:[1]", "tab\there", "line\nfeed"]
    G.add_node("n", aliases=hard)
    path = write_graph(G, tmp_path / "g.gexf")
    assert _graphology_list(_gexf_values(path, "n")["aliases"]) == hard
    assert read_graph(path).nodes["n"]["aliases"] == hard


def test_gexf_reads_pipe_separated_liststrings_as_gephi_writes_them(tmp_path):
    path = tmp_path / "gephi.gexf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="directed">'
                    '<attributes class="node"><attribute id="0" title="types" type="liststring"/></attributes>'
                    '<nodes><node id="0" label="Gephi"><attvalues><attvalue for="0" value="cooking|money"/>'
                    '</attvalues></node></nodes><edges/></graph></gexf>')
    assert read_graph(path).nodes["0"]["types"] == ["cooking", "money"]


def test_graphml_edge_ids_are_unique_and_readable_by_networkx(fixture_graph, tmp_path):
    path = write_graph(fixture_graph, tmp_path / "graph.graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    assert G.number_of_edges() == fixture_graph.number_of_edges()
    assert len({k for *_, k in G.edges(keys=True)}) == G.number_of_edges()
    assert G.nodes["dataset:imagenet"]["label"] == "ImageNet"


# ----------------------------------------------------------------------------- JSON schema


def test_node_link_output_validates_against_the_schema(fixture_graph, tmp_path):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(write_node_link(fixture_graph, tmp_path / "graph.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


def _first(items: list[dict], **match) -> dict:
    return next(i for i in items if all(i.get(k) == v for k, v in match.items()))


BREAKAGES = {
    "unknown node type": lambda d: _first(d["nodes"], id="dataset:imagenet").update(type="gadget"),
    "entity without aliases": lambda d: _first(d["nodes"], id="dataset:imagenet").pop("aliases"),
    "id prefix not matching the type": lambda d: _first(d["nodes"], id="dataset:imagenet").update(type="method"),
    "paper without title": lambda d: _first(d["nodes"], type="paper").pop("title"),
    "claim with a text value": lambda d: _first(d["nodes"], type="claim").update(value="8.2x"),
    "key differing from relation": lambda d: _first(d["links"], key="uses").update(key="proposes"),
    "unknown relation": lambda d: _first(d["links"], key="uses").update(relation="likes", key="likes"),
    "uses without evidence": lambda d: _first(d["links"], key="uses").pop("evidence"),
    "npmi above one": lambda d: _first(d["links"], key="cooccurs").update(npmi=1.5),
    "undirected graph": lambda d: d.update(directed=False),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_schema_rejects_a_broken_graph(fixture_graph, breakage):
    data = copy.deepcopy(node_link_dict(fixture_graph))
    BREAKAGES[breakage](data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("graph", ["fixture", "empty", "edge and lone node"])
def test_node_link_json_holds_node_link_dict_one_item_per_line(graph, fixture_graph, tmp_path):
    G = {"fixture": fixture_graph, "empty": nx.MultiDiGraph(name="kg")}.get(graph)
    if G is None:
        G = nx.MultiDiGraph(name="kg")
        G.add_edge("a", "b", key="uses", relation="uses")
        G.add_node("c")
    text = write_node_link(G, tmp_path / "g.json").read_text(encoding="utf-8")
    expected = node_link_dict(G)
    assert json.loads(text) == expected
    lines = text.splitlines()
    items = [json.loads(line.rstrip(",")) for line in lines if line.startswith("{\"") and not line.startswith('{"directed"')]
    assert items == expected["links"] + expected["nodes"]


def _graphml_by_networkx(G: nx.MultiDiGraph, path: Path) -> bytes:
    """GraphML as kg wrote it before writing the text itself: a NetworkX graph of the encoded
    values, edge ids e0, e1..., and the NetworkX key kept as the attribute ``key``."""
    from kg.export.node_link import _encoded, _sorted_edges, _sorted_nodes, encode_value

    wire = nx.MultiDiGraph(**_encoded(G.graph))
    for n in _sorted_nodes(G):
        wire.add_node(n, **_encoded(G.nodes[n]))
    for i, (u, v, k, attrs) in enumerate(_sorted_edges(G)):
        wire.add_edge(u, v, key=f"e{i}")
        wire.edges[u, v, f"e{i}"].update(_encoded(attrs), key=encode_value(k))
    with open(path, "wb") as f:
        nx.write_graphml(wire, f)
    return path.read_bytes()


def test_graphml_is_the_bytes_networkx_writes(fixture_graph, tmp_path):
    assert write_graph(fixture_graph, tmp_path / "g.graphml").read_bytes() == \
        _graphml_by_networkx(fixture_graph, tmp_path / "nx.graphml")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(G=graphs())
def test_graphml_of_any_attribute_values_is_the_bytes_networkx_writes(tmp_path, G):
    assert write_graph(G, tmp_path / "g.graphml").read_bytes() == _graphml_by_networkx(G, tmp_path / "nx.graphml")

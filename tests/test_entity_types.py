"""The registry of entity types is the one table of types: everything else derives from it or agrees.

Adding a type means a registry row and its extractor; each test below fails until the files that
cannot derive from the registry (ontology, shapes, JSON-LD context, JSON Schemas, entry points)
say the same as the row.
"""
from __future__ import annotations

import ast
import inspect
import json
import tomllib
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli.main import make_parser
from kg.entity_types import ENTITY_TYPES, RELATIONS, filterable_types
from kg.extract.spans import component_order, factory_config, spans_key
from kg.graph.query import KnowledgeGraph
from kg.namespace import PREFIXES, expand_curie, jsonld_context

ROOT = Path(__file__).resolve().parent.parent
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
TYPE_NAMES = set(ENTITY_TYPES)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "schemas" / "kg.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "schemas" / "shapes.ttl")


def _declared(ontology: rdflib.Graph, curie: str, kind: rdflib.URIRef) -> bool:
    """A kg: term must be declared in the ontology; a reused term is declared by its vocabulary."""
    iri = expand_curie(curie)
    return not curie.startswith("kg:") or (iri, RDF.type, kind) in ontology


def _shape_paths(shapes: rdflib.Graph, target: rdflib.URIRef) -> set[rdflib.term.Node]:
    paths = set()
    for shape in shapes.subjects(SH.targetClass, target):
        for prop in shapes.objects(shape, SH.property):
            paths |= set(shapes.objects(prop, SH.path))
    return paths


@pytest.mark.parametrize("etype", ENTITY_TYPES.values(), ids=list(ENTITY_TYPES))
def test_each_type_has_a_declared_class_with_a_shape(etype, ontology, shapes) -> None:
    assert _declared(ontology, etype.rdf_class, OWL.Class), f"{etype.rdf_class} is not declared in schemas/kg.ttl"
    assert any(shapes.subjects(SH.targetClass, expand_curie(etype.rdf_class))), \
        f"schemas/shapes.ttl has no node shape for {etype.rdf_class}"


@pytest.mark.parametrize("rel", [r for r in RELATIONS if r.name != "cooccurs"],
                         ids=[f"{r.source}-{r.name}" for r in RELATIONS if r.name != "cooccurs"])
def test_each_relation_is_a_declared_property_the_shapes_check(rel, ontology, shapes) -> None:
    assert _declared(ontology, rel.rdf_property, OWL.ObjectProperty), f"{rel.rdf_property} is not in schemas/kg.ttl"
    source_class = {"paper": expand_curie("schema:ScholarlyArticle")}.get(rel.source) or \
        expand_curie(next(t.rdf_class for t in ENTITY_TYPES.values() if t.node_type == rel.source))
    assert expand_curie(rel.rdf_property) in _shape_paths(shapes, source_class), \
        f"the shape of {rel.source} does not check {rel.rdf_property}"
    local = rel.rdf_property.partition(":")[2]
    if rel.rdf_property.startswith("kg:"):
        assert jsonld_context().get(local, {}).get("@id") == rel.rdf_property, \
            f"the JSON-LD context has no term {local!r} (regenerate schemas/context.jsonld)"


def test_mention_shape_accepts_every_paper_relation(shapes) -> None:
    allowed: set[rdflib.term.Node] = set()
    for prop in shapes.objects(rdflib.URIRef("https://w3id.org/kg-example/shapes#MentionShape"), SH.property):
        for members in shapes.objects(prop, SH["in"]):
            allowed |= set(rdflib.collection.Collection(shapes, members))
    paper = {expand_curie(r.rdf_property) for r in RELATIONS if r.source == "paper"}
    assert paper <= allowed


def test_json_schemas_list_every_type_and_relation() -> None:
    graph_schema = json.loads((ROOT / "schemas" / "graph.schema.json").read_text())
    node = graph_schema["$defs"]["node"]
    assert set(node["properties"]["type"]["enum"]) == {"paper"} | {t.node_type for t in ENTITY_TYPES.values()}
    patterns = {c["if"]["properties"]["type"]["const"]: c["then"]["properties"]["id"]["pattern"]
                for c in node["allOf"]}
    for t in ENTITY_TYPES.values():
        assert patterns[t.node_type] == f"^{t.prefix}:."
    relations = graph_schema["$defs"]["link"]["properties"]["relation"]["enum"]
    assert set(relations) == {r.name for r in RELATIONS}
    record_schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text())
    entity = record_schema["$defs"]["entity"]
    assert set(entity["properties"]["type"]["enum"]) == TYPE_NAMES


def test_each_component_is_an_entry_point_with_its_spans_key_and_reads() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    entry_points = pyproject["project"]["entry-points"]["spacy_factories"]
    assert set(entry_points) == {t.component for t in ENTITY_TYPES.values()} | {"kg_classifier"}
    for name, etype in ENTITY_TYPES.items():
        config = factory_config(etype.component)
        assert spans_key(name) == config["spans_key"]
        assert set(config["reads"]) <= TYPE_NAMES - {name}


def test_pipeline_order_puts_each_component_after_what_it_reads() -> None:
    order = component_order(t.component for t in ENTITY_TYPES.values())
    for i, factory in enumerate(order):
        for read in factory_config(factory)["reads"]:
            assert order.index(ENTITY_TYPES[read].component) < i


def test_each_filterable_type_is_a_papers_filter_and_a_cli_option() -> None:
    params = inspect.signature(KnowledgeGraph.papers).parameters
    papers_cmd = make_parser()._subparsers._group_actions[0].choices["query"]._subparsers._group_actions[0].choices["papers"]
    options = {opt for action in papers_cmd._actions for opt in action.option_strings}
    for t in filterable_types():
        assert t.option in params, f"KnowledgeGraph.papers() has no {t.option}= filter"
        assert f"--{t.option}" in options, f"kg query papers has no --{t.option}"


def test_page_style_draws_every_type_from_the_registry() -> None:
    from kg.export.html import _style

    style = _style()
    for t in ENTITY_TYPES.values():
        assert style["types"][t.node_type] == {"name": t.label, "color": t.color, "shape": t.shape}
    assert set(style["relations"]) == {r.name for r in RELATIONS}
    file_style = json.loads((ROOT / "kg" / "export" / "templates" / "graph_style.json").read_text())
    assert set(file_style["types"]) == {"paper", "other"}, "entity types are styled in the registry only"


def test_curies_use_bound_prefixes() -> None:
    for curie in [t.rdf_class for t in ENTITY_TYPES.values()] + [r.rdf_property for r in RELATIONS]:
        assert curie.partition(":")[0] in PREFIXES


def _type_tables(path: Path) -> list[int]:
    """Lines of literal tuples/lists/sets/dicts in ``path`` that list three or more type names and
    are mostly type names; a factory's own ``default_config`` (its ``reads``) is its declaration."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "factory":
            skip |= {id(n) for n in ast.walk(node)}
    lines = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            continue
        elts = node.keys if isinstance(node, ast.Dict) else node.elts
        strings = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        named = set(strings) & TYPE_NAMES
        if len(named) >= 3 and len(named) * 2 >= len(strings):
            lines.append(node.lineno)
    return lines


def test_the_registry_is_the_only_table_of_types_in_the_package() -> None:
    found = {str(p.relative_to(ROOT)): lines for p in sorted((ROOT / "kg").rglob("*.py"))
             if p.name != "entity_types.py" and (lines := _type_tables(p))}
    assert found == {}, f"tables of entity types outside kg/entity_types.py: {found}"

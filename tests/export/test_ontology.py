"""schemas/kg.ttl is an OWL 2 DL ontology: everything the ontology and the exports use is declared.

A DL reasoner (HermiT, through owlready2 as the issue's users ran it) refuses an ontology that uses
an undeclared class as a range ("skos#Concept is not part of the OWL 2 datatype map") or reserved
vocabulary such as rdf:Property. These tests collect every class and property that the ontology and
an export use and check each is declared, as one kind only, and used as that kind.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from kg.namespace import VOCAB_IRI

# Plain namespaces: rdflib's DefinedNamespace objects at module level make pytest's collection warn.
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
RDF = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = rdflib.Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "schemas" / "kg.ttl"
RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Terms OWL 2 itself defines: used without declaration.
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}
AXIOMS = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): the only datatypes OWL 2 DL has.
OWL2_DATATYPES = {XSD[t] for t in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "double",
    "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean",
    "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")} | {RDFS.Literal, OWL.real, OWL.rational}
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def data(exports) -> rdflib.Graph:
    """The fixture corpus as exported: papers with and without arXiv ids, every entity kind, claims
    with QUDT and kg units, topics with a hierarchy, co-occurrences, mentions."""
    return rdflib.Graph().parse(exports["nt"][0], format="nt")


def _declared(ontology: rdflib.Graph, kind: URIRef) -> set[URIRef]:
    return set(ontology.subjects(RDF.type, kind))


def _classes_used(ontology: rdflib.Graph, data: rdflib.Graph) -> set[URIRef]:
    used = {o for g in (ontology, data) for o in g.objects(None, RDF.type)} - set(KINDS) - {
        OWL.Ontology, OWL.NamedIndividual}
    used |= {o for p in (RDFS.subClassOf, RDFS.domain) for o in ontology.objects(None, p)}
    used |= {o for o in ontology.objects(None, RDFS.range) if not str(o).startswith(str(XSD))}
    return used


def _properties_used(ontology: rdflib.Graph, data: rdflib.Graph) -> set[URIRef]:
    used = {p for g in (ontology, data) for p in g.predicates()} - AXIOMS - BUILT_IN_ANNOTATIONS
    return used | set(ontology.objects(None, RDFS.subPropertyOf))


def test_every_class_the_ontology_and_the_data_use_is_declared(ontology, data):
    undeclared = _classes_used(ontology, data) - _declared(ontology, OWL.Class)
    assert undeclared == set()
    assert {URIRef("http://www.w3.org/2004/02/skos/core#Concept"), URIRef("http://qudt.org/schema/qudt/Unit"),
            URIRef("http://www.w3.org/ns/prov#Entity"), URIRef("https://schema.org/ScholarlyArticle")} <= \
        _declared(ontology, OWL.Class)


def test_every_property_the_ontology_and_the_data_use_is_declared(ontology, data):
    declared = set().union(*(_declared(ontology, k) for k in KINDS[1:]))
    assert _properties_used(ontology, data) - declared == set()


def test_each_term_is_declared_as_one_kind(ontology):
    for term in set(ontology.subjects(RDF.type, None)):
        kinds = [k for k in KINDS if (term, RDF.type, k) in ontology]
        assert len(kinds) <= 1, (term, kinds)


def test_the_data_uses_each_property_as_the_kind_it_is_declared(ontology, data):
    objects = _declared(ontology, OWL.ObjectProperty)
    literals = _declared(ontology, OWL.DatatypeProperty) | _declared(ontology, OWL.AnnotationProperty)
    for s, p, o in data:
        if p in objects:
            assert isinstance(o, URIRef), (s, p, o)
        elif p in literals:
            assert isinstance(o, Literal), (s, p, o)


def test_no_reserved_vocabulary_is_used_as_a_class_or_a_range(ontology):
    for p in (RDFS.domain, RDFS.range, RDFS.subClassOf):
        for o in ontology.objects(None, p):
            assert not str(o).startswith(RESERVED) or o in OWL2_DATATYPES, (p, o)
    for prop in _declared(ontology, OWL.DatatypeProperty):
        assert set(ontology.objects(prop, RDFS.range)) <= OWL2_DATATYPES, prop
    for prop in _declared(ontology, OWL.ObjectProperty):
        assert set(ontology.objects(prop, RDFS.range)) <= _declared(ontology, OWL.Class), prop


def test_every_kg_class_is_aligned_or_docs_say_why_not(ontology):
    docs = (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")
    for cls in _declared(ontology, OWL.Class):
        if str(cls).startswith(VOCAB_IRI):
            name = "kg:" + str(cls)[len(VOCAB_IRI):]
            outside = [o for o in ontology.objects(cls, RDFS.subClassOf) if not str(o).startswith(VOCAB_IRI)]
            assert outside or f"`{name}` is aligned to nothing" in docs, name
    claim = URIRef(VOCAB_IRI + "Claim")
    assert (claim, RDFS.subClassOf, URIRef("https://schema.org/Claim")) in ontology


def _hermit_ready() -> None:
    pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime")


def _owlready_world(graph: rdflib.Graph):
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(VOCAB_IRI.rstrip("#")).load(
        fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
    return owlready2, world, onto


@pytest.mark.slow
def test_hermit_loads_and_classifies_the_ontology(ontology):
    _hermit_ready()
    owlready2, world, onto = _owlready_world(ontology)
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)  # raised before: skos:Concept
    assert {c.name for c in onto.classes()} >= {"Method", "Hardware", "Claim", "Mention", "CoOccurrence"}


@pytest.mark.slow
def test_hermit_finds_the_ontology_and_an_export_consistent(ontology, data):
    _hermit_ready()
    both = rdflib.Graph()
    for t in ontology:
        both.add(t)
    for s, p, o in data:
        # HermiT refuses what OWL 2 cannot hold: dates (xsd:date and xsd:gYear are outside its datatype
        # map, docs/rdf.md says so) and the control characters of the fixture's hostile titles.
        if isinstance(o, Literal) and (o.datatype not in OWL2_DATATYPES | {None} or
                                       any(ord(c) < 0x20 and c not in "\t\n\r" for c in str(o))):
            continue
        both.add((s, p, o))
    owlready2, world, _ = _owlready_world(both)
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)  # raises if inconsistent

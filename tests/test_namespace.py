"""The project vocabulary: kg/namespace.py (class KG) and schemas/kg.ttl define the same terms."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespace import KG, PREFIXES, VOCAB_IRI, bind_prefixes, jsonld_context, unit_iri

ONTOLOGY = Path(__file__).resolve().parents[1] / "schemas" / "kg.ttl"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def _ontology_terms(g: rdflib.Graph) -> set[str]:
    return {str(s) for s in g.subjects(RDF.type, None) if str(s).startswith(VOCAB_IRI)}


def test_namespace_class_and_ontology_define_the_same_terms(ontology: rdflib.Graph) -> None:
    assert {str(t) for t in dir(KG)} == _ontology_terms(ontology)


def test_every_term_has_a_label_and_a_comment(ontology: rdflib.Graph) -> None:
    for term in _ontology_terms(ontology):
        s = rdflib.URIRef(term)
        assert ontology.value(s, RDFS.label) is not None, term
        assert ontology.value(s, RDFS.comment) is not None, term


def test_ontology_declares_itself(ontology: rdflib.Graph) -> None:
    assert (rdflib.URIRef(VOCAB_IRI.rstrip("#")), RDF.type, OWL.Ontology) in ontology


def test_unknown_terms_are_refused() -> None:
    with pytest.raises(AttributeError):
        KG.notATerm  # noqa: B018


def test_every_context_term_expands_to_a_bound_prefix() -> None:
    ctx = jsonld_context()
    for term, value in ctx.items():
        iri = value if isinstance(value, str) else value["@id"]
        prefix = iri.split(":", 1)[0]
        assert term in PREFIXES or prefix in PREFIXES, term


def test_kg_context_terms_are_ontology_properties(ontology: rdflib.Graph) -> None:
    for term, value in jsonld_context().items():
        iri = value if isinstance(value, str) else value["@id"]
        if iri.startswith("kg:"):
            assert ontology.value(rdflib.URIRef(VOCAB_IRI + iri[3:]), RDF.type) is not None, term


def test_bind_prefixes_replaces_rdflib_defaults() -> None:
    g = bind_prefixes(rdflib.Graph())
    bound = dict(g.namespaces())
    assert {p: str(ns) for p, ns in PREFIXES.items()}.items() <= {p: str(ns) for p, ns in bound.items()}.items()


@pytest.mark.parametrize("written,unit", [
    ("%", "http://qudt.org/vocab/unit/PERCENT"),
    ("x", VOCAB_IRI + "TIMES"),
    ("X", VOCAB_IRI + "TIMES"),
    ("×", VOCAB_IRI + "TIMES"),
    ("ms", "http://qudt.org/vocab/unit/MilliSEC"),
    ("GB", "http://qudt.org/vocab/unit/GigaBYTE"),
    ("tokens/s", None),
    ("BLEU", None),
    ("", None),
    (None, None),
])
def test_unit_iri(written: str | None, unit: str | None) -> None:
    got = unit_iri(written)
    assert (str(got) if got is not None else None) == unit

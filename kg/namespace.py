"""The RDF vocabulary of kg: the project terms (:class:`KG`) and the standard ones it reuses.

Standard vocabularies carry most of the graph: papers are ``schema:ScholarlyArticle``,
repositories ``schema:SoftwareSourceCode``, datasets ``schema:Dataset``, topics
``skos:Concept``, evidence links ``prov:wasDerivedFrom``, claim values ``qudt:numericValue`` /
``qudt:unit``. :class:`KG` holds only what they lack (methods, hardware, claims, mentions,
co-occurrence and the paper → entity relations); ``schemas/kg.ttl`` is its OWL ontology and a
test keeps the two in step. :func:`jsonld_context` is the JSON-LD context published as
``schemas/context.jsonld`` and inlined in every JSON-LD export.

The vocabulary IRI is fixed (:data:`VOCAB_IRI`); the IRIs of the data (papers, entities...)
live under a configurable base, by default :data:`DEFAULT_BASE_IRI` — a placeholder under
w3id.org that is not registered: pass your own ``base_iri`` when publishing.

Examples
--------
>>> str(KG.Claim)
'https://w3id.org/kg-example/vocab#Claim'
>>> unit_iri("%") == UNIT.PERCENT, unit_iri("x") == KG.TIMES, unit_iri("tokens/s")
(True, True, None)
>>> jsonld_context()["evaluatesOn"]
{'@id': 'kg:evaluatesOn', '@type': '@id'}
"""
# No ``from __future__ import annotations`` here: DefinedNamespace reads the class annotations
# as types (``URIRef``), which postponed evaluation would turn into strings.

from rdflib import Graph, Namespace, URIRef
from rdflib import namespace as _rns  # via the module: pytest's doctest collection probes module
# globals, and rdflib's DefinedNamespace objects warn on every unknown attribute it asks for

__all__ = [
    "DEFAULT_BASE_IRI",
    "FABIO",
    "KG",
    "PREFIXES",
    "PRISM",
    "QUDT",
    "UNIT",
    "VOCAB_IRI",
    "bind_prefixes",
    "expand_curie",
    "jsonld_context",
    "unit_iri",
]

VOCAB_IRI = "https://w3id.org/kg-example/vocab#"
DEFAULT_BASE_IRI = "https://w3id.org/kg-example/"

FABIO = Namespace("http://purl.org/spar/fabio/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")


class KG(_rns.DefinedNamespace):
    """Project terms (``schemas/kg.ttl`` defines each one)."""

    _NS = Namespace(VOCAB_IRI)
    _fail = True

    # classes
    Method: URIRef
    Hardware: URIRef
    Task: URIRef
    Claim: URIRef
    Mention: URIRef
    CoOccurrence: URIRef
    # paper -> entity relations (each a sub-property of schema:mentions)
    proposes: URIRef
    uses: URIRef
    evaluatesOn: URIRef
    addresses: URIRef
    hasCode: URIRef
    runOn: URIRef
    about: URIRef
    reports: URIRef
    # task -> topic
    inTopic: URIRef
    # version -> family
    variantOf: URIRef
    # claim -> entity
    measuredOn: URIRef
    forTask: URIRef
    forMethod: URIRef
    against: URIRef
    # claim attributes
    kind: URIRef
    qualifier: URIRef
    unitText: URIRef
    metric: URIRef
    direction: URIRef
    relative: URIRef
    lowValue: URIRef
    highValue: URIRef
    # mention (evidence) attributes
    entity: URIRef
    relation: URIRef
    field: URIRef
    start: URIRef
    end: URIRef
    text: URIRef
    sentence: URIRef
    confidence: URIRef
    # co-occurrence
    between: URIRef
    sentenceCount: URIRef
    npmi: URIRef
    # entity statistics
    paperCount: URIRef
    mentionCount: URIRef
    proposedInCount: URIRef
    topicSource: URIRef
    # graph-level settings
    minPapers: URIRef
    minNpmi: URIRef
    # units QUDT lacks
    TIMES: URIRef


PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(VOCAB_IRI),
    "schema": Namespace(str(_rns.SDO)),
    "dcterms": Namespace(str(_rns.DCTERMS)),
    "fabio": FABIO,
    "prism": PRISM,
    "prov": Namespace(str(_rns.PROV)),
    "skos": Namespace(str(_rns.SKOS)),
    "qudt": QUDT,
    "unit": UNIT,
    "void": Namespace(str(_rns.VOID)),
    "rdf": Namespace(str(_rns.RDF)),
    "rdfs": Namespace(str(_rns.RDFS)),
    "owl": Namespace(str(_rns.OWL)),
    "xsd": Namespace(str(_rns.XSD)),
}

# Claim units as the extractors write them (lower-cased) -> unit IRI. QUDT first; "times"
# (a dimensionless ratio: "8x faster") has no QUDT unit, hence the project's kg:TIMES.
_UNITS: dict[str, URIRef] = {
    "%": UNIT.PERCENT,
    "percent": UNIT.PERCENT,
    "x": KG.TIMES,
    "×": KG.TIMES,
    "times": KG.TIMES,
    "fold": KG.TIMES,
    "-fold": KG.TIMES,
    "s": UNIT.SEC,
    "sec": UNIT.SEC,
    "ms": UNIT.MilliSEC,
    "µs": UNIT.MicroSEC,
    "us": UNIT.MicroSEC,
    "ns": UNIT.NanoSEC,
    "min": UNIT.MIN,
    "h": UNIT.HR,
    "kb": UNIT.KiloBYTE,
    "mb": UNIT.MegaBYTE,
    "gb": UNIT.GigaBYTE,
    "tb": UNIT.TeraBYTE,
    "w": UNIT.W,
    "kw": UNIT.KiloW,
    "j": UNIT.J,
    "hz": UNIT.HZ,
    "mhz": UNIT.MegaHZ,
    "ghz": UNIT.GigaHZ,
}


def unit_iri(unit: str | None) -> URIRef | None:
    """The unit IRI of a claim's unit as written, or None when no IRI is known for it."""
    if not unit:
        return None
    return _UNITS.get(unit.strip().lower())


# JSON-LD term -> (IRI as a compact IRI, type coercion or None). Object properties coerce to
# "@id"; typed literals to their datatype, so plain JSON values expand to the right RDF terms.
_TERMS: dict[str, tuple[str, str | None]] = {
    "name": ("schema:name", None),
    "abstract": ("schema:abstract", None),
    "identifier": ("schema:identifier", None),
    "author": ("schema:author", None),
    "url": ("schema:url", "@id"),
    "sameAs": ("schema:sameAs", "@id"),
    "mentions": ("schema:mentions", "@id"),
    "codeRepository": ("schema:codeRepository", "@id"),
    "issued": ("dcterms:issued", None),
    "source": ("dcterms:source", None),
    "title": ("dcterms:title", None),
    "doi": ("prism:doi", None),
    "label": ("rdfs:label", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "inScheme": ("skos:inScheme", "@id"),
    "topConceptOf": ("skos:topConceptOf", "@id"),
    "broader": ("skos:broader", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "numericValue": ("qudt:numericValue", "xsd:decimal"),
    "unit": ("qudt:unit", "@id"),
    "proposes": ("kg:proposes", "@id"),
    "uses": ("kg:uses", "@id"),
    "evaluatesOn": ("kg:evaluatesOn", "@id"),
    "addresses": ("kg:addresses", "@id"),
    "hasCode": ("kg:hasCode", "@id"),
    "runOn": ("kg:runOn", "@id"),
    "about": ("kg:about", "@id"),
    "reports": ("kg:reports", "@id"),
    "inTopic": ("kg:inTopic", "@id"),
    "variantOf": ("kg:variantOf", "@id"),
    "measuredOn": ("kg:measuredOn", "@id"),
    "forTask": ("kg:forTask", "@id"),
    "forMethod": ("kg:forMethod", "@id"),
    "against": ("kg:against", "@id"),
    "kind": ("kg:kind", None),
    "qualifier": ("kg:qualifier", None),
    "unitText": ("kg:unitText", None),
    "metric": ("kg:metric", None),
    "direction": ("kg:direction", None),
    "relative": ("kg:relative", "xsd:boolean"),
    "lowValue": ("kg:lowValue", "xsd:decimal"),
    "highValue": ("kg:highValue", "xsd:decimal"),
    "entity": ("kg:entity", "@id"),
    "relation": ("kg:relation", "@id"),
    "field": ("kg:field", None),
    "start": ("kg:start", "xsd:integer"),
    "end": ("kg:end", "xsd:integer"),
    "text": ("kg:text", None),
    "sentence": ("kg:sentence", None),
    "confidence": ("kg:confidence", "xsd:decimal"),
    "between": ("kg:between", "@id"),
    "sentenceCount": ("kg:sentenceCount", "xsd:integer"),
    "npmi": ("kg:npmi", "xsd:decimal"),
    "paperCount": ("kg:paperCount", "xsd:integer"),
    "mentionCount": ("kg:mentionCount", "xsd:integer"),
    "proposedInCount": ("kg:proposedInCount", "xsd:integer"),
    "topicSource": ("kg:topicSource", None),
    "minPapers": ("kg:minPapers", "xsd:integer"),
    "minNpmi": ("kg:minNpmi", "xsd:decimal"),
}


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context of the exports: prefixes, then one term per property.

    ``schemas/context.jsonld`` is ``{"@context": jsonld_context()}`` (a test checks it).
    """
    ctx: dict[str, object] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    # A term may shadow a prefix of the same name ("unit" is the qudt:unit property here; the
    # exports write unit IRIs in full, so JSON-LD never needs the unit: prefix).
    for term, (iri, coercion) in _TERMS.items():
        ctx[term] = {"@id": iri, "@type": coercion} if coercion else iri
    return ctx


def expand_curie(curie: str) -> URIRef:
    """The IRI of a CURIE written with :data:`PREFIXES` (``"kg:Task"``, ``"schema:Dataset"``).

    >>> str(expand_curie("skos:Concept"))
    'http://www.w3.org/2004/02/skos/core#Concept'
    """
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix][local]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` on an rdflib graph (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph

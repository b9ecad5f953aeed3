"""The registry of entity types: the one place where a kind of entity is declared.

Each :class:`EntityType` row says what kg needs to know about a type everywhere it appears: its
node id prefix, the spaCy component that finds it, how a paper (and a claim) links to it, its RDF
class, whether it takes part in co-occurrence, its query/CLI filter name and how the page draws
it. Each :class:`Relation` row says how an edge of the graph is written in RDF and drawn on the
page. Every other table of types in kg derives from these two tables; the files that cannot
derive from them (the ontology, the SHACL shapes, the JSON-LD context, the JSON Schemas) are
checked against them by ``tests/test_entity_types.py``.

Adding a type is one row here plus its extractor (see the README, "Adding an entity type").

This module imports nothing heavy: ``kg --help`` and the query API read it without spaCy.

Examples
--------
>>> ENTITY_TYPES["task"].prefix, ENTITY_TYPES["task"].component
('task', 'kg_tasks')
>>> paper_relations("method")
('proposes', 'uses')
>>> type_of_node("repo:github.com/a/b"), type_of_node("claim:p1:abstract:3")
('repository', 'metric')
>>> [t.name for t in filterable_types()]
['method', 'dataset', 'task', 'repository', 'hardware', 'topic']
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ENTITY_TYPES",
    "PAPER_PREFIX",
    "RELATIONS",
    "EntityType",
    "Relation",
    "claim_relations",
    "cooccurring_types",
    "entity_type_names",
    "filterable_types",
    "learned_types",
    "paper_relation",
    "paper_relations",
    "type_of_node",
]

PAPER_PREFIX = "paper"


@dataclass(frozen=True)
class EntityType:
    """One kind of entity.

    ``name`` is the type as records and spans label it (``"method"``); ``node_type`` the ``type``
    attribute of its graph nodes (claims are found as ``metric`` entities and become ``claim``
    nodes); ``prefix`` starts its node ids (``repo:github.com/a/b``). ``component`` is the spaCy
    factory that finds it (its spans key is in the factory's own config). ``rdf_class`` is a CURIE
    of :mod:`kg.namespace`'s prefixes. ``cooccurs`` says whether it takes part in co-occurrence;
    ``vocabulary`` names its gazetteer of known names (``kg/extract/resources/``); ``learned``
    says whether the learned classifier decides its spans (:mod:`kg.extract.classifier`);
    ``gold_key`` is its list in the gold annotation format (``examples/gold/GUIDELINES.md``);
    ``option`` is its filter name in ``KnowledgeGraph.papers(...)`` and ``kg query papers --...``
    (None: not a filter), ``option_help`` what the filter keeps. ``label``, ``color`` and ``shape`` are how the page draws it.
    """

    name: str
    label: str
    prefix: str
    component: str
    rdf_class: str
    color: str
    shape: str
    cooccurs: bool = True
    vocabulary: str | None = None
    learned: bool = False
    gold_key: str | None = None
    option: str | None = None
    option_help: str = ""
    node_type: str = ""

    def __post_init__(self) -> None:
        if not self.node_type:
            object.__setattr__(self, "node_type", self.name)


@dataclass(frozen=True)
class Relation:
    """One kind of edge: ``source`` node type → ``target`` node type, its RDF property (a CURIE),
    its title and colour on the page. A name may recur with other ends (``run_on`` from a paper and from
    a claim). ``proposal`` marks the paper relation used when the paper proposes the entity;
    ``attribute`` names the claim attribute whose text the claim → entity edge resolves."""

    name: str
    source: str
    target: str
    rdf_property: str
    title: str
    color: str
    proposal: bool = False
    attribute: str = ""


# Order: the order of the page's legend, the query API's summaries and the extraction pipeline
# (a component that reads the spans of others declares it in its factory config).
_TYPES = (
    EntityType("method", "Method", "method", "kg_methods", "kg:Method", "#F58518", "dot",
               vocabulary="methods.jsonl", learned=True, gold_key="methods",
               option="method", option_help="a method they propose or use"),
    EntityType("dataset", "Dataset", "dataset", "kg_datasets", "schema:Dataset", "#54A24B", "diamond",
               vocabulary="datasets.jsonl", learned=True, gold_key="datasets",
               option="dataset", option_help="a dataset they evaluate on"),
    EntityType("task", "Task", "task", "kg_tasks", "kg:Task", "#EECA3B", "box",
               vocabulary="tasks.jsonl", learned=True, gold_key="tasks",
               option="task", option_help="a task they address"),
    EntityType("repository", "Repository", "repo", "kg_repos", "schema:SoftwareSourceCode", "#B279A2", "triangle",
               gold_key="repos", option="repo", option_help="their code repository (owner/name or URL)"),
    EntityType("hardware", "Hardware", "hardware", "kg_hardware", "kg:Hardware", "#9D755D", "hexagon",
               vocabulary="hardware.jsonl", gold_key="hardware",
               option="hardware", option_help="hardware they run on"),
    EntityType("metric", "Claim", "claim", "kg_claims", "kg:Claim", "#72B7B2", "triangleDown",
               cooccurs=False, node_type="claim", gold_key="metrics"),
    EntityType("topic", "Topic", "topic", "kg_topics", "skos:Concept", "#E45756", "star",
               option="topic", option_help="a topic they are about (narrower topics and the topic's tasks included)"),
)
ENTITY_TYPES: dict[str, EntityType] = {t.name: t for t in _TYPES}

RELATIONS: tuple[Relation, ...] = (
    Relation("proposes", "paper", "method", "kg:proposes", "Proposes", "#F58518", proposal=True),
    Relation("uses", "paper", "method", "kg:uses", "Uses", "#C9C9C9"),
    Relation("evaluates_on", "paper", "dataset", "kg:evaluatesOn", "Evaluated on", "#A8D5A0"),
    Relation("addresses", "paper", "task", "kg:addresses", "Tasks", "#F3DC8C"),
    Relation("has_code", "paper", "repository", "kg:hasCode", "Code", "#D9B8D0"),
    Relation("run_on", "paper", "hardware", "kg:runOn", "Hardware", "#CDB9AC"),
    Relation("about", "paper", "topic", "kg:about", "Topics", "#F2AEAD"),
    Relation("reports", "paper", "claim", "kg:reports", "Claims", "#B7DCD9"),
    Relation("measured_on", "claim", "dataset", "kg:measuredOn", "Measured on", "#A8D5A0", attribute="dataset"),
    Relation("for_task", "claim", "task", "kg:forTask", "For task", "#F3DC8C", attribute="task"),
    Relation("run_on", "claim", "hardware", "kg:runOn", "Run on", "#CDB9AC", attribute="hardware"),
    Relation("for_method", "claim", "method", "kg:forMethod", "For method", "#F9C28B", attribute="method"),
    Relation("against", "claim", "method", "kg:against", "Against", "#F9C28B", attribute="baseline"),
    Relation("variant_of", "method", "method", "kg:variantOf", "Version of", "#F9C28B"),
    Relation("variant_of", "dataset", "dataset", "kg:variantOf", "Version of", "#A8D5A0"),
    Relation("variant_of", "task", "task", "kg:variantOf", "Kind of", "#F3DC8C"),
    Relation("variant_of", "hardware", "hardware", "kg:variantOf", "Version of", "#CDB9AC"),
    Relation("broader", "topic", "topic", "skos:broader", "Broader topics", "#E45756"),
    Relation("broader", "task", "topic", "kg:inTopic", "Topics", "#E45756"),
    Relation("cooccurs", "entity", "entity", "kg:between", "Co-occurs with", "#D6D6D6"),
)

_TYPE_OF_PREFIX = {t.prefix: t.name for t in _TYPES}


def entity_type_names() -> tuple[str, ...]:
    """Every type name, in registry order."""
    return tuple(ENTITY_TYPES)


def paper_relations(type_name: str) -> tuple[str, ...]:
    """The relations from a paper to an entity of ``type_name``."""
    node_type = ENTITY_TYPES[type_name].node_type
    return tuple(r.name for r in RELATIONS if r.source == PAPER_PREFIX and r.target == node_type)


def paper_relation(type_name: str, proposed: bool = False) -> str:
    """The relation from a paper to an entity it mentions (or proposes, when the type has a
    relation for proposals).

    >>> paper_relation("method", proposed=True), paper_relation("method"), paper_relation("dataset", True)
    ('proposes', 'uses', 'evaluates_on')
    """
    node_type = ENTITY_TYPES[type_name].node_type
    rows = [r for r in RELATIONS if r.source == PAPER_PREFIX and r.target == node_type]
    return next((r.name for r in rows if r.proposal == proposed), rows[0].name)


def claim_relations() -> tuple[Relation, ...]:
    """The claim → entity relations, each with the claim attribute that names its target."""
    return tuple(r for r in RELATIONS if r.source == "claim")


def cooccurring_types() -> tuple[str, ...]:
    """The types whose entities are counted together when they appear in the same paper."""
    return tuple(t.name for t in _TYPES if t.cooccurs)


def filterable_types() -> tuple[EntityType, ...]:
    """The types that papers can be filtered by (``g.papers(task=...)``, ``--task``)."""
    return tuple(t for t in _TYPES if t.option)


def learned_types() -> tuple[str, ...]:
    """The types whose spans the learned classifier decides, in registry order."""
    return tuple(t.name for t in _TYPES if t.learned)


def type_of_node(node: str) -> str | None:
    """The entity type of a node id (``"method:adam"`` → ``"method"``); None for papers and others."""
    return _TYPE_OF_PREFIX.get(node.partition(":")[0])

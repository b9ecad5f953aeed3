"""Build the knowledge graph (a NetworkX ``MultiDiGraph``) from papers and their entities.

Nodes (id → ``type``):

- ``paper:<paper id>`` → ``paper``: ``label`` (= title), ``title``, ``abstract``, ``authors``,
  ``url``, ``arxiv_id``, ``doi``, ``date``, ``sources`` (``file:line``), ``sentences``
  (``[field, start, end]`` of each sentence, which evidence points to).
- one node per entity, ``<prefix>:<norm>`` with the prefix of its type in the registry
  (:mod:`kg.entity_types`): ``method:<norm>``, ``dataset:<norm>``, ``task:<norm>``,
  ``repo:<host/owner/name>``, ``hardware:<norm>``, ``topic:<slug>`` → ``label`` (most frequent
  surface), ``aliases`` (every surface seen), ``papers`` (how many papers mention it),
  ``mentions``; topics also ``source``, methods ``proposed_in`` (how many papers propose it).
- ``claim:<paper id>:<field>:<start>`` → ``claim``: the result record — ``value`` (or ``low`` and
  ``high`` for a range: value is the high end), ``unit`` (absent for a bare score), ``kind``,
  ``qualifier``, ``metric`` and its ``direction`` (higher | lower is better), ``relative`` (to a
  baseline, or an absolute level) — ``text`` and ``sentence`` (LaTeX cleaned: the exact surface and
  sentence are in the evidence of its ``reports`` edge), ``paper``, ``field``/``start``/``end``, and
  ``dataset``/``task``/``hardware``/``method``/``baseline`` as written.

Edges (``key`` = ``relation``, the relations of the registry):

- paper → entity: ``proposes``/``uses`` (method), ``evaluates_on`` (dataset), ``addresses``
  (task), ``has_code`` (repository), ``run_on`` (hardware), ``about`` (topic, with
  ``confidence``), ``reports`` (claim); each with ``evidence``: the mentions' ``field``,
  ``start``, ``end``, ``text`` and ``sentence``, an index into the paper's ``sentences``
  (:mod:`kg.graph.evidence`; graph attribute ``evidence``: ``compact``, or ``full`` with the
  sentence by value).
- claim → entity: ``measured_on`` (dataset), ``for_task`` (task), ``run_on`` (hardware),
  ``for_method`` (its method; the paper's proposed methods for records from before claims named
  their method, where no claim of the paper names one),
  ``against`` (baseline method).
- entity → entity ``cooccurs`` (stored once, from the smaller id to the larger): ``papers``
  (= ``weight``), ``sentences``, ``npmi``; only pairs with ``papers >= min_count`` and
  ``npmi >= min_npmi`` (graph attributes ``min_count``/``min_npmi`` say which were used). A topic
  and an entity found on the same words of a paper do not count as co-occurring in it.
- topic → topic ``broader``: the taxonomy's hierarchy, and a place for every keyword topic (a title
  phrase the taxonomy lacks, :mod:`kg.extract.topics`): under the taxonomy topic that at least half
  of its papers, and two or more, are also about, when it has :data:`KEYWORD_MIN_PAPERS` papers;
  else under one node, ``topic:keyword-topics`` ("Keyword topics"). No keyword topic is a root.
- task → topic ``broader``: a task's topics come from its vocabulary entry, so a topic's papers
  include those of its tasks.

Examples
--------
>>> from kg.model import Paper, Entity
>>> e = lambda t, text, norm: Entity(t, text, norm, "abstract", 0, len(text), "s.")
>>> p1 = Paper("p1", "T1", "A.", entities=[e("dataset", "CIFAR-10", "cifar-10"), e("method", "Adam", "adam")])
>>> p2 = Paper("p2", "T2", "A.", entities=[e("dataset", "CIFAR10", "cifar-10"), e("method", "Adam", "adam")])
>>> G = build_graph([p1, p2], min_count=2)
>>> G.nodes["dataset:cifar-10"]["label"], G.nodes["dataset:cifar-10"]["aliases"], G.nodes["dataset:cifar-10"]["papers"]
('CIFAR-10', [], 2)
>>> G.edges["dataset:cifar-10", "method:adam", "cooccurs"]["papers"]
2
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.entity_types import claim_relations, cooccurring_types, paper_relation
from kg.extract.claim_text import display_text
from kg.graph.cooccurrence import CoOccurrenceCounter
from kg.graph.evidence import evidence_entries
from kg.ids import node_id, paper_node_id
from kg.model import Entity, Mention, Paper

__all__ = [
    "COOCCURRING_TYPES",
    "GraphBuilder",
    "KEYWORD_MIN_PAPERS",
    "KEYWORD_TOPICS",
    "build_graph",
    "claim_label",
    "claim_node_id",
    "entity_node_id",
    "join_parts",
    "same_words_pairs",
]

COOCCURRING_TYPES = cooccurring_types()
# A claim node's attributes: the result record (value or range, unit, kind, qualifier, metric and its
# direction, relative or absolute) and the entities it names as written (dataset, task, method...).
_CLAIM_ATTRS = ("value", "low", "high", "unit", "kind", "qualifier", "metric", "direction", "relative",
                *dict.fromkeys(r.attribute for r in claim_relations()))
# A keyword topic needs this many papers to sit under a taxonomy topic, and to show in the topic tree.
KEYWORD_MIN_PAPERS = 2
KEYWORD_TOPICS = node_id("topic", "keyword-topics")  # the one place of the keyword topics no taxonomy topic holds


def entity_node_id(entity: Entity) -> str:
    """Node id of a (non-claim) entity."""
    return node_id(entity.type, entity.norm)


def claim_node_id(paper_id: str, entity: Entity) -> str:
    """Node id of a claim: unique per paper and position."""
    return f"claim:{paper_id}:{entity.field}:{entity.start}"


def _relation(entity: Entity) -> str:
    return paper_relation(entity.type, proposed=bool(entity.proposed))


def _paper_attrs(p: Paper) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": "paper", "label": p.title, "title": p.title, "abstract": p.abstract,
                             "authors": list(p.authors),
                             "sources": sorted(f"{s.file}:{s.line}" for s in p.sources)}
    if p.sentences:
        attrs["sentences"] = [s.to_list() for s in p.sentences]
    for key in ("url", "arxiv_id", "doi", "date", "other_ids"):
        if getattr(p, key):
            attrs[key] = getattr(p, key)
    return attrs


def claim_label(text: str, e: Entity) -> str:
    """A claim as the page lists it: its words and, in brackets, what they leave unsaid (the metric,
    the dataset, the baseline), so that "2.5%" reads "2.5% (accuracy, on ImageNet)".

    >>> claim_label("2x", Entity("metric", "2x", "speedup:2x", "abstract", 0, 2, metric="speed", baseline="vLLM"))
    '2x (speed, vs vLLM)'
    """
    low = text.lower()
    said = []
    if e.metric and e.metric not in low and not (e.metric == "speed" and re.search(r"fast|speed|accel", low)):
        said.append(e.metric)
    for prefix, written in (("on ", e.dataset or e.task), ("vs ", e.baseline)):
        if written and written.lower() not in low:
            said.append(prefix + written)
    return f"{text} ({', '.join(said)})" if said else text


def _claim_attrs(pid: str, e: Entity) -> dict[str, Any]:
    shown = e.label or e.text  # the claim's words with LaTeX cleaned; the exact surface is in the evidence
    attrs: dict[str, Any] = {"type": "claim", "label": claim_label(shown, e), "text": shown,
                             "sentence": display_text(e.sentence),
                             "paper": paper_node_id(pid), "field": e.field, "start": e.start, "end": e.end}
    for key in _CLAIM_ATTRS:
        if getattr(e, key) is not None:
            attrs[key] = getattr(e, key)
    return attrs


def _find_entity(paper: Paper, etype: str, surface: str | None) -> Entity | None:
    if not surface:
        return None
    low = surface.lower()
    for e in paper.entities:
        if e.type == etype and (e.text.lower() == low or e.norm == low or (e.label or "").lower() == low):
            return e
    return None


class _EntityStats:
    """Surface forms and paper counts of entity nodes, accumulated over papers."""

    def __init__(self) -> None:
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        self.labels: dict[str, Counter[str]] = defaultdict(Counter)
        self.papers: Counter[str] = Counter()
        self.proposed: Counter[str] = Counter()
        self.types: dict[str, str] = {}
        self.extra: dict[str, dict[str, Any]] = defaultdict(dict)
        self.topics: dict[str, set[str]] = defaultdict(set)  # topics an entity (a task) belongs to
        self.families: dict[str, str] = {}  # entity node -> the node of the entity it is a version of


def _overlaps(a: list[Mention], b: list[Mention]) -> bool:
    return any(x.start < y.end and y.start < x.end and x.field == y.field for x in a for y in b)


def same_words_pairs(paper: Paper) -> set[tuple[str, str]]:
    """Topic-entity pairs of a paper that rest on the same words (topic "Linear attention" matched
    on the method "linear attention"): they co-occur by construction, not by what the paper says."""
    topics = [(entity_node_id(e), e.occurrences()) for e in paper.entities if e.type == "topic"]
    out: set[tuple[str, str]] = set()
    if not topics:
        return out
    for e in paper.entities:
        if e.type in ("topic", "metric"):
            continue
        spans = e.occurrences()
        for tnode, tspans in topics:
            if _overlaps(spans, tspans):
                out.add(tuple(sorted((entity_node_id(e), tnode))))  # type: ignore[arg-type]
    return out


def _sentences_of(entity: Entity, paper: Paper) -> set[int | str]:
    """The sentences (indices; the first mention's text for records without sentence bounds)
    that mention ``entity``."""
    if not paper.sentences:
        return {entity.sentence} if entity.sentence else set()
    found = (paper.sentence_of(m.field, m.start) for m in entity.occurrences())
    return {i for i in found if i is not None}


class GraphBuilder:
    """Builds the graph one paper at a time, in memory that grows with the entities, not the papers.

    :meth:`add` puts a paper's own part (its node, its claims, the edges from both) into a graph
    and counts the paper's entities; :meth:`entity_graph` then makes the rest: entity nodes with
    their counts and labels, co-occurrence edges and the topic hierarchy. :func:`build_graph` joins
    both into one graph; a large build streams the paper parts to its exports instead
    (:mod:`kg.graph.parts`) and keeps only the entity graph.

    >>> from kg.model import Paper, Entity
    >>> b = GraphBuilder(min_count=1, taxonomy=None)
    >>> part = nx.MultiDiGraph()
    >>> b.add(Paper("p1", "T", "A.", entities=[Entity("method", "Adam", "adam", "abstract", 0, 4, "A.")]), part)
    ['paper:p1']
    >>> list(part.edges(keys=True)), b.entity_graph().nodes["method:adam"]["papers"]
    ([('paper:p1', 'method:adam', 'uses')], 1)
    """

    def __init__(self, *, min_count: int = 2, min_npmi: float = 0.0,
                 taxonomy: Mapping[str, Any] | None | bool = True) -> None:
        self.min_count, self.min_npmi = min_count, min_npmi
        self.taxonomy = _default_taxonomy() if taxonomy is True else (taxonomy or None)
        self.stats = _EntityStats()
        self.cooccurrence = CoOccurrenceCounter()
        self.claims = 0
        self.relations: Counter[str] = Counter()  # paper and claim edges added, by relation

    @property
    def papers(self) -> int:
        """How many papers were added."""
        return self.cooccurrence.papers

    def add(self, paper: Paper, G: nx.MultiDiGraph) -> list[str]:
        """Add ``paper``'s part to ``G`` (entities only as typed stubs); returns its paper and claim nodes."""
        stats = self.stats
        pnode = paper_node_id(paper.id)
        G.add_node(pnode, **_paper_attrs(paper))
        nodes = [pnode]
        in_paper: set[str] = set()
        by_sentence: dict[int | str, set[str]] = defaultdict(set)
        proposed_methods = [e for e in paper.entities if e.type == "method" and e.proposed]
        # a claim without a method among claims with one is of no method (a baseline's level)
        claims_name_methods = any(e.method for e in paper.entities if e.type == "metric")
        seen_in_paper: set[str] = set()

        def edge(u: str, v: str, rel: str, **attrs: Any) -> None:
            if G.has_edge(u, v, key=rel):
                G.edges[u, v, rel]["evidence"].extend(attrs["evidence"])
            else:
                G.add_edge(u, v, key=rel, relation=rel, **attrs)
                self.relations[rel] += 1

        for e in paper.entities:
            if e.type == "metric":
                cnode = claim_node_id(paper.id, e)
                if not G.has_node(cnode):
                    self.claims += 1
                    self.relations["reports"] += 1
                    nodes.append(cnode)
                G.add_node(cnode, **_claim_attrs(paper.id, e))
                G.add_edge(pnode, cnode, key="reports", relation="reports", evidence=evidence_entries(e, paper))
                for rel in claim_relations():
                    found = _find_entity(paper, rel.target, getattr(e, rel.attribute))
                    targets = [found] if found is not None else []
                    if rel.attribute == "method" and not claims_name_methods:
                        targets = proposed_methods  # records made before claims named their method
                    for target in targets:
                        if not G.has_edge(cnode, entity_node_id(target), key=rel.name):
                            edge(cnode, entity_node_id(target), rel.name)
                continue
            enode = entity_node_id(e)
            stats.types[enode] = e.type
            stats.surfaces[enode][e.text] += 1 + len(e.mentions)
            if e.label:
                stats.labels[enode][e.label] += 1
            if e.type == "topic" and e.source:
                stats.extra[enode].setdefault("source", e.source)
            elif e.broader:
                stats.topics[enode].update(e.broader)
            if e.family:
                stats.families[enode] = node_id(e.type, e.family)
            if enode not in seen_in_paper:
                stats.papers[enode] += 1
                seen_in_paper.add(enode)
            if e.proposed:
                stats.proposed[enode] += 1
            G.add_node(enode, type=e.type)  # also types a node that a claim edge created first
            attrs: dict[str, Any] = {"evidence": evidence_entries(e, paper)}
            if e.confidence is not None:
                attrs["confidence"] = e.confidence
            edge(pnode, enode, _relation(e), **attrs)
            if e.type in COOCCURRING_TYPES:
                in_paper.add(enode)
                if e.type != "topic":
                    for sentence in _sentences_of(e, paper):
                        by_sentence[sentence].add(enode)
        self.cooccurrence.add(in_paper, by_sentence.values(), same_words_pairs(paper))
        return [pnode, *sorted(nodes[1:])]

    def entity_graph(self) -> nx.MultiDiGraph:
        """Entity nodes, co-occurrence and ``broader`` edges of the papers added so far; graph
        attributes ``name``, ``min_count``, ``min_npmi`` and ``papers``."""
        E = nx.MultiDiGraph(name="kg", min_count=self.min_count, min_npmi=self.min_npmi, papers=self.papers,
                            evidence="compact")
        for enode, etype in self.stats.types.items():
            E.add_node(enode, type=etype)
        _finish_entity_nodes(E, self.stats)
        for pair in self.cooccurrence.pairs(min_count=self.min_count, min_npmi=self.min_npmi):
            E.add_edge(pair.a, pair.b, key="cooccurs", relation="cooccurs", papers=pair.papers,
                       weight=pair.papers, sentences=pair.sentences, npmi=pair.npmi)
        _add_entity_topics(E, self.stats.topics, self.taxonomy)
        _add_families(E, self.stats.families)
        _add_topic_hierarchy(E, self.taxonomy)
        _place_keyword_topics(E, self.cooccurrence, self.taxonomy)
        return _sorted_copy(E)


def _place_keyword_topics(G: nx.MultiDiGraph, cooccurrence: CoOccurrenceCounter,
                          taxonomy: Mapping[str, Any] | None) -> None:
    """Give every keyword topic one ``broader`` topic: the taxonomy topic it belongs to, else
    :data:`KEYWORD_TOPICS` (see the module docstring)."""
    taxonomy = taxonomy or {}
    topics = {n: d for n, d in G.nodes(data=True) if d.get("type") == "topic"}
    in_taxonomy = {n for n in topics if n.removeprefix("topic:") in taxonomy}
    keywords = sorted(n for n, d in topics.items()
                      if d.get("source") == "keyword" and n not in in_taxonomy and n != KEYWORD_TOPICS)
    if not keywords:
        return
    shared = cooccurrence.partners(keywords)
    for kw in keywords:
        papers = int(topics[kw].get("papers") or 0)
        fits = [(n, c) for n, c in shared.get(kw, {}).items() if n in in_taxonomy and c >= max(2, papers / 2)]
        if papers >= KEYWORD_MIN_PAPERS and fits:
            # most papers shared, then the narrower topic (fewer papers), then the id
            parent = min(fits, key=lambda nc: (-nc[1], int(topics[nc[0]].get("papers") or 0), nc[0]))[0]
        else:
            parent = KEYWORD_TOPICS
            if not G.has_node(parent):
                G.add_node(parent, type="topic", label="Keyword topics", aliases=[], papers=0, mentions=0,
                           source="keyword")
        G.add_edge(kw, parent, key="broader", relation="broader")


def real_aliases(label: str, surfaces: Mapping[str, int]) -> list[str]:
    """The other names an entity goes by: one written form per name (the most common; case, hyphen
    and plural variants of one name are one name), the label's own name left out.

    >>> real_aliases("Transformer", {"Transformer": 5, "transformers": 2, "Transformers": 1})
    []
    >>> real_aliases("LoRA", {"LoRA": 4, "Low-Rank Adaptation": 2, "low rank adaptation": 1})
    ['Low-Rank Adaptation']
    """
    from kg.resolve.names import name_key

    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for text, n in surfaces.items():
        groups[name_key(text)].append((-n, text))
    own = name_key(label)
    return sorted(min(forms)[1] for key, forms in groups.items() if key != own)


def _finish_entity_nodes(G: nx.MultiDiGraph, stats: _EntityStats) -> None:
    """Label, aliases and counts of every entity node. A topic does not take as an alias a name an
    entity of another type goes by (a paper using LoRA is about low-rank adaptation, but "LoRA"
    names the method, not the topic)."""
    from kg.resolve.names import name_key

    named = {name_key(text) for enode, etype in stats.types.items() if etype != "topic"
             for text in stats.surfaces[enode]}
    for enode, etype in stats.types.items():
        surfaces = stats.surfaces[enode]
        labels = stats.labels.get(enode)
        best = (labels or surfaces).most_common()
        label = sorted(best, key=lambda kv: (-kv[1], kv[0]))[0][0]
        aliases = real_aliases(label, surfaces)
        if etype == "topic":
            aliases = [a for a in aliases if name_key(a) not in named]
        node = G.nodes[enode]
        node.update(label=label, aliases=aliases, papers=stats.papers[enode],
                    mentions=sum(surfaces.values()), **stats.extra.get(enode, {}))
        if etype == "method":
            node["proposed_in"] = stats.proposed[enode]


def _topic_stub(G: nx.MultiDiGraph, slug: str, taxonomy: Mapping[str, Any] | None) -> str:
    """The node of topic ``slug``, added as a taxonomy node found in no paper if it is missing."""
    tnode = node_id("topic", slug)
    if not G.has_node(tnode):
        concept = (taxonomy or {}).get(slug)
        G.add_node(tnode, type="topic", label=getattr(concept, "label", slug), aliases=[], papers=0,
                   mentions=0, source="taxonomy")
    return tnode


def _add_families(G: nx.MultiDiGraph, families: Mapping[str, str]) -> None:
    """``variant_of`` edges from versions to their families ("GPT-4" -> GPT); a family no paper
    names itself becomes a node found in no paper, labelled by its key."""
    for enode in sorted(families):
        family = families[enode]
        if family == enode:
            continue
        if not G.has_node(family):
            from kg.resolve.names import version_of

            label = version_of(G.nodes[enode].get("label") or "") or family.partition(":")[2]
            G.add_node(family, type=G.nodes[enode]["type"], label=label, aliases=[], papers=0, mentions=0)
        G.add_edge(enode, family, key="variant_of", relation="variant_of")


def _add_entity_topics(G: nx.MultiDiGraph, topics: Mapping[str, set[str]], taxonomy: Mapping[str, Any] | None) -> None:
    """``broader`` edges from entities (tasks) to the topics they belong to."""
    for enode in sorted(topics):
        for slug in sorted(topics[enode]):
            G.add_edge(enode, _topic_stub(G, slug, taxonomy), key="broader", relation="broader")


def _add_topic_hierarchy(G: nx.MultiDiGraph, taxonomy: Mapping[str, Any] | None) -> None:
    if taxonomy is None:
        return
    todo = sorted(n for n, d in G.nodes(data=True) if d.get("type") == "topic")
    seen = set(todo)
    while todo:
        tnode = todo.pop()
        concept = taxonomy.get(tnode.removeprefix("topic:"))
        if concept is None:
            continue
        for parent in getattr(concept, "broader", ()):
            pnode = _topic_stub(G, parent, taxonomy)
            G.add_edge(tnode, pnode, key="broader", relation="broader")
            if pnode not in seen:
                seen.add(pnode)
                todo.append(pnode)


def _default_taxonomy() -> Mapping[str, Any] | None:
    try:
        from kg.extract.taxonomy import load_taxonomy
    except ImportError:
        return None
    return load_taxonomy()


def build_graph(
    papers: Iterable[Paper],
    *,
    min_count: int = 2,
    min_npmi: float = 0.0,
    taxonomy: Mapping[str, Any] | None | bool = True,
) -> nx.MultiDiGraph:
    """The knowledge graph of ``papers`` (see the module docstring for the model).

    ``taxonomy`` maps topic slugs to concepts with ``label`` and ``broader``; ``True`` (default)
    loads the shipped taxonomy, ``None``/``False`` adds no hierarchy beyond the papers' topics.
    """
    builder = GraphBuilder(min_count=min_count, min_npmi=min_npmi, taxonomy=taxonomy)
    G = nx.MultiDiGraph()
    for paper in sorted(papers, key=lambda p: p.id):
        builder.add(paper, G)
    return join_parts(G, builder.entity_graph())


def join_parts(G: nx.MultiDiGraph, E: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The whole graph: ``G``, the papers' parts :meth:`GraphBuilder.add` made (their entities as
    typed stubs), joined with ``E``, the :meth:`GraphBuilder.entity_graph` of the same papers;
    nodes and edges in sorted order. ``G`` is taken over."""
    G.graph.update(E.graph)
    G.add_nodes_from(E.nodes(data=True))
    G.add_edges_from(E.edges(keys=True, data=True))
    return _sorted_copy(G)


def _sorted_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in sorted order, so every export is stable."""
    H = nx.MultiDiGraph(**G.graph)
    for n in sorted(G.nodes):
        H.add_node(n, **G.nodes[n])
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        H.add_edge(u, v, key=k, **d)
    return H

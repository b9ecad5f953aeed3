"""Ask the knowledge graph questions: which papers, which claims, what goes with what.

:class:`KnowledgeGraph` wraps the ``MultiDiGraph`` of :func:`kg.graph.build.build_graph` (the
raw graph stays at ``.graph``) and answers with plain dataclasses, sorted so that the same graph
always gives the same answer. Entities are found by name or alias whatever the case or
punctuation (``"cifar10"`` finds CIFAR-10). The wrapper indexes the graph once: treat the graph
as read-only while a ``KnowledgeGraph`` holds it.

Examples
--------
>>> from kg.graph.build import build_graph
>>> from kg.model import Entity, Paper
>>> e = lambda t, text, norm, **kw: Entity(t, text, norm, "abstract", 0, len(text), "s.", **kw)
>>> kg = KnowledgeGraph(build_graph([
...     Paper("p1", "Fast nets", "A.", entities=[e("dataset", "CIFAR-10", "cifar-10"),
...           e("method", "Adam", "adam"), e("metric", "3x", "speedup:3x", kind="speedup", value=3.0, unit="x")]),
...     Paper("p2", "Slow nets", "A.", entities=[e("dataset", "CIFAR10", "cifar-10"), e("method", "Adam", "adam")]),
... ], taxonomy=None))
>>> kg.entity("cifar10")
EntityRow(id='dataset:cifar-10', type='dataset', label='CIFAR-10', aliases=(), papers=2)
>>> [p.title for p in kg.papers(dataset="CIFAR 10", method="adam")]
['Fast nets', 'Slow nets']
>>> [(c.paper, c.value) for c in kg.claims(kind="speedup", unit="x", min_value=2)]
[('p1', 3.0)]
>>> [(r.label, r.papers) for r in kg.cooccurring("adam", type="dataset")]
[('CIFAR-10', 2)]
>>> kg.summary()["entities"]
{'dataset': 1, 'method': 1}
"""
from __future__ import annotations

import copy
import heapq
import math
import os
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Literal

import networkx as nx

from kg.entity_types import ENTITY_TYPES, RELATIONS, filterable_types, paper_relations, type_of_node
from kg.graph.build import KEYWORD_MIN_PAPERS, KEYWORD_TOPICS
from kg.graph.evidence import EvidenceRow, paper_evidence
from kg.graph.names import NameIndex, normalize_name
from kg.graph.results import KINDS, LeaderboardRow, canonical_metric, canonical_unit, claim_matches, leaderboard
from kg.graph.trends import RisingRow, Trend, rising, trend
from kg.ids import normalize_title
from kg.graph.errors import NotFoundError

__all__ = [
    "ClaimRow",
    "Community",
    "CooccurrenceRow",
    "EntityRow",
    "KnowledgeGraph",
    "NotFoundError",
    "PaperRow",
    "RankedEntity",
    "RelatedPaper",
    "TopicNode",
    "load_graph",
    "normalize_name",
    "pagerank",
]

# The paper → entity relations (``reports`` leads to claims, which belong to one paper only).
PAPER_RELATIONS = tuple(dict.fromkeys(r.name for r in RELATIONS if r.source == "paper" and r.target != "claim"))
RELATIONS_OF_TYPE = {t.node_type: paper_relations(t.name) for t in ENTITY_TYPES.values() if t.cooccurs}
NOT_ENTITIES = frozenset({"paper", *(t.node_type for t in ENTITY_TYPES.values() if not t.cooccurs)})


def _node_type_of_id(node: str) -> str:
    etype = type_of_node(node)
    if etype is not None:
        return ENTITY_TYPES[etype].node_type
    return "paper" if node.startswith("paper:") else ""



# ----------------------------------------------------------------------------- result rows


@dataclass(frozen=True)
class EntityRow:
    """An entity node: its id, type, display label, every surface seen, how many papers mention it."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    papers: int


@dataclass(frozen=True)
class PaperRow:
    """A paper: its id (``arxiv:…``), title, URL and date when known, and its node id."""

    id: str
    title: str
    url: str | None
    date: str | None
    node: str


@dataclass(frozen=True)
class ClaimRow:
    """A quantitative claim (a result record), what it was measured on and the paper that makes it.

    ``value`` is the high end of a range ``low``-``high``; ``unit`` is None for a bare score;
    ``metric`` is what it measures and ``direction`` in which way that is better; ``relative`` says
    whether it is a change against a baseline (a gain, a speedup) or an absolute level.
    ``dataset``/``task``/``hardware``/``baseline`` are as the paper wrote them; ``methods`` are the
    labels of the methods the claim is for.
    """

    id: str
    paper: str
    paper_title: str
    kind: str | None
    value: float | None
    unit: str | None
    qualifier: str | None
    text: str
    sentence: str
    dataset: str | None
    hardware: str | None
    baseline: str | None
    methods: tuple[str, ...]
    low: float | None = None
    high: float | None = None
    metric: str | None = None
    direction: str | None = None
    relative: bool | None = None
    task: str | None = None


@dataclass(frozen=True)
class CooccurrenceRow:
    """An entity that co-occurs with another: in how many papers and sentences, and their NPMI."""

    id: str
    type: str
    label: str
    papers: int
    sentences: int
    npmi: float


@dataclass(frozen=True)
class RelatedPaper:
    """A paper related to another, its similarity in [0, 1] and the shared entities (the reason)."""

    id: str
    title: str
    score: float
    shared: tuple[str, ...]


@dataclass(frozen=True)
class RankedEntity:
    """An entity and its score under a ranking (degree or PageRank)."""

    id: str
    type: str
    label: str
    papers: int
    score: float


@dataclass(frozen=True)
class Community:
    """A community of co-occurring entities, named after its most-mentioned members."""

    id: int
    name: str
    size: int
    papers: int
    members: tuple[str, ...]


@dataclass
class TopicNode:
    """A topic in the hierarchy: ``papers`` counts papers about it or any narrower topic."""

    id: str
    label: str
    papers: int
    direct: int
    children: list[TopicNode] = field(default_factory=list)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, TopicNode]]:
        """This topic and its descendants, depth first, with their depth."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


# ----------------------------------------------------------------------------- ranking


def pagerank(adjacency: Mapping[str, Iterable[str]], *, alpha: float = 0.85, tol: float = 1e-12,
             max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration over an adjacency mapping (no SciPy needed; deterministic).

    Nodes without neighbours spread their rank evenly, so the ranks sum to 1.

    Examples
    --------
    >>> r = pagerank({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    >>> round(r["a"], 5), round(r["b"], 5), round(sum(r.values()), 9)
    (0.25676, 0.48649, 1.0)
    """
    nodes = sorted(adjacency)
    n = len(nodes)
    if n == 0:
        return {}
    out = {v: sorted(adjacency[v]) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = sum(rank[v] for v in nodes if not out[v])
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + alpha * dangling / n)
        for v in nodes:
            if out[v]:
                share = alpha * rank[v] / len(out[v])
                for u in out[v]:
                    new[u] += share
        delta = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if delta < n * tol:
            break
    return rank


# ----------------------------------------------------------------------------- the graph


class KnowledgeGraph:
    """Query API over the graph built by :func:`kg.graph.build.build_graph`.

    Parameters
    ----------
    graph
        The ``MultiDiGraph`` (its node and edge model is documented in :mod:`kg.graph.build`).
    report
        Optional :class:`kg.ingest.report.IngestReport` of the run that built it.
    totals
        The :meth:`summary` of the whole graph when ``graph`` is only its entity part: a build
        that streamed its papers to the exports (``kg.build(..., keep_graph=False)``) keeps only
        entities, co-occurrences and topics in memory. ``kg.load("graph.json")`` reads it all.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, report: Any = None, totals: dict[str, Any] | None = None) -> None:
        self.graph = graph
        self.report = report
        self.totals = totals

    def __repr__(self) -> str:
        s = self.summary()
        return (f"KnowledgeGraph(papers={s['papers']}, entities={sum(s['entities'].values())}, "
                f"claims={s['claims']}, edges={sum(s['edges'].values())})")

    # -- indexes (built once, on first use)

    @cached_property
    def _types(self) -> dict[Hashable, str]:
        """Each node's ``type``; a node without one gets the type its id prefix names (``dataset:…``)."""
        return {n: t or _node_type_of_id(str(n)) for n, t in self.graph.nodes(data="type")}

    def _type(self, node: Hashable) -> str:
        return self._types.get(node, "")

    @cached_property
    def _paper_nodes(self) -> list[str]:
        return sorted(n for n, t in self._types.items() if t == "paper")

    @cached_property
    def _links(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """entity → papers linked to it, and paper → entities it links to (paper relations only)."""
        papers_of: dict[str, set[str]] = defaultdict(set)
        entities_of: dict[str, set[str]] = defaultdict(set)
        for u, v, k in self.graph.edges(keys=True):
            if k in PAPER_RELATIONS and self._type(u) == "paper":
                papers_of[v].add(u)
                entities_of[u].add(v)
        return ({e: frozenset(p) for e, p in papers_of.items()},
                {p: frozenset(e) for p, e in entities_of.items()})

    def _papers_linked(self, node: str, relations: Iterable[str] = PAPER_RELATIONS) -> set[str]:
        rels = set(relations)
        return {u for u, _, k in self.graph.in_edges(node, keys=True) if k in rels and self._type(u) == "paper"}

    @cached_property
    def _names(self) -> NameIndex:
        return NameIndex(self.graph, self._types)

    @cached_property
    def _title_index(self) -> dict[str, list[str]]:
        """Normalised title, and every other id a paper is known by (``other_ids``) -> paper nodes."""
        index: dict[str, list[str]] = defaultdict(list)
        for n in self._paper_nodes:
            d = self.graph.nodes[n]
            index[normalize_title(d.get("title") or "")].append(n)
            for other in d.get("other_ids") or ():
                index[f"id:{other}"].append(n)
        return index

    def _resolve(self, name: str, type: str | None = None) -> str | None:
        """The entity node ``name`` refers to (:class:`kg.graph.names.NameIndex`); None if none."""
        found = self._names.find(name, type)
        return None if found is None else str(found)

    def _require(self, name: str, type: str | None = None) -> str:
        node = self._resolve(name, type)
        if node is None:
            kind = type or "entity"
            raise NotFoundError(f"no {kind} named {name!r}")
        return node

    def _paper(self, ref: str) -> str | None:
        """The paper node of a paper id, node id or title; None if none."""
        if ref in self.graph and self._type(ref) == "paper":
            return ref
        if f"paper:{ref}" in self.graph and self._type(f"paper:{ref}") == "paper":
            return f"paper:{ref}"
        found = self._title_index.get(f"id:{ref}") or self._title_index.get(normalize_title(ref))
        return found[0] if found else None

    def _require_paper(self, ref: str) -> str:
        node = self._paper(ref)
        if node is None:
            raise NotFoundError(f"no paper with id or title {ref!r}")
        return node

    def _narrower(self, topic: str) -> set[str]:
        """``topic`` and every topic below it (following ``broader`` edges backwards)."""
        seen = {topic}
        todo = [topic]
        while todo:
            t = todo.pop()
            for child, _, k in self.graph.in_edges(t, keys=True):
                if k == "broader" and child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    # -- rows

    def _entity_row(self, n: str) -> EntityRow:
        d = self.graph.nodes[n]
        return EntityRow(id=n, type=self._type(n), label=str(d.get("label", n)),
                         aliases=tuple(d.get("aliases") or ()), papers=int(d.get("papers") or 0))

    def _paper_row(self, n: str) -> PaperRow:
        d = self.graph.nodes[n]
        return PaperRow(id=n.removeprefix("paper:"), title=d.get("title", ""), url=d.get("url"),
                        date=d.get("date"), node=n)

    def _label(self, n: str) -> str:
        return str(self.graph.nodes[n].get("label", n))

    def _claim_row(self, n: str) -> ClaimRow:
        d = self.graph.nodes[n]
        paper = d.get("paper", "")
        methods = sorted(self._label(v) for _, v, k in self.graph.out_edges(n, keys=True) if k == "for_method")
        return ClaimRow(
            id=n, paper=paper.removeprefix("paper:"),
            paper_title=self.graph.nodes[paper].get("title", "") if paper in self.graph else "",
            kind=d.get("kind"), value=d.get("value"), unit=d.get("unit"), qualifier=d.get("qualifier"),
            text=d.get("text", ""), sentence=d.get("sentence", ""), dataset=d.get("dataset"),
            hardware=d.get("hardware"), baseline=d.get("baseline"), methods=tuple(methods), low=d.get("low"),
            high=d.get("high"), metric=d.get("metric"), direction=d.get("direction"), relative=d.get("relative"),
            task=d.get("task"))

    # -- lookups

    def entity(self, name: str, type: str | None = None) -> EntityRow | None:
        """The entity called ``name`` (label, alias, norm or node id; any case or punctuation)."""
        node = self._resolve(name, type)
        return None if node is None else self._entity_row(node)

    def entities(self, type: str | None = None) -> list[EntityRow]:
        """Every entity (of ``type``), most-mentioned first, then by id."""
        rows = [self._entity_row(n) for n, t in self._types.items()
                if t not in NOT_ENTITIES and (type is None or t == type)]
        return sorted(rows, key=lambda r: (-r.papers, r.id))

    def paper(self, ref: str) -> PaperRow | None:
        """The paper with this id, node id or title (case and punctuation ignored); None if none."""
        node = self._paper(ref)
        return None if node is None else self._paper_row(node)

    def evidence(self, paper: str, entity: str | None = None) -> list[EvidenceRow]:
        """Where ``paper`` (id, node id or title) mentions ``entity`` (any name; every entity when
        None), in text order, each mention with its words and its sentence. Raises
        :class:`~kg.graph.errors.NotFoundError` for an unknown paper or entity."""
        node = self._require_paper(paper)
        return paper_evidence(self.graph, node, None if entity is None else self._require(entity))

    def papers(self, *, method: str | None = None, dataset: str | None = None, task: str | None = None,
               topic: str | None = None, repo: str | None = None, hardware: str | None = None,
               entity: str | None = None, has_code: bool | None = None,
               include_variants: bool = False) -> list[PaperRow]:
        """Papers matching every filter given (AND), sorted by id.

        There is one filter per filterable entity type (:func:`kg.entity_types.filterable_types`).
        ``topic`` also matches papers about narrower topics and papers addressing the topic's tasks;
        ``entity`` is any entity by name; ``has_code`` keeps papers with (True) or without (False) a
        code repository. A name that matches no entity matches no paper. With ``include_variants``
        an entity also matches the papers of its versions and variants (``method="GPT"``: GPT-2,
        GPT-4, ...; ``variant_of`` edges, followed transitively).

        >>> from kg.graph.build import build_graph
        >>> from kg.model import Entity, Paper
        >>> t = Entity("task", "image classification", "image-classification", "abstract", 0, 20, "s.",
        ...            broader=["computer-vision"])
        >>> g = KnowledgeGraph(build_graph([Paper("p1", "T", "A.", entities=[t])]))
        >>> [p.id for p in g.papers(task="Image Classification")], [p.id for p in g.papers(topic="computer vision")]
        (['p1'], ['p1'])
        """
        given = locals()
        selected = set(self._paper_nodes)
        filters = [(t.name, given[t.option]) for t in filterable_types()] + [(None, entity)]
        for etype, name in filters:
            if name is None:
                continue
            node = self._resolve(name, etype)
            if node is None:
                return []
            targets = self._narrower(node) if self._type(node) == "topic" else {node}
            if include_variants:
                targets = targets | self._variants(node)
            linked: set[str] = set()
            for t in targets:
                linked |= self._papers_linked(t, RELATIONS_OF_TYPE.get(self._type(t), PAPER_RELATIONS))
            selected &= linked
        if has_code is not None:
            with_code = {u for u, _, k in self.graph.edges(keys=True) if k == "has_code"}
            selected = selected & with_code if has_code else selected - with_code
        return [self._paper_row(n) for n in sorted(selected)]

    def _variants(self, node: str) -> set[str]:
        """Every version and variant of ``node``, transitively (GPT → GPT-4 → GPT-4o)."""
        found, todo = set(), [node]
        while todo:
            for u, _, k in self.graph.in_edges(todo.pop(), keys=True):
                if k == "variant_of" and u not in found:
                    found.add(u)
                    todo.append(u)
        return found

    # -- claims

    def claims(self, *, kind: str | None = None, metric: str | None = None, unit: str | None = None,
               min_value: float | None = None, max_value: float | None = None, dataset: str | None = None,
               task: str | None = None, method: str | None = None, baseline: str | None = None,
               hardware: str | None = None, paper: str | None = None) -> list[ClaimRow]:
        """Claims matching every filter given: by unit, then by value (largest first), then id.

        ``kind`` is one of :data:`kg.graph.results.KINDS` (any case; another raises ValueError);
        ``metric`` a metric name or alias ("top-1 accuracy", "mAP"); ``unit`` a unit ("x", "%",
        "points", "ms"; "none" for bare scores). Values compare only within a unit: ``min_value`` and
        ``max_value`` (inclusive; a range counts by its high end) need ``unit`` (ValueError without),
        so 50% and 50x are never ranked on one scale. ``dataset``/``task``/``hardware``/``baseline``
        match the linked entity or the text as written; ``method`` the method a claim is for;
        ``paper`` is an id or a title.
        """
        if kind is not None and kind.casefold() not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        want_unit = canonical_unit(unit)
        if (min_value is not None or max_value is not None) and want_unit is None:
            raise ValueError("min_value and max_value compare values of one unit: give unit= too "
                             f"(units of these claims: {', '.join(self.claim_units(kind=kind, metric=metric)) or 'none'})")
        want_metric = canonical_metric(metric)
        paper_node = None
        if paper is not None and (paper_node := self._paper(paper)) is None:
            return []
        links = [(name, rel, attr) for name, rel, attr in (
            (dataset, "measured_on", "dataset"), (task, "for_task", "task"), (hardware, "run_on", "hardware"),
            (baseline, "against", "baseline"), (method, "for_method", "method")) if name is not None]
        rows = []
        for n, d in self.graph.nodes(data=True):
            if self._type(n) != "claim":
                continue
            value = d.get("value")
            if kind is not None and (d.get("kind") or "").casefold() != kind.casefold():
                continue
            if want_metric is not None and d.get("metric") != want_metric:
                continue
            if want_unit is not None and (d.get("unit") or "") != want_unit:
                continue
            if (min_value is not None or max_value is not None) and not isinstance(value, (int, float)):
                continue
            if (min_value is not None and value < min_value) or (max_value is not None and value > max_value):
                continue
            if paper_node is not None and d.get("paper") != paper_node:
                continue
            if not all(claim_matches(self.graph, n, rel, name, attr) for name, rel, attr in links):
                continue
            rows.append(self._claim_row(n))
        return sorted(rows, key=lambda r: (r.unit is None, r.unit or "", r.value is None, -(r.value or 0.0), r.id))

    def claim_units(self, *, kind: str | None = None, metric: str | None = None) -> list[str]:
        """The units of the claims (of ``kind``, measuring ``metric``), most used first ("none": bare scores)."""
        want_metric = canonical_metric(metric)
        units = Counter(d.get("unit") or "none" for n, d in self.graph.nodes(data=True) if self._type(n) == "claim"
                        and (kind is None or (d.get("kind") or "").casefold() == kind.casefold())
                        and (want_metric is None or d.get("metric") == want_metric))
        return [u for u, _ in units.most_common()]

    def leaderboard(self, task: str | None = None, dataset: str | None = None, metric: str | None = None,
                    unit: str | None = None) -> list[LeaderboardRow]:
        """Ranked comparable results (:func:`kg.graph.results.leaderboard`): absolute values of one
        metric in one unit, best first in the metric's direction, one board per (metric, unit).

        ``task`` and ``dataset`` are names, aliases or node ids; a name that matches no entity
        still matches claims that wrote it. Raises :class:`NotFoundError` if neither is known.
        """
        targets = {}
        for etype, name in (("dataset", dataset), ("task", task)):
            if name is not None:
                node = self._resolve(name, etype)
                if node is None and not self._written(etype, name):
                    raise NotFoundError(f"no {etype} named {name!r}")
                targets[etype] = node or name
        return leaderboard(self.graph, task=targets.get("task"), dataset=targets.get("dataset"), metric=metric,
                           unit=unit)

    def _written(self, attribute: str, name: str) -> bool:
        key = normalize_name(name)
        return any(self._type(n) == "claim" and normalize_name(str(d.get(attribute) or "")) == key
                   for n, d in self.graph.nodes(data=True))

    def trend(self, entity: str, by: Literal["year", "month"] = "year") -> Trend:
        """Papers per year or month that mention ``entity`` (:func:`kg.graph.trends.trend`); papers
        whose date does not give the period are counted in ``undated``. Raises :class:`NotFoundError`."""
        return trend(self.graph, self._require(entity), by=by)

    def rising(self, type: str = "method", since: str | None = None, min_papers: int = 3,
               top: int | None = 20) -> list[RisingRow]:
        """Entities of ``type`` whose share of papers grew most since ``since`` (:func:`kg.graph.trends.rising`)."""
        return rising(self.graph, type=type, since=since, min_papers=min_papers, top=top)

    # -- co-occurrence and similarity

    def cooccurring(self, entity: str, type: str | None = "method", top: int | None = 10,
                    by: Literal["npmi", "count"] = "npmi") -> list[CooccurrenceRow]:
        """Entities (of ``type``; None for any) that co-occur with ``entity``, best first.

        ``by="npmi"`` ranks by NPMI, then paper count; ``by="count"`` by paper count, then NPMI.
        Raises :class:`NotFoundError` if no entity goes by that name.
        """
        if by not in ("npmi", "count"):
            raise ValueError(f"by must be 'npmi' or 'count', not {by!r}")
        node = self._require(entity)
        edges = [(v, d) for _, v, k, d in self.graph.out_edges(node, keys=True, data=True) if k == "cooccurs"]
        edges += [(u, d) for u, _, k, d in self.graph.in_edges(node, keys=True, data=True) if k == "cooccurs"]
        rows = [CooccurrenceRow(id=o, type=self._type(o), label=self._label(o), papers=int(d.get("papers", 0)),
                                sentences=int(d.get("sentences", 0)), npmi=float(d.get("npmi", 0.0)))
                for o, d in edges if type is None or self._type(o) == type]
        if by == "npmi":
            rows.sort(key=lambda r: (-r.npmi, -r.papers, r.id))
        else:
            rows.sort(key=lambda r: (-r.papers, -r.npmi, r.id))
        return rows[:top] if top is not None else rows

    @cached_property
    def _link_weights(self) -> tuple[dict[str, float], dict[str, float]]:
        """Each linked entity's weight ``log(1 + N / df)`` and each paper's summed weight."""
        papers_of, entities_of = self._links
        total = len(self._paper_nodes)
        weight = {e: math.log(1.0 + total / len(ps)) for e, ps in papers_of.items()}
        return weight, {p: math.fsum(weight[e] for e in sorted(es)) for p, es in entities_of.items()}

    def related_papers(self, paper: str, top: int | None = 10) -> list[RelatedPaper]:
        """Papers sharing entities with ``paper`` (id, node id or title), most similar first.

        The score is a weighted Jaccard index of the two papers' entity sets, each entity weighted
        by ``log(1 + N / df)`` (N papers, df of them link to it), so rare shared entities count
        more than ubiquitous ones. ``shared`` lists the shared entities, heaviest first.
        """
        node = self._require_paper(paper)
        papers_of, entities_of = self._links
        weight, totals = self._link_weights
        mine = entities_of.get(node, frozenset())
        mine_weight = totals.get(node, 0.0)
        # Candidates are met through the rarest shared entities first. A paper not met yet shares
        # only entities still to walk: its intersection is at most their summed weight and its
        # union at least ``mine_weight``. Once that bound is below the top-th score by more than
        # the scores' rounding, nobody left can enter the top, and the entities found in most
        # papers (whose lists are the long ones) are never walked. Scores are first summed
        # plainly; only the papers that can be in the top get the exact sum and their row.
        order = sorted(mine, key=lambda e: (len(papers_of[e]), e))
        left = [math.fsum(weight[e] for e in order[i:]) for i in range(len(order))]
        rough: dict[str, float] = {}
        for i, e in enumerate(order):
            if top is not None and 0 < top <= len(rough) and \
                    left[i] / mine_weight < heapq.nlargest(top, rough.values())[-1] - 1e-6:
                break
            for other in papers_of[e]:
                if other not in rough and other != node:
                    inter = sum(weight[s] for s in mine & entities_of[other])
                    rough[other] = inter / (mine_weight + totals[other] - inter)
        if top is not None and 0 < top < len(rough):
            least = heapq.nlargest(top, rough.values())[-1] - 1e-6
            rough = {o: r for o, r in rough.items() if r >= least}
        rows = []
        for other in sorted(rough):
            shared = sorted(mine & entities_of[other], key=lambda s: (-weight[s], self._label(s), s))
            inter = math.fsum(weight[s] for s in shared)
            union = mine_weight + totals[other] - inter
            rows.append(RelatedPaper(id=other.removeprefix("paper:"),
                                     title=self.graph.nodes[other].get("title", ""),
                                     score=round(inter / union, 6),
                                     shared=tuple(self._label(s) for s in shared)))
        rows.sort(key=lambda r: (-r.score, r.id))
        return rows[:top] if top is not None else rows

    # -- topics and rankings

    def topics(self, *, min_keyword_papers: int = KEYWORD_MIN_PAPERS) -> list[TopicNode]:
        """The topic hierarchy: root topics with their narrower topics, largest first.

        A paper counts for a topic and all the topic's ancestors (once each), and so does a paper
        that addresses one of the topic's tasks. A topic under two broader topics appears under both.
        A keyword topic (a title phrase, not a taxonomy concept) shows only with
        ``min_keyword_papers`` papers or more: one paper's phrase is no topic yet. "Keyword
        topics", where keyword topics without a taxonomy topic sit, shows only when one of them does.
        """
        all_topics = sorted(n for n, t in self._types.items() if t == "topic")
        direct = {t: self._papers_linked(t, ("about",)) for t in all_topics}
        hidden = {t for t in all_topics if self.graph.nodes[t].get("source") == "keyword" and t != KEYWORD_TOPICS
                  and len(direct[t]) < min_keyword_papers}
        topics = [t for t in all_topics if t not in hidden]
        children: dict[str, list[str]] = {t: [] for t in topics}
        has_parent = set()
        for u, v, k in self.graph.edges(keys=True):
            if k == "broader" and u in children and v in children:
                children[v].append(u)
                has_parent.add(u)
        if KEYWORD_TOPICS in children and not children[KEYWORD_TOPICS] and not direct[KEYWORD_TOPICS]:
            topics.remove(KEYWORD_TOPICS)
        linked: dict[str, set[str]] = {}

        def papers_of(n: str) -> set[str]:  # a topic's or a task's papers
            if n not in linked:
                linked[n] = direct[n] if n in direct else \
                    self._papers_linked(n, RELATIONS_OF_TYPE.get(self._type(n), ()))
            return linked[n]

        def tree(t: str, path: frozenset[str]) -> TopicNode:
            kids = [tree(c, path | {c}) for c in children[t] if c not in path]  # a cycle stops here
            kids.sort(key=lambda k: (-k.papers, k.label, k.id))
            below = set().union(*(papers_of(d) for d in self._narrower(t) - hidden))
            return TopicNode(id=t, label=self._label(t), papers=len(below), direct=len(direct[t]), children=kids)

        roots = [tree(t, frozenset({t})) for t in topics if t not in has_parent]
        reached = {node.id for root in roots for _, node in root.walk()}
        for t in topics:  # topics only reachable through a cycle: the cycle's smallest id is a root
            if t not in reached:
                roots.append(tree(t, frozenset({t})))
                reached |= {node.id for _, node in roots[-1].walk()}
        return sorted(roots, key=lambda k: (-k.papers, k.label, k.id))

    @cached_property
    def _undirected(self) -> dict[str, tuple[str, ...]]:
        """Each node's distinct neighbours, whatever the relation or direction."""
        adj: dict[str, set[str]] = {n: set() for n in self.graph.nodes}
        for u, v in self.graph.edges():
            if u != v:
                adj[u].add(v)
                adj[v].add(u)
        return {n: tuple(sorted(ns)) for n, ns in adj.items()}

    @cached_property
    def _pagerank(self) -> dict[str, float]:
        return pagerank(self._undirected)

    def top(self, type: str | None = None, by: Literal["degree", "pagerank", "papers"] = "degree",
            n: int | None = 10) -> list[RankedEntity]:
        """The ``n`` highest-ranked entities (of ``type``), then by id.

        ``degree`` counts distinct neighbours of any relation; ``pagerank`` runs PageRank on the
        whole graph taken as undirected; ``papers`` counts the papers mentioning the entity.
        """
        if by == "degree":
            score = {node: float(len(ns)) for node, ns in self._undirected.items()}
        elif by == "pagerank":
            score = self._pagerank
        elif by == "papers":
            score = {node: float(len(ps)) for node, ps in self._links[0].items()}
        else:
            raise ValueError(f"by must be 'degree', 'pagerank' or 'papers', not {by!r}")
        rows = [RankedEntity(id=r.id, type=r.type, label=r.label, papers=r.papers, score=score.get(r.id, 0.0))
                for r in self.entities(type)]
        rows.sort(key=lambda r: (-r.score, r.id))
        return rows[:n] if n is not None else rows

    # -- communities

    def cooccurrence_graph(self, types: Iterable[str] | None = None) -> nx.Graph:
        """The undirected co-occurrence graph (edge ``weight`` = papers), nodes and edges sorted."""
        keep = set(types) if types is not None else None
        pairs = sorted((u, v, int(d.get("papers", 1))) for u, v, k, d in self.graph.edges(keys=True, data=True)
                       if k == "cooccurs" and (keep is None or (self._type(u) in keep and self._type(v) in keep)))
        H = nx.Graph()
        H.add_nodes_from(sorted({n for u, v, _ in pairs for n in (u, v)}))
        H.add_weighted_edges_from(pairs)
        return H

    def communities(self, *, types: Iterable[str] | None = None, resolution: float = 1.0, seed: int = 42,
                    min_size: int = 2, name_size: int = 3) -> list[Community]:
        """Communities of the co-occurrence graph (Louvain, fixed seed), largest first.

        Each is named by its ``name_size`` most-mentioned members; ``papers`` counts the papers
        that mention any member. Communities smaller than ``min_size`` are left out.
        """
        H = self.cooccurrence_graph(types)
        if H.number_of_nodes() == 0:
            return []
        found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
        groups = sorted((sorted(c) for c in found if len(c) >= min_size), key=lambda c: (-len(c), c[0]))
        papers_of = self._links[0]
        out = []
        for i, members in enumerate(groups):
            by_mentions = sorted(members, key=lambda m: (-len(papers_of.get(m, ())), self._label(m), m))
            papers = set().union(*(papers_of.get(m, frozenset()) for m in members))
            out.append(Community(id=i, name=" / ".join(self._label(m) for m in by_mentions[:name_size]),
                                 size=len(members), papers=len(papers), members=tuple(by_mentions)))
        return out

    # -- subgraphs

    def _induced(self, nodes: Iterable[str]) -> KnowledgeGraph:
        keep = set(nodes)
        H = nx.MultiDiGraph(**copy.deepcopy(self.graph.graph))
        for n in sorted(keep):
            H.add_node(n, **copy.deepcopy(self.graph.nodes[n]))
        for u, v, k, d in sorted(self.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            if u in keep and v in keep:
                H.add_edge(u, v, key=k, **copy.deepcopy(d))
        return KnowledgeGraph(H, report=self.report)

    def subgraph(self, center: str, hops: int = 1) -> KnowledgeGraph:
        """The graph within ``hops`` edges (any direction) of an entity, topic or paper.

        A topic's neighbourhood starts from the topic and all narrower topics. Raises
        :class:`NotFoundError` if nothing goes by that name.
        """
        node = self._resolve(center) or self._paper(center)
        if node is None:
            raise NotFoundError(f"no entity or paper named {center!r}")
        seen = self._narrower(node) if self._type(node) == "topic" else {node}
        frontier = sorted(seen)
        for _ in range(hops):
            nxt = {m for n in frontier for m in self._undirected[n]} - seen
            seen |= nxt
            frontier = sorted(nxt)
        return self._induced(seen)

    def top_subgraph(self, n: int = 50, by: Literal["degree", "pagerank", "papers"] = "degree",
                     type: str | None = None) -> KnowledgeGraph:
        """The ``n`` top entities (see :meth:`top`), the papers that mention them, and their edges."""
        entities = {r.id for r in self.top(type, by=by, n=n)}
        papers_of = self._links[0]
        papers = set().union(*(papers_of.get(e, frozenset()) for e in entities)) if entities else set()
        return self._induced(entities | papers)

    # -- views

    def summary(self) -> dict[str, Any]:
        """Counts: papers, entities per type, claims, edges per relation (keys sorted).

        Examples
        --------
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("paper:p", type="paper"); G.add_node("method:m", type="method")
        >>> _ = G.add_edge("paper:p", "method:m", key="uses", relation="uses")
        >>> KnowledgeGraph(G).summary()
        {'papers': 1, 'entities': {'method': 1}, 'claims': 0, 'edges': {'uses': 1}}
        """
        if self.totals is not None:
            return self.totals
        types = Counter(self._types.values())
        relations = Counter(k for _, _, k in self.graph.edges(keys=True))
        papers, claims = types.pop("paper", 0), types.pop("claim", 0)
        return {"papers": papers, "entities": dict(sorted(types.items())), "claims": claims,
                "edges": dict(sorted(relations.items()))}

    def to_pandas(self, table: Literal["papers", "entities", "claims"] = "papers") -> Any:
        """A ``pandas.DataFrame`` of every paper, entity or claim (pandas is optional)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pandas is not a dependency of kg
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        rows: list[Any] = {"papers": self.papers, "entities": self.entities, "claims": self.claims}[table]()
        return pd.DataFrame([asdict(r) for r in rows])

    def show(self, **kw: Any) -> Any:
        """An interactive view for Jupyter (:func:`kg.export.html.notebook_view`)."""
        from kg.export.html import notebook_view  # the HTML export pulls in pyvis: only when asked

        return notebook_view(self.graph, **kw)

    def to_pyvis(self, **kw: Any) -> Any:
        """A ``pyvis.network.Network`` of the graph, positions preset and text escaped
        (:func:`kg.export.pyvis_network.to_pyvis`; ``focus=``, ``top=``, pyvis's ``height``...)."""
        from kg.export.pyvis_network import to_pyvis

        return to_pyvis(self.graph, **kw)

    def save(self, path: str | os.PathLike[str]) -> Any:
        """Write the graph in the format its extension names (``.json``, ``.graphml``, ``.gexf``)."""
        from kg.export.node_link import write_graph

        return write_graph(self.graph, path)


def load_graph(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Read a saved graph (``.json`` node-link, ``.graphml`` or ``.gexf``) as a :class:`KnowledgeGraph`."""
    from kg.export.node_link import read_graph

    return KnowledgeGraph(read_graph(path))

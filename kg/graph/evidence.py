"""Evidence: where a paper mentions an entity, in two forms of one model.

Every paper → entity (and paper → claim) edge holds ``evidence``, one entry per mention:
``field`` (title or abstract), ``start``/``end`` (code points), ``text`` (the words), and
``sentence``. The paper node holds its ``sentences`` once, as ``[field, start, end]``.

- **compact** (the default): ``sentence`` is an index into the paper's ``sentences``: the text of a
  sentence is stored once per paper, however many mentions it holds;
- **full** (``kg build --evidence full``): ``sentence`` is the sentence itself, and the RDF exports
  add one reified ``kg:Mention`` per entry. :func:`expand_evidence` turns a compact graph into a
  full one.

Records written before papers kept their sentence bounds give the first mention's sentence by
value and no sentence for the others. :func:`evidence_sentence` reads any of these forms.

Examples
--------
>>> from kg.model import Entity, Mention, Paper, Sentence
>>> from kg.graph.build import build_graph
>>> p = Paper("p1", "T", "We use Adam. Adam converges.", sentences=[Sentence("title", 0, 1),
...     Sentence("abstract", 0, 12), Sentence("abstract", 13, 28)],
...     entities=[Entity("method", "Adam", "adam", "abstract", 7, 11, "We use Adam.",
...                      mentions=[Mention("abstract", 13, 17)])])
>>> G = build_graph([p], taxonomy=None)
>>> [ev["sentence"] for ev in G.edges["paper:p1", "method:adam", "uses"]["evidence"]]
[1, 2]
>>> [evidence_sentence(G.nodes["paper:p1"], ev) for ev in G.edges["paper:p1", "method:adam", "uses"]["evidence"]]
['We use Adam.', 'Adam converges.']
>>> expand_evidence(G)
>>> G.graph["evidence"], G.edges["paper:p1", "method:adam", "uses"]["evidence"][1]["sentence"]
('full', 'Adam converges.')
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.model import Entity, Paper

__all__ = ["EVIDENCE_MODES", "EvidenceRow", "evidence_entries", "evidence_sentence", "expand_evidence",
           "paper_evidence"]

EVIDENCE_MODES = ("compact", "full")


def evidence_entries(entity: Entity, paper: Paper) -> list[dict[str, Any]]:
    """The compact evidence of ``entity`` in ``paper``: its first mention, then the others."""
    out = []
    for i, m in enumerate(entity.occurrences()):
        ev: dict[str, Any] = {"field": m.field, "start": m.start, "end": m.end,
                              "text": entity.text if i == 0 else paper.text_of(m.field)[m.start:m.end]}
        if (index := paper.sentence_of(m.field, m.start)) is not None:
            ev["sentence"] = index
        elif i == 0 and entity.sentence:
            ev["sentence"] = entity.sentence
        out.append(ev)
    return out


def evidence_sentence(paper: Mapping[str, Any], ev: Mapping[str, Any]) -> str:
    """The sentence of evidence entry ``ev`` of a paper node's edge ("" when unknown)."""
    s = ev.get("sentence")
    if isinstance(s, str):
        return s
    sentences = paper.get("sentences") or ()
    if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s < len(sentences):
        return ""
    field, start, end = sentences[s]
    text = paper.get(field) if field in ("title", "abstract") else None
    return text[start:end] if isinstance(text, str) else ""


@dataclass(frozen=True)
class EvidenceRow:
    """One mention: the entity (node id and label) and relation it supports, where it lies in the
    paper, its words and its sentence."""

    entity: str
    label: str
    relation: str
    field: str
    start: int
    end: int
    text: str
    sentence: str


def paper_evidence(G: nx.MultiDiGraph, paper: str, entity: str | None = None) -> list[EvidenceRow]:
    """Every mention in paper node ``paper`` (of entity node ``entity`` only, if given), in text
    order: the title's, then the abstract's.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("paper:p", type="paper", title="T", abstract="We use Adam. Adam works.",
    ...            sentences=[["title", 0, 1], ["abstract", 0, 12], ["abstract", 13, 24]])
    >>> G.add_node("method:adam", type="method", label="Adam")
    >>> G.add_edge("paper:p", "method:adam", key="uses", evidence=[
    ...     {"field": "abstract", "start": 7, "end": 11, "text": "Adam", "sentence": 1},
    ...     {"field": "abstract", "start": 13, "end": 17, "text": "Adam", "sentence": 2}])
    'uses'
    >>> [(r.label, r.start, r.sentence) for r in paper_evidence(G, "paper:p")]
    [('Adam', 7, 'We use Adam.'), ('Adam', 13, 'Adam works.')]
    """
    attrs = G.nodes[paper]
    rows = []
    for _, target, key, d in G.out_edges(paper, keys=True, data=True):
        if entity is not None and target != entity:
            continue
        label = str(G.nodes[target].get("label", target))
        for ev in d.get("evidence") or ():
            rows.append(EvidenceRow(entity=str(target), label=label, relation=str(d.get("relation", key)),
                                    field=str(ev.get("field", "")), start=int(ev.get("start", 0)),
                                    end=int(ev.get("end", 0)), text=str(ev.get("text", "")),
                                    sentence=evidence_sentence(attrs, ev)))
    order = {"title": 0, "abstract": 1}
    return sorted(rows, key=lambda r: (order.get(r.field, 2), r.start, r.end, r.entity, r.relation))


def expand_evidence(G: nx.MultiDiGraph) -> None:
    """Turn ``G``'s evidence into the full form, in place: each entry's sentence by value."""
    for u, _, d in G.edges(data=True):
        evidence = d.get("evidence")
        if evidence and G.nodes[u].get("type") == "paper":
            paper = G.nodes[u]
            d["evidence"] = [{**ev, "sentence": evidence_sentence(paper, ev)} for ev in evidence]
    G.graph["evidence"] = "full"

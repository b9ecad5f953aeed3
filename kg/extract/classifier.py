"""``kg_classifier``: the learned decision of what each candidate span is.

The rule components propose spans of their own type; :mod:`kg.extract.candidates` adds general
candidates; a linear model over :mod:`kg.extract.features` decides for each candidate whether it is
a method, a dataset, a task, hardware, a metric name or nothing, and a second one whether a method
is proposed by the paper or used. The component then writes the decided spans in place of the
rules' spans of those types, so later components (claims, topics) and the extraction read them.

The model is a small JSON file shipped in the package (``resources/entity_model.json``), trained by
:func:`kg.extract.training.train` (``kg train``) from gold-format JSON Lines.

Examples
--------
>>> model = LinearModel(("none", "method"), {"bias": (0.0, -1.0), "R1=model": (0.0, 3.0)})
>>> [round(p, 3) for p in model.probabilities(["bias", "R1=model"])]
[0.119, 0.881]
"""
from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.candidates import DECIDED_TYPES, Candidate, CandidateRules, find_candidates
from kg.extract.features import VOCABULARIES, DocContext, Lists, candidate_features
from kg.extract.gazetteer import canonical_key, gazetteer_for, surface_chars
from kg.extract.spans import add_entity, spans_key
from kg.extract.spans import spans_key as spans_key_of
from kg.extract.tokens import claimed_tokens, doc_tokens

__all__ = ["CandidateFinder", "EntityClassifier", "EntityModel", "LinearModel", "MODEL_RESOURCE", "decide",
           "load_model", "make_classifier"]

MODEL_RESOURCE = "entity_model.json"
MODEL_FORMAT = "kg-linear-1"


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression as a table: one weight per (feature, class)."""

    classes: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]

    def scores(self, features: Iterable[str]) -> list[float]:
        out = [0.0] * len(self.classes)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    out[k] += v
        return out

    def probabilities(self, features: Iterable[str]) -> list[float]:
        s = self.scores(features)
        top = max(s)
        e = [math.exp(v - top) for v in s]
        total = sum(e)
        return [v / total for v in e]

    @cached_property
    def _table(self) -> tuple[dict[str, int], np.ndarray]:
        index = {f: i for i, f in enumerate(self.weights)}
        matrix = np.zeros((len(index) + 1, len(self.classes)))  # the last row: unknown features
        for f, i in index.items():
            matrix[i] = self.weights[f]
        return index, matrix

    def probabilities_of(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`probabilities` of many feature lists at once (one row each), in one array pass."""
        index, matrix = self._table
        unknown = len(index)
        ids = [index.get(f, unknown) for row in rows for f in row]
        if not rows:
            return np.zeros((0, len(self.classes)))
        starts = np.cumsum([0, *(len(r) for r in rows[:-1])])
        scores = np.add.reduceat(matrix[ids], starts, axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def shifted(self, cls: str, offset: float) -> LinearModel:
        """The same model with ``offset`` added to the bias of class ``cls``."""
        k = self.classes.index(cls)
        bias = list(self.weights.get("bias", [0.0] * len(self.classes)))
        bias[k] = round(bias[k] + offset, 4)
        return LinearModel(self.classes, {**self.weights, "bias": tuple(bias)})

    def to_dict(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LinearModel:
        return cls(tuple(d["classes"]), dict(d["weights"]))  # the lists as read: 50,000 of them


@dataclass(frozen=True)
class EntityModel:
    """The two decisions: the type of a candidate, and whether a method is proposed."""

    types: LinearModel
    proposed: LinearModel
    meta: Mapping[str, Any]

    def to_json(self) -> str:
        return json.dumps({"format": MODEL_FORMAT, "meta": dict(self.meta), "types": self.types.to_dict(),
                           "proposed": self.proposed.to_dict()}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> EntityModel:
        """The model a file holds; :class:`ValueError` saying why for anything else."""
        try:
            d = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not a kg entity model (not JSON: {exc})") from None
        if not isinstance(d, dict) or d.get("format") != MODEL_FORMAT:
            found = d.get("format") if isinstance(d, dict) else None
            raise ValueError(f"not a kg entity model (format {found!r}, expected {MODEL_FORMAT!r})")
        try:
            model = cls(LinearModel.from_dict(d["types"]), LinearModel.from_dict(d["proposed"]), d.get("meta", {}))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a kg entity model (damaged: {type(exc).__name__} {exc})") from None
        for name, part in (("types", model.types), ("proposed", model.proposed)):
            n = len(part.classes)
            if not all(len(w) == n and all(isinstance(v, (int, float)) for v in w) for w in part.weights.values()):
                raise ValueError(f"not a kg entity model (damaged: a {name} weight row that is not {n} numbers)")
        if "proposed" not in model.proposed.classes or "none" not in model.types.classes:
            raise ValueError("not a kg entity model (damaged: its classes lack 'none' or 'proposed')")
        return model


def load_model(path: str | os.PathLike[str] | None = None) -> EntityModel:
    """The model at ``path``, or the one shipped with kg; :class:`ValueError` for a file that holds
    no model. Read each time, parsed once per content: a file retrained in place is seen anew."""
    if path is None:
        text = resources.files("kg.extract").joinpath("resources", MODEL_RESOURCE).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return _parse_model(text)


@lru_cache(maxsize=4)
def _parse_model(text: str) -> EntityModel:
    return EntityModel.from_json(text)


def proposal_features(features: Sequence[str]) -> list[str]:
    """The features the proposed-or-used decision reads (its own weights over the same strings)."""
    return list(features)


def decide(cands: Sequence[Candidate], probs: Sequence[Sequence[float]], classes: Sequence[str],
           types: Sequence[str] = DECIDED_TYPES) -> list[tuple[Candidate, str, float]]:
    """Non-overlapping candidates with the type each is most likely to be (not "none" nor a class
    outside ``types``), the most probable first when two overlap, and the short form of a decided
    acronym definition with its long form's type; in text order."""
    wanted = []
    for c, p in zip(cands, probs):
        k = max(range(len(classes)), key=lambda i: (p[i], -i))
        if classes[k] in types:
            wanted.append((c, classes[k], p[k]))
    wanted.sort(key=lambda x: (-x[2], x[0].start, -x[0].end))
    taken: set[int] = set()
    out = []
    for c, t, p in wanted:
        if taken.isdisjoint(range(c.start, c.end)):
            out.append((c, t, p))
            taken.update(range(c.start, c.end))
    # An acronym names what its definition names: "automatic speech recognition (ASR)".
    type_of = {(c.start, c.end): (t, p) for c, t, p in out}
    for c in cands:
        if c.long_form in type_of and taken.isdisjoint(range(c.start, c.end)):
            t, p = type_of[c.long_form]
            out.append((c, t, p))
            taken.update(range(c.start, c.end))
    return sorted(out, key=lambda x: x[0].start)


class CandidateFinder:
    """The candidates of a Doc whose rule components have run, with their features."""

    def __init__(self, nlp: Language, types: Sequence[str] = DECIDED_TYPES) -> None:
        self.types = tuple(types)
        self.rules = CandidateRules.default()
        self.lists = Lists.default()
        self.vocab = {t: gazetteer_for(nlp, VOCABULARIES[t]) for t in self.types}

    def candidates(self, doc: Doc) -> list[Candidate]:
        """The candidates of ``doc``, with every vocabulary hit among them."""
        cands = {(c.start, c.end): c for c in find_candidates(doc, self.rules, self.types)}
        for etype, matcher in self.vocab.items():
            for m in matcher(doc):
                a, b = m.span.start, m.span.end
                cands.setdefault((a, b), Candidate(a, b)).sources.add(f"vocab:{etype}")
        return sorted(cands.values(), key=lambda c: (c.start, -c.end))

    def features(self, doc: Doc, cands: Sequence[Candidate]) -> list[list[str]]:
        cols = doc_tokens(doc)
        texts = [cols.span_text(c.start, c.end) for c in cands]
        ctx = DocContext(doc, texts)
        return [candidate_features(ctx, c, self.lists, t) for c, t in zip(cands, texts)]


class EntityClassifier:
    """Decides the candidates of a Doc and rewrites the spans of the decided types."""

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str], writes: Sequence[str],
                 model_path: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.types = tuple(writes)
        self.blocking = tuple(spans_key_of(t) for t in reads if t not in writes)
        self.model = load_model(model_path)
        self.finder = CandidateFinder(nlp, self.types)

    def __call__(self, doc: Doc) -> Doc:
        blocked = claimed_tokens(doc, self.blocking)  # what the rules of other types decided
        cands = [c for c in self.finder.candidates(doc) if blocked.isdisjoint(range(c.start, c.end))]
        feats = self.finder.features(doc, cands)
        probs = self.model.types.probabilities_of(feats).tolist()
        decided = decide(cands, probs, self.model.types.classes, self.types)
        feats_of = {(c.start, c.end): f for c, f in zip(cands, feats)}
        for etype in self.types:
            doc.spans[spans_key(etype)] = []
        for cand, etype, p in decided:
            self._write(doc, cand, etype, feats_of[(cand.start, cand.end)])
        return doc

    def _write(self, doc: Doc, cand: Candidate, etype: str, feats: list[str]) -> None:
        span = Span(doc, cand.start, cand.end)
        a, b = surface_chars(span)
        text = doc_tokens(doc).text[a:b]
        attrs = dict(cand.rule_attrs.get(etype, {}))
        entry = self.finder.vocab[etype].lookup(text) if etype in self.finder.vocab else None
        if not attrs.get("norm"):
            attrs["norm"] = entry.norm if entry is not None else canonical_key(text)
            attrs["label"] = entry.name if entry is not None else text
        if entry is not None and etype == "task" and entry.attrs.get("topics"):
            attrs.setdefault("broader", list(entry.attrs["topics"]))
        attrs["source"] = "model"
        if etype == "method":
            p = self.model.proposed.probabilities(proposal_features(feats))
            attrs["proposed"] = p[self.model.proposed.classes.index("proposed")] > 0.5
        add_entity(doc, spans_key(etype), span, etype, chars=(a, b), **attrs)


@Language.factory("kg_classifier", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_classifier", "reads": [*DECIDED_TYPES, "hardware"],
                                  "writes": list(DECIDED_TYPES), "model_path": None})
def make_classifier(nlp: Language, name: str, spans_key: str, reads: list[str], writes: list[str],
                    model_path: str | None) -> EntityClassifier:
    """spaCy factory: ``nlp.add_pipe("kg_classifier")`` after the rule components of the types it
    reads; it rewrites the spans of the types it writes with the learned decision, and leaves the
    tokens of the others (hardware, decided by its rules) alone."""
    return EntityClassifier(nlp, name, spans_key, reads, writes, model_path)

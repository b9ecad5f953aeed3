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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import accumulate, pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.candidates import DECIDED_TYPES, Candidate, CandidateRules, find_candidates
from kg.extract.features import (VOCABULARIES, DocContext, Lists, apposition_kind, candidate_features,
                                 long_form_features, source_features, text_features)
from kg.extract.gazetteer import canonical_key, gazetteer_for, load_terms, surface_offsets
from kg.extract.spans import add_entity, spans_key
from kg.extract.spans import spans_key as spans_key_of
from kg.extract.tokens import claimed_tokens, doc_tokens

__all__ = ["CandidateFinder", "EntityClassifier", "EntityModel", "LinearModel", "MODEL_RESOURCE", "WeightTable",
           "decide", "load_model", "make_classifier"]

MODEL_RESOURCE = "entity_model.json"
MODEL_FORMAT = "kg-linear-2"
READABLE_FORMATS = ("kg-linear-1", MODEL_FORMAT)  # kg-linear-1: a row of weights per feature
WEIGHT_DECIMALS = 4  # the decimals of a weight a model keeps (training rounds to them)
WEIGHT_SCALE = 10 ** WEIGHT_DECIMALS  # a file holds each weight as a whole number of these units


def row_probabilities(matrix: np.ndarray, ids: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
    """The probabilities of feature rows given as the rows of ``matrix`` they pick: ``ids`` holds
    the rows of every feature list one after the other, ``lengths`` how many each list has (> 0)."""
    if not lengths:
        return np.zeros((0, matrix.shape[1]))
    starts = np.cumsum([0, *lengths[:-1]])
    scores = np.add.reduceat(matrix.take(ids, axis=0), starts, axis=0)  # take: half the cost of matrix[ids]
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def softmax(s: Sequence[float]) -> list[float]:
    """Probabilities from the scores of each class (the largest subtracted before ``exp``)."""
    top = max(s)
    e = [math.exp(v - top) for v in s]
    total = sum(e)
    return [v / total for v in e]


def summed_rows(rows: Iterable[Sequence[float] | None], n_classes: int) -> list[float]:
    """The scores of :meth:`LinearModel.scores` from the weight rows of the features (None for
    a feature the model does not know), added in the same order."""
    out = [0.0] * n_classes
    for w in rows:
        if w is not None:
            for k, v in enumerate(w):
                out[k] += v
    return out


class WeightTable(Mapping[str, tuple[float, ...]]):
    """A model's weights as a file holds them: one read-only array, a row per feature, in the order
    of ``features``; a row is made into a tuple only when it is asked for, so loading a model does
    not build 90,000 of them.

    >>> table = WeightTable(["bias", "x"], np.array([[0.0, -1.0], [0.5, -0.25]]))
    >>> table["x"], list(table)
    ((0.5, -0.25), ['bias', 'x'])
    """

    def __init__(self, features: Sequence[str], matrix: np.ndarray) -> None:
        self.features = tuple(features)
        self.matrix = matrix
        self.matrix.flags.writeable = False  # shared by every user of the cached model

    @cached_property
    def _index(self) -> dict[str, int]:
        return {f: i for i, f in enumerate(self.features)}

    def __getitem__(self, feature: str) -> tuple[float, ...]:
        return tuple(self.matrix[self._index[feature]].tolist())

    def __iter__(self) -> Iterator[str]:
        return iter(self.features)

    def __len__(self) -> int:
        return len(self.features)


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression as a table: one weight per (feature, class)."""

    classes: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]

    def scores(self, features: Iterable[str]) -> list[float]:
        return summed_rows(map(self.weights.get, features), len(self.classes))

    def probabilities(self, features: Iterable[str]) -> list[float]:
        return softmax(self.scores(features))

    @cached_property
    def matrix(self) -> np.ndarray:
        """The weights as one array, a row per feature in the table's order, a column per class;
        :class:`ValueError` when a row is not one number per class."""
        n = len(self.classes)
        if isinstance(self.weights, WeightTable):
            return self.weights.matrix
        if not self.weights:
            return np.zeros((0, n))
        try:
            rows = np.array(list(self.weights.values()))  # in C: the check is a look at the result
        except ValueError:  # rows of different lengths
            rows = None
        if rows is None or rows.ndim != 2 or rows.shape[1] != n or rows.dtype.kind not in "biuf":
            raise ValueError(f"a weight row that is not {n} numbers")
        return rows.astype(float, copy=False)

    @cached_property
    def _table(self) -> tuple[dict[str, int], np.ndarray]:
        index = {f: i for i, f in enumerate(self.weights)}
        unknown = np.zeros((1, len(self.classes)))  # the last row: unknown features
        return index, np.vstack([self.matrix, unknown])

    def probabilities_of(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`probabilities` of many feature lists at once (one row each), in one array pass."""
        index, matrix = self._table
        unknown = len(index)
        ids = [index.get(f, unknown) for row in rows for f in row]
        return row_probabilities(matrix, ids, [len(r) for r in rows])

    def shifted(self, cls: str, offset: float) -> LinearModel:
        """The same model with ``offset`` added to the bias of class ``cls``."""
        k = self.classes.index(cls)
        bias = list(self.weights.get("bias", [0.0] * len(self.classes)))
        bias[k] = round(bias[k] + offset, WEIGHT_DECIMALS)
        return LinearModel(self.classes, {**self.weights, "bias": tuple(bias)})

    def to_dict(self) -> dict[str, Any]:
        """The model as a file holds it: its features sorted and their weights in one list, a row
        after the other, each weight rounded to a whole number of ten-thousandths (the decimals
        training keeps); :class:`ValueError` for a row that is not a finite number per class.

        >>> LinearModel(("none", "method"), {"x": (0.5, -0.25), "bias": (0.0, -1.0)}).to_dict()
        {'classes': ['none', 'method'], 'features': ['bias', 'x'], 'weights': [0, -10000, 5000, -2500]}
        """
        features = list(self.weights)
        order = sorted(range(len(features)), key=features.__getitem__)
        scaled = np.rint(self.matrix[order] * WEIGHT_SCALE)  # (matrix: one number per class, or ValueError)
        if not np.isfinite(scaled).all():
            raise ValueError("a weight that is not a finite number")
        return {"classes": list(self.classes), "features": [features[i] for i in order],
                "weights": scaled.astype(np.int64).ravel().tolist()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], file_format: str = MODEL_FORMAT) -> LinearModel:
        """The model of :meth:`to_dict` (or, for ``file_format`` kg-linear-1, of a weight row per
        feature); :class:`ValueError` naming what is wrong with anything else.

        >>> LinearModel.from_dict({"classes": ["none", "method"], "features": ["bias", "x"],
        ...                        "weights": [0, -10000, 5000, -2500]}).weights["x"]
        (0.5, -0.25)
        >>> LinearModel.from_dict({"classes": ["none", "method"], "features": ["x", "bias"], "weights": [0, 0, 0, 0]})
        Traceback (most recent call last):
        ValueError: features that are not strings in sorted order, each once
        """
        classes = tuple(d["classes"])
        if file_format == "kg-linear-1":
            return cls(classes, dict(d["weights"]))
        features, weights, n = d["features"], d["weights"], len(classes)
        if not n:
            raise ValueError("no classes")
        if not (isinstance(features, list) and all(isinstance(f, str) for f in features)
                and all(a < b for a, b in pairwise(features))):  # (a repeated feature would shift every row after it)
            raise ValueError("features that are not strings in sorted order, each once")
        flat = np.array(weights) if isinstance(weights, list) else None
        # Whole numbers only: strings, nulls, fractions, NaN and numbers too large for 64 bits are not.
        if flat is None or flat.ndim != 1 or (flat.size and flat.dtype.kind not in "iu"):
            raise ValueError("weights that are not a list of whole numbers")
        if flat.size != n * len(features):
            raise ValueError(f"{flat.size} weights for {len(features)} features of {n} classes")
        return cls(classes, WeightTable(features, flat.reshape(-1, n) / WEIGHT_SCALE))


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
        if not isinstance(d, dict) or d.get("format") not in READABLE_FORMATS:
            found = d.get("format") if isinstance(d, dict) else None
            raise ValueError(f"not a kg entity model (format {found!r}, expected {MODEL_FORMAT!r})")
        parts: dict[str, LinearModel] = {}
        for name in ("types", "proposed"):
            try:
                part = parts[name] = LinearModel.from_dict(d[name], d["format"])
                part.matrix  # (made now: its checks refuse a kg-linear-1 row that is not a number per class)
            except (KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"not a kg entity model (damaged: {type(exc).__name__} {exc})") from None
            except ValueError as exc:
                raise ValueError(f"not a kg entity model (damaged: its {name} model has {exc})") from None
        model = cls(parts["types"], parts["proposed"], d.get("meta", {}))
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
        row = p if isinstance(p, list) else list(p)
        k = row.index(max(row[:len(classes)]))  # the most probable class, the first one on a tie
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


# Cached feature rows are dropped past this many entries (texts, words), to bound the memory of a long run.
_CACHE_MAX = 1 << 17


class FeatureRows:
    """The features of :func:`~kg.extract.features.candidate_features` as rows of the models'
    weight tables, without building their strings again for every candidate.

    One index holds the features of both models (the types model's first, in its own order); a
    feature neither knows gets the row of zeros past the end. What depends on a candidate's text
    (its lists, shape, words) is kept by text, the words around it by word, the sentence cues by
    sentence: the rows come out in the order of the strings, so the scores add up exactly as
    :meth:`LinearModel.probabilities_of` and :meth:`LinearModel.probabilities` add them.
    """

    def __init__(self, model: EntityModel, lists: Lists) -> None:
        self.lists = lists
        index = {f: i for i, f in enumerate(model.types.weights)}
        for f in model.proposed.weights:
            index.setdefault(f, len(index))
        self.index = index
        self.unknown = len(index)
        self.types_classes = model.types.classes
        self.types_matrix = np.zeros((len(index) + 1, len(model.types.classes)))
        self.types_matrix[:len(model.types.weights)] = model.types.matrix  # its features come first
        self.n_proposed = len(model.proposed.classes)
        self.proposed_rows: list[Sequence[float] | None] = [None] * (len(index) + 1)
        for f, w in zip(model.proposed.weights, model.proposed.matrix.tolist()):
            self.proposed_rows[index[f]] = w
        self._text: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._sources: dict[frozenset[str], tuple[int, ...]] = {}
        self._near: tuple[dict[str, int], ...] = ({}, {}, {}, {})  # L1, L2, R1, R2: word -> row
        self._named: dict[str, int] = {}  # every other feature string -> row

    def row(self, feature: str) -> int:
        """The row of one feature string."""
        r = self._named.get(feature)
        if r is None:
            if len(self._named) >= _CACHE_MAX:
                self._named.clear()
            r = self._named[feature] = self.index.get(feature, self.unknown)
        return r

    def _text_rows(self, text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        rows = self._text.get(text)
        if rows is None:
            if len(self._text) >= _CACHE_MAX:
                self._text.clear()
            what, how = text_features(text, self.lists)
            get, unknown = self.index.get, repeat(self.unknown)  # get(feature, unknown), mapped in C
            rows = self._text[text] = (tuple(map(get, what, unknown)), tuple(map(get, how, unknown)))
        return rows

    def _near_row(self, slot: int, word: str) -> int:
        cache = self._near[slot]
        r = cache.get(word)
        if r is None:
            if len(cache) >= _CACHE_MAX:
                cache.clear()
            r = cache[word] = self.index.get(f"{('L1', 'L2', 'R1', 'R2')[slot]}={word}", self.unknown)
        return r

    def doc_rows(self, ctx: DocContext, cands: Sequence[Candidate], texts: Sequence[str]) -> tuple[list[int], list[int]]:
        """The rows of every candidate's features, one list after the other, and how many each has.

        The strings of :func:`~kg.extract.features.candidate_features`, in their order, as rows:
        the calls of :func:`~kg.extract.features.context_features` are written out here (the words
        around a candidate as ``_word`` gives them), which test_fast_paths checks.
        """
        cols = ctx.cols
        lists, heads = self.lists, self.lists.heads
        row = self.row
        index, unknown = self.index, self.unknown
        near = self._near_row
        near0, near1, near2, near3 = self._near
        text_rows, sources = self._text, self._sources
        texts_of, lowers, n = cols.texts, cols.lowers, cols.n
        bias, in_title, title_allcaps = index.get("bias", unknown), index.get("in_title", unknown), index.get(
            "title_allcaps", unknown)
        sent_initial, in_paren = index.get("sent_initial", unknown), index.get("in_paren", unknown)
        paren_after = index.get("paren_after", unknown)
        t_end, allcaps, repeats = ctx.t_end, ctx.title_allcaps, ctx.repeats
        cue_rows: dict[int, tuple[int, ...]] = {}
        appos_rows: dict[str | None, int] = {}
        repeat_rows: dict[int, int] = {}
        flat: list[int] = []
        lengths: list[int] = []
        for cand, text in zip(cands, texts):
            begin = len(flat)
            # source_features
            if cand.rule_attrs:
                flat += map(row, source_features(cand))
            else:
                key = frozenset(cand.sources)
                src = sources.get(key)
                if src is None:
                    src = sources[key] = tuple(map(row, source_features(cand)))
                flat += src
            what, how = text_rows.get(text) or self._text_rows(text)
            flat += what
            if cand.long_form is not None:
                flat += map(row, long_form_features(cols, cand, lists))
            a, b = cand.start, cand.end
            s0, s1 = cols.sentence(a)
            kind = apposition_kind(cols, b, s1, heads)
            r = appos_rows.get(kind)
            if r is None:
                r = appos_rows[kind] = row(f"appos={kind}")
            flat.append(r)
            flat += how
            # context_features: bias, the words around (_word), the cues of the sentence...
            flat.append(bias)
            i = a - 1
            w = "<s>" if i < s0 else "</s>" if i >= s1 else lowers[i] if len(texts_of[i]) < 20 else "<long>"
            r = near0.get(w)
            flat.append(r if r is not None else near(0, w))
            i = a - 2
            w = "<s>" if i < s0 else "</s>" if i >= s1 else lowers[i] if len(texts_of[i]) < 20 else "<long>"
            r = near1.get(w)
            flat.append(r if r is not None else near(1, w))
            i = b
            w = "<s>" if i < s0 else "</s>" if i >= s1 else lowers[i] if len(texts_of[i]) < 20 else "<long>"
            r = near2.get(w)
            flat.append(r if r is not None else near(2, w))
            i = b + 1
            w = "<s>" if i < s0 else "</s>" if i >= s1 else lowers[i] if len(texts_of[i]) < 20 else "<long>"
            r = near3.get(w)
            flat.append(r if r is not None else near(3, w))
            cues = cue_rows.get(s0)
            if cues is None:
                cues = cue_rows[s0] = tuple(map(row, ctx.cues(s0, s1)))
            flat += cues
            if a < t_end:
                flat.append(in_title)
                if allcaps:
                    flat.append(title_allcaps)
            if a == s0:
                flat.append(sent_initial)
            if a > 0 and texts_of[a - 1] == "(" and b < n and texts_of[b] == ")":
                flat.append(in_paren)
            if b < n and texts_of[b] == "(":
                flat.append(paren_after)
            k = min(repeats[text.lower()], 3) if text else 1
            r = repeat_rows.get(k)
            if r is None:
                r = repeat_rows[k] = row(f"repeats={k}")
            flat.append(r)
            lengths.append(len(flat) - begin)
        return flat, lengths

    def types_probabilities(self, flat: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
        """The types model's probabilities of each candidate (as :meth:`LinearModel.probabilities_of`)."""
        return row_probabilities(self.types_matrix, flat, lengths)

    def proposed_probabilities(self, rows: Iterable[int]) -> list[float]:
        """The proposed model's probabilities of one candidate (as :meth:`LinearModel.probabilities`)."""
        table = self.proposed_rows
        return softmax(summed_rows([table[r] for r in rows], self.n_proposed))


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
            source = f"vocab:{etype}"
            for a, b in matcher.offsets(doc):
                cand = cands.get((a, b))
                if cand is None:
                    cand = cands[(a, b)] = Candidate(a, b)
                cand.sources.add(source)
        return sorted(cands.values(), key=lambda c: (c.start, -c.end))

    def texts(self, doc: Doc, cands: Sequence[Candidate]) -> list[str]:
        cols = doc_tokens(doc)
        return [cols.span_text(c.start, c.end) for c in cands]

    def features(self, doc: Doc, cands: Sequence[Candidate]) -> list[list[str]]:
        texts = self.texts(doc, cands)
        ctx = DocContext(doc, texts)
        return [candidate_features(ctx, c, self.lists, t) for c, t in zip(cands, texts)]


# Types a bare modality ("MRI", "LiDAR", "EEG") is never: the role "modality" of
# resources/noun_phrase_terms.jsonl says why.
NOT_MODALITIES = ("method", "dataset")


@lru_cache(maxsize=1)
def modalities() -> frozenset[str]:
    """Lower-case names of data modalities, sensors and imaging techniques (the role ``modality`` of
    ``resources/noun_phrase_terms.jsonl``).

    >>> "mri" in modalities(), "fastmri" in modalities()
    (True, False)
    """
    return load_terms("noun_phrase_terms.jsonl")["modality"]


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
        self.rows = FeatureRows(self.model, self.finder.lists)
        self.modalities = modalities()

    def __call__(self, doc: Doc) -> Doc:
        blocked = claimed_tokens(doc, self.blocking)  # what the rules of other types decided
        cands = [c for c in self.finder.candidates(doc) if blocked.isdisjoint(range(c.start, c.end))]
        texts = self.finder.texts(doc, cands)
        flat, lengths = self.rows.doc_rows(DocContext(doc, texts), cands, texts)
        probs = self.rows.types_probabilities(flat, lengths).tolist()
        decided = decide(cands, probs, self.model.types.classes, self.types)
        if self.modalities:
            text_of = {(c.start, c.end): t for c, t in zip(cands, texts)}
            decided = [d for d in decided if d[1] not in NOT_MODALITIES
                       or text_of[(d[0].start, d[0].end)].lower() not in self.modalities]
        # Where each candidate's rows lie in ``flat``; only a decided method reads its rows again
        # (proposed or used), so no list of rows is cut for the others.
        bounds = dict(zip(map(id, cands), pairwise(accumulate(lengths, initial=0))))
        for etype in self.types:
            doc.spans[spans_key(etype)] = []
        for cand, etype, p in decided:
            a, b = bounds[id(cand)]
            self._write(doc, cand, etype, flat[a:b] if etype == "method" else [])
        return doc

    def _write(self, doc: Doc, cand: Candidate, etype: str, rows: list[int]) -> None:
        span = Span(doc, cand.start, cand.end)
        cols = doc_tokens(doc)
        a, b = surface_offsets(cols, cand.start, cand.end)  # surface_chars(span), from the columns
        text = cols.text[a:b]
        attrs = dict(cand.rule_attrs.get(etype, {}))
        entry = self.finder.vocab[etype].lookup(text) if etype in self.finder.vocab else None
        if not attrs.get("norm"):
            attrs["norm"] = entry.norm if entry is not None else canonical_key(text)
            attrs["label"] = entry.name if entry is not None else text
        if entry is not None and etype == "task" and entry.attrs.get("topics"):
            attrs.setdefault("broader", list(entry.attrs["topics"]))
        attrs["source"] = "model"
        if etype == "method":
            p = self.rows.proposed_probabilities(rows)  # proposal_features: the same features
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

"""Train the learned decision of :mod:`kg.extract.classifier` (``kg train``).

Examples come from two places:

* **gold**: papers annotated to ``examples/gold/GUIDELINES.md`` (inputs ``{id, title, abstract}``
  and gold lines ``{id, methods, datasets, tasks, hardware, ...}``). Each candidate span whose text
  is the text of a gold entity of a learned type takes that type; every other candidate is
  ``none``. Gold methods also teach the proposed-or-used decision.
* **weak labels** (optional): unlabelled abstracts in which a candidate's text is a known name of
  exactly one type's vocabulary. Only its :func:`~kg.extract.features.context_features` are kept —
  the name itself is masked — so the model learns how each type is written about, not the names.

The model is multinomial logistic regression (scikit-learn, ``pip install 'kg[train]'``); weights are
rounded and written in sorted order, and the solver runs on a fixed number of threads
(:data:`THREADS`), so the same examples give the same file byte for byte.

What cannot be trained on raises :class:`TrainingError`, naming the file and line, before the
pipeline runs: a missing or unreadable file, a line that is not a JSON object, an input without a gold line,
a gold line without an input, an id given twice, a gold list that is not a list of ``{"text": ...}``
objects, scikit-learn missing. :class:`NothingToLearn` (a :class:`TrainingError`) says that the data
holds no example of something the model must learn.

Examples
--------
>>> norm_text("  the CIFAR-10 dataset. ")
'cifar-10 dataset'
"""
from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.entity_types import ENTITY_TYPES, learned_types
from kg.export.atomic import atomic_write
from kg.extract.classifier import WEIGHT_DECIMALS, CandidateFinder, EntityModel, LinearModel
from kg.extract.features import DocContext, context_features
from kg.extract.gazetteer import squash
from kg.extract.pipeline import _make_doc, build_nlp
from kg.extract.tokens import doc_tokens
from kg.model import Paper

__all__ = ["Example", "GoldPaper", "NothingToLearn", "Trained", "TrainingError", "examples_from_gold", "fit",
           "learn", "norm_text", "read_gold", "require_sklearn", "train", "weak_examples", "write_model"]

NONE = "none"
CLASSES: tuple[str, ...] = (NONE, *learned_types())
# A feature whose weights all stay under this in size is left out of the model. Half the features
# of a model trained on 2,000 abstracts are such (names and words seen once or twice); without them
# cross-validated F1 is the same to the 4th decimal, and the file and its loading take half the time.
MIN_WEIGHT = 0.01
WEAK_WEIGHT = 0.2  # a weak example counts this much of a gold one
SKLEARN_MISSING = "training needs scikit-learn: pip install 'kg[train]'"
# The BLAS/OpenMP threads the solver runs on, whatever the machine has. A dot product split over
# threads is summed in another order, and after hundreds of solver steps a weight can move in its
# 4th decimal: the count is part of what makes the file. 2 is what the shipped model was trained
# with; 1 trains ~6x faster on a busy machine but would change the shipped model's bytes.
THREADS = 2


class TrainingError(ValueError):
    """The examples cannot be trained on; the message names the file (and line) to fix."""


class NothingToLearn(TrainingError):
    """The examples are readable but hold nothing to learn from (no paper, no gold entity of a
    learned type among the candidates, methods of one kind only)."""


@dataclass(frozen=True)
class GoldPaper:
    """A paper and its gold entities: type -> [(text, attributes)]."""

    paper: Paper
    entities: Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass
class Example:
    """Features, a label and a weight; ``key`` is the candidate's text as the scorer compares it."""

    features: list[str]
    label: str
    weight: float = 1.0
    key: str = ""


@dataclass
class Examples:
    """The examples of both decisions; ``papers`` groups the type examples by paper (for
    cross-validation)."""

    types: list[Example] = field(default_factory=list)
    proposed: list[Example] = field(default_factory=list)
    papers: list[list[Example]] = field(default_factory=list)


def norm_text(text: str) -> str:
    """A span's text as gold and candidates are compared: case, outer punctuation, spaces and a
    leading article ignored."""
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" .,;:()[]\"'")
    return re.sub(r"^(the|a|an) ", "", t)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank line; gzip by the ``.gz`` suffix."""
    path = Path(path)
    try:
        f = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    except FileNotFoundError:
        raise TrainingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TrainingError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise TrainingError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    with f:
        n = 0
        try:
            for n, raw in enumerate(f, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise TrainingError(f"{path}:{n}: not UTF-8 text") from None
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    raise TrainingError(f"{path}:{n}: invalid JSON: {exc}") from None
                if not isinstance(rec, dict):
                    raise TrainingError(f"{path}:{n}: a line must be a JSON object, not {type(rec).__name__}")
                yield n, rec
        except (OSError, EOFError) as exc:  # a damaged gzip stream
            raise TrainingError(f"{path}:{n + 1}: cannot read: {exc}") from None


def _gold_entities(rec: Mapping[str, Any], where: str) -> dict[str, list[Mapping[str, Any]]]:
    """The entities of each learned type of a gold line, checked: lists of ``{"text": str}`` objects."""
    out = {}
    for t in learned_types():
        key = ENTITY_TYPES[t].gold_key
        ents = rec.get(key)
        if ents is None:
            ents = []
        if not isinstance(ents, list) or not all(isinstance(e, dict) and isinstance(e.get("text"), str)
                                                 for e in ents):
            raise TrainingError(f'{where}: "{key}" must be a list of objects with a "text" string')
        out[t] = list(ents)
    return out


def read_gold(inputs: Path, gold: Path) -> list[GoldPaper]:
    """Papers of ``inputs`` with their annotations in ``gold``, matched by id: each input needs a
    gold line and each gold line an input (:class:`TrainingError` otherwise, naming file and line)."""
    inputs, gold = Path(inputs), Path(gold)
    annotations: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, rec in _read_jsonl(gold):
        if not isinstance(rec.get("id"), str):
            raise TrainingError(f"{gold}:{n}: a gold line needs a string id")
        if rec["id"] in annotations:
            raise TrainingError(f"{gold}:{n}: id {rec['id']!r} again (first on line {annotations[rec['id']][0]})")
        annotations[rec["id"]] = (n, rec)
    out = []
    seen: dict[str, int] = {}
    for n, rec in _read_jsonl(inputs):
        if not all(isinstance(rec.get(k), str) for k in ("id", "title", "abstract")):
            raise TrainingError(f"{inputs}:{n}: an input needs string id, title and abstract")
        pid = rec["id"]
        if pid in seen:
            raise TrainingError(f"{inputs}:{n}: id {pid!r} again (first on line {seen[pid]})")
        seen[pid] = n
        if pid not in annotations:
            raise TrainingError(f"{inputs}:{n}: no gold line for id {pid!r} in {gold}")
        g, ents = annotations[pid]
        out.append(GoldPaper(Paper(pid, rec["title"], rec["abstract"]), _gold_entities(ents, f"{gold}:{g}")))
    for pid, (n, _) in annotations.items():
        if pid not in seen:
            raise TrainingError(f"{gold}:{n}: no input with id {pid!r} in {inputs}")
    return out


def _docs(nlp: Any, papers: Iterable[Paper]) -> Iterator[tuple[Paper, Any]]:
    papers = list(papers)
    yield from zip(papers, nlp.pipe((_make_doc(nlp, p) for p in papers), batch_size=64))


def examples_from_gold(gold: Sequence[GoldPaper], nlp: Any = None, finder: CandidateFinder | None = None) -> Examples:
    """The labelled candidates of annotated papers."""
    if nlp is None and finder is None:
        nlp, finder = _reader()
    nlp = nlp or rule_pipeline()
    finder = finder or CandidateFinder(nlp)
    out = Examples()
    for g, (_, doc) in zip(gold, _docs(nlp, (g.paper for g in gold))):
        label_of: dict[str, str] = {}
        proposed_of: dict[str, bool] = {}
        for etype, ents in g.entities.items():
            for e in ents:
                key = norm_text(e.get("text", ""))
                label_of.setdefault(key, etype)
                if etype == "method":
                    proposed_of[key] = proposed_of.get(key, False) or bool(e.get("proposed"))
        cands = finder.candidates(doc)
        cols = doc_tokens(doc)
        out.papers.append([])
        for cand, feats in zip(cands, finder.features(doc, cands)):
            key = norm_text(cols.span_text(cand.start, cand.end))
            label = label_of.get(key, NONE)
            out.types.append(Example(feats, label, key=key))
            out.papers[-1].append(out.types[-1])
            if label == "method":
                out.proposed.append(Example(feats, "proposed" if proposed_of.get(key) else "used"))
    return out


def weak_examples(texts: Iterable[tuple[str, str]], *, limit: int, seed: int = 0, nlp: Any = None,
                  finder: CandidateFinder | None = None) -> list[Example]:
    """Context-only examples of known names in unlabelled ``(title, abstract)`` pairs: at most
    ``limit`` per type, drawn with a fixed seed."""
    if nlp is None and finder is None:
        nlp, finder = _reader()
    nlp = nlp or rule_pipeline()
    finder = finder or CandidateFinder(nlp)
    lists = finder.lists
    pool: dict[str, list[list[str]]] = {t: [] for t in learned_types()}
    papers = (Paper(f"u{i}", t, a) for i, (t, a) in enumerate(texts))
    for _, doc in _docs(nlp, papers):
        cols = doc_tokens(doc)
        ctx = DocContext(doc)
        for cand in finder.candidates(doc):
            text = cols.span_text(cand.start, cand.end)
            types = [m.removeprefix("vocab=") for m in lists.memberships(text) if m.startswith("vocab=")]
            if len(types) == 1 and len(squash(text)) > 2:
                pool[types[0]].append(context_features(ctx, cand))
    rng = random.Random(seed)
    out = []
    for etype in learned_types():
        chosen = pool[etype] if len(pool[etype]) <= limit else rng.sample(pool[etype], limit)
        out += [Example(f, etype, WEAK_WEIGHT) for f in chosen]
    return out


def require_sklearn() -> None:
    """:class:`TrainingError` saying how to install scikit-learn, when it is not installed."""
    try:
        import sklearn.linear_model  # noqa: F401
        import threadpoolctl  # noqa: F401
    except ImportError:
        raise TrainingError(SKLEARN_MISSING) from None


def fit(examples: Sequence[Example], classes: Sequence[str], *, c: float = 1.0) -> LinearModel:
    """Multinomial logistic regression over the examples' features (L2, strength ``1/c``)."""
    require_sklearn()
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    vocabulary = sorted({f for ex in examples for f in ex.features})
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols, data = [], [], []
    for r, ex in enumerate(examples):
        for f in sorted(set(ex.features)):
            rows.append(r)
            cols.append(index[f])
            data.append(1.0)
    X = csr_matrix((data, (rows, cols)), shape=(len(examples), len(vocabulary)))
    present = [k for k in classes if any(ex.label == k for ex in examples)]
    y = [present.index(ex.label) for ex in examples]
    model = LogisticRegression(C=c, max_iter=2000, tol=1e-6)
    with threadpool_limits(THREADS):
        model.fit(X, y, sample_weight=[ex.weight for ex in examples])
    coef = model.coef_ if len(present) > 2 else [-model.coef_[0] / 2, model.coef_[0] / 2]
    bias = model.intercept_ if len(present) > 2 else [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    weights: dict[str, list[float]] = {}
    for f, i in index.items():
        w = [round(float(coef[present.index(k)][i]) if k in present else 0.0, WEIGHT_DECIMALS)
             for k in classes]
        if f == "bias":
            w = [round(v + (float(bias[present.index(k)]) if k in present else -10.0), WEIGHT_DECIMALS)
                 for v, k in zip(w, classes)]
        if f == "bias" or max(map(abs, w)) >= MIN_WEIGHT:
            weights[f] = w
    return LinearModel(tuple(classes), weights)


CV_MIN_PAPERS = 10  # fewer papers than this: no cross-validation, every offset 0
OFFSETS = (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def _f1(scored: Sequence[tuple[int, str, list[float], str]], classes: Sequence[str],
        offsets: Sequence[float]) -> float:
    """Micro F1 of the typed (not ``none``) decisions as the scorer counts them: one entity per
    paper, text and type, each class's score shifted by its offset."""
    predicted, gold = set(), set()
    for paper, key, scores, label in scored:
        s = [v + o for v, o in zip(scores, offsets)]
        pred = classes[max(range(len(s)), key=lambda k: (s[k], -k))]
        if pred != NONE:
            predicted.add((paper, key, pred))
        if label != NONE:
            gold.add((paper, key, label))
    tp = len(predicted & gold)
    return 2 * tp / (len(predicted) + len(gold)) if tp else 0.0


def choose_offsets(papers: Sequence[Sequence[Example]], extra: Sequence[Example], *, c: float,
                   folds: int = 5) -> list[float]:
    """A shift of each class's score that maximises cross-validated F1 (papers held out together):
    the balance between names of each type and non-names, learned from the data rather than set by
    hand. Coordinate ascent over :data:`OFFSETS`, two rounds, ties to the smaller shift."""
    scored: list[tuple[int, str, list[float], str]] = []
    for k in range(folds):
        rest = [ex for i, p in enumerate(papers) if i % folds != k for ex in p]
        model = fit(rest + list(extra), CLASSES, c=c)
        scored += [(i, ex.key, model.scores(ex.features), ex.label)
                   for i, p in enumerate(papers) if i % folds == k for ex in p]
    offsets = [0.0] * len(CLASSES)
    for _ in range(2):
        for k in range(1, len(CLASSES)):  # "none" stays the reference
            def score(o: float, k: int = k) -> tuple[float, float]:
                trial = [*offsets[:k], o, *offsets[k + 1:]]
                return _f1(scored, CLASSES, trial), -abs(o)
            offsets[k] = max(OFFSETS, key=score)
    return offsets


def rule_pipeline() -> Any:
    """The pipeline without the classifier: what the classifier sees when it runs."""
    from kg.extract.pipeline import DEFAULT_COMPONENTS

    return build_nlp([c for c in DEFAULT_COMPONENTS if c != "kg_classifier"])


@lru_cache(maxsize=1)
def _reader() -> tuple[Any, CandidateFinder]:
    """The rule pipeline and its candidate finder, built once per process (they take seconds)."""
    nlp = rule_pipeline()
    return nlp, CandidateFinder(nlp)


@dataclass(frozen=True)
class Trained:
    """A trained model and what it was trained on: examples per class of each decision."""

    model: EntityModel
    papers: int
    types: Mapping[str, int]  # gold candidates per class
    weak: Mapping[str, int]  # weak examples per class
    proposed: Mapping[str, int]  # gold methods: proposed, used

    @property
    def offsets(self) -> Mapping[str, float]:
        """The shift of each class's score chosen by cross-validation (all 0 under
        :data:`CV_MIN_PAPERS` papers)."""
        return self.model.meta["offsets"]


def _file_counts(per_file: Sequence[int], ex: Examples) -> list[dict[str, int]]:
    """Papers and type examples of each gold pair: what a check that the model is not stale can
    compare one file's examples with, without making those of every file again."""
    out, i = [], 0
    for n in per_file:
        out.append({"papers": n, "type_examples": sum(map(len, ex.papers[i:i + n]))})
        i += n
    return out


def _counts(examples: Iterable[Example], classes: Sequence[str]) -> dict[str, int]:
    counts = Counter(ex.label for ex in examples)
    return {k: counts[k] for k in classes}


def _check_learnable(ex: Examples, names: str) -> None:
    if all(e.label == NONE for e in ex.types):
        keys = ", ".join(repr(ENTITY_TYPES[t].gold_key) for t in learned_types())
        raise NothingToLearn(f"no candidate of {names} is a gold {' or '.join(learned_types())}: nothing to learn "
                             f"(the gold lists are {keys})")
    kinds = {e.label for e in ex.proposed}
    if not kinds:
        raise NothingToLearn(f"no candidate of {names} is a gold method: the proposed-or-used decision has "
                             "nothing to learn from")
    if len(kinds) == 1:
        raise NothingToLearn(f"every gold method of {names} among the candidates is {kinds.pop()}: the "
                             'proposed-or-used decision needs both ("proposed": true and false)')


def learn(gold: Sequence[tuple[Path, Path]], *, unlabelled: Path | None = None, weak_limit: int = 2000,
          c: float = 0.3, seed: int = 0) -> Trained:
    """Train both decisions from gold files (inputs, annotations) and optional unlabelled JSON
    Lines (``title``/``abstract``, gzip allowed). Every gold file is read and checked before the
    pipeline runs; :class:`TrainingError` names the file and line of the first problem."""
    require_sklearn()
    papers: list[GoldPaper] = []
    first: dict[str, Path] = {}
    per_file: list[int] = []  # papers of each gold pair, in order
    for inputs, annotations in gold:
        before = len(papers)
        for g in read_gold(inputs, annotations):
            if g.paper.id in first:
                raise TrainingError(f"{inputs}: id {g.paper.id!r} is also in {first[g.paper.id]}")
            first[g.paper.id] = Path(inputs)
            papers.append(g)
        per_file.append(len(papers) - before)
    names = ", ".join(str(inputs) for inputs, _ in gold)
    if not papers:
        raise NothingToLearn(f"no paper in {names}")
    if unlabelled is not None:
        next(_read_jsonl(Path(unlabelled)), None)  # a missing or unreadable file: say so now, not after minutes
    nlp, finder = _reader()
    ex = examples_from_gold(papers, nlp, finder)
    _check_learnable(ex, names)
    weak: list[Example] = []
    if unlabelled is not None:
        texts = ((r.get("title", ""), r.get("abstract", "")) for _, r in _read_jsonl(Path(unlabelled))
                 if isinstance(r.get("title"), str) and isinstance(r.get("abstract"), str))
        weak = weak_examples(texts, limit=weak_limit, seed=seed, nlp=nlp, finder=finder)
    enough = len(ex.papers) >= CV_MIN_PAPERS
    offsets = choose_offsets(ex.papers, weak, c=c) if enough else [0.0] * len(CLASSES)
    types = fit(ex.types + weak, CLASSES, c=c)
    for cls, offset in zip(CLASSES, offsets):
        types = types.shifted(cls, offset)
    proposed = fit(ex.proposed, ("used", "proposed"), c=c)
    meta = {"gold_papers": len(papers), "type_examples": len(ex.types), "weak_examples": len(weak),
            "proposed_examples": len(ex.proposed), "c": c, "offsets": dict(zip(CLASSES, offsets)),
            "weak_limit": weak_limit if unlabelled else 0, "seed": seed, "files": _file_counts(per_file, ex)}
    return Trained(EntityModel(types, proposed, meta), len(papers), _counts(ex.types, CLASSES),
                   _counts(weak, CLASSES), _counts(ex.proposed, ("proposed", "used")))


def write_model(model: EntityModel, out: Path) -> None:
    """Write ``model`` to ``out`` atomically: a reader sees the old file or the whole new one."""
    with atomic_write(out) as f:
        f.write(model.to_json())


def train(gold: Sequence[tuple[Path, Path]], out: Path, *, unlabelled: Path | None = None,
          weak_limit: int = 2000, c: float = 0.3, seed: int = 0) -> EntityModel:
    """Train both decisions (:func:`learn`) and write the model to ``out`` (what ``kg train`` does)."""
    model = learn(gold, unlabelled=unlabelled, weak_limit=weak_limit, c=c, seed=seed).model
    write_model(model, out)
    return model

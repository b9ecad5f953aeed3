"""Assemble the kg components into a spaCy pipeline and turn its spans into entities.

A paper is one Doc: ``title + "\\n\\n" + abstract``; a sentence boundary is forced at the
abstract's first token, so a title never runs into the abstract's first sentence. Each component
writes spans (see :mod:`kg.extract.spans`); :func:`entities_from_doc` maps them back to the field
and character offsets of the paper, with the sentence as evidence, and merges repeated mentions.

Examples
--------
>>> from kg.model import Paper
>>> nlp = build_nlp(components=["kg_repos"])
>>> paper = Paper("p1", "A title", "Code: https://github.com/Owner/Repo.git.")
>>> [e.norm for e in extract_paper(paper, nlp).entities]
['github.com/owner/repo']
"""
from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.entity_types import ENTITY_TYPES
from kg.extract.limits import make_doc
from kg.extract.spans import TITLE_SEPARATOR, component_order, ensure_extensions, field_of, span_attrs, spans_key
from kg.extract.tokens import doc_tokens
from kg.model import Entity, Mention, Paper, Sentence

__all__ = [
    "DEFAULT_COMPONENTS",
    "build_nlp",
    "default_nlp",
    "entities_from_doc",
    "extract_paper",
    "extract_papers",
    "paper_doc_text",
    "sentences_from_doc",
    "settle",
]

# The component of every registered type, each after the components whose spans it reads (claims
# look for datasets and hardware in their sentence; methods skip what is already a dataset).
# The learned classifier then decides the spans of the types the rules propose (kg/extract/classifier.py).
DEFAULT_COMPONENTS: tuple[str, ...] = tuple(component_order([*(t.component for t in ENTITY_TYPES.values()),
                                                             "kg_classifier"]))


@Language.component("kg_title_boundary")
def title_boundary(doc: Doc) -> Doc:
    """Start a sentence at the first token of the abstract (after the title separator)."""
    title_len = doc.user_data.get("kg_title_len")
    if title_len is not None:
        for tok in doc:
            if tok.idx >= title_len + len(TITLE_SEPARATOR):
                tok.is_sent_start = True
                break
            if tok.idx >= title_len and not tok.is_space:
                break
    return doc


def build_nlp(components: Sequence[str] | None = None, *, model: str | os.PathLike[str] | None = None) -> Language:
    """A blank English pipeline with a sentencizer and the kg components (all by default).

    The components are put in an order where each comes after those whose spans it reads.
    ``model`` is a model file of ``kg train`` for the ``kg_classifier`` component (its
    ``model_path``; default: the model shipped with kg).
    """
    ensure_extensions()
    names = DEFAULT_COMPONENTS if components is None else component_order(components)
    if model is not None and "kg_classifier" not in names:
        raise ValueError("a model is for the kg_classifier component, which this pipeline does not have")
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_title_boundary")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_sentence_limit")
    for name in names:
        if name == "kg_classifier" and model is not None:
            nlp.add_pipe(name, config={"model_path": os.fspath(model)})
        else:
            nlp.add_pipe(name)
    return nlp


def default_nlp(model: str | os.PathLike[str] | None = None) -> Language:
    """The full pipeline, built once per process and model file (built again when the file changes).

    It is built with the garbage collector paused, and its objects are then frozen out of the
    collector's way (:func:`gc.freeze`): they live as long as the process, and a collector walking
    their hundreds of thousands of objects while they are made, and at each full collection after,
    cost a third of a one-paper build (and dirtied the pages forked workers share).
    """
    if model is None:
        return _pipeline(None)
    stat = os.stat(model)
    return _pipeline((os.path.abspath(model), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=2)  # the default and one other: a test session goes back and forth
def _pipeline(model: tuple[str, int, int] | None) -> Language:
    with paused_gc():
        return build_nlp(model=None if model is None else model[0])


@contextmanager
def paused_gc() -> Iterator[None]:
    """No garbage collection in the block; what exists at its end is frozen (:func:`gc.freeze`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def settle(nlp: Language) -> Language:
    """Move a pipeline that lives as long as the process out of the cyclic garbage collector's reach.

    :func:`default_nlp` builds its pipeline in :func:`paused_gc`, which freezes it; this is for a
    pipeline built otherwise (:func:`build_nlp`). The pipeline holds millions of objects
    (vocabularies, gazetteers, matchers, the model), and extraction makes short-lived containers
    fast enough to trigger a collection every few milliseconds: each older-generation collection
    walked the whole pipeline again, 13% of extraction time on real abstracts. After one
    collection, ``gc.freeze()`` moves every object alive now to a generation that collections skip
    (they are still freed by reference counting).
    """
    gc.collect()
    gc.freeze()
    return nlp


def paper_doc_text(paper: Paper) -> str:
    """The text a paper is processed as."""
    return paper.title + TITLE_SEPARATOR + paper.abstract


def _make_doc(nlp: Language, paper: Paper) -> Doc:
    doc = make_doc(nlp, paper_doc_text(paper))  # not nlp.make_doc: see kg.extract.limits
    doc.user_data["kg_title_len"] = len(paper.title)
    return doc


def entities_from_doc(doc: Doc) -> list[Entity]:
    """The entities of a processed paper Doc, one per (type, surface text), in text order.

    Repeated mentions of the same surface text are kept as :class:`~kg.model.Mention` evidence on
    the first one.
    """
    spans = []
    for etype in ENTITY_TYPES:
        key = spans_key(etype)
        if key in doc.spans:
            spans.extend((etype, s) for s in doc.spans[key])
    if not spans:
        return []
    # ``Doc.text`` and ``Span.sent`` are rebuilt / searched token by token on every access: read
    # the text once and find sentences in an array of sentence starts.
    cols = doc_tokens(doc)
    doc_text = cols.text
    keyed = [(s.start_char, s.end_char, etype, doc_text[s.start_char:s.end_char], s) for etype, s in spans]
    keyed.sort(key=lambda k: k[:4])
    first: dict[tuple[str, str], Entity] = {}
    seen: dict[tuple[str, str], set[Mention]] = {}  # a set: a term repeated 10,000 times is not quadratic
    out: list[Entity] = []
    for span_start, span_end, etype, span_text, span in keyed:
        attrs = dict(span_attrs(span) or {})  # span._.kg, without making its Underscore
        start_char, end_char = attrs.pop("_chars", None) or (span_start, span_end)
        text = doc_text[start_char:end_char]
        field, offset = field_of(doc, start_char)
        start, end = start_char - offset, end_char - offset
        # Claims with one surface are the same claim only when they measure the same thing on the same
        # data ("84% on V* bench, ... 84% on InfographicsVQA" are two).
        dedup_text = text if etype != "metric" else (
            f"{text}@{attrs.get('value')}@{attrs.get('metric')}@{attrs.get('dataset')}@{attrs.get('task')}")
        key = (etype, dedup_text if etype != "topic" else attrs.get("norm", span_text))
        if key in first:
            m = Mention(field, start, end)
            if m not in seen[key]:
                seen[key].add(m)
                first[key].mentions.append(m)
            continue
        norm = attrs.pop("norm", None) or text.lower()
        sentence = cols.sentence_text(span.start).strip() if cols.has_sents else ""
        ent = Entity(type=etype, text=text, norm=norm, field=field, start=start, end=end,
                     sentence=sentence, **attrs)
        first[key] = ent
        seen[key] = set()
        out.append(ent)
    return out


def sentences_from_doc(doc: Doc) -> list[Sentence]:
    """Where each sentence of a processed paper Doc lies in the title or the abstract, white space
    trimmed, in text order: the paper's :attr:`~kg.model.Paper.sentences`.

    >>> nlp = build_nlp([])
    >>> doc = nlp(_make_doc(nlp, Paper("p", "A Title", "We train. It works.")))
    >>> sentences_from_doc(doc)
    [Sentence(field='title', start=0, end=7), Sentence(field='abstract', start=0, end=9), Sentence(field='abstract', start=10, end=19)]
    """
    cols = doc_tokens(doc)
    out = []
    for first, last in cols.sentences():
        a, b = cols.char_bounds(first, last)
        text = cols.text[a:b]
        a, b = a + len(text) - len(text.lstrip()), b - len(text) + len(text.rstrip())
        if a >= b:
            continue
        field, offset = field_of(doc, a)
        if field == "title":
            b = min(b, doc.user_data.get("kg_title_len", b))
        out.append(Sentence(field, a - offset, b - offset))
    return out


def extract_paper(paper: Paper, nlp: Language | None = None, *, model: str | os.PathLike[str] | None = None) -> Paper:
    """Run the pipeline on one paper and set its entities (returns the same paper); ``model``: a
    model file of ``kg train`` to run the default pipeline with."""
    nlp = nlp or default_nlp(model)
    doc = nlp(_make_doc(nlp, paper))
    paper.entities, paper.sentences = entities_from_doc(doc), sentences_from_doc(doc)
    return paper


def extract_papers(
    papers: Iterable[Paper], nlp: Language | None = None, *, batch_size: int = 64,
    model: str | os.PathLike[str] | None = None,
) -> Iterator[Paper]:
    """Run the pipeline over papers in batches (``nlp.pipe``), yielding each with its entities;
    ``model``: a model file of ``kg train`` to run the default pipeline with.

    The default pipeline is built (once per process) when the first paper comes: no paper, no
    pipeline.
    """
    it = iter(papers)
    while True:
        batch = []
        for p in it:
            batch.append(p)
            if len(batch) >= batch_size:
                break
        if not batch:
            return
        nlp = nlp or default_nlp(model)
        docs = nlp.pipe((_make_doc(nlp, p) for p in batch), batch_size=batch_size)
        for paper, doc in zip(batch, docs):
            paper.entities, paper.sentences = entities_from_doc(doc), sentences_from_doc(doc)
            yield paper

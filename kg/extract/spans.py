"""How the kg components hand results to the pipeline: spans in ``doc.spans`` with a ``._.kg`` dict.

Every component writes its spans to ``doc.spans[<its key>]`` with the entity type as the span label
and the entity's attributes (``norm`` always; ``value``/``unit``/``kind``... per type) in the span
extension ``span._.kg``. Keeping one extension for all components means a user's own component can
add entities the same way.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("Code at github.com/a/b")
>>> _ = add_entity(doc, SPAN_KEYS["repository"], doc.char_span(8, 22), "repository", norm="github.com/a/b")
>>> [(s.text, s.label_, s._.kg["norm"]) for s in doc.spans["kg_repos"]]
[('github.com/a/b', 'repository', 'github.com/a/b')]
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

__all__ = ["SPAN_KEYS", "TITLE_SEPARATOR", "add_entity", "ensure_extensions", "field_of"]

SPAN_KEYS = {
    "repository": "kg_repos",
    "metric": "kg_claims",
    "dataset": "kg_datasets",
    "method": "kg_methods",
    "hardware": "kg_hardware",
    "topic": "kg_topics",
}

# A paper is processed as one Doc: title, this separator, abstract.
TITLE_SEPARATOR = "\n\n"


def _attrs_key(entity_type: str, start_char: int, end_char: int) -> tuple[str, str, int, int]:
    return ("kg", entity_type, start_char, end_char)


def _get_attrs(span: Span) -> dict[str, Any] | None:
    return span.doc.user_data.get(_attrs_key(span.label_, span.start_char, span.end_char))


def ensure_extensions() -> None:
    """Declare ``Span._.kg`` (idempotent).

    The attributes live in ``doc.user_data`` keyed by type and offsets: spaCy keys a plain span
    extension by offsets only, so a topic span over "TVM" would overwrite the method's attributes.
    ``doc.user_data`` also travels with the Doc through ``nlp.pipe(n_process=...)``.
    """
    if not Span.has_extension("kg"):
        Span.set_extension("kg", getter=_get_attrs)


ensure_extensions()


def add_entity(
    doc: Doc,
    key: str,
    span: Span | None,
    entity_type: str,
    *,
    chars: tuple[int, int] | None = None,
    **attrs: Any,
) -> Span | None:
    """Append ``span`` to ``doc.spans[key]`` labelled ``entity_type``, with ``span._.kg = attrs``.

    ``attrs`` are :class:`~kg.model.Entity` fields (``norm``, ``label``, ``value``...). None-safe.

    ``chars`` gives the exact character offsets of the entity when they do not fall on token
    boundaries (a URL glued to a period, "75times"); the span then covers the tokens around them
    and the entity keeps the exact surface.
    """
    if span is None:
        return None
    span = Span(doc, span.start, span.end, label=entity_type)
    if chars is not None and chars != (span.start_char, span.end_char):
        attrs["_chars"] = list(chars)
    doc.user_data[_attrs_key(entity_type, span.start_char, span.end_char)] = dict(attrs)
    group = doc.spans[key] if key in doc.spans else doc.spans.setdefault(key, [])
    group.append(span)
    return span


def field_of(doc: Doc, start_char: int) -> tuple[str, int]:
    """``("title", 0)`` or ``("abstract", offset of the abstract)`` for a character in a paper Doc.

    Docs that are not papers (no separator; e.g. a sentence given to ``nlp``) are all "abstract".
    """
    title_len = doc.user_data.get("kg_title_len")
    if title_len is None:
        return "abstract", 0
    if start_char < title_len:
        return "title", 0
    return "abstract", title_len + len(TITLE_SEPARATOR)

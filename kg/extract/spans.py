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
>>> _ = add_entity(doc, spans_key("repository"), doc.char_span(8, 22), "repository", norm="github.com/a/b")
>>> [(s.text, s.label_, s._.kg["norm"]) for s in doc.spans["kg_repos"]]
[('github.com/a/b', 'repository', 'github.com/a/b')]

Each component declares its own spans key and the types whose spans it reads in its factory's
config (``{"spans_key": "kg_datasets", "reads": ["repository", "hardware"]}``); the registry
(:mod:`kg.entity_types`) names the factory of each type, so :func:`spans_key` and
:func:`component_order` need no list of their own.

>>> spans_key("task"), component_order(["kg_claims", "kg_repos", "kg_datasets"])
('kg_tasks', ['kg_repos', 'kg_datasets', 'kg_claims'])
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entity_types import ENTITY_TYPES

__all__ = [
    "TITLE_SEPARATOR",
    "add_entity",
    "component_order",
    "ensure_extensions",
    "factory_config",
    "field_of",
    "span_attrs",
    "spans_key",
]

# A paper is processed as one Doc: title, this separator, abstract.
TITLE_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def _factory_entry_points() -> dict[str, Any]:
    """The ``spacy_factories`` entry points by name (reading them scans every installed package: once)."""
    return {ep.name: ep for ep in entry_points(group="spacy_factories")}


def factory_config(factory: str) -> dict[str, Any]:
    """The default config of a spaCy factory, loading it through its entry point if needed."""
    if not Language.has_factory(factory):
        if (ep := _factory_entry_points().get(factory)) is not None:
            ep.load()  # imports the module whose decorator registers the factory
    if not Language.has_factory(factory):
        raise LookupError(f"no spaCy factory {factory!r}: is kg installed (pip install -e .)?")
    return dict(Language.get_factory_meta(factory).default_config)


@lru_cache(maxsize=None)
def spans_key(type_name: str) -> str:
    """The ``doc.spans`` key that the component of ``type_name`` writes."""
    return factory_config(ENTITY_TYPES[type_name].component)["spans_key"]


def _own_type(factory: str) -> str | None:
    return next((t.name for t in ENTITY_TYPES.values() if t.component == factory), None)


def _after(factory: str, factories: set[str]) -> set[str]:
    """The components ``factory`` must follow: those of the types it reads, and those that rewrite
    spans of those types (``"writes"`` in their config) unless they read ``factory``'s own type."""
    reads = set(factory_config(factory).get("reads", []))
    deps = {ENTITY_TYPES[t].component for t in reads}
    own = _own_type(factory)
    for other in factories - {factory}:
        config = factory_config(other)
        if reads & set(config.get("writes", [])) and own not in config.get("reads", []):
            deps.add(other)
    return deps & factories


def component_order(factories: Iterable[str]) -> list[str]:
    """``factories`` ordered so that each comes after the components whose spans it reads (and
    after a component that rewrites them, such as the learned classifier).

    Ties keep the registry's order (then the name), so the order is always the same.
    """
    rank = {t.component: i for i, t in enumerate(ENTITY_TYPES.values())}
    chosen = set(factories)
    todo = sorted(chosen, key=lambda f: (rank.get(f, len(rank)), f))
    after = {f: _after(f, chosen) for f in todo}
    done: list[str] = []
    while todo:
        ready = next((f for f in todo if not after[f] & (set(todo) - {f})), None)
        if ready is None:
            raise ValueError(f"components read each other's spans in a cycle: {todo}")
        done.append(ready)
        todo.remove(ready)
    return done


def _attrs_key(entity_type: str, start_char: int, end_char: int) -> tuple[str, str, int, int]:
    return ("kg", entity_type, start_char, end_char)


def span_attrs(span: Span) -> dict[str, Any] | None:
    """``span._.kg``: the attributes of an entity span (read without making an Underscore)."""
    return span.doc.user_data.get(_attrs_key(span.label_, span.start_char, span.end_char))


_get_attrs = span_attrs


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

"""The topic taxonomy (``kg/extract/resources/taxonomy.json``): concepts, their parents, checks.

Apart from :mod:`kg.extract.topics` (which matches it in text with spaCy) so that building a
graph from extracted papers reads the taxonomy without importing spaCy.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.ids import slugify

__all__ = ["TopicConcept", "load_taxonomy", "taxonomy_problems"]

_RESOURCES = "kg.extract.resources"
_TAXONOMY_FILE = "taxonomy.json"


@dataclass(frozen=True)
class TopicConcept:
    """A taxonomy concept: slug ``id``, preferred ``label``, parent ids, alternative labels."""

    id: str
    label: str
    broader: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()



def _concept_from_dict(d: Mapping[str, Any]) -> TopicConcept:
    return TopicConcept(
        id=d["id"],
        label=d["label"],
        broader=tuple(d.get("broader", ())),
        synonyms=tuple(d.get("synonyms", ())),
        hidden=tuple(d.get("hidden", ())),
    )


def taxonomy_problems(taxonomy: Mapping[str, TopicConcept]) -> list[str]:
    """Structural errors of a taxonomy: ids that are not slugs, unknown parents, cycles.

    Examples
    --------
    >>> taxonomy_problems({"a": TopicConcept("a", "A", ("b",)), "b": TopicConcept("b", "B", ("a",))})
    ['cycle: a -> b -> a']
    >>> taxonomy_problems({"a": TopicConcept("a", "A", ("zzz",))})
    ['a: unknown broader concept zzz']
    """
    problems = []
    for cid, c in sorted(taxonomy.items()):
        if cid != c.id or slugify(cid) != cid:
            problems.append(f"{cid}: id must be a slug equal to the concept's id")
        problems.extend(f"{cid}: unknown broader concept {b}" for b in c.broader if b not in taxonomy)
    # Depth-first search with colours; a grey node reached again closes a cycle.
    colour: dict[str, int] = {}
    for root in sorted(taxonomy):
        if colour.get(root):
            continue
        stack = [(root, iter(taxonomy[root].broader))]
        path = [root]
        colour[root] = 1
        while stack:
            node, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif parent in taxonomy and colour.get(parent) == 1:
                cycle = path[path.index(parent):] + [parent]
                problems.append("cycle: " + " -> ".join(cycle))
            elif parent in taxonomy and not colour.get(parent):
                colour[parent] = 1
                stack.append((parent, iter(taxonomy[parent].broader)))
                path.append(parent)
    return problems


@lru_cache(maxsize=8)
def _load_taxonomy(path: str | None) -> dict[str, TopicConcept]:
    if path is None:
        text = resources.files(_RESOURCES).joinpath(_TAXONOMY_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    taxonomy: dict[str, TopicConcept] = {}
    for d in data["concepts"]:
        if d["id"] in taxonomy:
            raise ValueError(f"taxonomy {path or _TAXONOMY_FILE}: duplicate concept id {d['id']}")
        taxonomy[d["id"]] = _concept_from_dict(d)
    problems = taxonomy_problems(taxonomy)
    if problems:
        raise ValueError(f"taxonomy {path or _TAXONOMY_FILE}: " + "; ".join(problems))
    return taxonomy


def load_taxonomy(path: str | Path | None = None) -> dict[str, TopicConcept]:
    """The taxonomy by concept id (the shipped one by default); loaded and checked once per path.

    The returned dict is shared: treat it as read-only.

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> tax["speculative-decoding"].label, tax["speculative-decoding"].broader
    ('Speculative decoding', ('llm-inference',))
    """
    return _load_taxonomy(None if path is None else str(path))

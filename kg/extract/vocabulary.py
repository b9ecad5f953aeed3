"""The vocabularies as data: entries of the JSON Lines files under ``kg/extract/resources/``.

What an entry is (:class:`GazetteerEntry`: name, merge key, aliases, options, free attributes),
how its spellings are made (:func:`surface_variants`) and how the files are read
(:func:`load_entries`), without spaCy: resolution reads the vocabularies too, and a build whose
papers all come from the cache never loads spaCy. Matching them in text is
:mod:`kg.extract.gazetteer`'s.

Examples
--------
>>> canonical_key("NVIDIA A100"), canonical_key("WMT'14 En-De")
('nvidia-a100', 'wmt-14-en-de')
>>> squash("CIFAR 10") == squash("cifar-10")
True
>>> sorted(surface_variants("CIFAR-10"))
['CIFAR 10', 'CIFAR-10', 'CIFAR10']
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["GazetteerEntry", "canonical_key", "load_entries", "load_jsonl", "merge_key", "squash",
           "surface_variants"]

_RESERVED = {"name", "norm", "aliases", "case_sensitive", "context"}
# Where one part of a name ends and the next begins: a separator, or a letter run of 3+ letters
# followed by a digit ("CIFAR10", "RTX4090"). Shorter letter runs stay glued: "A100" is never "A 100".
_SEPARATOR = re.compile(r"[\s_\-]+|(?<=[A-Za-z]{3})(?=\d)")
_MAX_MIXED_BOUNDARIES = 3  # beyond this, only uniform joiners (keeps the pattern count small)


def canonical_key(name: str) -> str:
    """The merge key of a canonical name: lower case, runs of other characters turned into ``-``.

    Examples
    --------
    >>> canonical_key("CNN/DailyMail"), canonical_key("  Long Range Arena ")
    ('cnn-dailymail', 'long-range-arena')
    """
    return re.sub(r"[^a-z0-9+.]+", "-", name.lower()).strip("-.")


def merge_key(text: str) -> str:
    """The canonical key of a name not in any gazetteer: its parts joined by ``-``, lower case.

    Spelling variants of one name get the same key, as gazetteer entries do.

    Examples
    --------
    >>> merge_key("Path256"), merge_key("Path-256"), merge_key("Path 256"), merge_key("MI250X")
    ('path-256', 'path-256', 'path-256', 'mi250x')
    """
    return canonical_key("-".join(p for p in _SEPARATOR.split(text.strip()) if p))


_NOT_SQUASHED = re.compile(r"[^0-9a-z+]")


def squash(text: str) -> str:
    """Letters and digits only, lower case: the key under which spelling variants coincide.

    Examples
    --------
    >>> squash("WikiText-103"), squash("Wikitext 103")
    ('wikitext103', 'wikitext103')
    """
    return _NOT_SQUASHED.sub("", text.lower())


def surface_variants(alias: str) -> set[str]:
    """Spellings of ``alias`` that differ only in how its parts are joined (space, hyphen, nothing).

    Examples
    --------
    >>> sorted(surface_variants("Long Range Arena"))
    ['Long Range Arena', 'Long Range-Arena', 'Long-Range Arena', 'Long-Range-Arena']
    >>> sorted(surface_variants("MultiPL-E"))
    ['MultiPL E', 'MultiPL-E']
    >>> surface_variants("A100")
    {'A100'}
    """
    alias = alias.strip()
    parts = _SEPARATOR.split(alias)
    seps = _SEPARATOR.findall(alias)
    out = {alias}
    if not seps:
        return out
    # Parts are glued without a joiner only across a letter-digit boundary ("CIFAR10"): glued
    # words make new words ("MultiPL-E" would become "multiple").
    choices = [("", " ", "-") if _digit_boundary(a, b) else (" ", "-") for a, b in zip(parts, parts[1:])]
    if len(seps) <= _MAX_MIXED_BOUNDARIES:
        for joiners in itertools.product(*choices):
            out.add(_join(parts, joiners))
    else:
        for j in (" ", "-"):
            out.add(_join(parts, [j] * len(seps)))
        if all("" in c for c in choices):
            out.add(_join(parts, [""] * len(seps)))
    return {v for v in out if v}


@lru_cache(maxsize=None)
def _variants(alias: str) -> frozenset[str]:
    """:func:`surface_variants`, made once per alias (gazetteers and the classifier's lists share them)."""
    return frozenset(surface_variants(alias))


def _digit_boundary(left: str, right: str) -> bool:
    return bool(left) and bool(right) and (left[-1].isdigit() or right[0].isdigit())


def _join(parts: Sequence[str], joiners: Sequence[str]) -> str:
    return "".join(p + j for p, j in zip(parts, [*joiners, ""]))


@dataclass(frozen=True)
class GazetteerEntry:
    """One known name: display label, merge key, spellings, matching options, free attributes."""

    name: str
    norm: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    context: frozenset[str] = frozenset()
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> GazetteerEntry:
        """Build an entry from one JSONL record (see the module docstring)."""
        name = rec["name"]
        return cls(
            name=name,
            norm=rec.get("norm") or canonical_key(name),
            aliases=tuple(rec.get("aliases", ())),
            case_sensitive=bool(rec.get("case_sensitive", False)),
            context=frozenset(w.lower() for w in rec.get("context", ())),
            attrs={k: v for k, v in rec.items() if k not in _RESERVED},
        )

    def spellings(self) -> set[str]:
        """Every surface form to match: variants of the name and of each alias."""
        out: set[str] = set()
        for a in (self.name, *self.aliases):
            out |= _variants(a)
        return out

    def aliases_and_name(self) -> set[str]:
        """The name and the aliases, as :func:`surface_variants` reads them (stripped, not empty):
        each stands for its spellings, which all :func:`squash` as it does.

        Examples
        --------
        >>> sorted(GazetteerEntry.from_record({"name": "CIFAR-10", "aliases": [" CIFAR10 ", ""]}).aliases_and_name())
        ['CIFAR-10', 'CIFAR10']
        """
        return {s for s in (a.strip() for a in (self.name, *self.aliases)) if s}


def load_jsonl(resource: str) -> tuple[dict[str, Any], ...]:
    """The records of a JSONL file in ``kg/extract/resources/`` (cached: read once per process)."""
    return _load_jsonl(resource)


@lru_cache(maxsize=None)
def _load_jsonl(resource: str) -> tuple[dict[str, Any], ...]:
    text = resources.files("kg.extract").joinpath("resources", resource).read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@lru_cache(maxsize=None)
def load_entries(resource: str) -> tuple[GazetteerEntry, ...]:
    """The entries of a gazetteer file in ``kg/extract/resources/`` (cached).

    Examples
    --------
    >>> any(e.name == "ImageNet" for e in load_entries("datasets.jsonl"))
    True
    """
    return tuple(GazetteerEntry.from_record(r) for r in _load_jsonl(resource))

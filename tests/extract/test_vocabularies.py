"""The vocabularies of known names (one gazetteer file per type) stay sorted, free of duplicates and
free of names of the wrong type."""
from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources

import pytest

from kg.entity_types import ENTITY_TYPES
from kg.extract.gazetteer import load_terms, squash

VOCABULARIES = {t.name: t.vocabulary for t in ENTITY_TYPES.values() if t.vocabulary}
FIELDS = {"name", "aliases", "kind", "family", "case_sensitive", "topics", "vendor", "context", "norm"}


def records(resource: str) -> list[dict]:
    text = resources.files("kg.extract").joinpath("resources", resource).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("etype", sorted(VOCABULARIES))
def test_a_vocabulary_is_sorted_with_known_fields_and_existing_families(etype):
    rows = records(VOCABULARIES[etype])
    names = [r["name"] for r in rows]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    assert all(set(r) <= FIELDS and r["name"].strip() == r["name"] for r in rows)
    assert all(r.get("family") in (None, *names) and r.get("family") != r["name"] for r in rows)


def _spellings(r: dict) -> list[str]:
    return [r["name"], *r.get("aliases", [])]


def _key(s: str) -> str:
    """Case, hyphens, underscores and spaces ignored (the matcher generates those variants)."""
    return " ".join(s.casefold().replace("-", " ").replace("_", " ").split())


@pytest.mark.parametrize("etype", sorted(VOCABULARIES))
def test_no_two_entries_of_a_vocabulary_share_a_spelling(etype):
    seen: dict[str, str] = {}
    for r in records(VOCABULARIES[etype]):
        for s in _spellings(r):
            key = _key(s) if not r.get("case_sensitive") else s
            assert seen.setdefault(key, r["name"]) == r["name"], f"{s!r}: {seen[key]!r} and {r['name']!r}"


def test_a_name_belongs_to_one_type_unless_case_tells_them_apart():
    """"SuperGlue" (a method) and "SuperGLUE" (a benchmark) may both be known, each matched as written."""
    owners: dict[str, set[tuple[str, str, bool]]] = defaultdict(set)
    for etype, resource in VOCABULARIES.items():
        for r in records(resource):
            for s in _spellings(r):
                owners[_key(s)].add((etype, s, bool(r.get("case_sensitive"))))
    clashes = {k: sorted(v) for k, v in owners.items() if len({t for t, _, _ in v}) > 1 and (
        len({s for _, s, _ in v}) < len(v) or sum(not cs for _, _, cs in v) > 1)}
    assert clashes == {}


def test_no_known_name_is_a_metric():
    metrics = {squash(t) for t in load_terms("noun_phrase_terms.jsonl")["metric"]}
    wrong = [(etype, s) for etype, resource in VOCABULARIES.items() for r in records(resource)
             for s in _spellings(r) if squash(s) in metrics and not r.get("case_sensitive")]
    assert wrong == []

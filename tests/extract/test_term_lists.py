"""Word lists are one file format: JSON Lines of ``{"term", "role", "why"}``, one term per line.

Every list the rules read (``kg/extract/resources/*_terms.jsonl``) says for each word why it is
there, is sorted by role then term, and holds each (role, term) once, so a diff shows what changed
and a reviewer can check each entry against its reason.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.gazetteer import load_terms

RESOURCES = Path(__file__).resolve().parents[2] / "kg" / "extract" / "resources"
TERM_FILES = sorted(p.name for p in RESOURCES.glob("*_terms.jsonl"))


def records(name: str) -> list[dict]:
    with open(RESOURCES / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_every_word_list_is_a_terms_file():
    assert TERM_FILES == ["datasets_terms.jsonl", "hardware_terms.jsonl", "methods_terms.jsonl",
                          "noun_phrase_terms.jsonl", "tasks_terms.jsonl", "topics_terms.jsonl"]
    assert not list(RESOURCES.glob("*_lexicon.json")) and not (RESOURCES / "modalities.json").exists()


@pytest.mark.parametrize("name", TERM_FILES)
def test_each_line_is_a_term_with_its_role_and_why(name):
    for rec in records(name):
        assert set(rec) == {"term", "role", "why"}, rec
        assert all(isinstance(v, str) and v.strip() == v and v for v in rec.values()), rec


@pytest.mark.parametrize("name", TERM_FILES)
def test_terms_are_sorted_by_role_and_term_and_listed_once(name):
    keys = [(rec["role"], rec["term"]) for rec in records(name)]
    assert keys == sorted(set(keys))


@pytest.mark.parametrize("name", TERM_FILES)
def test_load_terms_gives_each_role_its_terms(name):
    by_role: dict[str, set[str]] = {}
    for rec in records(name):
        by_role.setdefault(rec["role"], set()).add(rec["term"])
    assert load_terms(name) == by_role

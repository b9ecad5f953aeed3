"""Extraction: spaCy components that find the entities of every registered type.

Each type of :mod:`kg.entity_types` names its component (``kg_methods``, ``kg_tasks``...), and
the package's ``spacy_factories`` entry points say where each is defined, so
``nlp.add_pipe("kg_claims")`` works in anyone's pipeline without importing kg first.
"""
from __future__ import annotations

from kg.extract.pipeline import build_nlp, extract_paper, extract_papers

__all__ = ["build_nlp", "extract_paper", "extract_papers"]

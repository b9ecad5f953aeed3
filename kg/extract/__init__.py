"""Extraction: spaCy components that find the entities of every registered type.

Each type of :mod:`kg.entity_types` names its component (``kg_methods``, ``kg_tasks``...), and
the package's ``spacy_factories`` entry points say where each is defined, so
``nlp.add_pipe("kg_claims")`` works in anyone's pipeline without importing kg first.

The pipeline's names are imported on first use, so the plain modules of the package (the claim
metric vocabulary, the LaTeX view of a claim) can be used without loading spaCy.
"""
from __future__ import annotations

import importlib
from typing import Any

__all__ = ["build_nlp", "extract_paper", "extract_papers"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(importlib.import_module("kg.extract.pipeline"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")

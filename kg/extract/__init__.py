"""Extraction: spaCy components that find repositories, claims, datasets, methods, hardware, topics.

Importing this package registers the ``kg_*`` factories (the ``spacy_factories`` entry points do the
same for an installed package, so ``nlp.add_pipe("kg_claims")`` works without importing kg).
"""
from __future__ import annotations

import importlib

_COMPONENT_MODULES = ("repos", "claims", "datasets", "methods", "hardware", "topics")

for _name in _COMPONENT_MODULES:
    try:
        importlib.import_module(f"kg.extract.{_name}")
    except ModuleNotFoundError as exc:  # a component still being written; the pipeline names it
        if exc.name != f"kg.extract.{_name}":
            raise

from kg.extract.pipeline import build_nlp, extract_paper, extract_papers  # noqa: E402

__all__ = ["build_nlp", "extract_paper", "extract_papers"]

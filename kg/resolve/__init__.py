"""Entity resolution, between extraction and the graph: one node per thing, never two things in one.

See :mod:`kg.resolve.resolver` (the decisions), :mod:`kg.resolve.names` (how names are compared)
and :mod:`kg.resolve.acronyms` (the senses of a corpus's acronyms).
"""
from __future__ import annotations

from kg.resolve.resolver import RESOLVED_TYPES, Resolution, Resolver, raw_entities, resolve_papers

__all__ = ["RESOLVED_TYPES", "Resolution", "Resolver", "raw_entities", "resolve_papers"]

"""kg: turn collections of research-paper abstracts into a knowledge graph.

The Python API mirrors the CLI (``kg build``, ``kg extract``, ``kg query``...):

>>> import kg
>>> sorted(name for name in kg.__all__)  # doctest: +NORMALIZE_WHITESPACE
['KnowledgeGraph', 'build', 'build_graph', 'extract', 'load', 'read_papers', 'write_rdf']

Names are imported on first use, so ``import kg`` stays fast.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "build", "build_graph", "extract", "load", "read_papers", "write_rdf"]

_WHERE = {
    "build": "kg.workflow",
    "extract": "kg.workflow",
    "read_papers": "kg.ingest",
    "build_graph": "kg.graph.build",
    "KnowledgeGraph": "kg.graph.query",
    "load": "kg.graph.query",
    "write_rdf": "kg.export.rdf",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        attr = "load_graph" if name == "load" else name
        value = getattr(importlib.import_module(_WHERE[name]), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)

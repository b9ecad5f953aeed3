"""The errors of graph queries, importable without the graph machinery (``kg --help`` stays fast)."""
from __future__ import annotations

__all__ = ["NotFoundError"]


class NotFoundError(LookupError):
    """No entity or paper goes by the name asked for."""

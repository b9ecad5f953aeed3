"""How large a page of the explorer may grow (importable without the page's machinery, for ``kg --help``)."""
from __future__ import annotations

__all__ = ["MAX_NODES"]

MAX_NODES = 20_000  # above this the full page falls back to the top-N view

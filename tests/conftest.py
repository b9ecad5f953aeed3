"""Fixtures shared across the test suite."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CORPUS = sorted((ROOT / "examples" / "corpus").glob("*.txt"))


@pytest.fixture(scope="session")
def example_corpus() -> list[Path]:
    """The three real listing pages bundled in examples/corpus."""
    return EXAMPLE_CORPUS

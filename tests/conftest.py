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


@pytest.fixture(scope="session")
def example_build(tmp_path_factory, example_corpus):
    """The example corpus built once into a temporary folder: (KnowledgeGraph, folder)."""
    from kg.workflow import build

    out = tmp_path_factory.mktemp("example-exports")
    return build(example_corpus, out), out

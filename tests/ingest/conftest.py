"""Fixtures of the ingest tests: the hand-written input files and a reader runner."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.model import Paper, Rejection, Skipped

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

Reader = Callable[[Path], Iterator["Paper | Rejection | Skipped"]]


@pytest.fixture(scope="session")
def data() -> Path:
    """tests/data/ingest: small input files per format, good and bad."""
    return DATA


@pytest.fixture(scope="session")
def corpus() -> Path:
    """examples/corpus: the three real saved listing pages."""
    return CORPUS


@pytest.fixture(scope="session")
def corpus_abstracts(corpus: Path) -> dict[str, str]:
    """Title -> abstract of the corpus papers, read with plain string handling (not the reader).

    In the three pages an abstract is the next non-blank line after its title, and only abstracts
    are 300 characters or longer; that is enough to pair them independently of the listing rules.
    """
    pairs: dict[str, str] = {}
    for page in sorted(corpus.glob("*.txt")):
        lines = [ln.strip() for ln in page.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for before, line in zip(lines, lines[1:]):
            if len(line) >= 300:
                pairs[before.removeprefix("Subscribe")] = line
    return pairs


@pytest.fixture(scope="session")
def run() -> Callable[[Reader, Path], tuple[list[Paper], list[Rejection]]]:
    """Run a reader over a file: (papers, rejections), each in file order; skipped furniture left out."""

    def run(reader: Reader, path: Path) -> tuple[list[Paper], list[Rejection]]:
        items = list(reader(path))
        assert all(isinstance(i, (Paper, Rejection, Skipped)) for i in items)
        return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Rejection)]

    return run

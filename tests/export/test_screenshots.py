"""The README's pictures of the explorer exist, are the size the screenshot script draws, and are shown."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["graph.png", "graph-expanded.png"])
def test_the_readme_shows_the_first_view_and_an_expanded_view(name):
    assert f"](docs/{name})" in (ROOT / "README.md").read_text(encoding="utf-8")
    head = (ROOT / "docs" / name).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) == (1600, 1000)


def test_make_screenshots_runs_the_documented_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "screenshots:" in makefile and "docs/screenshots.py" in makefile
    assert "make screenshots" in (ROOT / "docs" / "explorer.md").read_text(encoding="utf-8")

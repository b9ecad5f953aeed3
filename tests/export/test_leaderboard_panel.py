"""A dataset's or task's panel on the page shows its leaderboard (real inputs: tests/data/results/)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import kg
from kg.export.html import page_data

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "tests" / "data" / "results" / "imagenet_top1.atom",
          ROOT / "tests" / "data" / "results" / "imagenet_top1_openalex.json"]
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[kg.KnowledgeGraph, Path]:
    out = tmp_path_factory.mktemp("page")
    return kg.build(INPUTS, out=out), out


def test_page_data_holds_each_datasets_leaderboards(built):
    g, _ = built
    data = page_data(g.graph)
    ids = [n[0] for n in data["nodes"]]
    board = data["extra"][str(ids.index("dataset:imagenet"))][0]
    assert board["title"] == "Leaderboard: top-1 accuracy (%), higher is better"
    assert board["columns"] == ["rank", "value", "method", "paper", "result"]
    assert [r[:3] for r in board["rows"][:3]] == [[1, "88.4%", "UniConvNet-XL"], [2, "84.3%", "ViT-Linearizer"],
                                                  [3, "84.2%", "UniConvNet-T"]]
    assert all(ids[r[3]["node"]].startswith("paper:") for r in board["rows"])  # each row links to its paper
    assert all(ids[r[4]["node"]].startswith("claim:") for r in board["rows"])  # ... and to its result


def test_claims_are_listed_with_what_their_words_leave_unsaid(built):
    g, _ = built
    labels = {d["label"] for _, d in g.graph.nodes(data=True) if d.get("type") == "claim"}
    assert "82.39% (top-1 accuracy, on ImageNet)" in labels  # "...hits the top-1 accuracy of 82.39% on ImageNet"


@pytest.mark.browser
def test_the_dataset_panel_shows_the_leaderboard(built):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (make browser installs it)")
    from playwright.sync_api import sync_playwright

    _, out = built
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "graph.html").as_uri())
        page.wait_for_function("window.kgReady !== undefined")
        page.evaluate("kg.jump('dataset:imagenet')")
        panel = page.locator("#kg-panel")
        headings = panel.locator("h3").all_text_contents()
        cells = panel.locator(".kg-table").first.locator(".kg-td").all_text_contents()
        browser.close()
    assert "Leaderboard: top-1 accuracy (%), higher is better" in headings
    assert cells[:3] == ["1", "88.4%", "UniConvNet-XL"] and cells[3].startswith("UniConvNet")
    assert errors == []

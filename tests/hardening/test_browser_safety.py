"""Pages built from hostile corpora, in headless Chromium: no script of the data ever runs, nothing
is fetched, and no link in the side panel leads anywhere but http(s).

Every node's panel is opened the way a click opens it (vis-network's ``click`` event with that
node) and the search box is fed markup; all the while the
page must not open a dialog (every payload calls ``alert``) or make a request.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hostile import HOSTILE_FRAGMENTS, HOSTILE_URLS, write_jsonl

from kg.workflow import build

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hardening" / "hostile.jsonl"
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser


def _every_fragment_everywhere(path: Path) -> Path:
    """One paper per hostile fragment and URL, the fragment in the title, abstract, authors,
    repository URL and id; the URL as the paper's link."""
    rows = []
    for i, frag in enumerate(HOSTILE_FRAGMENTS + HOSTILE_URLS):
        rows.append({
            "id": f"frag-{i}{frag}",
            "title": f"Fragment {i} {frag} title",
            "abstract": f"{frag} We train ResNet-50 on CIFAR-10 {frag}. Code: https://github.com/o{i}/r{frag}x.",
            "authors": [f"Author {frag}"],
            "url": HOSTILE_URLS[i % len(HOSTILE_URLS)],
        })
    return write_jsonl(path, rows)


@pytest.fixture(scope="module", params=["hostile.jsonl", "every_fragment.jsonl"])
def page_file(request, tmp_path_factory, warm_nlp) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    src = HOSTILE if request.param == "hostile.jsonl" else _every_fragment_everywhere(folder / request.param)
    build([src], folder / "out", outputs=("html",), cache=False, workers=1)
    return folder / "out" / "graph.html"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def opened(browser, page_file):
    """The page, with every dialog it tried to open and every URL it tried to fetch."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen = {"page": page, "dialogs": [], "requests": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url == page_file.as_uri() else route.abort())
    page.goto(page_file.as_uri())
    page.wait_for_function("window.kgReady !== undefined")
    yield seen
    page.close()


def _outside_requests(seen: dict) -> list[str]:
    return [u for u in seen["requests"] if not u.startswith(("file:", "data:"))]


def test_opening_every_nodes_panel_runs_nothing_and_fetches_nothing(opened):
    page = opened["page"]
    ids = page.evaluate("kg.data.nodes.map(n => n[0])")  # every node, shown or not
    assert ids
    hrefs = page.evaluate("""ids => {
        const hrefs = [];
        for (const id of ids) {
            network.body.emitter.emit("click", {nodes: [id], edges: []});
            for (const a of document.querySelectorAll("#kg-panel a")) {
                hrefs.push(a.getAttribute("href"));
                // a quote in a URL set through the DOM cannot add an attribute (onmouseover=...)
                for (const attr of a.getAttributeNames())
                    if (!["href", "target", "rel", "class", "title"].includes(attr)) hrefs.push("attribute:" + attr);
            }
        }
        return hrefs;
    }""", ids)
    assert hrefs  # the panels do carry links: the check below is not vacuous
    assert {urlsplit(h).scheme.lower() for h in hrefs} <= {"http", "https"}
    assert opened["dialogs"] == [] and opened["errors"] == []
    assert _outside_requests(opened) == []


def test_the_panels_hold_no_element_from_the_data(opened):
    """Panels are built with textContent: a title's markup stays text, never an element."""
    page = opened["page"]
    ids = page.evaluate("kg.data.nodes.map(n => n[0])")  # every node, shown or not
    tags = page.evaluate("""ids => {
        const tags = new Set();
        for (const id of ids) {
            network.body.emitter.emit("click", {nodes: [id], edges: []});
            for (const e of document.querySelectorAll("#kg-panel-body *")) tags.add(e.tagName.toLowerCase());
        }
        return Array.from(tags).sort();
    }""", ids)
    assert set(tags) <= {"h2", "h3", "span", "p", "ul", "li", "a", "button", "mark", "div"}


def test_searching_for_markup_runs_nothing(opened):
    page = opened["page"]
    for query in ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "javascript:", "\"'"):
        page.fill("#kg-search", query)
        page.press("#kg-search", "Enter")
    assert page.locator("#kg-results img, #kg-results script").count() == 0
    assert opened["dialogs"] == [] and opened["errors"] == []
    assert _outside_requests(opened) == []


def test_tooltips_are_strings_which_vis_network_shows_as_text(opened):
    """vis-network (9.x) puts a string ``title`` in its tooltip with innerText; only an Element
    would be inserted as markup."""
    page = opened["page"]
    kinds = page.evaluate("Array.from(new Set(network.body.data.nodes.get().map(n => "
                          "n.title instanceof Element ? 'element' : typeof n.title)))")
    assert kinds == ["string"]

"""The explorer page as a reader meets it, in Debian's Chromium (Playwright): a first view that says
what is in the corpus with labels that can be read, expansion, filters that lay the view out again
and fit it, Back/Forward and the URL fragment, word search, panels with results and related
papers, the year range, big corpora, and pyvis.

Most tests open the example corpus's page (built once per session by ``example_build``) at
1600 x 1000; the others a small fixture graph with dates (the papers of ``test_html``).
"""
from __future__ import annotations

import argparse
import itertools
import math
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from kg.cli import view as view_cli
from kg.export import html as html_export
from kg.export.html import NodeRef, PanelSection, render_html, write_html
from kg.export.view_state import parse_view_fragment, view_fragment
from kg.export.word_index import words
from kg.graph.build import build_graph
from kg.graph.query import KnowledgeGraph
from test_html import IMG_TITLE, TAXONOMY, fixture_papers

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 1000}
RITA = "RITA: Group Attention is All You Need for Timeseries Analytics"
DATES = ["2019-05-01", "2020", "2021-03", "2022", "2023-01-01", None]

pytestmark = pytest.mark.browser



# -- pages --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: CI must run the browser tests (make browser installs it)")
        pytest.skip(f"no Chromium at {CHROMIUM} (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url: str) -> SimpleNamespace:
    """A page opened at ``url`` (a file URI, maybe with a fragment), with its errors and requests."""
    page = browser.new_page(viewport=VIEWPORT)
    seen = SimpleNamespace(page=page, errors=[], requests=[])
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(url)
    page.wait_for_function("window.kgReady !== undefined")
    return seen


@pytest.fixture(scope="module")
def example_page(example_build) -> Path:
    _, out = example_build
    return out / "graph.html"


@pytest.fixture
def example(browser, example_page):
    seen = open_page(browser, example_page.as_uri())
    yield seen
    assert seen.errors == []
    assert [u for u in seen.requests if not u.startswith("file:")] == []
    seen.page.close()


@pytest.fixture(scope="module")
def dated_graph() -> nx.MultiDiGraph:
    papers = fixture_papers()
    for paper, date in zip(papers, DATES):
        paper.date = date
    return build_graph(papers, min_count=2, min_npmi=-1.0, taxonomy=TAXONOMY)


@pytest.fixture(scope="module")
def dated_page(dated_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dated") / "graph.html"
    write_html(dated_graph, path, title="Dated fixture")
    return path


@pytest.fixture
def dated(browser, dated_page):
    seen = open_page(browser, dated_page.as_uri())
    yield seen
    assert seen.errors == []
    seen.page.close()


# -- reading the page ---------------------------------------------------------------------------


def settle(page) -> None:
    """Wait for the next frames: boxes and labels are those of the last frame drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))")


def state(page) -> dict:
    return parse_view_fragment(page.evaluate("kg.state()"))


def visible(page) -> set[str]:
    return set(page.evaluate("kg.visibleNodeIds()"))


def positions(page) -> dict[str, tuple[float, float]]:
    """Where each shown node is drawn (``network.getPositions`` would round them to whole units)."""
    found = page.evaluate("kg.visibleNodeIds().map(id => [id, network.body.nodes[id].x, network.body.nodes[id].y])")
    return {k: (round(x, 1), round(y, 1)) for k, x, y in found}


def node_boxes(page) -> list[dict]:
    """Each shown node's box on the canvas, in CSS pixels."""
    settle(page)
    # from the node's centre and its shape's size: getBoundingBox is stale for custom shapes (tasks)
    return page.evaluate("""() => kg.visibleNodeIds().map(id => {
        const nd = network.body.nodes[id], w = (nd.shape.width || 2 * nd.options.size) / 2,
              h = (nd.shape.height || 2 * nd.options.size) / 2,
              a = network.canvasToDOM({x: nd.x - w, y: nd.y - h}), c = network.canvasToDOM({x: nd.x + w, y: nd.y + h});
        return {id: id, left: a.x, top: a.y, right: c.x, bottom: c.y};
    })""")


def canvas_size(page) -> tuple[float, float]:
    box = page.locator("#kg-network").bounding_box()
    return box["width"], box["height"]


def assert_fitted(page) -> None:
    """Every shown node is on the canvas, the drawing is centred and spans most of the canvas's width or
    height (unless it is drawn at the largest zoom a fit gives)."""
    boxes = node_boxes(page)
    assert boxes, "nothing is shown"
    width, height = canvas_size(page)
    for b in boxes:
        assert b["left"] >= -0.5 and b["top"] >= -0.5 and b["right"] <= width + 0.5 and b["bottom"] <= height + 0.5, b
    left, right = min(b["left"] for b in boxes), max(b["right"] for b in boxes)
    top, bottom = min(b["top"] for b in boxes), max(b["bottom"] for b in boxes)
    assert abs((left + right) / 2 - width / 2) < 0.1 * width and abs((top + bottom) / 2 - height / 2) < 0.1 * height
    if page.evaluate("network.getScale()") < 1.6 - 1e-9:  # a small drawing is not enlarged further
        assert right - left >= 0.8 * (width - 120) or bottom - top >= 0.8 * (height - 70), (left, right, top, bottom)


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def assert_labels_apart(page) -> list[dict]:
    settle(page)
    labels = page.evaluate("kg.labels()")
    width, height = canvas_size(page)
    for a, b in itertools.combinations(labels, 2):
        assert not overlap(a, b), (a, b)
    for a in labels:
        assert 0 <= a["x"] and a["x"] + a["w"] <= width and 0 <= a["y"] and a["y"] + a["h"] <= height, a
    return labels


def click_node(page, node: str) -> None:
    box = page.locator("#kg-network").bounding_box()
    xy = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])


def pixel(page, node: str) -> tuple[int, int, int]:
    """The canvas's colour at the centre of a node."""
    settle(page)
    return tuple(page.evaluate("""id => {
        const canvas = document.querySelector('#kg-network canvas'), ratio = network.canvas.pixelRatio || 1;
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const d = canvas.getContext('2d').getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
        return [d[0], d[1], d[2]];
    }""", node))


def paper_node(kg: KnowledgeGraph, title: str) -> str:
    return kg.paper(title).node


# -- 1. the first view --------------------------------------------------------------------------


def test_first_view_of_the_example_corpus_labels_its_top_entities_without_overlap(example, example_build):
    kg, _ = example_build
    page = example.page
    assert state(page) == {"mode": "overview"}
    shown = visible(page)
    overview = set(page.evaluate("kg.data.overview.map(i => kg.data.nodes[i][0])"))
    assert shown == overview and 25 <= len(shown) <= 48
    types = [kg.graph.nodes[n]["type"] for n in shown]
    assert {"method", "dataset", "task", "topic"} <= set(types)
    assert max(types.count(t) for t in set(types)) <= math.ceil(0.3 * 48)  # no type takes over the overview
    labels = assert_labels_apart(page)
    assert len(labels) >= 25
    assert {a["id"] for a in labels} <= shown
    assert "Transformer" in {a["text"] for a in labels}  # the largest hub is named
    assert_fitted(page)
    panel = page.locator("#kg-panel")
    assert panel.locator("h2").text_content() == "What is in this graph"
    assert panel.locator(".kg-communities > li").count() >= 5


def test_a_click_expands_a_node_into_its_neighbourhood_and_the_rest_fades(example, example_build):
    kg, _ = example_build
    page = example.page
    hub = "method:transformer"
    faded = "dataset:mnist"  # in the overview, no neighbour of the Transformer
    assert faded in visible(page) and not kg.graph.has_edge(faded, hub) and not kg.graph.has_edge(hub, faded)
    before = pixel(page, faded)
    click_node(page, hub)
    assert state(page) == {"mode": "overview", "focus": hub, "expand": [hub]}
    shown = visible(page)
    papers = {p for p in kg.graph.predecessors(hub) if kg.graph.nodes[p]["type"] == "paper"}
    assert len(shown & papers) == min(25, len(papers))
    assert faded in shown  # still there, faded
    assert set(page.evaluate("kg.highlighted()")) == {hub} | {
        n for n in shown if kg.graph.has_edge(n, hub) or kg.graph.has_edge(hub, n)}
    after = pixel(page, faded)
    assert sum(after) > sum(before) + 150, (before, after)  # drawn behind a white veil
    assert_fitted(page)
    assert len(assert_labels_apart(page)) >= 25
    assert page.locator("#kg-panel h2").text_content() == "Transformer"


# -- 2. every filter and expansion lays the view out again and fits it ---------------------------


FILTERS = {
    "everything": "kg.setMode('all')",
    "entities only": "kg.setMode('entities')",
    "papers only": "kg.setMode('papers')",
    "type off": "kg.setType('topic', false)",
    "topic": "kg.setTopic('topic:optimization')",
    "co-occurrence threshold": "kg.setThreshold(4)",
    "expansion": "kg.goTo('dataset:imagenet')",
}


@pytest.mark.parametrize("action", list(FILTERS.values()), ids=list(FILTERS))
def test_each_filter_lays_out_and_fits_what_it_shows(example, action):
    page = example.page
    before = positions(page)
    page.evaluate(action)
    after = positions(page)
    assert after, "the filter left nothing to show"
    assert_fitted(page)
    assert_labels_apart(page)
    common = set(before) & set(after)
    if common and len(after) <= page.evaluate("kg.data.localLayoutMax"):
        assert any(before[n] != after[n] for n in common)  # laid out again, not the same places with gaps


def test_entities_only_shows_its_edges_without_gaps_of_hidden_papers(example, example_build):
    kg, _ = example_build
    page = example.page
    page.evaluate("kg.setMode('entities')")
    assert visible(page) == {n for n, d in kg.graph.nodes(data=True) if d["type"] not in ("paper", "claim")}
    pos = positions(page)
    # laid out for these nodes: entities joined by an edge sit closer than the median pair
    edges = [(u, v) for u, v in kg.graph.edges() if u in pos and v in pos and u != v]
    dist = lambda a, b: ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5  # noqa: E731
    linked = sorted(dist(u, v) for u, v in edges)[len(edges) // 2]
    nodes = sorted(pos)
    pairs = sorted(dist(a, b) for a, b in zip(nodes, nodes[len(nodes) // 2:]))[len(nodes) // 4]
    assert linked < pairs / 2


def test_the_year_range_filters_papers_and_fits(dated, dated_graph):
    page = dated.page
    assert page.locator("#kg-years-box").is_visible()
    assert page.locator("#kg-from option").all_text_contents() == ["2019", "2020", "2021", "2022", "2023"]
    page.select_option("#kg-from", "2020")
    page.select_option("#kg-to", "2021")
    assert state(page) == {"mode": "all", "from": 2020, "to": 2021}
    shown = visible(page)
    papers = {n for n in shown if dated_graph.nodes[n]["type"] == "paper"}
    assert papers == {"paper:arxiv:2301.00002", "paper:arxiv:2301.00003"}
    assert "dataset:wisdm" not in shown  # only in papers of 2019 and 2022
    assert "dataset:cifar-10" in shown
    assert_fitted(page)


def test_no_year_range_without_dates(example):
    assert example.page.locator("#kg-years-box").is_hidden()


def test_views_larger_than_the_page_lays_out_use_positions_computed_ahead(browser, dated_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(html_export, "LOCAL_LAYOUT_MAX", 10)
    path = tmp_path / "ahead.html"
    write_html(dated_graph, path)
    seen = open_page(browser, path.as_uri())
    page = seen.page
    data = page.evaluate("kg.data")
    ahead = {n[0]: (int(n[3]), int(n[4])) for n in data["nodes"]}  # vis-network keeps whole units (parseInt)
    assert positions(page) == ahead
    assert_fitted(page)
    page.evaluate("kg.setMode('entities')")
    xy = data["xyEntities"]
    assert positions(page) == {n[0]: (int(xy[2 * i]), int(xy[2 * i + 1])) for i, n in enumerate(data["nodes"])
                               if n[0] in visible(page)}
    assert_fitted(page)
    assert seen.errors == []
    page.close()


# -- 3. navigation ------------------------------------------------------------------------------


def test_back_and_forward_move_between_views(example):
    page = example.page
    first = (state(page), visible(page))
    page.select_option("#kg-mode", "entities")
    second = (state(page), visible(page), positions(page))
    page.evaluate("kg.goTo('dataset:imagenet')")
    assert state(page)["focus"] == "dataset:imagenet"
    page.click("#kg-back")
    page.wait_for_function("kg.state() === 'mode=entities'")
    assert (state(page), visible(page), positions(page)) == second
    page.go_back()
    page.wait_for_function("kg.state() === 'mode=overview'")
    assert (state(page), visible(page)) == first
    assert page.locator("#kg-back").is_disabled()
    page.click("#kg-forward")
    page.wait_for_function("kg.state() === 'mode=entities'")
    assert (state(page), visible(page), positions(page)) == second


def test_fit_zoom_and_reset(example):
    page = example.page
    scale = page.evaluate("network.getScale()")
    page.click("#kg-zoom-in")
    assert page.evaluate("network.getScale()") == pytest.approx(scale * 1.4)
    page.click("#kg-zoom-out")
    page.click("#kg-zoom-out")
    assert page.evaluate("network.getScale()") == pytest.approx(scale / 1.4)
    page.evaluate("network.moveTo({position: {x: 5000, y: 5000}})")
    page.click("#kg-fit")
    assert page.evaluate("network.getScale()") == pytest.approx(scale)
    assert_fitted(page)
    page.evaluate("kg.setMode('entities'); kg.goTo('method:adam')")
    page.click("#kg-reset")
    assert state(page) == {"mode": "overview"}
    assert visible(page) == set(page.evaluate("kg.data.overview.map(i => kg.data.nodes[i][0])"))


def test_the_url_fragment_reopens_the_same_view(browser, example):
    page = example.page
    page.select_option("#kg-mode", "entities")
    page.click('#kg-legend input[data-type="topic"]')
    page.evaluate("kg.goTo('paper:title:eb753b855f9b73f7')")  # a paper: expanded into the entities view
    url = page.url
    assert url.endswith("#" + page.evaluate("kg.state()"))
    expected = (page.evaluate("kg.state()"), visible(page), positions(page),
                page.locator("#kg-panel h2").text_content())
    again = open_page(browser, url)
    got = (again.page.evaluate("kg.state()"), visible(again.page), positions(again.page),
           again.page.locator("#kg-panel h2").text_content())
    assert got == expected
    assert expected[3] == RITA
    again.page.close()


def _run_view(argv: list[str]) -> int:
    sub = argparse.ArgumentParser().add_subparsers()
    view_cli.register(sub)
    args = sub.choices["view"].parse_args(argv)
    return args.func(args)


@pytest.fixture
def dated_json(dated_graph, tmp_path) -> Path:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(dated_graph, edges="links")), encoding="utf-8")
    return path


def test_kg_view_writes_a_page_that_opens_on_the_view_given(browser, dated_json, tmp_path):
    out = tmp_path / "view.html"
    fragment = view_fragment(mode="entities", off=["topic"], focus="dataset:wisdm")
    assert _run_view(["--graph", str(dated_json), "--view", "#" + fragment, "-o", str(out)]) == 0
    seen = open_page(browser, out.as_uri())
    assert seen.page.evaluate("kg.state()") == fragment
    assert seen.page.locator("#kg-panel h2").text_content() == "WISDM"
    seen.page.close()


def test_kg_view_focus_opens_with_the_focus_selected(browser, dated_json, tmp_path):
    out = tmp_path / "focus.html"
    assert _run_view(["--graph", str(dated_json), "--focus", "CIFAR10", "--view", "off=claim", "-o", str(out)]) == 0
    seen = open_page(browser, out.as_uri())
    assert state(seen.page) == {"mode": "all", "off": ["claim"], "focus": "dataset:cifar-10"}
    seen.page.close()


@pytest.mark.parametrize("fragment", ["mode=everything", "colour=red", "min=three"])
def test_kg_view_refuses_a_view_it_cannot_open(dated_json, tmp_path, capsys, fragment):
    assert _run_view(["--graph", str(dated_json), "--view", fragment, "-o", str(tmp_path / "x.html")]) == 2
    assert "--view" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


# -- 4. search by words -------------------------------------------------------------------------


def test_word_search_finds_a_title_from_two_of_its_words_and_goes_there_by_keyboard(example, example_build):
    kg, _ = example_build
    page = example.page
    page.click("#kg-search")
    page.keyboard.type("transformers bayesian")
    options = page.locator("#kg-results li[role=option]")
    assert options.first.locator(".kg-result-name").text_content() == "Transformers Can Do Bayesian Inference"
    assert options.count() > 1
    page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert page.get_attribute("#kg-search", "aria-activedescendant") == "kg-result-1"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    target = paper_node(kg, "Transformers Can Do Bayesian Inference")
    assert state(page)["focus"] == target
    assert target in visible(page)
    assert page.locator("#kg-panel h2").text_content() == "Transformers Can Do Bayesian Inference"
    assert page.locator("#kg-results").is_hidden()


def test_word_search_reaches_abstracts_and_names(dated):
    page = dated.page
    assert page.evaluate("kg.find('activity', 1)") == ["paper:arxiv:2301.00004"]  # a word of its abstract only
    assert page.evaluate("kg.find('CIFAR10', 1)") == ["dataset:cifar-10"]  # an alias, before the abstracts
    assert page.evaluate("kg.find('vision transformers small', 1)") == ["paper:arxiv:2301.00002"]


def test_the_page_encodes_ids_in_the_fragment_as_kg_view_does(dated):
    from kg.export.view_state import _encode

    ids = ["dataset:imagenet", "paper:title:<img src=x>", "hostile:#frag?q=1&x,y=2", "method:ünï cødé 深度",
           "topic:50%", "a'b!c(d)*e~f"]
    assert dated.page.evaluate("ids => ids.map(encodeURIComponent)", ids) == [_encode(i) for i in ids]


def test_the_page_splits_words_as_the_index_does(dated):
    texts = ["Transformers Can Do Bayesian Inference", "Schrödinger's U-Nets: ÉTUDES on GPUs", "studies of classes",
             "the of and", "ResNet-50 (ImageNet-1k) 76.1%", IMG_TITLE, "naïve Ångström 深度 learning"]
    assert dated.page.evaluate("texts => texts.map(kg.words)", texts) == [words(t) for t in texts]


# -- 5. panels with context ---------------------------------------------------------------------


def test_claims_show_as_result_rows(example, example_build):
    kg, _ = example_build
    page = example.page
    page.evaluate("id => kg.goTo(id)", paper_node(kg, RITA))
    row = page.locator("#kg-panel .kg-result").first
    assert row.locator(".kg-value").text_content() == "63x"
    assert row.locator(".kg-kind").text_content() == "speedup"
    assert row.locator(".kg-qualifier").text_content() == "up to"
    assert "up to 63X" in row.locator(".kg-sentence").text_content()
    assert row.locator("mark.kg-claim-text").text_content() == "up to 63X"


def test_a_datasets_results_name_the_dataset_the_value_and_the_paper(dated):
    page = dated.page
    page.evaluate("kg.goTo('dataset:cifar-10')")
    row = page.locator("#kg-panel .kg-result")
    assert row.count() == 1
    assert row.locator(".kg-value").text_content() == "98.1%"
    assert row.locator(".kg-kind").text_content() == "accuracy"
    assert row.locator('.kg-dataset button[data-node="dataset:cifar-10"]').count() == 1
    assert row.locator(".kg-sentence mark").text_content() == "98.1% accuracy"
    assert row.locator('.kg-result-paper button[data-node="paper:arxiv:2301.00002"]').count() == 1


def test_a_papers_panel_lists_related_papers_with_the_entities_they_share(example, example_build):
    kg, _ = example_build
    page = example.page
    page.evaluate("id => kg.goTo(id)", paper_node(kg, RITA))
    items = page.locator("#kg-panel .kg-related > li")
    expected = kg.related_papers(RITA, top=5)
    assert items.count() == len(expected) == 5
    for item, row in zip(items.all(), expected):
        assert item.locator("button").first.text_content() == row.title
        assert item.locator(".kg-meta button").all_text_contents() == list(row.shared[:5])
    items.first.locator("button").first.click()
    assert state(page)["focus"] == "paper:" + expected[0].id


def test_a_page_too_large_to_rank_related_papers_says_where_to_find_them(browser, dated_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(html_export, "RELATED_MAX_PAPERS", 3)
    path = tmp_path / "many.html"
    write_html(dated_graph, path)
    seen = open_page(browser, path.as_uri())
    seen.page.evaluate("kg.goTo('paper:arxiv:2301.00001')")
    panel = seen.page.locator("#kg-panel").text_content()
    assert f'kg query related "{RITA}"' in panel
    assert seen.errors == []
    seen.page.close()


def test_sections_passed_in_the_page_data_show_in_the_panel(browser, dated_graph, tmp_path):
    board = PanelSection("Leaderboard", ("method", "accuracy", "paper"), (
        (NodeRef("method:vit"), 98.1, NodeRef("paper:arxiv:2301.00002")),
        (IMG_TITLE, 1.5, NodeRef("method:not-in-the-graph")),
    ))
    path = tmp_path / "extra.html"
    path.write_text(render_html(dated_graph, sections={"dataset:cifar-10": [board]}), encoding="utf-8")
    seen = open_page(browser, path.as_uri())
    page = seen.page
    page.evaluate("kg.goTo('dataset:cifar-10')")
    table = page.locator("#kg-panel .kg-table")
    assert page.locator("#kg-panel h3", has_text="Leaderboard").count() == 1
    assert table.locator(".kg-th").all_text_contents() == ["method", "accuracy", "paper"]
    assert table.locator(".kg-td").all_text_contents() == [
        "Vision Transformer", "98.1", "Vision Transformers on Small Image Datasets", IMG_TITLE, "1.5",
        "method:not-in-the-graph"]
    assert table.locator('button[data-node="method:vit"]').count() == 1
    assert table.locator("img").count() == 0
    assert seen.errors == []
    page.close()


# -- 7. big corpora -----------------------------------------------------------------------------


def test_graphs_larger_than_a_page_open_on_an_overview_that_points_to_focused_pages(browser, example_build, tmp_path):
    kg, _ = example_build
    path = tmp_path / "big.html"
    write_html(kg.graph, path, max_nodes=400)  # as a 100k-paper corpus against MAX_NODES
    seen = open_page(browser, path.as_uri())
    page = seen.page
    assert page.evaluate("kg.data.partial") is True
    assert state(page) == {"mode": "overview"}
    assert "more than max_nodes=400" in page.locator("#kg-note").text_content()
    assert page.locator("#kg-panel .kg-communities > li").count() >= 3
    page.evaluate("kg.goTo('dataset:imagenet')")
    assert "kg view --focus" in page.locator("#kg-panel").text_content()
    assert len(page.evaluate("kg.labels()")) >= 25
    assert seen.errors == []
    page.close()

"""The interactive HTML view: safe embedding, the views it offers, and the page in a real browser.

Browser tests (``-m browser``) drive Debian's Chromium through Playwright on pages built from a
small, realistic fixture graph (hand-made papers and entities through ``build_graph``), including
papers whose titles and abstracts carry HTML/script injections.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from kg.cli import view as view_cli
from kg.export.html import (
    FALLBACK_TOP,
    notebook_view,
    page_data,
    render_html,
    resolve_node,
    safe_url,
    script_json,
    select_view,
    write_html,
)
from kg.graph.build import build_graph
from kg.model import Entity, Paper

ROOT = Path(__file__).resolve().parents[2]
IMG_TITLE = "<img src=x onerror=alert(1)>"
SCRIPT_TITLE = "</script><script>alert(1)</script>"
SVG_METHOD = "<svg/onload=alert(1)>"
TAXONOMY = {
    "time-series": SimpleNamespace(label="Time series", broader=["machine-learning"]),
    "computer-vision": SimpleNamespace(label="Computer vision", broader=["machine-learning"]),
    "machine-learning": SimpleNamespace(label="Machine learning", broader=[]),
}


# -- fixture graph ------------------------------------------------------------------------------


def _mention(paper: Paper, etype: str, surface: str, norm: str, field: str = "abstract", **attrs) -> Entity:
    """An entity at the first occurrence of ``surface`` in the paper's ``field``."""
    text = paper.title if field == "title" else paper.abstract
    start = text.index(surface)
    return Entity(etype, surface, norm, field, start, start + len(surface), sentence=text, **attrs)


def _paper(pid: str, title: str, abstract: str, mentions: list[tuple], **meta) -> Paper:
    p = Paper(pid, title, abstract, **meta)
    p.entities = [_mention(p, *m[:3], **(m[3] if len(m) > 3 else {})) for m in mentions]
    return p


def fixture_papers() -> list[Paper]:
    return [
        _paper("arxiv:2301.00001", "RITA: Group Attention is All You Need for Timeseries Analytics",
               "We propose RITA, a Transformer for timeseries analytics. RITA is evaluated on the UCR archive "
               "and WISDM. Code: https://github.com/example/rita. On an NVIDIA A100, RITA is 63x faster "
               "than the Transformer baseline.",
               [("method", "RITA", "rita", {"proposed": True}), ("method", "Transformer", "transformer"),
                ("dataset", "UCR archive", "ucr"), ("dataset", "WISDM", "wisdm"),
                ("repository", "https://github.com/example/rita", "github.com/example/rita"),
                ("hardware", "NVIDIA A100", "nvidia-a100"),
                ("metric", "63x faster", "speedup:63x", {"value": 63.0, "unit": "x", "kind": "speedup",
                                                         "baseline": "Transformer"}),
                ("topic", "timeseries analytics", "time-series", {"confidence": 0.9})],
               authors=["A. Author", "B. Author"], arxiv_id="2301.00001", date="2023-01-01"),
        _paper("arxiv:2301.00002", "Vision Transformers on Small Image Datasets",
               "We train a Vision Transformer (ViT) on CIFAR-10 and ImageNet with Adam. Our method reaches "
               "98.1% accuracy on CIFAR-10 using 8 TPU v3 cores for image classification.",
               [("method", "Vision Transformer", "vit"), ("method", "ViT", "vit", {"label": "Vision Transformer"}),
                ("method", "Adam", "adam"),
                ("dataset", "CIFAR-10", "cifar-10"), ("dataset", "ImageNet", "imagenet"),
                ("hardware", "TPU v3", "tpu-v3"),
                ("metric", "98.1% accuracy", "accuracy:98.1", {"value": 98.1, "unit": "%", "kind": "accuracy",
                                                               "dataset": "CIFAR-10"}),
                ("task", "image classification", "image-classification", {"broader": ["computer-vision"]})],
               arxiv_id="2301.00002"),
        _paper("arxiv:2301.00003", "Contrastive Pretraining Revisited",
               "We propose SimCLR-X, which improves on SimCLR on ImageNet and CIFAR10 with Adam for image "
               "classification. Code at https://github.com/example/simclrx.",
               [("method", "SimCLR-X", "simclr-x", {"proposed": True}), ("method", "SimCLR", "simclr"),
                ("dataset", "ImageNet", "imagenet"), ("dataset", "CIFAR10", "cifar-10"), ("method", "Adam", "adam"),
                ("repository", "https://github.com/example/simclrx", "github.com/example/simclrx"),
                ("task", "image classification", "image-classification", {"broader": ["computer-vision"]})],
               url="https://example.org/simclrx"),
        _paper("arxiv:2301.00004", "Forecasting with Transformers",
               "A Transformer trained with Adam forecasts WISDM activity; timeseries analytics at scale.",
               [("method", "Transformer", "transformer"), ("method", "Adam", "adam"), ("dataset", "WISDM", "wisdm"),
                ("topic", "timeseries analytics", "time-series")]),
        _paper("title:inject1", IMG_TITLE,
               f"{SCRIPT_TITLE} We use {SVG_METHOD} and Adam on CIFAR-10 & friends.",
               [("method", SVG_METHOD, "svg-onload"), ("method", "Adam", "adam"), ("dataset", "CIFAR-10", "cifar-10")],
               url="javascript:alert(1)"),
        _paper("title:inject2", SCRIPT_TITLE, "A paper that mentions ImageNet \u2028 once.",
               [("dataset", "ImageNet", "imagenet")], url="https://example.org/inject2"),
    ]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(fixture_papers(), min_count=2, min_npmi=-1.0, taxonomy=TAXONOMY)


@pytest.fixture(scope="module")
def page_file(graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(graph, path, title="Fixture <graph>")
    return path


# -- embedding untrusted text -------------------------------------------------------------------


@pytest.mark.parametrize("text", [SCRIPT_TITLE, IMG_TITLE, "a & b", "line\u2028sep\u2029para", "<!-- x", "\ud800 lone"])
def test_script_json_leaves_nothing_that_html_parses(text):
    out = script_json({"t": text})
    assert not set(out) & set("<>&\u2028\u2029")
    assert json.loads(out) == {"t": text}


def test_script_json_refuses_nan():
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


@pytest.mark.parametrize(("url", "expected"), [
    ("https://arxiv.org/abs/2301.00001", "https://arxiv.org/abs/2301.00001"),
    ("  http://example.org/x?a=1&b=2 ", "http://example.org/x?a=1&b=2"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//example.org/protocol-relative", None),
    ("https:///no-host", None),
    ("https://exa mple.org", None),
    ("", None),
    (None, None),
])
def test_safe_url_keeps_only_http_and_https(url, expected):
    assert safe_url(url) == expected


def test_heading_and_title_are_escaped():
    G = nx.MultiDiGraph()
    G.add_node("method:a", type="method", label="A", papers=1)
    page = render_html(G, title=SCRIPT_TITLE)
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert SCRIPT_TITLE not in page


def test_untrusted_text_never_appears_raw_in_the_page(graph):
    page = render_html(graph)
    for raw in (IMG_TITLE, SCRIPT_TITLE, SVG_METHOD, "javascript:alert(1)"):
        assert raw not in page


class _Fetching(HTMLParser):
    """Collects the tags that would make a browser fetch something (scripts' text is not parsed)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("link", "img", "iframe", "object", "embed") or any(k in ("src", "href") for k, _ in attrs):
            self.found.append(tag)


def test_page_references_nothing_outside_the_file(graph):
    page = render_html(graph)
    parser = _Fetching()
    parser.feed(page)
    assert parser.found == []
    assert "cdn.jsdelivr.net" not in page
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing


def test_vis_network_licence_header_is_kept(graph):
    page = render_html(graph)
    assert "vis.js is dual licensed" in page and "@license" in page


def test_output_is_deterministic(graph, tmp_path):
    write_html(graph, tmp_path / "a.html")
    write_html(graph, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# -- page data ----------------------------------------------------------------------------------


def test_page_data_has_every_node_and_edge(graph):
    data = page_data(graph)
    assert [n[0] for n in data["nodes"]] == sorted(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()


def test_abstract_marks_follow_the_evidence_offsets(graph):
    data = page_data(graph)
    i = [n[0] for n in data["nodes"]].index("paper:arxiv:2301.00001")
    abstract, types = data["info"][i]["abstract"], [t["key"] for t in data["types"]]
    marked = [(abstract[s:e], types[t]) for s, e, t in data["info"][i]["marks"]]
    assert marked == [("RITA", "method"), ("Transformer", "method"), ("timeseries analytics", "topic"),
                      ("UCR archive", "dataset"), ("WISDM", "dataset"),
                      ("https://github.com/example/rita", "repository"), ("NVIDIA A100", "hardware"),
                      ("63x faster", "claim")]


def test_paper_links_drop_unsafe_urls(graph):
    data = page_data(graph)
    info = {n[0]: data["info"][i] for i, n in enumerate(data["nodes"])}
    assert info["paper:title:inject1"].get("links", []) == []
    assert info["paper:arxiv:2301.00001"]["links"] == [["arXiv:2301.00001", "https://arxiv.org/abs/2301.00001"]]
    assert info["repo:github.com/example/rita"]["url"] == "https://github.com/example/rita"


# -- which part of the graph a page shows ---------------------------------------------------------


def test_focus_shows_the_neighbourhood(graph):
    view = select_view(graph, focus="WISDM", hops=1)
    assert view.focus == "dataset:wisdm"
    assert set(view.graph) == {"dataset:wisdm", *graph.predecessors("dataset:wisdm"), *graph.successors("dataset:wisdm")}
    assert view.note.startswith("Neighbourhood of WISDM (1 hop)")


@pytest.mark.parametrize(("name", "node"), [
    ("CIFAR10", "dataset:cifar-10"),
    ("cifar-10", "dataset:cifar-10"),
    ("dataset:cifar-10", "dataset:cifar-10"),
    ("vision transformer", "method:vit"),
    ("Machine learning", "topic:machine-learning"),
])
def test_focus_names_resolve_by_id_label_or_alias(graph, name, node):
    assert resolve_node(graph, name) == node


def test_unknown_focus_suggests_close_names(graph):
    with pytest.raises(KeyError, match="CIFAR-10"):
        resolve_node(graph, "CIFAR-100")


def test_top_shows_the_entities_in_most_papers(graph):
    view = select_view(graph, top=3)  # Adam: 4 papers; CIFAR-10 and ImageNet: 3; the rest fewer
    assert set(view.graph) == {"method:adam", "dataset:cifar-10", "dataset:imagenet"}
    assert [k for _, _, k in view.graph.edges(keys=True)] == ["cooccurs"] * 3


def test_graphs_above_max_nodes_fall_back_to_top_entities_with_a_note(graph):
    view = select_view(graph, max_nodes=5)
    assert view.graph.number_of_nodes() == min(5, FALLBACK_TOP)
    assert all(d["type"] not in ("paper", "claim") for _, d in view.graph.nodes(data=True))
    assert "more than max_nodes=5" in view.note
    assert view.note in render_html(graph, max_nodes=5)


def test_a_page_over_its_byte_budget_shows_fewer_nodes_and_says_so(example_build):
    kg, _ = example_build
    page = render_html(kg.graph, max_bytes=1_000_000)
    assert len(page.encode()) <= 1_000_000
    cut = re.search(r"more than max_nodes=(\d+): showing the \1 entities .* Cut to \1 nodes to keep the page under 1 MB",
                    page)
    assert cut and int(cut.group(1)) < kg.graph.number_of_nodes()


def test_pages_with_more_papers_than_the_related_budget_leave_related_papers_to_kg_query(graph, monkeypatch):
    from kg.export import html as html_export

    assert page_data(graph)["related"] is True
    monkeypatch.setattr(html_export, "RELATED_MAX_PAPERS", 3)
    data = page_data(graph)
    assert data["related"] is False
    assert not any(i and "related" in i for i in data["info"])


def test_focus_and_top_together_are_refused(graph):
    with pytest.raises(ValueError):
        select_view(graph, focus="Adam", top=3)


def test_notebook_view_escapes_the_page_into_srcdoc(graph):
    html = notebook_view(graph, height=400)._repr_html_()
    assert html.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts' in html
    assert "<script" not in html  # every tag of the page is escaped inside the attribute


# -- kg view ------------------------------------------------------------------------------------


def _run_view(argv: list[str]) -> int:
    sub = argparse.ArgumentParser().add_subparsers()
    view_cli.register(sub)
    args = sub.choices["view"].parse_args(argv)
    return args.func(args)


@pytest.fixture
def graph_json(graph, tmp_path) -> Path:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(graph, edges="links")), encoding="utf-8")
    return path


def test_kg_view_writes_a_focused_page(graph_json, tmp_path):
    out = tmp_path / "adam.html"
    assert _run_view(["--graph", str(graph_json), "--focus", "Adam", "--hops", "1", "-o", str(out)]) == 0
    assert "Neighbourhood of Adam (1 hop)" in out.read_text(encoding="utf-8")


def test_kg_view_unknown_focus_exits_1_like_every_unknown_name(graph_json, tmp_path, capsys):
    assert _run_view(["--graph", str(graph_json), "--focus", "no such thing", "-o", str(tmp_path / "x.html")]) == 1
    assert "no node named 'no such thing'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


# -- in a real browser --------------------------------------------------------------------------

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


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


class Opened(SimpleNamespace):
    """A page opened from disk, with everything it logged, requested or tried to show."""


def open_page(browser, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen = Opened(page=page, errors=[], requests=[], dialogs=[])
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri())
    page.wait_for_function("window.kgReady !== undefined")
    return seen


@pytest.fixture
def opened(browser, page_file):
    seen = open_page(browser, page_file)
    yield seen
    seen.page.close()


def _visible(page) -> set[str]:
    return set(page.evaluate("kg.visibleNodeIds()"))


def _panel_title(page) -> str:
    return page.locator("#kg-panel h2").text_content()


@pytest.mark.browser
def test_page_loads_offline_without_errors(opened, graph):
    page = opened.page
    assert opened.errors == []
    assert [u for u in opened.requests if not u.startswith("file:")] == []
    assert page.evaluate("network.body.data.nodes.length") == graph.number_of_nodes()
    assert page.evaluate("network.body.data.edges.length") == graph.number_of_edges()


@pytest.mark.browser
def test_search_finds_a_node_by_a_spelling_of_its_name(opened):
    page = opened.page
    page.fill("#kg-search", "CIFAR10")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["dataset:cifar-10"]
    assert _panel_title(page) == "CIFAR-10"


@pytest.mark.browser
def test_type_filter_hides_that_type_only(opened, graph):
    page = opened.page
    page.click('#kg-legend input[data-type="paper"]')
    papers = {n for n, d in graph.nodes(data=True) if d["type"] == "paper"}
    assert _visible(page) == set(graph) - papers


@pytest.mark.browser
def test_entities_only_mode_hides_papers_and_claims(opened, graph):
    page = opened.page
    page.select_option("#kg-mode", "entities")
    assert _visible(page) == {n for n, d in graph.nodes(data=True) if d["type"] not in ("paper", "claim")}


@pytest.mark.browser
def test_legend_lists_tasks_and_the_topic_filter_keeps_the_papers_of_its_tasks(opened):
    page = opened.page
    assert page.locator('#kg-legend input[data-type="task"]').count() == 1
    assert "Task" in page.locator("#kg-legend").text_content()
    page.select_option("#kg-topic", "topic:computer-vision")
    shown = _visible(page)
    assert {"task:image-classification", "paper:arxiv:2301.00002", "paper:arxiv:2301.00003"} <= shown
    assert "paper:arxiv:2301.00001" not in shown


@pytest.mark.browser
def test_topic_filter_keeps_the_papers_under_a_broader_topic(opened):
    page = opened.page
    page.select_option("#kg-topic", "topic:time-series")
    shown = _visible(page)
    assert {"paper:arxiv:2301.00001", "paper:arxiv:2301.00004", "dataset:wisdm"} <= shown
    assert "paper:arxiv:2301.00002" not in shown and "dataset:cifar-10" not in shown
    page.select_option("#kg-topic", "topic:machine-learning")
    assert {"paper:arxiv:2301.00001", "paper:arxiv:2301.00002"} <= _visible(page)


@pytest.mark.browser
def test_threshold_slider_hides_weaker_cooccurrences(opened, graph):
    page = opened.page
    weak = [(u, v) for u, v, k, d in graph.edges(keys=True, data=True) if k == "cooccurs" and d["papers"] < 3]
    assert weak, "the fixture needs a co-occurrence seen in fewer than 3 papers"
    drawn = set(map(tuple, page.evaluate("network.body.data.edges.get().map(e => [e.from, e.to])")))
    page.evaluate("kg.setThreshold(3)")
    kept = set(map(tuple, page.evaluate("network.body.data.edges.get().map(e => [e.from, e.to])")))
    assert drawn - kept == set(weak)


@pytest.mark.browser
def test_clicking_a_node_opens_its_panel_and_dims_the_rest(opened, graph):
    page = opened.page
    node = "paper:arxiv:2301.00001"
    page.evaluate("id => { kg.jump(id); kg.closePanel(); }", node)
    box = page.locator("#kg-network").bounding_box()
    xy = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    assert _panel_title(page) == "RITA: Group Attention is All You Need for Timeseries Analytics"
    neighbours = {node, *graph.successors(node), *graph.predecessors(node)}
    assert set(page.evaluate("kg.highlighted()")) == neighbours
    marks = page.locator("#kg-panel mark").all_text_contents()
    assert marks[:3] == ["RITA", "Transformer", "timeseries analytics"]
    assert page.locator('#kg-panel a[href="https://github.com/example/rita"]').count() == 1


@pytest.mark.browser
def test_entity_panel_lists_aliases_papers_and_cooccurrences(opened):
    page = opened.page
    page.evaluate("kg.jump('method:vit')")
    assert page.locator("#kg-panel .kg-chip").all_text_contents() == ["ViT"]  # another name: an alias
    page.evaluate("kg.jump('dataset:cifar-10')")
    panel = page.locator("#kg-panel")
    assert panel.locator(".kg-chip").all_text_contents() == []  # "CIFAR10" is a spelling, not another name
    assert panel.locator('button[data-node="paper:arxiv:2301.00003"]').count() == 1
    assert panel.locator('button[data-node="method:adam"]').count() == 1


@pytest.mark.browser
@pytest.mark.parametrize(("node", "title"), [("paper:title:inject1", IMG_TITLE), ("paper:title:inject2", SCRIPT_TITLE)])
def test_injected_markup_shows_as_text_and_fires_nothing(opened, node, title):
    page = opened.page
    page.evaluate("id => kg.jump(id)", node)
    assert _panel_title(page) == title
    assert page.locator("#kg-panel img, #kg-panel script, #kg-panel svg, #kg-panel a[href^='javascript']").count() == 0
    box = page.locator("#kg-network").bounding_box()
    xy = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert title in tooltip.inner_text()
    assert tooltip.locator("*").count() == 0
    page.wait_for_timeout(100)  # an onerror handler would have run by now
    assert opened.dialogs == [] and opened.errors == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0


@pytest.mark.browser
@pytest.mark.slow
def test_ten_thousand_node_page_becomes_interactive(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("html_bench", ROOT / "benchmarks" / "html_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    G = bench.synthetic_graph(10_000)
    path = tmp_path / "big.html"
    write_html(G, path)
    start = time.perf_counter()
    seen = open_page(browser, path)
    ready = time.perf_counter() - start
    print(f"\n10,000 nodes / {G.number_of_edges():,} edges: interactive after {ready:.2f} s, "
          f"page {path.stat().st_size / 1e6:.1f} MB")
    assert seen.page.evaluate("kg.data.nodes.length") == 10_000
    assert seen.page.evaluate("network.body.data.nodes.length") == seen.page.evaluate("kg.data.overview.length")
    assert seen.page.evaluate("id => kg.jump(id)", "method:met-000000") is True
    start = time.perf_counter()
    seen.page.evaluate("kg.setMode('all')")
    everything = time.perf_counter() - start
    print(f"showing all 10,000 nodes took {everything:.2f} s")
    assert seen.page.evaluate("network.body.data.nodes.length") == 10_000
    assert seen.errors == []
    seen.page.close()
    assert ready < 60

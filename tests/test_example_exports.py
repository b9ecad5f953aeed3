"""The exports of the bundled example corpus (the three real listing pages) are valid and usable.

These are the done-when checks of the RDF and HTML work, run on real data rather than fixtures.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
FORMATS = {"graph.ttl": ("turtle", ox.RdfFormat.TURTLE), "graph.nt": ("nt", ox.RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def store(example_build) -> ox.Store:
    _, out = example_build
    s = ox.Store()
    s.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return s


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdf_exports_parse_identically_in_rdflib_and_oxigraph(example_build, name):
    _, out = example_build
    rdflib_format, ox_format = FORMATS[name]
    g = rdflib.Graph().parse(out / name, format=rdflib_format)
    ox_count = sum(1 for _ in ox.parse(path=str(out / name), format=ox_format))
    assert len(g) == ox_count > 10_000


def test_jsonld_export_has_the_same_triples_as_n_triples(example_build):
    _, out = example_build
    nt = rdflib.Graph().parse(out / "graph.nt", format="nt")
    jsonld = rdflib.Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(jsonld) == len(nt)


@pytest.mark.slow
def test_turtle_export_conforms_to_the_shapes(example_build):
    pyshacl = pytest.importorskip("pyshacl")
    _, out = example_build
    data = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    shapes = rdflib.Graph().parse(ROOT / "schemas" / "shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:2000]


@pytest.mark.parametrize("query_file", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_answers_on_the_example_corpus(store, query_file):
    rows = list(store.query(query_file.read_text()))
    assert rows, f"{query_file.name} found nothing in the example corpus"


def test_graph_json_loads_back_with_every_node(example_build):
    import kg

    built, out = example_build
    loaded = kg.load(out / "graph.json")
    assert loaded.graph.number_of_nodes() == built.graph.number_of_nodes()
    assert loaded.summary() == built.summary()


CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.mark.browser
def test_example_page_opens_offline_with_every_node(example_build):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    built, out = example_build
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: r.url.startswith("file:") or outside.append(r.url))
            page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
            page.goto((out / "graph.html").as_uri())
            page.wait_for_function("window.kgReady !== undefined")
            nodes = page.evaluate("kg.data.nodes.length")  # the page draws the overview first
        finally:
            browser.close()
    assert errors == [] and outside == []
    assert nodes == built.graph.number_of_nodes()

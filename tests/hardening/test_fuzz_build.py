"""Generated hostile corpora go through the whole build: nothing crashes, nothing is lost, every
export loads back, and the HTML carries the text only escaped.

Each example writes its records as JSON Lines and runs :func:`kg.workflow.build` into a fresh
folder, asking only for the outputs the test checks. The example budget is the hardening profile
(``ci`` by default, ``--hypothesis-profile long`` for thousands; see ``conftest.py``).
"""
from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from hostile import hardening_profile, hostile_records, keepable, write_jsonl
from hypothesis import assume, example, given, settings

from kg.export.node_link import read_node_link
from kg.workflow import NoPapersError, build

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "schemas" / "shapes.ttl"
PROFILE = hardening_profile()
SHACL_SAMPLE = 3  # SHACL validation costs seconds per graph: only the first few corpora of a session
_shacl_done: list[int] = []


def _build(tmp_path_factory: pytest.TempPathFactory, records: list[dict], outputs: tuple[str, ...]) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    src = write_jsonl(folder / "in.jsonl", records)
    build([src], folder / "out", outputs=outputs, cache=False, workers=1)
    return folder / "out"


@settings(PROFILE)
@given(records=hostile_records())
@example(records=[{"title": "???", "abstract": "A."}, {"title": "!!!", "abstract": "B."}])  # one title-hash once
@example(records=[{"id": "7", "title": "A", "abstract": "x"}, {"id": "7", "title": "B", "abstract": "y"}])
def test_every_record_is_kept_merged_or_rejected_for_an_empty_field(records, tmp_path_factory, warm_nlp):
    folder = tmp_path_factory.mktemp("fuzz")
    src = write_jsonl(folder / "in.jsonl", records)
    if not any(map(keepable, records)):  # no paper at all: an error, and nothing written
        with pytest.raises(NoPapersError) as caught:
            build([src], folder / "out", outputs=("records", "report"), cache=False, workers=1)
        (counts,) = caught.value.report.as_dict()["files"].values()
        assert counts["read"] == counts["rejected"] == len(records)
        assert not (folder / "out" / "report.json").exists()
        return
    kg = build([src], folder / "out", outputs=("records", "report"), cache=False, workers=1)
    out = folder / "out"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (counts,) = report["files"].values()
    assert sum(1 for _, t in kg.graph.nodes(data="type") if t == "paper") == counts["kept"]  # no id collides
    assert counts["read"] == len(records)
    assert counts["read"] == counts["kept"] + counts["merged"] + counts["rejected"]
    rejected = {r["line"] for r in counts["rejections"]}
    assert rejected == {i for i, rec in enumerate(records, 1) if not keepable(rec)}
    assert all(r["reason"] in ("empty title", "empty abstract") or "cannot carry" in r["reason"]
               for r in counts["rejections"])
    kept_lines = {s["line"] for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
                  for s in json.loads(line)["sources"]}
    assert kept_lines == {i for i, rec in enumerate(records, 1) if keepable(rec)}


@settings(PROFILE)
@given(records=hostile_records())
def test_graph_json_loads_back_equal_to_the_built_graph(records, tmp_path_factory, warm_nlp):
    assume(any(map(keepable, records)))
    folder = tmp_path_factory.mktemp("fuzz")
    src = write_jsonl(folder / "in.jsonl", records)
    G = build([src], folder / "out", outputs=("json",), cache=False, workers=1).graph
    H = read_node_link(folder / "out" / "graph.json")
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
    assert H.graph == G.graph
    assert nx.is_isomorphic(H, G)


def _shacl_conforms(ttl: Path) -> tuple[bool, str]:
    from pyshacl import validate

    conforms, _, text = validate(str(ttl), data_graph_format="turtle", shacl_graph=str(SHAPES),
                                 shacl_graph_format="turtle", inference="none")
    return conforms, text


@settings(PROFILE)
@given(records=hostile_records())
def test_turtle_and_ntriples_parse_in_rdflib_and_oxigraph_with_the_same_triples(records, tmp_path_factory, warm_nlp):
    assume(any(map(keepable, records)))  # a build without a single paper writes nothing to check
    out = _build(tmp_path_factory, records, ("ttl", "nt"))
    graphs = {}
    for name, rdflib_format, ox_format in (("graph.ttl", "turtle", ox.RdfFormat.TURTLE),
                                           ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES)):
        graphs[name] = rdflib.Graph().parse(out / name, format=rdflib_format)
        with open(out / name, "rb") as f:
            triples = set(ox.parse(f, format=ox_format))
        assert len(graphs[name]) == len(triples), name
    assert isomorphic(graphs["graph.ttl"], graphs["graph.nt"])
    if len(_shacl_done) < SHACL_SAMPLE:
        _shacl_done.append(1)
        conforms, text = _shacl_conforms(out / "graph.ttl")
        assert conforms, text


class _Markup(HTMLParser):
    """The start tags of a page with their attributes, and the text of each ``<script>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _markup(page: str) -> _Markup:
    parser = _Markup()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def benign_page(tmp_path_factory, warm_nlp) -> _Markup:
    out = _build(tmp_path_factory, [{"title": "Plain", "abstract": "We use ResNet on CIFAR-10."}], ("html",))
    return _markup((out / "graph.html").read_text(encoding="utf-8"))


@settings(PROFILE)
@given(records=hostile_records())
def test_the_html_page_has_the_templates_markup_only_and_the_data_as_json(records, tmp_path_factory, benign_page):
    assume(any(map(keepable, records)))
    out = _build(tmp_path_factory, records, ("html", "records"))
    page = (out / "graph.html").read_text(encoding="utf-8")
    markup = _markup(page)
    # Data never adds an element or an attribute: the tags are the template's, whatever the titles.
    assert Counter(markup.tags) == Counter(benign_page.tags)
    data = json.loads(markup.scripts[0])
    text = json.dumps(data, ensure_ascii=False)
    for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines():
        title = json.loads(line)["title"]
        assert json.dumps(title, ensure_ascii=False)[1:-1] in text  # every title is there, as text


# -- the hand-written hostile corpus (tests/data/hardening/hostile.jsonl), every output -------------

HOSTILE = ROOT / "tests" / "data" / "hardening" / "hostile.jsonl"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, warm_nlp):
    out = tmp_path_factory.mktemp("hostile") / "out"
    return build([HOSTILE], out, cache=False, workers=1), out


def test_the_hostile_corpus_keeps_every_paper_with_a_title_and_an_abstract(hostile_build):
    kg, out = hostile_build
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"] == {"read": 11, "kept": 9, "merged": 0, "rejected": 2}
    assert [(r["line"], r["reason"]) for r in report["files"][str(HOSTILE)]["rejections"]] == [
        (10, "empty title"), (11, "empty abstract")]


def test_lone_surrogates_in_json_escapes_become_replacement_characters(hostile_build):
    kg, _ = hostile_build
    assert kg.graph.nodes["paper:surrogates"]["title"] == "Cut emoji \ufffd and lone \ufffd"


def test_the_hostile_corpus_exports_conform_to_the_shacl_shapes(hostile_build):
    _, out = hostile_build
    conforms, text = _shacl_conforms(out / "graph.ttl")
    assert conforms, text


@pytest.mark.parametrize("name, rdflib_format", [("graph.ttl", "turtle"), ("graph.nt", "nt"),
                                                 ("graph.jsonld", "json-ld")])
def test_every_rdf_export_of_the_hostile_corpus_holds_the_same_triples(hostile_build, name, rdflib_format):
    _, out = hostile_build
    reference = rdflib.Graph().parse(out / "graph.nt", format="nt")
    assert isomorphic(rdflib.Graph().parse(out / name, format=rdflib_format), reference)


def test_no_injected_triple_reaches_the_rdf(hostile_build):
    _, out = hostile_build
    g = rdflib.Graph().parse(out / "graph.nt", format="nt")
    assert not [t for t in g if any(str(term).startswith("http://evil/") for term in t)]


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_graphml_and_gexf_of_the_hostile_corpus_read_back_equal(hostile_build, name):
    from kg.export.node_link import read_graph

    kg, out = hostile_build
    H = read_graph(out / name)
    assert dict(H.nodes(data=True)) == dict(kg.graph.nodes(data=True))
    assert Counter(H.edges(keys=True)) == Counter(kg.graph.edges(keys=True))


def _abstract(n_chars: int) -> str:
    """Varied sentences (not one repeated), as long as asked."""
    words = [f"w{i}" for i in range(n_chars // 4)]
    sentences = " ".join(f"{' '.join(words[i:i + 12])} improves ResNet-{i} on CIFAR-10 by {i % 90}.5%."
                         for i in range(0, len(words), 12))
    return sentences[:n_chars]


@pytest.mark.slow
def test_a_one_megabyte_abstract_is_rejected_and_the_other_papers_kept(tmp_path, warm_nlp):
    from kg.ingest.fields import MAX_ABSTRACT_CHARS

    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "huge", "title": "A full text pasted as an abstract", "abstract": _abstract(1 << 20)},
        {"id": "limit", "title": "An abstract at the limit", "abstract": _abstract(MAX_ABSTRACT_CHARS)},
        {"id": "small", "title": "Small", "abstract": "We use ResNet on CIFAR-10."},
    ])
    kg = build([src], tmp_path / "out", outputs=("records", "report"), cache=False, workers=1)
    assert sorted(n for n, d in kg.graph.nodes(data=True) if d["type"] == "paper") == ["paper:limit", "paper:small"]
    (rejection,) = kg.report.rejections
    assert (rejection.line, rejection.reason) == (
        1, f"abstract too long ({1 << 20} characters; the limit is {MAX_ABSTRACT_CHARS}: is it a full text?)")

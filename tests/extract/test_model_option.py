"""A retrained model in use: `model=` of the pipeline, kg.extract and kg.build (`--model` on the CLI).

The kg_classifier component takes its model file from its factory config (``model_path``);
``build_nlp(model=...)`` sets it, and every way of extracting passes it on: in this process, to
worker processes, to the extraction cache (whose key holds the model) and to the graph's
``extractor`` fingerprint. Without it, the model shipped with kg decides, as before.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.cache import extractor_fingerprint
from kg.extract.classifier import MODEL_RESOURCE, EntityModel, LinearModel, load_model
from kg.extract.parallel import extract_parallel
from kg.extract.pipeline import default_nlp, extract_paper
from kg.extract.training import CLASSES
from kg.model import Paper
from kg.workflow import BuildError, build, check_model, extract

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "kg" / "extract" / "resources" / MODEL_RESOURCE
FIXTURE_MODEL = ROOT / "tests" / "data" / "training" / "model.json"
LEARNED = {"method", "dataset", "task"}

ABSTRACT = ("We propose FooNet, a convolutional network for image classification, and evaluate it on ImageNet and "
            "CIFAR-10 with an NVIDIA A100 GPU. FooNet is 3x faster than ResNet-50. Code is at github.com/foo/foonet.")


def _paper(pid: str = "p1") -> Paper:
    return Paper(pid, "FooNet: fast image classification", ABSTRACT)


def _types(paper: Paper) -> set[str]:
    return {e.type for e in paper.entities}


def nothing_model() -> EntityModel:
    """A model for which no candidate is a name: every learned decision says "none"."""
    return EntityModel(LinearModel(CLASSES, {"bias": (0.0, *[-20.0] * (len(CLASSES) - 1))}),
                       LinearModel(("used", "proposed"), {"bias": (0.0, 0.0)}), {})


@pytest.fixture(scope="module")
def nothing(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "nothing.json"
    path.write_text(nothing_model().to_json())
    return path


def test_without_a_model_the_shipped_one_decides():
    assert LEARNED <= _types(extract_paper(_paper()))
    assert default_nlp().get_pipe_config("kg_classifier")["model_path"] is None


def test_the_pipeline_decides_with_the_model_it_is_given(nothing):
    nlp = default_nlp(nothing)
    assert nlp.get_pipe_config("kg_classifier")["model_path"] == str(nothing.resolve())
    found = _types(extract_paper(_paper(), nlp))
    assert not found & LEARNED  # the model says no candidate is a name...
    assert {"repository", "hardware", "metric"} <= found  # ...and the rules of the other types are untouched


def test_the_fingerprint_names_the_model_a_copy_of_the_shipped_one_included(nothing, tmp_path):
    copy = tmp_path / "copy.json"
    shutil.copyfile(SHIPPED, copy)
    assert extractor_fingerprint(copy) == extractor_fingerprint(SHIPPED) == extractor_fingerprint()
    assert extractor_fingerprint(nothing) != extractor_fingerprint()


def test_a_build_with_a_model_neither_uses_nor_spoils_the_cache_of_another(nothing, tmp_path):
    src = tmp_path / "papers.jsonl"
    src.write_text(json.dumps({"id": "p1", "title": _paper().title, "abstract": ABSTRACT}) + "\n")
    out, outputs = tmp_path / "out", ("records", "json")

    def built(**kw) -> tuple[set[str], str]:
        build([src], out, outputs=outputs, **kw)
        records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
        return {e["type"] for e in records[0]["entities"]}, json.loads((out / "graph.json").read_text())["graph"]["extractor"]

    shipped, shipped_fingerprint = built()
    assert LEARNED <= shipped and shipped_fingerprint == extractor_fingerprint()
    retrained, fingerprint = built(model=nothing)  # the cache in out/ holds the shipped model's entities
    assert not retrained & LEARNED and fingerprint == extractor_fingerprint(nothing)
    assert built() == (shipped, shipped_fingerprint)


def _damaged(old: str, new: str) -> str:
    """The nothing model's file with its proposed part's table changed."""
    text = nothing_model().to_json()
    assert old in text
    return text.replace(old, new)


PROPOSED = '"features":["bias"],"weights":[0,0]'


@pytest.mark.parametrize("content, why", [
    ("", "not JSON"),
    ('{"format": "kg-linear-0"}', "format 'kg-linear-0'"),
    ('{"format": "kg-linear-2", "types": {}}', "damaged"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0]'),
     "its proposed model has 1 weights for 1 features of 2 classes"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0,"x"]'), "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":["1","2"]'), "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0,null]'), "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0,0.5]'), "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0,NaN]'), "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":["bias"],"weights":[0,' + "9" * 400 + "]"),
     "weights that are not a list of whole numbers"),
    (_damaged(PROPOSED, '"features":[1],"weights":[0,0]'), "features that are not strings in sorted order, each once"),
    (_damaged(PROPOSED, '"features":["x","x"],"weights":[0,0,0,0]'), "features that are not strings in sorted order"),
    (_damaged(PROPOSED, '"features":["x","bias"],"weights":[0,0,0,0]'),
     "features that are not strings in sorted order"),
    (_damaged('"classes":["used","proposed"]', '"classes":[]'), "its proposed model has no classes"),
    (_damaged(PROPOSED, '"weights":[0,0]'), "damaged: KeyError 'features'"),
    ('{"format": "kg-linear-1", "types": {"classes": ["none"], "weights": {"bias": [0.0, 1.0]}}, "proposed": {}}',
     "its types model has a weight row that is not 1 numbers"),
])
def test_a_file_that_is_no_model_is_refused_before_any_work(content, why, tmp_path):
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(BuildError, match=f"^{path}: not a kg entity model .*{why}"):
        check_model(path)
    with pytest.raises(BuildError, match="not a kg entity model"):
        build([tmp_path / "model.json"], tmp_path / "out", model=path)
    assert not (tmp_path / "out").exists()


def test_a_model_in_the_first_format_still_loads_and_decides_the_same(tmp_path):
    # model_kg_linear_1.json: a model as kg train wrote it before kg-linear-2 (a weight row per feature)
    first = ROOT / "tests" / "data" / "training" / "model_kg_linear_1.json"
    rows = json.loads(first.read_text())
    assert rows["format"] == "kg-linear-1"
    old = load_model(first)
    for part in ("types", "proposed"):
        read = getattr(old, part).weights
        assert {f: tuple(w) for f, w in rows[part]["weights"].items()} == {f: tuple(w) for f, w in read.items()}
    rewritten = tmp_path / "model.json"
    rewritten.write_text(old.to_json())
    assert json.loads(rewritten.read_text())["format"] == "kg-linear-2"
    new = load_model(rewritten)
    assert (old.types.matrix == new.types.matrix).all() and (old.proposed.matrix == new.proposed.matrix).all()
    ours, theirs = extract([_paper()], model=first), extract([_paper()], model=rewritten)
    assert [e.to_dict() for e in ours[0].entities] == [e.to_dict() for e in theirs[0].entities]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8),
                       st.tuples(*[st.integers(-10 ** 7, 10 ** 7)] * 3), max_size=12))
def test_a_model_file_gives_back_the_weights_it_was_written_from(rows):
    weights = {f: tuple(w / 10_000 for w in row) for f, row in rows.items()}
    model = LinearModel(("none", "method", "dataset"), weights)
    again = LinearModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert dict(again.weights) == {f: weights[f] for f in sorted(weights)}
    assert again.to_dict() == model.to_dict()


def test_a_weight_row_of_the_wrong_length_or_not_finite_is_not_written():
    for weights in ({"a": (0.1,), "b": (0.2, 0.3, 0.4)}, {"a": (float("inf"), 0.0)}):
        with pytest.raises(ValueError):
            LinearModel(("none", "method"), weights).to_dict()


def test_the_model_file_keeps_weights_as_whole_ten_thousandths():
    d = json.loads(FIXTURE_MODEL.read_text())
    assert d["format"] == "kg-linear-2"
    for part in ("types", "proposed"):
        table = d[part]
        assert table["features"] == sorted(table["features"])
        assert len(table["weights"]) == len(table["features"]) * len(table["classes"])
        assert all(isinstance(w, int) for w in table["weights"])
    types, n = d["types"], len(d["types"]["classes"])
    row = types["features"].index("bias")
    bias = types["weights"][row * n:row * n + n]
    assert load_model(FIXTURE_MODEL).types.weights["bias"] == tuple(w / 10_000 for w in bias)


def test_a_missing_model_is_named(tmp_path):
    with pytest.raises(BuildError, match=f"^{tmp_path / 'nope.json'}: no such file$"):
        extract([_paper()], model=tmp_path / "nope.json")


def test_a_model_trained_on_the_fixture_changes_what_kg_extract_finds():
    papers = [Paper(r["id"], r["title"], r["abstract"]) for r in map(json.loads, (
        ROOT / "examples" / "gold" / "arxiv" / "arxiv_test.jsonl").read_text().splitlines()[:8])]

    def learned(ps: list[Paper]) -> list[set[tuple[str, str]]]:
        return [{(e.type, e.norm) for e in p.entities if e.type in LEARNED} for p in ps]

    shipped = learned(extract([Paper(p.id, p.title, p.abstract) for p in papers]))
    retrained = learned(extract([Paper(p.id, p.title, p.abstract) for p in papers], model=FIXTURE_MODEL))
    assert retrained != shipped


def test_a_model_file_retrained_in_place_is_read_again(nothing, tmp_path):
    path = tmp_path / "model.json"
    shutil.copyfile(nothing, path)
    first = default_nlp(path)
    assert default_nlp(path) is first  # built once per model file...
    shutil.copyfile(FIXTURE_MODEL, path)
    assert default_nlp(path) is not first  # ...and again when it changes
    assert load_model(path).to_json() == FIXTURE_MODEL.read_text()


@pytest.mark.slow
def test_worker_processes_extract_with_the_model(nothing):
    papers = [_paper(f"p{i}") for i in range(3)]
    out = list(extract_parallel(papers, workers=2, batch_size=1, model=str(nothing)))
    assert [p.id for p in out] == ["p0", "p1", "p2"]
    assert all(not _types(p) & LEARNED and "repository" in _types(p) for p in out)

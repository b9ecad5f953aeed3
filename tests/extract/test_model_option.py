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


@pytest.mark.parametrize("content, why", [
    ("", "not JSON"),
    ('{"format": "kg-linear-0"}', "format 'kg-linear-0'"),
    ('{"format": "kg-linear-2", "types": {}}', "damaged"),
    (nothing_model().to_json().replace('"weights":[0,0]', '"weights":[0]'), "not 2 numbers per feature"),
    (nothing_model().to_json().replace('"weights":[0,0]', '"weights":[0,"x"]'),
     "its proposed model has a weight table that is not 2 numbers per feature"),
    (nothing_model().to_json().replace('"features":["bias"],"weights":[0,0]', '"features":[1],"weights":[0,0]'),
     "not 2 numbers per feature"),
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


def _first_format(model: EntityModel) -> str:
    """The model in kg-linear-1, the format before weight tables: a row of weights per feature."""
    def part(m: LinearModel) -> dict:
        return {"classes": list(m.classes), "weights": {f: list(w) for f, w in m.weights.items()}}
    return json.dumps({"format": "kg-linear-1", "meta": dict(model.meta), "types": part(model.types),
                       "proposed": part(model.proposed)})


def test_a_model_in_the_first_format_still_loads_and_decides_the_same(tmp_path):
    fixture = load_model(FIXTURE_MODEL)
    path = tmp_path / "model.json"
    path.write_text(_first_format(fixture))
    old = load_model(path)
    assert old.to_json() == fixture.to_json()  # rewritten in today's format, byte for byte
    assert (old.types.matrix == fixture.types.matrix).all()
    ours, theirs = extract([_paper()], model=FIXTURE_MODEL), extract([_paper()], model=path)
    assert [e.to_dict() for e in ours[0].entities] == [e.to_dict() for e in theirs[0].entities]


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
    assert load_model(FIXTURE_MODEL).types.weights["bias"] == tuple(w / 10_000 for w in types["weights"][row * n:row * n + n])


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

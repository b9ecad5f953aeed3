"""Training the learned classifier (kg.extract.training; `kg train` is tests/cli/test_train.py).

The same gold examples give the same model file, byte for byte: tests/data/training holds 24 annotated
arXiv abstracts and the model trained on them (its README says how to remake it), and training again
must reproduce that file. What cannot be trained on is refused before the pipeline runs, naming the
file and the line to fix; gold that is readable but holds nothing to learn says what it lacks.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.extract import training
from kg.extract.classifier import EntityModel, load_model
from kg.extract.training import (CLASSES, SKLEARN_MISSING, NothingToLearn, TrainingError, learn, train,
                                 write_model)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "training"
ABSTRACTS, GOLD, EXPECTED = FIXTURE / "abstracts.jsonl", FIXTURE / "gold.jsonl", FIXTURE / "model.json"
PAIR = (ABSTRACTS, GOLD)


@pytest.fixture(scope="module")
def trained():
    """The fixture trained once (the rule pipeline it needs is then built for the module)."""
    return learn([PAIR])


def test_training_the_fixture_reproduces_the_committed_model_byte_for_byte(trained, tmp_path):
    write_model(trained.model, tmp_path / "model.json")
    assert (tmp_path / "model.json").read_bytes() == EXPECTED.read_bytes()


def test_training_twice_writes_identical_bytes(trained, tmp_path):
    model = train([PAIR], tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == EXPECTED.read_bytes()
    assert model.to_json() == trained.model.to_json()


def test_the_model_file_loads_and_says_what_it_was_trained_on(trained):
    model = load_model(str(EXPECTED))
    assert isinstance(model, EntityModel)
    assert model.types.classes == CLASSES and model.proposed.classes == ("used", "proposed")
    assert model.meta["gold_papers"] == 24 == trained.papers
    assert model.meta["type_examples"] == sum(trained.types.values())
    assert model.meta["proposed_examples"] == sum(trained.proposed.values())
    assert model.meta["weak_examples"] == 0 == sum(trained.weak.values())
    assert set(model.meta["offsets"]) == set(CLASSES) and model.meta["offsets"]["none"] == 0.0


def test_every_class_has_gold_examples_in_the_fixture(trained):
    assert all(trained.types[k] > 0 for k in CLASSES), trained.types
    assert trained.proposed["proposed"] > 0 and trained.proposed["used"] > 0


def test_the_offsets_are_cross_validated_from_ten_papers_on(trained, monkeypatch):
    assert trained.offsets == trained.model.meta["offsets"]
    monkeypatch.setattr(training, "CV_MIN_PAPERS", 25)  # the fixture's 24 are now too few
    assert set(learn([PAIR]).offsets.values()) == {0.0}


# --- what cannot be trained on: the error names the file and line, before any work is done ----------------

def _jsonl(path: Path, *records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _paper(pid: str) -> dict:
    return {"id": pid, "title": f"Paper {pid}", "abstract": "We propose FooNet and evaluate it on ImageNet."}


def _gold(pid: str, **lists) -> dict:
    return {"id": pid, "methods": [{"text": "FooNet", "proposed": True}], "datasets": [{"text": "ImageNet"}],
            "tasks": [], **lists}


def _bad_input(kind: str, d: Path) -> tuple[list[tuple[Path, Path]], str]:
    """(gold pairs, the start of the error they give) for each kind of bad input."""
    a, g = d / "abstracts.jsonl", d / "gold.jsonl"
    if kind == "missing abstracts":
        _jsonl(g, _gold("p1"))
        return [(a, g)], f"{a}: no such file"
    if kind == "missing gold":
        _jsonl(a, _paper("p1"))
        return [(a, g)], f"{g}: no such file"
    if kind == "a folder":
        _jsonl(g, _gold("p1"))
        return [(d, g)], f"{d}: is a directory"
    if kind == "malformed JSON line":
        _jsonl(a, _paper("p1"), _paper("p2"))
        _jsonl(g, _gold("p1"), '{"id": "p2", "methods": [', _gold("p3"))
        return [(a, g)], f"{g}:2: invalid JSON"
    if kind == "a line that is no object":
        _jsonl(a, _paper("p1"), ["p2"])
        _jsonl(g, _gold("p1"))
        return [(a, g)], f"{a}:2: a line must be a JSON object"
    if kind == "not UTF-8":
        _jsonl(a, _paper("p1"))
        g.write_bytes(json.dumps(_gold("p1")).encode() + b"\n" + b'{"id": "p\xe92"}\n')
        return [(a, g)], f"{g}:2: not UTF-8 text"
    if kind == "gold id with no abstract":
        _jsonl(a, _paper("p1"), _paper("p2"))
        _jsonl(g, _gold("p1"), _gold("p2"), _gold("p9"))
        return [(a, g)], f"{g}:3: no input with id 'p9' in {a}"
    if kind == "abstract with no gold":
        _jsonl(a, _paper("p1"), _paper("p2"))
        _jsonl(g, _gold("p1"))
        return [(a, g)], f"{a}:2: no gold line for id 'p2' in {g}"
    if kind == "an id twice in a gold file":
        _jsonl(a, _paper("p1"))
        _jsonl(g, _gold("p1"), _gold("p1"))
        return [(a, g)], f"{g}:2: id 'p1' again (first on line 1)"
    if kind == "an id in two pairs":
        _jsonl(a, _paper("p1"))
        _jsonl(g, _gold("p1"))
        return [(a, g), (a, g)], f"{a}: id 'p1' is also in {a}"
    if kind == "an abstract without a title":
        _jsonl(a, {"id": "p1", "abstract": "Text."})
        _jsonl(g, _gold("p1"))
        return [(a, g)], f"{a}:1: an input needs string id, title and abstract"
    if kind == "a gold list of strings":
        _jsonl(a, _paper("p1"))
        _jsonl(g, _gold("p1", methods=["FooNet"]))
        return [(a, g)], f'{g}:1: "methods" must be a list of objects with a "text" string'
    raise AssertionError(kind)


BAD_INPUTS = ["missing abstracts", "missing gold", "a folder", "malformed JSON line", "a line that is no object",
              "not UTF-8", "gold id with no abstract", "abstract with no gold", "an id twice in a gold file",
              "an id in two pairs", "an abstract without a title", "a gold list of strings"]


@pytest.fixture
def no_pipeline(monkeypatch):
    """Fail if training gets as far as building the pipeline (seconds of work on a bad input)."""
    def refuse():
        raise AssertionError("the pipeline was built before the input was checked")
    monkeypatch.setattr(training, "_reader", refuse)


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_a_bad_input_is_refused_naming_file_and_line_before_the_pipeline_runs(kind, tmp_path, no_pipeline):
    pairs, message = _bad_input(kind, tmp_path)
    with pytest.raises(TrainingError) as err:
        learn(pairs)
    assert str(err.value).startswith(message)
    assert not isinstance(err.value, NothingToLearn)


def test_a_failed_training_leaves_the_model_file_as_it_was(tmp_path, no_pipeline):
    pairs, _ = _bad_input("gold id with no abstract", tmp_path)
    out = tmp_path / "model.json"
    out.write_text("the previous model\n")
    with pytest.raises(TrainingError):
        train(pairs, out)
    assert out.read_text() == "the previous model\n"


def test_without_scikit_learn_training_says_how_to_install_it(monkeypatch, no_pipeline):
    for name in ("sklearn", "sklearn.linear_model"):
        monkeypatch.setitem(sys.modules, name, None)  # what `import sklearn` finds when it is not installed
    with pytest.raises(TrainingError, match=r"pip install 'kg\[train\]'") as err:
        learn([PAIR])
    assert str(err.value) == SKLEARN_MISSING


def test_gold_files_without_a_paper_have_nothing_to_learn(tmp_path, no_pipeline):
    a, g = _jsonl(tmp_path / "a.jsonl"), _jsonl(tmp_path / "g.jsonl")
    with pytest.raises(NothingToLearn, match=f"no paper in {a}"):
        learn([(a, g)])


def _fixture_subset(d: Path, n: int, **lists) -> tuple[Path, Path]:
    """The first ``n`` papers of the fixture, their gold lists replaced by ``lists``."""
    papers = [json.loads(line) for line in ABSTRACTS.read_text().splitlines()[:n]]
    gold = [{**json.loads(line), **lists} for line in GOLD.read_text().splitlines()[:n]]
    return _jsonl(d / "a.jsonl", *papers), _jsonl(d / "g.jsonl", *gold)


def test_gold_without_any_method_dataset_or_task_has_nothing_to_learn(trained, tmp_path):
    a, g = _fixture_subset(tmp_path, 3, methods=[], datasets=[], tasks=[])
    with pytest.raises(NothingToLearn, match="is a gold method or dataset or task: nothing to learn"):
        learn([(a, g)])


def test_gold_whose_methods_are_all_used_cannot_teach_proposed_or_used(trained, tmp_path):
    papers = [json.loads(line) for line in GOLD.read_text().splitlines()[:3]]
    methods = [[{**m, "proposed": False} for m in p["methods"]] for p in papers]
    a, g = _fixture_subset(tmp_path, 3)
    _jsonl(g, *({**p, "methods": m} for p, m in zip(papers, methods)))
    with pytest.raises(NothingToLearn, match="every gold method .* is used"):
        learn([(a, g)])


def test_the_shipped_model_was_trained_on_the_candidates_extraction_finds_today():
    """A change to candidate finding or labelling changes what `kg train` learns from: the shipped
    model must then be retrained (the README's command remakes it byte for byte). The model records
    the papers and examples of each training file; the first file's examples, as made today, must
    be the ones it learned from, and the papers of both files the ones it read."""
    arxiv = ROOT / "examples" / "gold" / "arxiv"
    files = [training.read_gold(arxiv / f"arxiv_{part}.jsonl", arxiv / f"gold_arxiv_{part}.jsonl")
             for part in ("train", "train_2")]
    meta = load_model().meta
    assert [f["papers"] for f in meta["files"]] == [len(f) for f in files], "retrain the shipped model"
    examples = training.examples_from_gold(files[0])
    assert len(examples.types) == meta["files"][0]["type_examples"], "retrain the shipped model"

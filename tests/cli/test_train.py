"""`kg train`: a thin command over kg.extract.training (its behaviour is tests/extract/test_training.py).

It writes the file the Python function writes, says what it trained on, and refuses what it cannot
train on with one line naming the file and line (exit 2), or saying what the gold lacks (exit 1),
writing nothing either way.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.cli import status
from kg.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "training"
ABSTRACTS, GOLD, EXPECTED = FIXTURE / "abstracts.jsonl", FIXTURE / "gold.jsonl", FIXTURE / "model.json"


def kg(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        return int(exc.code)


def test_kg_train_writes_the_file_the_python_function_writes_and_says_what_it_trained_on(tmp_path, capsys):
    out = tmp_path / "model.json"
    assert kg("train", "--abstracts", str(ABSTRACTS), "--gold", str(GOLD), "--out", str(out)) == status.OK
    assert out.read_bytes() == EXPECTED.read_bytes()  # what train() writes: tests/extract/test_training.py
    printed = capsys.readouterr().out
    meta = json.loads(EXPECTED.read_text())["meta"]
    assert f"papers             {meta['gold_papers']}" in printed.splitlines()
    assert f"candidates        {meta['type_examples']}" in printed.splitlines()
    assert [line.split()[0] for line in printed.splitlines() if line.startswith("  ")] == [
        "none", "method", "dataset", "task", "proposed", "used"]
    offsets = meta["offsets"]
    assert (f"score offsets (cross-validated, none = 0): method {offsets['method']:+.2f}, "
            f"dataset {offsets['dataset']:+.2f}, task {offsets['task']:+.2f}") in printed
    assert printed.rstrip().endswith(f"written to {out}")


def test_kg_train_help_says_how_the_files_pair_and_what_it_needs(capsys):
    assert kg("train", "--help") == 0
    text = " ".join(capsys.readouterr().out.split())
    for words in ("--abstracts ABSTRACTS.jsonl", "--gold GOLD.jsonl", "--out MODEL.json", "in the same order",
                  "GUIDELINES.md", "byte for byte", "pip install 'kg[train]'", "--model"):
        assert words in text, words


def _write(path: Path, *lines: str) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


PAPER = json.dumps({"id": "p1", "title": "FooNet", "abstract": "We propose FooNet, tested on ImageNet."})
GOLD_LINE = json.dumps({"id": "p1", "methods": [{"text": "FooNet", "proposed": True}], "datasets": [], "tasks": []})


def _errors(d: Path) -> dict[str, tuple[list[str], str]]:
    """Each mistake: (arguments after `kg train`, what the last line of stderr must say)."""
    a, g = _write(d / "a.jsonl", PAPER), _write(d / "g.jsonl", GOLD_LINE)
    return {
        "missing abstracts": (["--abstracts", str(d / "nope.jsonl"), "--gold", g], f"{d / 'nope.jsonl'}: no such file"),
        "malformed gold line": (["--abstracts", a, "--gold", _write(d / "g2.jsonl", GOLD_LINE, '{"id": "p2",')],
                                f"{d / 'g2.jsonl'}:2: invalid JSON"),
        "gold id with no abstract": (["--abstracts", a, "--gold", _write(d / "g3.jsonl", GOLD_LINE,
                                                                         GOLD_LINE.replace("p1", "p7"))],
                                     f"{d / 'g3.jsonl'}:2: no input with id 'p7' in {a}"),
        "abstract with no gold": (["--abstracts", _write(d / "a2.jsonl", PAPER, PAPER.replace("p1", "p2")),
                                   "--gold", g], f"{d / 'a2.jsonl'}:2: no gold line for id 'p2' in {g}"),
        "a --gold short": (["--abstracts", a, "--gold", g, "--abstracts", a],
                           "give one --gold per --abstracts, in the same order (2 --abstracts, 1 --gold)"),
        "output folder missing": (["--abstracts", a, "--gold", g, "--out", str(d / "no" / "model.json")],
                                  f"{d / 'no' / 'model.json'}: cannot write: no folder {d / 'no'}"),
    }


ERRORS = ["missing abstracts", "malformed gold line", "gold id with no abstract", "abstract with no gold",
          "a --gold short", "output folder missing"]


@pytest.mark.parametrize("mistake", ERRORS)
def test_a_mistake_in_the_inputs_exits_2_with_one_line_naming_it(mistake, tmp_path, capsys):
    args, message = _errors(tmp_path)[mistake]
    out = tmp_path / "model.json"
    if "--out" not in args:
        args += ["--out", str(out)]
    assert kg("train", *args) == status.ERROR
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith(f"kg: error: {message}")
    assert not out.exists()


def test_without_scikit_learn_kg_train_exits_2_saying_what_to_install(tmp_path, capsys, monkeypatch):
    for name in ("sklearn", "sklearn.linear_model"):
        monkeypatch.setitem(sys.modules, name, None)
    out = tmp_path / "model.json"
    assert kg("train", "--abstracts", str(ABSTRACTS), "--gold", str(GOLD), "--out", str(out)) == status.ERROR
    assert capsys.readouterr().err.splitlines()[-1] == "kg: error: training needs scikit-learn: pip install 'kg[train]'"
    assert not out.exists()


def test_gold_that_holds_no_paper_exits_1_and_writes_nothing(tmp_path, capsys):
    a, g = _write(tmp_path / "a.jsonl"), _write(tmp_path / "g.jsonl")
    out = tmp_path / "model.json"
    out.write_text("the previous model\n")
    assert kg("train", "--abstracts", a, "--gold", g, "--out", str(out)) == status.MISSING
    assert capsys.readouterr().err.splitlines()[-1] == f"kg: error: no paper in {a}; nothing written"
    assert out.read_text() == "the previous model\n"


# --- using a model: kg build --model, kg extract --model (tests/extract/test_model_option.py for the API) ---------

FOONET = json.dumps({"id": "p1", "title": "FooNet", "abstract": "We propose FooNet, a convolutional network for image "
                     "classification, evaluated on ImageNet. Code is at github.com/foo/foonet."})


@pytest.fixture(scope="module")
def nothing_model(tmp_path_factory) -> Path:
    """A model for which no candidate is a method, a dataset or a task."""
    from kg.extract.classifier import EntityModel, LinearModel
    from kg.extract.training import CLASSES

    path = tmp_path_factory.mktemp("model") / "nothing.json"
    path.write_text(EntityModel(LinearModel(CLASSES, {"bias": (0.0, -20.0, -20.0, -20.0)}),
                                LinearModel(("used", "proposed"), {"bias": (0.0, 0.0)}), {}).to_json())
    return path


def _learned(records_file: Path) -> set[str]:
    records = [json.loads(line) for line in records_file.read_text().splitlines()]
    return {e["type"] for r in records for e in r["entities"]} & {"method", "dataset", "task"}


def test_kg_build_and_kg_extract_decide_with_the_model_given(nothing_model, tmp_path):
    papers = _write(tmp_path / "papers.jsonl", FOONET)
    assert kg("extract", papers, "-o", str(tmp_path / "shipped.jsonl"), "--workers", "1") == status.OK
    assert _learned(tmp_path / "shipped.jsonl") == {"method", "dataset", "task"}
    assert kg("extract", papers, "-o", str(tmp_path / "none.jsonl"), "--workers", "1",
              "--model", str(nothing_model)) == status.OK
    assert _learned(tmp_path / "none.jsonl") == set()
    assert kg("build", papers, "--out", str(tmp_path / "out"), "--outputs", "records", "--workers", "1", "-q",
              "--model", str(nothing_model)) == status.OK
    assert _learned(tmp_path / "out" / "records.jsonl") == set()


@pytest.mark.parametrize("command", ["build", "extract"])
def test_a_model_that_is_missing_or_no_model_exits_2_naming_it(command, tmp_path, capsys):
    papers = _write(tmp_path / "papers.jsonl", FOONET)
    out = ["--out", str(tmp_path / "out")] if command == "build" else ["-o", str(tmp_path / "out.jsonl")]
    assert kg(command, papers, *out, "--model", str(tmp_path / "nope.json")) == status.ERROR
    assert capsys.readouterr().err.splitlines()[-1] == f"kg: error: {tmp_path / 'nope.json'}: no such file"
    assert kg(command, papers, *out, "--model", papers) == status.ERROR
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"kg: error: {papers}: not a kg entity model")
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.jsonl").exists()

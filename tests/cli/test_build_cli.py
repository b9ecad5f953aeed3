"""The kg command line: exit codes, messages, and that every command documents itself."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main, make_parser


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_python_dash_m_kg_shows_help():
    res = run_kg("--help")
    assert res.returncode == 0
    assert "build" in res.stdout and "extract" in res.stdout


def test_every_command_has_help_ending_with_an_example():
    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    seen = set()
    for name, cmd in sub.choices.items():
        if id(cmd) in seen:
            continue
        seen.add(id(cmd))
        assert (cmd.epilog or "").startswith("Example: kg "), name
        for action in cmd._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child_name, child in action.choices.items():
                    assert (child.epilog or "").startswith("Example: kg "), f"{name} {child_name}"


def test_missing_input_exits_2_with_one_line_and_no_traceback(tmp_path):
    res = run_kg("build", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "missing.jsonl: no such file" in res.stderr and "Traceback" not in res.stderr


def test_unwritable_output_exits_2(tmp_path):
    (tmp_path / "f").write_text("x")
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"title": "T", "abstract": "A."}) + "\n")
    res = run_kg("build", str(inp), "--out", str(tmp_path / "f" / "out"))
    assert res.returncode == 2 and "cannot write" in res.stderr and "Traceback" not in res.stderr


def test_bad_records_warn_with_file_and_line_and_strict_fails(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"title": "Good", "abstract": "Fine."}) + "\n{broken\n")
    out = tmp_path / "out"
    assert main(["build", str(inp), "--out", str(out), "--outputs", "records,report", "-q"]) == 0
    assert main(["build", str(inp), "--out", str(out), "--outputs", "records,report", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "in.jsonl:2: invalid JSON" in err
    report = json.loads((out / "report.json").read_text())
    counts = next(iter(report["files"].values()))
    assert (counts["read"], counts["kept"], counts["rejected"]) == (2, 1, 1)


def test_build_prints_a_summary_table(tmp_path, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n")
    assert main(["build", str(inp), "--out", str(tmp_path / "out"), "--outputs", "records,json,report"]) == 0
    out = capsys.readouterr().out
    assert "read 1, kept 1, merged 0 duplicates, rejected 0" in out
    assert "papers" in out and "repository" in out


def test_build_streams_when_no_output_needs_the_whole_graph(tmp_path, capsys, monkeypatch):
    import kg.workflow as workflow

    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"title": "UMBC", "abstract": "We propose UMBC. Code at github.com/a/b."}) + "\n")
    streamed: list[bool] = []
    real = workflow.build
    monkeypatch.setattr(workflow, "build", lambda *a, **k: streamed.append(not k["keep_graph"]) or real(*a, **k))
    assert main(["build", str(inp), "--out", str(tmp_path / "s"), "--outputs", "records,json,nt,report"]) == 0
    assert streamed == [True]
    table = capsys.readouterr().out
    assert main(["build", str(inp), "--out", str(tmp_path / "m"), "--outputs", "records,json,nt,report,html"]) == 0
    assert streamed == [True, False]  # html needs the whole graph: kept in memory
    assert capsys.readouterr().out.replace(str(tmp_path / "m"), "") == table.replace(str(tmp_path / "s"), "")
    for name in ("records.jsonl", "graph.json", "graph.nt", "report.json"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "m" / name).read_bytes(), name


def test_extract_writes_json_lines_to_stdout(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "x", "title": "T", "abstract": "See github.com/a/b."}) + "\n")
    res = run_kg("extract", str(inp))
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)
    assert rec["id"] == "x" and rec["entities"][0]["norm"] == "github.com/a/b"
    assert "read 1, kept 1" in res.stderr


def test_extract_to_a_file(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "x", "title": "T", "abstract": "A."}) + "\n")
    assert main(["extract", str(inp), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    assert json.loads((tmp_path / "out.jsonl").read_text())["id"] == "x"


def test_the_installed_kg_command_runs():
    script = Path(sys.executable).with_name("kg")
    assert script.exists(), "the console script is installed next to the interpreter"
    res = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("kg "), res.stderr


# ----------------------------------------------------------------------------- inputs without papers


def _garbage_inputs(d: Path) -> dict[str, Path]:
    (d / "garbage.bin").write_bytes(bytes(range(256)) * 8)
    (d / "empty.jsonl").write_text("")
    (d / "garbage.txt").write_bytes(b"\x00\x01\xff\xfe binary \xc2\x9b31m\n" * 5)
    return {p.name: p for p in d.iterdir()}


@pytest.mark.parametrize("name", ["garbage.bin", "empty.jsonl", "garbage.txt"])
def test_a_build_that_reads_no_paper_exits_1_and_leaves_the_last_build_untouched(name, tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n")
    out = tmp_path / "out"
    assert main(["build", str(good), "--out", str(out), "--outputs", "records,json,report", "-q"]) == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if not p.name.startswith(".")}
    (tmp_path / "in").mkdir()
    inputs = _garbage_inputs(tmp_path / "in")
    capsys.readouterr()
    assert main(["build", str(inputs[name]), "--out", str(out), "--outputs", "records,json,report"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"kg: error: no paper read from {inputs[name]}; nothing written"
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if not p.name.startswith(".")}
    assert after == before


def test_the_python_api_raises_no_papers_error_before_writing(tmp_path):
    from kg.workflow import NoPapersError, build

    inputs = _garbage_inputs(tmp_path)
    with pytest.raises(NoPapersError) as caught:
        build(list(inputs.values()), tmp_path / "out")
    assert caught.value.report.totals()["kept"] == 0
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == []


def test_each_input_without_a_paper_is_reported_as_such(tmp_path, capsys):
    inputs = _garbage_inputs(tmp_path)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n")
    argv = ["build", str(good), *map(str, inputs.values()), "--out", str(tmp_path / "out"), "--outputs", "report"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"kg: warning: {inputs['empty.jsonl']}: no paper in this input (no record at all)" in err
    assert f"kg: warning: {inputs['garbage.txt']}: no paper in this input (5 records, all rejected)" in err
    assert f"kg: warning: {inputs['garbage.bin']}: unknown format" in err
    assert f"{good}: no paper" not in err


def test_warnings_never_print_raw_control_characters(tmp_path, capsys):
    import unicodedata

    page = tmp_path / "page.txt"
    page.write_bytes("Title \x1b[2J \u009b31m \u202ereversed\x7f \x07\n".encode())
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "UMBC", "abstract": "Code at github.com/a/b."}) + "\n")
    assert main(["build", str(page), str(good), "--out", str(tmp_path / "out"), "--outputs", "report"]) == 0
    err = capsys.readouterr().err
    assert "title-like line with no abstract after it: Title " in err
    assert [c for c in err if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"] == []
    assert "\\u202e" in err and "\\x9b" in err


def test_extract_that_reads_no_paper_exits_1_and_writes_nothing(tmp_path, capsys):
    inputs = _garbage_inputs(tmp_path)
    out = tmp_path / "records.jsonl"
    assert main(["extract", str(inputs["empty.jsonl"]), "-o", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.splitlines()[-1].endswith("no paper read from " + str(inputs["empty.jsonl"]) +
                                                               "; nothing written")

"""Commands that write one file (``kg extract -o``, ``kg export -o``, ``kg view -o``) check it first.

A bad ``-o`` is refused before any work, in one line naming the path the user gave, with exit
status 2 — never a traceback after minutes of extraction, never a temporary file's name.
"""
from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.export.atomic import atomic_write
from kg.export.node_link import write_graph
from kg.graph.build import build_graph
from kg.model import Entity, Paper


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("inputs")
    (d / "in.jsonl").write_text(json.dumps({"id": "x", "title": "T", "abstract": "See github.com/a/b."}) + "\n")
    repo = Entity("repository", "github.com/a/b", "github.com/a/b", "abstract", 4, 18, "See github.com/a/b.")
    write_graph(build_graph([Paper("x", "T", "See github.com/a/b.", entities=[repo])], taxonomy=None),
                d / "graph.json")
    return {"records": str(d / "in.jsonl"), "graph": str(d / "graph.json")}


COMMANDS = {
    "extract": lambda inputs, out: ["extract", inputs["records"], "-o", out, "--workers", "1"],
    "export": lambda inputs, out: ["export", "--graph", inputs["graph"], "--format", "ttl", "-o", out],
    "view": lambda inputs, out: ["view", "--graph", inputs["graph"], "-o", out],
}


def _refused(capsys, argv: list[str], out: str, why: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.count("\n") == 0, err  # one line
    assert f"{out}: cannot write: {why}" in err
    assert ".tmp" not in err and "Traceback" not in err
    assert captured.out == ""


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_in_a_missing_folder_is_refused_before_any_work(command, inputs, tmp_path, capsys, monkeypatch):
    import kg.workflow

    monkeypatch.setattr(kg.workflow, "extract", lambda *a, **k: pytest.fail("extracted before checking -o"))
    out = str(tmp_path / "no" / "such" / "x.out")
    _refused(capsys, COMMANDS[command](inputs, out), out, f"no folder {tmp_path / 'no' / 'such'}")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_that_is_a_folder_is_refused(command, inputs, tmp_path, capsys):
    out = tmp_path / "adir"
    out.mkdir()
    _refused(capsys, COMMANDS[command](inputs, str(out)), str(out), "is a folder, not a file")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_on_a_read_only_file_system_is_refused(command, inputs, tmp_path, capsys, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    out = str(tmp_path / "x.out")
    _refused(capsys, COMMANDS[command](inputs, out), out, "read-only file system")


def test_a_failed_atomic_write_names_the_users_path_not_the_temporary_file(tmp_path):
    target = tmp_path / "adir"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        with atomic_write(target) as f:
            f.write("x")
    assert str(caught.value) == f"[Errno 21] Is a directory: '{target}'"
    with pytest.raises(FileNotFoundError) as caught:
        with atomic_write(tmp_path / "missing" / "x.ttl") as f:
            f.write("x")
    assert str(caught.value) == f"[Errno 2] No such file or directory: '{tmp_path / 'missing' / 'x.ttl'}'"
    assert [p.name for p in tmp_path.iterdir()] == ["adir"]  # no temporary file left behind


def test_extract_still_writes_to_standard_output(inputs, capsys):
    assert main(["extract", inputs["records"], "--workers", "1", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "x"


def test_a_good_output_is_written(inputs, tmp_path):
    out = Path(tmp_path / "records.jsonl")
    assert main(["extract", inputs["records"], "-o", str(out), "--workers", "1", "-q"]) == 0
    assert json.loads(out.read_text())["id"] == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]

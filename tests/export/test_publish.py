"""Publishing a build: the output folder is replaced as a whole, keeping what else it holds."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.export import publish as pub
from kg.export.publish import begin, discard, publish, recover, sweep

KNOWN = ["records.jsonl", "graph.json", "graph.html"]


def _build(out: Path, files: dict[str, str]) -> pub.Staging:
    staging = begin(out)
    for name, text in files.items():
        (staging.folder / name).write_text(text)
    return staging


def _folder(out: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in out.iterdir() if p.is_file()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder with a published build, a file and a folder of the user's, kg's lock."""
    out = tmp_path / "exports"
    out.mkdir()
    (out / "README.md").write_text("the user's")
    (out / "figures").mkdir()
    (out / "figures" / "a.png").write_text("png")
    (out / ".kg.lock").write_text("")
    publish(_build(out, {"records.jsonl": "old records", "graph.html": "old page"}), ["records.jsonl", "graph.html"],
            known=KNOWN)
    return out


def test_a_build_replaces_the_exports_and_keeps_everything_else(out):
    readme = os.stat(out / "README.md").st_ino
    publish(_build(out, {"records.jsonl": "new records", "graph.json": "new graph"}), ["records.jsonl", "graph.json"],
            known=KNOWN)
    # graph.html belonged to the previous build: a folder holds one build's files
    assert _folder(out) == {"README.md": "the user's", ".kg.lock": "", "records.jsonl": "new records",
                            "graph.json": "new graph"}
    assert (out / "figures" / "a.png").read_text() == "png"
    assert os.stat(out / "README.md").st_ino == readme  # carried over as a hard link, not copied
    assert sorted(p.name for p in out.parent.iterdir()) == ["exports"]  # nothing left beside


def test_the_folder_keeps_its_permissions(out):
    os.chmod(out, 0o750)
    publish(_build(out, {"records.jsonl": "new"}), ["records.jsonl"], known=KNOWN)
    assert out.stat().st_mode & 0o777 == 0o750


def test_a_failed_build_leaves_nothing(out):
    before = _folder(out)
    discard(_build(out, {"records.jsonl": "half"}))
    assert _folder(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["exports"]


def test_where_folders_cannot_be_exchanged_in_one_rename_three_renames_do_it(out, monkeypatch):
    monkeypatch.setattr(pub, "_exchange_call", lambda: None)
    publish(_build(out, {"records.jsonl": "new"}), ["records.jsonl"], known=KNOWN)
    assert _folder(out)["records.jsonl"] == "new"
    assert sorted(p.name for p in out.parent.iterdir()) == ["exports"]


def test_a_build_killed_between_the_three_renames_is_put_in_place_by_the_next(out, monkeypatch):
    monkeypatch.setattr(pub, "_exchange_call", lambda: None)
    staging = _build(out, {"records.jsonl": "new"})
    renames = []

    def rename_then_die(src, dst):
        renames.append((src, dst))
        os.replace(src, dst)
        if len(renames) == 1:  # the output folder is aside, the new one not yet in its place
            raise KeyboardInterrupt

    monkeypatch.setattr(pub.os, "rename", rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        publish(staging, ["records.jsonl"], known=KNOWN)
    monkeypatch.undo()
    assert not out.exists()
    recover(out)
    sweep(out, KNOWN)
    assert _folder(out)["records.jsonl"] == "new" and (out / "figures" / "a.png").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["exports"]


def test_a_file_of_the_users_found_only_beside_is_moved_back_before_the_sweep(out):
    left = out.parent / ".exports.kg-build-killed"
    left.mkdir()
    (left / "graph.json").write_text("a killed build's")
    (left / "notes.txt").write_text("written while a build published")
    sweep(out, KNOWN)
    assert (out / "notes.txt").read_text() == "written while a build published"
    assert not (out / "graph.json").exists() and not left.exists()


def test_an_output_folder_that_holds_the_working_directory_gets_its_files_one_by_one(out, monkeypatch):
    monkeypatch.chdir(out / "figures")
    staging = _build(out, {"records.jsonl": "new"})
    assert not staging.whole and staging.why == "it is the working directory or holds it"
    publish(staging, ["records.jsonl"], known=KNOWN)
    assert _folder(out)["records.jsonl"] == "new" and not (out / "graph.html").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-build-")]


def test_an_output_folder_given_as_a_link_is_replaced_where_it_is(tmp_path, out):
    link = tmp_path / "link"
    link.symlink_to(out)
    publish(_build(link, {"records.jsonl": "new"}), ["records.jsonl"], known=KNOWN)
    assert link.is_symlink() and (out / "records.jsonl").read_text() == "new"


def test_a_build_into_the_working_directory_says_its_files_are_replaced_one_by_one(tmp_path, monkeypatch):
    from kg.workflow import build

    (tmp_path / "in.jsonl").write_text('{"id": "p1", "title": "T", "abstract": "See github.com/a/b."}\n')
    monkeypatch.chdir(tmp_path)
    kg = build(["in.jsonl"], ".", outputs=("records", "report"), workers=1, cache=False)
    assert kg.report.warnings == [".: the exports are replaced one by one, not as a whole folder: it is the "
                                  "working directory or holds it"]
    assert (tmp_path / "records.jsonl").exists() and not list(tmp_path.glob(".kg-build-*"))

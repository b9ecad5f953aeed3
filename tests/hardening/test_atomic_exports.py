"""A build killed while writing leaves the previous exports whole, and two builds never interleave.

``kg build`` runs as a real process through ``kg_with_hooks.py``, which sends it SIGKILL at the
moment it is about to rename a finished temporary file onto an export's final name — the last
instant at which a crash can still hurt, and the same instant on every run (no timing). A kill
anywhere earlier in a file's write finds the final name untouched just the same: the rename is the
only operation on it. Outputs are written in :data:`kg.workflow.ALL_OUTPUTS` order, so after a kill
before output *k* the outputs before it are the new build's and the others the previous build's,
byte for byte.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kg_process import kg_env

from kg.workflow import ALL_OUTPUTS, OUTPUT_FILES, build

ROOT = Path(__file__).resolve().parents[2]
HOOKS = Path(__file__).with_name("kg_with_hooks.py")
PREVIOUS_INPUTS = [ROOT / "tests" / "data" / "ingest" / "papers.jsonl"]
NEXT_INPUTS = [ROOT / "tests" / "data" / "hardening" / "hostile.jsonl",
               ROOT / "tests" / "data" / "hardening" / "duplicates.jsonl"]
FINAL_NAMES = [OUTPUT_FILES[o] for o in ALL_OUTPUTS]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FINAL_NAMES}


@pytest.fixture(scope="module")
def previous(tmp_path_factory, warm_nlp) -> Path:
    """A finished build of other inputs: what an interrupted build must leave intact."""
    out = tmp_path_factory.mktemp("previous") / "out"
    build(PREVIOUS_INPUTS, out, workers=1)
    return out


@pytest.fixture(scope="module")
def finished(tmp_path_factory, warm_nlp) -> dict[str, bytes]:
    """The exports of the next build when nothing interrupts it."""
    out = tmp_path_factory.mktemp("finished") / "out"
    build(NEXT_INPUTS, out, workers=1, cache=False)
    return _snapshot(out)


def _hooked(out: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    args = [sys.executable, str(HOOKS), "build", *map(str, NEXT_INPUTS), "--out", str(out), "--workers", "1", "-q"]
    return subprocess.Popen(args, env={**kg_env(), **env}, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _load(path: Path) -> None:
    """Read an export with the reader its consumers would use; raises if it is damaged."""
    import rdflib

    from kg.export.node_link import read_graph
    from kg.export.records import read_records

    name = path.name
    if name == "records.jsonl":
        list(read_records(path))
    elif name in ("graph.json", "graph.graphml", "graph.gexf"):
        read_graph(path)
    elif name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        rdflib.Graph().parse(path, format={"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}[name])
    elif name == "report.json":
        json.loads(path.read_text(encoding="utf-8"))
    else:
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")


def _killed_before(target: str, previous: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    proc = _hooked(out, {"KG_HOOK": "kill", "KG_HOOK_TARGET": target})
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err
    return out


@pytest.mark.slow
@pytest.mark.parametrize("target", FINAL_NAMES)
def test_a_build_killed_before_an_export_is_renamed_leaves_every_export_whole(target, previous, finished, tmp_path):
    old = _snapshot(previous)
    out = _killed_before(target, previous, tmp_path)
    k = FINAL_NAMES.index(target)
    for i, name in enumerate(FINAL_NAMES):
        expected = finished[name] if i < k else old[name]
        assert (out / name).read_bytes() == expected, f"{name} after a kill before {target}"
        _load(out / name)
    leftovers = sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{target}.")


def test_the_next_build_after_a_kill_writes_every_export(previous, finished, tmp_path, warm_nlp):
    out = _killed_before("graph.ttl", previous, tmp_path)
    build(NEXT_INPUTS, out, workers=1)
    assert _snapshot(out) == finished


def test_the_next_build_sweeps_the_temporary_files_a_killed_build_left(previous, tmp_path, warm_nlp):
    out = _killed_before("graph.html", previous, tmp_path)
    build(NEXT_INPUTS, out, workers=1)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def _wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the first build ended before its pause: {proc.communicate()[1]}")
        if time.monotonic() > deadline:
            pytest.fail("the first build never reached its pause")
        time.sleep(0.05)


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_writes(previous, finished, tmp_path,
                                                                                 run_kg):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = _hooked(out, {"KG_HOOK": "wait", "KG_HOOK_TARGET": "graph.json", "KG_HOOK_READY": str(ready),
                          "KG_HOOK_GO": str(go)})
    try:
        _wait_for(ready, first)  # the first build holds the lock, half its exports written
        during = _snapshot(out)
        second = run_kg("build", *PREVIOUS_INPUTS, "--out", out, "--workers", "1")
        assert second.returncode == 2
        assert f"kg: error: {out}: another kg build is writing to this folder" in second.stderr
        assert _snapshot(out) == during  # the refused build touched nothing
    finally:
        go.touch()
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert _snapshot(out) == finished


def test_a_damaged_extraction_cache_is_ignored_not_fatal(previous, finished, tmp_path, warm_nlp):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    cache = out / ".kg-cache.sqlite"
    cache.write_bytes(cache.read_bytes()[:100] + b"\x00half a page" * 50)
    build(NEXT_INPUTS, out, workers=1)
    assert _snapshot(out) == finished

"""A build killed at any moment leaves the output folder one build, whole; two builds never interleave.

A build writes its exports into a folder of its own and exchanges it with the output folder in one
rename (see :mod:`kg.export.publish`), so after a kill the folder holds the previous build's files,
every one of them, or the new build's, every one of them, never a mix (issue 19: 8 of 20 random
kills left files of two builds side by side). Two kinds of test:

- ``kg build`` runs as a real process through ``kg_with_hooks.py``, which sends it SIGKILL at the
  moment it is about to rename a finished file onto an export's name, or to exchange its folder
  with the output folder (or just after): the same instant on every run, no timing;
- the same build is killed at random moments (:data:`KILLS` of them: 3 by default, 20 under
  ``--hypothesis-profile long``, or ``KG_KILLS=n``), and the folder is checked as a whole.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings
from kg_process import kg_env


from kg.workflow import ALL_OUTPUTS, OUTPUT_FILES, build

ROOT = Path(__file__).resolve().parents[2]
HOOKS = Path(__file__).with_name("kg_with_hooks.py")
PREVIOUS_INPUTS = [ROOT / "tests" / "data" / "ingest" / "papers.jsonl"]
NEXT_INPUTS = [ROOT / "tests" / "data" / "hardening" / "hostile.jsonl",
               ROOT / "tests" / "data" / "hardening" / "duplicates.jsonl"]
FINAL_NAMES = [OUTPUT_FILES[o] for o in ALL_OUTPUTS]
KILLS = int(os.environ.get("KG_KILLS") or (20 if settings.get_current_profile_name() == "long" else 3))


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


def _hooked(out: Path, env: dict[str, str], *options: str) -> subprocess.Popen[str]:
    args = [sys.executable, str(HOOKS), "build", *map(str, NEXT_INPUTS), "--out", str(out), "--workers", "1", "-q",
            *options]
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


def _copy(previous: Path, out: Path) -> Path:
    shutil.copytree(previous, out)
    return out


def _killed(target: str, previous: Path, tmp_path: Path, hook: str = "kill") -> Path:
    out = _copy(previous, tmp_path / "out")
    proc = _hooked(out, {"KG_HOOK": hook, "KG_HOOK_TARGET": target})
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err
    return out


def _one_build(out: Path, snapshots: dict[str, dict[str, bytes]]) -> str:
    """Which build the folder shows, whole ("previous" or "next"); fails on a mix or a damaged file."""
    state = {}
    for name in FINAL_NAMES:
        assert (out / name).is_file(), f"{name} missing"
        state[name] = (out / name).read_bytes()
        _load(out / name)
    for which, files in snapshots.items():
        if state == files:
            return which
    mix = {name: [w for w, files in snapshots.items() if files[name] == state[name]] for name in FINAL_NAMES}
    pytest.fail(f"the folder holds files of two builds: {mix}")


def _left_beside(out: Path) -> list[str]:
    """The folders builds left beside the output folder."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.kg-build-"))


@pytest.mark.slow
@pytest.mark.parametrize("target", [*FINAL_NAMES, "exchange"])
def test_a_build_killed_before_any_rename_leaves_the_previous_build_whole(target, previous, finished, tmp_path):
    out = _killed(target, previous, tmp_path)
    assert _one_build(out, {"previous": _snapshot(previous), "next": finished}) == "previous"
    assert len(_left_beside(out)) == 1  # the killed build's own folder, for the next build to sweep


def test_a_build_killed_just_after_the_exchange_is_published_whole(previous, finished, tmp_path):
    out = _killed("exchange", previous, tmp_path, hook="kill-after")
    assert _one_build(out, {"previous": _snapshot(previous), "next": finished}) == "next"
    assert len(_left_beside(out)) == 1  # the previous build's folder, for the next build to sweep


def test_the_next_build_after_a_kill_writes_every_export(previous, finished, tmp_path, warm_nlp):
    out = _killed("graph.ttl", previous, tmp_path)
    build(NEXT_INPUTS, out, workers=1)
    assert _snapshot(out) == finished


def test_the_next_build_sweeps_what_a_killed_build_left(previous, tmp_path, warm_nlp):
    out = _killed("graph.html", previous, tmp_path)
    build(NEXT_INPUTS, out, workers=1)
    assert _left_beside(out) == []
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def _reached(out: Path, proc: subprocess.Popen[str], writing: bool = False) -> None:
    """Wait until the build has made its own folder (it holds the lock and has begun) or, with
    ``writing``, has written a first file into it."""
    while proc.poll() is None:
        beside = [out.parent / name for name in _left_beside(out)]
        if beside and (not writing or any(os.listdir(beside[0]))):
            return
        time.sleep(0.002)


@pytest.fixture(scope="module")
def running_time(previous, tmp_path_factory) -> tuple[float, float]:
    """Seconds from the moment the build has its folder to its end, and from its first file written
    to its end: an uninterrupted build."""
    out = _copy(previous, tmp_path_factory.mktemp("timed") / "out")
    proc = _hooked(out, {})
    _reached(out, proc)
    start = time.monotonic()
    _reached(out, proc, writing=True)
    writing = time.monotonic()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    end = time.monotonic()
    return end - start, end - writing


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_the_folder_one_build_whole(previous, finished, running_time,
                                                                            tmp_path):
    seed = random.randrange(1 << 30)
    rnd = random.Random(seed)
    snapshots = {"previous": _snapshot(previous), "next": finished}
    whole, writing = running_time
    seen = []
    for k in range(KILLS):
        out = _copy(previous, tmp_path / f"k{k}" / "out")
        proc = _hooked(out, {})
        # Every other kill anywhere in the build (a little past its end too: a build that had
        # finished); the others once it writes its exports, until it has published them.
        _reached(out, proc, writing=k % 2 == 1)
        moment = rnd.uniform(0, 1.1 * (whole if k % 2 == 0 else writing))
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=300)
        seen.append((k % 2 == 1, round(moment, 3), _one_build(out, snapshots)))
    # (the moments and what each kill left, for the record when the test is run with -s)
    print(f"seed {seed}; build {whole:.2f} s, writing {writing:.2f} s; (writing?, moment, left): {seen}")


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
    out = _copy(previous, tmp_path / "out")
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


def test_a_damaged_extraction_cache_is_replaced_with_one_warning(previous, finished, tmp_path, warm_nlp):
    out = _copy(previous, tmp_path / "out")
    cache = out / ".kg-cache.sqlite"
    cache.write_bytes(cache.read_bytes()[:100] + b"\x00half a page" * 50)
    build(NEXT_INPUTS, out, workers=1)
    got = _snapshot(out)
    report = json.loads(got.pop("report.json"))
    assert got == {name: data for name, data in finished.items() if name != "report.json"}
    assert report["warnings"] == [f"{cache}: the extraction cache could not be read (database disk image is "
                                  "malformed); replaced by an empty one"]


def test_an_update_after_a_killed_update_reports_what_an_uninterrupted_update_reports(previous, tmp_path, warm_nlp):
    # Issue 19: the killed update had replaced records.jsonl but not report.json; the next update
    # read its records as previous ones and counted them "merged" (kept 0, merged 1004).
    clean = _copy(previous, tmp_path / "clean")
    build(NEXT_INPUTS, clean, workers=1, update=True)
    out = _copy(previous, tmp_path / "out")
    proc = _hooked(out, {"KG_HOOK": "kill", "KG_HOOK_TARGET": "report.json"}, "--update")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err
    build(NEXT_INPUTS, out, workers=1, update=True)
    assert json.loads((out / "report.json").read_text()) == json.loads((clean / "report.json").read_text())
    assert _snapshot(out) == _snapshot(clean)

"""A disk that fills up during a build: one line, the previous exports intact, nothing left behind.

Issue 19: on a 2 MB tmpfs, a build with the cache on ended in an ``sqlite3.OperationalError:
database or disk is full`` traceback and left the cache and its journal filling the disk; without
the cache, an ``OSError: [Errno 28]`` traceback. Each test runs ``kg build`` on a real 2 MB tmpfs,
mounted in a mount namespace of its own (``unshare --mount --map-root-user``: no root needed where
user namespaces are allowed; it vanishes with the process). Where that is not possible the disk is
simulated with a file-size limit (``RLIMIT_FSIZE``: writes fail with EFBIG instead of ENOSPC, and
kg reports both the same way); the cache case needs the real disk and is skipped then.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kg_process import ROOT, kg_env

SMALL_INPUT = ROOT / "tests" / "data" / "ingest" / "papers.jsonl"  # about 1.3 MB of exports
CORPUS = sorted((ROOT / "examples" / "corpus").glob("*.txt"))  # far more than 2 MB of exports

# Runs in the namespace (or under the file-size limit): a previous build if asked, the build that
# fills the disk, and what the disk holds after it; prints it all as JSON.
DRIVER = r"""
import json, os, resource, signal, subprocess, sys
disk, mode, previous, cache = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
small, corpus = sys.argv[5], sys.argv[6:]
out = os.path.join(disk, "out")
kg = [sys.executable, "-m", "kg", "build", "--out", out, "--workers", "1", "-q"] + ([] if cache else ["--no-cache"])

def limit():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))

def files():
    found = {}
    for folder, _, names in os.walk(disk):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, disk)] = f.read().hex()
    return found

if previous:
    subprocess.run(kg + [small], check=True)
before = files()
run = subprocess.run(kg + corpus, capture_output=True, text=True, preexec_fn=limit if mode == "rlimit" else None)
print(json.dumps({"status": run.returncode, "stderr": run.stderr, "before": before, "after": files()}))
"""


def _mode() -> str:
    """"tmpfs" where a 2 MB tmpfs can be mounted in a namespace of our own, else "rlimit"."""
    if shutil.which("unshare") is None:
        return "rlimit"
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                            "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=1m tmpfs /tmp"],
                           capture_output=True)
    return "tmpfs" if probe.returncode == 0 else "rlimit"


MODE = os.environ.get("KG_DISK_MODE") or _mode()  # KG_DISK_MODE=rlimit tries the simulation


def _fill_the_disk(tmp_path: Path, *, previous: bool, cache: bool) -> dict:
    disk = tmp_path / "disk"
    disk.mkdir()
    args = [sys.executable, "-c", DRIVER, str(disk), MODE, str(int(previous)), str(int(cache)), str(SMALL_INPUT),
            *map(str, CORPUS)]
    if MODE == "tmpfs":
        quoted = " ".join(f"'{a}'" for a in args)
        args = ["unshare", "--mount", "--map-root-user", "sh", "-c",
                f"mount -t tmpfs -o size=2m tmpfs '{disk}' && exec {quoted}"]
    res = subprocess.run(args, capture_output=True, text=True, env=kg_env(), cwd=ROOT, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout)


def _one_line(result: dict) -> str:
    assert result["status"] == 2
    assert "Traceback" not in result["stderr"]
    lines = result["stderr"].splitlines()
    assert len(lines) == 1, result["stderr"]
    return lines[0]


def _no_space(out: str) -> str:
    why = "no space left on device" if MODE == "tmpfs" else "file too large"
    return f"kg: error: {out}: {why}; nothing of this build was kept, the previous exports are unchanged"


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_full_disk_keeps_the_previous_exports_and_leaves_nothing_of_the_failed_build(tmp_path, cache):
    if cache and MODE != "tmpfs":
        pytest.skip("SQLite reports a file-size limit as an I/O error, not a full disk: needs a real tmpfs")
    result = _fill_the_disk(tmp_path, previous=True, cache=cache)
    assert _one_line(result) == _no_space(f"{tmp_path}/disk/out")
    assert result["after"] == result["before"]  # the exports, the cache and all: byte for byte


def test_a_full_disk_on_a_first_build_leaves_no_cache_and_no_journal(tmp_path):
    if MODE != "tmpfs":
        pytest.skip("needs a real tmpfs (see the module docstring)")
    result = _fill_the_disk(tmp_path, previous=False, cache=True)
    assert _one_line(result) == _no_space(f"{tmp_path}/disk/out")
    assert result["after"] == {"out/.kg.lock": ""}  # the lock file, empty: nothing else

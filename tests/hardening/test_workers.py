"""Extraction workers start from the installed kg whatever the working directory, or end the build.

Issue 19: with 2+ workers and more than one batch of papers, a build run in a folder holding a
``kg/`` folder (the clone's parent, for one) hung forever: fork-server workers started with the
working directory first on ``sys.path``, imported the stray folder as ``kg``, died, and were
restarted endlessly (4,000 tracebacks a minute).
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kg_process import ROOT

from kg.extract import parallel
from kg.extract.parallel import WorkerError, extract_parallel
from kg.model import Paper

PAPERS = parallel.POOL_FROM  # enough papers for the workers to be started


def _papers(folder: Path) -> Path:
    path = folder / "big.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": f"We use ResNet-{i}."})
                            + "\n" for i in range(PAPERS)))
    return path


def _console_script(cwd: Path) -> tuple[str, dict[str, str]]:
    """The installed ``kg`` command and an environment without PYTHONPATH: the issue's setting. (Its
    workers re-run the command's script as their main module; the script imports kg.)"""
    script = Path(sys.executable).with_name("kg")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], env=env, cwd=cwd,
                           capture_output=True, text=True)
    installed = probe.returncode == 0 and Path(probe.stdout.strip()).resolve() == ROOT / "kg" / "__init__.py"
    if not (script.exists() and installed):
        pytest.skip("the kg command is not installed from this tree (make test-venv installs it)")
    return str(script), env


def test_a_kg_folder_in_the_working_directory_does_not_reach_the_workers(tmp_path):
    kg, env = _console_script(tmp_path)
    (tmp_path / "kg").mkdir()  # what `mkdir -p /tmp/x/kg && cd /tmp/x` leaves: a namespace package "kg"
    big = _papers(tmp_path)
    res = subprocess.run([kg, "build", str(big), "--out", str(tmp_path / "o"), "--workers", "2",
                          "--outputs", "records,report", "-q"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    assert len((tmp_path / "o" / "records.jsonl").read_text().splitlines()) == PAPERS


def _unimportable_in_workers(tmp_path: Path, monkeypatch, name: str) -> None:
    """Make the workers' task a function whose module fails to import in any other process than
    this one: unpickling the task kills each worker as it starts, as a broken install would."""
    (tmp_path / f"{name}.py").write_text(
        f"import os\nif os.getpid() != {os.getpid()}:\n    raise ImportError('cannot import {name} here')\n"
        "def extract_batch(batch):\n    return [[] for _ in batch]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(parallel, "extract_batch", importlib.import_module(name).extract_batch)


def test_a_worker_that_cannot_start_ends_the_extraction_with_one_error(tmp_path, monkeypatch):
    _unimportable_in_workers(tmp_path, monkeypatch, "kg_test_unreachable")
    papers = [Paper(f"p{i}", "T", "A.") for i in range(600)]
    with pytest.raises(WorkerError, match="an extraction worker died or could not start"):
        list(extract_parallel(iter(papers), workers=2, batch_size=50))


def test_a_pool_that_breaks_while_batches_are_handed_out_is_the_same_one_error(monkeypatch):
    """The race the test above can hit: the worker dies before every batch is submitted, and the
    pool refuses the next one instead of failing its result."""
    from concurrent.futures.process import BrokenProcessPool

    class Broken:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("A child process terminated abruptly")

        def shutdown(self, *args, **kwargs):
            pass

    monkeypatch.setattr(parallel, "_start_pool", lambda workers: Broken())
    papers = [Paper(f"p{i}", "T", "A.") for i in range(PAPERS)]
    with pytest.raises(WorkerError, match="an extraction worker died or could not start"):
        list(extract_parallel(iter(papers), workers=2, batch_size=50))


def test_the_build_reports_it_as_one_line(tmp_path, monkeypatch, capsys):
    from kg.cli.main import main

    _unimportable_in_workers(tmp_path, monkeypatch, "kg_test_unreachable2")
    status = main(["build", str(_papers(tmp_path)), "--out", str(tmp_path / "o"), "--workers", "2", "--no-cache",
                   "--outputs", "records,report", "-q"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[-1] == ("kg: error: an extraction worker died or could not start (its own error, "
                                    "if it printed one, is above)")
    assert not (tmp_path / "o" / "records.jsonl").exists()

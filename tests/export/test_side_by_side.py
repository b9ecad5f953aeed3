"""Writers of the whole graph run side by side in forked processes: same files, errors raised here."""
from __future__ import annotations

import os

import pytest

from kg.export import side_by_side
from kg.export.side_by_side import run_side_by_side


def _writes(path, text):
    return lambda: path.write_text(text)


def test_every_job_writes_its_file_and_reports_its_seconds(tmp_path):
    jobs = [(name, _writes(tmp_path / name, name * 3)) for name in ("html", "graphml", "gexf")]
    seconds = run_side_by_side(jobs, processes=2)
    assert list(seconds) == ["html", "graphml", "gexf"]
    assert all(wall >= 0 and cpu >= 0 for wall, cpu in seconds.values())
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {"html": "htmlhtmlhtml", "graphml": "graphmlgraphmlgraphml",
                                                                  "gexf": "gexfgexfgexf"}


def test_jobs_run_in_children_when_there_are_processes_for_them(tmp_path):
    jobs = [(name, _writes(tmp_path / name, "")) for name in ("a", "b")]
    for name in ("a", "b"):
        jobs.append((f"pid-{name}", lambda name=name: (tmp_path / f"pid-{name}").write_text(str(os.getpid()))))
    run_side_by_side(jobs, processes=2)
    children = {(tmp_path / f"pid-{n}").read_text() for n in ("a", "b")}
    assert str(os.getpid()) not in children


def test_one_process_runs_the_jobs_here_in_order(tmp_path):
    order = []
    run_side_by_side([(name, lambda name=name: order.append((name, os.getpid()))) for name in "abc"], processes=1)
    assert order == [(n, os.getpid()) for n in "abc"]


def test_without_memory_for_the_copies_the_jobs_run_here(monkeypatch):
    monkeypatch.setattr(side_by_side, "_memory_kb", lambda path, field: 1000 if "meminfo" in path else 600)
    assert not side_by_side.can_fork_copies(2)
    ran = []
    run_side_by_side([(n, lambda n=n: ran.append((n, os.getpid()))) for n in "ab"], processes=2)
    assert ran == [("a", os.getpid()), ("b", os.getpid())]


def test_a_job_that_raises_raises_its_own_exception_here(tmp_path):
    def bad():
        raise ValueError("node id 'x\\x00' holds characters XML cannot carry")

    with pytest.raises(ValueError, match="XML cannot carry"):
        run_side_by_side([("html", _writes(tmp_path / "html", "ok")), ("graphml", bad)], processes=2)


def test_a_child_that_dies_without_a_word_is_an_error_naming_its_output():
    with pytest.raises(RuntimeError, match="writing gexf ended with exit code 3"):
        run_side_by_side([("html", lambda: None), ("gexf", lambda: os._exit(3))], processes=2)

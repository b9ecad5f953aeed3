"""Writers that need the whole graph, run side by side in forked processes.

GraphML, GEXF and the HTML page are written from the whole graph once extraction is over, in pure
Python; one after the other they leave the other cores idle (at 2,000 abstracts: 2.3 s, 1.3 s and
4.0 s of a 24 s build on two cores). A forked child shares the graph with its parent without
copying or pickling it, so :func:`run_side_by_side` runs each job in a child of its own, at most
``processes`` at a time, and waits for all of them. The files are the same bytes either way: each
job writes its own file, atomically.

A child copies the memory pages it touches, and a writer touches the whole graph, so jobs run side
by side only where fork exists and the memory available holds a copy of this process per job
running at once; otherwise (and for one job or one process) they run here, in order.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> jobs = [(name, lambda name=name: (folder / name).write_text(name)) for name in ("a", "b", "c")]
>>> seconds = run_side_by_side(jobs, processes=2)
>>> sorted(seconds), sorted(p.read_text() for p in folder.iterdir())
(['a', 'b', 'c'], ['a', 'b', 'c'])
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["run_side_by_side", "can_fork_copies"]

Job = tuple[str, Callable[[], Any]]


def _timed(job: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    job()
    return time.perf_counter() - wall, time.process_time() - cpu


def _child(job: Callable[[], Any], conn: Any) -> None:
    try:
        result: tuple[str, Any] = ("done", _timed(job))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception:  # an exception that does not pickle: its type and message
        conn.send(("error", RuntimeError(f"{type(result[1]).__name__}: {result[1]}")))
    conn.close()


def _memory_kb(path: str, field: str) -> int | None:
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def can_fork_copies(copies: int) -> bool:
    """Whether this process may fork ``copies`` children that each touch all of its memory: fork
    exists, and the memory available (Linux's ``MemAvailable``) holds that many copies of this
    process's resident memory."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    available = _memory_kb("/proc/meminfo", "MemAvailable:")
    resident = _memory_kb("/proc/self/status", "VmRSS:")
    return available is not None and resident is not None and available >= copies * resident


def run_side_by_side(jobs: Sequence[Job], processes: int) -> dict[str, tuple[float, float]]:
    """Run ``jobs`` (a name and a function of no arguments each), in forked children, at most
    ``processes`` at a time, started in the order given (give the longest first); returns the
    (wall, CPU) seconds of each job by name.

    When a job raises, the jobs still running are stopped and its exception is raised here (the
    first job's in the order given, if several failed). With one job or one process, without
    fork, or without the memory for the copies, the jobs run here, one after the other.
    """
    at_once = min(processes, len(jobs))
    if at_once <= 1 or not can_fork_copies(at_once):
        return {name: _timed(job) for name, job in jobs}
    ctx = multiprocessing.get_context("fork")
    waiting = list(jobs)
    running: dict[str, tuple[Any, Any]] = {}
    results: dict[str, tuple[str, Any]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < at_once and not any(r[0] == "error" for r in results.values()):
                name, job = waiting.pop(0)
                receive, send = ctx.Pipe(duplex=False)
                child = ctx.Process(target=_child, args=(job, send), name=f"kg-write-{name}", daemon=True)
                child.start()
                send.close()
                running[name] = (child, receive)
            if not running:
                break
            ready = multiprocessing.connection.wait([r for _, r in running.values()]
                                                    + [c.sentinel for c, _ in running.values()])
            for name, (child, receive) in list(running.items()):
                if receive in ready or child.sentinel in ready:
                    try:
                        results[name] = receive.recv()
                    except EOFError:  # it died without a word (killed, out of memory)
                        child.join()
                        results[name] = ("error", RuntimeError(
                            f"the process writing {name} ended with exit code {child.exitcode}"))
                    child.join()
                    receive.close()
                    del running[name]
    finally:
        for child, receive in running.values():
            child.terminate()
            child.join()
            receive.close()
    for name, _ in jobs:
        status, value = results.get(name, ("skipped", None))
        if status == "error":
            raise value
    return {name: results[name][1] for name, _ in jobs}

"""Writers run side by side in forked processes.

After extraction a build's work is pure Python in one process: resolving, building the graph,
feeding the writers' threads, then the writers that need the whole graph (GraphML, GEXF, the
HTML page) one after the other, while the other cores stay idle. A forked child shares what the
parent holds (the graph, the corpus's resolution) without copying or pickling it, so a writer can
run in a child of its own: :class:`Forked` starts one and hands back what it returned or raised;
:func:`run_side_by_side` runs several jobs that way, at most ``processes`` at a time. The files
are the same bytes either way: each job writes its own files, atomically.

A child copies the memory pages it touches, and a writer touches all it writes, so jobs run side
by side only where fork exists and the memory available holds a copy of this process per child
(:func:`can_fork_copies`); otherwise (and for one job or one process) they run here, in order.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> jobs = [(name, lambda name=name: (folder / name).write_text(name)) for name in ("a", "b", "c")]
>>> seconds = run_side_by_side(jobs, processes=2)
>>> sorted(seconds), sorted(p.read_text() for p in folder.iterdir())
(['a', 'b', 'c'], ['a', 'b', 'c'])
>>> child = Forked("sum", lambda: sum(range(10)))
>>> child.wait()[2]
45
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Forked", "can_fork_copies", "run_side_by_side"]

Job = tuple[str, Callable[[], Any]]


def _timed(job: Callable[[], Any]) -> tuple[float, float, Any]:
    """The (wall, CPU) seconds of ``job()`` and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = job()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def _child(job: Callable[[], Any], conn: Any) -> None:
    try:
        result: tuple[str, Any] = ("done", _timed(job))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception:  # a value or an exception that does not pickle: say so
        what = result[1] if result[0] == "error" else TypeError("its result does not pickle")
        conn.send(("error", RuntimeError(f"{type(what).__name__}: {what}")))
    conn.close()


class Forked:
    """``job()`` running in a forked child process, named ``name`` in errors.

    :meth:`wait` returns its (wall, CPU) seconds and what it returned, or raises what it raised
    (a child that dies without a word is a :class:`RuntimeError` naming it); :meth:`stop` ends it.
    """

    def __init__(self, name: str, job: Callable[[], Any]) -> None:
        self.name = name
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_child, args=(job, send), name=f"kg-write-{name}", daemon=True)
        self._process.start()
        send.close()
        self._result: tuple[str, Any] | None = None

    @property
    def handles(self) -> list[Any]:
        """What :func:`multiprocessing.connection.wait` waits on for this child."""
        return [self._receive, self._process.sentinel]

    def _collect(self) -> tuple[str, Any]:
        if self._result is None:
            try:
                self._result = self._receive.recv()
            except EOFError:  # it died without a word (killed, out of memory)
                self._process.join()
                self._result = ("error", RuntimeError(
                    f"the process writing {self.name} ended with exit code {self._process.exitcode}"))
            self._process.join()
            self._receive.close()
        return self._result

    def failed(self) -> bool:
        """Whether the child ended with an error (waits for it)."""
        return self._collect()[0] == "error"

    def wait(self) -> tuple[float, float, Any]:
        """Wait for the child: its (wall, CPU) seconds and the job's value, or the job's exception."""
        status, value = self._collect()
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        """End the child if it still runs."""
        if self._result is None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._result = ("error", RuntimeError(f"the process writing {self.name} was stopped"))


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
        return {name: _timed(job)[:2] for name, job in jobs}
    waiting = list(jobs)
    running: list[Forked] = []
    done: dict[str, Forked] = {}
    try:
        while waiting or running:
            while waiting and len(running) < at_once and not any(c.failed() for c in done.values()):
                running.append(Forked(*waiting.pop(0)))
            if not running:
                break
            ready = set(multiprocessing.connection.wait([h for c in running for h in c.handles]))
            for child in [c for c in running if ready.intersection(c.handles)]:
                child.failed()  # collects its result
                running.remove(child)
                done[child.name] = child
    finally:
        for child in running:
            child.stop()
    for name, _ in jobs:
        if name in done and done[name].failed():
            done[name].wait()  # raises its exception
    return {name: done[name].wait()[:2] for name, _ in jobs}

"""Where a build spends its time, stage by stage (read, extract, graph, each writer, publish).

A :class:`Timings` given to :func:`kg.workflow.build` collects, for each stage, the wall-clock
seconds and the CPU seconds of the thread that ran it. Stages overlap in a streamed build: papers
are extracted while the graph grows and the writers (each in a thread of its own) write the
batches before them, so the wall seconds of the stages add up to more than the build's; the CPU
seconds say what each stage costs, and which one is the bottleneck. ``benchmarks/bench.py`` prints
them; the exports never hold them (they would differ from run to run).

Examples
--------
>>> t = Timings()
>>> with t.stage("read"):
...     _ = sum(range(1000))
>>> items = list(t.iterate("extract", iter(range(3))))
>>> sorted(t.as_dict()), t.as_dict()["extract"]["calls"]
(['extract', 'read'], 4)
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["Timings"]

T = TypeVar("T")


class Timings:
    """Wall and CPU seconds per named stage, added to from any thread."""

    def __init__(self) -> None:
        self._stages: dict[str, list[float]] = {}  # name -> [wall, cpu, calls]
        self._lock = threading.Lock()

    def add(self, name: str, wall: float, cpu: float, calls: int = 1) -> None:
        """Count ``wall`` and ``cpu`` seconds more for stage ``name``."""
        with self._lock:
            row = self._stages.setdefault(name, [0.0, 0.0, 0])
            row[0] += wall
            row[1] += cpu
            row[2] += calls

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as (part of) stage ``name``, in the thread that runs it."""
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - wall, time.thread_time() - cpu)

    def iterate(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """``items``, the time spent making each one (in ``next``) counted as stage ``name``."""
        it = iter(items)
        while True:
            with self.stage(name):
                item = next(it, _DONE)
            if item is _DONE:
                return
            yield item  # type: ignore[misc]

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{stage: {"wall_s": ..., "cpu_s": ..., "calls": ...}}`` in the order stages began."""
        with self._lock:
            return {name: {"wall_s": round(w, 4), "cpu_s": round(c, 4), "calls": int(n)}
                    for name, (w, c, n) in self._stages.items()}


_DONE = object()

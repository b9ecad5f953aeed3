"""Extraction on several cores: batches of raw papers go to worker processes, entities come back.

spaCy's own ``nlp.pipe(n_process=N)`` pickles every Doc back to the parent, which on a 2-core
machine ran slower than one process; here workers receive plain papers and return plain
entities, so the parent does no NLP work. Output is the same as one process, in input order.

Workers import the ``kg`` this process runs, whatever the working directory holds: the fork
server they come from is started without the working directory on its path (a ``kg/`` folder
there was imported instead, and workers died and were restarted forever). A worker that dies or
cannot start ends the extraction with :class:`WorkerError`, once.

Examples
--------
>>> from kg.model import Paper
>>> papers = [Paper(f"p{i}", "T", f"See github.com/o/r{i}.") for i in range(3)]
>>> [p.entities[0].norm for p in extract_parallel(papers, workers=1)]
['github.com/o/r0', 'github.com/o/r1', 'github.com/o/r2']
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import site
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Any

from kg.model import Entity, Paper, Sentence

__all__ = ["POOL_FROM", "WorkerError", "batches", "extract_batch", "extract_parallel", "pool_size",
           "worker_environment"]


class WorkerError(RuntimeError):
    """An extraction worker process died or could not start."""

_BATCH = 256
# Papers to extract from which worker processes pay for their start. Measured in CPU time on this
# project's 2-core machine: the fork server imports spaCy and builds the pipeline with all its
# patterns tokenised (5.5 s, 330 MB) before the first worker runs; one process builds it lazily
# (1.7 s, 150 MB) and extracts a real abstract in ~8 ms, plus ~3 ms of pattern look-ups for each
# of its first EAGER_AFTER (500) abstracts, then tokenises all patterns (3.9 s). Below 500
# abstracts one process finishes first; from 500 on, two workers do.
POOL_FROM = 500
_EAGER_FROM = 500  # kg.extract.patterns.EAGER_AFTER (that module imports spaCy)


def extract_batch(batch: list[Paper], model: str | None = None) -> list[tuple[list[Entity], list[Sentence]]]:
    """The entities and sentences of each paper of a batch, in order: what a worker process or
    node returns. ``model``: the path of a model file of ``kg train`` (default: the shipped model)."""
    from kg.extract.pipeline import extract_papers

    return [(p.entities, p.sentences) for p in extract_papers(batch, model=model)]


def worker_environment(environ: Mapping[str, str], kg_root: str, site_dirs: Iterable[str]) -> dict[str, str]:
    """The environment to start worker processes in, so that they import the ``kg`` found in
    ``kg_root`` (the folder holding this process's ``kg`` package).

    ``PYTHONSAFEPATH`` keeps the working directory off their path; ``kg_root`` goes on
    ``PYTHONPATH`` unless it is a site directory, which the workers search anyway (and which on
    ``PYTHONPATH`` would come before the standard library).

    Examples
    --------
    >>> worker_environment({"PYTHONPATH": "/opt/lib"}, "/src/kg-clone", ["/venv/site-packages"])
    {'PYTHONPATH': '/src/kg-clone:/opt/lib', 'PYTHONSAFEPATH': '1'}
    >>> worker_environment({}, "/venv/site-packages", ["/venv/site-packages"])
    {'PYTHONSAFEPATH': '1'}
    """
    env = dict(environ)
    if kg_root not in set(site_dirs):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (kg_root, environ.get("PYTHONPATH")) if p)
    env["PYTHONSAFEPATH"] = "1"
    return env


_ENVIRON_LOCK = threading.Lock()


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    """``os.environ`` set to ``env`` while a process is started from it, then restored."""
    with _ENVIRON_LOCK:
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved)


def _start_fork_server(ctx: mp.context.BaseContext) -> None:
    """Start the fork server (once per process) in :func:`worker_environment`."""
    if ctx.get_start_method() != "forkserver":
        return  # forked workers share this process's modules; spawned ones get its sys.path
    from multiprocessing import forkserver

    kg_root = str(Path(__file__).resolve().parents[2])
    site_dirs = [str(Path(d).resolve()) for d in (*site.getsitepackages(), site.getusersitepackages())]
    with _environment(worker_environment(os.environ, kg_root, site_dirs)):
        forkserver.ensure_running()


def _worker_context() -> mp.context.BaseContext:
    """Workers forked from a fork server that loaded the pipeline: they start with spaCy ready but
    without the parent's heap. Forked from the parent itself, each worker would keep a stale copy
    of every paper the parent held (a million papers: gigabytes per worker), unshared page by
    page as the parent frees them."""
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.extract.preload"])
        return ctx
    return mp.get_context("fork" if "fork" in methods else None)


def batches(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    """Lists of ``size`` papers (the last one shorter), read lazily."""
    it = iter(papers)
    while batch := list(islice(it, size)):
        yield batch


def pool_size(papers: int | None, workers: int) -> int:
    """How many processes extract ``papers`` papers (None: not known) when ``workers`` are allowed:
    this one alone (1) below :data:`POOL_FROM` papers, where starting workers costs more than
    they save; ``workers`` from there on.

    Examples
    --------
    >>> pool_size(0, 4), pool_size(30, 4), pool_size(POOL_FROM, 4), pool_size(None, 4), pool_size(10**6, 1)
    (1, 1, 4, 4, 1)
    """
    if workers <= 1 or (papers is not None and papers < POOL_FROM):
        return 1
    return workers


def _pipeline_functions() -> tuple[Callable[[], Any], Callable[..., Iterator[Paper]]]:
    """``default_nlp`` and ``extract_papers``, imported (spaCy with them: only when there are papers to
    extract) with the garbage collector paused, as the pipeline is built (see ``default_nlp``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from kg.extract.pipeline import default_nlp, extract_papers
    finally:
        if enabled:
            gc.enable()
    return default_nlp, extract_papers


_WORKER_DIED = "an extraction worker died or could not start (its own error, if it printed one, is above)"


def extract_parallel(papers: Iterable[Paper], *, workers: int = 1, batch_size: int = _BATCH,
                     skip: Callable[[Paper], bool] | None = None, model: str | None = None,
                     expected: int | None = None) -> Iterator[Paper]:
    """Yield each paper with its entities set, extracting in up to ``workers`` processes, with the
    classifier model at ``model`` (a path; default: the shipped model).

    ``papers`` is read lazily, a few batches ahead of what was yielded, so a stream of any length
    runs in bounded memory. Papers for which ``skip(paper)`` is true (already extracted, found in
    a cache) are yielded in their place without being extracted.

    Workers start only for inputs large enough to pay for them (:func:`pool_size` of ``expected``,
    the number of papers that may need extracting, or of ``len(papers)``), and only once a batch
    holds a paper to extract: none for an input that is all skipped. The pipeline itself is built
    only when there is a paper to extract.
    """
    def todo(batch: list[Paper]) -> list[Paper]:
        return [p for p in batch if skip is None or not skip(p)]

    if expected is None and isinstance(papers, Sized):
        expected = len(papers)
    if pool_size(expected, workers) <= 1:
        # a large input needs every pattern: tokenise them at once rather than after EAGER_AFTER papers
        eager = expected is not None and expected >= _EAGER_FROM
        for batch in batches(papers, batch_size):
            if work := todo(batch):
                default_nlp, extract_papers = _pipeline_functions()
                if eager:
                    from kg.extract.patterns import activate_all

                    activate_all(default_nlp(model))
                    eager = False
                for _ in extract_papers(work, model=model):
                    pass
            yield from batch
        return
    executor: ProcessPoolExecutor | None = None
    # Batches out at once: enough to keep every worker busy, few enough that results a slow
    # consumer has not taken yet cannot pile up in memory.
    pending: deque[tuple[list[Paper], list[Paper], Future[list[list[Entity]]] | None]] = deque()
    todo_batches = batches(papers, batch_size)
    finished = False
    try:
        while True:
            while len(pending) < 4 * workers and (batch := next(todo_batches, None)) is not None:
                work = todo(batch)
                if work and executor is None:
                    executor = _start_pool(workers)
                try:  # a worker may die while batches are still handed out: the pool refuses more
                    future = executor.submit(extract_batch, work, model) if work else None
                except BrokenProcessPool:
                    raise WorkerError(_WORKER_DIED) from None
                pending.append((batch, work, future))
            if not pending:
                break
            batch, work, future = pending.popleft()
            try:
                results = future.result() if future is not None else []
            except BrokenProcessPool:
                raise WorkerError(_WORKER_DIED) from None
            for paper, (entities, sentences) in zip(work, results):
                paper.entities, paper.sentences = entities, sentences
            yield from batch
        finished = True
    finally:
        if executor is not None:
            _stop(executor, wait=finished)


def _start_pool(workers: int) -> ProcessPoolExecutor:
    ctx = _worker_context()
    _start_fork_server(ctx)
    return ProcessPoolExecutor(workers, mp_context=ctx)


def _stop(executor: ProcessPoolExecutor, *, wait: bool) -> None:
    """Shut the workers down: after their work when it is all done, at once when it is not (an
    error, or a consumer that stopped reading)."""
    if wait:
        executor.shutdown(wait=True)
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())  # gone after shutdown()
    executor.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.terminate()

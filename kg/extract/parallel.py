"""Extraction on several cores: batches of raw papers go to worker processes, entities come back.

spaCy's own ``nlp.pipe(n_process=N)`` pickles every Doc back to the parent, which on a 2-core
machine ran slower than one process; here workers receive plain papers and return plain
entities, so the parent does no NLP work. Output is the same as one process, in input order.

Examples
--------
>>> from kg.model import Paper
>>> papers = [Paper(f"p{i}", "T", f"See github.com/o/r{i}.") for i in range(3)]
>>> [p.entities[0].norm for p in extract_parallel(papers, workers=1)]
['github.com/o/r0', 'github.com/o/r1', 'github.com/o/r2']
"""
from __future__ import annotations

import multiprocessing as mp
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from itertools import islice

from kg.model import Entity, Paper

__all__ = ["batches", "extract_batch", "extract_parallel"]

_BATCH = 256


def extract_batch(batch: list[Paper]) -> list[list[Entity]]:
    """The entities of each paper of a batch, in order: what a worker process or node returns."""
    from kg.extract.pipeline import extract_papers

    return [p.entities for p in extract_papers(batch)]


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


def extract_parallel(papers: Iterable[Paper], *, workers: int = 1, batch_size: int = _BATCH,
                     skip: Callable[[Paper], bool] | None = None) -> Iterator[Paper]:
    """Yield each paper with its entities set, extracting in ``workers`` processes.

    ``papers`` is read lazily, a few batches ahead of what was yielded, so a stream of any length
    runs in bounded memory. Papers for which ``skip(paper)`` is true (already extracted, found in
    a cache) are yielded in their place without being extracted.
    """
    def todo(batch: list[Paper]) -> list[Paper]:
        return [p for p in batch if skip is None or not skip(p)]

    if workers <= 1 or (isinstance(papers, Sized) and len(papers) <= batch_size):
        from kg.extract.pipeline import extract_papers

        for batch in batches(papers, batch_size):
            for _ in extract_papers(todo(batch)):
                pass
            yield from batch
        return
    ctx = _worker_context()
    pending: deque[tuple[list[Paper], list[Paper]]] = deque()
    # Batches out at once: enough to keep every worker busy, few enough that results a slow
    # consumer has not taken yet cannot pile up in memory.
    slots = threading.Semaphore(4 * workers)
    stopped = threading.Event()

    def tasks() -> Iterator[list[Paper]]:  # runs in the pool's feeder thread
        for batch in batches(papers, batch_size):
            while not slots.acquire(timeout=0.1):
                if stopped.is_set():
                    return
            work = todo(batch)
            pending.append((batch, work))
            yield work

    try:
        with ctx.Pool(workers) as pool:
            for entities in pool.imap(extract_batch, tasks()):
                batch, work = pending.popleft()
                for paper, ents in zip(work, entities):
                    paper.entities = ents
                yield from batch
                slots.release()
    finally:
        stopped.set()

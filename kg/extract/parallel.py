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
from collections.abc import Iterator, Sequence

from kg.model import Entity, Paper

__all__ = ["extract_batch", "extract_parallel"]

_BATCH = 256


def extract_batch(batch: list[Paper]) -> list[list[Entity]]:
    """The entities of each paper of a batch, in order: what a worker process or node returns."""
    from kg.extract.pipeline import extract_papers

    return [p.entities for p in extract_papers(batch)]


def extract_parallel(papers: Sequence[Paper], *, workers: int = 1, batch_size: int = _BATCH) -> Iterator[Paper]:
    """Yield each paper with its entities set, extracting in ``workers`` processes."""
    if workers <= 1 or len(papers) <= batch_size:
        from kg.extract.pipeline import extract_papers

        yield from extract_papers(papers)
        return
    batches = [list(papers[i:i + batch_size]) for i in range(0, len(papers), batch_size)]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        for batch, entities in zip(batches, pool.imap(extract_batch, batches)):
            for paper, ents in zip(batch, entities):
                paper.entities = ents
                yield paper

"""Extraction on a Dask cluster: partitions of papers go to the workers, entities come back.

Install the extra (``pip install 'kg[dask]'``) and give a scheduler address (``tcp://host:8786``),
or none for a LocalCluster on this machine. Workers need kg installed at the same version; the
parent merges the returned entities in input order, so the graph and every export are the same as
a single-machine build.

Examples
--------
>>> from kg.model import Paper
>>> papers = [Paper(f"p{i}", "T", f"See github.com/o/r{i}.") for i in range(4)]
>>> out = list(extract_dask(papers, partition_size=2, local_workers=1))  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from kg.extract.parallel import extract_batch
from kg.model import Paper

__all__ = ["extract_dask"]


def extract_dask(
    papers: Sequence[Paper],
    *,
    scheduler: str | None = None,
    partition_size: int | None = None,
    local_workers: int = 2,
    model: str | None = None,
) -> Iterator[Paper]:
    """Yield each paper with its entities, extracted on the Dask cluster at ``scheduler``.

    ``partition_size`` defaults to about four partitions per worker thread (10 to 2,000 papers).
    ``model`` is the path of a classifier model (``kg train``): the workers read it at that path.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("the dask engine needs the extra: pip install 'kg[dask]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
    client = Client(scheduler or cluster)
    try:
        if partition_size is None:
            threads = max(1, sum(client.nthreads().values()))
            partition_size = max(10, min(2000, -(-len(papers) // (4 * threads))))
        batches = [list(papers[i:i + partition_size]) for i in range(0, len(papers), partition_size)]
        futures = client.map(extract_batch, batches, model=model, pure=False)
        for batch, future in zip(batches, futures):
            for paper, (entities, sentences) in zip(batch, future.result()):
                paper.entities, paper.sentences = entities, sentences
                yield paper
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

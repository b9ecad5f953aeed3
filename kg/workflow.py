"""The whole road: read inputs → extract entities → build the graph → write every export.

:func:`build` is what ``kg build`` runs; :func:`extract` is ``kg extract``. A build writes its
exports into a folder of its own and publishes them as a whole (:mod:`kg.export.publish`): the
output folder always holds the files of one build, whatever moment a build is killed at. One lock
per output folder keeps two builds apart, and ``report.json`` accounts for every input record.

Examples
--------
>>> import tempfile, json, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in.jsonl").write_text(json.dumps({"id": "p1", "title": "UMBC",
...     "abstract": "Code is at github.com/jeffwillette/umbc."}) + "\\n")
>>> kg = build([d / "in.jsonl"], out=d / "out", outputs=("records", "json", "report"))
>>> kg.graph.has_edge("paper:p1", "repo:github.com/jeffwillette/umbc")
True
>>> sorted(p.name for p in (d / "out").iterdir() if not p.name.startswith("."))
['graph.json', 'records.jsonl', 'report.json']
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.export.atomic import atomic_write
from kg.export.publish import begin, discard, publish, recover, sweep
from kg.export.records import read_records, write_records
from kg.ingest import read_papers
from kg.ingest.dedupe import Deduplicator
from kg.ingest.report import IngestReport
from kg.model import Paper
from kg.timings import Timings

__all__ = [
    "ALL_OUTPUTS",
    "BuildError",
    "BuildOptions",
    "NoPapersError",
    "OUTPUTS",
    "OUTPUT_FILES",
    "Output",
    "STREAMED_OUTPUTS",
    "build",
    "example_corpus",
    "extract",
    "check_inputs",
    "check_model",
    "check_output_file",
    "papers_read",
]

@dataclass(frozen=True)
class Output:
    """One thing a build can write: its file (or folder) in the output folder, what its writer
    takes, and whether a build writes it by default.

    ``takes`` says how the build feeds the writer ``module:function``: ``"papers"`` (the resolved
    papers, one by one), ``"blocks"`` (the graph in blocks, :mod:`kg.graph.parts`: written beside
    extraction, in memory that does not grow with the papers), ``"graph"`` (the whole graph, once it
    is built: a build that writes one keeps the graph in memory), or ``"report"`` (the run's counts).
    """

    file: str
    takes: str
    writer: str = ""
    options: tuple[tuple[str, Any], ...] = ()  # fixed keyword arguments of the writer
    default: bool = True

    @property
    def streams(self) -> bool:
        """Written while papers are extracted, without the whole graph in memory."""
        return self.takes != "graph"


# Every output, in the order a build renames them into place.
OUTPUTS: dict[str, Output] = {
    "records": Output("records.jsonl", "papers", "kg.export.records:write_records"),
    "json": Output("graph.json", "blocks", "kg.export.node_link:write_node_link_blocks"),
    "graphml": Output("graph.graphml", "graph", "kg.export.node_link:write_graphml"),
    "gexf": Output("graph.gexf", "graph", "kg.export.node_link:write_gexf"),
    "ttl": Output("graph.ttl", "blocks", "kg.export.rdf:write_rdf_blocks", (("format", "ttl"),)),
    "nt": Output("graph.nt", "blocks", "kg.export.rdf:write_rdf_blocks", (("format", "nt"),)),
    "jsonld": Output("graph.jsonld", "blocks", "kg.export.rdf:write_rdf_blocks", (("format", "jsonld"),)),
    "html": Output("graph.html", "graph", "kg.export.html:write_html"),
    "report": Output("report.json", "report"),
    "store": Output("store", "blocks", "kg.store:write_store_blocks", default=False),  # a folder: kg.store
}
OUTPUT_FILES = {name: o.file for name, o in OUTPUTS.items()}
# What a build writes by default: every output but the store, which is asked for (--outputs ...,store).
ALL_OUTPUTS: tuple[str, ...] = tuple(name for name, o in OUTPUTS.items() if o.default)
# Outputs a build can stream paper by paper; the others need the whole graph in memory.
STREAMED_OUTPUTS = frozenset(name for name, o in OUTPUTS.items() if o.streams)
DEFAULT_BASE_IRI = "https://w3id.org/kg-example/"
CACHE_FILE = ".kg-cache.sqlite"


class BuildError(Exception):
    """A build cannot start or finish: missing input, unwritable folder, a build already running,
    a full disk, extraction workers that cannot start."""


class NoPapersError(BuildError):
    """No input held a single paper: nothing was extracted and nothing written.

    ``report`` tells what each input held (unknown format, no record, every record rejected).
    """

    def __init__(self, report: IngestReport) -> None:
        names = sorted(report.files)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        super().__init__(f"no paper read from {shown or 'the inputs'}; nothing written")
        self.report = report


def papers_read(report: IngestReport) -> int:
    """How many papers the inputs held: kept, or merged as a duplicate into another."""
    totals = report.totals()
    return totals["kept"] + totals["merged"]


def example_corpus() -> list[Path]:
    """The bundled example corpus (``examples/corpus/*.txt`` of the source tree).

    Paths are relative to the working directory when they lie below it, so the sources recorded
    in the exports do not depend on where the project was cloned.
    """
    cwd = Path.cwd().resolve()
    for root in (Path(__file__).resolve().parent.parent, cwd):
        files = sorted((root / "examples" / "corpus").glob("*.txt"))
        if files:
            return [f.relative_to(cwd) if f.is_relative_to(cwd) else f for f in files]
    raise BuildError("no input given and the example corpus (examples/corpus/*.txt) was not found")


def check_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The inputs as paths; :class:`BuildError` for a missing file or a directory."""
    out = []
    for p in map(Path, paths):
        if not p.exists():
            raise BuildError(f"{p}: no such file")
        if p.is_dir():
            raise BuildError(f"{p}: is a directory, not a file (give the files inside it)")
        out.append(p)
    return out


def check_output_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as a file this process can write; :class:`BuildError` (one line) saying why not.

    Checked before any work starts, so that a typo in ``-o`` costs nothing: the folder must
    exist, ``path`` must not be a folder, and a file must be creatable beside it (a read-only
    file system or a folder without write permission fail here).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_output_file(d / "records.jsonl") == d / "records.jsonl"
    True
    >>> check_output_file(d / "nowhere" / "records.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.workflow.BuildError: .../nowhere/records.jsonl: cannot write: no folder .../nowhere
    >>> check_output_file(d)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.workflow.BuildError: ...: cannot write: is a folder, not a file
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise BuildError(f"{path}: cannot write: is a folder, not a file")
    if not folder.is_dir():
        raise BuildError(f"{path}: cannot write: no folder {folder}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".kg-write-test.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {(exc.strerror or str(exc)).lower()}") from None
    return path


def check_model(path: str | os.PathLike[str] | None) -> str | None:
    """The absolute path of a classifier model file of ``kg train`` (None: the shipped model);
    :class:`BuildError` (one line) for a missing file or one that holds no model. Checked before
    any work starts, so that a wrong ``--model`` costs nothing.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "papers.jsonl").write_text('{"title": "T", "abstract": "A."}\\n')
    >>> check_model(d / "papers.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.workflow.BuildError: .../papers.jsonl: not a kg entity model (format None, expected 'kg-linear-2')
    """
    if path is None:
        return None
    from kg.extract.classifier import load_model

    p = Path(path)
    if not p.exists():
        raise BuildError(f"{p}: no such file")
    if p.is_dir():
        raise BuildError(f"{p}: is a directory, not a model file")
    try:
        load_model(p)
    except UnicodeDecodeError:
        raise BuildError(f"{p}: not a kg entity model (not UTF-8 text)") from None
    except OSError as exc:
        raise BuildError(f"{p}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    except ValueError as exc:
        raise BuildError(f"{p}: {exc}") from None
    return str(p.resolve())


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kg-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise BuildError(f"{out}: cannot write to the output folder ({exc.strerror or exc})") from None


@contextlib.contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    """Refuse a second concurrent build into the same folder instead of interleaving files."""
    with open(out / ".kg.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildError(f"{out}: another kg build is writing to this folder") from None
            raise
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sweep_stale_temps(out: Path) -> None:
    """Delete the temporary files a killed build left (``.graph.json.XXXX.tmp``).

    Only under the lock: then no other build is writing them.
    """
    for name in (*OUTPUT_FILES.values(), CACHE_FILE):
        for tmp in out.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)


def _progress(items: Iterable[Paper], total: int, enabled: bool, desc: str) -> Iterable[Paper]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="paper", file=sys.stderr, leave=False)


def extract(
    papers: Iterable[Paper] | Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    model: str | os.PathLike[str] | None = None,
) -> list[Paper]:
    """Extract entities from papers (or from the papers of input files); returns the papers.

    ``engine="local"`` uses ``workers`` processes on this machine; ``engine="dask"`` sends
    partitions to the Dask cluster at ``scheduler`` (a LocalCluster when None). ``model`` is a
    classifier model file of ``kg train`` to extract with (default: the model shipped with kg).

    >>> from kg.model import Paper
    >>> [e.type for e in extract([Paper("p", "T", "See github.com/a/b.")])[0].entities]
    ['repository']
    """
    model = check_model(model)
    items = list(papers)
    if items and not isinstance(items[0], Paper):
        items = read_papers(check_inputs(items)).papers  # type: ignore[arg-type]
    if engine == "dask":
        from kg.extract.distributed import extract_dask

        stream = extract_dask(items, scheduler=scheduler, local_workers=max(1, workers), model=model)
    elif engine == "local":
        from kg.extract.parallel import extract_parallel

        stream = extract_parallel(items, workers=workers, model=model)
    else:
        raise BuildError(f"unknown engine {engine!r} (known: local, dask)")
    return list(_progress(stream, len(items), progress, "extract"))


@dataclass
class BuildOptions:
    """How a build runs, as :func:`build` takes it (see there): what it writes and how it extracts."""

    outputs: tuple[str, ...] = ALL_OUTPUTS
    format: str | None = None
    update: bool = False
    keep_graph: bool = True
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    model: str | None = None
    fingerprint: str = ""
    min_count: int = 2
    min_npmi: float = 0.0
    base_iri: str = DEFAULT_BASE_IRI
    evidence: str = "compact"
    html_options: dict[str, Any] = field(default_factory=dict)
    progress: bool = False
    timings: Timings = field(default_factory=Timings)

    def check(self) -> None:
        """:class:`BuildError` (one line) for an unknown output or evidence form, or for outputs
        that need the whole graph in a build that does not keep it."""
        from kg.graph.evidence import EVIDENCE_MODES

        if self.evidence not in EVIDENCE_MODES:
            raise BuildError(f"unknown evidence form {self.evidence!r} (known: {', '.join(EVIDENCE_MODES)})")
        unknown = [o for o in self.outputs if o not in OUTPUTS]
        if unknown:
            raise BuildError(f"unknown output(s) {', '.join(unknown)} (known: {', '.join(OUTPUTS)})")
        if not self.keep_graph and (held := [o for o in self.outputs if not OUTPUTS[o].streams]):
            raise BuildError(f"{', '.join(held)} need the whole graph in memory: keep the graph or leave them out")

    def writer(self, name: str) -> Any:
        """The writer of output ``name``, with its fixed options bound (imported only when asked for)."""
        import importlib

        out = OUTPUTS[name]
        module, function = out.writer.split(":")
        kwargs = dict(out.options)
        if module in ("kg.export.rdf", "kg.store"):
            kwargs["base_iri"] = self.base_iri
        elif module == "kg.export.html":
            kwargs.update(self.html_options)
        return functools.partial(getattr(importlib.import_module(module), function), **kwargs)


def _previous_papers(out: Path) -> list[Paper]:
    path = out / OUTPUT_FILES["records"]
    if not path.exists():
        raise BuildError(f"{path}: nothing to update (no records.jsonl in {out}; run a full build first)")
    return list(read_records(path))


def build(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    out: str | os.PathLike[str] = "exports",
    *,
    format: str | None = None,
    outputs: Sequence[str] = ALL_OUTPUTS,
    update: bool = False,
    workers: int = 1,
    min_count: int = 2,
    min_npmi: float = 0.0,
    base_iri: str = DEFAULT_BASE_IRI,
    html_options: dict[str, Any] | None = None,
    progress: bool = False,
    cache: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    keep_graph: bool = True,
    model: str | os.PathLike[str] | None = None,
    timings: Timings | None = None,
    evidence: str = "compact",
):
    """Read ``paths`` (default: the example corpus), extract, build the graph, write ``outputs``.

    With ``update=True`` the papers already in ``out/records.jsonl`` are kept as extracted and only
    new papers are extracted; the result equals a full build of all inputs. With ``cache=True``
    papers whose text was extracted before by the same extractors (``out/.kg-cache.sqlite``) are not
    extracted again. ``engine="dask"`` runs extraction on a Dask cluster (``scheduler`` address,
    or a LocalCluster of ``workers`` processes). ``model`` is a classifier model file of ``kg train``
    to extract with (default: the model shipped with kg); the cache and the graph's ``extractor``
    fingerprint tell the models apart. Returns a
    :class:`~kg.graph.query.KnowledgeGraph` whose ``report`` is the run's :class:`IngestReport`.
    Raises :class:`BuildError` for a missing input, an unwritable folder or a concurrent build, and
    :class:`NoPapersError` when no input holds a paper (nothing is written then).

    With ``keep_graph=False`` papers stream through extraction to the exports in batches and only
    the entity graph stays in memory, so memory grows with the distinct entities, not with the
    papers; the exports are byte for byte those of ``keep_graph=True``. Only the outputs in
    :data:`STREAMED_OUTPUTS` can be written so; the returned graph holds the entities, and
    ``summary()`` the counts of the whole graph.

    The exports are published as a whole when the build is complete (:mod:`kg.export.publish`);
    a build that fails or is killed leaves the previous exports as they were. A full disk and
    extraction workers that cannot start raise :class:`BuildError` too.

    ``evidence="full"`` writes every mention's sentence by value and one reified ``kg:Mention`` per
    mention in the RDF exports; the default, ``"compact"``, points each mention to its paper's
    sentences by index and keeps RDF to the links (:mod:`kg.graph.evidence`).

    A :class:`~kg.timings.Timings` given as ``timings`` collects the time of each stage (read,
    extract, graph, each writer, publish): ``benchmarks/bench.py`` shows where a build spends it.
    """
    options = BuildOptions(
        outputs=tuple(outputs), format=format, update=update, keep_graph=keep_graph, workers=workers, engine=engine,
        scheduler=scheduler, min_count=min_count, min_npmi=min_npmi, base_iri=base_iri, evidence=evidence,
        html_options=dict(html_options or {}), progress=progress, timings=timings if timings is not None else Timings())
    options.check()
    inputs = check_inputs(paths) if paths else ([] if update else example_corpus())
    options.model = check_model(model)
    out = Path(out)
    recover(out)
    _prepare_out(out)
    with _build_lock(out):
        _sweep_stale_temps(out)
        sweep(out, OUTPUT_FILES.values())
        report = IngestReport()
        staging = extraction_cache = None
        try:
            staging = begin(out)
            if not staging.whole:
                report.warn(f"{out}: the exports are replaced one by one, not as a whole folder: {staging.why}")
            from kg.extract.cache import ExtractionCache, extractor_fingerprint

            options.fingerprint = extractor_fingerprint(options.model)
            if cache:
                extraction_cache = ExtractionCache(out / CACHE_FILE, on_warning=report.warn,
                                                   fingerprint=options.fingerprint)
            kg = _build_into(staging.folder, out, inputs, report, extraction_cache, options)
            if extraction_cache is not None:
                extraction_cache.close()
            with options.timings.stage("publish"):
                publish(staging, [OUTPUT_FILES[o] for o in options.outputs], known=OUTPUT_FILES.values())
        except BaseException as exc:
            if staging is not None:
                discard(staging)
            if extraction_cache is not None:
                _close_after_failure(extraction_cache, exc)
            if (error := _as_build_error(exc, out)) is not None:
                raise error from None
            raise
    return kg


def _build_into(folder: Path, out: Path, inputs: list[Path], report: IngestReport, cache: Any,
                options: BuildOptions) -> Any:
    """The build itself: read, extract, resolve, write the outputs into ``folder`` (not yet published).

    One path for every build: the resolved papers go batch by batch to the graph builder and to the
    writers of the outputs that stream; a build that keeps the graph also keeps each batch's part
    and joins them to the entity graph at the end, for the outputs that need the whole graph and
    for the :class:`~kg.graph.query.KnowledgeGraph` it returns.
    """
    timings = options.timings
    dedup = Deduplicator()
    with timings.stage("read"):
        previous = _previous_papers(out) if options.update else []
        for paper in previous:
            dedup.add(paper)
        result = read_papers(inputs, options.format, dedup=dedup, report=report)  # file errors go to the report
    if inputs and not papers_read(report):  # before any export is written: the last build stays
        raise NoPapersError(report)
    known = {id(p) for p in previous}  # extract again a paper an update gave a new text (it lost its entities)
    fresh_ids = {id(p) for p in result.papers if id(p) not in known or not p.entities or not p.sentences}
    papers = sorted(result.papers, key=lambda p: p.id)
    result.papers.clear()  # hold each paper only until it is written: no other list may keep it
    del dedup, previous, result, known
    return _write_build(papers, fresh_ids, folder, report, cache, options)


def _write_build(papers: list[Paper], fresh_ids: set[int], out: Path, report: IngestReport, cache: Any,
                 options: BuildOptions, batch: int = 256) -> Any:
    """Extract, resolve and write ``papers`` (sorted by id) batch by batch (see :func:`_build_into`)."""
    import networkx as nx

    from kg.graph.build import GraphBuilder, join_parts
    from kg.graph.query import KnowledgeGraph

    timings = options.timings
    builder = GraphBuilder(min_count=options.min_count, min_npmi=options.min_npmi)
    attrs = {"name": "kg", "min_count": options.min_count, "min_npmi": options.min_npmi, "papers": len(papers),
             "evidence": options.evidence, "extractor": options.fingerprint}
    previous = len(papers) - len(fresh_ids)
    kept = nx.MultiDiGraph() if options.keep_graph else None
    streamed = [name for name in OUTPUTS if name in options.outputs and OUTPUTS[name].takes in ("papers", "blocks")]
    with _resolved(timings.iterate("extract", _extracted(papers, fresh_ids, cache, options)), out, timings) as resolved:
        beside = _written_beside(streamed, options, attrs["papers"])
        child = _write_beside(beside, resolved, out, attrs, options, batch) if beside else None
        stream = timings.iterate("resolve", resolved())
        try:
            feeds = {name: _feed(name, out / OUTPUT_FILES[name], attrs, options) for name in streamed
                     if name not in beside}
            totals, E = _write_stream(stream, builder, feeds, attrs, batch, timings, kept)
            if child is not None:
                with timings.stage("waiting for writers"):
                    for stage, (wall, cpu) in child.wait()[2].items():
                        timings.add(stage, wall, cpu)
        finally:
            stream.close()
            if child is not None:
                child.stop()
    if kept is None:
        kg = KnowledgeGraph(E, report=report, totals=totals)
    else:
        with timings.stage("graph"):
            kg = KnowledgeGraph(join_parts(kept, E), report=report)
        _write_whole_graph(kg.graph, out, options, attrs["papers"])
    if "report" in options.outputs:
        with timings.stage(f"write {OUTPUT_FILES['report']}"):
            _write_report(out / OUTPUT_FILES["report"], report, totals, previous=previous)
    return kg


# The outputs written from the whole graph, the longest to write first (at 2,000 abstracts: the page
# 4.0 s, GraphML 2.3 s, GEXF 1.3 s), so that side by side the others fill in beside it.
_WHOLE_GRAPH_ORDER = ("html", "graphml", "gexf")


def _writer_processes(options: BuildOptions, papers: int) -> int:
    """How many processes write the outputs once extraction is over: one per extraction worker
    when the input is large enough for workers (:data:`kg.extract.parallel.POOL_FROM`), else one."""
    from kg.extract.parallel import POOL_FROM

    return options.workers if papers >= POOL_FROM else 1


def _write_whole_graph(G: Any, out: Path, options: BuildOptions, papers: int) -> None:
    """Write the outputs that need the whole graph, side by side in :func:`_writer_processes` forked processes."""
    from kg.export.side_by_side import run_side_by_side

    names = sorted((n for n in OUTPUTS if n in options.outputs and OUTPUTS[n].takes == "graph"),
                   key=lambda n: _WHOLE_GRAPH_ORDER.index(n) if n in _WHOLE_GRAPH_ORDER else len(_WHOLE_GRAPH_ORDER))
    jobs = [(name, functools.partial(options.writer(name), G, out / OUTPUT_FILES[name])) for name in names]
    for name, (wall, cpu) in run_side_by_side(jobs, _writer_processes(options, papers)).items():
        options.timings.add(f"write {OUTPUT_FILES[name]}", wall, cpu)


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _close_after_failure(cache: Any, exc: BaseException) -> None:
    """Close the cache of a failed build; for want of space, without keeping what it had not saved
    (and without the file, if this build created it)."""
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        cache.discard()
        return
    try:
        cache.close()
    except Exception:  # the build's own error is the one to report
        cache.discard()


def _as_build_error(exc: BaseException, out: Path) -> BuildError | None:
    """The one-line error of a failure the user can act on (None: let it through as it is)."""
    from kg.extract.parallel import WorkerError

    if isinstance(exc, WorkerError):
        return BuildError(str(exc))
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        why = (exc.strerror or os.strerror(exc.errno)).lower()
        return BuildError(f"{out}: {why}; nothing of this build was kept, the previous exports are unchanged")
    return None


def _drain(papers: list[Paper]) -> Iterator[Paper]:
    """The papers in order, each dropped from the list as it is handed on (the list ends empty)."""
    papers.reverse()
    while papers:
        yield papers.pop()


def _extracted(papers: list[Paper], todo: set[int], cache: Any, options: BuildOptions,
               window: int = 20_000) -> Iterator[Paper]:
    """The papers in order, each with its entities: from the cache, from before (``todo`` holds
    the ``id()`` of the papers to extract), or extracted while the build writes the papers before it.
    What was extracted goes to ``cache`` (an :class:`~kg.extract.cache.ExtractionCache` or None),
    saved when the last paper has been handed on; the build closes the cache."""
    from kg.extract.parallel import batches, extract_parallel

    extracted: set[int] = set()

    def skip(p: Paper) -> bool:
        if id(p) not in todo or (cache is not None and cache.fill(p)):
            return True
        extracted.add(id(p))
        return False

    if options.engine == "local":
        stream: Iterable[Paper] = extract_parallel(_drain(papers), workers=options.workers, skip=skip,
                                                   model=options.model, expected=len(todo))
    else:  # a cluster takes a list: windows of papers
        stream = (p for batch in batches(_drain(papers), window)
                  for p in _extract_window([p for p in batch if not skip(p)], batch, options))
    for p in _progress(stream, len(papers), options.progress, "build"):
        if id(p) in extracted:
            extracted.discard(id(p))
            if cache is not None:
                cache.put(p)
        yield p
    if cache is not None:
        cache.save()  # before the report is written: the cache's warnings go into it


def _extract_window(todo: list[Paper], batch: list[Paper], options: BuildOptions) -> list[Paper]:
    if todo:
        extract(todo, workers=options.workers, engine=options.engine, scheduler=options.scheduler, model=options.model)
    return batch


def _feed(name: str, path: Path, attrs: dict[str, Any], options: BuildOptions) -> Any:
    """A thread that writes output ``name`` from what the build sends it (papers or blocks)."""
    from kg.export.feed import Feed

    write = options.writer(name)
    if OUTPUTS[name].takes == "papers":
        return Feed(lambda papers: write(papers, path))
    return Feed(lambda blocks: write(attrs, blocks, path))


# The streamed outputs a build writes in its own process when a second one writes the others
# (_written_beside); at 2,000 abstracts records and graph.json cost about what N-Triples costs.
_KEPT_HERE = ("records", "json")


def _written_beside(streamed: Sequence[str], options: BuildOptions, papers: int) -> list[str]:
    """The streamed outputs a forked process writes beside this one, when there are
    :func:`_writer_processes` for it and memory allows: the RDF and store outputs (records and
    node-link JSON stay here; without them, the first output does)."""
    from kg.export.side_by_side import can_fork_copies

    if _writer_processes(options, papers) < 2 or len(streamed) < 2:
        return []
    here = [n for n in streamed if n in _KEPT_HERE] or streamed[:1]
    beside = [n for n in streamed if n not in here]
    return beside if beside and can_fork_copies(1) else []


def _write_beside(names: Sequence[str], resolved: Any, out: Path, attrs: dict[str, Any], options: BuildOptions,
                  batch: int) -> Any:
    """A forked process that reads the resolved papers again, builds the same graph blocks and
    writes outputs ``names`` from them; it returns the timings of its writers."""
    from kg.export.side_by_side import Forked
    from kg.graph.build import GraphBuilder

    def write() -> dict[str, tuple[float, float]]:
        timings = Timings()
        builder = GraphBuilder(min_count=options.min_count, min_npmi=options.min_npmi)
        feeds = {name: _feed(name, out / OUTPUT_FILES[name], attrs, options) for name in names}
        _write_stream(resolved(), builder, feeds, attrs, batch, timings)
        return {k: (v["wall_s"], v["cpu_s"]) for k, v in timings.as_dict().items() if k.startswith("write ")}

    return Forked(", ".join(OUTPUT_FILES[n] for n in names), write)


@contextlib.contextmanager
def _resolved(extracted: Iterator[Paper], folder: Path, timings: Timings) -> Iterator[Any]:
    """A function that gives the papers of ``extracted``, in order, with their entities resolved
    over all of them (:mod:`kg.resolve`), each time it is called: each extracted paper is observed
    and spooled to a file in ``folder``, then read back and resolved, so memory holds the
    resolver's counts, not the papers."""
    from kg.resolve import Resolver

    resolver = Resolver()

    def observed() -> Iterator[Paper]:
        for p in extracted:
            resolver.observe(p)
            yield p

    fd, name = tempfile.mkstemp(prefix=".kg-resolve-", suffix=".jsonl", dir=folder)
    os.close(fd)
    spool = Path(name)
    try:
        write_records(observed(), spool)
        with timings.stage("resolve"):
            resolution = resolver.resolve()
        yield lambda: (resolution.apply(p) for p in read_records(spool))
    finally:
        extracted.close()  # stops the workers if the build failed while extracting
        spool.unlink(missing_ok=True)


def _write_stream(stream: Iterator[Paper], builder: Any, feeds: dict[str, Any], attrs: dict[str, Any],
                  batch: int, timings: Timings, kept: Any = None) -> tuple[dict[str, Any], Any]:
    """Feed the resolved papers batch by batch to the graph builder and the writers (and add each
    batch's part to ``kept``, a graph, if given); the totals of the graph and its entity graph."""
    import networkx as nx

    from kg.extract.parallel import batches
    from kg.graph.evidence import expand_evidence

    try:
        for chunk in batches(stream, batch):
            with timings.stage("graph"):
                part = nx.MultiDiGraph()
                blocks = [(part, builder.add(p, part)) for p in chunk]
                if attrs["evidence"] == "full":
                    expand_evidence(part)
                if kept is not None:
                    kept.add_nodes_from(part.nodes(data=True))
                    kept.add_edges_from(part.edges(keys=True, data=True))
            with timings.stage("waiting for writers"):  # a writer several batches behind holds the build
                for name, feed in feeds.items():
                    feed.send(chunk if name == "records" else blocks)
        with timings.stage("graph"):
            E = builder.entity_graph()
            E.graph.update(attrs)
        with timings.stage("waiting for writers"):
            for name, feed in feeds.items():  # in OUTPUT_FILES order, as the files are renamed
                if name != "records":
                    feed.send([(E, sorted(E.nodes, key=str))])
                feed.close()
        for name, feed in feeds.items():
            timings.add(f"write {OUTPUT_FILES[name]}", feed.wall_seconds, feed.cpu_seconds)
    except BaseException:
        for feed in feeds.values():
            feed.abort()
        raise
    entities = Counter(t for _, t in E.nodes(data="type"))
    edges = builder.relations + Counter(k for _, _, k in E.edges(keys=True))
    totals = {"papers": builder.papers, "entities": dict(sorted(entities.items())), "claims": builder.claims,
              "edges": dict(sorted(edges.items()))}
    return totals, E


def _write_report(path: Path, report: IngestReport, summary: dict[str, Any], *, previous: int) -> None:
    data = report.as_dict()
    data["previous_papers"] = previous
    data["graph"] = summary
    with atomic_write(path) as f:
        json.dump(data, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")

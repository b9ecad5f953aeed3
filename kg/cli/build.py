"""``kg build`` and ``kg extract``."""
from __future__ import annotations

import argparse
import os
import sys

from kg.cli import status
from kg.cli.arguments import positive_int
from kg.cli.terminal import printable
from kg.ingest import FORMATS
from kg.ingest.report import IngestReport

__all__ = ["print_rejections", "register"]

MAX_WARNINGS = 20


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``build`` and ``extract`` to the CLI."""
    from kg.workflow import ALL_OUTPUTS, DEFAULT_BASE_IRI

    b = sub.add_parser(
        "build",
        help="read inputs, extract entities, build the graph and write every export",
        description="Read inputs (default: the bundled example corpus), extract entities, build the graph and "
        "write records.jsonl, graph.json/.graphml/.gexf, graph.ttl/.nt/.jsonld, graph.html and report.json.",
        epilog="Example: kg build examples/corpus/*.txt papers.jsonl --out exports",
    )
    b.add_argument("inputs", nargs="*", metavar="INPUT", help="input files (listing .txt, .jsonl, .json, .csv, "
                   ".tsv, arXiv .atom/.xml, .bib, OpenAlex .json), each may be compressed (.gz, .bz2, .xz)")
    b.add_argument("-o", "--out", default="exports", help="output folder (default: exports)")
    b.add_argument("--format", choices=sorted(FORMATS), help="read every input as this format")
    b.add_argument("--update", action="store_true",
                   help="add the inputs to the build in --out without re-extracting its papers")
    b.add_argument("--outputs", default=",".join(ALL_OUTPUTS),
                   help=f"comma-separated outputs to write (default: all: {','.join(ALL_OUTPUTS)}); add store "
                        "for an Oxigraph store in OUT/store that kg sparql answers from; without graphml, gexf "
                        "and html the papers stream to the exports in bounded memory")
    b.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                   help="extraction processes (default: all cores; fewer than 500 papers to extract are "
                        "extracted in this process, as fast as workers would); output is the same for any number")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where extraction runs: local processes, or a Dask cluster (needs kg[dask])")
    b.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    b.add_argument("--model", metavar="MODEL.json",
                   help="the classifier model to decide methods, datasets and tasks with, from kg train (default: "
                        "the one shipped with kg); with --engine dask, at the same path on every worker")
    b.add_argument("--no-cache", action="store_true", help="extract every paper again, ignoring the cache in --out")
    b.add_argument("--min-count", type=int, default=2, help="co-occurrence edges need this many papers (default 2)")
    b.add_argument("--min-npmi", type=float, default=0.0, help="co-occurrence edges need this NPMI (default 0.0)")
    b.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help=f"base of RDF IRIs (default {DEFAULT_BASE_IRI})")
    b.add_argument("--evidence", choices=("compact", "full"), default="compact",
                   help="compact (default): each mention points to its sentence, stored once per paper, and RDF "
                        "keeps the links; full: every mention carries its sentence, and RDF has one kg:Mention each")
    b.add_argument("--strict", action="store_true", help="exit with status 1 if any record was rejected")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar, warnings or summary")
    b.set_defaults(func=run_build)

    e = sub.add_parser(
        "extract",
        help="extract entities and write records as JSON Lines (no graph)",
        description="Read inputs, extract entities, and write one JSON record per paper.",
        epilog="Example: kg extract examples/gold/dev_0.jsonl -o pred.jsonl",
    )
    e.add_argument("inputs", nargs="+", metavar="INPUT", help="input files")
    e.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    e.add_argument("--format", choices=sorted(FORMATS), help="read every input as this format")
    e.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, help="extraction processes")
    e.add_argument("--model", metavar="MODEL.json",
                   help="the classifier model to decide methods, datasets and tasks with, from kg train (default: "
                        "the one shipped with kg)")
    e.add_argument("--strict", action="store_true", help="exit with status 1 if any record was rejected")
    e.add_argument("-q", "--quiet", action="store_true", help="no warnings")
    e.set_defaults(func=run_extract)


def print_rejections(report: IngestReport, *, file=None) -> None:
    """Warn about unreadable files, rejected records (the first few; all are in report.json) and
    inputs that held no paper. What the inputs hold is printed with control characters escaped."""
    file = file or sys.stderr

    def warn(message: str) -> None:
        print(f"kg: warning: {printable(message)}", file=file)

    for message in [*report.errors.values(), *report.warnings]:
        warn(message)
    rejections = report.rejections
    for r in rejections[:MAX_WARNINGS]:
        warn(str(r))
    if len(rejections) > MAX_WARNINGS:
        warn(f"... and {len(rejections) - MAX_WARNINGS} more rejected records")
    for name, counts in report.files.items():
        if not counts.error and counts.kept + counts.merged == 0:
            held = f"{_records(counts.read)}, all rejected" if counts.read else "no record at all"
            warn(f"{name}: no paper in this input ({held})")


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def _status(report: IngestReport, strict: bool) -> int:
    """Exit status 1 under ``--strict`` when a record was rejected or an input unreadable, saying so."""
    rejected, unreadable = len(report.rejections), len(report.errors)
    if not strict or not (rejected or unreadable):
        return status.OK
    what = [f"{_records(rejected)} rejected"] if rejected else []
    what += [f"{unreadable} unreadable input{'s' if unreadable > 1 else ''}"] if unreadable else []
    print(f"kg: error: --strict: {' and '.join(what)}", file=sys.stderr)
    return status.MISSING


def _counts_line(report: IngestReport) -> str:
    t = report.totals()
    return f"read {t['read']}, kept {t['kept']}, merged {t['merged']} duplicates, rejected {t['rejected']}"


def format_summary(summary: dict, report: IngestReport, out: str) -> str:
    """The table printed at the end of a build."""
    rows = [("papers", summary.get("papers", 0))]
    rows += [(f"  {t}", n) for t, n in sorted(summary.get("entities", {}).items())]
    rows += [("claims", summary.get("claims", 0))]
    rows += [(f"edges: {rel}", n) for rel, n in sorted(summary.get("edges", {}).items())]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v:>7}" for k, v in rows]
    return "\n".join([_counts_line(report), *lines, f"written to {out}/"])


def run_build(args: argparse.Namespace) -> int:
    from kg.workflow import STREAMED_OUTPUTS, NoPapersError, build

    outputs = [o.strip() for o in args.outputs.split(",") if o.strip()]
    # The CLI only prints counts: it holds the whole graph only for outputs that need it.
    try:
        kg = build(args.inputs or None, args.out, format=args.format, outputs=outputs, update=args.update,
                   workers=args.workers, min_count=args.min_count, min_npmi=args.min_npmi, base_iri=args.base_iri,
                   progress=not args.quiet and sys.stderr.isatty(), cache=not args.no_cache, engine=args.engine,
                   scheduler=args.scheduler, keep_graph=not set(outputs) <= STREAMED_OUTPUTS, model=args.model,
                   evidence=args.evidence)
    except NoPapersError as exc:
        if not args.quiet:
            print_rejections(exc.report)
        raise
    if not args.quiet:
        print_rejections(kg.report)
        print(format_summary(kg.summary(), kg.report, args.out))
    return _status(kg.report, args.strict)


def run_extract(args: argparse.Namespace) -> int:
    from kg.export.records import write_records
    from kg.ingest import read_papers
    from kg.workflow import NoPapersError, check_inputs, check_model, check_output_file, extract, papers_read

    inputs = check_inputs(args.inputs)
    model = check_model(args.model)
    if args.output != "-":
        check_output_file(args.output)  # before extracting for minutes
    result = read_papers(inputs, args.format)
    if not papers_read(result.report):
        if not args.quiet:
            print_rejections(result.report)
        raise NoPapersError(result.report)
    papers = extract(result.papers, workers=args.workers, model=model)
    write_records(papers, args.output)
    if not args.quiet:
        print_rejections(result.report)
        print(f"kg: {_counts_line(result.report)}", file=sys.stderr)
    return _status(result.report, args.strict)

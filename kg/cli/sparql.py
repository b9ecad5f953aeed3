"""``kg sparql``: answer a SPARQL query from the store a build wrote (``kg build --outputs ...,store``).

The query is given as text, as a file (``examples/queries/leaderboard.rq``) or as ``-`` (standard
input). Exit status (:mod:`kg.cli.status`): 0 with an answer, an empty one included; 2 when there
is no store, the file cannot be read or the query is not SPARQL.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg.cli import status

__all__ = ["query_text", "register", "run"]

_DEFAULT_STORE = os.path.join("exports", "store")  # kg.store.DEFAULT_STORE, without importing pyoxigraph


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sparql`` to the CLI."""
    p = sub.add_parser(
        "sparql",
        help="answer a SPARQL query from the store of a build (kg build --outputs ...,store)",
        description="Answer a SPARQL query (text, a .rq file, or - for standard input) from the Oxigraph store "
        "written by kg build --outputs ...,store. SELECT answers print as a table, as SPARQL JSON or as CSV; "
        "ASK as true or false; CONSTRUCT and DESCRIBE as N-Triples.",
        epilog="Example: kg sparql examples/queries/largest_speedups.rq --format csv",
    )
    p.add_argument("query", metavar="QUERY_OR_FILE", help="a SPARQL query, a file holding one, or - (stdin)")
    p.add_argument("--store", default=_DEFAULT_STORE, help=f"the store folder (default: {_DEFAULT_STORE})")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output (default: table)")
    p.set_defaults(func=run)


def query_text(arg: str) -> str:
    """The query ``arg`` stands for: the file it names, standard input for ``-``, else itself.

    Raises ``OSError`` for a file that cannot be read, and ``FileNotFoundError`` for a name that
    looks like a query file (``.rq``, ``.sparql``) but is none.

    Examples
    --------
    >>> query_text("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    """
    if arg == "-":
        return sys.stdin.read()
    if os.path.isfile(arg):
        return Path(arg).read_text(encoding="utf-8")
    if arg.lower().endswith((".rq", ".sparql")) and "\n" not in arg and "{" not in arg:
        raise FileNotFoundError(f"{arg}: no such file")
    return arg


def run(args: argparse.Namespace) -> int:
    """Print the answer; exit status 2 with one line when there is none to give."""
    from kg.cli.terminal import printable
    from kg.store import StoreError, query, render

    try:
        text = query_text(args.query)
        answer = query(text, args.store)
    except (StoreError, OSError, UnicodeDecodeError) as exc:
        print(f"kg sparql: error: {printable(str(exc))}", file=sys.stderr)
        return status.ERROR
    out = render(answer, args.format)
    sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    return status.OK

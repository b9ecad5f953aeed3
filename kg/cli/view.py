"""``kg view``: write an interactive HTML page of a built graph, whole or focused, and open a view of it.

A view is the page's URL fragment (:mod:`kg.export.view_state`): ``--view "mode=entities&off=topic"``
writes a page that opens on it, ``--open`` shows the page in the default browser.

Examples
--------
>>> import argparse
>>> sub = argparse.ArgumentParser(prog="kg").add_subparsers()
>>> register(sub)
>>> args = sub.choices["view"].parse_args(["--focus", "CIFAR-10", "--hops", "2", "-o", "cifar.html"])
>>> args.graph, args.focus, args.hops, args.top, args.output, args.view, args.open
('exports/graph.json', 'CIFAR-10', 2, None, 'cifar.html', None, False)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg.cli import status
from kg.cli.arguments import positive_int

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``view`` to the CLI."""
    from kg.export.page_size import MAX_NODES

    v = sub.add_parser(
        "view",
        help="write an interactive HTML page of a graph (whole, a neighbourhood, or the top entities)",
        description="Write a self-contained HTML page (opens offline) of the graph in graph.json: the whole "
        f"graph up to --max-nodes (default {MAX_NODES:,}; larger graphs show their top entities), the "
        "--hops neighbourhood of --focus, or the --top N entities found in the most papers.",
        epilog="Example: kg view --focus CIFAR-10 --hops 2 -o cifar.html --open",
    )
    v.add_argument("--graph", default=os.path.join("exports", "graph.json"),
                   help="node-link JSON written by kg build (default: exports/graph.json)")
    which = v.add_mutually_exclusive_group()
    which.add_argument("--focus", metavar="NAME", help="a node id, name or alias: show its neighbourhood")
    which.add_argument("--top", type=positive_int, metavar="N", help="show the N entities found in the most papers")
    v.add_argument("--hops", type=positive_int, default=1, metavar="K", help="neighbourhood radius for --focus (default 1)")
    v.add_argument("--max-nodes", type=positive_int, default=MAX_NODES, help="most nodes on one page")
    v.add_argument("--title", default="kg", help="page heading (default: kg)")
    v.add_argument("--view", metavar="FRAGMENT",
                   help="the view the page opens on, as its URL fragment, e.g. 'mode=entities&off=topic' or "
                   "'mode=overview&expand=dataset:imagenet' (copy it from the address bar)")
    v.add_argument("--open", action="store_true", help="open the page in the default browser")
    v.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    v.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the page; exit status 1 when no node goes by the ``--focus`` name, 2 when the graph
    cannot be read or the page cannot be written (:mod:`kg.cli.status`)."""
    from kg.cli.terminal import printable
    from kg.export.html import resolve_node, write_html
    from kg.export.node_link import read_graph
    from kg.workflow import BuildError, check_output_file

    try:
        check_output_file(args.output)
    except BuildError as exc:
        print(f"kg view: error: {exc}", file=sys.stderr)
        return status.ERROR
    try:
        G = read_graph(args.graph)
    except (OSError, ValueError) as exc:
        print(f"kg view: error: cannot read {args.graph}: {exc}", file=sys.stderr)
        return status.ERROR
    if args.focus is not None:
        try:
            resolve_node(G, args.focus)
        except KeyError as exc:
            print(f"kg view: error: {printable(str(exc.args[0]))}", file=sys.stderr)
            return status.MISSING
    view = args.view.removeprefix("#") if args.view else None
    try:
        write_html(G, args.output, title=args.title, max_nodes=args.max_nodes, focus=args.focus, hops=args.hops,
                   top=args.top, view=view)
    except KeyError as exc:
        print(f"kg view: error: {printable(str(exc.args[0]))}", file=sys.stderr)
        return status.MISSING
    except ValueError as exc:
        print(f"kg view: error: --view: {printable(str(exc))}", file=sys.stderr)
        return status.ERROR
    except OSError as exc:
        print(f"kg view: error: cannot write {args.output}: {exc}", file=sys.stderr)
        return status.ERROR
    print(f"wrote {args.output}")
    if args.open:
        import webbrowser

        url = Path(args.output).resolve().as_uri() + (f"#{view}" if view else "")
        webbrowser.open(url)
    return status.OK

"""``kg query …`` and ``kg stats``: ask a built graph questions from the shell.

Every command reads a saved graph (``--graph``, default ``exports/graph.json``; ``.graphml`` and
``.gexf`` work too), prints a table, or JSON with ``--json``. Exit status (:mod:`kg.cli.status`):
0 on success, also when nothing matches; 1 when a named entity or paper does not exist; 2 when the
graph cannot be read or the options cannot be answered together (``--min`` without ``--unit``).
Text from the papers is printed with control characters escaped, so a title cannot drive the
terminal.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from itertools import groupby
from typing import TYPE_CHECKING, Any

from kg.cli import status
from kg.cli.terminal import printable as _printable
from kg.entity_types import ENTITY_TYPES, filterable_types
from kg.graph.errors import NotFoundError
from kg.graph.results import KINDS

if TYPE_CHECKING:  # the graph machinery (networkx) is imported when a query runs, not for `kg --help`
    from kg.graph.query import KnowledgeGraph

__all__ = ["DEFAULT_GRAPH", "register", "render_table", "run"]

DEFAULT_GRAPH = "exports/graph.json"
MAX_CELL = 60  # characters per table cell; longer text is cut with "…"
ENTITY_NODE_TYPES = tuple(t.name for t in filterable_types())
ENTITY_TYPE_NAMES = tuple(t.name for t in ENTITY_TYPES.values() if t.cooccurs)


class UsageError(Exception):
    """Options that cannot be answered together (exit status 2)."""

Handler = Callable[["KnowledgeGraph", argparse.Namespace], tuple[Any, str]]


# ----------------------------------------------------------------------------- printing


def _first_line(exc: BaseException) -> str:
    lines = _printable(str(exc)).splitlines()
    return lines[0] if lines else type(exc).__name__


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = _printable(str(value))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table with a header rule; numbers right-aligned.

    Examples
    --------
    >>> print(render_table(["label", "papers"], [["ImageNet", 3], ["CIFAR-10\\x1b[2J", 12]]))
    label            papers
    ---------------  ------
    ImageNet              3
    CIFAR-10\\x1b[2J      12
    """
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows)
               for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _table_or_none(headers: Sequence[str], rows: Sequence[Sequence[Any]], what: str) -> str:
    return render_table(headers, rows) if rows else f"no {what}"


# ----------------------------------------------------------------------------- commands


def _papers(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    filters = {t.option: getattr(args, t.option) for t in filterable_types()}
    for t in filterable_types():
        if filters[t.option] is not None and kg.entity(filters[t.option], type=t.name) is None:
            raise NotFoundError(f"no {t.name} named {filters[t.option]!r}")
    rows = kg.papers(**filters, has_code=args.has_code)
    text = _table_or_none(["id", "date", "title", "url"], [[r.id, r.date, r.title, r.url] for r in rows], "papers")
    return [asdict(r) for r in rows], text


def _number(value: float | None, low: float | None = None) -> str:
    if value is None:
        return ""
    return f"{low:g}-{value:g}" if low is not None else f"{value:g}"


def _claims(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    if (args.min is not None or args.max is not None) and args.unit is None:
        raise UsageError("--min and --max compare values of one unit: give --unit too "
                         f"(units of these claims: {', '.join(kg.claim_units(kind=args.kind, metric=args.metric)) or 'none'})")
    if args.paper is not None and kg.paper(args.paper) is None:
        raise NotFoundError(f"no paper with id or title {args.paper!r}")
    if args.method is not None and kg.entity(args.method, type="method") is None:
        raise NotFoundError(f"no method named {args.method!r}")
    rows = kg.claims(kind=args.kind, metric=args.metric, unit=args.unit, min_value=args.min, max_value=args.max,
                     dataset=args.dataset, task=args.task, method=args.method, baseline=args.baseline,
                     hardware=args.hardware, paper=args.paper)
    # dataset, task, hardware and baseline also match a claim's text as written: a name is unknown
    # only when it is no entity and matched nothing
    for etype, name in (("dataset", args.dataset), ("task", args.task), ("hardware", args.hardware),
                        ("method", args.baseline)):
        if name is not None and not rows and kg.entity(name, type=etype) is None:
            raise NotFoundError(f"no {etype} named {name!r}")
    table = [[_number(r.value, r.low), r.unit, r.kind, r.metric, r.qualifier, r.dataset, r.baseline, r.paper_title,
              r.text] for r in rows]
    text = _table_or_none(["value", "unit", "kind", "metric", "qualifier", "dataset", "baseline", "paper", "claim"],
                          table, "claims")
    return [asdict(r) for r in rows], text


def _leaderboard(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.leaderboard(task=args.task, dataset=args.dataset, metric=args.metric, unit=args.unit)
    blocks = []
    for (metric, unit), board in groupby(rows, key=lambda r: (r.metric, r.unit)):
        board = list(board)
        direction = {"higher": "higher is better", "lower": "lower is better"}.get(board[0].direction or "", "")
        head = f"{metric}" + (f" ({unit})" if unit else "") + (f", {direction}" if direction else "")
        table = [[r.rank, r.value, r.qualifier, r.method, r.dataset, r.date, r.paper, r.sentence] for r in board]
        blocks.append(head + "\n" + render_table(
            ["rank", "value", "qualifier", "method", "dataset", "date", "paper", "evidence"], table))
    return [asdict(r) for r in rows], "\n\n".join(blocks) if blocks else "no comparable results"


def _trend(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    t = kg.trend(args.name, by=args.by)
    table = [[p.period, p.papers] for p in t.periods]
    text = _table_or_none([args.by, "papers"], table, "dated papers")
    text += f"\n{_printable(t.label)}: {t.papers} papers, {t.undated} without a {args.by} (not counted above)"
    return asdict(t), text


def _rising(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.rising(type=args.type, since=args.since, min_papers=args.min_papers, top=args.top)
    table = [[r.label, r.before, r.since, r.growth, r.undated] for r in rows]
    text = _table_or_none(["label", "before", "since", "growth", "undated"], table, "rising entities")
    from kg.graph.trends import undated_papers

    undated = undated_papers(kg.graph)
    text += f"\n{undated} papers have no date and count for neither side"
    return {"rows": [asdict(r) for r in rows], "undated_papers": undated}, text


def _related(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.related_papers(args.paper, top=args.top)
    table = [[r.score, r.id, r.title, r.shared] for r in rows]
    return [asdict(r) for r in rows], _table_or_none(["score", "id", "title", "shared"], table, "related papers")


def _entity(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    row = kg.entity(args.name, type=args.type)
    if row is None:
        raise NotFoundError(f"no {args.type or 'entity'} named {args.name!r}")
    papers = kg.papers(entity=row.id)
    head = render_table(["id", "type", "label", "papers", "aliases"],
                        [[row.id, row.type, row.label, row.papers, row.aliases]])
    listing = _table_or_none(["id", "date", "title"], [[p.id, p.date, p.title] for p in papers], "papers")
    return {"entity": asdict(row), "papers": [asdict(p) for p in papers]}, f"{head}\n\n{listing}"


def _evidence(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.evidence(args.paper, args.entity)
    table = [[r.label, r.relation, r.field, f"{r.start}-{r.end}", r.text, r.sentence] for r in rows]
    return [asdict(r) for r in rows], _table_or_none(["entity", "relation", "field", "at", "text", "sentence"],
                                                     table, "mentions")


def _cooccurring(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.cooccurring(args.name, type=None if args.type == "any" else args.type, top=args.top, by=args.by)
    table = [[r.label, r.type, r.papers, r.sentences, r.npmi] for r in rows]
    return [asdict(r) for r in rows], _table_or_none(["label", "type", "papers", "sentences", "npmi"], table,
                                                     "co-occurring entities")


def _topics(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    roots = kg.topics()
    lines = [f"{t.papers:>6}  {'  ' * depth}{_printable(t.label)}" for root in roots for depth, t in root.walk()]
    text = "\n".join(["papers  topic", "------  -----", *lines]) if lines else "no topics"
    return [asdict(r) for r in roots], text


def _communities(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    rows = kg.communities(resolution=args.resolution, seed=args.seed, min_size=args.min_size)
    table = [[c.id, c.size, c.papers, c.name] for c in rows]
    return [asdict(c) for c in rows], _table_or_none(["id", "size", "papers", "name"], table, "communities")


def _stats(kg: KnowledgeGraph, args: argparse.Namespace) -> tuple[Any, str]:
    s = kg.summary()
    rows = [["papers", "", s["papers"]], ["claims", "", s["claims"]]]
    rows += [["entities", t, n] for t, n in s["entities"].items()]
    rows += [["edges", rel, n] for rel, n in s["edges"].items()]
    return s, render_table(["what", "kind", "count"], rows)


# ----------------------------------------------------------------------------- wiring


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--graph", default=DEFAULT_GRAPH, metavar="PATH",
                        help=f"saved graph: .json, .graphml or .gexf (default: {DEFAULT_GRAPH})")
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return common


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``query`` (with its subcommands) and ``stats`` to the CLI."""
    common = _common()
    q = sub.add_parser("query", help="ask a built graph: papers, claims, related papers, entities, topics",
                       description="Query a graph written by `kg build`.",
                       epilog="Example: kg query papers --dataset ImageNet --has-code")
    qs = q.add_subparsers(dest="query_command", required=True, metavar="QUERY")

    def leaf(name: str, handler: Handler, help: str, example: str) -> argparse.ArgumentParser:
        p = qs.add_parser(name, parents=[common], help=help, description=help[0].upper() + help[1:] + ".",
                          epilog=f"Example: {example}")
        p.set_defaults(func=run, handler=handler)
        return p

    p = leaf("papers", _papers, "papers matching every filter given", "kg query papers --dataset ImageNet --has-code")
    for t in filterable_types():
        p.add_argument(f"--{t.option}", help=t.option_help)
    code = p.add_mutually_exclusive_group()
    code.add_argument("--has-code", dest="has_code", action="store_const", const=True, default=None,
                      help="only papers with a code repository")
    code.add_argument("--no-code", dest="has_code", action="store_const", const=False,
                      help="only papers without one")

    p = leaf("claims", _claims, "quantitative claims, by unit, largest value first",
             "kg query claims --kind speedup --unit x --min 5")
    p.add_argument("--kind", type=str.lower, choices=KINDS, help=f"one of: {', '.join(KINDS)}")
    p.add_argument("--metric", help="what it measures: accuracy, top-1 accuracy, f1, bleu, fid, perplexity, "
                   "latency, throughput, memory, speed, … (any alias: mAP, PPL)")
    p.add_argument("--unit", help="x, %%, points, ms, s, GB, tokens/s, … or none (bare scores)")
    p.add_argument("--min", type=float, help="least value (inclusive; needs --unit)")
    p.add_argument("--max", type=float, help="greatest value (inclusive; needs --unit)")
    p.add_argument("--dataset", help="measured on this dataset")
    p.add_argument("--task", help="for this task")
    p.add_argument("--method", help="a result of this method")
    p.add_argument("--baseline", help="against this baseline method")
    p.add_argument("--hardware", help="on this hardware")
    p.add_argument("--paper", help="made by this paper (id or title)")

    p = leaf("leaderboard", _leaderboard, "comparable results ranked in their metric's direction, one board per "
             "metric and unit", 'kg query leaderboard --dataset ImageNet --metric "top-1 accuracy"')
    p.add_argument("--dataset", help="measured on this dataset")
    p.add_argument("--task", help="for this task")
    p.add_argument("--metric", help="only this metric (any alias: mAP, PPL)")
    p.add_argument("--unit", help="only this unit (x, %%, points, ms, … or none)")

    p = leaf("trend", _trend, "papers per year or month that mention an entity", "kg query trend LoRA --by month")
    p.add_argument("name", metavar="NAME", help="an entity name or alias")
    p.add_argument("--by", choices=("year", "month"), default="year", help="period (default year)")

    p = leaf("rising", _rising, "entities whose share of papers grew most since a date",
             "kg query rising --type method --since 2025-06")
    p.add_argument("--type", choices=ENTITY_TYPE_NAMES, default="method", help="entity type (default method)")
    p.add_argument("--since", help="a year, month or day (2025, 2025-06, 2025-06-15; default: the median date)")
    p.add_argument("--min-papers", type=int, default=3, help="least papers since (default 3)")
    p.add_argument("--top", type=int, default=20, help="how many (default 20)")

    p = leaf("related", _related, "papers sharing the most (and rarest) entities with a paper",
             'kg query related "Attention Is All You Need" --top 5')
    p.add_argument("paper", metavar="PAPER", help="paper id (arxiv:…) or title")
    p.add_argument("--top", type=int, default=10, help="how many (default 10)")

    p = leaf("entity", _entity, "an entity by name or alias, and the papers mentioning it", "kg query entity cifar10")
    p.add_argument("name", metavar="NAME", help="name, alias or node id (case and punctuation ignored)")
    p.add_argument("--type", choices=ENTITY_NODE_TYPES, help="only this entity type")

    p = leaf("evidence", _evidence, "where a paper mentions its entities (or one), with each mention's sentence",
             'kg query evidence arxiv:2401.00001 --entity FastNet')
    p.add_argument("paper", metavar="PAPER", help="paper id (arxiv:…) or title")
    p.add_argument("--entity", help="only this entity (name, alias or node id)")

    p = leaf("cooccurring", _cooccurring, "entities that appear in the same papers as an entity",
             "kg query cooccurring ImageNet --type method --by count")
    p.add_argument("name", metavar="NAME", help="an entity name or alias")
    p.add_argument("--type", choices=(*ENTITY_NODE_TYPES, "any"), default="method",
                   help="type of the others (default method)")
    p.add_argument("--top", type=int, default=10, help="how many (default 10)")
    p.add_argument("--by", choices=("npmi", "count"), default="npmi", help="rank by NPMI or paper count (default npmi)")

    leaf("topics", _topics, "the topic tree with paper counts (a paper counts for every ancestor too)",
         "kg query topics --graph exports/graph.json")

    p = leaf("communities", _communities, "communities of co-occurring entities (Louvain, fixed seed)",
             "kg query communities --resolution 1.5")
    p.add_argument("--resolution", type=float, default=1.0, help="higher gives smaller communities (default 1.0)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--min-size", type=int, default=2, help="leave out smaller communities (default 2)")

    s = sub.add_parser("stats", parents=[common], help="count papers, entities per type, claims, edges per relation",
                       description="Count papers, entities per type, claims and edges per relation of a built graph.",
                       epilog="Example: kg stats --graph exports/graph.json --json")
    s.set_defaults(func=run, handler=_stats)


def run(args: argparse.Namespace) -> int:
    """Load ``args.graph``, answer ``args.handler``'s question, print it; returns the exit status."""
    from kg.graph.query import load_graph

    path = Path(args.graph)
    if not path.is_file():
        print(f"kg: error: no graph at {path} (run `kg build` first, or pass --graph)", file=sys.stderr)
        return status.ERROR
    try:
        kg = load_graph(path)
    except (OSError, ValueError) as exc:  # the readers report a malformed file as ValueError
        print(f"kg: error: cannot read graph {path}: {_first_line(exc)}", file=sys.stderr)
        return status.ERROR
    try:
        data, text = args.handler(kg, args)
    except NotFoundError as exc:
        print(f"kg: error: {_printable(str(exc.args[0]))}", file=sys.stderr)
        return status.MISSING
    except (UsageError, ValueError) as exc:  # an option the data cannot answer (--min without --unit)
        print(f"kg: error: {_first_line(exc)}", file=sys.stderr)
        return status.ERROR
    print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else text)
    return status.OK


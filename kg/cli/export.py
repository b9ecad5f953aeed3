"""``kg export``: write a built graph (node-link JSON, GraphML or GEXF) as Turtle, N-Triples, JSON-LD or RDF/XML.

The format comes from ``--format`` or else from the output's extension (``.ttl``/``.turtle``,
``.nt``, ``.jsonld``/``.json``, ``.rdf``/``.owl`` for RDF/XML); any other extension is refused.
"""
from __future__ import annotations

import argparse
import sys

from kg.cli import status
from kg.workflow import DEFAULT_BASE_IRI  # not kg.namespace: that imports rdflib

__all__ = ["register", "run"]

def register(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` to the CLI."""
    p = sub.add_parser(
        "export",
        help="write a built graph as RDF (Turtle, N-Triples, JSON-LD or RDF/XML)",
        description="Read the graph written by `kg build` (node-link JSON) and write it as RDF.\n"
        "The model (schema.org, SKOS, PROV, QUDT and the kg ontology in schemas/kg.ttl)\n"
        "is described in docs/rdf.md; schemas/shapes.ttl holds its SHACL shapes.",
        epilog="Example: kg export --graph exports/graph.json --format ttl -o exports/graph.ttl",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keep the example on one line
    )
    p.add_argument("--graph", default="exports/graph.json", help="node-link JSON graph (default: exports/graph.json)")
    p.add_argument("--format", choices=("ttl", "nt", "jsonld", "rdfxml"),
                   help="RDF format (default: from the output's extension: .ttl or .turtle, .nt, .jsonld or "
                        ".json, .rdf or .owl for RDF/XML)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="file to write; an extension other than those above needs --format")
    p.add_argument("--base-iri", default=DEFAULT_BASE_IRI,
                   help=f"base of the data IRIs, ending in / or # (default {DEFAULT_BASE_IRI})")
    p.add_argument("--evidence", choices=("compact", "full"),
                   help="full: one kg:Mention per mention, with its sentence (default: as the graph was built)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the export; exit status 2 (:mod:`kg.cli.status`) for a missing or unreadable graph, a bad base
    IRI, an unknown extension or an output that cannot be written."""
    import networkx as nx

    from kg.export.node_link import read_graph
    from kg.export.rdf import FORMATS, format_of, write_rdf
    from kg.workflow import BuildError, check_output_file

    try:
        fmt = args.format or format_of(args.output)
        check_output_file(args.output)
    except ValueError as exc:
        print(f"kg export: error: {exc}; or pass --format", file=sys.stderr)
        return status.ERROR
    except BuildError as exc:
        print(f"kg export: error: {exc}", file=sys.stderr)
        return status.ERROR
    try:
        G = read_graph(args.graph)
    except (OSError, ValueError, KeyError, nx.NetworkXError) as exc:
        print(f"kg export: error: cannot read graph {args.graph}: {exc}", file=sys.stderr)
        return status.ERROR
    if args.evidence == "full":
        from kg.graph.evidence import expand_evidence

        expand_evidence(G)
    elif args.evidence == "compact":
        G.graph["evidence"] = "compact"  # what RDF holds of it: the links, without reified mentions
    try:
        n = write_rdf(G, args.output, FORMATS[fmt], base_iri=args.base_iri)
    except (OSError, ValueError) as exc:
        print(f"kg export: error: {exc}", file=sys.stderr)
        return status.ERROR
    print(f"kg export: wrote {n} triples to {args.output}", file=sys.stderr)
    return status.OK

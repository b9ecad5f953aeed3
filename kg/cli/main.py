"""``kg`` entry point: builds the parser from the command modules and maps errors to exit codes.

Exit statuses follow one convention for every command (:mod:`kg.cli.status`): 0 done (an empty
answer included), 1 the data lacks what was asked for, 2 the command could not run.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from kg import __version__
from kg.cli import status

__all__ = ["COMMAND_MODULES", "main", "make_parser"]

COMMAND_MODULES = ("build", "query", "sparql", "export", "view", "train")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn research-paper abstracts into a knowledge graph of papers, methods, datasets, "
        "code, claims, hardware and topics.",
        epilog="Example: kg build examples/corpus/*.txt --out exports",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"kg.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    from kg.cli.terminal import printable
    from kg.ingest import InputError
    from kg.workflow import BuildError, NoPapersError

    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except NoPapersError as exc:
        print(f"kg: error: {printable(str(exc))}", file=sys.stderr)
        return status.MISSING
    except (BuildError, InputError) as exc:
        print(f"kg: error: {printable(str(exc))}", file=sys.stderr)
        return status.ERROR
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kg extract ... | head`
        return status.OK


if __name__ == "__main__":
    sys.exit(main())

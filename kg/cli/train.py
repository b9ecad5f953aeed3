"""``kg train``: retrain the learned classifier (``kg_classifier``) from gold-format JSON Lines."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kg.cli import status
from kg.cli.arguments import positive_int
from kg.cli.terminal import printable

if TYPE_CHECKING:
    from kg.extract.training import Trained

__all__ = ["format_training", "register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``train`` to the CLI."""
    t = sub.add_parser(
        "train",
        help="train the model that decides methods, datasets and tasks from annotated abstracts",
        description="Train the learned classifier (kg_classifier) from gold-format JSON Lines and write it as "
        "one JSON file, for kg build/extract --model. Each --abstracts file (lines {id, title, abstract}) goes "
        "with the --gold file given in the same position (lines {id, methods, datasets, tasks, ...}, see "
        "examples/gold/GUIDELINES.md); every abstract needs its gold line and every gold line its abstract. "
        "The same examples give the same file byte for byte. Needs scikit-learn: pip install 'kg[train]'.",
        epilog="Example: kg train --abstracts examples/gold/arxiv/arxiv_train.jsonl "
        "--gold examples/gold/arxiv/gold_arxiv_train.jsonl --out model.json",
    )
    t.add_argument("--abstracts", action="append", required=True, metavar="ABSTRACTS.jsonl",
                   help="papers to learn from: JSON Lines of {id, title, abstract} (repeatable, .gz allowed)")
    t.add_argument("--gold", action="append", required=True, metavar="GOLD.jsonl",
                   help="their annotations: JSON Lines of {id, methods, datasets, tasks} (one per --abstracts, "
                        "in the same order)")
    t.add_argument("-o", "--out", required=True, metavar="MODEL.json",
                   help="the model file to write (replaced whole, never half-written)")
    t.add_argument("--unlabelled", metavar="ABSTRACTS.jsonl",
                   help="optional unlabelled abstracts ({title, abstract}, .gz allowed): known names in them "
                        "add context-only examples of each type (off by default: they did not help on arXiv)")
    t.add_argument("--weak-limit", type=positive_int, default=2000,
                   help="with --unlabelled: at most this many examples per type (default 2000)")
    t.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    t.set_defaults(func=run_train)


def _table(rows: list[tuple[str, int]]) -> list[str]:
    width = max(len(k) for k, _ in rows)
    return [f"{k:<{width}}  {v:>7}" for k, v in rows]


def format_training(trained: Trained, out: str) -> str:
    """What a model was trained on, as ``kg train`` prints it: papers, candidates per class, gold
    methods proposed or used, weak examples, and the score offsets cross-validation chose."""
    from kg.extract.training import CV_MIN_PAPERS

    rows = [("papers", trained.papers), ("candidates", sum(trained.types.values()))]
    rows += [(f"  {k}", n) for k, n in trained.types.items()]
    rows += [("gold methods", sum(trained.proposed.values()))]
    rows += [(f"  {k}", n) for k, n in trained.proposed.items()]
    if sum(trained.weak.values()):
        rows += [("weak examples", sum(trained.weak.values()))]
        rows += [(f"  {k}", n) for k, n in trained.weak.items() if k != "none"]
    offsets = {k: v for k, v in trained.offsets.items() if k != "none"}
    if trained.papers >= CV_MIN_PAPERS:
        shifts = ", ".join(f"{k} {v:+.2f}" for k, v in offsets.items())
        offsets_line = f"score offsets (cross-validated, none = 0): {shifts}"
    else:
        offsets_line = f"score offsets: none (cross-validation needs {CV_MIN_PAPERS} papers)"
    return "\n".join([*_table(rows), offsets_line, f"written to {printable(out)}"])


def run_train(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kg.extract.training import NothingToLearn, TrainingError, learn, write_model
    from kg.workflow import check_output_file

    if len(args.abstracts) != len(args.gold):
        print(f"kg: error: give one --gold per --abstracts, in the same order ({len(args.abstracts)} --abstracts, "
              f"{len(args.gold)} --gold)", file=sys.stderr)
        return status.ERROR
    check_output_file(args.out)  # before training for minutes
    pairs = [(Path(a), Path(g)) for a, g in zip(args.abstracts, args.gold)]
    try:
        trained = learn(pairs, unlabelled=Path(args.unlabelled) if args.unlabelled else None,
                        weak_limit=args.weak_limit)
    except NothingToLearn as exc:
        print(f"kg: error: {printable(str(exc))}; nothing written", file=sys.stderr)
        return status.MISSING
    except TrainingError as exc:
        print(f"kg: error: {printable(str(exc))}", file=sys.stderr)
        return status.ERROR
    try:
        write_model(trained.model, Path(args.out))
    except OSError as exc:
        print(f"kg: error: {printable(args.out)}: cannot write: {(exc.strerror or str(exc)).lower()}",
              file=sys.stderr)
        return status.ERROR
    if not args.quiet:
        print(format_training(trained, args.out))
    return status.OK

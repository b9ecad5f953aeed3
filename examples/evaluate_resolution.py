#!/usr/bin/env python3
"""Score entity resolution on the bundled pair set (examples/gold/resolution/pairs.jsonl).

    python examples/evaluate_resolution.py             # precision and recall of "same", per category
    python examples/evaluate_resolution.py --errors    # the pairs it gets wrong
    python examples/evaluate_resolution.py --json

Each pair holds two surface forms from real abstracts (the example corpus and arXiv 2025-26), each
with the snippet it was read in, labelled same or different by reading (see NOTES.md there). The
resolver sees the two snippets as two papers, each mentioning its form with the type the pair gives,
and decides; "same" means both mentions end in one entity (same type and key). ``--corpus`` resolves
all snippets as one corpus instead, so definitions in other pairs' snippets count too.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "gold" / "resolution" / "pairs.jsonl"


@dataclass(frozen=True)
class Scores:
    """Precision and recall of the "same" decisions, with the counts behind them."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _paper(pid: str, etype: str, text: str, snippet: str):
    from kg.ids import slugify
    from kg.model import Entity, Paper

    start = snippet.find(text)
    if start < 0:  # a form cited in another case or spelling than the snippet's: mention it whole
        snippet, start = f"{snippet} {text}", len(snippet) + 1
    entity = Entity(etype, text, slugify(text), "abstract", start, start + len(text), snippet,
                    proposed=False if etype == "method" else None)
    return Paper(pid, "", snippet, entities=[entity])


def _types(pair: dict) -> tuple[str, str]:
    from kg.resolve import RESOLVED_TYPES

    a = pair["type"]
    b = pair.get("b_type", a)
    return a, b if b in RESOLVED_TYPES else "method"  # a metric or a modality: the extractor's nearest type


def decide(pairs: list[dict], corpus: bool = False) -> list[bool]:
    """For each pair, whether resolution puts its two forms in one entity."""
    from kg.resolve import Resolver

    papers = []
    for i, pair in enumerate(pairs):
        ta, tb = _types(pair)
        papers.append((_paper(f"a{i}", ta, pair["a"], pair["a_source"]["snippet"]),
                       _paper(f"b{i}", tb, pair["b"], pair["b_source"]["snippet"])))
    out = []
    if corpus:
        resolver = Resolver()
        for a, b in papers:
            resolver.observe(a)
            resolver.observe(b)
        resolution = resolver.resolve()
    for a, b in papers:
        if not corpus:
            resolver = Resolver()
            resolver.observe(a)
            resolver.observe(b)
            resolution = resolver.resolve()
        ea, eb = resolution.apply(a).entities[0], resolution.apply(b).entities[0]
        out.append((ea.type, ea.norm) == (eb.type, eb.norm))
    return out


def score(pairs: list[dict], decisions: list[bool]) -> Scores:
    c = Counter((p["label"] == "same", d) for p, d in zip(pairs, decisions))
    return Scores(tp=c[(True, True)], fp=c[(False, True)], fn=c[(True, False)], tn=c[(False, False)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--corpus", action="store_true", help="resolve all snippets as one corpus")
    parser.add_argument("--errors", action="store_true", help="list the pairs decided wrongly")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    decisions = decide(pairs, corpus=args.corpus)
    rows = {"all": score(pairs, decisions)}
    for category in sorted({p["category"] for p in pairs}):
        keep = [i for i, p in enumerate(pairs) if p["category"] == category]
        rows[category] = score([pairs[i] for i in keep], [decisions[i] for i in keep])
    if args.json:
        print(json.dumps({k: {"precision": round(v.precision, 3), "recall": round(v.recall, 3), "tp": v.tp,
                              "fp": v.fp, "fn": v.fn, "tn": v.tn} for k, v in rows.items()}, indent=2))
    else:
        print(f"{'pairs':14} {'n':>4} {'P(same)':>8} {'R(same)':>8}   tp  fp  fn  tn")
        for name, s in rows.items():
            n = s.tp + s.fp + s.fn + s.tn
            print(f"{name:14} {n:4} {s.precision:8.3f} {s.recall:8.3f} {s.tp:4} {s.fp:3} {s.fn:3} {s.tn:3}")
    if args.errors:
        for p, d in zip(pairs, decisions):
            if (p["label"] == "same") != d:
                print(f"{'same' if d else 'apart'} but {p['label']}: [{p['category']}] {p['a']!r} / {p['b']!r}"
                      f" — {p.get('note', '')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

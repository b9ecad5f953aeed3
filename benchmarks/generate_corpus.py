#!/usr/bin/env python3
"""Make N synthetic abstracts by recombining real sentences of the bundled corpus (fixed seed).

    python benchmarks/generate_corpus.py 10000 -o /tmp/bench-10k.jsonl

Each abstract takes as many sentences as a real abstract of the corpus (drawn at random), each
sentence drawn from the corpus, so entity density stays realistic; titles are real titles with a
unique number, ids are unique. Same N and seed → the same file, byte for byte.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


def split_sentences(text: str) -> list[str]:
    """A cheap splitter; good enough to recombine sentences."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def corpus_pieces() -> tuple[list[str], list[str], list[int]]:
    """Titles, sentences and sentences-per-abstract of the example corpus."""
    from kg.ingest import read_papers

    papers = read_papers(sorted((ROOT / "examples" / "corpus").glob("*.txt"))).papers
    titles = [p.title for p in papers]
    per_abstract = [split_sentences(p.abstract) for p in papers]
    sentences = [s for sents in per_abstract for s in sents]
    return titles, sentences, [len(s) for s in per_abstract]


def generate(n: int, seed: int = 13):
    """Yield n records: {"id", "title", "abstract"}."""
    titles, sentences, lengths = corpus_pieces()
    rng = random.Random(seed)
    for i in range(n):
        k = rng.choice(lengths)
        yield {
            "id": f"bench-{i:07d}",
            "title": f"{rng.choice(titles)} ({i})",
            "abstract": " ".join(rng.choice(sentences) for _ in range(k)),
        }


def write_corpus(n: int, path: Path, seed: int = 13) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for rec in generate(n, seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    write_corpus(a.n, Path(a.output), a.seed)
    print(f"wrote {a.n} abstracts to {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

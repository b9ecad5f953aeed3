#!/usr/bin/env python3
"""Make a large corpus for scale runs from a real one: its records repeated, each copy a distinct paper.

    python benchmarks/scale_corpus.py ../shared/corpus-large/arxiv-cs-2025.jsonl.gz --n 1000000 -o /tmp/arxiv-1m.jsonl

The first pass over the corpus writes its records as they are. Each later pass writes every record
again as a paper of its own: a new id (``scale-<pass>:<original id>``), the title marked with the pass
("… [copy 3]", so no two titles are one), no URL, DOI or arXiv id (which would merge it with the
original), and the sentences of its abstract shuffled (seeded by the pass and the line, so the same N
gives the same file byte for byte). The text stays real text: same words, same entities, same
sentence lengths; only the tokenizer's cache sees repeats, as it would across a real corpus's shared
vocabulary.
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
_DROPPED = ("url", "doi", "arxiv_id", "arxiv")


def copy_of(record: dict, n_pass: int, line: int) -> dict:
    """Record ``record`` as the distinct paper of pass ``n_pass`` (0: the record itself).

    >>> r = {"id": "arXiv:1", "title": "T", "abstract": "One. Two. Three.", "url": "https://arxiv.org/abs/1"}
    >>> copy_of(r, 0, 1) == r
    True
    >>> c = copy_of(r, 2, 1)
    >>> c["id"], c["title"], "url" in c, sorted(c["abstract"].split()) == sorted(r["abstract"].split())
    ('scale-2:arXiv:1', 'T [copy 2]', False, True)
    """
    if n_pass == 0:
        return record
    out = {k: v for k, v in record.items() if k not in _DROPPED}
    out["id"] = f"scale-{n_pass}:{record.get('id', line)}"
    out["title"] = f"{record.get('title', '')} [copy {n_pass}]"
    sentences = [s for s in _SENTENCE_END.split(str(record.get("abstract", ""))) if s.strip()]
    random.Random(f"{n_pass}:{line}").shuffle(sentences)
    out["abstract"] = " ".join(sentences)
    return out


def write_scaled(corpus: Path, n: int, dest: Path) -> int:
    """Write ``n`` records made from ``corpus`` (JSON Lines, compressed or not) to ``dest``."""
    from kg.ingest.compressed import open_input

    written, n_pass = 0, 0
    with open(dest, "w", encoding="utf-8") as out:
        while written < n:
            before = written
            with open_input(corpus) as src:
                for line_no, raw in enumerate(src, 1):
                    if not raw.strip():
                        continue
                    out.write(json.dumps(copy_of(json.loads(raw), n_pass, line_no), ensure_ascii=False) + "\n")
                    written += 1
                    if written >= n:
                        break
            if written == before:
                raise SystemExit(f"{corpus}: no record")
            n_pass += 1
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="JSON Lines papers, compressed or not")
    ap.add_argument("--n", type=int, required=True, help="how many records to write")
    ap.add_argument("-o", "--out", type=Path, required=True, help="the JSON Lines file to write")
    a = ap.parse_args(argv)
    print(f"wrote {write_scaled(a.corpus, a.n, a.out):,} records to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

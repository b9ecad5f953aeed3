"""The learner kg did not choose, measured the same way: spaCy's ``ner`` with a tok2vec trained from scratch.

kg decides what each candidate span is with a linear model (``kg/extract/classifier.py``). This script
makes the alternative the extraction issue named, a spaCy ``ner`` whose tok2vec is trained from
scratch (``spacy_ner.cfg``: hash embeddings of NORM, PREFIX, SUFFIX and SHAPE, a four-layer window
CNN, no pretrained vectors), from the same annotated abstracts, so the two can be compared on the
held-out split with kg's scorer and on real text for speed::

    python benchmarks/learners/spacy_ner.py docbins --out /tmp/ner          # train/dev DocBins
    OMP_NUM_THREADS=1 python -m spacy train benchmarks/learners/spacy_ner.cfg --output /tmp/ner/model \\
        --paths.train /tmp/ner/train.spacy --paths.dev /tmp/ner/dev.spacy --training.max_steps 16500
    python benchmarks/learners/spacy_ner.py predict /tmp/ner/model/model-best \\
        examples/gold/arxiv/arxiv_heldout.jsonl /tmp/ner/pred_heldout.jsonl
    python examples/gold/score.py --gold examples/gold/arxiv/gold_arxiv_heldout.jsonl --pred /tmp/ner/pred_heldout.jsonl
    python benchmarks/learners/spacy_ner.py speed /tmp/ner/model/model-best --corpus arxiv-cs-2025.jsonl.gz

Text is title + "\\n" + abstract. Every occurrence of a gold name becomes a span, cut to the tokens
it covers whole (``alignment_mode="contract"``: "GPT" inside "ChatGPT" is no span); where spans
overlap the longest stays (then the earlier). A random tenth of the training papers (seed 0) is
spaCy's dev set. The result of one run is in ``benchmarks/results/learner-spacy-ner.json``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin, Span

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from extract_sample import corpus_papers  # noqa: E402  (the benchmarks' corpus reader)

GOLD = ROOT / "examples" / "gold" / "arxiv"
TRAINING = [("arxiv_train.jsonl", "gold_arxiv_train.jsonl"), ("arxiv_train_2.jsonl", "gold_arxiv_train_2.jsonl")]
LABELS = {"methods": "METHOD", "datasets": "DATASET", "tasks": "TASK"}
TYPES = {label: key[:-1] for key, label in LABELS.items()}  # METHOD -> method


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _text(paper: dict) -> str:
    return (paper.get("title") or "") + "\n" + (paper.get("abstract") or "")


def annotated_doc(nlp: spacy.language.Language, paper: dict, gold: dict) -> spacy.tokens.Doc:
    """The paper's Doc with every occurrence of its gold names as entities, the longest kept where they overlap."""
    text = _text(paper)
    doc = nlp.make_doc(text)
    found = []
    for key, label in LABELS.items():
        for entry in gold.get(key) or []:
            name = entry.get("text") or ""
            start = text.find(name) if name.strip() else -1
            while start != -1:
                span = doc.char_span(start, start + len(name), label=label, alignment_mode="contract")
                if span is not None and len(span):
                    found.append((span.start, span.end, label, len(found)))
                start = text.find(name, start + 1)
    taken = [False] * len(doc)
    ents = []
    for s, e, label, _ in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[3])):
        if not any(taken[s:e]):
            taken[s:e] = [True] * (e - s)
            ents.append(Span(doc, s, e, label=label))
    doc.ents = sorted(ents, key=lambda span: span.start)
    return doc


def docbins(out: Path) -> None:
    nlp = spacy.blank("en")
    docs = []
    for inputs, gold in TRAINING:
        golds = {g["id"]: g for g in _lines(GOLD / gold)}
        docs += [annotated_doc(nlp, p, golds[p["id"]]) for p in _lines(GOLD / inputs)]
    order = list(range(len(docs)))
    random.Random(0).shuffle(order)
    dev = set(order[:round(len(docs) / 10)])
    out.mkdir(parents=True, exist_ok=True)
    DocBin(docs=[d for i, d in enumerate(docs) if i not in dev]).to_disk(out / "train.spacy")
    DocBin(docs=[d for i, d in enumerate(docs) if i in dev]).to_disk(out / "dev.spacy")
    print(f"{len(docs) - len(dev)} training and {len(dev)} dev papers in {out}")


def predict(model: Path, inputs: Path, out: Path) -> None:
    """The model's names per paper, as kg's scorer reads predictions."""
    nlp = spacy.load(model)
    papers = _lines(inputs)
    with out.open("w", encoding="utf-8") as f:
        for paper, doc in zip(papers, nlp.pipe(map(_text, papers), batch_size=64)):
            names = dict.fromkeys((TYPES[e.label_], e.text) for e in doc.ents)
            f.write(json.dumps({"id": paper["id"], "entities": [{"type": t, "text": x} for t, x in names]},
                               ensure_ascii=False) + "\n")
    print(f"{len(papers)} papers -> {out}")


def speed(model: Path, corpus: Path, n: int, rounds: int) -> None:
    """Wall time of spaCy's bare tokenizer and of the model over the first ``n`` abstracts, best of ``rounds``."""
    texts = [_text({"title": p.title, "abstract": p.abstract}) for p in corpus_papers(corpus, 0, n)]
    best = {"tokenizer": float("inf"), "ner": float("inf")}
    for _ in range(rounds):
        tokenizer, nlp = spacy.blank("en").tokenizer, spacy.load(model)
        t = time.perf_counter()
        for text in texts:
            tokenizer(text)
        best["tokenizer"] = min(best["tokenizer"], time.perf_counter() - t)
        t = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        best["ner"] = min(best["ner"], time.perf_counter() - t)
    print(json.dumps({"abstracts": len(texts), "seconds": best, "ner_vs_tokenizer": best["ner"] / best["tokenizer"]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("docbins").add_argument("--out", type=Path, required=True)
    p = sub.add_parser("predict")
    p.add_argument("model", type=Path); p.add_argument("inputs", type=Path); p.add_argument("out", type=Path)
    s = sub.add_parser("speed")
    s.add_argument("model", type=Path); s.add_argument("--corpus", type=Path, required=True)
    s.add_argument("--n", type=int, default=2000); s.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    if a.command == "docbins":
        docbins(a.out)
    elif a.command == "predict":
        predict(a.model, a.inputs, a.out)
    else:
        speed(a.model, a.corpus, a.n, a.rounds)


if __name__ == "__main__":
    main()

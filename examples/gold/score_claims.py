#!/usr/bin/env python3
"""Score extracted claims (result records) against a gold standard with the extended result fields.

    python3 score_claims.py --gold gold_arxiv_train.jsonl --pred records.jsonl [--json] [--show WHAT]

The gold files follow GUIDELINES.md; their ``metrics`` entries may carry the extended result fields
(``metric_name``, ``dataset``, ``method``, ``task``, ``baseline``, ``hardware``, ``low``, ``high``).
``--pred`` is kg's output: JSON Lines, one paper a line with its input ``id`` and ``entities``; a claim
is an entity of type ``metric`` with ``value``, ``unit``, ``kind`` and, where found, ``low``/``high``,
``metric`` (the metric's name), ``dataset``, ``method``, ``task``, ``baseline``, ``hardware``.

Figures:

- **claim value F1**: claims matched one-to-one within a paper by value (as the gold scorer does).
  A predicted range (``low``/``high``) is one claim when the gold annotates it as a range (value =
  high end); a gold set that lists the two ends as entries of their own ("one entry per number")
  is matched against both ends, each counted as a prediction.
- **kind accuracy**: of the matched claims, those with the gold's kind.
- **metric-name accuracy**: of the matched claims whose gold names the metric, those whose
  predicted metric name is the same (lower case, ``-``/``_``/spaces alike).
- **attachment accuracy** (dataset, method; task, baseline and hardware reported too): of the
  matched claims whose gold states the attachment, those whose prediction names the same entity:
  equal text (case, punctuation and "the ... dataset" aside), an ``alias_of`` pair of the gold's
  entity list, or one name containing the other as whole words ("ImageNet" in "ImageNet-1K" is not).
  Predictions where the gold says nothing are counted apart (``unstated``), not as errors. Also
  reported where the extractor found the gold's entity in the paper at all (``accuracy_where_found``):
  attachment can only name an entity that entity extraction found.
- **range accuracy**: of the matched gold ranges, those predicted with both ends.

Prints a table (or ``--json``); ``--show claims|kind|metric|dataset|method`` lists the differences.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict

ATTACHMENTS = ("dataset", "method", "task", "baseline", "hardware")
GOLD_LIST_OF = {"dataset": "datasets", "method": "methods", "task": "tasks", "baseline": "methods",
                "hardware": "hardware"}
SHOW = ("claims", "kind", "metric", *ATTACHMENTS)
ENTITY_TYPE = {"dataset": "dataset", "method": "method", "task": "task", "baseline": "method", "hardware": "hardware"}


def as_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def same_value(a, b) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a))


def name_key(s) -> str:
    """A name as compared: lower case, LaTeX and punctuation folded, "the ... dataset" dropped."""
    s = (s or "").lower().replace("\u2013", "-").replace("\u2014", "-").replace("\\", "")
    s = re.sub(r"^the\s+|\s+(?:dataset|datasets|benchmark|benchmarks|corpus)$", "", s.strip())
    return re.sub(r"[\s_\-]+", " ", s).strip(" .,;:()[]\"'")


def metric_key(s) -> str:
    return re.sub(r"[\s_\-]+", " ", (s or "").strip().lower())


def load(paths):
    rows = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows[str(r["id"])] = r
    return rows


def aliases(gold_paper: dict, kind: str) -> dict[str, set[str]]:
    """name key -> keys of the names the gold says are the same entity (``alias_of``)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for e in gold_paper.get(GOLD_LIST_OF[kind], []):
        a = name_key(e.get("text"))
        groups[a].add(a)
        if e.get("alias_of"):
            b = name_key(e["alias_of"])
            merged = groups[a] | groups[b] | {a, b}
            for k in merged:
                groups[k] = merged
    return groups


def same_entity(gold_text, pred_text, groups: dict[str, set[str]]) -> bool:
    g, p = name_key(gold_text), name_key(pred_text)
    if not g or not p:
        return False
    if g == p or p in groups.get(g, ()):
        return True
    short, long_ = sorted((g, p), key=len)
    return re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long_) is not None


def pred_items(pred_claims: list[dict], gold_claims: list[dict]) -> list[dict]:
    """The predictions as matchable items: a range is one item when the gold has that range,
    else each end is an item of its own (gold sets that annotate one entry per number)."""
    gold_ranges = {(as_float(g.get("low")), as_float(g.get("value"))) for g in gold_claims
                   if as_float(g.get("low")) is not None}
    items = []
    for p in pred_claims:
        low, high = as_float(p.get("low")), as_float(p.get("high"))
        value = as_float(p.get("value"))
        if low is None or high is None:
            items.append({**p, "_value": value})
        elif any(same_value(low, gl) and same_value(high, gh) for gl, gh in gold_ranges):
            items.append({**p, "_value": high, "_range": True})
        else:
            items.append({**p, "_value": low, "_end": "low"})
            items.append({**p, "_value": high, "_end": "high"})
    return items


def match(gold_claims: list[dict], items: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one by value; among equal values, the candidate with the same unit and kind first."""
    pairs, used = [], set()
    for g in gold_claims:
        gv = as_float(g.get("value"))
        best = None
        for j, p in enumerate(items):
            if j in used or not same_value(gv, p["_value"]):
                continue
            score = (str(p.get("unit") or "").lower() == str(g.get("unit") or "").lower()) + (p.get("kind") == g.get("kind"))
            if best is None or score > best[0]:
                best = (score, j)
        if best is not None:
            used.add(best[1])
            pairs.append((g, items[best[1]]))
    return pairs


def score(gold: dict, pred: dict, show: str | None = None) -> dict:
    counts = defaultdict(int)
    lines = []
    for pid, g in gold.items():
        gl = g.get("metrics", [])
        pl = [e for e in pred.get(pid, {}).get("entities", []) if e.get("type") == "metric"]
        items = pred_items(pl, gl)
        found = defaultdict(list)  # the paper's entities by type: was the gold's entity found at all?
        for e in pred.get(pid, {}).get("entities", []):
            found[e.get("type")].append(e)
        pairs = match(gl, items)
        counts["gold"] += len(gl)
        counts["pred"] += len(items)
        counts["tp"] += len(pairs)
        if show == "claims":
            hit_g = {id(a) for a, _ in pairs}
            hit_p = {id(b) for _, b in pairs}
            lines += [f"MISS  {pid}: {e.get('text')!r} {e.get('value')}" for e in gl if id(e) not in hit_g]
            lines += [f"FALSE {pid}: {e.get('text')!r} {e['_value']}" for e in items if id(e) not in hit_p]
        for ge, pe in pairs:
            counts["kind_n"] += 1
            counts["kind_ok"] += ge.get("kind") == pe.get("kind")
            if show == "kind" and ge.get("kind") != pe.get("kind"):
                lines.append(f"{pid}: {ge.get('text')!r} gold {ge.get('kind')} pred {pe.get('kind')}")
            if as_float(ge.get("low")) is not None:
                counts["range_n"] += 1
                counts["range_ok"] += bool(pe.get("_range"))
            if ge.get("metric_name"):
                ok = metric_key(ge["metric_name"]) == metric_key(pe.get("metric"))
                counts["metric_n"] += 1
                counts["metric_ok"] += ok
                if show == "metric" and not ok:
                    lines.append(f"{pid}: {ge.get('text')!r} gold {ge['metric_name']!r} pred {pe.get('metric')!r}")
            for att in ATTACHMENTS:
                gt, pt = ge.get(att), pe.get(att)
                if not gt:
                    counts[f"{att}_unstated"] += bool(pt)
                    continue
                groups = aliases(g, att)
                ok = same_entity(gt, pt, groups)
                counts[f"{att}_n"] += 1
                counts[f"{att}_ok"] += ok
                if any(same_entity(gt, e.get("text"), groups) for e in found.get(ENTITY_TYPE[att], ())):
                    counts[f"{att}_found_n"] += 1
                    counts[f"{att}_found_ok"] += ok
                if show == att and not ok:
                    lines.append(f"{pid}: {ge.get('text')!r} gold {gt!r} pred {pt!r}")
    p = counts["tp"] / counts["pred"] if counts["pred"] else 0.0
    r = counts["tp"] / counts["gold"] if counts["gold"] else 0.0
    report = {"papers": len(gold), "gold": counts["gold"], "pred": counts["pred"], "matched": counts["tp"],
              "p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    def acc(name: str) -> dict:
        n = counts[f"{name}_n"]
        return {"accuracy": round(counts[f"{name}_ok"] / n, 3) if n else None, "n": n}

    def found_acc(name: str) -> dict:
        n = counts[f"{name}_found_n"]
        return {"accuracy_where_found": round(counts[f"{name}_found_ok"] / n, 3) if n else None, "n_found": n}

    report["kind"] = acc("kind")
    report["metric_name"] = acc("metric")
    report["range"] = acc("range")
    for att in ATTACHMENTS:
        report[att] = {**acc(att), **found_acc(att), "unstated": counts[f"{att}_unstated"]}
    both = counts["dataset_ok"] + counts["method_ok"]
    both_n = counts["dataset_n"] + counts["method_n"]
    fboth = counts["dataset_found_ok"] + counts["method_found_ok"]
    fboth_n = counts["dataset_found_n"] + counts["method_found_n"]
    report["attachment"] = {"accuracy": round(both / both_n, 3) if both_n else None, "n": both_n,
                            "accuracy_where_found": round(fboth / fboth_n, 3) if fboth_n else None,
                            "n_found": fboth_n}
    report["_lines"] = lines
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="+", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--show", choices=SHOW, help="list the differences of one figure")
    a = ap.parse_args(argv)
    report = score(load(a.gold), load([a.pred]), a.show)
    lines = report.pop("_lines")
    for line in lines:
        print(line)
    if a.json:
        print(json.dumps(report))
        return 0
    print(f"claims: P {report['p']:.3f}  R {report['r']:.3f}  F1 {report['f1']:.3f}  "
          f"(gold {report['gold']}, pred {report['pred']}, matched {report['matched']}; {report['papers']} papers)")
    for name in ("kind", "metric_name", "range", "attachment", *ATTACHMENTS):
        r = report[name]
        acc = "n/a" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        extra = ""
        if "n_found" in r:
            where = "n/a" if r["accuracy_where_found"] is None else f"{r['accuracy_where_found']:.3f}"
            extra += f"; {where} of the {r['n_found']} whose entity kg found"
        if "unstated" in r:
            extra += f"; {r['unstated']} predicted where the gold states none"
        print(f"{name:<12} accuracy {acc:>5}  (of {r['n']}{extra})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

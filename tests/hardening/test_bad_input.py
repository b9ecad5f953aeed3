"""Broken inputs, one per failure: the build goes on, names file and line, and loses nothing.

For each file ``kg build FILE`` (the CLI's ``main``, in-process so that the pipeline is built once)
must exit 0 (1 with ``--strict`` when a record was rejected), warn with ``file:line`` for every
rejected record, keep the good records of the same file, and write a ``report.json`` in which
``read == kept + merged + rejected``. A file without a single good record builds nothing: exit 1,
the same warnings, no export written. Fixtures of ``tests/data/ingest`` are reused where they fit.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.ingest import read_papers, source_name

ROOT = Path(__file__).resolve().parents[2]
INGEST = ROOT / "tests" / "data" / "ingest"
HARDENING = ROOT / "tests" / "data" / "hardening"


def _deeply_nested(tmp: Path) -> Path:
    """JSON Lines with arrays nested 100,000 deep, bare and as a field (json.loads recursion)."""
    good = [json.dumps({"title": f"Good {i}", "abstract": "We use ResNet."}) for i in (1, 2)]
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp / "deep.jsonl"
    path.write_text("\n".join([good[0], deep, '{"title": ' + deep + ', "abstract": "x"}', good[1]]) + "\n")
    return path


def _deeply_nested_array(tmp: Path) -> Path:
    good = [json.dumps({"title": f"Good {i}", "abstract": "We use ResNet."}) for i in (1, 2)]
    path = tmp / "deep.json"
    path.write_text("[\n" + ",\n".join([good[0], "[" * 100_000 + "]" * 100_000, good[1]]) + "\n]\n")
    return path


def _binary(tmp: Path) -> Path:
    """Every byte value, 50 times, under a .jsonl name."""
    path = tmp / "binary.jsonl"
    path.write_bytes(bytes(range(256)) * 50)
    return path


# (case, the input, (read, kept, rejected), the lines named in the warnings)
CASES = [
    ("truncated JSON line", HARDENING / "truncated.jsonl", (3, 2, 1), [3]),
    ("wrong types and bad lines", INGEST / "bad.jsonl", (9, 2, 7), [2, 3, 4, 5, 6, 8, 9]),
    ("byte-order mark and CRLF, JSON Lines", HARDENING / "bom_crlf.jsonl", (2, 2, 0), []),
    ("byte-order mark and CRLF, listing", INGEST / "listing_crlf_bom.txt", (2, 2, 0), []),
    ("CRLF CSV with a short row", HARDENING / "crlf.csv", (3, 2, 1), [4]),
    ("Latin-1 bytes in a listing", INGEST / "listing_latin1.txt", (3, 2, 1), [7]),
    ("Latin-1 bytes in BibTeX", INGEST / "latin1.bib", (2, 1, 1), [8]),
    ("Latin-1 bytes in Atom", INGEST / "arxiv_latin1.atom", (3, 2, 1), [124]),
    ("CSV without an abstract column", INGEST / "missing_column.csv", (2, 0, 2), [2, 3]),
    ("CSV with bad rows", INGEST / "bad.csv", (7, 2, 5), [3, 4, 5, 6, 7]),
    ("CSV with an unclosed quote", INGEST / "unclosed_quote.csv", (2, 1, 1), [3]),
    ("Atom cut in the middle", INGEST / "arxiv_cut.xml", (2, 1, 1), [59]),
    ("Atom with entity expansion and an external entity", HARDENING / "entities.atom", (3, 2, 1), [18]),
    ("JSON array cut in the middle", INGEST / "cut.json", (3, 2, 1), [23]),
    ("JSON array with bad records", INGEST / "bad.json", (4, 2, 2), [3, 4]),
    ("BibTeX with unbalanced braces", INGEST / "unbalanced.bib", (5, 3, 2), [8, 22]),
    ("JSON Lines nested 100,000 deep", _deeply_nested, (4, 2, 2), [2, 3]),
    ("JSON array nested 100,000 deep", _deeply_nested_array, (3, 2, 1), [3]),
    ("binary bytes named .jsonl", _binary, (51, 0, 51), list(range(1, 21))),
] + [(f"empty {p.suffix} file", p, (0, 0, 0), []) for p in sorted(INGEST.glob("empty.*"))]


def _input(given: Path | object, tmp_path: Path) -> Path:
    return given(tmp_path) if callable(given) else given


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case, given, counts, lines", CASES, ids=[c[0] for c in CASES])
def test_a_broken_file_keeps_its_good_records_and_names_each_bad_line(case, given, counts, lines, tmp_path, capsys,
                                                                       warm_nlp):
    path = _input(given, tmp_path)
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), "--outputs", "records,report", "--workers", "1",
                   "--no-cache"])
    err = capsys.readouterr().err
    assert status == (0 if counts[1] else 1)
    assert "Traceback" not in err
    for line in lines:
        assert f"{path}:{line}: " in err
    if not counts[1]:
        assert err.splitlines()[-1] == f"kg: error: no paper read from {path}; nothing written"
        assert not (out / "report.json").exists()
        file_counts = read_papers([path]).report.as_dict()["files"][str(path)]
        assert (file_counts["read"], file_counts["kept"], file_counts["rejected"]) == counts
        return
    file_counts = _report(out)["files"][str(path)]
    assert (file_counts["read"], file_counts["kept"], file_counts["rejected"]) == counts
    assert file_counts["read"] == file_counts["kept"] + file_counts["merged"] + file_counts["rejected"]
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == counts[1]
    assert all(s["file"] == source_name(path) for rec in records for s in rec["sources"])


@pytest.mark.parametrize("case, given, counts, lines", CASES, ids=[c[0] for c in CASES])
def test_strict_exits_1_exactly_when_a_record_was_rejected(case, given, counts, lines, tmp_path, capsys, warm_nlp):
    path = _input(given, tmp_path)
    status = main(["build", str(path), "--out", str(tmp_path / "out"), "--outputs", "report", "--workers", "1",
                   "--no-cache", "--strict", "-q"])
    assert status == (1 if counts[2] or not counts[1] else 0)


def test_a_directory_given_as_a_file_exits_2_and_writes_nothing(tmp_path, run_kg):
    out = tmp_path / "out"
    res = run_kg("build", INGEST, "--out", out)
    assert res.returncode == 2
    assert res.stderr.strip() == f"kg: error: {INGEST}: is a directory, not a file (give the files inside it)"
    assert not out.exists()


def test_a_file_of_unknown_format_is_a_warning_and_strict_makes_it_fail(tmp_path, run_kg):
    # The foundation issue: an unknown format is reported with the file, the run goes on (exit 0 with
    # warnings), and --strict makes it non-zero. Missing files and directories are the exit-2 cases.
    good = INGEST / "papers.jsonl"
    res = run_kg("build", INGEST / "notes.docx", good, "--out", tmp_path / "out", "--outputs", "report")
    assert res.returncode == 0
    assert "notes.docx: unknown format" in res.stderr
    strict = run_kg("build", INGEST / "notes.docx", good, "--out", tmp_path / "out", "--outputs", "report",
                    "--strict")
    assert strict.returncode == 1
    alone = run_kg("build", INGEST / "notes.docx", "--out", tmp_path / "alone", "--outputs", "report")
    assert alone.returncode == 1 and "notes.docx: unknown format" in alone.stderr  # no paper read at all


def test_every_broken_file_at_once_through_the_real_command(tmp_path, run_kg):
    paths = []
    for i, (_, given, _, _) in enumerate(CASES):
        folder = tmp_path / f"case{i}"  # generated inputs share names: one folder each
        folder.mkdir()
        paths.append(_input(given, folder))
    out = tmp_path / "out"
    res = run_kg("build", *paths, "--out", out, "--outputs", "records,report", "--workers", "1", "--strict")
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    report = _report(out)
    expected = [counts for _, _, counts, _ in CASES]
    assert report["totals"]["read"] == sum(c[0] for c in expected)
    assert report["totals"]["read"] == sum(report["totals"][k] for k in ("kept", "merged", "rejected"))
    assert report["totals"]["rejected"] == sum(c[2] for c in expected)
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == report["totals"]["kept"]
    assert f"read {report['totals']['read']}, kept {report['totals']['kept']}" in res.stdout


# A script run in a fresh interpreter, so that ru_maxrss measures reading only.
_MEASURE = """
import json, resource, sys
from kg.ingest import read_papers, source_name
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = read_papers([sys.argv[1]]).report
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_kib": after - before, "totals": report.totals()}))
"""


def _hundred_megabytes(path: Path, *, array: bool) -> int:
    """The same paper again and again (merged), with a broken record every 1,000: ~100 MB, streamed out."""
    line = json.dumps({"title": "The same paper again", "abstract": "We train ResNet-50 on ImageNet. " * 30})
    broken = '{"title": tru}' if array else "{broken"
    n = 100_000_000 // len(line) + 1
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n" if array else "")
        for i in range(n):
            f.write((broken if i % 1000 == 999 else line) + (",\n" if array and i < n - 1 else "\n"))
        f.write("]\n" if array else "")
    return n


@pytest.mark.slow
@pytest.mark.parametrize("name, array", [("big.jsonl", False), ("big.json", True)])
def test_a_100_megabyte_file_is_streamed_in_bounded_memory(tmp_path, name, array):
    path = tmp_path / name
    n = _hundred_megabytes(path, array=array)
    assert path.stat().st_size >= 100_000_000
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    result = json.loads(proc.stdout)
    assert result["totals"] == {"read": n, "kept": 1, "merged": n - 1 - n // 1000, "rejected": n // 1000}
    assert result["growth_kib"] < 40 * 1024  # the file is 100 MiB; its 100,000 sources cost ~20 MiB

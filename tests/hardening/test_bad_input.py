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
from kg.workflow import ALL_OUTPUTS, OUTPUT_FILES

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


# Inputs written for an attack on the readers (issue 19): each crashed the whole run, lost records
# or read none in silence.
GOOD = {"title": "A good paper", "abstract": "We train ResNet-50 on ImageNet."}


def _lines(tmp: Path, name: str, *lines: str) -> Path:
    path = tmp / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _huge_integer_jsonl(tmp: Path) -> Path:
    """An integer of 5,000 digits (Python converts at most 4,300): ValueError, not JSONDecodeError."""
    bad = json.dumps({**GOOD, "title": "Bad"})[:-1] + ', "n": ' + "7" * 5000 + "}"
    return _lines(tmp, "digits.jsonl", json.dumps(GOOD), bad, json.dumps({**GOOD, "title": "Another"}))


def _huge_integer_array(tmp: Path) -> Path:
    bad = '{"title": "Bad", "abstract": "A.", "year": ' + "7" * 5000 + "}"
    return _lines(tmp, "digits.json", "[", json.dumps(GOOD) + ",", bad + ",", json.dumps({**GOOD, "title": "B"}), "]")


def _huge_openalex_position(tmp: Path) -> Path:
    def work(n: int, positions: str) -> str:
        return (f'{{"id": "https://openalex.org/W{n}", "display_name": "Work {n}", '
                f'"abstract_inverted_index": {{"Text.": [{positions}]}}}}')
    return _lines(tmp, "openalex_digits.json", '{"meta": {"count": 2},', ' "results": [',
                  "  " + work(1, "0") + ",", "  " + work(2, "7" * 5000), " ]}")


def _bad_member_name(tmp: Path) -> Path:
    """A record whose member name holds an invalid escape, then a good record (a JSON sequence)."""
    return _lines(tmp, "escape.json", "{", '  "\\q": 1, "title": "Bad", "abstract": "A."', "}",
                  "{", '  "title": "Good", "abstract": "A."', "}")


def _bad_member_name_openalex(tmp: Path) -> Path:
    """An OpenAlex page whose "meta" member name holds an invalid escape: the works are kept."""
    page = json.loads((INGEST / "openalex_page.json").read_text(encoding="utf-8"))
    text = json.dumps(page, indent=1).replace('"meta"', '"m\\eta"', 1)
    return _lines(tmp, "openalex_escape.json", text)


def _bogus_encoding(tmp: Path) -> Path:
    path = tmp / "bogus.atom"
    path.write_bytes((INGEST / "arxiv_query.atom").read_bytes().replace(b'"UTF-8"', b'"bogus-enc"', 1))
    return path


def _utf16(source: str, name: str, *, declare: bool = False, bom: bool = True):
    """A fixture saved as UTF-16 (Atom: with its declaration saying so)."""
    def make(tmp: Path) -> Path:
        text = (INGEST / source).read_text(encoding="utf-8-sig")
        if declare:
            text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
        path = tmp / name
        path.write_bytes(text.encode("utf-16" if bom else "utf-16-le"))
        return path
    return make


def _quotes_tsv(tmp: Path) -> Path:
    """1,001 rows: a title starting with a quote, one with a quote never closed, 999 plain ones."""
    rows = ['"Quoted" is a word\tWe study quotes.', 'An "unclosed quote\tWe study quotes again.']
    rows += [f"Paper {i}\tWe study paper {i}." for i in range(999)]
    return _lines(tmp, "quotes.tsv", "title\tabstract", *rows)


def _cr_only_csv(tmp: Path) -> Path:
    path = tmp / "cr.csv"
    path.write_bytes(b'title,abstract\rFirst,We study one.\rSecond,"We study\rtwo."\rThird,We study three.\r')
    return path


def _float_ids(tmp: Path) -> Path:
    """NaN, Infinity and 1e400 as ids (json.loads reads nan, inf, inf); then a good record."""
    return _lines(tmp, "ids.jsonl", '{"id": NaN, "title": "N", "abstract": "A."}',
                  '{"id": Infinity, "title": "I", "abstract": "A."}', '{"id": 1e400, "title": "E", "abstract": "A."}',
                  '{"id": 7, "title": "Seven", "abstract": "A."}')


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
    ("an integer of 5,000 digits, JSON Lines", _huge_integer_jsonl, (3, 2, 1), [2]),
    ("an integer of 5,000 digits, JSON array", _huge_integer_array, (3, 2, 1), [3]),
    ("an OpenAlex position of 5,000 digits", _huge_openalex_position, (2, 1, 1), [4]),
    ("an invalid escape in a member name", _bad_member_name, (2, 1, 1), [1]),
    ("an invalid escape in an OpenAlex page's member name", _bad_member_name_openalex, (3, 2, 1), [2]),
    ("Atom declaring an unknown encoding", _bogus_encoding, (0, 0, 0), []),
    ("UTF-16 JSON Lines", _utf16("papers.jsonl", "utf16.jsonl"), (3, 3, 0), []),
    ("UTF-16 JSON array", _utf16("papers.json", "utf16.json"), (3, 3, 0), []),
    ("UTF-16 OpenAlex page", _utf16("openalex_page.json", "utf16_openalex.json"), (2, 2, 0), []),
    ("UTF-16 BibTeX", _utf16("zotero.bib", "utf16.bib"), (4, 3, 1), [49]),
    ("UTF-16 TSV", _utf16("papers.tsv", "utf16.tsv"), (2, 2, 0), []),
    ("UTF-16 listing", _utf16("listing_crlf_bom.txt", "utf16.txt"), (2, 2, 0), []),
    ("UTF-16 Atom declaring UTF-16", _utf16("arxiv_query.atom", "utf16.atom", declare=True), (3, 3, 0), []),
    ("UTF-16 JSON Lines without a byte-order mark", _utf16("papers.jsonl", "nobom.jsonl", bom=False), (0, 0, 0), []),
    ("TSV with quotes in titles", _quotes_tsv, (1001, 1001, 0), []),
    ("CSV with CR line ends", _cr_only_csv, (3, 3, 0), []),
    ("NaN, Infinity and 1e400 as ids", _float_ids, (4, 1, 3), [1, 2, 3]),
] + [(f"empty {p.suffix} file", p, (0, 0, 0), []) for p in sorted(INGEST.glob("empty.*"))]
# Cases whose whole file cannot be read: the warning that says why (after "kg: warning: FILE: ").
FILE_ERRORS = {
    "Atom declaring an unknown encoding": "the XML declaration names an unknown encoding, 'bogus-enc'",
    "UTF-16 JSON Lines without a byte-order mark": "looks like UTF-16 without a byte-order mark; save it as UTF-8 "
                                                   "(or as UTF-16 with a byte-order mark)",
}


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
    if case in FILE_ERRORS:
        assert f"kg: warning: {path}: {FILE_ERRORS[case]}\n" in err
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
    assert status == (1 if counts[2] or not counts[1] or case in FILE_ERRORS else 0)


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


def test_an_id_no_xml_export_can_carry_is_rejected_when_read_and_every_export_is_written(tmp_path, capsys,
                                                                                         warm_nlp):
    # U+FFFE in an id made write_graphml raise after records.jsonl and graph.json were replaced,
    # and ttl, nt, html and report were never written (issue 19). In other text it is dropped.
    path = _lines(tmp_path, "ids.jsonl", json.dumps({"id": "p\ufffe1", **GOOD}),
                  json.dumps({"id": "p2", "title": "Foo\ufffeNet", "abstract": "See github.com/a\ufffe/b."}))
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), "--workers", "1", "--no-cache"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"{path}:1: field 'id' holds U+FFFE, which XML (GraphML, GEXF) cannot carry" in err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        OUTPUT_FILES[o] for o in ALL_OUTPUTS)
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["title"]) for r in records] == [("p2", "FooNet")]
    assert "repo:github.com/a/b" in (out / "graph.graphml").read_text(encoding="utf-8")

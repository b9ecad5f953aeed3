"""Compressed inputs (.gz, .bz2, .xz): every reader streams them, with the records, line numbers and
rejections of the uncompressed file; a corrupt or cut-short file stops the run with one line naming it."""
from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.cli import status
from kg.cli.main import main
from kg.ingest import InputError, detect_format, read_file, read_papers
from kg.ingest.compressed import CorruptInputError, open_input
from kg.model import Paper, Rejection

COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda b: gzip.compress(b, compresslevel=1),
    ".bz2": lambda b: bz2.compress(b, compresslevel=1),
    ".xz": lambda b: lzma.compress(b, preset=0),
}
NAMES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}

# one or more files of every format, good and bad (tests/data/ingest)
INPUTS = [
    "papers.jsonl", "bad.jsonl", "papers.json", "bad.json", "cut.json", "papers.csv", "bad.csv", "unclosed_quote.csv",
    "papers.tsv", "arxiv_query.atom", "arxiv_cut.xml", "arxiv_latin1.atom", "zotero.bib", "unbalanced.bib",
    "latin1.bib", "listing_crlf_bom.txt", "listing_latin1.txt", "openalex_page.json", "openalex_works.jsonl",
]


def _compressed(src: Path, folder: Path, ext: str) -> Path:
    out = folder / (src.name + ext)
    out.write_bytes(COMPRESS[ext](src.read_bytes()))
    return out


def _seen(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(papers, rejections) of a file as comparable tuples: the lines they name, not the file name."""
    items = list(read_file(path))
    papers = [(p.id, p.title, p.abstract, p.authors, p.date, [(s.line, s.format) for s in p.sources])
              for p in items if isinstance(p, Paper)]
    rejections = [(r.line, r.reason) for r in items if isinstance(r, Rejection)]
    assert all(r.file == str(path) for r in items if isinstance(r, Rejection))
    return papers, rejections


@pytest.mark.parametrize("ext", list(COMPRESS))
@pytest.mark.parametrize("name", INPUTS)
def test_a_compressed_file_reads_as_the_file_itself(data, tmp_path, name, ext):
    packed = _compressed(data / name, tmp_path, ext)
    assert detect_format(packed) == detect_format(data / name)
    assert _seen(packed) == _seen(data / name)


def test_rejections_in_a_compressed_file_name_it_and_the_lines_of_its_text(data, tmp_path):
    packed = _compressed(data / "bad.jsonl", tmp_path, ".gz")
    result = read_papers([packed])
    assert [(r.file, r.line) for r in result.report.rejections] == [
        (str(packed), n) for n in (2, 3, 4, 5, 6, 8, 9)]
    assert result.report.files[str(packed)].kept == 2


def test_the_format_is_the_name_without_the_compression_suffix():
    assert [detect_format(Path(n)) for n in ("a.jsonl.gz", "a.ndjson.xz", "a.csv.bz2", "a.TSV.GZ", "a.bib.xz",
                                             "a.atom.gz", "a.xml.bz2", "a.txt.gz")] == [
        "jsonl", "jsonl", "csv", "tsv", "bibtex", "atom", "atom", "listing"]


def test_a_compressed_file_without_a_format_suffix_is_an_unknown_format():
    with pytest.raises(InputError, match=r"^papers\.gz: unknown format \(extension 'none' inside the gzip "
                                         r"compression; known: .*; or pass --format\)$"):
        detect_format(Path("papers.gz"))


def test_format_flag_reads_a_compressed_file_of_any_name(data, tmp_path):
    packed = tmp_path / "download.gz"
    packed.write_bytes(gzip.compress((data / "papers.jsonl").read_bytes()))
    assert len(read_papers([packed], format="jsonl").papers) == 3


def test_openalex_works_are_sniffed_inside_the_compression(data, tmp_path):
    packed = tmp_path / "works.jsonl.gz"
    packed.write_bytes(gzip.compress((data / "openalex_works.jsonl").read_bytes()))
    assert detect_format(packed) == "openalex"


def test_multi_member_gzip_is_read_whole(data, tmp_path):
    # `cat a.gz b.gz > c.gz` is a valid gzip file of both
    lines = (data / "papers.jsonl").read_bytes().splitlines(keepends=True)
    packed = tmp_path / "joined.jsonl.gz"
    packed.write_bytes(gzip.compress(lines[0]) + gzip.compress(b"".join(lines[1:])))
    assert [p.sources[0].line for p in read_papers([packed]).papers] == [1, 2, 3]


def _many(n: int) -> bytes:
    return b"".join(json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": f"Abstract number {i} of {n}."},
                               ).encode() + b"\n" for i in range(1, n + 1))


@pytest.mark.parametrize("ext", list(COMPRESS))
def test_a_cut_short_file_stops_the_run_naming_file_and_where_it_breaks(tmp_path, ext):
    whole = COMPRESS[ext](_many(20000))  # bzip2 blocks (level 1) hold 100 kB: many blocks
    packed = tmp_path / f"papers.jsonl{ext}"
    packed.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptInputError) as caught:
        read_papers([packed])
    message = str(caught.value)
    assert message.startswith(f"{packed}: the {NAMES[ext]} data is cut short after line ")
    assert "(the file is truncated: " in message
    last = int(message.split("after line ")[1].split()[0])
    assert 0 < last < 20000


@pytest.mark.parametrize("ext", list(COMPRESS))
def test_a_file_is_read_as_a_stream_up_to_where_it_breaks(tmp_path, ext):
    whole = COMPRESS[ext](_many(20000))
    packed = tmp_path / f"papers.jsonl{ext}"
    packed.write_bytes(whole[: len(whole) // 2])
    records = read_file(packed)
    first = next(records)  # given before the break is reached: nothing is read whole first
    assert (first.id, first.sources[0].line) == ("p1", 1)
    with pytest.raises(CorruptInputError):
        list(records)


@pytest.mark.parametrize("ext", list(COMPRESS))
def test_corrupt_data_stops_the_run_naming_the_file(tmp_path, ext):
    whole = bytearray(COMPRESS[ext](_many(5000)))
    middle = len(whole) // 2
    whole[middle:middle + 16] = bytes(b ^ 0xFF for b in whole[middle:middle + 16])
    packed = tmp_path / f"papers.jsonl{ext}"
    packed.write_bytes(bytes(whole))
    with pytest.raises(CorruptInputError, match=rf"^{packed}: the {NAMES[ext]} data is (corrupt|cut short) after "
                                                r"line \d+ \(.+\)$"):
        read_papers([packed])


@pytest.mark.parametrize("ext", list(COMPRESS))
def test_a_file_that_is_not_what_its_name_says_stops_the_run(data, tmp_path, ext):
    packed = tmp_path / f"papers.jsonl{ext}"
    packed.write_bytes((data / "papers.jsonl").read_bytes())
    with pytest.raises(CorruptInputError, match=rf"^{packed}: is not {NAMES[ext]} data, as its name says \(.+\)$"):
        read_papers([packed])


def test_an_empty_compressed_file_holds_no_record(tmp_path):
    packed = tmp_path / "papers.jsonl.gz"
    packed.write_bytes(gzip.compress(b""))
    result = read_papers([packed])
    assert (result.papers, result.report.totals()["read"], result.report.errors) == ([], 0, {})


def test_zstd_without_a_library_is_an_unreadable_input_naming_the_package(tmp_path):
    pytest.importorskip("kg.ingest.compressed")
    from kg.ingest.compressed import _zstd_opener

    if _zstd_opener() is not None:
        pytest.skip("a zstd library is installed")
    packed = tmp_path / "papers.jsonl.zst"
    packed.write_bytes(b"\x28\xb5\x2f\xfd")
    result = read_papers([packed])
    assert result.report.errors[str(packed)] == (
        f"{packed}: reading zstd (.zst) needs the zstandard package, which is not installed (pip install "
        "zstandard), or decompress it first (zstd -d)")


def test_open_input_gives_a_plain_file_its_own_bytes(data):
    with open_input(data / "papers.csv") as f:
        assert f.read() == (data / "papers.csv").read_bytes()


def test_kg_build_of_a_cut_short_file_exits_2_with_one_line_and_keeps_the_last_build(tmp_path, capsys):
    good = tmp_path / "good.jsonl.gz"
    good.write_bytes(gzip.compress(_many(2)))
    out = tmp_path / "exports"
    assert main(["build", str(good), "--out", str(out), "--outputs", "records,report", "--workers", "1",
                 "-q"]) == status.OK
    before = (out / "records.jsonl").read_bytes()
    cut = tmp_path / "cut.jsonl.xz"
    whole = lzma.compress(_many(5000))
    cut.write_bytes(whole[:-100])
    capsys.readouterr()
    assert main(["build", str(cut), "--out", str(out), "--outputs", "records,report", "--workers", "1"]) == \
        status.ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {cut}: the xz data is cut short after line ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (out / "records.jsonl").read_bytes() == before


def test_kg_extract_of_a_corrupt_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "papers.csv.bz2"
    bad.write_bytes(b"id,title,abstract\n")
    assert main(["extract", str(bad), "--workers", "1", "-o", str(tmp_path / "r.jsonl")]) == status.ERROR
    assert capsys.readouterr().err == f"kg: error: {bad}: is not bzip2 data, as its name says (Invalid data stream)\n"

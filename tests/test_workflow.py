"""kg.build: inputs in, every export out, every record accounted for."""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import jsonschema
import pytest

from kg.workflow import ALL_OUTPUTS, OUTPUT_FILES, BuildError, _build_lock, build, extract
from kg.export.records import read_records
from kg.extract import parallel, pipeline
from kg.extract.parallel import extract_parallel
from kg.ingest import read_papers
from kg.model import Paper

ROOT = Path(__file__).resolve().parent.parent
RECORD_SCHEMA = json.loads((ROOT / "schemas" / "record.schema.json").read_text())


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


PAPERS = [
    {"id": "a1", "title": "RITA: Group Attention is All You Need for Timeseries Analytics",
     "abstract": "We develop RITA, which uses group attention. RITA is up to 63X faster on ImageNet. "
                 "Code: https://github.com/example/rita."},
    {"id": "a2", "title": "Scalable Set Encoding with Universal Mini-Batch Consistency",
     "abstract": "We propose UMBC. Our code is available at github.com/jeffwillette/umbc"},
]


def test_build_writes_every_output(example_build):
    _, out = example_build
    for name in ALL_OUTPUTS:
        path = out / OUTPUT_FILES[name]
        assert path.is_file() and path.stat().st_size > 0, name
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_example_corpus_counts_and_merged_duplicates(example_build):
    kg, out = example_build
    report = json.loads((out / "report.json").read_text())
    assert report["totals"] == {"read": 261, "kept": 251, "merged": 10, "rejected": 0}
    assert kg.graph.graph["papers"] == 251


def test_report_accounts_for_every_record(example_build):
    _, out = example_build
    report = json.loads((out / "report.json").read_text())
    for name, counts in report["files"].items():
        assert counts["read"] == counts["kept"] + counts["merged"] + counts["rejected"], name


def test_every_written_record_matches_the_schema(example_build):
    _, out = example_build
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert len(records) == 251
    for rec in records:
        jsonschema.validate(rec, RECORD_SCHEMA)


def test_entity_offsets_slice_back_to_their_text(example_build):
    _, out = example_build
    for paper in read_records(out / "records.jsonl"):
        for e in paper.entities:
            assert paper.text_of(e.field)[e.start:e.end] == e.text, (paper.id, e)


def test_two_builds_of_the_same_inputs_are_byte_identical(tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    build([inp], tmp_path / "one")
    build([inp], tmp_path / "two")
    for name in ALL_OUTPUTS:
        path = OUTPUT_FILES[name]
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), name


def test_update_equals_a_full_rebuild(tmp_path):
    first = write_jsonl(tmp_path / "first.jsonl", PAPERS[:1])
    second = write_jsonl(tmp_path / "second.jsonl", PAPERS[1:] + PAPERS[:1])
    build([first], tmp_path / "inc", outputs=("records", "json", "nt"))
    build([second], tmp_path / "inc", update=True, outputs=("records", "json", "nt"))
    build([first, second], tmp_path / "full", outputs=("records", "json", "nt"))
    for name in ("records.jsonl", "graph.json", "graph.nt"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def _spy_on_extraction(monkeypatch) -> list[str]:
    """The ids of the papers the pipeline extracts from now on (in this process), in order."""
    import kg.extract.pipeline as pipeline

    seen: list[str] = []
    real = pipeline.extract_papers

    def spy(papers, *args, **kwargs):
        papers = list(papers)
        seen.extend(p.id for p in papers)
        return real(papers, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_papers", spy)
    return seen


def test_update_does_not_re_extract_old_papers(tmp_path, monkeypatch):
    first = write_jsonl(tmp_path / "first.jsonl", PAPERS[:1])
    build([first], tmp_path / "out", outputs=("records",))
    seen = _spy_on_extraction(monkeypatch)
    build([write_jsonl(tmp_path / "second.jsonl", PAPERS[1:])], tmp_path / "out", update=True, outputs=("records",))
    assert seen == ["a2"]
    assert [p.id for p in read_records(tmp_path / "out" / "records.jsonl")] == ["a1", "a2"]


def test_missing_input_is_a_build_error(tmp_path):
    with pytest.raises(BuildError, match="no such file"):
        build([tmp_path / "nope.jsonl"], tmp_path / "out")


def test_a_directory_given_as_input_is_a_build_error(tmp_path):
    with pytest.raises(BuildError, match="is a directory"):
        build([tmp_path], tmp_path / "out")


def test_unwritable_output_folder_is_a_build_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BuildError, match="cannot write"):
        build([write_jsonl(tmp_path / "in.jsonl", PAPERS)], blocker / "out")


def test_a_second_concurrent_build_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with _build_lock(out):
        with pytest.raises(BuildError, match="another kg build"):
            build([write_jsonl(tmp_path / "in.jsonl", PAPERS)], out)


def test_extraction_on_two_workers_equals_one(example_corpus, monkeypatch):
    monkeypatch.setattr(parallel, "POOL_FROM", 0)  # workers for any input, however small
    one = [p.entities for p in extract(read_papers(example_corpus).papers)]
    two = [p.entities for p in extract_parallel(read_papers(example_corpus).papers, workers=2, batch_size=40)]
    assert one == two


def _no_pool(monkeypatch) -> None:
    def refuse(workers: int) -> None:
        raise AssertionError(f"a pool of {workers} workers was started")

    monkeypatch.setattr(parallel, "_start_pool", refuse)


def test_a_small_build_starts_no_workers(tmp_path, monkeypatch):
    _no_pool(monkeypatch)
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    kg = build([inp], tmp_path / "out", outputs=("records", "report"), workers=8)
    assert kg.summary()["papers"] == 2
    papers = [Paper(f"p{i}", "T", "A.") for i in range(parallel.POOL_FROM - 1)]
    assert len(list(extract_parallel(papers, workers=8))) == parallel.POOL_FROM - 1


def test_a_build_with_nothing_to_extract_starts_no_workers_and_no_pipeline(tmp_path, monkeypatch):
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    build([inp], tmp_path / "out", outputs=("records",))
    monkeypatch.setattr(parallel, "POOL_FROM", 0)
    _no_pool(monkeypatch)

    def no_pipeline() -> None:
        raise AssertionError("the pipeline was built")

    monkeypatch.setattr(pipeline, "default_nlp", no_pipeline)
    build([inp], tmp_path / "out", outputs=("records",), workers=2)  # every paper from the cache
    build([], tmp_path / "out", outputs=("records",), update=True, workers=2)  # no new paper
    assert list(extract_parallel([], workers=2)) == []


def test_extract_accepts_paths(tmp_path):
    papers = extract([write_jsonl(tmp_path / "in.jsonl", PAPERS)])
    assert [p.id for p in papers] == ["a1", "a2"]
    assert any(e.norm == "github.com/jeffwillette/umbc" for e in papers[1].entities)


def test_a_rebuild_takes_unchanged_papers_from_the_cache(tmp_path, monkeypatch):
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    build([inp], tmp_path / "out", outputs=("records",))
    seen = _spy_on_extraction(monkeypatch)
    first = (tmp_path / "out" / "records.jsonl").read_bytes()
    build([inp], tmp_path / "out", outputs=("records",))
    assert seen == []
    assert (tmp_path / "out" / "records.jsonl").read_bytes() == first


def test_a_cache_of_another_extractor_version_is_ignored(tmp_path):
    import sqlite3

    from kg.extract.cache import ExtractionCache

    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    build([inp], tmp_path / "out", outputs=("records",))
    cache_file = tmp_path / "out" / ".kg-cache.sqlite"
    assert ExtractionCache(cache_file).fill(read_papers([inp]).papers[0]) is True
    with sqlite3.connect(cache_file) as db:
        db.execute("UPDATE meta SET value = '0000' WHERE name = 'extractor'")
    assert ExtractionCache(cache_file).fill(read_papers([inp]).papers[0]) is False


@pytest.mark.slow
def test_dask_engine_on_a_two_worker_local_cluster_gives_the_same_exports(tmp_path, example_corpus):
    pytest.importorskip("dask.distributed")
    build(example_corpus, tmp_path / "local", outputs=("records", "json", "nt"), cache=False)
    build(example_corpus, tmp_path / "dask", outputs=("records", "json", "nt"), cache=False, engine="dask", workers=2)
    build(example_corpus, tmp_path / "dask-streamed", outputs=("records", "json", "nt"), cache=False, engine="dask",
          workers=2, keep_graph=False)
    for name in ("records.jsonl", "graph.json", "graph.nt"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask-streamed" / name).read_bytes(), name


# --- streamed builds: papers go to the exports batch by batch, only the entity graph stays ------

STREAMED = ("records", "json", "ttl", "nt", "jsonld", "report")


def test_a_streamed_build_writes_the_same_bytes_as_a_build_in_memory(example_build, tmp_path, example_corpus,
                                                                    monkeypatch):
    monkeypatch.setattr(parallel, "POOL_FROM", 0)  # two workers, against the one process of example_build
    kg, out = example_build
    streamed = build(example_corpus, tmp_path / "streamed", outputs=STREAMED, keep_graph=False, workers=2)
    for name in STREAMED:
        path = OUTPUT_FILES[name]
        assert (tmp_path / "streamed" / path).read_bytes() == (out / path).read_bytes(), name
    assert streamed.summary() == kg.summary()


def test_whole_graph_outputs_written_side_by_side_are_the_same_bytes(example_build, tmp_path, example_corpus,
                                                                     monkeypatch):
    from kg.export import side_by_side

    monkeypatch.setattr(parallel, "POOL_FROM", 0)  # forked writers for any input, however small
    forks = []
    monkeypatch.setattr(side_by_side, "can_fork_copies", lambda copies: forks.append(copies) or True)
    _, out = example_build
    outputs = ("html", "graphml", "gexf")
    build(example_corpus, tmp_path / "forked", outputs=outputs, workers=2)
    assert forks == [2]
    for name in outputs:
        path = OUTPUT_FILES[name]
        assert (tmp_path / "forked" / path).read_bytes() == (out / path).read_bytes(), name


def test_rdf_outputs_written_beside_in_a_forked_process_are_the_same_bytes(example_build, tmp_path, example_corpus,
                                                                           monkeypatch):
    from kg.export import side_by_side

    monkeypatch.setattr(parallel, "POOL_FROM", 0)  # a process beside for any input, however small
    forked = []
    real = side_by_side.Forked
    monkeypatch.setattr(side_by_side, "Forked", lambda name, job: forked.append(name) or real(name, job))
    _, out = example_build
    build(example_corpus, tmp_path / "beside", outputs=STREAMED, keep_graph=False, workers=2)
    assert forked == ["graph.ttl, graph.nt, graph.jsonld"]  # records and graph.json are written here
    for name in STREAMED:
        path = OUTPUT_FILES[name]
        assert (tmp_path / "beside" / path).read_bytes() == (out / path).read_bytes(), name


def test_a_writer_failing_beside_fails_the_build_and_keeps_the_previous_exports(tmp_path, example_corpus,
                                                                                monkeypatch):
    from kg import workflow

    monkeypatch.setattr(parallel, "POOL_FROM", 0)
    build(example_corpus, tmp_path / "out", outputs=("records", "nt"), workers=1)
    before = (tmp_path / "out" / "graph.nt").read_bytes()

    def full_disk(attrs, blocks, path):
        list(blocks)
        raise OSError(errno.ENOSPC, "No space left on device")

    def broken(self, name):
        return full_disk if name == "nt" else real(self, name)

    real = workflow.BuildOptions.writer
    monkeypatch.setattr(workflow.BuildOptions, "writer", broken)
    with pytest.raises((BuildError, OSError), match="space"):
        build(example_corpus, tmp_path / "out", outputs=("records", "nt"), workers=2)
    assert (tmp_path / "out" / "graph.nt").read_bytes() == before


def test_a_streamed_build_keeps_only_the_entity_graph(tmp_path):
    kg = build([write_jsonl(tmp_path / "in.jsonl", PAPERS)], tmp_path / "out", outputs=("nt",), keep_graph=False)
    assert kg.summary()["papers"] == 2
    assert {t for _, t in kg.graph.nodes(data="type")} <= {"method", "dataset", "repository", "hardware", "topic"}
    assert kg.graph.has_node("repo:github.com/jeffwillette/umbc")


def test_a_streamed_update_equals_a_full_rebuild(tmp_path):
    first = write_jsonl(tmp_path / "first.jsonl", PAPERS[:1])
    second = write_jsonl(tmp_path / "second.jsonl", PAPERS[1:] + PAPERS[:1])
    build([first], tmp_path / "inc", outputs=("records", "json", "nt"), keep_graph=False)
    build([second], tmp_path / "inc", update=True, outputs=("records", "json", "nt"), keep_graph=False)
    build([first, second], tmp_path / "full", outputs=("records", "json", "nt"))
    for name in ("records.jsonl", "graph.json", "graph.nt"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_a_streamed_build_takes_cached_papers_from_the_cache(tmp_path, monkeypatch):
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    seen = _spy_on_extraction(monkeypatch)
    build([inp], tmp_path / "out", outputs=("records",), keep_graph=False, workers=1)
    first = (tmp_path / "out" / "records.jsonl").read_bytes()
    assert seen == ["a1", "a2"]
    build([write_jsonl(tmp_path / "more.jsonl", [{"id": "a3", "title": "T3", "abstract": "We use Adam."}]), inp],
          tmp_path / "out", outputs=("records",), keep_graph=False, workers=1)
    assert seen == ["a1", "a2", "a3"]
    assert (tmp_path / "out" / "records.jsonl").read_bytes().startswith(first)


@pytest.mark.parametrize("output", ["html", "graphml", "gexf"])
def test_outputs_that_need_the_whole_graph_cannot_be_streamed(output, tmp_path):
    with pytest.raises(BuildError, match=f"{output} need the whole graph"):
        build([write_jsonl(tmp_path / "in.jsonl", PAPERS)], tmp_path / "out", outputs=(output,), keep_graph=False)


def _files(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (a link as its target), the cache and the lock aside."""
    found = {}
    for folder, dirs, files in os.walk(out):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(out).as_posix()
            if path.is_symlink():
                found[rel] = b"-> " + os.readlink(path).encode()
            elif path.is_file() and rel not in (".kg-cache.sqlite", ".kg.lock"):
                found[rel] = path.read_bytes()
    return found


def test_a_streamed_build_that_fails_midway_leaves_the_previous_exports_and_no_temporary_files(tmp_path, monkeypatch):
    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    build([inp], tmp_path / "out", outputs=STREAMED, keep_graph=False)
    before = _files(tmp_path / "out")
    import kg.graph.build as graph_build

    def fail(self, paper, G):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(graph_build.GraphBuilder, "add", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build([inp, write_jsonl(tmp_path / "more.jsonl", [{"id": "a3", "title": "T", "abstract": "A."}])],
              tmp_path / "out", outputs=STREAMED, keep_graph=False)
    assert _files(tmp_path / "out") == before  # every export as it was, and no temporary file or folder


def test_a_writer_that_fails_stops_a_streamed_build_with_its_error(tmp_path, monkeypatch):
    import kg.export.rdf as rdf

    def broken(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(rdf, "write_rdf_blocks", broken)
    with pytest.raises(OSError, match="no space left"):
        build([write_jsonl(tmp_path / "in.jsonl", PAPERS)], tmp_path / "out", outputs=("records", "nt"),
              keep_graph=False)
    assert not (tmp_path / "out" / "records.jsonl").exists()
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("where, recorded", [
    ("elsewhere", "papers.jsonl"),          # outside the working directory: the file name alone
    ("cwd/data", "data/papers.jsonl"),      # below it: the path relative to it
])
def test_sources_name_inputs_without_the_directory_layout_of_the_machine(where, recorded, tmp_path, monkeypatch):
    import rdflib

    cwd = tmp_path / "cwd"
    folder = tmp_path / where
    folder.mkdir(parents=True)
    cwd.mkdir(exist_ok=True)
    src = write_jsonl(folder / "papers.jsonl", PAPERS)
    monkeypatch.chdir(cwd)
    for given in (src, Path("..") / where / "papers.jsonl"):  # absolute and relative, as typed
        build([given], tmp_path / "out", outputs=("records", "json", "nt"), cache=False)
        sources = {str(o) for o in rdflib.Graph().parse(tmp_path / "out" / "graph.nt", format="nt").objects(
            None, rdflib.URIRef("http://purl.org/dc/terms/source"))}
        assert sources == {f"{recorded}:1", f"{recorded}:2"}
        assert {s.file for p in read_records(tmp_path / "out" / "records.jsonl") for s in p.sources} == {recorded}
        text = "".join((tmp_path / "out" / name).read_text() for name in ("graph.nt", "graph.json", "records.jsonl"))
        assert str(tmp_path) not in text


def test_a_build_times_each_of_its_stages(tmp_path):
    from kg.timings import Timings

    inp = write_jsonl(tmp_path / "in.jsonl", PAPERS)
    for keep, outputs in ((True, ("records", "graphml", "report")), (False, ("records", "nt", "report"))):
        timings = Timings()
        build([inp], tmp_path / f"out-{keep}", outputs=outputs, keep_graph=keep, cache=False, timings=timings)
        stages = timings.as_dict()
        assert {"read", "extract", "graph", "publish", *(f"write {OUTPUT_FILES[o]}" for o in outputs)} <= set(stages)
        assert all(t["wall_s"] >= 0 and t["cpu_s"] >= 0 and t["calls"] >= 1 for t in stages.values())

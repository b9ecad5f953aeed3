"""A damaged extraction cache is never believed and never fatal (issue 19, item 15).

Before: 64 random bytes written into the middle of ``.kg-cache.sqlite`` (its header intact) made
every later build fail with ``sqlite3.OperationalError: Could not decode to UTF-8 column
'entities'`` until the user found ``--no-cache``; 4 changed bytes inside a cached sentence passed
into 7 exports unnoticed; a bad JSON row, a row of the wrong shape, or a cache path that is a
directory each ended in a traceback. Now each cached entry is checked (a checksum of its key, the
extractor fingerprint and its data; then its JSON and shape), what fails is dropped and extracted
again, a file SQLite cannot read is replaced, and the build says so in one warning. In every case
the exports are those of a build without a cache.
"""
from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.extract.cache import entry_checksum
from kg.workflow import CACHE_FILE, OUTPUT_FILES, build

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "tests" / "data" / "ingest" / "papers.jsonl", ROOT / "tests" / "data" / "hardening" / "hostile.jsonl"]
OUTPUTS = ("records", "json", "nt", "report")


def _exports(out: Path) -> dict[str, bytes]:
    files = {OUTPUT_FILES[o]: (out / OUTPUT_FILES[o]).read_bytes() for o in OUTPUTS}
    report = json.loads(files.pop("report.json"))
    files["warnings"] = json.dumps(report.pop("warnings", [])).encode()
    files["report.json"] = json.dumps(report, sort_keys=True).encode()
    return files


@pytest.fixture(scope="module")
def clean(tmp_path_factory, warm_nlp) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean") / "out"
    build(INPUTS, out, outputs=OUTPUTS, workers=1, cache=False)
    return _exports(out)


@pytest.fixture
def cached(tmp_path, warm_nlp) -> Path:
    """An output folder whose cache holds every paper of INPUTS."""
    out = tmp_path / "out"
    build(INPUTS, out, outputs=OUTPUTS, workers=1)
    return out


def _rebuild(out: Path) -> tuple[dict[str, bytes], list[str]]:
    build(INPUTS, out, outputs=OUTPUTS, workers=1)
    exports = _exports(out)
    return exports, json.loads(exports.pop("warnings"))


def _without_warnings(exports: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in exports.items() if k != "warnings"}


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_random_bytes_in_the_middle_of_the_file(cached, clean, where):
    cache = cached / CACHE_FILE
    data = bytearray(cache.read_bytes())
    at = max(100, int(len(data) * where))  # the 100-byte header intact
    data[at:at + 64] = random.Random(at).randbytes(64)
    cache.write_bytes(bytes(data))
    exports, warnings = _rebuild(cached)
    assert exports == _without_warnings(clean)
    # one warning when the bytes hit an entry or the file's structure; none in unused space
    assert len(warnings) <= 1 and all(str(cache) in w for w in warnings)


def test_four_changed_bytes_in_a_cached_sentence(cached, clean):
    cache = cached / CACHE_FILE
    data = cache.read_bytes()
    at = data.index(b"FlashAttention trains Transformers faster than existing baselines") + 21
    cache.write_bytes(data[:at] + b"XXXX" + data[at + 4:])  # "...Transformers faXXXX than..."
    exports, warnings = _rebuild(cached)
    assert exports == _without_warnings(clean)
    assert warnings == [f"{cache}: 1 cached entries failed their check (damaged); they were dropped and "
                        "their papers extracted again"]


@pytest.mark.parametrize("row", [b"not JSON at all", b'{"a": "dict, not a list"}', b"[1, 2, 3]", b"\xff\xfe\x00"])
def test_a_row_that_is_not_a_list_of_entities_even_with_a_right_checksum(cached, clean, row):
    cache = cached / CACHE_FILE
    with sqlite3.connect(cache) as db:
        key = db.execute("SELECT key FROM entries LIMIT 1").fetchone()[0]
        db.execute("UPDATE entries SET entities = ?, checksum = ? WHERE key = ?", (row, entry_checksum(key, row), key))
    exports, warnings = _rebuild(cached)
    assert exports == _without_warnings(clean)
    assert warnings == [f"{cache}: 1 cached entries failed their check (damaged); they were dropped and "
                        "their papers extracted again"]


def test_a_cache_path_that_is_a_directory(tmp_path, clean, capsys, warm_nlp):
    out = tmp_path / "out"
    (out / CACHE_FILE).mkdir(parents=True)
    status = main(["build", *map(str, INPUTS), "--out", str(out), "--outputs", ",".join(OUTPUTS), "--workers", "1"])
    warning = f"{out / CACHE_FILE}: is a directory, not an extraction cache; building without the cache"
    assert status == 0 and f"kg: warning: {warning}\n" in capsys.readouterr().err
    exports = _exports(out)
    assert json.loads(exports.pop("warnings")) == [warning]
    assert exports == _without_warnings(clean)
    assert (out / CACHE_FILE).is_dir()


def test_a_file_that_is_not_a_database(cached, clean):
    cache = cached / CACHE_FILE
    cache.write_bytes(b"just text, not SQLite\n" * 100)
    exports, warnings = _rebuild(cached)
    assert exports == _without_warnings(clean)
    assert len(warnings) == 1 and "replaced by an empty one" in warnings[0]
    exports, warnings = _rebuild(cached)  # the new cache serves the next build, silently
    assert warnings == []


def test_a_cache_of_the_previous_layout_is_emptied_silently(cached, clean):
    cache = cached / CACHE_FILE
    with sqlite3.connect(cache) as db:
        db.execute("DROP TABLE entries")
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, entities TEXT)")
        db.execute("INSERT INTO entries VALUES ('k', '[]')")
        db.execute("DELETE FROM meta WHERE name = 'layout'")
    exports, warnings = _rebuild(cached)
    assert exports == _without_warnings(clean) and warnings == []

"""The streaming JSON walker: every accepted shape, any chunk size, the right lines."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import json_stream
from kg.ingest.json_stream import iter_json_items, iter_records

RECORDS = [{"title": "A \"quoted\" {brace} [bracket] \\ back", "n": [1, {"k": "]"}]}, {"title": "B"}, {"title": "C"}]


def items(path):
    return [(i.line, i.value, i.error) for i in iter_json_items(path)]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (json.dumps(RECORDS, indent=1), [2, 11, 14]),
        (json.dumps({"meta": {"n": 3}, "results": RECORDS}, indent=1), [6, 15, 18]),
        ("\n".join(json.dumps(r) for r in RECORDS), [1, 2, 3]),
        (" ".join(json.dumps(r) for r in RECORDS), [1, 1, 1]),
    ],
    ids=["array", "api-page", "json-lines", "concatenated"],
)
def test_shapes(tmp_path, text, lines):
    path = tmp_path / "in.json"
    path.write_text(text)
    assert items(path) == [(line, r, None) for line, r in zip(lines, RECORDS)]


def test_a_single_object_is_one_record(tmp_path):
    path = tmp_path / "in.json"
    path.write_text('\n{"title": "T", "papers": "not a list"}\n')
    assert items(path) == [(2, {"title": "T", "papers": "not a list"}, None)]


def test_bytes_that_are_not_utf8_cost_their_record(tmp_path):
    path = tmp_path / "in.json"
    path.write_bytes(b'[\n{"a": 1},\n{"a": "caf\xe9"},\n{"a": 3}\n]')
    assert items(path) == [(2, {"a": 1}, None), (3, None, "not UTF-8 (byte 0xe9)"), (4, {"a": 3}, None)]


def test_garbage_between_records_is_reported_and_skipped(tmp_path):
    path = tmp_path / "in.json"
    path.write_text('{"a": 1}\noops\n{"a": 2}\n')
    assert items(path) == [(1, {"a": 1}, None), (2, None, "expected a JSON object or array, found 'o'"),
                           (3, {"a": 2}, None)]


def test_json_lines_are_read_line_by_line(tmp_path):
    # a line cut short must not swallow the lines after it
    path = tmp_path / "works.json"
    path.write_text('{"a": 1}\n{"a": {"b": 2}\n{"a": 3}\n')
    got = [(i.line, i.value) for i in iter_records(path)]
    assert got == [(1, {"a": 1}), (2, None), (3, {"a": 3})]


@settings(max_examples=40, deadline=None)
@given(
    records=st.lists(
        st.dictionaries(st.sampled_from(["title", "abstract", "x"]), st.text(max_size=12) | st.integers(), max_size=3),
        max_size=6,
    ),
    chunk=st.integers(min_value=1, max_value=16),
    indent=st.sampled_from([None, 0, 2]),
)
def test_any_chunk_size_gives_the_same_records_and_lines(tmp_path_factory, records, chunk, indent):
    path = tmp_path_factory.mktemp("js") / "in.json"
    text = json.dumps(records, indent=indent, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    saved = json_stream.CHUNK_SIZE
    json_stream.CHUNK_SIZE = chunk
    try:
        got = list(iter_json_items(path))
    finally:
        json_stream.CHUNK_SIZE = saved
    assert [i.value for i in got] == records
    # each record starts on the line where its opening brace is
    starts = [text.count("\n", 0, pos) + 1 for pos in _element_starts(text)]
    assert [i.line for i in got] == starts


def _element_starts(text: str) -> list[int]:
    decoder, out, i = json.JSONDecoder(), [], text.index("[") + 1
    while True:
        while text[i] in " \n,":
            i += 1
        if text[i] == "]":
            return out
        out.append(i)
        _, i = decoder.raw_decode(text, i)

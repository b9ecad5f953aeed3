"""Feed: a writer that pulls its items runs in a thread while the build pushes batches to it."""
from __future__ import annotations

import pytest

from kg.export.atomic import atomic_write
from kg.export.feed import Feed


def _writer(path):
    def write(items):
        with atomic_write(path) as f:
            n = 0
            for item in items:
                f.write(f"{item}\n")
                n += 1
            return n
    return write


def test_items_arrive_in_order_and_close_returns_what_the_writer_returns(tmp_path):
    feed = Feed(_writer(tmp_path / "out.txt"))
    for i in range(100):
        feed.send(range(i * 10, i * 10 + 10))
    assert feed.close() == 1000
    assert (tmp_path / "out.txt").read_text().split() == [str(i) for i in range(1000)]


def test_an_aborted_feed_leaves_neither_the_file_nor_its_temporary(tmp_path):
    feed = Feed(_writer(tmp_path / "out.txt"))
    feed.send(["half", "written"])
    feed.abort()
    assert list(tmp_path.iterdir()) == []


def test_the_writers_error_reaches_the_build_at_close_or_the_next_send():
    def failing(items):
        for item in items:
            if item == 3:
                raise ValueError("bad item 3")

    feed = Feed(failing, maxsize=1)
    with pytest.raises(ValueError, match="bad item 3"):
        for i in range(1000):
            feed.send([i])
        feed.close()

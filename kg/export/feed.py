"""Push items into a writer that pulls them: the writer runs in a thread and reads a queue.

The exports' writers consume an iterable (``write_records(papers, path)``, pyoxigraph's Turtle
serializer...). A streaming build produces items batch by batch and has several writers to feed
at once; a :class:`Feed` runs each writer in its own thread on an iterator over what the build
sends, so every writer keeps its simple pull form. A writer's error comes back to the build at
the next :meth:`Feed.send` or at :meth:`Feed.close`; :meth:`Feed.abort` makes the writer's input
raise, so an atomic writer drops its temporary file.

Examples
--------
>>> feed = Feed(lambda items: sum(items))
>>> feed.send([1, 2]); feed.send([3])
>>> feed.close()
6
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["Feed", "FeedAborted"]

T = TypeVar("T")
_END = object()
_ABORT = object()


class FeedAborted(Exception):
    """Raised inside a writer whose feed was aborted."""


class Feed(Generic[T]):
    """A writer ``consume(items)`` running in a thread, fed with :meth:`send` (batches of items)."""

    def __init__(self, consume: Callable[[Iterator[T]], Any], *, maxsize: int = 8) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize)
        self._result: Any = None
        self._error: BaseException | None = None
        self.cpu_seconds = 0.0  # CPU time of the writer's thread (GIL shared with the build)
        self.wall_seconds = 0.0  # from the writer's start to its end, waiting for input included
        self._thread = threading.Thread(target=self._run, args=(consume,), daemon=True)
        self._thread.start()

    def _items(self) -> Iterator[T]:
        while True:
            batch = self._queue.get()
            if batch is _END:
                return
            if batch is _ABORT:
                raise FeedAborted("the build feeding this writer stopped")
            yield from batch

    def _run(self, consume: Callable[[Iterator[T]], Any]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            self._result = consume(self._items())
        except BaseException as exc:  # handed to the feeding thread
            self._error = exc
        finally:
            self.cpu_seconds, self.wall_seconds = time.thread_time() - cpu, time.perf_counter() - wall

    def _put(self, item: Any) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        self._raise()

    def _raise(self) -> None:
        if self._error is not None and not isinstance(self._error, FeedAborted):
            raise self._error

    def send(self, batch: Iterable[T]) -> None:
        """Hand a batch of items to the writer (blocks while the writer is several batches behind)."""
        self._raise()
        self._put(list(batch))

    def close(self) -> Any:
        """End the input, wait for the writer and return what it returned (or raise its error)."""
        self._put(_END)
        self._thread.join()
        self._raise()
        return self._result

    def abort(self) -> None:
        """Stop the writer with :class:`FeedAborted` raised from its input; waits for it."""
        if self._thread.is_alive():
            self._put(_ABORT)
        self._thread.join()

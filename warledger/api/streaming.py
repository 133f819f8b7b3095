"""Stream what a file-writing exporter writes, chunk by chunk, as an HTTP response body.

The exporters of ``warledger.export`` write to a file object. Here the writer runs in a
worker thread against a file object whose ``write`` hands chunks through a bounded queue
to the response, so a large export never sits in memory whole and a slow client slows
the writer down instead of filling memory.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

_DONE = object()


class QueueFile:
    """A write-only binary file object that passes ~64 KB chunks to a bounded queue."""

    def __init__(self, q: queue.Queue[Any], chunk_size: int = 64 * 1024) -> None:
        self._q = q
        self._buffer = bytearray()
        self._chunk_size = chunk_size
        self._position = 0
        self.closed = False
        self.cancelled = threading.Event()

    # the parts of the io.RawIOBase interface that csv, json and pyarrow writers use
    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._position

    def write(self, data: bytes | bytearray | memoryview | str) -> int:
        if self.cancelled.is_set():
            raise BrokenPipeError("the client went away")
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self._buffer += raw
        self._position += len(raw)
        if len(self._buffer) >= self._chunk_size:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._put(bytes(self._buffer))
            self._buffer.clear()

    def close(self) -> None:
        if not self.closed:
            self.flush()
            self.closed = True

    def _put(self, item: Any) -> None:
        while not self.cancelled.is_set():
            try:
                self._q.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")


def stream_writer(write: Callable[[QueueFile], Any], max_chunks: int = 16) -> Iterator[bytes]:
    """Run ``write(file)`` in a thread and yield the bytes it writes, as they come."""
    q: queue.Queue[Any] = queue.Queue(maxsize=max_chunks)
    out = QueueFile(q)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            write(out)
            out.close()
        except BrokenPipeError:
            return
        except BaseException as exc:  # reported to the response side below
            failure.append(exc)
        finally:
            try:
                q.put(_DONE, timeout=5)
            except queue.Full:
                pass

    worker = threading.Thread(target=run, name="warledger-export", daemon=True)
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                break
            yield item
        if failure:
            raise failure[0]
    finally:
        out.cancelled.set()
        worker.join(timeout=5)

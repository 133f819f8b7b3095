"""Extraction of many documents on Dask: a LocalCluster by default, an existing cluster by address.

``process_documents`` is the one entry point. Documents are grouped into batches (one Dask task
per batch: a task costs ~1.5 ms of scheduler time, an article ~10-100 ms of extraction), only a
bounded window of batches is in flight, and results come back **in input order**, so the caller
can store them with a single writer (SQLite is never written concurrently) and a run with N
workers stores exactly what an in-process run stores, in the same order (linking depends on it).

Faults:

* a document the pipeline cannot use (``ValueError``) or that crashes it comes back as an
  ``IngestError`` naming it; the rest of its batch is processed;
* a worker that dies mid-batch: the scheduler reschedules the batch on another worker; when the
  batch keeps killing workers (``allowed_failures``), it is split and each of its documents becomes
  a *suspect*, retried alone, **one suspect at a time** (up to ``SINGLE_DOCUMENT_ATTEMPTS`` times),
  so only the document that really kills a worker is reported (as an ``IngestError`` saying it was
  not processed); a re-run can process just those. Suspects run one at a time because every task
  on a dying worker fails with it: two suspects on one worker would die together on every attempt,
  and the innocent one would be reported with the killer.

Workers import ``warledger.pipeline`` once per process; the pipeline caches its spaCy model and
gazetteer, so a worker loads them once, not per batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from warledger.model import ArticleResult, IngestError, RawDocument

Item = RawDocument | IngestError
Result = ArticleResult | IngestError
# the per-document function; None means warledger.pipeline.process_document (imported in the worker)
ProcessFn = Callable[..., ArticleResult]

DEFAULT_BATCH_SIZE = 32
DEFAULT_RETRIES = 1  # for exceptions escaping a batch task (worker deaths are handled by the scheduler)
DEFAULT_ALLOWED_FAILURES = 2  # worker deaths one batch may cause before it is split (LocalCluster only)
# a suspect document (alone in its task) is tried this many times: a batch that kills a worker also takes down
# the other tasks on that worker, so a suspect can still fail once or twice through no fault of its own
SINGLE_DOCUMENT_ATTEMPTS = 3
# waiting for results with no worker in the cluster this long means it will not come back (all nannies gone)
NO_WORKER_TIMEOUT = 120.0
# the LocalCluster hard-closes a worker's nanny when the worker is still missing this long after it died
# (meant for job-queue clusters); a document that keeps killing workers can hit that moment during a restart
# and the cluster would lose the worker for good, so the LocalCluster leaves restarts to the nannies
LOCAL_LOST_WORKER_TIMEOUT = "3600s"
_NOISY_LOGGERS = ("distributed", "distributed.client", "distributed.nanny", "distributed.scheduler",
                  "distributed.worker", "distributed.core", "distributed.comm", "tornado")


class RunnerError(ValueError):
    """The cluster could not be started or reached; the message is one line."""


def process_batch(items: list[Item], published: dt.date | None = None,
                  process: ProcessFn | None = None) -> list[Result]:
    """Run one batch in the current process; one bad document never stops the batch.

    This is the Dask task body. ``IngestError`` inputs pass through so that results keep
    the order of the input.
    """
    if process is None:
        # the default: one spaCy batch over the batch's articles (~40% less NLP time than one by one)
        from warledger.pipeline import process_documents_batch

        docs = [item for item in items if not isinstance(item, IngestError)]
        try:
            processed = iter(process_documents_batch(docs, published=published))
        except Exception:  # a bug in the batch path: each document alone, as process_document runs it
            from warledger.pipeline import process_document

            return _process_each(items, published, process_document)
        return [item if isinstance(item, IngestError) else _as_result(item, next(processed)) for item in items]
    return _process_each(items, published, process)


def _process_each(items: list[Item], published: dt.date | None, process: ProcessFn) -> list[Result]:
    results: list[Result] = []
    for item in items:
        if isinstance(item, IngestError):
            results.append(item)
            continue
        try:
            results.append(process(item, published=published))
        except Exception as exc:
            results.append(_as_result(item, exc))
    return results


def _as_result(item: RawDocument, outcome: ArticleResult | Exception) -> Result:
    """A document's result, or the ``IngestError`` naming it when processing raised ``outcome``."""
    if isinstance(outcome, ValueError):
        return IngestError(item.source, _one_line(outcome) or "no usable article")
    if isinstance(outcome, Exception):  # a bug on one article must not cost the other articles of the batch
        return IngestError(item.source, f"extraction failed ({type(outcome).__name__}: {_one_line(outcome)})")
    return outcome


def process_documents(docs: Iterable[Item], workers: int = 0, scheduler: str | None = None,
                      batch_size: int = DEFAULT_BATCH_SIZE, *, published: dt.date | None = None,
                      max_in_flight: int | None = None, retries: int = DEFAULT_RETRIES,
                      allowed_failures: int = DEFAULT_ALLOWED_FAILURES,
                      process: ProcessFn | None = None) -> Iterator[Result]:
    """Clean, extract and geocode every document; yield an ``ArticleResult`` or ``IngestError`` each, in input order.

    * ``workers`` 0 or 1 and no ``scheduler``: in this process, one document at a time;
    * ``workers`` >= 2: a ``dask.distributed.LocalCluster`` of that many single-threaded worker
      processes on 127.0.0.1 (no dashboard), started here and shut down when the iterator ends;
    * ``scheduler="tcp://host:8786"``: an existing cluster (its workers need warledger installed).

    ``docs`` is read lazily: at most ``max_in_flight`` batches (default: three per worker) are
    submitted or waiting to be yielded at any time, so memory stays flat on inputs of any size.
    ``IngestError`` items in ``docs`` are passed through in place. Raises ``RunnerError`` when
    the cluster cannot be started or reached.
    """
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, not {batch_size}")
    if scheduler is None and workers <= 1:
        for item in docs:
            yield from process_batch([item], published, process)
        return
    with _dask_client(workers, scheduler, allowed_failures) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = max_in_flight or max(4, 3 * n_workers)
        yield from _OrderedBatches(client, docs, batch_size, window, published, process, retries).run()


@dataclass
class _Slot:
    """One input batch: its items and the results gathered so far (parts may finish separately)."""

    items: list[Item]
    results: list[Result | None] = field(default_factory=list)
    remaining: int = 0

    def __post_init__(self) -> None:
        self.results = [None] * len(self.items)
        self.remaining = len(self.items)


class _OrderedBatches:
    """Submit batches through a bounded window and yield their results in input order."""

    def __init__(self, client: Any, docs: Iterable[Item], batch_size: int, window: int,
                 published: dt.date | None, process: ProcessFn | None, retries: int) -> None:
        from dask.distributed import as_completed

        self.client = client
        self.batches = _batched(iter(docs), batch_size)
        self.window = window
        self.published = published
        self.process = process
        self.retries = retries
        self.slots: dict[int, _Slot] = {}
        # future -> (slot, start, items, attempt); attempt 0 is a batch, 1.. a suspect document's attempts
        self.parts: dict[Any, tuple[int, int, list[Item], int]] = {}
        self.suspects: deque[tuple[int, int, Item, int]] = deque()  # (slot, position, item, attempt) waiting to run
        self.suspect_running = False  # at most one suspect in flight (see the module docstring)
        self.completed = as_completed(loop=client.loop)
        self.next_slot = 0
        self.next_yield = 0
        self.exhausted = False

    def run(self) -> Iterator[Result]:
        try:
            while True:
                self._fill()
                if not self.slots:
                    return
                yield from self._ready()
                if self.slots and self.parts:
                    self._collect(self._next_done())
        finally:
            for future in list(self.parts):
                future.cancel()
            self.parts.clear()

    def _next_done(self) -> Any:
        """The next finished part; ``RunnerError`` when the cluster has had no worker for ``NO_WORKER_TIMEOUT``."""
        no_worker_since = None
        next_check = time.monotonic() + 1.0
        while not self.completed.has_ready():
            time.sleep(0.02)
            if time.monotonic() < next_check:
                continue
            next_check = time.monotonic() + 1.0  # asking the scheduler costs a round trip: once a second
            if self.client.scheduler_info().get("workers"):
                no_worker_since = None
            elif no_worker_since is None:
                no_worker_since = time.monotonic()
            elif time.monotonic() - no_worker_since > NO_WORKER_TIMEOUT:
                raise RunnerError(f"the Dask cluster has had no worker for {NO_WORKER_TIMEOUT:.0f} s; "
                                  f"{sum(s.remaining for s in self.slots.values())} documents were not processed")
        return next(self.completed)

    def _fill(self) -> None:
        while not self.exhausted and len(self.slots) < self.window:
            batch = next(self.batches, None)
            if batch is None:
                self.exhausted = True
                return
            slot = _Slot(batch)
            self.slots[self.next_slot] = slot
            self._submit(self.next_slot, 0, batch)
            self.next_slot += 1

    def _submit(self, slot: int, start: int, items: list[Item], attempt: int = 0) -> None:
        future = self.client.submit(process_batch, items, self.published, self.process,
                                    retries=self.retries, pure=False)
        self.parts[future] = (slot, start, items, attempt)
        self.completed.add(future)

    def _collect(self, future: Any) -> None:
        slot_no, start, items, attempt = self.parts.pop(future)
        slot = self.slots[slot_no]
        if attempt:
            self.suspect_running = False
        try:
            results = future.result()
        except Exception as exc:  # KilledWorker, lost connection, task error after retries
            if not attempt:
                # a batch failed: find out which document is to blame by trying each one alone
                self.suspects.extend((slot_no, start + offset, item, 1) for offset, item in enumerate(items))
                return
            if attempt < SINGLE_DOCUMENT_ATTEMPTS:
                self.suspects.appendleft((slot_no, start, items[0], attempt + 1))
                return
            results = [_not_processed(items[0], exc)]
        finally:
            future.release()
            self._run_next_suspect()
        slot.results[start:start + len(results)] = results
        slot.remaining -= len(results)

    def _run_next_suspect(self) -> None:
        if self.suspects and not self.suspect_running:
            slot_no, position, item, attempt = self.suspects.popleft()
            self._submit(slot_no, position, [item], attempt)
            self.suspect_running = True

    def _ready(self) -> Iterator[Result]:
        while self.next_yield in self.slots and self.slots[self.next_yield].remaining == 0:
            slot = self.slots.pop(self.next_yield)
            self.next_yield += 1
            for result in slot.results:
                assert result is not None
                yield result


def _not_processed(item: Item, exc: BaseException) -> IngestError:
    if isinstance(item, IngestError):
        return item
    if type(exc).__name__ == "KilledWorker":
        return IngestError(item.source, "not processed: it killed the worker process on every attempt")
    return IngestError(item.source, f"not processed: the worker failed on it ({type(exc).__name__}: {_one_line(exc)})")


def _batched(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(items, size)):
        yield batch


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


@contextmanager
def _dask_client(workers: int, scheduler: str | None, allowed_failures: int) -> Iterator[Any]:
    """A Client on a new LocalCluster (``workers`` processes) or on the cluster at ``scheduler``."""
    import dask
    from dask.distributed import Client, LocalCluster

    saved_levels = {name: logging.getLogger(name).level for name in _NOISY_LOGGERS}
    for name in _NOISY_LOGGERS:
        # worker restarts are reported per document by the runner; Dask's own warnings would only repeat them
        logging.getLogger(name).setLevel(logging.CRITICAL)
    cluster = None
    client = None
    config = ExitStack()
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s", set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise RunnerError(f"cannot reach Dask scheduler {scheduler}: {_one_line(exc)}") from None
        else:
            # kept for the cluster's whole life: the lost-worker timeout is read when a worker dies
            config.enter_context(dask.config.set({"distributed.deploy.lost-worker-timeout": LOCAL_LOST_WORKER_TIMEOUT}))
            with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures}):
                try:
                    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None,
                                           # no dashboard; its small HTTP endpoint on any free loopback port
                                           scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                           silence_logs=logging.CRITICAL)
                except Exception as exc:
                    raise RunnerError(f"cannot start a local Dask cluster: {_one_line(exc)}") from None
            client = Client(cluster, set_as_default=False)
        yield client
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        config.close()
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)

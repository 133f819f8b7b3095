"""The Dask runner on a real LocalCluster: same results as in-process, faults reported per document."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import pytest

from warledger.contract import article_result_to_dict
from warledger.ingest import read_inputs
from warledger.model import Article, ArticleResult, IngestError, RawDocument
from warledger.paths import sample_corpus_dir
from warledger.scale.dask_runner import RunnerError, process_batch, process_documents

# the fault-injecting functions below must reach the worker processes by value (workers cannot import tests/)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

NAV_ONLY_PAGE = (
    "<html><head><title>Regional news</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
    "<footer>Copyright 2026 Regional News Network</footer></body></html>"
)


def _sample_docs() -> list[RawDocument | IngestError]:
    docs = list(read_inputs([str(sample_corpus_dir())]))
    assert len(docs) > 40 and all(isinstance(d, RawDocument) for d in docs)
    middle = len(docs) // 2
    docs.insert(middle, RawDocument(source="navigation-only.html", text=NAV_ONLY_PAGE, format="html"))
    docs.insert(middle + 3, IngestError("missing.txt", "no such file or directory"))
    return docs


def _as_comparable(items: list[ArticleResult | IngestError]) -> list[object]:
    return [str(i) if isinstance(i, IngestError) else article_result_to_dict(i, with_text=True) for i in items]


@pytest.fixture(scope="module")
def sample_docs() -> list[RawDocument | IngestError]:
    return _sample_docs()


@pytest.fixture(scope="module")
def in_process(sample_docs: list[RawDocument | IngestError]) -> list[ArticleResult | IngestError]:
    return list(process_documents(sample_docs, workers=0))


def test_in_process_run_reports_the_unusable_page_and_passes_read_errors_through(
        sample_docs: list[RawDocument | IngestError], in_process: list[ArticleResult | IngestError]) -> None:
    assert len(in_process) == len(sample_docs)
    errors = [r for r in in_process if isinstance(r, IngestError)]
    assert [e.source for e in errors] == ["navigation-only.html", "missing.txt"]
    assert "no article body" in errors[0].message
    assert sum(len(r.events) for r in in_process if isinstance(r, ArticleResult)) > 50


@pytest.mark.slow
def test_local_cluster_gives_the_in_process_results_in_input_order(
        sample_docs: list[RawDocument | IngestError], in_process: list[ArticleResult | IngestError]) -> None:
    on_cluster = list(process_documents(sample_docs, workers=2, batch_size=7))
    assert [getattr(r, "source", None) or r.article.source for r in on_cluster] == [  # type: ignore[union-attr]
        getattr(r, "source", None) or r.article.source for r in in_process  # type: ignore[union-attr]
    ]
    assert _as_comparable(on_cluster) == _as_comparable(in_process)


@pytest.mark.slow
def test_existing_cluster_by_scheduler_address(in_process: list[ArticleResult | IngestError],
                                               sample_docs: list[RawDocument | IngestError]) -> None:
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster:
        head = sample_docs[:12]
        results = list(process_documents(head, scheduler=cluster.scheduler_address, batch_size=5))
    assert _as_comparable(results) == _as_comparable(in_process[:12])


def test_unreachable_scheduler_is_a_one_line_error() -> None:
    with pytest.raises(RunnerError, match=r"cannot reach Dask scheduler tcp://127\.0\.0\.1:9"):
        list(process_documents([RawDocument("a.txt", "text", "text")], scheduler="tcp://127.0.0.1:9"))


# --- fault injection: functions shipped to the workers --------------------------------------


def _upper(raw: RawDocument, published: object = None) -> ArticleResult:
    return ArticleResult(Article(id=raw.source, text=raw.text.upper(), source=raw.source))


def _kill_worker_once(marker: str):  # -> process function
    def process(raw: RawDocument, published: object = None) -> ArticleResult:
        if raw.text == "deadly" and not os.path.exists(marker):
            Path(marker).write_text("killed once")
            os._exit(9)  # the worker process dies mid-batch, as on an OOM kill
        return _upper(raw)
    return process


def _always_kill(raw: RawDocument, published: object = None) -> ArticleResult:
    if raw.text == "deadly":
        os._exit(9)
    return _upper(raw)


def _bug_on(raw: RawDocument, published: object = None) -> ArticleResult:
    if raw.text == "buggy":
        raise KeyError("casualty")
    return _upper(raw)


def _docs(n: int, special: dict[int, str]) -> list[RawDocument]:
    return [RawDocument(source=f"doc-{i}.txt", text=special.get(i, f"article {i}"), format="text") for i in range(n)]


def test_a_crashing_document_costs_only_itself() -> None:
    docs = _docs(5, {2: "buggy"})
    results = process_batch(docs, process=_bug_on)
    assert [type(r).__name__ for r in results] == ["ArticleResult"] * 2 + ["IngestError"] + ["ArticleResult"] * 2
    assert str(results[2]) == "doc-2.txt: extraction failed (KeyError: 'casualty')"


@pytest.mark.slow
def test_worker_killed_mid_batch_the_batch_is_retried_and_completes(tmp_path: Path) -> None:
    docs = _docs(30, {11: "deadly"})
    results = list(process_documents(docs, workers=2, batch_size=6, process=_kill_worker_once(str(tmp_path / "m"))))
    assert (tmp_path / "m").exists()  # a worker really died
    assert all(isinstance(r, ArticleResult) for r in results)
    assert [r.article.text for r in results] == [d.text.upper() for d in docs]  # type: ignore[union-attr]


@pytest.mark.slow
def test_document_that_always_kills_its_worker_is_reported_alone() -> None:
    # regressions: its neighbour in the batch, retried alone beside it on the same worker, died with it on every
    # attempt and was reported too; and the cluster hard-closed a nanny whose worker was down 15 s after a death
    docs = _docs(20, {7: "deadly"})
    results = list(process_documents(docs, workers=2, batch_size=5, allowed_failures=0, process=_always_kill))
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [str(e) for e in errors] == ["doc-7.txt: not processed: it killed the worker process on every attempt"]
    assert [r.article.id for r in results if isinstance(r, ArticleResult)] == [
        d.source for i, d in enumerate(docs) if i != 7
    ]


@pytest.mark.slow
def test_input_is_read_lazily_through_a_bounded_window() -> None:
    pulled = 0

    def endless() -> Iterator[RawDocument]:
        nonlocal pulled
        while True:
            pulled += 1
            yield RawDocument(source=f"doc-{pulled}.txt", text=f"article {pulled}", format="text")

    results = process_documents(endless(), workers=2, batch_size=10, max_in_flight=4, process=_upper)
    first = [next(results) for _ in range(25)]
    results.close()
    assert [r.article.id for r in first] == [f"doc-{i}.txt" for i in range(1, 26)]  # type: ignore[union-attr]
    # never more than the window (4 batches) plus the batch being read ahead of the yield position
    assert pulled <= 10 * (4 + 3) + 1


@pytest.mark.slow
def test_a_cluster_without_workers_is_a_one_line_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    from dask.distributed import LocalCluster

    import warledger.scale.dask_runner as runner

    monkeypatch.setattr(runner, "NO_WORKER_TIMEOUT", 2.0)
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster:
        with pytest.raises(RunnerError, match=r"no worker for 2 s; 3 documents were not processed"):
            list(process_documents(_docs(3, {}), scheduler=cluster.scheduler_address, process=_upper))


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch size"):
        list(process_documents([], workers=2, batch_size=0))

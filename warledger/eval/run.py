"""Run the real pipeline over gold JSON Lines files (``shared/eval`` format) and score the output."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warledger.eval.metrics import Metrics, add_score, score_record
from warledger.ingest.jsonl import record_to_document
from warledger.model import RawDocument


@dataclass
class GoldItem:
    """One gold line: the record as read, and the document to run (or why it cannot run)."""

    source: str
    record: dict[str, Any]
    document: RawDocument | None
    error: str | None = None


@dataclass
class FileResult:
    path: str
    metrics: Metrics
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def read_gold(path: str) -> Iterator[GoldItem | str]:
    """Gold items of a file; a line that is not a JSON object comes out as a one-line error string."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{source}: not JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(record, dict):
                yield f"{source}: record is a JSON {type(record).__name__}, expected an object"
                continue
            if not isinstance(record.get("gold"), dict):
                yield f'{source}: record has no "gold" object'
                continue
            document = record_to_document(source, line)
            if isinstance(document, RawDocument):
                yield GoldItem(source, record, document)
            else:
                yield GoldItem(source, record, None, document.message)


def count_lines(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


Output = dict[str, Any]
BatchRunner = Callable[[list[RawDocument]], list["Output | Exception"]]


def run_pipeline(document: RawDocument) -> Output:
    """The output contract for one document, exactly as ``warledger extract`` prints it."""
    outcome = run_pipeline_batch([document])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def run_pipeline_batch(documents: list[RawDocument]) -> list[Output | Exception]:
    """``run_pipeline`` over many documents as one extraction batch (``process_documents_batch``, as
    ``warledger extract`` runs); each document's output, or the exception it raised, in input order."""
    from warledger.contract import article_result_to_dict
    from warledger.pipeline import process_documents_batch

    outputs: list[Output | Exception] = []
    for document, result in zip(documents, process_documents_batch(documents), strict=True):
        if isinstance(result, Exception):
            outputs.append(result)
            continue
        doc = article_result_to_dict(result)
        if document.id is not None:
            doc["id"] = document.id
        outputs.append(doc)
    return outputs


def per_document(runner: Callable[[RawDocument], Output]) -> BatchRunner:
    """A one-document runner as a batch runner: each document alone, its exception in its place."""
    def run(documents: list[RawDocument]) -> list[Output | Exception]:
        outputs: list[Output | Exception] = []
        for document in documents:
            try:
                outputs.append(runner(document))
            except Exception as exc:  # reported for this record alone
                outputs.append(exc)
        return outputs

    return run


def evaluate_file(
    path: str,
    limit: int | None = None,
    on_error: Callable[[str], None] = lambda message: None,
    on_output: Callable[[Output], None] = lambda doc: None,
    wrap: Callable[[Iterator[Any], int], Iterator[Any]] = lambda items, total: items,
    runner: BatchRunner = run_pipeline_batch,
    batch_size: int | None = None,
) -> FileResult:
    """Score every record of one gold file (the first ``limit`` records when given).

    The records run ``batch_size`` at a time (default ``pipeline.BATCH_SIZE``) through ``runner``; errors and
    outputs are reported in line order. A record the pipeline cannot handle counts as a miss and is reported
    through ``on_error``; it never stops the run.
    """
    from warledger.pipeline import BATCH_SIZE

    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: no such file")
    size = batch_size or BATCH_SIZE
    total = count_lines(path)
    if limit is not None:
        total = min(total, limit)
    result = FileResult(path=path, metrics=Metrics())
    started = time.perf_counter()
    seen = 0

    def items() -> Iterator[GoldItem | str]:
        nonlocal seen
        for item in read_gold(path):
            if limit is not None and seen >= limit:
                return
            seen += 1
            yield item

    def report(message: str) -> None:
        result.errors.append(message)
        on_error(message)

    def score(chunk: list[GoldItem | str]) -> None:
        runnable = [item for item in chunk if isinstance(item, GoldItem) and item.document is not None]
        try:
            outcomes = runner([item.document for item in runnable if item.document is not None])
        except Exception as exc:  # a bug in the batch runner: every record of the chunk is a miss, said once each
            outcomes = [exc] * len(runnable)
        by_item = {id(item): outcome for item, outcome in zip(runnable, outcomes, strict=True)}
        for item in chunk:
            if isinstance(item, str):
                report(item)
                continue
            output = None
            if item.document is None:
                report(f"{item.source}: {item.error}")
            else:
                outcome = by_item[id(item)]
                if isinstance(outcome, Exception):
                    report(f"{item.source}: extraction failed: {type(outcome).__name__}: {outcome}")
                else:
                    output = outcome
                    on_output(output)
            result.metrics.records += 1
            result.metrics.answered += int(output is not None)
            add_score(result.metrics, score_record(item.record, output))

    chunk: list[GoldItem | str] = []
    records = 0
    for item in wrap(items(), total):
        chunk.append(item)
        records += isinstance(item, GoldItem)
        if records >= size:
            score(chunk)
            chunk, records = [], 0
    if chunk:
        score(chunk)
    result.seconds = time.perf_counter() - started
    return result


def merge(results: list[FileResult]) -> Metrics:
    """All files' metrics together."""
    merged = Metrics()
    for r in results:
        merged.records += r.metrics.records
        merged.answered += r.metrics.answered
        for rs in r.metrics.scores:
            add_score(merged, rs)
    return merged

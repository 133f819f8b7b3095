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


def run_pipeline(document: RawDocument) -> dict[str, Any]:
    """The output contract for one document, exactly as ``warledger extract`` prints it."""
    from warledger.contract import article_result_to_dict
    from warledger.pipeline import process_document

    result = process_document(document)
    doc = article_result_to_dict(result)
    if document.id is not None:
        doc["id"] = document.id
    return doc


def evaluate_file(
    path: str,
    limit: int | None = None,
    on_error: Callable[[str], None] = lambda message: None,
    on_output: Callable[[dict[str, Any]], None] = lambda doc: None,
    wrap: Callable[[Iterator[Any], int], Iterator[Any]] = lambda items, total: items,
    runner: Callable[[RawDocument], dict[str, Any]] = run_pipeline,
) -> FileResult:
    """Score every record of one gold file (the first ``limit`` records when given).

    A record the pipeline cannot handle counts as a miss and is reported through ``on_error``;
    it never stops the run.
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: no such file")
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

    for item in wrap(items(), total):
        if isinstance(item, str):
            result.errors.append(item)
            on_error(item)
            continue
        output = None
        if item.document is None:
            message = f"{item.source}: {item.error}"
            result.errors.append(message)
            on_error(message)
        else:
            try:
                output = runner(item.document)
            except Exception as exc:  # one bad record must not stop an evaluation; it is reported and scored as a miss
                message = f"{item.source}: extraction failed: {type(exc).__name__}: {exc}"
                result.errors.append(message)
                on_error(message)
            if output is not None:
                on_output(output)
        result.metrics.records += 1
        result.metrics.answered += int(output is not None)
        add_score(result.metrics, score_record(item.record, output))
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

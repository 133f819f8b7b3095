"""The demo ledger: the bundled sample corpus ingested once into ``data_dir()/demo.sqlite``.

Used by ``warledger demo``, the browser tests and the API benchmark, so all three look at the
same data through the same pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warledger.paths import data_dir, sample_corpus_dir

# the articles of the sample corpus; its .tsv files are gold data for tests, not articles
SAMPLE_INPUTS = ("articles.jsonl", "feeds", "pages", "text")
BATCH_SIZE = 16


@dataclass
class IngestReport:
    documents: int = 0
    stored: int = 0
    errors: list[str] = field(default_factory=list)


def sample_corpus_inputs(corpus: Path | None = None) -> list[Path]:
    corpus = corpus or sample_corpus_dir()
    return [corpus / name for name in SAMPLE_INPUTS if (corpus / name).exists()]


def corpus_fingerprint(inputs: list[Path]) -> str:
    """A hash of every input file's name and bytes: re-ingest only when the corpus changed."""
    digest = hashlib.sha256()
    for top in inputs:
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        for path in files:
            digest.update(str(path.relative_to(top.parent)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def ingest_paths(ledger: Any, inputs: list[Path], on_error: Callable[[str], None] | None = None) -> IngestReport:
    """Read, process and store every document under ``inputs``; bad documents are reported and skipped."""
    from warledger.ingest import read_inputs
    from warledger.model import ArticleResult, IngestError
    from warledger.pipeline import process_document

    report = IngestReport()
    batch: list[ArticleResult] = []

    def fail(message: str) -> None:
        report.errors.append(message)
        if on_error:
            on_error(message)

    def flush() -> None:
        if batch:
            ledger.add_results(batch)
            report.stored += len(batch)
            batch.clear()

    for item in read_inputs([str(p) for p in inputs]):
        report.documents += 1
        if isinstance(item, IngestError):
            fail(str(item))
            continue
        try:
            batch.append(process_document(item))
        except ValueError as exc:
            fail(f"{item.source}: {exc}")
            continue
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    return report


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


def demo_db_url() -> str:
    return f"sqlite:///{demo_db_path()}"


def ensure_demo_ledger(force: bool = False, on_error: Callable[[str], None] | None = None,
                       on_start: Callable[[], None] | None = None) -> IngestReport | None:
    """Ingest the sample corpus into the demo ledger unless it already holds this exact corpus.

    Returns the report of the ingest, or None when nothing had to be done.
    """
    from warledger.store import Ledger

    inputs = sample_corpus_inputs()
    if not inputs:
        raise FileNotFoundError(f"the sample corpus is missing from {sample_corpus_dir()}")
    fingerprint = corpus_fingerprint(inputs)
    stamp = demo_db_path().with_suffix(".corpus-sha256")
    if not force and demo_db_path().exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
        return None
    if on_start:
        on_start()
    stamp.unlink(missing_ok=True)
    ledger = Ledger(demo_db_url())
    try:
        report = ingest_paths(ledger, inputs, on_error=on_error)
    finally:
        ledger.close()
    stamp.write_text(fingerprint + "\n")
    return report

"""kill -9 during ingest, many times at random points, and two ingests writing one SQLite file at once.

The ingest runs in forked children of a process that has already loaded the pipeline (spaCy, the
gazetteer), so each run costs only its own work and 20+ kills fit in seconds; the kill is a real
SIGKILL of a process in the middle of writing a real SQLite file. The ledger must then pass
``PRAGMA integrity_check``, and a final run must leave exactly what one clean run leaves.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from warledger.cli import main
from warledger.contract import ledger_event_to_dict
from warledger.model import EventFilter
from warledger.paths import sample_corpus_dir
from warledger.pipeline import extract_text
from warledger.store import Ledger

CORPUS = sample_corpus_dir() / "articles.jsonl"
KILLS = 20

pytestmark = [pytest.mark.skipif(not CORPUS.exists(), reason="the sample corpus is not installed"),
              pytest.mark.slow]
FORK = multiprocessing.get_context("fork")


def _ingest_child(path: str, db: str) -> None:
    try:
        main(["ingest", path, "--db", f"sqlite:///{db}"], standalone_mode=False)
    except SystemExit as exc:  # a failed input exits 1; the test checks what was stored
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    os._exit(0)


def start_ingest(path: Path, db: Path) -> multiprocessing.process.BaseProcess:
    proc = FORK.Process(target=_ingest_child, args=(str(path), str(db)))
    proc.start()
    return proc


def subset(tmp_path: Path, name: str, lines: slice) -> Path:
    chosen = CORPUS.read_text(encoding="utf-8").splitlines()[lines]
    path = tmp_path / name
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return path


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def ledger_docs(db: Path) -> tuple[dict, list[dict]]:
    ledger = Ledger(f"sqlite:///{db}")
    try:
        docs = [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())]
        return ledger.stats(), sorted(docs, key=lambda d: (d["first_reported"] or "", d["id"]))
    finally:
        ledger.close()


def stored_article_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM articles")]


@pytest.fixture(scope="module", autouse=True)
def warm_pipeline() -> None:
    """Load the models once in the parent so every forked child starts warm."""
    extract_text("Shelling killed 12 civilians in Kharkiv on Tuesday, the governor said.", published="2026-03-10")


def test_twenty_kill_9s_at_random_points_then_a_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    articles = subset(tmp_path, "articles.jsonl", slice(0, 12))
    crashed, clean = tmp_path / "crashed.sqlite", tmp_path / "clean.sqlite"
    rng = random.Random(20261125)
    proc = start_ingest(articles, clean)
    started = time.monotonic()
    proc.join(300)
    assert proc.exitcode == 0
    full_run = time.monotonic() - started

    killed_mid_run = 0
    for _ in range(KILLS):
        proc = start_ingest(articles, crashed)
        time.sleep(rng.uniform(0.0, full_run / 3))  # each run gets through part of the work
        if proc.is_alive():
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid_run += 1
        proc.join(60)
        assert integrity(crashed) == "ok"
    assert killed_mid_run >= KILLS // 2, f"only {killed_mid_run} of {KILLS} runs were still working when killed"

    proc = start_ingest(articles, crashed)
    proc.join(300)
    assert proc.exitcode == 0
    assert integrity(crashed) == "ok"
    ids = stored_article_ids(crashed)
    assert len(ids) == len(set(ids)) == 12
    assert ledger_docs(crashed) == ledger_docs(clean)


def test_two_ingests_on_one_sqlite_file_at_once(tmp_path: Path) -> None:
    first = subset(tmp_path, "first.jsonl", slice(0, 9))
    second = subset(tmp_path, "second.jsonl", slice(4, 14))  # five articles in both
    db = tmp_path / "shared.sqlite"
    a, b = start_ingest(first, db), start_ingest(second, db)
    a.join(300)
    b.join(300)
    assert (a.exitcode, b.exitcode) == (0, 0)
    assert integrity(db) == "ok"
    ids = stored_article_ids(db)
    assert len(ids) == len(set(ids)) == 14
    stats, docs = ledger_docs(db)
    assert stats["articles"] == 14 and stats["article_versions"] == 14
    for doc in docs:  # no article counted twice in one event
        assert len(doc["articles"]) == len(set(doc["articles"])), doc["id"]
    # nothing an article reports is lost: each stored article is in some event or reported none in a clean run
    clean = tmp_path / "clean.sqlite"
    proc = start_ingest(subset(tmp_path, "all.jsonl", slice(0, 14)), clean)
    proc.join(300)
    _, clean_docs = ledger_docs(clean)
    assert {a for d in docs for a in d["articles"]} == {a for d in clean_docs for a in d["articles"]}
    assert sum(len(d["claims"]) for d in docs) == sum(len(d["claims"]) for d in clean_docs)

"""The ledger commands as a user runs them: real subprocesses, a real SQLite file, kill -9 mid-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warledger.contract import ledger_event_to_dict
from warledger.model import EventFilter
from warledger.paths import sample_corpus_dir
from warledger.store import Ledger

CORPUS = sample_corpus_dir()
WARLEDGER = [str(Path(sys.executable).with_name("warledger"))]

pytestmark = pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason="the sample corpus is not installed")


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WARLEDGER, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def subset(tmp_path: Path, n: int) -> Path:
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return path


def test_ingest_events_export(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.sqlite")
    pages = str(CORPUS / "pages")
    first = run("ingest", pages, str(tmp_path / "missing.html"), "--db", db)
    assert first.returncode == 1  # one input failed, the rest is stored
    assert "missing.html" in first.stderr and "Traceback" not in first.stderr
    assert "stored: 3" in first.stderr and "failed: 1" in first.stderr
    second = run("ingest", pages, "--db", db)
    assert second.returncode == 0 and "skipped as duplicates: 3" in second.stderr
    assert "events created: 0" in second.stderr

    listed = run("events", "--db", db, "--format", "json", "--limit", "100")
    assert listed.returncode == 0
    events = json.loads(listed.stdout)
    assert events and all({"claims", "articles", "independent_sources"} <= set(e) for e in events)
    table = run("events", "--db", db, "--status", "reported")
    assert table.returncode == 0 and table.stdout.splitlines()[0].startswith("id")

    out = tmp_path / "events.geojson"
    exported = run("export", "--format", "geojson", "-o", str(out), "--db", db)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text())["type"] == "FeatureCollection"


def test_bad_database_and_arguments_give_one_line_errors(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "no-such-dir" / "ledger.sqlite"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    result = run("events", "--db", "postgresql://nobody@127.0.0.1:9/ledger")
    assert result.returncode == 2 and "cannot open ledger database" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("events", "--from", "yesterday")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    articles = subset(tmp_path, 16)
    crashed, clean = tmp_path / "crashed.sqlite", tmp_path / "clean.sqlite"
    proc = subprocess.Popen([*WARLEDGER, "ingest", str(articles), "--db", str(crashed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while stored_articles(crashed) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = stored_articles(crashed)
    assert 2 <= at_kill < 16, f"the kill came too late to test anything ({at_kill} stored)"

    rerun = run("ingest", str(articles), "--db", str(crashed))
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped as duplicates: {at_kill}" in rerun.stderr
    assert run("ingest", str(articles), "--db", str(clean)).returncode == 0

    a, b = Ledger(f"sqlite:///{crashed}"), Ledger(f"sqlite:///{clean}")
    assert a.stats() == b.stats()
    docs_a = [ledger_event_to_dict(le) for le in a.iter_events(EventFilter())]
    docs_b = [ledger_event_to_dict(le) for le in b.iter_events(EventFilter())]
    assert docs_a == docs_b
    a.close()
    b.close()


@pytest.mark.slow
def test_ingest_on_a_local_dask_cluster_stores_what_an_in_process_run_stores(tmp_path: Path) -> None:
    articles = subset(tmp_path, 6)
    local = run("ingest", str(articles), "--db", str(tmp_path / "local.sqlite"))
    cluster = run("ingest", str(articles), "--db", str(tmp_path / "cluster.sqlite"), "--workers", "2")
    assert local.returncode == 0, local.stderr
    assert cluster.returncode == 0, cluster.stderr
    assert "stored: 6" in cluster.stderr

    def ledger_json(name: str) -> list[dict]:
        ledger = Ledger(f"sqlite:///{tmp_path / name}")
        try:
            return [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())]
        finally:
            ledger.close()

    def figures(events: list[dict]) -> list:
        return sorted((e["event_type"], e["date"] and e["date"]["start"], len(e["claims"])) for e in events)

    assert figures(ledger_json("local.sqlite")) == figures(ledger_json("cluster.sqlite"))


def test_ingest_with_an_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("ingest", str(subset(tmp_path, 1)), "--db", str(tmp_path / "l.sqlite"),
                 "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0

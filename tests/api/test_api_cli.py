"""``warledger serve`` and ``warledger demo``: real processes, real ledgers, one-line errors."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from warledger.cli import main

WARLEDGER = str(Path(sys.executable).with_name("warledger"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_the_port_it_prints(fixture_db_copy, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("cli-token-41d2\n")
    port = free_port()
    proc = subprocess.Popen([WARLEDGER, "serve", "--db", fixture_db_copy, "--port", str(port), "--token-file",
                             str(token_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"size": 1}, timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "warledger serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 6
        denied = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "x"},
                            headers={"Authorization": "Bearer wrong"})
        assert denied.status_code == 401  # the token file was read: writes are on, and guarded
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
    assert "cli-token-41d2" not in out + err  # the token is never printed or logged


@pytest.mark.parametrize(
    "args, message",
    [
        (["serve", "--db", "sqlite:////no/such/directory/ledger.sqlite"], "cannot open the ledger"),
        (["serve", "--db", "not a url://"], "cannot open the ledger"),
        (["serve", "--private"], "--private needs a token"),
        (["serve", "--token-file", "/no/such/token"], "cannot read /no/such/token"),
        (["serve", "--port", "70000"], "70000"),
    ],
)
def test_serve_bad_options_are_one_line_errors(args, message, monkeypatch):
    monkeypatch.delenv("WARLEDGER_API_TOKEN", raising=False)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_serve_empty_token_file(tmp_path):
    empty = tmp_path / "token"
    empty.write_text("  \n")
    result = CliRunner().invoke(main, ["serve", "--token-file", str(empty)])
    assert result.exit_code == 2 and "is empty" in result.output


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("WARLEDGER_DATA_DIR", str(path))
    return path


def test_demo_ingests_once_then_reuses_the_ledger(data_dir, tmp_path, monkeypatch):
    # a one-article corpus keeps the first run short; the pipeline and the store are the real ones
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "text" / "goma.txt").write_text(
        "Shelling kills five in Goma camp\n\n"
        "GOMA, Democratic Republic of Congo — Five people were killed and eleven wounded when shells hit a camp for "
        "displaced families on the edge of Goma on Thursday, the North Kivu provincial government said.\n",
        encoding="utf-8")
    monkeypatch.setattr("warledger.api.demo.sample_corpus_dir", lambda: corpus)

    first = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "ingesting the sample corpus" in first.output
    assert "1 of 1 documents stored" in first.output
    assert (data_dir / "demo.sqlite").exists()
    assert "country" in first.output and "killed" in first.output

    again = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert again.exit_code == 0
    assert "already holds the sample corpus" in again.output
    assert "ingesting" not in again.output

    # a changed corpus is ingested again (idempotent: the unchanged article is not stored twice)
    (corpus / "text" / "goma.txt").write_text((corpus / "text" / "goma.txt").read_text() + "\nAid groups said more "
                                              "shelters were needed.\n", encoding="utf-8")
    third = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert "ingesting the sample corpus" in third.output


def test_demo_summary_table_matches_the_ledger(data_dir, sample_db):
    from warledger.api.demo import corpus_fingerprint, sample_corpus_inputs
    from warledger.model import EventFilter
    from warledger.store import Ledger

    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample_db, data_dir / "demo.sqlite")
    (data_dir / "demo.corpus-sha256").write_text(corpus_fingerprint(sample_corpus_inputs()) + "\n")
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    ledger = Ledger(f"sqlite:///{data_dir / 'demo.sqlite'}")
    summary = ledger.summary(EventFilter())
    ledger.close()
    total_line = next(line for line in result.output.splitlines() if line.startswith("total"))
    assert total_line.split()[-2:] == [str(summary["events"]), str(summary["fatalities"])]
    assert f"{summary['articles']} articles" in result.output


def test_demo_without_a_corpus_is_a_one_line_error(data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("warledger.api.demo.sample_corpus_dir", lambda: tmp_path / "missing")
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 2
    assert "the sample corpus is missing" in result.output


def test_console_script_is_installed():
    assert os.access(WARLEDGER, os.X_OK)


def test_serve_with_two_workers_answers_from_two_processes(fixture_db_copy):
    import psutil

    port = free_port()
    proc = subprocess.Popen([WARLEDGER, "serve", "--db", fixture_db_copy, "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180  # worker processes import the app afresh (slow on a loaded machine)
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"size": 1}, timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "warledger serve --workers 2 did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 6
        for _ in range(20):
            assert httpx.get(f"http://127.0.0.1:{port}/api/map/points", timeout=10).json()["total"] == 6
        workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if "spawn" in " ".join(p.cmdline())]
        assert len(workers) == 2
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=30)
    assert "2 worker processes" in out


def test_workers_must_be_one_with_an_in_memory_ledger():
    result = CliRunner().invoke(main, ["serve", "--db", "sqlite:///:memory:", "--workers", "2"])
    assert result.exit_code == 2 and "--workers must be 1" in result.output


@pytest.mark.parametrize(("workers", "rate_env", "per_worker_rate", "per_worker_burst"), [
    ("1", "600", 600.0, 60),
    ("2", "600", 300.0, 30),
    ("4", "120", 30.0, 15),
    ("2", "0", None, None),  # 0 turns the limit off in every worker
])
def test_each_serve_worker_gets_its_share_of_the_write_rate(tmp_path, monkeypatch, workers: str, rate_env: str,
                                                           per_worker_rate: float | None,
                                                           per_worker_burst: int | None) -> None:
    from warledger.api.workers import DB_ENV, WORKERS_ENV, app_from_env

    monkeypatch.setenv(DB_ENV, f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    monkeypatch.setenv(WORKERS_ENV, workers)
    monkeypatch.setenv("WARLEDGER_WRITES_PER_MINUTE", rate_env)
    app = app_from_env()
    limiter = app.state.write_limiter
    if per_worker_rate is None:
        assert limiter is None
    else:
        assert (round(limiter.rate * 60, 6), limiter.burst) == (per_worker_rate, per_worker_burst)

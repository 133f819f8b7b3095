"""``warledger serve`` (the API and dashboard over a ledger) and ``warledger demo`` (the sample corpus on a map)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from warledger.cli.common import error_line


def _read_token_file(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--token-file") from None
    if not token:
        raise click.BadParameter(f"{path} is empty", param_hint="--token-file")
    return token


def _run(app: object, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    # uvicorn logs request lines only (never headers), so the bearer token stays out of the log
    if workers > 1:  # worker processes build their own app (warledger.api.workers)
        from warledger.api.workers import FACTORY

        # a worker that does not answer the supervisor's ping in time is killed and restarted; the default
        # 5 s is less than a worker takes to import the app on a busy machine (it would restart forever)
        uvicorn.run(FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning",
                    access_log=False, timeout_worker_healthcheck=120)
        return
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _open_app(db: str | None, token: str | None, private: bool) -> object:
    from warledger.api import create_app
    from warledger.api.app import ConfigError, vendor_installed

    try:
        app = create_app(db, token=token, private_reads=private)
    except ConfigError as exc:
        error_line(str(exc))
        sys.exit(2)
    except Exception as exc:  # a bad --db must be one line, not a traceback
        error_line(f"cannot open the ledger {db or '(default)'}: {exc}")
        sys.exit(2)
    if not vendor_installed():
        error_line("the dashboard's map libraries are missing; run scripts/install.sh (npm ci + "
                   "node scripts/copy_vendor.mjs). The API works without them.")
    return app


@click.command("serve")
@click.option("--db", metavar="URL", help="Ledger URL: sqlite:///path.sqlite or postgresql://... (default: the "
              "embedded SQLite ledger in the data directory).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="File holding the bearer token for POST /api/articles (else $WARLEDGER_API_TOKEN; "
              "without a token, writes are refused).")
@click.option("--private", is_flag=True, help="Require the token for reads too.")
@click.option("--workers", type=click.IntRange(1, 64), metavar="N",
              help="Server processes (default: one per core, at most 4; 1 for an in-memory SQLite ledger).")
def serve_command(db: str | None, host: str, port: int, token_file: str | None, private: bool,
                  workers: int | None) -> None:
    """Serve the REST API (/api, OpenAPI at /docs) and the map dashboard (/)."""
    import os

    from warledger.api.auth import TOKEN_ENV
    from warledger.api.workers import default_workers, export_settings

    token = _read_token_file(token_file) or os.environ.get(TOKEN_ENV) or None
    if private and not token:
        raise click.UsageError(f"--private needs a token (--token-file or {TOKEN_ENV})")
    in_memory = db is not None and ":memory:" in db  # each process would have its own empty ledger
    if workers is None:
        workers = 1 if in_memory else default_workers()
    elif workers > 1 and in_memory:
        raise click.UsageError("--workers must be 1 with an in-memory SQLite ledger")
    app = _open_app(db, token, private)  # also checks the ledger (and migrates it) once, before any worker
    click.echo(f"warledger: dashboard at http://{_display_host(host)}:{port}/  (API docs at /docs; Ctrl-C stops)"
               + (f"; {workers} worker processes" if workers > 1 else ""))
    if not token:
        click.echo("warledger: no API token configured; POST /api/articles is refused", err=True)
    if workers > 1:
        app.state.ledger.close()  # type: ignore[attr-defined]  # the workers open their own
        export_settings(db, private, workers)
        if token:
            os.environ[TOKEN_ENV] = token
    _run(app, host, port, workers)


def _display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)


def _summary_table(db_url: str) -> str:
    """Events and killed by country and event type, as a plain-text table."""
    from warledger.link.reconcile import fatalities
    from warledger.model import EventFilter
    from warledger.store import Ledger

    ledger = Ledger(db_url)
    try:
        totals: dict[tuple[str, str], list[int]] = {}
        for le in ledger.iter_events(EventFilter()):
            ev = le.event
            country = (ev.location.country if ev.location else None) or "(no place)"
            key = (country, ev.event_type or "(unclassified)")
            row = totals.setdefault(key, [0, 0])
            row[0] += 1
            row[1] += fatalities(le)
        summary = ledger.summary(EventFilter())
    finally:
        ledger.close()
    rows = [(c, t, n, k) for (c, t), (n, k) in sorted(totals.items())]
    headers = ("country", "event type", "events", "killed")
    widths = [max([len(headers[i])] + [len(str(r[i])) for r in rows]) for i in range(4)]

    def line(cells: tuple) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = (str(c).rjust(w) if i >= 2 else str(c).ljust(w) for i, (c, w) in pairs)
        return "  ".join(padded)

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append("  ".join("-" * w for w in widths))
    out.append(line(("total", "", summary.get("events", 0), summary.get("fatalities", 0))))
    span = f"{summary.get('date_min') or '?'} to {summary.get('date_max') or '?'}"
    out.append(f"{summary.get('articles', 0)} articles, {span}")
    return "\n".join(out)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Only ingest (the first time) and print a summary of the ledger.")
@click.option("--reingest", is_flag=True, help="Ingest the sample corpus again even if the demo ledger has it.")
def demo_command(host: str, port: int, no_serve: bool, reingest: bool) -> None:
    """Ingest the bundled sample corpus (first time only) and show it on the map dashboard."""
    from warledger.api.demo import demo_db_path, demo_db_url, ensure_demo_ledger

    def started() -> None:
        click.echo(f"warledger: ingesting the sample corpus into {demo_db_path()} (first run only)...", err=True)

    try:
        report = ensure_demo_ledger(force=reingest, on_error=error_line, on_start=started)
    except FileNotFoundError as exc:
        error_line(str(exc))
        sys.exit(2)
    if report is None:
        click.echo(f"warledger: the demo ledger {demo_db_path()} already holds the sample corpus", err=True)
    else:
        click.echo(f"warledger: {report.stored} of {report.documents} documents stored"
                   + (f", {len(report.errors)} skipped (see above)" if report.errors else ""), err=True)
    if no_serve:
        click.echo(_summary_table(demo_db_url()))
        return
    app = _open_app(demo_db_url(), None, False)
    click.echo(f"warledger: the sample events are on the map at http://{_display_host(host)}:{port}/  (Ctrl-C stops)")
    _run(app, host, port)


def register(group: click.Group) -> None:
    group.add_command(serve_command)
    group.add_command(demo_command)

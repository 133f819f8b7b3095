"""``warledger ingest``, ``warledger events`` and ``warledger export``: the ledger commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator

import click

from warledger.cli.common import error_line, progress
from warledger.ingest.address_guard import PUBLIC_ONLY_HELP
from warledger.model import ArticleResult, EventFilter, IngestError, LedgerEvent


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _open_ledger(db: str | None):  # -> Ledger
    from warledger.store import Ledger, LedgerError

    try:
        return Ledger(db)
    except LedgerError as exc:
        error_line(str(exc))
        sys.exit(2)


def filter_options(f):  # type: ignore[no-untyped-def]
    """The event filters shared by ``events`` and ``export``."""
    options = [
        click.option("--country", help="Country name or ISO code."),
        click.option("--type", "event_type", help='ACLED event type, e.g. "Battles".'),
        click.option("--from", "date_from", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="Events starting on or after this day."),
        click.option("--to", "date_to", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="Events starting on or before this day."),
        click.option("--actor", help="Part of an actor's name."),
        click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many killed."),
        click.option("--status", type=click.Choice(["reported", "planned", "background"]),
                     help="Only events with this status (default: all)."),
        click.option("--db", envvar="WARLEDGER_DB", metavar="URL",
                     help="Ledger database: a file path, sqlite:///PATH or postgresql://... (default: the embedded "
                          "SQLite ledger in the data directory)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _filter(country: str | None, event_type: str | None, date_from: dt.date | None, date_to: dt.date | None,
            actor: str | None, min_fatalities: int | None, status: str | None) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise click.BadParameter(f"--from {date_from} is after --to {date_to}")
    return EventFilter(country=country, event_type=event_type, date_from=date_from, date_to=date_to, actor=actor,
                       min_fatalities=min_fatalities, status=status)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", envvar="WARLEDGER_DB", metavar="URL",
              help="Ledger database: a file path, sqlite:///PATH or postgresql://... (default: the embedded SQLite "
                   "ledger in the data directory).")
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "feed", "jsonl"]), default="auto",
              show_default=True, help="How to read the inputs; auto decides from extension and content.")
@click.option("--published", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date to use for every input (overrides what the input says).")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Extract on a local Dask cluster of N worker processes (0 or 1: in this process).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on an existing Dask cluster, e.g. tcp://host:8786 (workers need warledger installed).")
@click.option("--public-only/--allow-private", "public_only", default=None, help=PUBLIC_ONLY_HELP)
def ingest_command(paths: tuple[str, ...], db: str | None, input_format: str, published: dt.date | None,
                   workers: int, scheduler: str | None, public_only: bool | None) -> None:
    """Read articles (files, directories, feeds, URLs, JSON Lines, - for stdin), extract their events,
    link them with the events already in the ledger and store everything.

    Each article is stored in its own transaction: an interrupted run can simply be repeated.
    Articles already stored are skipped. Exit status 1 when any input failed (the rest is stored).
    """
    from warledger.ingest import read_inputs
    from warledger.scale import RunnerError, process_documents
    from warledger.store import IngestSummary

    ledger = _open_ledger(db)
    summary = IngestSummary()
    read_failures: list[tuple[str, str]] = []

    def results() -> Iterator[ArticleResult]:
        # extraction may run on Dask workers; results come back in input order and only this process writes
        for item in process_documents(read_inputs(list(paths), input_format, public_only), workers=workers,
                                      scheduler=scheduler, published=published):
            if isinstance(item, IngestError):
                read_failures.append((item.source, item.message))
                error_line(str(item))
                continue
            yield item

    try:
        for result in progress(results(), desc="ingest"):
            one = ledger.add_result(result)
            for item, reason in one.failed:
                error_line(f"{item}: {reason}")
            summary.add(one)
    except RunnerError as exc:
        error_line(str(exc))
        sys.exit(2)
    finally:
        ledger.close()
    failed = read_failures + summary.failed
    click.echo(
        f"articles read: {summary.read + len(read_failures)}, stored: {summary.stored} "
        f"(new versions: {summary.new_versions}), skipped as duplicates: {summary.duplicates}, "
        f"failed: {len(failed)}; events created: {summary.events_created}, updated: {summary.events_updated}"
        + (f", merged: {summary.events_merged}" if summary.events_merged else ""),
        err=True,
    )
    for item, reason in failed:
        click.echo(f"  failed: {item}: {reason}", err=True)
    if failed:
        sys.exit(1)


def _table_line(le: LedgerEvent) -> str:
    from warledger.link.reconcile import fatalities

    ev = le.event
    date = ev.date.start.isoformat() if ev.date else "?"
    where = ev.location.name if ev.location else "?"
    country = (ev.location.country_code or "") if ev.location else ""
    kind = ev.sub_event_type or ev.event_type or "?"
    return (f"{ev.id:<16}  {date:<10}  {country:<2}  {where[:22]:<22}  {kind[:34]:<34}  {fatalities(le):>5}  "
            f"{le.independent_sources:>3}  {ev.status}")


@click.command("events")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--sort", type=click.Choice(["date", "-date", "fatalities", "-fatalities"]), default="-date",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def events_command(country: str | None, event_type: str | None, date_from: dt.date | None, date_to: dt.date | None,
                   actor: str | None, min_fatalities: int | None, status: str | None, db: str | None, limit: int,
                   offset: int, sort: str, fmt: str) -> None:
    """List events in the ledger (newest first), with filters."""
    from warledger.contract import ledger_event_to_dict

    flt = _filter(country, event_type, date_from, date_to, actor, min_fatalities, status)
    ledger = _open_ledger(db)
    try:
        events = ledger.query_events(flt, limit=limit, offset=offset, sort=sort)
        total = ledger.count_events(flt)
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps([ledger_event_to_dict(le) for le in events], ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':<16}  {'date':<10}  cc  {'place':<22}  {'type':<34}  {'dead':>5}  {'src':>3}  status")
    for le in events:
        click.echo(_table_line(le))
    click.echo(f"{len(events)} of {total} events", err=True)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp", "geojson", "parquet", "jsonl"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write (replaced atomically).")
@filter_options
def export_command(fmt: str, output: str, country: str | None, event_type: str | None, date_from: dt.date | None,
                   date_to: dt.date | None, actor: str | None, min_fatalities: int | None, status: str | None,
                   db: str | None) -> None:
    """Export ledger events as ACLED-style CSV, UCDP GED-style CSV, GeoJSON, Parquet or JSON Lines."""
    from warledger.export import export_events

    flt = _filter(country, event_type, date_from, date_to, actor, min_fatalities, status)
    ledger = _open_ledger(db)
    try:
        n = export_events(ledger, fmt, output, flt)
    except OSError as exc:
        error_line(f"{output}: cannot write: {exc.strerror or exc}")
        sys.exit(1)
    finally:
        ledger.close()
    click.echo(f"{n} events written to {output} ({fmt})", err=True)


def register(group: click.Group) -> None:
    group.add_command(ingest_command)
    group.add_command(events_command)
    group.add_command(export_command)

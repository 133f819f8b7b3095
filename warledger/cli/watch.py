"""``warledger watch``: poll RSS/Atom feeds and ingest new items into the ledger."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from warledger.cli.common import error_line, progress
from warledger.ingest.address_guard import PUBLIC_ONLY_HELP


@click.command("watch")
@click.argument("feed_list", metavar="FEEDS.txt|FEEDS.opml")
@click.option("--db", envvar="WARLEDGER_DB", metavar="URL",
              help="Ledger database: a file path, sqlite:///PATH or postgresql://... (default: the embedded SQLite "
                   "ledger in the data directory).")
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Seconds between polls of a healthy feed; failing feeds back off exponentially (capped at 6 h).")
@click.option("--once", is_flag=True, help="Poll every feed once, then exit.")
@click.option("--max-polls", type=click.IntRange(min=1), metavar="N", help="Stop after N polling rounds.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20, show_default=True,
              help="Seconds allowed for each fetch (connect, each read, and the whole body).")
@click.option("--max-mb", type=click.FloatRange(min=0.01), default=10, show_default=True,
              help="Largest feed or page body read, in MB; the download stops there.")
@click.option("--state", "state_path", metavar="PATH",
              help="The watcher's state file (validators, backoff, seen items); default: next to the ledger.")
@click.option("--public-only/--allow-private", "public_only", default=None, help=PUBLIC_ONLY_HELP)
def watch_command(feed_list: str, db: str | None, interval: float, once: bool, max_polls: int | None,
                  timeout: float, max_mb: float, state_path: str | None, public_only: bool | None) -> None:
    """Poll RSS/Atom feeds and ingest their new items into the ledger.

    FEEDS is a text file with one feed URL per line (# starts a comment) or an OPML file.
    Feeds are fetched with conditional GET (ETag / Last-Modified); items already seen are
    skipped, also after a restart; an item that carries only a summary has its page fetched.
    A feed that fails (HTTP error, timeout, oversize body, invalid XML) is logged and polled
    again later with exponential backoff; the other feeds carry on.

    One line per poll on stderr: readable on a terminal, logfmt (time=… event=poll feed=…
    status=… new=… next_poll=…) otherwise. Ctrl-C stops after the current poll and prints the summary.
    With --once the exit status is 1 when any feed failed.
    """
    from warledger.scale.fetch import new_client
    from warledger.scale.watch import (
        FeedWatcher,
        PollReport,
        WatchError,
        WatchState,
        human_line,
        logfmt_line,
        read_feed_list,
        state_path_for,
    )
    from warledger.store import Ledger, LedgerError

    on_terminal = sys.stderr.isatty()
    try:
        feeds = read_feed_list(feed_list)
        state = WatchState(state_path or state_path_for(db))
    except WatchError as exc:
        error_line(str(exc))
        sys.exit(2)
    try:
        ledger = Ledger(db)
    except LedgerError as exc:
        state.close()
        error_line(str(exc))
        sys.exit(2)

    def report_line(r: PollReport) -> None:
        if on_terminal:
            click.echo(human_line(r), err=True)
            for problem in r.problems:
                click.echo(f"  {problem}", err=True)
        else:
            click.echo(logfmt_line("poll", r.fields()), err=True)
            for problem in r.problems:
                click.echo(logfmt_line("item_problem", {"feed": r.feed, "problem": problem}), err=True)

    def with_progress(reports: Iterator[PollReport], total: int) -> Iterator[PollReport]:
        return progress(reports, desc="poll", total=total)

    client = new_client(timeout, public_only=public_only)  # feeds and their pages: one fetch policy
    watcher = FeedWatcher(feeds, ledger, state, interval=interval, timeout=timeout,
                          max_bytes=int(max_mb * 1024 * 1024), client=client)
    try:
        summary = watcher.run(once=once, max_polls=max_polls, on_report=report_line, wrap=with_progress)
    finally:
        watcher.close()
        client.close()
        ledger.close()
        state.close()
    if on_terminal:
        click.echo(summary.line(), err=True)
    else:
        click.echo(logfmt_line("summary", {"feeds": len(feeds), **vars(summary)}), err=True)
    if once and summary.errors:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(watch_command)

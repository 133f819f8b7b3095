"""Small helpers shared by the command modules: progress bars and error lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import click

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def progress(items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on a terminal (stderr), nothing when piped."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, total=total, unit="doc", file=sys.stderr, leave=False)


def error_line(message: str) -> None:
    """One-line error on stderr, prefixed so it is easy to grep."""
    click.echo(f"warledger: error: {message}", err=True)


def conventions_option(default: str) -> Callable[[F], F]:
    """``--conventions news|acled``: which coding conventions the number rules follow.

    ``acled`` codes vague tolls with ACLED's fixed values ("several" = 10, "dozens" = 12, ...) and
    reads analysts' stated tallies; ``news`` reads prose as a careful reader would. The choice is
    passed to the extraction stage through ``WARLEDGER_CONVENTIONS`` so Dask workers see it too.
    """

    def apply(ctx: click.Context, param: click.Parameter, value: str) -> str:
        from warledger.extract.pipeline import CONVENTIONS_ENV

        os.environ[CONVENTIONS_ENV] = value
        return value

    return click.option("--conventions", type=click.Choice(["news", "acled"]), default=default, show_default=True,
                        callback=apply, expose_value=False, is_eager=True,
                        help="Coding conventions for figures: news prose, or ACLED's (fixed values for vague "
                             "tolls, stated tallies).")

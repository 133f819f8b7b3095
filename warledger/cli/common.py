"""Small helpers shared by the command modules: progress bars and error lines."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


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

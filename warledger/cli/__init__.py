"""The ``warledger`` command: a thin layer over the library.

Each command group lives in its own module and is registered here; a command appears
in ``--help`` only once it works.
"""

from __future__ import annotations

import importlib

import click

from warledger import __version__

# modules that add commands to the group; each defines ``register(group)``
COMMAND_MODULES = [
    "warledger.cli.extract",
    "warledger.cli.geocode",
    "warledger.cli.ledger",
    "warledger.cli.serve",
    "warledger.cli.evaluate",
    "warledger.cli.watch",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """warledger: turn news about armed conflict into a sourced, de-duplicated event ledger.

    Every figure says who claims it and points to the sentence it came from.
    """


@main.command()
def version() -> None:
    """Print the warledger version."""
    click.echo(f"warledger {__version__}")


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != _name:
            raise
        continue
    _module.register(main)

"""Alembic environment for the ledger; run programmatically by ``warledger.store.ledger`` (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from warledger.store.schema import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the ledger never runs offline migrations
    raise RuntimeError("warledger migrations run online only")
run_migrations_online()

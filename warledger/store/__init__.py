"""The event ledger store: SQLite by default, PostgreSQL by URL, Alembic migrations."""

from warledger.store.ledger import IngestSummary, Ledger, LedgerError

__all__ = ["IngestSummary", "Ledger", "LedgerError"]

"""event_days: events and fatalities per day, country, type and status, kept by triggers

Revision ID: 0003_event_days
Revises: 0002_fast_queries
Create Date: 2026-11-25 10:50:00

The timeline and the summary add up events by day, country and type; on a million events that
meant reading a million index entries per request. ``event_days`` holds those sums, one row per
(country_code, day, event_type, status, country); triggers on ``events`` keep it exact for every
writer (the ledger's write path, bulk loads, manual fixes), and this migration back-fills it.
Unknown key values are stored as '' (NULLs would defeat the primary key); readers turn '' back
into NULL. A row whose events drop to 0 is deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_event_days"
down_revision = "0002_fast_queries"
branch_labels = None
depends_on = None

KEY = "country_code, day, event_type, status, country"
_NEW = ("coalesce(new.country_code, ''), new.date_start, coalesce(new.event_type, ''), new.status, "
        "coalesce(new.country, '')")
_MATCH_OLD = ("country_code = coalesce(old.country_code, '') AND day = old.date_start AND "
              "event_type = coalesce(old.event_type, '') AND status = old.status AND "
              "country = coalesce(old.country, '')")
_CHANGED = ("old.date_start IS NOT new.date_start OR old.country_code IS NOT new.country_code OR "
            "old.country IS NOT new.country OR old.event_type IS NOT new.event_type OR old.status IS NOT new.status "
            "OR old.fatalities IS NOT new.fatalities")

_ADD_SQLITE = (f"INSERT INTO event_days ({KEY}, events, fatalities) SELECT {_NEW}, 1, new.fatalities "
               f"WHERE new.date_start IS NOT NULL ON CONFLICT ({KEY}) DO UPDATE SET events = events + 1, "
               "fatalities = fatalities + excluded.fatalities;")
_REMOVE = (f"UPDATE event_days SET events = events - 1, fatalities = fatalities - old.fatalities WHERE {_MATCH_OLD}; "
           f"DELETE FROM event_days WHERE {_MATCH_OLD} AND events <= 0;")

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER event_days_insert AFTER INSERT ON events BEGIN {_ADD_SQLITE} END",
    f"CREATE TRIGGER event_days_delete AFTER DELETE ON events WHEN old.date_start IS NOT NULL BEGIN {_REMOVE} END",
    # the remove part matches nothing when the old row had no date
    "CREATE TRIGGER event_days_update AFTER UPDATE OF date_start, country_code, country, event_type, status, "
    f"fatalities ON events WHEN {_CHANGED} BEGIN {_REMOVE} {_ADD_SQLITE} END",
]

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION event_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND old.date_start IS NOT NULL THEN
    {_REMOVE}
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND new.date_start IS NOT NULL THEN
    INSERT INTO event_days ({KEY}, events, fatalities) VALUES ({_NEW}, 1, new.fatalities)
    ON CONFLICT ({KEY}) DO UPDATE SET events = event_days.events + 1,
      fatalities = event_days.fatalities + excluded.fatalities;
  END IF;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER event_days_insert_delete AFTER INSERT OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION event_days_sync()",
    "CREATE TRIGGER event_days_update AFTER UPDATE OF date_start, country_code, country, event_type, status, "
    f"fatalities ON events FOR EACH ROW WHEN ({_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
    "EXECUTE FUNCTION event_days_sync()",
]

BACKFILL = (f"INSERT INTO event_days ({KEY}, events, fatalities) "
            "SELECT coalesce(country_code, ''), date_start, coalesce(event_type, ''), status, coalesce(country, ''), "
            "count(*), sum(fatalities) FROM events WHERE date_start IS NOT NULL "
            "GROUP BY coalesce(country_code, ''), date_start, coalesce(event_type, ''), status, coalesce(country, '')")


def upgrade() -> None:
    op.create_table(
        "event_days",
        sa.Column("country_code", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=120), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fatalities", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("country_code", "day", "event_type", "status", "country"),
    )
    op.create_index("ix_event_days_day", "event_days", ["day", "event_type"])
    conn = op.get_bind()
    conn.exec_driver_sql(BACKFILL)
    for statement in SQLITE_TRIGGERS if conn.dialect.name == "sqlite" else POSTGRESQL_TRIGGERS:
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("event_days_insert", "event_days_delete", "event_days_update"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in ("event_days_insert_delete", "event_days_update"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON events")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS event_days_sync()")
    op.drop_index("ix_event_days_day", table_name="event_days")
    op.drop_table("event_days")

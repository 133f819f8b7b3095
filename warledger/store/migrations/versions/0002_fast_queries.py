"""fast filtered queries: covering date indexes, an R-tree for bounding boxes (SQLite)

Revision ID: 0002_fast_queries
Revises: 0001_initial
Create Date: 2026-11-25 10:30:00

The country + date and date indexes gain the columns the timeline and the summary add up
(event_type, fatalities), so those aggregates read the index alone. On SQLite an R-tree virtual
table ``events_geo`` maps each located event's rowid to its point, kept in sync by triggers (so
every writer, including bulk inserts, maintains it) and back-filled here; a bounding box then
visits only the events inside it. SQLite's VACUUM keeps the rowids of a table with a non-integer
primary key in practice, and warledger never runs VACUUM. A SQLite built without the R-tree
module skips it and bounding boxes use the (lat, lon) index as before. PostgreSQL keeps the
(lat, lon) B-tree.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_fast_queries"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

COUNTRY_DATE_COLUMNS = ["country_code", "date_start", "id", "event_type", "fatalities"]
DATE_COLUMNS = ["date_start", "id", "event_type", "fatalities", "country_code"]

SQLITE_GEO = [
    "CREATE VIRTUAL TABLE events_geo USING rtree(k, min_lat, max_lat, min_lon, max_lon)",
    "INSERT INTO events_geo (k, min_lat, max_lat, min_lon, max_lon) "
    "SELECT rowid, lat, lat, lon, lon FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL",
    "CREATE TRIGGER events_geo_insert AFTER INSERT ON events "
    "WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN "
    "INSERT INTO events_geo (k, min_lat, max_lat, min_lon, max_lon) "
    "VALUES (new.rowid, new.lat, new.lat, new.lon, new.lon); END",
    "CREATE TRIGGER events_geo_update AFTER UPDATE OF lat, lon ON events "
    "WHEN old.lat IS NOT new.lat OR old.lon IS NOT new.lon BEGIN "
    "DELETE FROM events_geo WHERE k = old.rowid; "
    "INSERT INTO events_geo (k, min_lat, max_lat, min_lon, max_lon) "
    "SELECT new.rowid, new.lat, new.lat, new.lon, new.lon WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END",
    "CREATE TRIGGER events_geo_delete AFTER DELETE ON events BEGIN DELETE FROM events_geo WHERE k = old.rowid; END",
]


def _has_rtree(conn: sa.Connection) -> bool:
    try:
        return bool(conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_RTREE')").scalar())
    except sa.exc.DBAPIError:
        return False


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_country_date")
        batch_op.drop_index("ix_events_date")
        batch_op.create_index("ix_events_country_date", COUNTRY_DATE_COLUMNS, unique=False)
        batch_op.create_index("ix_events_date", DATE_COLUMNS, unique=False)
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and _has_rtree(conn):
        for statement in SQLITE_GEO:
            conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("events_geo_insert", "events_geo_update", "events_geo_delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS events_geo")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_country_date")
        batch_op.drop_index("ix_events_date")
        batch_op.create_index("ix_events_country_date", ["country_code", "date_start", "id"], unique=False)
        batch_op.create_index("ix_events_date", ["date_start", "id"], unique=False)

"""bounding-box pages from the R-tree alone: exact point, date and id beside each box (SQLite)

Revision ID: 0004_geo_pages
Revises: 0003_event_days
Create Date: 2026-11-25 11:30:00

At a million events a map page (bounding box, newest first) spent its time fetching thousands of
event rows only to sort them by date. ``events_geo`` now carries each event's exact lat/lon, its
date_start and id as auxiliary columns, so a box-only page or count reads the R-tree and then
the documents of the page, nothing else. Rebuilt from ``events``; the triggers now also follow
date changes. Nothing changes on PostgreSQL or without the R-tree module.
"""

from __future__ import annotations

from alembic import op

revision = "0004_geo_pages"
down_revision = "0003_event_days"
branch_labels = None
depends_on = None

_COLUMNS = "k, min_lat, max_lat, min_lon, max_lon, lat, lon, date_start, event_id"
_ROW = "{r}.rowid, {r}.lat, {r}.lat, {r}.lon, {r}.lon, {r}.lat, {r}.lon, {r}.date_start, {r}.id"
_DROP = ["DROP TRIGGER IF EXISTS events_geo_insert", "DROP TRIGGER IF EXISTS events_geo_update",
         "DROP TRIGGER IF EXISTS events_geo_delete", "DROP TABLE IF EXISTS events_geo"]
CREATE = [
    "CREATE VIRTUAL TABLE events_geo USING rtree(k, min_lat, max_lat, min_lon, max_lon, +lat, +lon, +date_start, "
    "+event_id)",
    f"INSERT INTO events_geo ({_COLUMNS}) SELECT {_ROW.format(r='events')} FROM events "
    "WHERE lat IS NOT NULL AND lon IS NOT NULL",
    "CREATE TRIGGER events_geo_insert AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL "
    f"BEGIN INSERT INTO events_geo ({_COLUMNS}) VALUES ({_ROW.format(r='new')}); END",
    "CREATE TRIGGER events_geo_update AFTER UPDATE OF lat, lon, date_start ON events "
    "WHEN old.lat IS NOT new.lat OR old.lon IS NOT new.lon OR old.date_start IS NOT new.date_start BEGIN "
    "DELETE FROM events_geo WHERE k = old.rowid; "
    f"INSERT INTO events_geo ({_COLUMNS}) SELECT {_ROW.format(r='new')} "
    "WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END",
    "CREATE TRIGGER events_geo_delete AFTER DELETE ON events BEGIN DELETE FROM events_geo WHERE k = old.rowid; END",
]


def _has_geo(conn) -> bool:  # type: ignore[no-untyped-def]
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events_geo'").first() is not None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite" or not _has_geo(conn):  # 0002 found no R-tree module
        return
    for statement in _DROP + CREATE:
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite" or not _has_geo(conn):
        return
    from importlib import import_module

    previous = import_module("warledger.store.migrations.versions.0002_fast_queries")
    for statement in _DROP + previous.SQLITE_GEO:
        conn.exec_driver_sql(statement)

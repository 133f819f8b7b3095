"""indexes for pages sorted by deaths and for map points

Revision ID: 0005_deaths_indexes
Revises: 0004_geo_pages
Create Date: 2026-11-25 11:55:00

A page sorted by fatalities (optionally of one event type, with a minimum toll) read every event
of the type and sorted them; (event_type, fatalities, date_start, id) and (fatalities,
date_start, id) follow the sort order (fatalities, then date, then id), so a page is an index walk.
The date index also carries lat/lon, so points for a map over a date range are read from the
index alone.
"""

from __future__ import annotations

from alembic import op

revision = "0005_deaths_indexes"
down_revision = "0004_geo_pages"
branch_labels = None
depends_on = None

DATE_COLUMNS = ["date_start", "id", "event_type", "fatalities", "country_code", "lat", "lon"]


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_fatalities")
        batch_op.drop_index("ix_events_date")
        batch_op.create_index("ix_events_fatalities", ["fatalities", "date_start", "id"], unique=False)
        batch_op.create_index("ix_events_type_fatalities", ["event_type", "fatalities", "date_start", "id"],
                              unique=False)
        batch_op.create_index("ix_events_date", DATE_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_fatalities")
        batch_op.drop_index("ix_events_type_fatalities")
        batch_op.drop_index("ix_events_date")
        batch_op.create_index("ix_events_fatalities", ["fatalities"], unique=False)
        batch_op.create_index("ix_events_date", ["date_start", "id", "event_type", "fatalities", "country_code"],
                              unique=False)

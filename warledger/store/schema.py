"""The ledger's tables (SQLAlchemy 2 declarative models).

The normalised tables (articles, article_versions, reports, claims, event_actors) are the
source of truth; ``events`` holds the reconciled event with denormalised columns for fast
filters plus ``doc``, the whole ledger event as JSON (the output contract), so that a page of
events is one indexed query. ``doc`` is rebuilt whenever an event changes.

Schema changes go through Alembic migrations in ``warledger/store/migrations``; bump
``SCHEMA_REVISION`` together with a new migration.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# the newest migration this code knows; the store refuses a database stamped with anything else
SCHEMA_REVISION = "0005_deaths_indexes"


class Base(DeclarativeBase):
    pass


class OutletRow(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class ArticleRow(Base):
    """A logical article (stable id, URL); its texts live in ``article_versions``."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    # near-duplicate cluster (wire copy republished elsewhere): the id of the first article of the cluster
    source_group: Mapped[str] = mapped_column(String(200), index=True)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime)


class ArticleVersionRow(Base):
    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    captions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    removed: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    source: Mapped[str] = mapped_column(Text, default="")
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash signature (uint64 little-endian)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ArticleBandRow(Base):
    """LSH band keys of article MinHash signatures: near-duplicate candidates by index lookup."""

    __tablename__ = "article_bands"
    __table_args__ = (Index("ix_article_bands_key", "band", "band_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    band: Mapped[int] = mapped_column(Integer)
    band_hash: Mapped[int] = mapped_column(BigInteger)


class LocationRow(Base):
    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400))  # geonameid, else name|country_code|precision
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(120))
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(16))
    geonameid: Mapped[int | None] = mapped_column(Integer)


class EventRow(Base):
    """A reconciled event. On SQLite the R-tree ``events_geo`` (rowid -> point, kept by triggers; see
    migration 0002_fast_queries) indexes ``lat``/``lon`` for bounding boxes."""

    __tablename__ = "events"
    __table_args__ = (
        # the trailing columns make the timeline and summary aggregates index-only (0002_fast_queries)
        Index("ix_events_country_date", "country_code", "date_start", "id", "event_type", "fatalities"),
        Index("ix_events_date", "date_start", "id", "event_type", "fatalities", "country_code", "lat", "lon"),
        Index("ix_events_type_date", "event_type", "date_start"),
        Index("ix_events_lat_lon", "lat", "lon"),
        Index("ix_events_lon", "lon"),
        # pages sorted by deaths walk these in sort order (0005_deaths_indexes)
        Index("ix_events_fatalities", "fatalities", "date_start", "id"),
        Index("ix_events_type_fatalities", "event_type", "fatalities", "date_start", "id"),
        Index("ix_events_updated", "updated_at"),
        Index("ix_events_country_name", "country"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    event_type: Mapped[str | None] = mapped_column(String(80))
    sub_event_type: Mapped[str | None] = mapped_column(String(120))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    location_name: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(120))
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    independent_sources: Mapped[int] = mapped_column(Integer, default=0)
    first_reported: Mapped[dt.date | None] = mapped_column(Date)
    last_updated: Mapped[dt.date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")  # lower-cased evidence, place and actor names
    doc: Mapped[str] = mapped_column(Text)  # the ledger event as JSON (warledger.contract.ledger_event_to_dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReportRow(Base):
    """An event as one article version reported it (event-to-article link)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("article_id", "article_version", "report_event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    article_version: Mapped[int] = mapped_column(Integer)
    report_event_id: Mapped[str] = mapped_column(String(200))  # Event.id given by extraction
    source_group: Mapped[str] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    outlet: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float, default=1.0)  # link score (1.0 = the event's first report)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)  # a newer version of the article exists
    payload: Mapped[str] = mapped_column(Text)  # the extracted event (contract JSON)
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ClaimRow(Base):
    """One figure from one article on an event (casualties and materiel); derived from reports."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    materiel: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(80))
    group: Mapped[str | None] = mapped_column("grp", String(40))
    side: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(20))
    low: Mapped[int] = mapped_column(Integer)
    best: Mapped[int] = mapped_column(Integer)
    high: Mapped[int] = mapped_column(Integer)
    claimed_by: Mapped[str | None] = mapped_column(Text)
    partisan: Mapped[bool] = mapped_column(Boolean, default=False)
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {start, end, text}


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    name_lower: Mapped[str] = mapped_column(String(300), index=True)
    type: Mapped[str] = mapped_column(String(40), default="unknown")


class EventActorRow(Base):
    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    side: Mapped[str | None] = mapped_column(String(200))
    backed_by: Mapped[str | None] = mapped_column(String(200))


class EventLogRow(Base):
    """Events merged away or deleted (for "what changed since" consumers such as the ACLED-style API)."""

    __tablename__ = "event_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    merged_into: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    reason: Mapped[str] = mapped_column(Text)


class EventDayRow(Base):
    """Events and fatalities per (country, day, type, status), kept exact by triggers on ``events``
    (migration 0003_event_days): the timeline and the summary read these sums, not every event.
    Unknown values are stored as ''."""

    __tablename__ = "event_days"
    __table_args__ = (Index("ix_event_days_day", "day", "event_type"),)

    country_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    country: Mapped[str] = mapped_column(String(120), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    fatalities: Mapped[int] = mapped_column(BigInteger)

"""The data model shared by every pipeline stage.

Each stage takes and returns these plain dataclasses:

    ingest  -> RawDocument
    clean   -> Article
    extract -> list[Event]   (locations still unresolved: ``Event.place_mentions``)
    geocode -> list[Event]   (``Event.location`` filled in)
    link    -> list[LedgerEvent]
    store / export / api read LedgerEvent and Article.

The JSON output contract of ``SPEC.md`` is produced from these objects by
``warledger.contract``; field names here follow that contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["reported", "planned", "background"]
CasualtyKind = Literal["killed", "wounded", "missing", "captured", "displaced"]
Group = Literal["civilians", "military", "police", "militants", "unknown"]
DatePrecision = Literal["day", "days", "week", "month", "year"]
GeoPrecision = Literal["exact", "city", "admin2", "admin1", "region", "country"]
ActorRole = Literal["perpetrator", "target", "party", "mediator"]
ActorType = Literal[
    "state_forces", "militia", "rebels", "civilians", "police", "government", "international", "unknown"
]
MaterielOutcome = Literal["destroyed", "damaged", "captured"]


@dataclass
class RawDocument:
    """One input document as read from disk, a feed, a URL or stdin, before cleaning.

    ``text`` is already decoded; ``format`` says how to read it (text, html, feed-entry, jsonl).
    Metadata that the container supplies (feed entry title, JSONL fields, HTML meta is left to
    the cleaner) is carried alongside.
    """

    source: str  # path, URL, "<stdin>" or "file.jsonl:LINE"
    text: str
    format: Literal["text", "html", "feed", "jsonl"]
    id: str | None = None  # an id given by the input (JSONL "id"); else derived from content
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    summary_only: bool = False  # a feed entry that carried only a summary


@dataclass
class IngestError:
    """An input that could not be read; reported, never fatal for a batch."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class Article:
    """A cleaned article. All evidence offsets index into ``text``."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    outlet: str | None = None
    url: str | None = None
    text_sha256: str = ""
    language: str = "en"
    captions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class DateRange:
    start: dt.date
    end: dt.date
    precision: DatePrecision = "day"
    text: str = ""


@dataclass
class PlaceMention:
    """A place named in the article, found by extraction, resolved by the geocoder."""

    text: str
    start: int = -1
    end: int = -1
    # how the mention relates to the event: "in" (where it happened), "context" (elsewhere in article)
    role: str = "in"


@dataclass
class Location:
    name: str
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: GeoPrecision = "city"
    geonameid: int | None = None
    mention: str | None = None  # the text in the article this was resolved from
    score: float = 0.0


@dataclass
class Actor:
    name: str
    role: ActorRole = "party"
    type: ActorType = "unknown"
    side: str | None = None
    backed_by: str | None = None


@dataclass
class Casualty:
    kind: CasualtyKind
    group: Group
    low: int
    best: int
    high: int
    side: str | None = None
    qualifier: str | None = None
    claimed_by: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Materiel:
    kind: str
    outcome: MaterielOutcome
    count: int
    side: str | None = None
    claimed_by: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    id: str
    status: Status = "reported"
    event_type: str | None = None
    sub_event_type: str | None = None
    date: DateRange | None = None
    location: Location | None = None
    actors: list[Actor] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    materiel: list[Materiel] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    # filled by extraction, consumed by the geocoder; not part of the output contract
    place_mentions: list[PlaceMention] = field(default_factory=list)


@dataclass
class ArticleResult:
    """What ``extract`` returns for one article: the cleaned article and its events."""

    article: Article
    events: list[Event] = field(default_factory=list)


@dataclass
class Claim:
    """One figure from one article, kept on a ledger event after linking."""

    kind: str  # casualty kind, or the equipment kind for materiel
    group: str | None
    side: str | None
    low: int
    best: int
    high: int
    claimed_by: str | None
    article_id: str
    outlet: str | None
    published: dt.date | None
    partisan: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    materiel: bool = False  # True when this claim is about equipment (count = best)
    outcome: str | None = None  # materiel outcome


@dataclass
class LedgerEvent:
    """An event after cross-article linking: reconciled figures plus every claim."""

    event: Event
    claims: list[Claim] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    independent_sources: int = 0
    first_reported: dt.date | None = None
    last_updated: dt.date | None = None
    updated_at: dt.datetime | None = None  # wall-clock time of the last change in the store


@dataclass
class EventFilter:
    """Filters shared by ``warledger events``, exports and the API (all optional, ANDed)."""

    country: str | None = None  # country name or ISO code
    event_type: str | None = None
    sub_event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    actor: str | None = None  # substring of an actor name
    min_fatalities: int | None = None
    text: str | None = None  # substring of evidence / article text
    status: str | None = None  # reported | planned | background; None = all

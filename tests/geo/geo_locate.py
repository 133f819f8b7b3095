"""One event geocoded in its article: the helper the table-driven geo tests share."""

from __future__ import annotations

from warledger.geo import geocode_events
from warledger.model import Article, Event, Evidence, Location


def locate(text: str, phrase: str, event_type: str | None = None, title: str | None = None) -> Location | None:
    """The location the geocoder gives an event whose evidence is ``phrase`` (its first occurrence) in ``text``."""
    start = text.index(phrase)
    event = Event(id="e", event_type=event_type, evidence=[Evidence(start, start + len(phrase), phrase)])
    geocode_events(Article(id="t", text=text, title=title), [event])
    return event.location

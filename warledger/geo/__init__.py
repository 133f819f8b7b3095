"""Geocoding stage: place names in an article to coordinates, admin areas and a precision.

``geocode_events(article, events)`` is the pipeline stage; ``geocode(query)`` serves look-ups;
``country_for_demonym(word)`` maps adjectives such as "Azerbaijani" to ISO codes for other stages.
"""

from warledger.geo.gazetteer import Gazetteer, GazetteerError, get_gazetteer
from warledger.geo.geocoder import country_for_demonym, geocode, geocode_events, mentions_from_text

__all__ = ["Gazetteer", "GazetteerError", "country_for_demonym", "geocode", "geocode_events", "get_gazetteer",
           "mentions_from_text"]

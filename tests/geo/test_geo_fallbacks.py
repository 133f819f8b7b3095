"""The geocoder's fallbacks when an event's sentence names no place outright: places inside
organisation, road and office names, "X of Y district", parties and groups, regional adjectives.
Prose written for these tests."""

from __future__ import annotations

import pytest
from geo_locate import locate

from warledger.geo import geocode_events
from warledger.geo.geocoder import km, regional_adjective
from warledger.model import Article, Event, Evidence

# (text, phrase of the event, country, precision, point or None)
EMBEDDED = [
    ("Members of the Gujarat Contract Teachers' Federation began a hunger strike over unpaid salaries.",
     "began a hunger strike", "IN", "admin1", None),
    ("The Lahore Bar Association boycotted the courts after a lawyer was beaten by police.",
     "boycotted the courts", "PK", "city", (31.55, 74.34)),
    ("Traders blocked the Lahore-Islamabad Motorway for three hours demanding lower taxes.",
     "Traders blocked", "PK", "city", (31.55, 74.34)),
    ("Under the banner of the Odisha Anganwadi Karmi Sangh, workers marched and were stopped by police.",
     "workers marched", "IN", "admin1", None),
    ("Students of Dhaka University clashed with activists of a rival group; ten were injured.",
     "ten were injured", "BD", "city", (23.71, 90.41)),
    ("Pickets set fire to a bus on the Dhaka-Mymensingh Highway during the strike.",
     "set fire to a bus", "BD", "city", (23.71, 90.41)),
    ("Employees protested outside the office of the Commissioner Karachi against delayed pensions.",
     "Employees protested", "PK", "city", (24.86, 67.01)),
    ("Activists of the Kerala Students Union held a sit-in against the fee hike.",
     "held a sit-in", "IN", "admin1", None),
    ("Members of the Balochistan Employees Grand Alliance staged a sit-in over wages.",
     "staged a sit-in", "PK", "admin1", None),
    # an old English name of a very big city, inside an institution's name
    ("Lecturers of the University of Bombay boycotted exams over pay.", "boycotted exams", "IN", "city",
     (19.07, 72.88)),
    # a district inside a body's name, in an article that names its country
    ("Farmers of the Nashik District Onion Growers Association blocked a highway in India's west.",
     "blocked a highway", "IN", "admin2", None),
    ("Workers at the Visakhapatnam Steel Plant struck work against privatisation.", "struck work", "IN", "city",
     (17.69, 83.22)),
    # the institution word inside the run, not at its end; a city of a million under its former name
    ("Allahabad University students boycotted classes over the fee hike.", "boycotted classes", "IN", "city",
     (25.44, 81.85)),
    ("On Monday the Udupi Power Corporation Ltd staff struck work after a colleague died in a fall.", "struck work",
     "IN", "city", (13.34, 74.75)),
    ("Activists of the Allahabad University Student Union locked the main gate over the fee hike.",
     "locked the main gate", "IN", "city", (25.44, 81.85)),
    # "Pressclub" written as one word; Thatta district is placed at its town
    ("Reporters staged a sit-in at the Thatta Pressclub over an assault on a colleague.", "staged a sit-in",
     "PK", "admin2", (24.75, 67.92)),
]


@pytest.mark.parametrize("text, phrase, code, precision, point", EMBEDDED)
def test_places_inside_names(gazetteer, text, phrase, code, precision, point) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code and loc.precision == precision, loc
    if point:
        assert km(loc.lat, loc.lon, *point) < 30, loc


# names inside other names that must not become the event's place
NOT_EMBEDDED = [
    # a state name shared by two countries, nothing else in the text to choose one
    "Members of the Punjab Teachers Union continued their sit-in for a fourth day.",
    # a small town named inside a road name, read abroad with nothing to support it
    "Two buses were torched on the Chandrapur-Moju link road at night.",
    # a longer place name the gazetteer lacks, whose first word is a town elsewhere
    "Residents of Fort Kochi staged a sit-in after the ferry accident.",
    # a designator word, not a name
    "A farmer was beaten to death in Colonia Nueva Ilusion Poniente on Sunday.",
]


@pytest.mark.parametrize("text", NOT_EMBEDDED)
def test_no_place_from_unsafe_inner_names(gazetteer, text) -> None:
    phrase = text.split()[-3]
    loc = locate(text, phrase)
    assert loc is None, loc


@pytest.mark.parametrize("text, phrase, code, point", [
    ("A man was shot dead in Birgunj of Parsa district on Monday.", "shot dead", "NP", (27.01, 84.88)),
    ("Police fired rubber bullets in Biratnagar of Morang district to disperse protesters.", "fired rubber",
     "NP", (26.45, 87.27)),
    ("Clashes broke out at Madhyamgram in North 24 Parganas district after the count.", "Clashes broke out",
     "IN", (22.70, 88.45)),
])
def test_town_of_district(gazetteer, text, phrase, code, point) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code, loc
    assert km(loc.lat, loc.lon, *point) < 30, loc


def test_district_of_unknown_village(gazetteer) -> None:
    # the village is not in the gazetteer: its district stands, at its own precision
    loc = locate("Three were hurt in Chhotkipur of Sarlahi district on Friday.", "Three were hurt")
    assert loc is not None and loc.country_code == "NP" and loc.precision == "admin2", loc


@pytest.mark.parametrize("text, phrase, code", [
    ("The BNP-led alliance enforced a dawn-to-dusk hartal; four buses were torched.", "four buses", "BD"),
    ("CRPF personnel fired tear gas at stone-pelters; six were hurt.", "six were hurt", "IN"),
    ("Frontier Corps personnel came under fire; one soldier died.", "one soldier died", "PK"),
    ("Nepali Congress cadres clashed with police; twelve were injured.", "twelve were injured", "NP"),
])
def test_group_country_when_no_place(gazetteer, text, phrase, code) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code and loc.precision == "country", loc


@pytest.mark.parametrize("word, expected", [
    ("Sindhi", ("PK", "Sindh")),
    ("pro-Kannada", ("IN", "Karnataka")),
    ("Baloch", ("PK", "Balochistan")),
    ("Madhesi", ("NP", None)),
    ("Tigrayan", ("ET", "Tigray")),
    ("Uyghur", ("CN", "Xinjiang")),
    ("Malayalam", ("IN", "Kerala")),
    ("Patidars", ("IN", "Gujarat")),
    ("Sindhi-speaking", ("PK", "Sindh")),
    ("Punjabi", None),  # both Punjabs: left out
    ("Bengali", None),  # West Bengal and Bangladesh
    ("Tamil", None),  # Tamil Nadu and Sri Lanka
    ("Kashmiri", None),  # both sides of the Line of Control
    ("Karachi", None),
])
def test_regional_adjective(word, expected) -> None:
    assert regional_adjective(word) == expected


@pytest.mark.parametrize("text, phrase, code, precision, area", [
    ("Sindhi nationalists blocked the highway for hours; two were hurt in a scuffle.", "two were hurt",
     "PK", "admin1", "Sindh"),
    ("Pro-Kannada groups enforced a shutdown; buses were stoned and three people injured.", "three people injured",
     "IN", "admin1", "Karnataka"),
    ("Suspected Baloch insurgents ambushed a convoy, killing four soldiers.", "killing four soldiers",
     "PK", "admin1", "Balochistan"),
    ("Madhesi protesters clashed with police; one protester died.", "one protester died", "NP", "country", None),
    ("Writers marched to demand that Malayalam be made compulsory in schools.", "Writers marched", "IN", "admin1",
     "Kerala"),
    ("Sikh pilgrims were attacked on their way home; five were wounded.", "five were wounded", "IN", "country", None),
])
def test_regional_adjective_as_last_resort(gazetteer, text, phrase, code, precision, area) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code and loc.precision == precision, loc
    if area:
        assert area.lower() in f"{loc.admin1} {loc.name}".lower(), loc


def test_a_place_beats_a_regional_adjective(gazetteer) -> None:
    loc = locate("Sindhi traders protested in Quetta against new taxes.", "protested in Quetta")
    assert loc is not None and loc.country_code == "PK" and loc.precision == "city", loc


@pytest.mark.parametrize("text, phrase, point", [
    # two Islampurs in India: the district named after "in" picks one
    ("Shops were torched in Islampur in Nalanda district after a clash.", "Shops were torched", (25.14, 85.21)),
    ("Shops were torched in Islampur in Uttar Dinajpur district after a clash.", "Shops were torched",
     (26.27, 88.19)),
    ("Shops were torched in Islampur of Jhunjhunu district after a clash.", "Shops were torched", (28.15, 75.54)),
])
def test_town_in_named_district(gazetteer, text, phrase, point) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == "IN" and loc.precision == "city", loc
    assert km(loc.lat, loc.lon, *point) < 15, loc


def test_town_kept_when_its_district_was_redrawn(gazetteer) -> None:
    # the gazetteer may hold a town under its old district: "in Y district" then does not discard it
    loc = locate("A militant was killed near Islampur in Sheikhpura district on Thursday.", "A militant was killed")
    assert loc is not None and loc.country_code == "IN", loc


@pytest.mark.parametrize("text, phrase, code, point, mentions", [
    # a name with a cue beats a bare one the extraction stage also found
    ("Workers of the Kerman Copper Company staged a sit-in at Rafsanjan over unpaid wages.", "staged a sit-in",
     "IR", (30.41, 55.99), [("Kerman", "in")]),
    # a lower-case mention from extraction is a common noun, not a name
    ("Protesters blocked the metro entrance in Lahore; police detained five.", "police detained five",
     "PK", (31.55, 74.34), [("metro", "in")]),
    # a quarter of a town named as "X of Y city"
    ("A bomb went off in District 7 of Kabul city, wounding three.", "wounding three", "AF", (34.53, 69.17), []),
    # the only reading of a town close to the district that qualifies it, held under another district
    ("Youths burned tyres in Lunsar town (Port Loko, North West) after the arrest.", "Youths burned tyres",
     "SL", (8.68, -12.53), []),
])
def test_cued_and_qualified_towns(gazetteer, text, phrase, code, point, mentions) -> None:
    from warledger.model import PlaceMention

    start = text.index(phrase)
    pms = [PlaceMention(t, text.index(t), text.index(t) + len(t), role) for t, role in mentions]
    event = Event(id="e", evidence=[Evidence(start, start + len(phrase), phrase)], place_mentions=pms)
    geocode_events(Article(id="t", text=text), [event])
    loc = event.location
    assert loc is not None and loc.country_code == code, loc
    assert km(loc.lat, loc.lon, *point) < 25, loc


@pytest.mark.parametrize("text, phrase, code, precision", [
    # an admin area's own name beats a country reached only by a stray alternate name
    ("Stone pelting broke out at a college in Sikkim; four students were hurt.", "four students were hurt",
     "IN", "admin1"),
    ("Police fired tear gas in Nagaland after a bandh turned violent.", "Police fired tear gas", "IN", "admin1"),
])
def test_admin_area_own_name_over_country_alias(gazetteer, text, phrase, code, precision) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code and loc.precision == precision, loc


def test_institution_named_after_a_town_only_by_its_own_name(gazetteer) -> None:
    # "Jagannath" is an alternate name of Puri: Jagannath University is not in Puri
    loc = locate("Students clashed with police at Jagannath University; ten were hurt.", "ten were hurt")
    assert loc is None or loc.name != "Puri", loc


@pytest.mark.parametrize("text, phrase, code, precision, point", [
    # the event's sentence names only its country; the sentence before names a town in it
    ("Opposition supporters burned copies of the draft charter in Dhangadhi on Friday. A group led by a "
     "former minister scuffled with police as it pressed for Nepal to restore the monarchy.",
     "scuffled with police", "NP", "city", (28.70, 80.59)),
    # ... but a town in another country does not replace the country named
    ("The labour minister flew to Geneva on Monday. Police clashed with striking garment workers who demanded "
     "that Bangladesh raise the minimum wage.", "Police clashed", "BD", "country", None),
])
def test_country_named_with_a_town_before(gazetteer, text, phrase, code, precision, point) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code and loc.precision == precision, loc
    if point:
        assert km(loc.lat, loc.lon, *point) < 30, loc


@pytest.mark.parametrize("text, phrase, name", [
    # a town followed by a party's acronym: the party's branch there
    ("In Sukkur PPP and PTI workers jointly blocked the bypass against power cuts.", "blocked the bypass", "Sukkur"),
    ("Lahore PML-N activists burned tyres outside the power company's office.", "burned tyres", "Lahore"),
])
def test_town_before_an_acronym(gazetteer, text: str, phrase: str, name: str) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.name == name and loc.precision == "city", loc


@pytest.mark.parametrize("text, phrase, name", [
    # a town after a comma with no place before it to qualify is the place, not a qualifier beneath a province
    ("The Traders Welfare Association, Mardan chapter, blocked the main road against the new tax imposed by the "
     "Khyber Pakhtunkhwa government.", "blocked the main road", "Mardan"),
])
def test_town_after_a_comma_with_nothing_to_qualify(gazetteer, text: str, phrase: str, name: str) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.name == name and loc.precision == "city", loc

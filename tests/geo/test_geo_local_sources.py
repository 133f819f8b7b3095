"""Sub-district places from country packages (``local_sources``): Bangladesh upazilas and unions, India's
post-office villages. The readers run on small files written here; the look-ups on the real index.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geo_locate import locate

from warledger.geo.build import CONTENT_VERSION
from warledger.geo.gazetteer import Gazetteer
from warledger.geo.geocoder import km
from warledger.geo.local_sources import bangladesh_places, india_post_places, village_name

# --- readers -------------------------------------------------------------------------------------

POST_HEADER = "pincode,officename,area,officetype,delivery,district,state,division,region,circle,latitude,longitude\n"


def _post_row(area: str, district: str, lat: str, lon: str, state: str = "Odisha") -> str:
    return f"760001,{area} B.O,{area},BO,Delivery,{district},{state},X Division,X Region,X Circle,{lat},{lon}\n"


@pytest.fixture()
def post_root(tmp_path: Path) -> Path:
    rows = [
        _post_row("Talasara", "Ganjam", "19.40", "84.80"),
        _post_row("Kumbharpada", "Ganjam", "19.30", "84.90"),
        _post_row("Badagada", "Ganjam", "19.35", "84.70"),
        _post_row("Talasara", "Ganjam", "19.41", "84.81"),      # its branch office: the same village
        _post_row("Talasara", "Ganjam", "19.90", "84.20"),      # another Talasara, 85 km away in the district
        _post_row("Gopalpur", "Ganjam", "84.85", "19.26"),      # latitude and longitude swapped
        _post_row("Nuapada", "Ganjam", "26.10", "91.70"),       # inside India, far outside its district
        _post_row("Police Lines", "Ganjam", "19.31", "84.79"),  # a compound, not a village
        _post_row("Sanakhemundi", "Ganjam", "", ""),            # no point
        _post_row("Rangeilunda", "Ganjam", "19.32", "84.85", state="Jammu & Kashmir"),
    ]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "pincodes.csv").write_text(POST_HEADER + "".join(rows), encoding="utf-8")
    return tmp_path


def test_post_offices_give_one_village_per_place(post_root: Path) -> None:
    rows = list(india_post_places(post_root))
    names = [r[1] for r in rows]
    assert names.count("Talasara") == 1  # the branch 1.5 km away is the same village
    assert {"Kumbharpada", "Badagada"} <= set(names)
    assert all(r[0] == "city" and r[2] == "IN" for r in rows)
    assert rows[names.index("Talasara")][3:5] == (19.40, 84.80)


def test_post_offices_with_bad_points_are_dropped(post_root: Path) -> None:
    names = {r[1] for r in india_post_places(post_root)}
    assert "Gopalpur" not in names  # swapped coordinates fall outside India
    assert "Nuapada" not in names  # hundreds of km from the rest of its district
    assert "Sanakhemundi" not in names
    assert "Police Lines" not in names


def test_post_office_state_names_are_spelt_as_the_index_does(post_root: Path) -> None:
    row = next(r for r in india_post_places(post_root) if r[1] == "Rangeilunda")
    assert row[5] == "Jammu and Kashmir"


def test_missing_packages_give_no_rows(tmp_path: Path) -> None:
    assert list(india_post_places(tmp_path)) == []
    assert list(bangladesh_places(tmp_path)) == []


def _square(lat: float, lon: float, half: float = 0.02) -> dict:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_bangladesh_upazilas_and_unions_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "boundaries"
    folder.mkdir(parents=True)
    upazila = {"adm3_name": "Kalaroa", "adm2_name": "Satkhira", "adm1_name": "Khulna",
               "center_lat": 22.88, "center_lon": 89.03}
    (folder / "bgd_admin3.geojson").write_text(json.dumps({"features": [
        {"properties": upazila, "geometry": _square(22.88, 89.03)},
        {"properties": {**upazila, "adm3_name": None}, "geometry": _square(22.0, 89.0)},
    ]}), encoding="utf-8")
    (folder / "bgd_admin4_simplified.geojson").write_text(json.dumps({"features": [
        {"properties": {"shapeName": "Jallabad"}, "geometry": _square(22.95, 89.10)},
        {"properties": {"shapeName": "Ward No-05"}, "geometry": _square(22.90, 89.00)},
        {"properties": {"shapeName": "Keralkata"}, "geometry": {"type": "Point", "coordinates": [89.0, 22.9]}},
    ]}), encoding="utf-8")
    rows = list(bangladesh_places(tmp_path))
    assert rows[0] == ("admin2", "Kalaroa", "BD", 22.88, 89.03, "Khulna", "Satkhira")
    union = rows[1]
    assert union[:3] == ("city", "Jallabad", "BD")
    assert km(union[3], union[4], 22.95, 89.10) < 1
    assert len(rows) == 2  # no name, a ward number, a point instead of an outline: skipped


@pytest.mark.parametrize("name, ok", [
    ("Kothimir", True), ("Rampur Kalan", True), ("Jamia Masjid", False), ("Civil Lines", False),
    ("Police Station", False), ("Ward No-05", False), ("Ara", False), ("Industrial Estate", False),
])
def test_village_names(name: str, ok: bool) -> None:
    assert village_name(name) is ok


# --- the real index ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_gazetteer(gazetteer: Gazetteer) -> Gazetteer:
    assert gazetteer.content_version >= CONTENT_VERSION, (
        f"{gazetteer.path} predates the sub-district places; rebuild it with `warledger gazetteer build`")
    return gazetteer


def test_upazila_named_with_its_designator(local_gazetteer) -> None:
    loc = locate("Two shops were set on fire during a clash between rival groups in Kalaroa upazila on Sunday.",
                  "Two shops were set on fire")
    assert loc is not None and loc.country_code == "BD"
    assert km(loc.lat, loc.lon, 22.88, 89.03) < 25


def test_village_in_the_articles_country(local_gazetteer) -> None:
    loc = locate("Residents of Kothimir village in Telangana blocked the highway after a boy drowned in a "
                  "quarry pit.", "blocked the highway")
    assert loc is not None and (loc.country_code, loc.precision) == ("IN", "city")
    assert km(loc.lat, loc.lon, 19.36, 79.54) < 25


def test_village_is_not_read_in_another_country(local_gazetteer) -> None:
    loc = locate("Gunmen attacked a police post in Kothimir, officials in Kenya said.", "Gunmen attacked")
    assert loc is None or loc.country_code != "IN"


@pytest.mark.parametrize("text, phrase, word", [
    # (the Prime Minister's name says India, and "the capital" then New Delhi: not a village called Modi)
    ("Farmers rallied against the Modi government over crop prices in the capital.", "Farmers rallied", "Modi"),
    ("Maoists blew up a culvert near the Konar river on Tuesday night.", "Maoists blew up", "Konar"),
    ("Farmers blocked roads across the Malwa region on Monday.", "Farmers blocked roads", "Malwa"),
])
def test_common_words_are_not_villages(local_gazetteer, text: str, phrase: str, word: str) -> None:
    loc = locate(text, phrase)
    assert loc is None or loc.precision != "city" or loc.name != word, loc


# --- rules for names with readings in several countries ------------------------------------------

def test_own_name_beats_a_tied_alternate_name_abroad(gazetteer) -> None:
    # "Gaur" is the Nepali town's own name and only an alternate name of Le Havre; nothing else to go by
    loc = locate("A curfew was imposed in Gaur after a protester was shot dead on Friday.", "A curfew was imposed")
    assert loc is not None and loc.country_code == "NP"


def test_a_big_towns_english_name_still_wins(gazetteer) -> None:
    loc = locate("Police dispersed a march in Odessa on Saturday.", "Police dispersed a march")
    assert loc is not None and loc.country_code == "UA"


def test_a_countrys_own_designator_picks_that_country(local_gazetteer) -> None:
    # Mirzapur is a big town in India and an upazila of Tangail in Bangladesh
    loc = locate("Two rival groups clashed over a disputed pond in Mirzapur upazila, leaving five hurt.",
                  "Two rival groups clashed")
    assert loc is not None and loc.country_code == "BD"


def test_a_prison_names_where_it_stands(gazetteer) -> None:
    loc = locate("Inmates rioted at Songkhla Central Prison over food rations.", "Inmates rioted")
    assert loc is not None and loc.country_code == "TH"


def test_arabic_article_alone_is_not_a_place(gazetteer) -> None:
    loc = locate("Nurses of Al-Noor Hospital protested unpaid wages in Basra city on Sunday.", "Nurses of")
    assert loc is not None and loc.country_code == "IQ"


@pytest.mark.parametrize("text, phrase, foreign", [
    ("Hundreds of workers at a Japanese firm went on strike over unpaid overtime.", "went on strike", "JP"),
    ("Students burned flags outside the British embassy on Friday.", "Students burned flags", "GB"),
    ("Traders shut their shops as the US dollar hit a new high against the local currency.", "Traders shut", "US"),
])
def test_a_foreign_presence_is_not_the_place(gazetteer, text: str, phrase: str, foreign: str) -> None:
    loc = locate(text, phrase)
    assert loc is None or loc.country_code != foreign


def test_a_demonym_alone_still_gives_the_country(gazetteer) -> None:
    loc = locate("Afghan forces repelled a night attack on a checkpoint, an official said.", "Afghan forces repelled")
    assert loc is not None and (loc.country_code, loc.precision) == ("AF", "country")


def test_a_towns_name_after_district_headquarters_is_cued(gazetteer) -> None:
    loc = locate("Shops stayed shut in the district headquarters Malangwa as the general strike entered its "
                  "third day.", "Shops stayed shut")
    assert loc is not None and (loc.country_code, loc.precision) == ("NP", "city")


@pytest.mark.parametrize("text, code", [
    ("Supporters of the Cambodia National Rescue Party marched to demand the release of detained members.", "KH"),
    ("Members of the Lao People's Revolutionary Party youth wing were attacked by unknown men.", "LA"),
    ("Red-shirted UDD supporters blocked a major road for the second day.", "TH"),
])
def test_a_national_party_gives_its_country(gazetteer, text: str, code: str) -> None:
    loc = locate(text, text.split(" ", 3)[0])
    assert loc is not None and (loc.country_code, loc.precision) == (code, "country")


def test_the_capital_of_a_known_country_is_its_capital_city(gazetteer) -> None:
    loc = locate("Awami League activists clashed with police in the capital on Monday.", "Awami League activists")
    assert loc is not None and (loc.name, loc.country_code, loc.precision) == ("Dhaka", "BD", "city")


@pytest.mark.parametrize("text", [
    "Awami League activists clashed with police in the provincial capital on Monday.",
    "Awami League activists marched against capital punishment on Monday.",
])
def test_other_capitals_are_not_the_countrys(gazetteer, text: str) -> None:
    loc = locate(text, "Awami League activists")
    assert loc is not None and (loc.country_code, loc.precision) == ("BD", "country")

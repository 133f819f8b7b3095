"""First-level areas abolished by a reform but still named in news (``former_provinces.tsv``): Vietnam's
provinces merged away in 2025, Ethiopia's SNNPR. Prose written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from geo_locate import locate

from warledger.geo import geocode
from warledger.geo.build import read_former_provinces
from warledger.geo.geocoder import km


def test_every_former_province_is_in_the_index(gazetteer) -> None:
    for record, _ in read_former_provinces():
        places = [p for p in gazetteer.find(record.name) if p.precision == "admin1"
                  and p.country_code == record.country_code]
        assert places, f"{record.name} ({record.country_code}) is not in the index"


@pytest.mark.parametrize(("query", "lat", "lon"), [
    ("Ninh Thuan province", 11.56, 108.99),  # Phan Rang-Thap Cham
    ("Quang Nam", 15.57, 108.47),            # Tam Ky
    ("Binh Duong province", 10.98, 106.65),  # Thu Dau Mot
    ("Ba Ria-Vung Tau", 10.50, 107.17),      # Ba Ria
    ("SNNPR", 7.06, 38.48),                  # Hawassa
])
def test_former_province_at_its_capital(gazetteer, query: str, lat: float, lon: float) -> None:
    best = geocode(query, limit=1)[0]
    assert best.precision == "admin1" and km(best.lat, best.lon, lat, lon) < 15, best


@pytest.mark.parametrize(("text", "phrase", "code"), [
    ("Hundreds of villagers in central Binh Dinh province blocked a highway to protest against a waste plant.",
     "blocked a highway", "VN"),
    ("Farmers in Quang Nam's Dien Ban town scuffled with police over land compensation.", "scuffled with police",
     "VN"),
])
def test_event_in_a_former_province(gazetteer, text: str, phrase: str, code: str) -> None:
    loc = locate(text, phrase)
    assert loc is not None and loc.country_code == code, loc


def test_bad_former_province_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "former.tsv"
    bad.write_text("# header\nQuang Nam\tVN\tTam Ky\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"former\.tsv: line 2 needs 4 tab-separated columns"):
        read_former_provinces(bad)

"""The query-parameter rules of the API: bounding boxes, days, blank form fields."""

import datetime as dt

import pytest

from warledger.api.params import clean_text, parse_bbox, parse_day


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("44.5,39.0,47.0,41.5", (44.5, 39.0, 47.0, 41.5)),  # around Tavush and Karabakh
        (" 36.0 , 47.5 , 39.5 , 49.0 ", (36.0, 47.5, 39.5, 49.0)),  # spaces from a hand-typed URL
        ("-180,-90,180,90", (-180.0, -90.0, 180.0, 90.0)),  # the whole world
        ("170,-20,-170,-10", (170.0, -20.0, -170.0, -10.0)),  # across the antimeridian (Fiji)
    ],
)
def test_parse_bbox_accepts(raw, expected):
    assert parse_bbox(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("44.5,39.0,47.0", "4 numbers"),
        ("44.5,39.0,47.0,41.5,3", "4 numbers"),
        ("west,39,47,41", "4 numbers"),
        ("44.5,39.0,nan,41.5", "finite"),
        ("44.5,39.0,190,41.5", "longitude 190"),
        ("44.5,-91,47,41.5", "latitude -91"),
        ("44.5,41.5,47,39.0", "minlat 41.5 is greater than maxlat 39"),
    ],
)
def test_parse_bbox_rejects_with_reason(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_bbox(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [("2020-09-27", dt.date(2020, 9, 27)), (" 2024-02-29 ", dt.date(2024, 2, 29))],
)
def test_parse_day_accepts(raw, expected):
    assert parse_day(raw) == expected


@pytest.mark.parametrize("raw", ["27/09/2020", "2023-02-29", "yesterday", "2020-9-27x"])
def test_parse_day_rejects(raw):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day(raw)


@pytest.mark.parametrize("raw, expected", [(None, None), ("", None), ("   ", None), (" Kharkiv ", "Kharkiv")])
def test_blank_form_fields_mean_no_filter(raw, expected):
    assert clean_text(raw) == expected

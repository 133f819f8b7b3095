"""``Ledger.where`` and ``Ledger.filter_params``: named parameters whose names alone decide the SQL.

The API compiles a filtered statement once per set of parameter names and reruns it with each
request's values, which is only right if no value is written into the SQL itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from warledger.model import EventFilter
from warledger.store import Ledger
from warledger.store.schema import EventRow

# pairs of filters of one shape (the same parameters set) with different values
SAME_SHAPE = [
    (EventFilter(country="Ukraine"), EventFilter(country="SD")),
    (EventFilter(country="Atlantis"), EventFilter(country="Lemuria ")),  # unknown: by stored name
    (EventFilter(event_type="Battles", sub_event_type="Armed clash"),
     EventFilter(event_type="Protests", sub_event_type="Peaceful protest")),
    (EventFilter(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 1)),
     EventFilter(date_from=dt.date(2023, 5, 5), date_to=dt.date(2023, 6, 30))),
    (EventFilter(bbox=(30.0, 45.0, 40.0, 52.0)), EventFilter(bbox=(-10.0, -5.0, 10.0, 5.0))),
    (EventFilter(bbox=(170.0, -20.0, -170.0, 0.0)), EventFilter(bbox=(160.0, 10.0, -175.0, 30.0))),  # antimeridian
    (EventFilter(actor="army", text="shelling"), EventFilter(actor="100%_rebels", text="drone")),
    (EventFilter(min_fatalities=0, status="reported"), EventFilter(min_fatalities=25, status="planned")),
]


@pytest.mark.parametrize(("a", "b"), SAME_SHAPE)
def test_one_shape_one_sql_with_each_filters_values(ledger: Ledger, a: EventFilter, b: EventFilter):
    pa, pb = ledger.filter_params(a), ledger.filter_params(b)
    assert sorted(pa) == sorted(pb) and pa != pb
    ca = ledger.where(select(EventRow.id), a).compile(dialect=ledger.engine.dialect)
    cb = ledger.where(select(EventRow.id), b).compile(dialect=ledger.engine.dialect)
    assert ca.string == cb.string
    # every value of the filter is a named parameter (the box's ±180 edges are constants of the shape)
    named = {k: v for k, v in ca.params.items() if k.startswith("f_")}
    assert named == pa
    assert all(v in (180.0, -180.0) for k, v in ca.params.items() if not k.startswith("f_"))


def test_a_box_across_the_antimeridian_is_another_shape(ledger: Ledger):
    across = ledger.filter_params(EventFilter(bbox=(170.0, -20.0, -170.0, 0.0)))
    plain = ledger.filter_params(EventFilter(bbox=(-170.0, -20.0, 170.0, 0.0)))
    assert sorted(across) != sorted(plain)


def test_no_filter_no_parameters(ledger: Ledger):
    assert ledger.filter_params(None) == ledger.filter_params(EventFilter()) == {}

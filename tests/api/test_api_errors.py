"""Validation errors said in words: which parameter or body field, and what is wrong."""

import pytest

from warledger.api.errors import describe_location, readable_errors


@pytest.mark.parametrize(
    "loc, prefix, words",
    [
        (("query", "size"), None, "query parameter 'size'"),
        (("path", "event_id"), None, "path parameter 'event_id'"),
        (("articles", 0, "text"), "body", "body field 'articles[0].text'"),
        (("published",), "body", "body field 'published'"),
        ((), "body", "body"),
    ],
)
def test_describe_location(loc, prefix, words):
    assert describe_location(loc, prefix) == words


def test_readable_errors_joins_and_quotes_the_input():
    errors = [
        {"loc": ("query", "size"), "msg": "Input should be less than or equal to 500", "type": "less_than_equal",
         "input": "900"},
        {"loc": ("query", "page"), "msg": "Field required", "type": "missing", "input": None},
    ]
    assert readable_errors(errors) == (
        "query parameter 'size': Input should be less than or equal to 500 (got '900'); "
        "query parameter 'page': Field required"
    )

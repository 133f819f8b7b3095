"""Properties of the number parser, date resolver, cleaner and evidence offsets, for any input (Hypothesis).

Examples per test are modest by default; ``HYPOTHESIS_PROFILE=fuzz`` runs thousands.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from hostile_generators import DATES, NUMBERS, news_texts
from hypothesis import given, settings
from hypothesis import strategies as st
from result_invariants import check_result

from warledger.clean import clean_document
from warledger.extract.dates import find_dates, resolve_relative_date
from warledger.extract.numbers import find_amounts, parse_amount
from warledger.model import RawDocument
from warledger.pipeline import process_document

number_phrases = st.one_of(
    st.sampled_from(NUMBERS),
    st.builds(lambda q, n: f"{q} {n}", st.sampled_from(["nearly", "at least", "more than", "about", "up to",
                                                        "almost", "over", "some", "fewer than", "around"]),
              st.one_of(st.sampled_from(NUMBERS), st.integers(0, 10**12).map(str),
                        st.integers(0, 10**9).map(lambda n: f"{n:,}"))),
    st.builds(lambda a, b: f"between {a} and {b}", st.integers(0, 10**6), st.integers(0, 10**6)),
    st.builds(lambda a, b: f"{a}-{b}", st.integers(0, 10**6), st.integers(0, 10**6)),
    st.text(max_size=30),
)
texts_with_numbers = st.builds(lambda parts: " ".join(parts), st.lists(
    st.one_of(number_phrases, st.sampled_from(["civilians were killed", "soldiers", ",", "and", "of the", "\u200b"])),
    max_size=12))
published_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2150, 12, 31))
date_sentences = st.builds(lambda a, b, c: f"{a} {b} {c}", st.text(max_size=15), st.sampled_from(DATES),
                           st.text(max_size=15))


@given(texts_with_numbers, st.booleans())
def test_amounts_are_ordered_inside_the_text_and_deterministic(text: str, acled: bool) -> None:
    amounts = find_amounts(text, acled_conventions=acled)
    for a in amounts:
        assert 0 <= a.low <= a.best <= a.high, a
        assert 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.text, a
    assert [(a.start, a.end) for a in amounts] == sorted((a.start, a.end) for a in amounts)
    assert find_amounts(text, acled_conventions=acled) == amounts


@given(number_phrases)
def test_parse_amount_covers_the_whole_phrase_or_nothing(phrase: str) -> None:
    amount = parse_amount(phrase)
    if amount is not None:
        assert amount.text == phrase.strip() and amount.low <= amount.best <= amount.high
    assert parse_amount(phrase) == amount


@given(st.integers(0, 10**15))
def test_digit_figures_read_back_exactly(n: int) -> None:
    for written in (str(n), f"{n:,}"):
        amount = parse_amount(written)
        assert amount is not None and amount.best == n, (written, amount)


@given(date_sentences, published_dates, st.sampled_from([None, "past", "present", "future"]))
def test_dates_start_before_end_inside_the_sentence(sentence: str, published: dt.date, tense: str | None) -> None:
    found = find_dates(sentence, published, tense)
    for d in found:
        assert d.range.start <= d.range.end, d
        assert 0 <= d.start < d.end <= len(sentence) and sentence[d.start:d.end] == d.text
    assert find_dates(sentence, published, tense) == found


@given(st.one_of(st.sampled_from(DATES), st.text(max_size=25)), published_dates)
def test_resolve_relative_date_never_raises(phrase: str, published: dt.date) -> None:
    rng = resolve_relative_date(phrase, published)
    if rng is not None:
        assert rng.start <= rng.end
    assert resolve_relative_date(phrase, published) == rng


@given(news_texts(), st.sampled_from(["text", "html"]))
def test_cleaner_is_deterministic_and_errors_are_one_line(text: str, fmt: str) -> None:
    raw = RawDocument(source="<prop>", text=text, format=fmt)
    try:
        article = clean_document(raw)
    except ValueError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    again = clean_document(raw)
    assert article == again
    assert article.text.strip() and article.text == article.text.strip()
    if fmt == "text":  # plain text: nothing is invented, every kept paragraph comes from the input
        # the cleaner drops invisible format characters (soft hyphen, zero-width space: Unicode Cf)
        def visible(s: str) -> str:  # the cleaner also NFC-normalises
            kept = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
            return " ".join(unicodedata.normalize("NFC", kept).split())

        # every word kept comes from the input (credit lines and furniture may be cut out between them)
        input_words = set(visible(text).split())
        for paragraph in article.text.split("\n\n"):
            assert set(visible(paragraph).split()) <= input_words or "\r" in text


@settings(max_examples=40)
@given(news_texts(), st.one_of(st.none(), published_dates))
def test_evidence_points_into_the_cleaned_text(text: str, published: dt.date | None) -> None:
    raw = RawDocument(source="<prop>", text=text, format="text")
    try:
        result = process_document(raw, published=published)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    check_result(result)
    assert process_document(raw, published=published) == result

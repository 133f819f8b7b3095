"""Extraction in batches (one spaCy batch over many articles) gives what one article at a time gives."""

import datetime as dt

import pytest

import warledger.extract.pipeline as extract_pipeline
from warledger.contract import article_result_to_dict
from warledger.extract import extract_events
from warledger.extract.pipeline import extract_events_batch
from warledger.model import Article, RawDocument
from warledger.pipeline import process_document, process_documents_batch

# articles written for these tests: a claimed strike, a note, news with no conflict, a long report with a
# reporting verb (the parser runs) beside sentences that skip the parse
AIRSTRIKE = """Air strike hits market in northern town

The Syrian Observatory for Human Rights said an air strike killed seven civilians and wounded 12 others at a \
vegetable market in Maarat al-Numan on Tuesday.

Residents said the aircraft circled the town twice before the strike. Rescue workers pulled two children from \
the rubble of a shop.

The monitor blamed government aircraft; the government did not comment.
"""

NOTE = """On 3 March, unidentified gunmen shot dead a village chief in Kidal town. No group claimed the attack."""

WEATHER = """Heavy rain expected across the south this weekend

Forecasters expect up to 80 millimetres of rain in coastal districts on Saturday, with strong winds inland.
Farmers welcomed the rain after a dry month.
"""

CLASH = """Troops and rebels clash near border crossing

Fighting broke out between army troops and fighters of a rebel group near the Bunagana border crossing on \
Friday morning, a military spokesman said.

The spokesman said four soldiers and 11 rebels were killed in the clashes, which lasted several hours.

Hundreds of families fled across the border into Uganda, according to local officials.

A protest was held in Goma on Saturday against the renewed fighting; police fired tear gas to disperse it.
"""

TEXTS = [AIRSTRIKE, NOTE, WEATHER, CLASH]


def _article(n: int, text: str) -> Article:
    title, _, body = text.partition("\n\n") if "\n\n" in text else ("", "", text)
    return Article(id=f"a{n}", text=body or text, title=title or None, published=dt.date(2024, 3, 5),
                   outlet="Test Wire")


def test_batch_gives_the_events_of_one_by_one() -> None:
    articles = [_article(n, t) for n, t in enumerate(TEXTS)]
    one_by_one = [extract_events(a) for a in articles]
    assert sum(len(e) for e in one_by_one) >= 3  # the fixtures do hold events (and the weather none)
    assert one_by_one[2] == []
    assert extract_events_batch(articles) == one_by_one
    # order and company in the batch change nothing for an article
    assert extract_events_batch(articles[::-1]) == one_by_one[::-1]
    assert extract_events_batch([articles[3], articles[3]]) == [one_by_one[3], one_by_one[3]]
    assert extract_events_batch([]) == []


def test_document_batch_matches_process_document() -> None:
    raws = [RawDocument(source=f"doc{n}.txt", text=t, format="text") for n, t in enumerate(TEXTS)]
    published = dt.date(2024, 3, 5)
    expected = [article_result_to_dict(process_document(r, published=published)) for r in raws]
    got = process_documents_batch(raws, published=published)
    assert [article_result_to_dict(r) for r in got] == expected  # type: ignore[arg-type]


def test_failing_document_is_reported_alone() -> None:
    raws = [RawDocument(source="good1.txt", text=CLASH, format="text"),
            RawDocument(source="empty.txt", text=" \n\u200b\n ", format="text"),
            RawDocument(source="good2.txt", text=AIRSTRIKE, format="text")]
    with pytest.raises(ValueError) as single:
        process_document(raws[1])
    got = process_documents_batch(raws)
    assert len(got) == 3
    assert isinstance(got[1], ValueError) and str(got[1]) == str(single.value)
    for n in (0, 2):
        assert not isinstance(got[n], Exception)
        assert article_result_to_dict(got[n]) == article_result_to_dict(process_document(raws[n]))  # type: ignore


def test_article_whose_rules_fail_costs_the_others_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    raws = [RawDocument(source=f"doc{n}.txt", text=t, format="text") for n, t in enumerate([CLASH, NOTE, AIRSTRIKE])]
    expected = {n: article_result_to_dict(process_document(raws[n])) for n in (0, 2)}
    real = extract_pipeline._article_events

    def fails_on_note(prepared, docs, acled):  # type: ignore[no-untyped-def]
        if "Kidal" in prepared.text:
            raise RuntimeError("rule bug")
        return real(prepared, docs, acled)

    monkeypatch.setattr(extract_pipeline, "_article_events", fails_on_note)
    got = process_documents_batch(raws)
    assert isinstance(got[1], RuntimeError)
    assert {n: article_result_to_dict(got[n]) for n in (0, 2)} == expected  # type: ignore[arg-type]

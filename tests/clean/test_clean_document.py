"""``clean_document`` on whole documents: each format, each rule together, stable ids, no-text errors."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from warledger.clean import clean_document, content_id
from warledger.ingest import read_inputs
from warledger.model import RawDocument

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def read_one(name: str) -> RawDocument:
    [doc] = [d for d in read_inputs([str(FIXTURES / name)]) if isinstance(d, RawDocument)][:1]
    return doc


def test_plain_text_article_with_caption_credit_and_trailing_junk() -> None:
    article = clean_document(read_one("article_caption.txt"))
    caption = ("A woman walks past a burned shelter in the Abu Shouk camp on the outskirts of El Fasher, "
               "North Darfur, June 9, 2024.")
    assert article.title == "Shelling of El Fasher camp kills 12, aid groups say"
    assert article.text.startswith("Shelling of El Fasher camp kills 12, aid groups say\n\nMedical charity says")
    assert article.text.count(caption) == 1
    assert article.captions == [caption]
    assert article.removed == ["Staff and agencies", "Related:", "Darfur"]
    assert "Staff and agencies" not in article.text
    assert article.text.endswith("UN envoys are due to meet both delegations in Geneva next Monday.")
    # caption dated Sunday June 9; "said on Wednesday" -> Wednesday June 12
    assert article.published == dt.date(2024, 6, 12) and article.published_inferred
    assert "\n\n\n" not in article.text and article.text == article.text.strip()
    assert article.text_sha256 == hashlib.sha256(article.text.encode()).hexdigest()
    assert article.id == content_id(article.text) and len(article.id) == 16
    assert article.language == "en" and article.source.endswith("article_caption.txt")


def test_saved_html_page_loses_its_boilerplate() -> None:
    article = clean_document(read_one("page_saved.html"))
    assert article.title == "Shelling kills three in Sahel market town, army says"
    assert article.published == dt.date(2023, 3, 14) and not article.published_inferred
    assert article.outlet == "The Meridian Herald"
    assert article.url == "https://meridianherald.example/africa/2023/03/14/shelling-kills-three-sahel-market-town"
    assert article.captions == [
        "Smoke rises over the central market of Ménaka after an overnight bombardment, March 13, 2023."
    ]
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Shelling kills three in Sahel market town, army says"
    assert paragraphs[1].startswith("Three civilians were killed and at least eleven others wounded")
    assert paragraphs[-1].startswith("The town has been under pressure since 2022")
    assert len(paragraphs) == 6
    for boilerplate in ("cookies", "Share on Twitter", "Related stories", "Aid convoy reaches", "newsletter",
                        "Privacy policy", "All rights reserved", "Business", "Smoke rises over"):
        assert boilerplate not in article.text


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ('<meta property="article:published_time" content="2021-07-02T22:10:00-04:00">', dt.date(2021, 7, 2)),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
         '{"@type": "NewsArticle", "datePublished": "2021-07-03T08:00:00Z"}]}</script>', dt.date(2021, 7, 3)),
        ('<meta name="pubdate" content="Sat, 03 Jul 2021 09:00:00 GMT">', dt.date(2021, 7, 3)),
        ("", dt.date(2021, 7, 1)),  # nothing declared: inferred from the text
    ],
)
def test_html_publication_date_sources(head: str, published: dt.date) -> None:
    page = (f"<html><head><title>Checkpoint attack | Gulf Ledger</title>{head}</head><body><article>"
            "<h1>Checkpoint attack kills three police officers</h1>"
            "<p>Gunmen attacked a police checkpoint on the coastal highway on July 1, 2021, killing three "
            "officers and wounding two others, the interior ministry said.</p>"
            "<p>The attackers fled towards the hills, according to a statement from the provincial police.</p>"
            "</article></body></html>")
    article = clean_document(RawDocument(source="page.html", text=page, format="html"))
    assert article.published == published
    assert article.published_inferred is (head == "")


def test_feed_entry_with_figure_caption() -> None:
    first = next(d for d in read_inputs([str(FIXTURES / "feed_rss.xml")]))
    article = clean_document(first)
    assert article.title == "Drone strike hits fuel depot near Kramatorsk"
    assert article.published == dt.date(2024, 5, 21) and not article.published_inferred
    assert article.outlet == "Lakeside Courier – World"
    assert article.captions == ["Firefighters work at the damaged depot in Kramatorsk, May 21, 2024."]
    assert "Firefighters work" not in article.text
    assert article.text.split("\n\n")[0].startswith("A fuel depot on the outskirts of Kramatorsk")
    assert len(article.text.split("\n\n")) == 3


def test_jsonl_record_keeps_its_id_and_metadata() -> None:
    first = next(d for d in read_inputs([str(FIXTURES / "records.jsonl")]))
    article = clean_document(first)
    assert article.id == "wire-001"
    assert article.title == "Two soldiers killed in border ambush"
    assert article.published == dt.date(2022, 9, 14) and not article.published_inferred
    assert article.url == "https://wire.example/2022/09/14/ambush" and article.outlet == "Northern Wire"
    assert article.text.startswith("Two soldiers were killed and three wounded")


def test_published_override_wins_and_is_not_inferred() -> None:
    article = clean_document(read_one("article_caption.txt"), published_override=dt.date(2024, 6, 13))
    assert article.published == dt.date(2024, 6, 13) and not article.published_inferred
    record = next(d for d in read_inputs([str(FIXTURES / "records.jsonl")]))
    assert clean_document(record, published_override=dt.date(2022, 9, 20)).published == dt.date(2022, 9, 20)


def test_same_article_twice_gets_the_same_id() -> None:
    text = "Troops withdraw from Sake\n\nRebels entered the town on Wednesday after troops withdrew, residents said.\n"
    rewrapped = ("Troops withdraw from Sake\r\n\r\n"
                 "Rebels entered the town on Wednesday after  troops withdrew, residents said.\r\n\r\nRead more\r\n")
    a = clean_document(RawDocument(source="a.txt", text=text, format="text"))
    b = clean_document(RawDocument(source="b.txt", text=rewrapped, format="text"))
    assert a.id == b.id and a.text == b.text
    other = clean_document(RawDocument(source="c.txt", text=text.replace("Wednesday", "Thursday"), format="text"))
    assert other.id != a.id


def test_the_same_page_cleaned_repeatedly_keeps_its_text() -> None:
    # trafilatura's optional de-duplication cache is process-wide and would drop text seen before
    raw = read_one("page_saved.html")
    texts = {clean_document(raw).text for _ in range(5)}
    assert len(texts) == 1


def test_encodings_clean_to_the_same_text() -> None:
    assert clean_document(read_one("utf16_bom.txt")).text == clean_document(read_one("utf8_bom.txt")).text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (RawDocument(source="x.txt", text="  \n\n \t", format="text"), "no article text"),
        (RawDocument(source="x.txt", text="Reuters\n\nAdvertisement\n", format="text"), "no article text"),
        (RawDocument(source="no_body.html", text=(FIXTURES / "no_body.html").read_text(), format="html"),
         "no article body found in the HTML page"),
        (RawDocument(source="x.html", text="<!-- nothing -->", format="html"), "no article body found"),
    ],
)
def test_no_article_text_is_a_one_line_value_error(raw: RawDocument, message: str) -> None:
    with pytest.raises(ValueError) as info:
        clean_document(raw)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_headline_is_not_guessed_when_the_first_line_is_a_sentence() -> None:
    raw = RawDocument(source="x.txt", format="text",
                      text="Gunmen killed two guards at a checkpoint overnight, the governor said on Sunday.\n")
    article = clean_document(raw)
    assert article.title is None and article.published is None and not article.published_inferred


def test_credit_line_between_paragraphs_and_bylines_are_removed() -> None:
    raw = RawDocument(source="x.txt", format="text", text=(
        "Convoy ambushed on the Gao road\n\nBy Mariam Diallo\n\n"
        "Gunmen opened fire on a supply convoy north of Gao on Thursday, killing four drivers, officials said.\n"
        "(Reuters)\n\n"
        "The convoy was carrying fuel and food to the town of Bourem, according to a transport union.\n\n"
        "(Reporting by Mariam Diallo; Editing by Peter Graff)\n\nAdvertisement\n"))
    article = clean_document(raw)
    assert article.removed == ["By Mariam Diallo", "(Reuters)", "(Reporting by Mariam Diallo; Editing by Peter Graff)",
                               "Advertisement"]
    assert article.text.split("\n\n") == [
        "Convoy ambushed on the Gao road",
        "Gunmen opened fire on a supply convoy north of Gao on Thursday, killing four drivers, officials said.",
        "The convoy was carrying fuel and food to the town of Bourem, according to a transport union.",
    ]

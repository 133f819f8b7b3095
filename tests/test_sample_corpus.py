"""The bundled sample corpus is well-formed and its gold files agree with its articles.

Only the standard library is used, so this test does not depend on warledger's own ingesters.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "warledger" / "data" / "sample_corpus"
RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"
KINDS = {"killed", "wounded", "missing", "captured", "displaced"}
GROUPS = {"civilians", "military", "police", "militants", "unknown"}
STATUSES = {"reported", "planned", "background"}
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


def read_jsonl() -> list[dict]:
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(CORPUS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def feed_items(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    if root.tag == "rss":
        return root.findall("./channel/item")
    return root.findall(f"{ATOM}entry")


def all_article_ids() -> set[str]:
    """jsonl ids, plus relative paths for pages and text files, plus ``feeds/file.xml#N`` for feed items."""
    ids = {rec["id"] for rec in read_jsonl()}
    for sub in ("pages", "text"):
        ids |= {f"{sub}/{p.name}" for p in (CORPUS / sub).iterdir()}
    for feed in (CORPUS / "feeds").iterdir():
        ids |= {f"feeds/{feed.name}#{n}" for n in range(1, len(feed_items(feed)) + 1)}
    return ids


def test_jsonl_records_are_complete_and_ids_unique():
    records = read_jsonl()
    ids = [rec["id"] for rec in records]
    assert len(ids) == len(set(ids))
    for rec in records:
        assert set(rec) == {"id", "title", "published", "outlet", "url", "text"}, rec["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rec["id"]), rec["id"]
        published = dt.date.fromisoformat(rec["published"])
        assert dt.date(2026, 10, 1) <= published <= dt.date(2026, 11, 30), rec["id"]
        assert urlparse(rec["url"]).scheme == "https"
        assert urlparse(rec["url"]).hostname.endswith(EXAMPLE_DOMAINS), rec["url"]
        assert rec["title"].strip() and rec["outlet"].strip()
        assert rec["title"] not in rec["text"], f"{rec['id']}: the headline belongs in title only"
        paragraphs = rec["text"].split("\n\n")
        assert len(paragraphs) >= 3 and all(p.strip() == p and p for p in paragraphs), rec["id"]


def test_counts_meet_the_brief():
    ids = all_article_ids()
    links = read_tsv("links.tsv")
    conflict_articles = {row["article_id"] for row in links}
    # incident ids start with the ISO 3166 alpha-3 code of the country at war (sdn-, ukr-, mli-, ...)
    countries = {row["incident_id"].split("-")[0] for row in links}
    assert len(ids) >= 45
    assert len(conflict_articles) >= 33
    assert len(ids - conflict_articles) >= 12
    assert len(countries) >= 4


def test_links_refer_to_existing_articles_and_wire_copies_to_their_originals():
    ids = all_article_ids()
    links = read_tsv("links.tsv")
    assert links and list(links[0]) == ["article_id", "incident_id", "copy_of"]
    incidents_of: dict[str, set[str]] = defaultdict(set)
    for row in links:
        assert row["article_id"] in ids, row
        assert re.fullmatch(r"[a-z]{3}-[a-z0-9-]+", row["incident_id"]), row
        incidents_of[row["article_id"]].add(row["incident_id"])
    pairs = [(row["article_id"], row["incident_id"]) for row in links]
    assert len(pairs) == len(set(pairs))
    copies = [row for row in links if row["copy_of"]]
    assert len({row["copy_of"] for row in copies}) >= 2, "at least two wire stories republished"
    copy_ids = {row["article_id"] for row in copies}
    for row in copies:
        assert row["copy_of"] in ids and row["copy_of"] not in copy_ids, row
        assert row["incident_id"] in incidents_of[row["copy_of"]], row


def test_wire_copies_are_near_duplicates_and_independent_reports_are_not():
    texts = {rec["id"]: rec["text"] for rec in read_jsonl()}
    links = [row for row in read_tsv("links.tsv") if row["article_id"] in texts]
    for row in links:
        if row["copy_of"]:
            ratio = difflib.SequenceMatcher(None, texts[row["article_id"]], texts[row["copy_of"]]).ratio()
            assert ratio > 0.75, (row, ratio)
    by_incident: dict[str, list[str]] = defaultdict(list)
    for row in links:
        if not row["copy_of"]:
            by_incident[row["incident_id"]].append(row["article_id"])
    for incident, articles in by_incident.items():
        for i, a in enumerate(articles):
            for b in articles[i + 1 :]:
                ratio = difflib.SequenceMatcher(None, texts[a], texts[b]).ratio()
                assert ratio < 0.6, (incident, a, b, ratio)


def test_figures_rows_are_consistent():
    ids = all_article_ids()
    linked = {(row["article_id"], row["incident_id"]) for row in read_tsv("links.tsv")}
    rows = read_tsv("figures.tsv")
    assert rows and list(rows[0]) == "article_id incident_id kind group side low best high claimed_by status".split()
    for row in rows:
        assert row["article_id"] in ids, row
        assert (row["article_id"], row["incident_id"]) in linked, row
        assert row["kind"] in KINDS and row["group"] in GROUPS and row["status"] in STATUSES, row
        assert row["best"].isdigit(), row
        best = int(row["best"])
        if row["low"]:
            assert int(row["low"]) <= best, row
        if row["high"]:
            assert best <= int(row["high"]), row
    statuses = {row["status"] for row in rows}
    kinds = {row["kind"] for row in rows}
    assert {"reported", "background"} <= statuses
    assert kinds == KINDS


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.figcaption = ""
        self.article_text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("property"):
            self.meta[attributes["property"]] = attributes.get("content") or ""
        if tag not in {"meta", "link", "img", "input", "br"}:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self._stack and "article" not in self._stack:
            self.title += data
        if "figcaption" in self._stack:
            self.figcaption += data
        if "article" in self._stack and "p" in self._stack:
            self.article_text.append(data)


@pytest.mark.parametrize("page", sorted(p.name for p in (CORPUS / "pages").iterdir()))
def test_html_pages_look_saved_from_a_news_site(page: str):
    parser = _PageParser()
    parser.feed((CORPUS / "pages" / page).read_text(encoding="utf-8"))
    parser.close()
    assert {"head", "nav", "article", "figure", "figcaption", "footer", "aside", "button"} <= parser.tags
    assert parser.title.strip() and parser.meta.get("og:title")
    assert parser.meta["og:title"] in parser.title
    dt.datetime.fromisoformat(parser.meta["article:published_time"])
    assert parser.figcaption.strip()
    assert len(" ".join(parser.article_text).split()) >= 100


def test_feeds_parse_and_carry_full_content():
    rss = ET.parse(CORPUS / "feeds" / "global-wire.rss.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("./channel/item")
    assert len(items) == 3
    for item in items:
        assert item.findtext("title") and item.findtext("link")
        assert re.match(r"\w{3}, \d{2} \w{3} 2026 ", item.findtext("pubDate") or "")
        assert len((item.findtext(RSS_CONTENT) or "").split()) > 50

    atom = ET.parse(CORPUS / "feeds" / "africa-frontline.atom.xml").getroot()
    assert atom.tag == f"{ATOM}feed"
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published") or "")
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        assert len((content.text or "").split()) > 50


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "text").iterdir()))
def test_plain_text_articles_have_a_headline_and_no_date_metadata(name: str):
    text = (CORPUS / "text" / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].strip() and not lines[0].endswith(".") and lines[1] == ""
    assert len(text.split("\n\n")) >= 4
    # the publication date must be inferred from the prose: no ISO dates, no "Published:" header
    assert not re.search(r"\d{4}-\d{2}-\d{2}|^(published|date|posted)\s*:", text, re.IGNORECASE | re.MULTILINE)
    assert re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)


def test_non_conflict_articles_include_keyword_traps():
    """The relevance filter must be tested against sport and business prose that sounds violent."""
    conflict = {row["article_id"] for row in read_tsv("links.tsv")}
    other = " ".join(rec["text"] + " " + rec["title"] for rec in read_jsonl() if rec["id"] not in conflict)
    for trap in ("shot", "killer serve", "market was hit by", "battle for the title", "bombed at the box office"):
        assert trap in other, trap


def test_readme_lists_every_incident():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "fictional" in readme.lower()
    for incident in {row["incident_id"] for row in read_tsv("links.tsv")}:
        assert f"`{incident}`" in readme, incident

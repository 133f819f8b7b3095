"""Each input format through ``read_inputs``: text, HTML, RSS, Atom, JSON Lines, directories and stdin."""

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from warledger.ingest import document_files, read_inputs
from warledger.ingest.sniff import detect_format
from warledger.model import IngestError, RawDocument

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def docs(*paths: str | Path, input_format: str = "auto") -> list[RawDocument | IngestError]:
    return list(read_inputs([str(p) for p in paths], input_format=input_format))


def test_plain_text_file() -> None:
    [doc] = docs(FIXTURES / "article_caption.txt")
    assert isinstance(doc, RawDocument)
    assert doc.format == "text"
    assert doc.source.endswith("article_caption.txt")
    assert doc.text.startswith("Shelling of El Fasher camp kills 12, aid groups say\n\n")
    assert doc.id is None and doc.title is None and doc.published is None


def test_html_page_is_kept_raw_for_the_cleaner() -> None:
    [doc] = docs(FIXTURES / "page_saved.html")
    assert isinstance(doc, RawDocument)
    assert doc.format == "html"
    assert '<meta property="article:published_time"' in doc.text
    assert "Ménaka" in doc.text


def test_rss_feed_gives_one_document_per_item_with_entry_metadata() -> None:
    items = docs(FIXTURES / "feed_rss.xml")
    assert [d.source.rsplit("#", 1)[1] for d in items] == ["1", "2", "3"]
    first, second, third = items
    assert isinstance(first, RawDocument) and first.format == "feed"
    assert first.title == "Drone strike hits fuel depot near Kramatorsk"
    assert first.published == dt.date(2024, 5, 21)
    assert first.url == "https://lakesidecourier.example/world/2024/05/21/drone-strike-fuel-depot"
    assert first.outlet == "Lakeside Courier – World"
    assert "<figcaption>" in first.text and not first.summary_only  # full content:encoded
    assert second.summary_only and "Doha next week" in second.text
    assert third.published == dt.date(2024, 5, 19) and third.summary_only


def test_atom_feed_entries_with_content_and_summary() -> None:
    first, second = docs(FIXTURES / "feed_atom.xml")
    assert first.title == "Clashes in Las Anod leave at least nine dead"
    assert first.published == dt.date(2023, 11, 8)
    assert first.outlet == "Horn Monitor"
    assert first.url == "https://hornmonitor.example/2023/11/08/las-anod-clashes"
    assert "<p>At least nine people were killed" in first.text and not first.summary_only
    assert second.summary_only
    assert second.published == dt.date(2023, 11, 7)  # no <published>: falls back to <updated>


def test_jsonl_records_keep_ids_and_fields_and_report_bad_lines() -> None:
    items = docs(FIXTURES / "records.jsonl")
    good = [d for d in items if isinstance(d, RawDocument)]
    bad = {d.source.rsplit(":", 1)[1]: d.message for d in items if isinstance(d, IngestError)}
    assert [d.id for d in good] == ["wire-001", "wire-002", "5"]
    assert good[0].title == "Two soldiers killed in border ambush"
    assert good[0].published == dt.date(2022, 9, 14)
    assert good[0].url == "https://wire.example/2022/09/14/ambush"
    assert good[0].outlet == "Northern Wire"
    assert good[0].format == "jsonl"
    assert good[1].published == dt.date(2022, 9, 15)  # ISO datetime with offset: its own calendar day
    assert good[2].published == dt.date(2022, 9, 16)  # "16 September 2022"
    assert good[0].source.endswith("records.jsonl:1")
    assert set(bad) == {"3", "4", "7", "8"}  # line 5 is blank: skipped, not an error
    assert bad["3"].startswith("not JSON")
    assert bad["4"] == 'record lacks a non-empty "text" string'
    assert bad["7"] == "\"published\" is not a date: 'sometime soon'"
    assert bad["8"] == "record is a JSON list, expected an object"


def test_directory_is_read_recursively_sorted_skipping_hidden_and_non_documents(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "second.txt").write_text("Troops withdrew from the village on Monday, officials said.")
    (tmp_path / "a_first.txt").write_text("Police dispersed the protest in the capital, witnesses said.")
    (tmp_path / ".hidden.txt").write_text("Not to be read.")
    (tmp_path / ".cache" / "inside.txt").write_text("Not to be read either.")
    (tmp_path / "README.md").write_text("# Notes about this folder")
    (tmp_path / "gold.tsv").write_text("id\tkilled\n1\t4\n")
    (tmp_path / "NOTES").write_text("An extension-less file is read as a document.")
    items = docs(tmp_path)
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in items] == ["NOTES", "a_first.txt", "b/second.txt"]
    assert all(isinstance(d, RawDocument) for d in items)
    assert document_files(tmp_path) == [tmp_path / "NOTES", tmp_path / "a_first.txt", tmp_path / "b" / "second.txt"]


def test_a_file_named_explicitly_is_read_whatever_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("Flooding closed the main road north of the city on Friday, police said.")
    [doc] = docs(path)
    assert isinstance(doc, RawDocument) and doc.format == "text"


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"Gunmen killed two guards at a checkpoint overnight, the governor said on Sunday.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    [doc] = docs("-")
    assert isinstance(doc, RawDocument)
    assert doc.source == "<stdin>" and doc.format == "text"
    assert doc.text.startswith("Gunmen killed two guards")


def test_stdin_jsonl_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "records.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    items = docs("-", input_format="jsonl")
    assert [d.id for d in items if isinstance(d, RawDocument)] == ["wire-001", "wire-002", "5"]
    assert items[2].source == "<stdin>:3"


def test_long_jsonl_line_across_the_sniff_window(tmp_path: Path) -> None:
    # the format is sniffed from the first 8 KB; a record longer than that must still be read whole
    long_text = "Shelling continued along the front line, officials said. " * 400
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "a", "text": long_text}) + '\n{"id": "b", "text": "Short one."}\n')
    first, second = docs(path)
    assert first.id == "a" and first.text == long_text
    assert second.id == "b"


def test_explicit_input_format_overrides_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("<p>Two rockets hit the <b>airport</b> overnight, the army said.</p>")
    [as_text] = docs(path)
    [as_html] = docs(path, input_format="html")
    assert as_text.format == "text" and as_html.format == "html"


def test_unknown_input_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown input format 'pdf'"):
        docs(FIXTURES / "article_caption.txt", input_format="pdf")


@pytest.mark.parametrize(
    ("name", "head", "content_type", "expected"),
    [
        ("story.txt", b"<html><body><p>x</p></body></html>", None, "text"),  # the name wins
        ("page.htm", b"plain words", None, "html"),
        ("news.rss", b"", None, "feed"),
        ("x.ndjson", b"", None, "jsonl"),
        ("feed.xml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', None, "feed"),
        ("atom.xml", b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', None,
         "feed"),
        ("page.xml", b'<?xml version="1.0"?>\n<!DOCTYPE html><html><head>', None, "html"),
        ("saved", b"<!DOCTYPE html>\n<html lang='en'>", None, "html"),
        ("saved", b"<div class='story'><p>One.</p><p>Two.</p></div>", None, "html"),
        ("records.json", b'{"id": "1", "text": "Troops advanced."}\n', None, "jsonl"),
        ("notes", b"Troops advanced on the town, officials said.", None, "text"),
        ("https://example.org/2024/05/story", b"", "text/html; charset=utf-8", "html"),
        ("https://example.org/feed", b"", "application/rss+xml", "feed"),
        ("https://example.org/feed", b'<?xml version="1.0"?><rss version="2.0">', "text/xml", "feed"),
        ("utf16", b"\xff\xfe<\x00r\x00s\x00s\x00 \x00", None, "feed"),  # UTF-16, no XML declaration
    ],
)
def test_detect_format(name: str, head: bytes, content_type: str | None, expected: str) -> None:
    assert detect_format(name, head, content_type) == expected

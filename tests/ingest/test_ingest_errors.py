"""Each bad input gets a one-line IngestError naming it; the batch goes on with the next input."""

import os
from pathlib import Path

import pytest

from warledger.ingest import read_inputs
from warledger.model import IngestError, RawDocument

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "empty file (only whitespace)"),
        ("photo_saved_as.txt", "binary file (contains NUL bytes), not text"),
        ("broken_utf8.txt", "invalid UTF-8 (byte 0xE9 at offset 102) in otherwise UTF-8 text"),
        ("feed_malformed.xml", "malformed feed XML (mismatched tag: line 8, column 6)"),
        ("feed_entity_bomb.xml", "feed XML declares entities (possible entity-expansion bomb), refused"),
        ("does_not_exist.txt", "no such file or directory"),
    ],
)
def test_bad_input_is_one_error_naming_the_input(name: str, message: str) -> None:
    path = FIXTURES / name
    [item] = read_inputs([str(path)])
    assert isinstance(item, IngestError)
    assert item.source == str(path)
    assert item.message == message
    assert str(item) == f"{path}: {message}"
    assert "\n" not in str(item)


def test_a_batch_continues_after_bad_inputs() -> None:
    names = ["empty.txt", "article_caption.txt", "photo_saved_as.txt", "feed_malformed.xml", "missing.txt",
             "feed_atom.xml", "broken_utf8.txt", "records.jsonl"]
    items = list(read_inputs([str(FIXTURES / n) for n in names]))
    good = [Path(d.source).name for d in items if isinstance(d, RawDocument)]
    bad = [Path(d.source).name for d in items if isinstance(d, IngestError)]
    assert good == ["article_caption.txt", "feed_atom.xml#1", "feed_atom.xml#2",
                    "records.jsonl:1", "records.jsonl:2", "records.jsonl:6"]
    assert bad == ["empty.txt", "photo_saved_as.txt", "feed_malformed.xml", "missing.txt", "broken_utf8.txt",
                   "records.jsonl:3", "records.jsonl:4", "records.jsonl:7", "records.jsonl:8"]


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not leak")
    feed = tmp_path / "xxe.xml"
    feed.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<rss version="2.0"><channel><title>t</title><item><title>&leak;</title>'
        "<description>Troops moved in.</description></item></channel></rss>"
    )
    [item] = read_inputs([str(feed)])
    assert isinstance(item, IngestError)
    assert "refused" in item.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>',
         "feed has no entries"),
        ('<?xml version="1.0"?><catalog><book>War and Peace</book></catalog>',
         "not an RSS or Atom feed (root element <catalog>)"),
    ],
)
def test_feeds_without_entries_or_of_another_kind(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(content)
    [item] = read_inputs([str(path)])
    assert isinstance(item, IngestError) and item.message == message


def test_empty_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text("\n\n")
    [item] = read_inputs([str(path)])
    assert isinstance(item, IngestError) and item.message == "empty file (no JSON Lines records)"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "text": ""}', 'record lacks a non-empty "text" string'),
        ('{"id": "x", "text": 42}', 'record lacks a non-empty "text" string'),
        ('{"id": "x", "text": "Troops advanced.", "title": 7}', '"title" must be a string, got int'),
        ('{"id": ["x"], "text": "Troops advanced."}', '"id" must be a string or integer, got list'),
        ('{"id": "x", "text": "Troops advanced.", "published": "2016-02-30"}',
         "\"published\" is not a date: '2016-02-30'"),
        ('{"id": "x", "text": "Troops advanced.",', "not JSON (Expecting property name enclosed in double quotes"),
    ],
)
def test_bad_jsonl_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    [item] = read_inputs([str(path)])
    assert isinstance(item, IngestError)
    assert item.source == f"{path}:1"
    assert item.message.startswith(message)


def test_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 hit."}\n{"id": "b", "text": "Market hit."}\n')
    first, second = read_inputs([str(path)])
    assert isinstance(first, IngestError) and first.message == "line is not UTF-8 (byte 0xE9)"
    assert isinstance(second, RawDocument) and second.id == "b"


def test_empty_directory(tmp_path: Path) -> None:
    [item] = read_inputs([str(tmp_path)])
    assert isinstance(item, IngestError)
    assert item.message.startswith("directory has no document files")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Troops advanced.")
    path.chmod(0)
    [item] = read_inputs([str(path)])
    assert isinstance(item, IngestError) and item.message.startswith("cannot read")

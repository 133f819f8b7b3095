"""``warledger extract`` end to end through the CLI (the whole per-article pipeline runs).

Only article-level fields, ids, exit codes and error lines are checked here: the event details
belong to the extract and geo stages and are tested there.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from warledger.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CAPTION = ("A woman walks past a burned shelter in the Abu Shouk camp on the outskirts of El Fasher, "
           "North Darfur, June 9, 2024.")

pytestmark = pytest.mark.slow


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["extract", *args], input=stdin)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def jsonl(result: Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_json_output_for_one_plain_text_article() -> None:
    result = run(str(FIXTURES / "article_caption.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) >= {"id", "article", "events"}
    article = doc["article"]
    assert article["title"] == "Shelling of El Fasher camp kills 12, aid groups say"
    assert article["published"] == "2024-06-12" and article["published_inferred"] is True
    assert article["captions"] == [CAPTION]
    assert article["removed"] == ["Staff and agencies", "Related:", "Darfur"]
    assert article["language"] == "en" and len(article["text_sha256"]) == 64
    assert "text" not in article
    assert isinstance(doc["events"], list)


def test_with_text_adds_the_cleaned_text() -> None:
    result = run(str(FIXTURES / "article_caption.txt"), "--with-text")
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    text = article["text"]
    assert text.count(CAPTION) == 1
    assert "Staff and agencies" not in text and not text.rstrip().endswith("Darfur")
    assert text.startswith("Shelling of El Fasher camp kills 12, aid groups say\n\n")
    for event in json.loads(result.stdout)["events"]:
        for evidence in event["evidence"]:  # offsets index into the printed text
            assert text[evidence["start"]:evidence["end"]] == evidence["text"]


def test_jsonl_output_one_line_per_article_and_json_list_for_several() -> None:
    paths = [str(FIXTURES / "article_caption.txt"), str(FIXTURES / "page_saved.html")]
    lines = jsonl(run(*paths, "--format", "jsonl"))
    assert [d["article"]["title"] for d in lines] == [
        "Shelling of El Fasher camp kills 12, aid groups say",
        "Shelling kills three in Sahel market town, army says",
    ]
    as_json = json.loads(run(*paths, "--format", "json").stdout)
    assert isinstance(as_json, list) and [d["id"] for d in as_json] == [d["id"] for d in lines]


def test_input_format_jsonl_keeps_ids_and_reports_bad_lines() -> None:
    path = FIXTURES / "records.jsonl"
    result = run(str(path), "--input-format", "jsonl", "--format", "jsonl")
    assert result.exit_code == 1
    docs = jsonl(result)
    assert [d["id"] for d in docs] == ["wire-001", "wire-002", "5"]
    assert docs[0]["article"]["published"] == "2022-09-14" and docs[0]["article"]["published_inferred"] is False
    assert docs[0]["article"]["outlet"] == "Northern Wire"
    assert error_lines(result) == [
        f"warledger: error: {path}:3: not JSON (Expecting value at column 1)",
        f'warledger: error: {path}:4: record lacks a non-empty "text" string',
        f"warledger: error: {path}:7: \"published\" is not a date: 'sometime soon'",
        f"warledger: error: {path}:8: record is a JSON list, expected an object",
    ]


def test_a_batch_with_bad_inputs_still_outputs_the_good_ones_and_exits_1() -> None:
    names = ["empty.txt", "article_caption.txt", "photo_saved_as.txt", "no_body.html", "does_not_exist.txt",
             "feed_malformed.xml", "broken_utf8.txt", "feed_atom.xml"]
    result = run(*[str(FIXTURES / n) for n in names], "--format", "jsonl")
    assert result.exit_code == 1
    assert [d["article"]["title"] for d in jsonl(result)] == [
        "Shelling of El Fasher camp kills 12, aid groups say",
        "Clashes in Las Anod leave at least nine dead",
        "Displaced families return to villages near Beledweyne",
    ]
    errors = error_lines(result)
    assert len(errors) == 6
    for name, error in zip(["empty.txt", "photo_saved_as.txt", "no_body.html", "does_not_exist.txt",
                            "feed_malformed.xml", "broken_utf8.txt"], errors, strict=True):
        assert error.startswith(f"warledger: error: {FIXTURES / name}: ")
    assert "Traceback" not in result.output


def test_dash_reads_stdin() -> None:
    result = run("-", "--format", "jsonl", stdin=(FIXTURES / "article_caption.txt").read_bytes())
    assert result.exit_code == 0, result.output
    [doc] = jsonl(result)
    assert doc["article"]["title"] == "Shelling of El Fasher camp kills 12, aid groups say"


def test_published_option_overrides_the_inferred_date() -> None:
    result = run(str(FIXTURES / "article_caption.txt"), "--published", "2024-06-14")
    article = json.loads(result.stdout)["article"]
    assert article["published"] == "2024-06-14" and article["published_inferred"] is False


def test_feed_entries_each_become_an_article() -> None:
    result = run(str(FIXTURES / "feed_rss.xml"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    docs = jsonl(result)
    assert [d["article"]["published"] for d in docs] == ["2024-05-21", "2024-05-20", "2024-05-19"]
    assert docs[0]["article"]["url"] == "https://lakesidecourier.example/world/2024/05/21/drone-strike-fuel-depot"
    assert docs[0]["article"]["captions"] == ["Firefighters work at the damaged depot in Kramatorsk, May 21, 2024."]


def test_the_same_article_twice_has_the_same_id(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes((FIXTURES / "article_caption.txt").read_bytes().replace(b"\n", b"\r\n"))
    first, second = jsonl(run(str(FIXTURES / "article_caption.txt"), str(copy), "--format", "jsonl"))
    assert first["id"] == second["id"]
    assert first["article"]["text_sha256"] == second["article"]["text_sha256"]


def test_console_script_reports_bad_inputs_without_a_traceback() -> None:
    script = Path(sys.executable).with_name("warledger")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "warledger.cli"]
    proc = subprocess.run(
        [*command, "extract", str(FIXTURES / "empty.txt"), str(FIXTURES / "feed_entity_bomb.xml")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"warledger: error: {FIXTURES / 'empty.txt'}: empty file",
        f"warledger: error: {FIXTURES / 'feed_entity_bomb.xml'}: "
        "feed XML declares entities (possible entity-expansion bomb), refused",
    ]

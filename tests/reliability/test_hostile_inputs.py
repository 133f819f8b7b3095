"""Hostile input through ``warledger extract``: every case ends in a sane result or one clear error line.

The corpus is generated here (nothing large is committed): empty, whitespace-only and binary
files, truncated UTF-8, mixed encodings, a 20 MB and a 100k-line article, an HTML nesting bomb,
an entity-expansion feed, a 10k-item feed, JSON Lines with broken and hostile lines, absurd
casualty figures, dates in year 0001 and 9999, right-to-left text, emoji and zero-width characters.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from result_invariants import check_evidence

from warledger.clean import clean_document
from warledger.cli import main
from warledger.model import RawDocument

LEDE = ("Shelling killed at least 12 civilians in the town of Kupiansk on Tuesday, the regional governor said, "
        "and 30 people were wounded when a drone struck a market.")


def extract(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["extract", "--format", "jsonl", "--with-text", *args], input=stdin)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def docs(result: Result) -> list[dict]:
    # split on newlines only: the text may hold U+2028, which splitlines() would also split on
    return [json.loads(line) for line in result.stdout.split("\n") if line.strip()]


def assert_sane(result: Result) -> list[dict]:
    """No traceback; each error one line; every article's evidence inside its text; figures ordered."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    for line in error_lines(result):
        assert line.startswith("warledger: error: "), line
    out = docs(result)
    for doc in out:
        text = doc["article"]["text"]
        for event in doc["events"]:
            spans = [*event["evidence"], *(e for c in event["casualties"] for e in c["evidence"]),
                     *(e for m in event["materiel"] for e in m["evidence"])]
            for span in spans:
                assert text[span["start"]:span["end"]] == span["text"]
            for c in event["casualties"]:
                assert 0 <= c["low"] <= c["best"] <= c["high"], c
            if event["date"]:
                assert event["date"]["start"] <= event["date"]["end"]
    return out


def one_error(result: Result, name: str, problem: str) -> None:
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 1 and name in lines[0] and problem in lines[0], lines


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "empty"),
    ("zero-width.txt", "\u200b\u200d\ufeff\u2060\n".encode(), "no article text"),
    # only invisible format characters: as empty as whitespace (a page of RLOs is not an article)
    ("rlo-only.txt", "\u202e".encode(), "no article text"),
    ("rlo-lines.txt", "\u202e\u202e\n\n\u202e \n".encode(), "no article text"),
    ("lro-only.txt", "\u202d\u202c".encode(), "no article text"),
    ("zwsp-only.txt", "\u200b\u200b\u200b".encode(), "no article text"),
    ("zwj-only.txt", "\u200d".encode(), "no article text"),
    ("bom-twice.txt", "\ufeff\ufeff\ufeff".encode(), "no article text"),
    ("soft-hyphen-only.txt", "\u00ad\u00ad".encode(), "no article text"),
    ("isolates-only.txt", "\u2066\u2067\u2068\u2069\u200e\u200f".encode(), "no article text"),
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "binary"),
    ("truncated.txt", LEDE.encode() + "Дрон атакував ".encode()[:-1] + b" more text " + "é".encode()[:1] + b"x",
     "invalid UTF-8"),
    ("empty.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>", "no entries"),
    ("page.html", b"<html><body><nav>Home</nav><script>alert(1)</script></body></html>", "no article body"),
])
def test_unusable_inputs_are_one_line_errors(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = extract(str(path))
    assert_sane(result)
    one_error(result, name, problem)


@pytest.mark.parametrize("text", [
    "\u202e", "\u202d\u202e\u202c", "\u200b\n\n\u200d", "\ufeff", "\u00ad \u00ad", "\u2066\t\u2069",
    "<p>\u202e</p><p>\u200b</p>",  # the same inside a feed entry's HTML fragment
])
def test_invisible_only_text_is_an_empty_article(text: str) -> None:
    with pytest.raises(ValueError, match="^no article text") as info:
        clean_document(RawDocument(source="x.txt", text=text, format="text"))
    assert "\n" not in str(info.value)


def test_visible_text_beside_format_characters_is_kept() -> None:
    article = clean_document(RawDocument(source="x.txt", text="\u202e" + LEDE, format="text"))
    assert "Kupiansk" in article.text


def test_a_bad_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "c-good.txt").write_text(LEDE, encoding="utf-8")
    result = extract(str(tmp_path / "a-empty.txt"), str(tmp_path / "b-binary.txt"), str(tmp_path / "c-good.txt"))
    out = assert_sane(result)
    assert result.exit_code == 1 and len(error_lines(result)) == 2
    assert len(out) == 1 and out[0]["events"]


def test_mixed_encodings_in_one_run(tmp_path: Path) -> None:
    text = "Fighting near Bakhmut killed 14 soldiers on Monday, the army said. Café owner José fled."
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "cp1252.txt").write_bytes(text.replace(".", "\u201d.", 1).encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    result = extract(*(str(tmp_path / n) for n in ("utf8.txt", "cp1252.txt", "utf16.txt", "latin1.txt")))
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr
    assert len(out) == 4 and all("José" in d["article"]["text"] for d in out)
    assert all(any(c["best"] == 14 for e in d["events"] for c in e["casualties"]) for d in out)


@pytest.mark.slow
def test_a_20_mb_article_is_refused_or_read_without_a_crash(tmp_path: Path) -> None:
    paragraph = (LEDE + " Residents said the power station was hit again overnight and queues formed "
                 "at the only working bakery.\n\n")
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < 20 * 1024 * 1024:
            out.write(paragraph * 200)
    result = extract(str(path))
    assert_sane(result)
    one_error(result, "huge.txt", "too large")


@pytest.mark.slow
def test_a_100k_line_article(tmp_path: Path) -> None:
    lines = [LEDE] + [f"Queue {i} formed." for i in range(100_000)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = extract(str(path))
    assert_sane(result)
    one_error(result, "long.txt", "too long")


def test_html_nesting_bomb(tmp_path: Path) -> None:
    depth = 50_000
    page = ("<html><body>" + "<div>" * depth + f"<p>{LEDE}</p>" + "</div>" * depth + "</body></html>")
    path = tmp_path / "bomb.html"
    path.write_text(page, encoding="utf-8")
    result = extract(str(path))
    assert_sane(result)
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        one_error(result, "bomb.html", "")


def test_unclosed_tags_bomb(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.html"
    path.write_text("<b><i><span>" * 30_000 + LEDE, encoding="utf-8")
    result = extract(str(path))
    assert_sane(result)
    assert result.exit_code in (0, 1)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>t</title><description>&xxe;</description></item>
</channel></rss>
"""


@pytest.mark.parametrize(("name", "data"), [("laughs.xml", BILLION_LAUGHS), ("xxe.rss", EXTERNAL_ENTITY)])
def test_entity_expansion_and_external_entities_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = extract(str(path))
    assert_sane(result)
    assert result.exit_code == 1 and len(error_lines(result)) == 1
    assert name in result.stderr and "refused" in result.stderr
    assert "root:" not in result.output


def test_truncated_feed_is_one_error(tmp_path: Path) -> None:
    feed = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Strike</title>"
            b"<description>" + LEDE.encode() + b"</description></item><item><title>Cut")
    path = tmp_path / "cut.xml"
    path.write_bytes(feed)
    result = extract(str(path))
    assert_sane(result)
    one_error(result, "cut.xml", "malformed")


@pytest.mark.slow
def test_feed_with_10k_items(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Briefing {i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate><description>Market prices rose {i % 7} percent."
        f"</description></item>" for i in range(10_000))
    items += f"<item><title>Strike</title><description>{LEDE}</description></item>"
    path = tmp_path / "big.rss"
    path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>",
                    encoding="utf-8")
    result = extract(str(path))
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr[:500]
    assert len(out) == 10_001
    assert out[-1]["events"] and not any(d["events"] for d in out[:100])


def test_jsonl_with_broken_and_hostile_lines(tmp_path: Path) -> None:
    good = {"id": "ok-1", "text": LEDE, "published": "2026-03-10"}
    lines = [
        json.dumps(good),
        '{"id": "cut", "text": "Shelling killed',  # truncated
        "not json at all",
        "[" * 100_000 + "]" * 100_000,  # nesting deep enough to blow a recursive parser
        '{"id": "nested", "text": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"id": "num", "text": 12}),
        json.dumps({"id": {"a": 1}, "text": LEDE}),
        json.dumps({"id": "date", "text": LEDE, "published": "99999-01-01"}),
        json.dumps({"id": "nan", "text": LEDE, "published": float("nan")}),
        b"\xff\xfe not utf8".decode("latin-1"),
        json.dumps({"id": "year1", "text": LEDE, "published": "0001-01-01"}),
        json.dumps({"id": "year9999", "text": LEDE, "published": "9999-12-31"}),
        json.dumps({"id": "ok-2", "text": LEDE}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = extract("--input-format", "jsonl", str(path))
    out = assert_sane(result)
    ids = [d["id"] for d in out]
    assert ids[0] == "ok-1" and ids[-1] == "ok-2"
    assert {"cut", "nested", "num"}.isdisjoint(ids)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert all("batch.jsonl:" in e for e in errors), errors
    assert len(errors) + len(out) == len(lines)


@pytest.mark.parametrize("figure", ["1,000,000", "0", "-5", "9999999999", "99999999999999999999999", "1.5", "zero",
                                    "a million", "10,00,000", "1 000 000"])
def test_absurd_casualty_figures(tmp_path: Path, figure: str) -> None:
    text = (f"{figure} civilians were killed and {figure} were wounded in shelling of Kharkiv on Tuesday, "
            f"the governor said. Officials said {figure} soldiers died in the clashes.")
    result = extract("--published", "2026-03-10", "-", stdin=text.encode())
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr
    for event in out[0]["events"]:
        for c in event["casualties"]:
            assert c["best"] >= 0


WHENS = ["on Tuesday", "yesterday", "tomorrow", "last week", "next month", "in the past two days",
         "on 31 December 9999", "on 1 January 0001", "on 0001-01-01", "9999-12-31", "in the 1990s", "last year",
         "next year", "over the weekend", "on 29 February", "since clashes broke out", "in year 10000"]


@pytest.mark.parametrize("published", ["2024-02-29", "2026-01-01", "2026-12-31"])
@pytest.mark.parametrize("when", WHENS)
def test_dates_at_the_ends_of_the_calendar_in_the_text(published: str, when: str) -> None:
    text = f"Shelling killed 12 civilians in Kharkiv {when}, the governor said. Two soldiers were wounded {when}."
    result = extract("--published", published, "-", stdin=text.encode())
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr
    assert out[0]["article"]["published"] == published


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_publication_dates_off_the_calendar_are_one_line_errors(published: str) -> None:
    text = "Shelling killed 12 civilians in Kharkiv on Tuesday, the governor said."
    result = extract("--published", published, "-", stdin=text.encode())
    assert_sane(result)
    one_error(result, "<stdin>", "outside the years")


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_feed_dates_off_the_calendar_are_ignored(tmp_path: Path, published: str) -> None:
    # regression (fuzz): an entry dated 0001-01-01 crashed extraction with OverflowError (the day before it)
    when = dt.date.fromisoformat(published).strftime("%a, %d %b ") + published[:4] + " 00:00:00 GMT"
    path = tmp_path / "dated.rss"
    path.write_text(f"<rss version='2.0'><channel><title>Wire</title><item><title>Strike</title><pubDate>{when}"
                    f"</pubDate><description>{LEDE}</description></item></channel></rss>", encoding="utf-8")
    result = extract(str(path))
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr
    assert out[0]["article"]["published"] != published and out[0]["events"]


@pytest.mark.parametrize("text", [
    "قتل 12 مدنيا في قصف على حلب يوم الثلاثاء، بحسب المرصد. " + LEDE,
    "\u202eShelling killed 12 civilians\u202c in Kharkiv on Tuesday, the governor said.",
    "נהרגו חמישה חיילים בגבול הצפון. " + LEDE,
    "\U0001f4a5\U0001f4a5 Shelling \U0001f1fa\U0001f1e6 killed 12 civilians \U0001f62d in Kharkiv on Tuesday, "
    "the governor said \U0001f469\u200d\U0001f467.",
    "Shel\u200bling kil\u200dled 1\u200b2 civ\u00adilians in Khar\u2060kiv on Tues\ufeffday, the governor said.",
    "Shelling killed 12 civilians\u2028in Kharkiv\u2029on Tuesday\x85 the governor said.\r\rTwo died\rlater.",
    "S\u0301h\u0301e\u0301l\u0301l\u0301ing killed 12 civilians in Kharkiv on Tuesday.",
])
def test_scripts_emoji_and_invisible_characters(text: str) -> None:
    result = extract("--published", "2026-03-10", "-", stdin=text.encode())
    out = assert_sane(result)
    assert result.exit_code == 0, result.stderr
    assert len(out) == 1


def test_evidence_offsets_survive_astral_characters() -> None:
    # offsets are code points: an emoji before the figure must not shift the span
    text = "\U0001f4a5\U0001f4a5\U0001f4a5 " + LEDE
    result = extract("--published", "2026-03-10", "-", stdin=text.encode())
    out = assert_sane(result)
    body = out[0]["article"]["text"]
    spans = [s for e in out[0]["events"] for c in e["casualties"] for s in c["evidence"]]
    assert spans
    for span in spans:
        check_evidence_dict(body, span)


def check_evidence_dict(text: str, span: dict) -> None:
    from warledger.model import Evidence

    check_evidence(text, Evidence(span["start"], span["end"], span["text"]))

"""Encoding detection: BOMs, UTF-8, Latin-1, Windows-1252, Cyrillic cp1251, and refusing binary data."""

from pathlib import Path

import pytest

from warledger.ingest.decode import DecodeError, decode_bytes, latin_code_page

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("latin1.txt", "the café on the main square"),
        ("latin1.txt", "Mr Müller, said"),
        ("cp1252.txt", "said on Sunday — the third attack"),
        ("cp1252.txt", "“We heard two explosions, one after the other,”"),
        ("cp1252.txt", "estimated at €3 million"),
        ("utf16_bom.txt", "Naïve hopes of calm faded."),
        ("utf8_bom.txt", "Naïve hopes of calm faded."),
    ],
)
def test_fixture_files_decode_to_their_text(name: str, expected: str) -> None:
    text = decode_bytes((FIXTURES / name).read_bytes())
    assert expected in text
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Shelling hit the town of Huliaipole overnight, officials said.", "utf-8"),
        ("Le ministère a confirmé la mort de trois soldats près de Kidal.", "utf-8"),
        ("Shelling hit the town overnight.", "utf-16"),  # Python writes a BOM for "utf-16"
        ("Shelling hit the town overnight, 'officials' said.", "utf-32"),
        ("Обстріл Харкова: загинули двоє людей, ще дев'ятеро поранені, повідомила обласна адміністрація.", "cp1251"),
    ],
)
def test_round_trip_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "code_page"),
    [
        ("Kiev – the \u201cfront\u201d".encode("cp1252"), "cp1252"),
        ("caf\u00e9 in G\u00f6rlitz".encode("latin-1"), "latin-1"),
        (b"plain ascii", "latin-1"),
        (b"\x81 undefined in cp1252", "latin-1"),
    ],
)
def test_latin_code_page(data: bytes, code_page: str) -> None:
    assert latin_code_page(data) == code_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        ((FIXTURES / "photo_saved_as.txt").read_bytes(), "binary file"),
        ((FIXTURES / "broken_utf8.txt").read_bytes(), "invalid UTF-8 (byte 0xE9 at offset 102)"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20, "binary file"),
        (b"\xef\xbb\xbfok then \xff\xfe broken", "invalid UTF-8 after its byte-order mark"),
    ],
)
def test_undecodable_inputs_raise_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)

"""Bytes to text: byte-order marks, UTF-8, legacy single-byte encodings, and refusing binary data.

Rules, in order:

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); the mark is dropped.
2. NUL bytes without a UTF-16/32 mark mean binary data (images, archives, office files).
3. Valid UTF-8 is UTF-8.
4. Bytes that are *mostly* UTF-8 (they contain valid multi-byte sequences) but fail to decode
   are corrupt UTF-8, not a legacy encoding: guessing would silently garble the text.
5. Mostly-ASCII bytes (English text with a few accented names or curly quotes) are Windows-1252
   when they use its 0x80-0x9F punctuation (curly quotes, dashes, the euro sign), else Latin-1.
   charset-normalizer's guesses on such short, mostly-ASCII texts are unreliable (it picks
   cp1250 or Baltic code pages for "café").
6. Otherwise charset-normalizer guesses; a guess in the Western/Central European family is
   settled by the bytes as in rule 5, others (e.g. cp1251 Cyrillic) are taken as they are.
7. Text that still has control characters in it is binary after all.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset-normalizer names of Western/Central European single-byte code pages it confuses on short text
_LATIN_FAMILY = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_9", "iso8859_13",
    "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858",
}
# a valid UTF-8 multi-byte sequence (2, 3 or 4 bytes)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MOSTLY_ASCII_MAX_SHARE = 0.10  # at most this share of bytes above 0x7F: English text with a few accents
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# C0/C1 control characters other than tab, newline, carriage return, form feed and vertical tab
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class DecodeError(ValueError):
    """The bytes are not text in an encoding we can trust; the message is one line."""


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes to text following the module's rules; raise ``DecodeError``."""
    if not data:
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _reject_control(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding.upper()} after its byte-order mark ({exc.reason})") from None
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return _reject_control(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise DecodeError(
                f"invalid UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}) in otherwise UTF-8 text"
            ) from None
    return _reject_control(_decode_legacy(data))


def _decode_legacy(data: bytes) -> str:
    non_ascii = sum(1 for b in data if b >= 0x80)
    if non_ascii <= len(data) * MOSTLY_ASCII_MAX_SHARE:
        return data.decode(latin_code_page(data))
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not text in any known encoding (binary file?)")
    if best.encoding not in _LATIN_FAMILY:
        return str(best)
    return data.decode(latin_code_page(data))


def latin_code_page(data: bytes) -> str:
    """``cp1252`` when the bytes use Windows-1252's 0x80-0x9F punctuation, else ``latin-1``."""
    high_controls = {b for b in data if 0x80 <= b <= 0x9F}
    if high_controls and not high_controls & _CP1252_UNDEFINED:
        return "cp1252"
    return "latin-1"


def _reject_control(text: str) -> str:
    if text and len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        raise DecodeError("binary file (control characters), not text")
    return text

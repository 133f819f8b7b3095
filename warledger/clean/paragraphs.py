"""Plain text and HTML fragments to paragraphs (the units every cleaning rule works on).

Plain text: blocks are separated by blank lines. Within a block, each line is its own unit
unless the block is hard-wrapped prose (every line but the last 40-100 characters long), whose
lines are joined with spaces; a line that breaks mid-sentence (no final punctuation, the next
line starts in lower case) is also joined. Credit lines are taken out line by line *before*
joining, so "caption\\nReuters" leaves the caption alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from lxml import html as lxml_html

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”)\]]*$")
HARD_WRAP_MIN, HARD_WRAP_MAX = 40, 100
BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section", "article", "td", "th",
    "dd", "dt", "figcaption", "header", "footer", "aside", "main", "ul", "ol", "table", "tr", "figure", "br",
}


@dataclass
class Unit:
    """One paragraph; ``alone`` when it was a whole blank-line-separated block on its own."""

    text: str
    alone: bool = False


def normalise_line(line: str) -> str:
    """NFC, invisible characters dropped, runs of spaces collapsed, ends trimmed."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    return _SPACES.sub(" ", line).strip()


def text_units(text: str, drop_line: Callable[[str], bool] | None = None) -> tuple[list[Unit], list[str]]:
    """Paragraph units of plain text, and the lines ``drop_line`` took out (verbatim, in order)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    units: list[Unit] = []
    dropped: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [normalise_line(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        kept = []
        for line in lines:
            if drop_line is not None and drop_line(line):
                dropped.append(line)
            else:
                kept.append(line)
        joined = join_lines(kept)
        units.extend(Unit(t, alone=len(joined) == 1 and len(lines) == 1) for t in joined)
    return units, dropped


def join_lines(lines: list[str]) -> list[str]:
    """Lines of one block as paragraphs: hard-wrapped prose joined, separate lines kept apart."""
    if len(lines) >= 2 and all(HARD_WRAP_MIN <= len(line) <= HARD_WRAP_MAX for line in lines[:-1]):
        return [" ".join(lines)]
    out: list[str] = []
    for line in lines:
        if out and not _SENTENCE_END.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def html_fragment_units(fragment: str) -> tuple[list[str], list[str]]:
    """Paragraphs and figure captions of an HTML fragment (a feed entry's content)."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on odd markup; treat it as text then
        return [u.text for u in text_units(fragment)[0]], []
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    captions = []
    for caption in root.xpath(".//figcaption"):
        text = normalise_line(caption.text_content())
        if text:
            captions.append(text)
    for figure in root.xpath(".//figure|.//figcaption"):
        figure.drop_tree()
    return block_texts(root), captions


def block_texts(root: lxml_html.HtmlElement) -> list[str]:
    """Text of each innermost block element, plus loose text between blocks, in document order."""
    out: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = normalise_line("".join(pieces))
        if text:
            out.append(text)
        pieces.clear()

    def walk(element: lxml_html.HtmlElement) -> None:
        is_block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
        if is_block:
            flush()
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                if isinstance(child.tag, str) and child.tag.lower() in BLOCK_TAGS:
                    flush()
                pieces.append(child.tail)
        if is_block:
            flush()

    walk(root)
    flush()
    return out

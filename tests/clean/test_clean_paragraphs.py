"""Paragraph units from plain text and from HTML fragments."""

import pytest

from warledger.clean.credits import is_credit_line
from warledger.clean.paragraphs import html_fragment_units, join_lines, normalise_line, text_units


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # hard-wrapped prose: one paragraph
        (["Two rockets struck warehouses in the port overnight, the governor",
          "said on Sunday, the third attack on the harbour this month."],
         ["Two rockets struck warehouses in the port overnight, the governor said on Sunday, the third attack on "
          "the harbour this month."]),
        # separate short lines stay apart
        (["Related:", "Darfur"], ["Related:", "Darfur"]),
        # a line broken mid-sentence is joined
        (["Fighting resumed near the", "airport."], ["Fighting resumed near the airport."]),
        # one long paragraph per line (copied from a page): kept apart
        (["Three civilians were killed when mortar rounds struck the central market of the town late on Monday, "
          "the army said.", "A statement from the general staff blamed fighters of an armed group active in the "
          "border area."],
         ["Three civilians were killed when mortar rounds struck the central market of the town late on Monday, "
          "the army said.", "A statement from the general staff blamed fighters of an armed group active in the "
          "border area."]),
    ],
)
def test_join_lines(lines: list[str], expected: list[str]) -> None:
    assert join_lines(lines) == expected


def test_text_units_drop_credit_lines_before_joining_and_mark_lone_blocks() -> None:
    text = ("Curfew imposed in border town\r\n\r\n"
            "A police officer stands guard outside the town hall, May 4, 2023.\n"
            "AFP/Getty Images\n\n"
            "Authorities imposed an\u00a0overnight curfew after clashes, the ministry said.\n")
    units, dropped = text_units(text, drop_line=is_credit_line)
    assert [u.text for u in units] == [
        "Curfew imposed in border town",
        "A police officer stands guard outside the town hall, May 4, 2023.",
        "Authorities imposed an overnight curfew after clashes, the ministry said.",
    ]
    assert [u.alone for u in units] == [True, False, True]
    assert dropped == ["AFP/Getty Images"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  Troops\t advanced  ", "Troops advanced"),
        ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
        ("Cafe\u0301 bombed", "Café bombed"),  # NFC
    ],
)
def test_normalise_line(line: str, expected: str) -> None:
    assert normalise_line(line) == expected


def test_html_fragment_paragraphs_and_figure_captions() -> None:
    fragment = (
        "<p>A fuel depot <b>burned</b> through the night, officials said.</p>"
        "<figure><img src='x.jpg'><figcaption>Firefighters at the depot, May 21, 2024.</figcaption></figure>"
        "<p>Two workers were injured.<br>The fire was contained by morning.</p>"
        "<script>track()</script><ul><li>Air defence shot down four drones.</li></ul>"
    )
    paragraphs, captions = html_fragment_units(fragment)
    assert paragraphs == [
        "A fuel depot burned through the night, officials said.",
        "Two workers were injured.",
        "The fire was contained by morning.",
        "Air defence shot down four drones.",
    ]
    assert captions == ["Firefighters at the depot, May 21, 2024."]

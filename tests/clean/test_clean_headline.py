"""Headline detection for plain text."""

import pytest

from warledger.clean.headline import is_headline


@pytest.mark.parametrize(
    ("line", "alone", "expected"),
    [
        ("4 Dead as Shelling Hits Market in Ménaka", True, True),
        ("Shelling of El Fasher camp kills 12, aid groups say", True, True),
        ("Is the ceasefire in Idlib already over?", True, True),
        ("‘We have nothing left’: Darfur families flee again", True, True),
        ("Troops withdraw from Sake", False, False),  # not followed by a blank line
        ("Two soldiers were killed in the ambush, the army said.", True, False),  # a sentence
        ("Related:", True, False),
        ("Reuters", True, False),
        ("Advertisement", True, False),
        ("Kyiv", True, False),  # one word
        ("the army said on Tuesday that it had withdrawn", True, False),  # starts in lower case
        ("Azerbaijan says four civilians have died and 17 others have been wounded in attacks by militias in the "
         "occupied region since clashes broke out at the weekend", True, False),  # a standfirst: too long
    ],
)
def test_is_headline(line: str, alone: bool, expected: bool) -> None:
    assert is_headline(line, alone=alone) is expected

"""Credit lines, page junk and trailing fragments: table-driven, real phrasings."""

import pytest

from warledger.clean.credits import is_credit_line, is_junk_line, is_trailing_fragment


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # credits
        ("Staff and agencies", True),
        ("Al Jazeera and news agencies", True),
        ("Horn Monitor and Agencies", True),
        ("Sahel Observer with agencies", True),
        ("Kinshasa Courier with GWS", True),
        ("Staff and Reuters", True),
        ("Russia and NATO", False),
        ("With agencies", True),
        ("Agencies", True),
        ("Reuters", True),
        ("(Reuters)", True),
        ("(AFP)", True),
        ("— AP", True),
        ("AFP/Getty Images", True),
        ("Anadolu Agency", True),
        ("EPA-EFE", True),
        ("Reuters / AP", True),
        ("Genya Savilov/AFP via Getty Images", True),
        ("Ammar Awad/Reuters", True),
        ("AP Photo/Efrem Lukatsky", True),
        ("Photo: Reuters/Stringer", True),
        ("Photograph: Anadolu Agency", True),
        ("Picture by Mariam Diallo", True),
        ("(GWS)", True),
        ("(Reporting by Pavel Polityuk; Editing by Ros Russell)", True),
        ("Additional reporting by Abdi Sheikh in Mogadishu", True),
        ("By Amadou Keita and Claire Dumont", True),
        ("By Olena Marchuk in Kramatorsk", True),
        # not credits: sentences that merely start like one
        ("Reuters reported that three people were killed in the strike.", False),
        ("By Tuesday evening, the army had withdrawn from the village.", False),
        ("Photos show the damaged bridge", False),
        ("Agencies delivering aid said the road was closed.", False),
        ("AFP journalists saw several burned-out vehicles on the road.", False),
        ("The agencies said the camp was overcrowded.", False),
    ],
)
def test_is_credit_line(line: str, expected: bool) -> None:
    assert is_credit_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Advertisement", True),
        ("ADVERTISEMENT", True),
        ("Share this article", True),
        ("Share on Facebook", True),
        ("Tweet", True),
        ("Read more", True),
        ("Read more: Aid convoy reaches Menaka after two-week delay", True),
        ("Related: Satellite images show burned villages", True),
        ("Related stories", True),
        ("Story continues below advertisement", True),
        ("Sign up for our Africa newsletter", True),
        ("Follow us on Telegram", True),
        ("Tags: Sudan, Darfur, RSF", True),
        ("© 2023 The Meridian Herald. All rights reserved.", True),
        ("Updated: 14 March 2023 10:42 GMT", True),
        ("4 min read", True),
        # news that looks a little like furniture
        ("Updated figures from 2023 show a rise in displacement.", False),
        ("Comments by the minister angered opposition lawmakers.", False),
        ("Share prices fell sharply after the attack on the refinery.", False),
        ("Watch: the moment the bridge collapsed", True),
        ("Readers in the region reported hearing explosions overnight.", False),
    ],
)
def test_is_junk_line(line: str, expected: bool) -> None:
    assert is_junk_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Route 6", True),
        ("Darfur", True),
        ("Related:", True),
        ("Middle East", True),
        ("Kyiv Daily Ledger", True),
        ("The talks ended without agreement.", False),
        ("“We will return,” she said.", False),
        ("Fighting continued late into the night", False),  # six words: a sentence missing its period
        ("Was anyone hurt?", False),
        ("", False),
    ],
)
def test_is_trailing_fragment(line: str, expected: bool) -> None:
    assert is_trailing_fragment(line) is expected

"""Caption rules: verbatim repeats kept once, caption-like paragraphs recognised."""

import pytest

from warledger.clean.captions import is_caption_like, repeated_paragraphs, separate_captions


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # ends with a comma and the photo's date
        ("A woman walks past a burned shelter in the Abu Shouk camp on the outskirts of El Fasher, "
         "North Darfur, June 9, 2024.", True),
        ("Ukrainian servicemen fire a howitzer towards Russian positions near Bakhmut, 12 March 2023.", True),
        ("Rescuers search the rubble of a residential building in Dnipro, Ukraine, 2023-01-15. (AFP)", True),
        # names the photo
        ("Smoke rises from the port after the strike (Photo: Odesa Regional Administration)", True),
        ("Members of the civil defence, pictured, clear debris from the road outside the hospital.", True),
        ("A file photo of the border crossing at Rafah, which has been closed since May.", True),
        ("Flowers and candles at the entrance of the destroyed building on Saturday. Photo: Kyiv Daily Ledger", True),
        ("Soldiers ride an armoured personnel carrier near the front line (AFP)", True),
        ("Displaced people receive food rations at a school in Port Sudan. REUTERS/Mohamed Nureldin Abdallah", True),
        # a scene described in the present tense, no reporting verb
        ("Mourners gather outside the morgue of the central hospital in Mogadishu.", True),
        ("An elderly man sits among the ruins of his home in the village of Kamianka.", True),
        # body sentences
        ("The ceasefire was signed in Moscow on May 12, 1994, after two years of war.", False),
        ("Residents say they stand ready to defend the town if the militias return.", False),
        ("The hosts' seamers destroyed the top order before a late stand of 88 restored some respectability.", False),
        ("The company is testing a larger drone able to carry vaccines in refrigerated boxes.", False),
        ("Two soldiers were killed in the attack, the ministry said.", False),
        ("“We sit in the basement every night,” a resident said.", False),
        ("Photo", False),
    ],
)
def test_is_caption_like(paragraph: str, expected: bool) -> None:
    assert is_caption_like(paragraph) is expected


def test_repeated_paragraphs_ignore_short_lines_and_spacing() -> None:
    paragraphs = [
        "Smoke over the market after the shelling, seen from the river bank.",
        "Read more",
        "Smoke over the market  after the shelling, seen from the river bank.",
        "Read more",
    ]
    assert repeated_paragraphs(paragraphs) == {"Smoke over the market after the shelling, seen from the river bank."}


def test_separate_captions_keeps_the_first_copy_and_lists_it() -> None:
    caption = "A fighter stands guard at a checkpoint on the road into Sake, North Kivu, February 8, 2024."
    paragraphs = [
        "M23 rebels close in on Sake",
        caption,
        caption,
        "Rebels shelled the outskirts of Sake on Wednesday, local officials said.",
        "The fighting has displaced tens of thousands of people, the United Nations said.",
    ]
    kept, captions = separate_captions(paragraphs, protected=1)
    assert kept == [paragraphs[0], caption, paragraphs[3], paragraphs[4]]
    assert captions == [caption]


def test_a_repeated_paragraph_is_a_caption_even_without_caption_cues() -> None:
    repeated = "Displaced families on the road between Kaya and Djibo during the dry season"
    kept, captions = separate_captions([repeated, "Troops escorted the convoy, the army said.", repeated])
    assert kept == [repeated, "Troops escorted the convoy, the army said."]
    assert captions == [repeated]


def test_the_headline_is_never_a_caption() -> None:
    headline = "Mourners gather in Kharkiv after missile strike"
    kept, captions = separate_captions([headline, "Six people were killed, officials said."], protected=1)
    assert kept[0] == headline and captions == []

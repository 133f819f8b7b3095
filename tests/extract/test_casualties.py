"""Casualty sentences in many shapes -> (kind, group, best) records; negations and hypotheticals -> nothing."""

import pytest

from warledger.extract.casualties import CLAIMANT_SIDE, ENEMY_SIDE, find_casualties


def facts(sentence: str, acled: bool = False) -> list[tuple[str, str, int]]:
    return [(m.kind, m.group, m.best) for m in find_casualties(sentence, acled)]


CASES = [
    # passive voice, figures in digits and words
    ("Three soldiers were killed when their patrol hit a roadside bomb.", [("killed", "military", 3)]),
    ("At least 12 civilians were killed in the market bombing.", [("killed", "civilians", 12)]),
    ("Seven policemen were wounded in the ambush near the checkpoint.", [("wounded", "police", 7)]),
    ("Two rebel fighters were captured by the army on Sunday.", [("captured", "militants", 2)]),
    ("Nine villagers have been abducted by gunmen, residents said.", [("captured", "civilians", 9)]),
    ("Five aid workers were reported missing after the convoy was attacked.", [("missing", "civilians", 5)]),
    ("Some 3,000 residents were displaced by the fighting.", [("displaced", "civilians", 3000)]),
    ("Four children were among those killed.", [("killed", "civilians", 4)]),
    ("Eleven militants were killed in the operation.", [("killed", "militants", 11)]),
    ("More than 20 protesters were injured in the crackdown.", [("wounded", "civilians", 21)]),
    # intransitive
    ("Six civilians died in the shelling of the town.", [("killed", "civilians", 6)]),
    ("Fifteen servicemen have died since the offensive began.", [("killed", "military", 15)]),
    ("Two nurses lost their lives when the clinic was hit.", [("killed", "civilians", 2)]),
    ("A wounded soldier later succumbed to his injuries in hospital.", [("killed", "military", 1)]),
    ("Three fighters perished in the blaze at the depot.", [("killed", "militants", 3)]),
    # active voice
    ("Gunmen killed four farmers in the village overnight.", [("killed", "civilians", 4)]),
    ("The airstrike killed eight insurgents, the army said.", [("killed", "militants", 8)]),
    ("Troops shot dead two suspected smugglers at the border.", [("killed", "unknown", 2)]),
    ("Unknown attackers gunned down a police officer outside his home.", [("killed", "police", 1)]),
    # employees are civilians, whoever employs them ("government employee" is not a soldier)
    ("A government employee was shot dead outside his office.", [("killed", "civilians", 1)]),
    ("Two bank employees were wounded in the robbery.", [("wounded", "civilians", 2)]),
    ("Militants abducted 30 schoolgirls from a boarding school.", [("captured", "civilians", 30)]),
    ("The blast wounded 14 passengers on the bus.", [("wounded", "civilians", 14)]),
    ("Rebels ambushed the convoy, killing six soldiers and wounding nine others.",
     [("killed", "military", 6), ("wounded", "military", 9)]),
    ("The drone strike hit a wedding party, killing at least 15 guests.", [("killed", "unknown", 15)]),
    # headline style
    ("5 militants killed in clash with security forces", [("killed", "militants", 5)]),
    ("Two soldiers killed, three injured in mine blast", [("killed", "military", 2), ("wounded", "military", 3)]),
    ("3 Ukrainian servicemen die in overnight shelling", [("killed", "military", 3)]),
    # "others", coordination, singulars
    ("Two policemen were killed and four others were hurt.", [("killed", "police", 2), ("wounded", "police", 4)]),
    ("A soldier and two civilians were killed in the crossfire.",
     [("killed", "military", 1), ("killed", "civilians", 2)]),
    ("A woman was killed and her son was injured by a stray shell.",
     [("killed", "civilians", 1), ("wounded", "civilians", 1)]),
    ("A local councillor was shot dead on his way to work.", [("killed", "civilians", 1)]),
    ("An army captain was killed by sniper fire.", [("killed", "military", 1)]),
    ("One protester died after police opened fire.", [("killed", "civilians", 1)]),
    ("Gunmen killed one man and wounded another in the attack.",
     [("killed", "unknown", 1), ("wounded", "unknown", 1)]),
    ("The district police chief and three of his guards were killed.",
     [("killed", "police", 1), ("killed", "unknown", 3)]),
    # dead / bodies / death of
    ("The attack left 18 fighters dead.", [("killed", "militants", 18)]),
    ("The raid left a shepherd dead.", [("killed", "civilians", 1)]),
    ("Two men were found dead near the river on Friday.", [("killed", "unknown", 2)]),
    ("The bodies of four fishermen were recovered from the lake.", [("killed", "civilians", 4)]),
    ("The explosion resulted in the death of five people.", [("killed", "unknown", 5)]),
    ("The ambush caused at least six deaths.", [("killed", "unknown", 6)]),
    ("Twelve deaths were reported in the clashes.", [("killed", "unknown", 12)]),
    ("The death toll rose to 40 on Thursday.", [("killed", "unknown", 40)]),
    ("An attacker stabbed a shopkeeper to death in the market.", [("killed", "civilians", 1)]),
    ("A mob beat a suspected thief to death on Tuesday.", [("killed", "unknown", 1)]),
    # qualifiers inside sentences
    ("Nearly 170 enemy soldiers have been killed, the ministry claimed.", [("killed", "military", 170)]),
    ("Up to 40 villagers may have been displaced.", []),
    ("About 25 people were wounded in the blast.", [("wounded", "unknown", 25)]),
    ("Dozens of civilians were wounded in the bombardment.", [("wounded", "civilians", 24)]),
    ("Between 8 and 10 guards were killed in the prison break.", [("killed", "unknown", 9)]),
    ("Hundreds of families were displaced by the fighting.", [("displaced", "civilians", 200)]),
    # more shapes
    ("Israeli strikes killed 27 Palestinians overnight, health officials said.", [("killed", "unknown", 27)]),
    ("At least 50 people have been killed in ethnic violence since Friday.", [("killed", "unknown", 50)]),
    ("Suspected jihadists killed 12 villagers in an overnight raid.", [("killed", "civilians", 12)]),
    ("A suicide bomber killed himself and 9 worshippers at a mosque.",
     [("killed", "unknown", 1), ("killed", "civilians", 9)]),
    ("Eight people, including three children, were killed when a shell hit their home.",
     [("killed", "unknown", 8)]),
    ("Two journalists were among 11 people killed in the strike.", [("killed", "unknown", 11)]),
    ("One Ukrainian soldier died and two were wounded in the attack.",
     [("killed", "military", 1), ("wounded", "military", 2)]),
    ("Ten members of one family were killed by a drone strike.", [("killed", "unknown", 10)]),
    ("Seventeen people were hurt, three of them seriously.", [("wounded", "unknown", 17)]),
    ("A grenade attack injured a policeman and two passers-by.",
     [("wounded", "police", 1), ("wounded", "unknown", 2)]),
    ("Soldiers killed a gunman who had opened fire on the checkpoint.", [("killed", "militants", 1)]),
    ("Four Turkish soldiers were killed and six wounded in an attack on their base.",
     [("killed", "military", 4), ("wounded", "military", 6)]),
    ("Unknown gunmen shot and killed two brothers on Friday.", [("killed", "civilians", 2)]),
    ("Militants beheaded three farmers in the hills.", [("killed", "civilians", 3)]),
    ("Three people died of their wounds in hospital on Saturday.", [("killed", "unknown", 3)]),
    ("Clashes left at least 23 dead and 60 injured.", [("killed", "unknown", 23), ("wounded", "unknown", 60)]),
    ("Police said 14 suspected rebels had been captured.", [("captured", "militants", 14)]),
    ("More than 1,500 families have fled their homes.", [("displaced", "civilians", 1501)]),
    ("The agency said 200,000 people had been displaced by the fighting.", [("displaced", "unknown", 200000)]),
    ("Security forces killed 4 TTP and LI militants in the valley.", [("killed", "militants", 4)]),
    ("A rocket hit a bus, killing a driver and wounding 13 passengers.",
     [("killed", "civilians", 1), ("wounded", "civilians", 13)]),
    ("The toll from Sunday's bombing has risen to 31 dead.", [("killed", "unknown", 31)]),
    ("Two Somali peacekeepers were abducted on the road to the airport.", [("captured", "military", 2)]),
    ("Nine Maoists were killed in an encounter with police in the forest.", [("killed", "militants", 9)]),
    # news-prose tolls
    ("The number of civilians killed in three days of fighting has risen to 41.", [("killed", "civilians", 41)]),
    ("The death toll from Saturday's car bombing in the city centre rose to 19 on Monday.",
     [("killed", "unknown", 19)]),
    ("The number of people wounded in the attack has climbed to 57.", [("wounded", "unknown", 57)]),
    ("The army lost 12 soldiers in the ambush.", [("killed", "military", 12)]),
    ("A missile strike on the city killed at least six people and wounded around 30.",
     [("killed", "unknown", 6), ("wounded", "unknown", 30)]),
    ('The junta said its jets had killed "dozens of terrorists" in the camp.', [("killed", "militants", 24)]),
    # pronoun object
    ("The militants abducted two herders and killed them.", [("captured", "civilians", 2), ("killed", "civilians", 2)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_casualty_shapes(sentence: str, expected: list[tuple[str, str, int]]) -> None:
    assert facts(sentence) == expected


NOTHING = [
    "No casualties were reported.",
    "No one was killed in the attack.",
    "Nobody was hurt when the shell landed in an empty field.",
    "Neither injuries nor fatalities were reported.",
    "There were no reports of fatalities or injuries.",
    "The army denied that any civilians were killed in the strike.",
    "The ministry dismissed reports that 30 soldiers had died.",
    "A nuclear strike could kill thousands of people.",
    "If the dam fails, hundreds would be killed downstream.",
    "The group threatened to kill the hostages.",
    "Officials said they plan to evacuate 500 residents.",
    "The militants tried to kill the governor but failed.",
    "Soldiers were not injured in the incident.",
    "The commemoration honoured those killed in a 1994 massacre.",
    "The treaty was signed in 1994.",
    "The vaccine campaign reached 2,000 children.",
    "Police arrested 14 suspects.",
    "Residents protested after a worker died in a factory accident.",
    "Five students were killed in a head-on collision between a bus and a truck.",
    "Traders rioted after a vendor was beaten to death by a rival.",
    "Thousands marched to condemn the killing of a journalist.",
    "A 14-year-old boy was among the protesters.",
    "Fighting has raged for 20 percent of the year.",
    "Officials feared the death toll could rise.",
    "The army said no soldiers were killed.",
    "None of the passengers were hurt.",
    "The attack did not cause any casualties.",
    "Officials warned the strike might kill dozens.",
    "The bomb was defused before it could kill anyone.",
    "He was sentenced to death in 2019.",
    "The film depicts soldiers killed in the Second World War.",
    "Rescuers said 40 miners died after a gas explosion at the colliery, an accident blamed on poor ventilation.",
    "Hundreds protested over the deaths of 12 farmers.",
    "The home side lost 3-1 on Sunday.",
    "Villagers lost their homes when the river burst its banks.",
    "Flash floods killed four people in the valley on Wednesday.",
    "Six of the wounded were flown to the capital.",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_negations_denials_hypotheticals_and_non_conflict_give_nothing(sentence: str) -> None:
    assert facts(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("16 Azerbaijani servicemen have died in the fighting.", "Azerbaijan"),
        ("Four Ukrainian soldiers were wounded near the front.", "Ukraine"),
        ("Nearly 100 Russian troops were killed, Kyiv said.", "Russia"),
        ("Two Israeli reservists were killed in the attack.", "Israel"),
        ("Six Pakistani soldiers were killed in cross-border fire.", "Pakistan"),
        ("The enemy lost 40 enemy fighters killed, the statement said.", ENEMY_SIDE),
        ("16 of our soldiers were killed in the battle, the minister said.", CLAIMANT_SIDE),
        ("Twelve Armenian-backed militiamen were killed.", None),
    ],
)
def test_side_from_demonyms_possessives_and_our_enemy(sentence: str, side: str | None) -> None:
    found = find_casualties(sentence)
    assert found, sentence
    assert found[0].side == side


@pytest.mark.parametrize(
    ("sentence", "side", "best"),
    [
        # an active "lost": the people lost are the subject's
        ("The ministry said that the enemy lost 380 servicemen in the fighting.", ENEMY_SIDE, 380),
        ("In two days of fighting the enemy has lost up to 150 soldiers, the spokesman said.", ENEMY_SIDE, 150),
        ("Armenia lost 12 soldiers in the clashes, Baku claimed.", "Armenia", 12),
        ("Ukrainian forces lost 200 troops near the river, according to Moscow.", "Ukraine", 200),
        ("Our units lost four servicemen during the night.", CLAIMANT_SIDE, 4),
        # a side written on the victims themselves wins over the subject's
        ("The rebels lost 30 Syrian soldiers they had captured, the group said.", "Syria", 30),
        ("The brigade lost six fighters in the ambush.", None, 6),
    ],
)
def test_side_of_the_subject_that_lost_people(sentence: str, side: str | None, best: int) -> None:
    found = [m for m in find_casualties(sentence) if m.kind == "killed"]
    assert [(m.side, m.best) for m in found] == [(side, best)]


@pytest.mark.parametrize(
    ("sentence", "side", "best"),
    [
        ("The ministry said enemy losses amounted to 380 servicemen killed.", ENEMY_SIDE, 380),
        ("Kyiv said Russian losses over the day were 450 soldiers killed.", "Russia", 450),
        ("Enemy casualties included 40 fighters killed in the strikes, the army said.", ENEMY_SIDE, 40),
        ("Officials said losses were heavy, with 16 soldiers killed.", None, 16),
    ],
)
def test_side_of_whose_losses_a_figure_counts(sentence: str, side: str | None, best: int) -> None:
    found = [m for m in find_casualties(sentence) if m.kind == "killed"]
    assert [(m.side, m.best) for m in found] == [(side, best)]


def test_evidence_span_covers_figure_and_verb() -> None:
    sentence = "Officials said 23 civilians were killed in the raid."
    (m,) = find_casualties(sentence)
    assert sentence[m.start:m.end] == "23 civilians were killed"


def test_qualifier_is_kept() -> None:
    (m,) = find_casualties("At least 30 police officers were wounded in the riots.")
    assert (m.low, m.best, m.high, m.qualifier, m.group) == (30, 30, 30, "at least", "police")


def test_acled_mode_codes_vague_tolls() -> None:
    assert facts("Troops killed several militants in the raid.", acled=True) == [("killed", "militants", 10)]
    assert facts("Troops killed several militants in the raid.") == [("killed", "militants", 3)]


def test_years_ages_and_labels_are_not_counts() -> None:
    assert facts("In 2014 soldiers were deployed to the region.") == []
    assert facts("A 17-year-old was shot dead by police.") == [("killed", "unknown", 1)]
    assert facts("Ali Hassan, 45, was killed by unknown gunmen.") == [("killed", "unknown", 1)]

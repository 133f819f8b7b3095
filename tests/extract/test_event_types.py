"""ACLED event typing from action cues and who was hit (warledger.extract.event_types)."""

from __future__ import annotations

import pytest

from warledger.extract.event_types import (
    classify_event,
    find_cues,
    has_event_cue,
    load_cues,
    to_cameo,
    to_plover,
    to_plover_mode,
)

BAT, EXP, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PRO, RIO, SD = "Protests", "Riots", "Strategic developments"

CASES = [
    # Battles
    ("Government troops clashed with rebels outside the provincial capital.", BAT, "Armed clash"),
    ("Soldiers and insurgents exchanged fire for two hours near the dam.", BAT, "Armed clash"),
    ("Two servicemen died in fighting along the line of contact.", BAT, "Armed clash"),
    ("Militants ambushed an army patrol on the mountain road, killing three soldiers.", BAT, "Armed clash"),
    ("Gunmen attacked a police checkpoint on the outskirts of the town.", BAT, "Armed clash"),
    ("A gun battle broke out between security forces and suspected cartel members.", BAT, "Armed clash"),
    ("Two suspected insurgents were killed in an encounter with police in the forest.", BAT, "Armed clash"),
    ("A rebel was shot dead in a gun-battle with the paramilitary.", BAT, "Armed clash"),
    ("Troops of the two countries targeted each other across the frontier, killing three villagers.", BAT,
     "Armed clash"),
    ("The army and the separatists engaged in hostilities for two days near the pass.", BAT, "Armed clash"),
    ("The army recaptured the town of Dara after a week-long offensive.", BAT, "Government regains territory"),
    ("Government forces regained control of the border crossing on Sunday.", BAT, "Government regains territory"),
    ("Jihadist fighters overran the garrison and took control of the district centre.", BAT,
     "Non-state actor overtakes territory"),
    ("Rebels seized the town after government troops fled.", BAT, "Non-state actor overtakes territory"),
    # territory "lost": the loser is named, the taker is the other side
    ("The rebels said they lost an outpost in the hills after three days of assaults.", BAT,
     "Government regains territory"),
    ("Government troops lost two hilltop positions to the insurgents overnight.", BAT,
     "Non-state actor overtakes territory"),
    # Explosions / remote violence
    ("Witnesses described a chlorine gas attack on the suburb.", EXP, "Chemical weapon"),
    # "blasted" with an explosive or a structure as its object; a "cocktail" in South Asian copy is a crude bomb
    ("Rebels blasted a railway bridge on the main line overnight.", EXP, "Remote explosive/landmine/IED"),
    ("Party cadres blasted several crude bombs near the district court.", EXP, "Remote explosive/landmine/IED"),
    ("Activists blasted 8-10 crude in different parts of the town early on Friday.", EXP,
     "Remote explosive/landmine/IED"),
    ("Two cocktails were exploded in front of the customs house in the afternoon.", EXP,
     "Remote explosive/landmine/IED"),
    ("Unknown men hurled three cocktails at a passenger bus on the highway.", EXP, "Remote explosive/landmine/IED"),
    ("Warplanes struck a weapons depot near the airport.", EXP, "Air/drone strike"),
    ("The army bombed rebel hideouts in the hills overnight.", EXP, "Air/drone strike"),
    ("Government forces bombed two villages held by the militia.", EXP, "Air/drone strike"),
    ("Militants bombed a bus carrying pilgrims on the highway.", EXP, "Remote explosive/landmine/IED"),
    ("Insurgents carried out a wave of attacks overnight, including bombings and arson at power stations.", EXP,
     "Remote explosive/landmine/IED"),
    ("A drone strike hit a car carrying two commanders.", EXP, "Air/drone strike"),
    ("Coalition airstrikes killed 12 civilians at a wedding.", EXP, "Air/drone strike"),
    ("A suicide bomber blew himself up at the entrance of the mosque.", EXP, "Suicide bomb"),
    # ACLED: an explosive used within an exchange of fire between armed groups is part of an armed clash
    ("A suicide bomber blew himself up as police and militants exchanged fire inside the compound.", BAT,
     "Armed clash"),
    ("Two policemen died when a landmine went off during clashes between the insurgents and security forces.", BAT,
     "Armed clash"),
    ("An IED hit an army convoy, and the soldiers returned fire on the attackers for an hour.", BAT, "Armed clash"),
    ("Firing and shelling by the two armies along the frontier left three villagers injured.", BAT, "Armed clash"),
    ("Shelling by the army of the border villages left three villagers injured.", EXP,
     "Shelling/artillery/missile attack"),
    ("Artillery shelling destroyed several homes in the village, killing four civilians.", EXP,
     "Shelling/artillery/missile attack"),
    ("Separatist forces fired mortars at the positions of the army.", EXP, "Shelling/artillery/missile attack"),
    ("Rebels fired heavy machine guns and grenade launchers at army positions.", EXP,
     "Shelling/artillery/missile attack"),
    # heavy weapons together with small arms or a two-way exchange: ACLED codes an armed clash
    ("Rebels fired mortars, heavy machine guns and small arms at army positions.", BAT, "Armed clash"),
    ("The two armies exchanged artillery fire across the river all night.", BAT, "Armed clash"),
    ("Monitors recorded 40 explosions and shots involving small arms near the village.", BAT, "Armed clash"),
    ("A missile hit a residential block in the city centre.", EXP, "Shelling/artillery/missile attack"),
    ("A roadside bomb exploded as a military convoy passed, wounding five soldiers.", EXP,
     "Remote explosive/landmine/IED"),
    ("Two children were killed when they stepped on a landmine while herding goats.", EXP,
     "Remote explosive/landmine/IED"),
    ("An IED planted by militants struck a police vehicle.", EXP, "Remote explosive/landmine/IED"),
    ("Unknown attackers threw a hand grenade into a crowded bar.", EXP, "Grenade"),
    # Violence against civilians
    ("Militiamen raped at least six women during a raid on the village.", VAC, "Sexual violence"),
    ("Gunmen kidnapped a local council official from his home.", VAC, "Abduction/forced disappearance"),
    ("Armed men abducted 20 passengers from a bus on the highway.", VAC, "Abduction/forced disappearance"),
    ("A farmer was shot dead by unidentified gunmen in his field.", VAC, "Attack"),
    ("A journalist was beaten to death by men on motorbikes.", VAC, "Attack"),
    ("Herders attacked the village at dawn and killed eleven residents.", VAC, "Attack"),
    ("The bodies of three men bearing signs of torture were found near the river.", VAC, "Attack"),
    ("Soldiers were accused of beating villagers who refused to carry supplies.", VAC, "Attack"),
    ("Party supporters set ablaze a man they accused of voting for a rival.", VAC, "Attack"),
    ("Attackers set a woman on fire after dragging her from her shop.", VAC, "Attack"),
    ("Five farmers were taken from their homes by soldiers at night.", VAC, "Abduction/forced disappearance"),
    ("A schoolteacher was taken away by armed men on motorbikes.", VAC, "Abduction/forced disappearance"),
    # Protests
    ("Hundreds of teachers held a protest outside the education ministry over unpaid wages.", PRO,
     "Peaceful protest"),
    ("Farmers staged a sit-in in front of the district office demanding compensation.", PRO, "Peaceful protest"),
    ("Students demonstrated against the fee increase.", PRO, "Peaceful protest"),
    ("Farmers blocked trains at the junction over delayed crop payments.", PRO, "Peaceful protest"),
    ("Student activists brought out a procession on the campus on Thursday morning.", PRO, "Peaceful protest"),
    ("Striking clerks padlocked the municipal offices to demand their arrears.", PRO, "Peaceful protest"),
    ("Traders rallied in the main square to denounce the new tax.", PRO, "Peaceful protest"),
    ("Residents blocked the highway to demand water supplies.", PRO, "Peaceful protest"),
    ("Bus drivers continued an indefinite strike over unpaid allowances.", PRO, "Peaceful protest"),
    ("Opposition supporters took to the streets and stopped traffic in the city centre.", PRO, "Peaceful protest"),
    ("Dock workers formed a demonstrative convoy of trucks through the port.", PRO, "Peaceful protest"),
    ("Police dispersed the protesters with tear gas and detained a dozen people.", PRO,
     "Protest with intervention"),
    ("Workers protested outside the factory before police arrested their leaders.", PRO,
     "Protest with intervention"),
    ("Security forces opened fire on demonstrators, killing three protesters.", PRO,
     "Excessive force against protesters"),
    # Riots
    ("Protesters pelted stones at police and set fire to a bus.", RIO, "Violent demonstration"),
    ("Demonstrators clashed with police after the rally turned violent.", RIO, "Violent demonstration"),
    ("Rioters torched shops in the market district.", RIO, "Violent demonstration"),
    ("A mob lynched a man accused of stealing a motorbike.", RIO, "Mob violence"),
    ("Supporters of two rival parties clashed in the village, injuring six people.", RIO, "Mob violence"),
    ("Two groups of farmers clashed over grazing land, leaving four people hurt.", RIO, "Mob violence"),
    ("Neighbours attacked each other with sticks over a boundary wall.", RIO, "Mob violence"),
    ("Two rival militias hurled bombs at each other in the market, wounding a student.", BAT, "Armed clash"),
    ("A magistrate's car came under attack by unknown men; her driver was killed.", VAC, "Attack"),
    ("Residents burned tyres and blocked the road to protest the power cuts.", RIO, "Violent demonstration"),
    # standing rivals (families, clans, factions, communal violence) are ACLED's communal militias: battles
    ("A man was killed when two rival groups clashed over a fish pond in the village.", BAT, "Armed clash"),
    ("Three people were hurt in a factional clash inside the ruling party over a bus terminal.", BAT, "Armed clash"),
    ("Two families fought over a strip of farmland on Sunday, leaving a woman dead.", BAT, "Armed clash"),
    ("A teenager was beaten to death in an altercation between two families over a boundary fence.", BAT,
     "Armed clash"),
    ("Eleven people were wounded in a clash between rivals over control of a ferry ghat.", BAT, "Armed clash"),
    ("Communal violence flared in the market town; two men died in the fighting.", BAT, "Armed clash"),
    ("Youths from two rival villages clashed with sticks, and a mob burned a granary.", RIO, "Mob violence"),
    # Strategic developments
    ("The two sides signed a ceasefire agreement in the capital.", SD, "Agreement"),
    ("A 48-hour truce was agreed to allow the evacuation of the wounded.", SD, "Agreement"),
    ("The armed group surrendered to the authorities after negotiations.", SD, "Agreement"),
    ("Police arrested the leader of the militia in a pre-dawn raid on his house.", SD, "Arrests"),
    ("During a search operation, troops killed four insurgents and arrested two.", BAT, "Armed clash"),
    ("Unknown gunmen shot dead an off-duty police officer outside his home.", BAT, "Armed clash"),
    ("Unknown gunmen shot dead a shopkeeper outside his home.", VAC, "Attack"),
    ("Security forces detained 14 suspected members of the cell.", SD, "Arrests"),
    ("Fighters looted shops and livestock as they withdrew.", SD, "Looting/property destruction"),
    ("Unknown people set fire to the party office overnight.", SD, "Looting/property destruction"),
    ("Bomb disposal experts defused an explosive device found under a bridge.", SD, "Disrupted weapons use"),
    ("Soldiers seized a cache of rifles and ammunition in a raid on a farm.", SD, "Disrupted weapons use"),
    ("Air defences shot down two drones over the port.", SD, "Disrupted weapons use"),
    ("Peacekeepers established a new temporary base in the village.", SD, "Headquarters or base established"),
    ("The rebels handed over control of the town to the army without a fight.", SD,
     "Non-violent transfer of territory"),
    ("The militia deployed reinforcements and armoured vehicles to the city.", SD, "Change to group/activity"),
    ("The government imposed a curfew on the capital.", SD, "Change to group/activity"),
    ("Foreign ministers of both countries will meet for talks in Vienna.", SD, "Other"),
    ("Non-violent activity: the rebels released 20 prisoners of war.", SD, "Other"),
    ("Looting: gunmen seized fuel tankers on the road to the oil field.", SD, "Looting/property destruction"),
    # ACLED notes record a crowd size only for demonstrations
    ("On 3 March 2021, villagers beat two suspected cattle thieves to death. [size=no report]", RIO, "Mob violence"),
    ("On 3 March 2021, taxi drivers held a motorcade through the city centre. [size=around 40]", PRO,
     "Peaceful protest"),
    ("On 3 March 2021, police detained 12 people gathered at the town hall. [size=dozens]", PRO,
     "Protest with intervention"),
]


@pytest.mark.parametrize(("text", "event_type", "sub"), CASES)
def test_classify_event(text, event_type, sub):
    assert classify_event(text) == (event_type, sub)


@pytest.mark.parametrize(
    ("text", "groups", "expected"),
    [
        # generic violence typed by who was hit
        ("Four people were killed in attacks by militias.", {"civilians"}, (VAC, "Attack")),
        ("Four people were killed in attacks by militias.", {"military"}, (BAT, "Armed clash")),
        ("Two were killed, officials said.", {"police"}, (BAT, "Armed clash")),
        ("Two were killed, officials said.", {"civilians"}, (VAC, "Attack")),
        ("Civilians were killed in the shelling of the town.", {"civilians"},
         (EXP, "Shelling/artillery/missile attack")),
        ("Sixteen servicemen died in clashes on the front.", {"military"}, (BAT, "Armed clash")),
        ("A trader died in crossfire between two armed groups.", {"civilians"}, (BAT, "Armed clash")),
    ],
)
def test_generic_violence_is_typed_by_who_was_hit(text, groups, expected):
    assert classify_event(text, casualty_groups=groups) == expected


def test_multi_sentence_episode_reference_does_not_type_the_event():
    text = ("Officials say three farmers have died and nine were hurt in raids by armed herders since clashes "
            "broke out in the valley. Three farmers died in the raids since the fighting resumed, the governor said.")
    assert classify_event(text, casualty_groups={"civilians"}) == (VAC, "Attack")


def test_fighting_with_shelling_in_a_later_sentence_is_an_armed_clash():
    text = ("The ministry said nine soldiers died in fighting along the front line. "
            "The fighting began after separatist units fired mortars and heavy artillery at army trenches.")
    assert classify_event(text, casualty_groups={"military"}) == (BAT, "Armed clash")


def test_actor_types_decide_when_no_casualties():
    assert classify_event("Gunmen opened fire.", actor_types={"militia", "state_forces"}) == (BAT, "Armed clash")
    assert classify_event("Gunmen opened fire.", actor_types={"militia", "civilians"}) == (VAC, "Attack")


@pytest.mark.parametrize(
    "text",
    [
        "The central bank raised interest rates by half a point.",
        "The football final drew a record crowd.",
        "The opposition leader blasted the budget as a betrayal of farmers.",
        "",
    ],
)
def test_no_cue_gives_none(text):
    assert classify_event(text) == (None, None)


def test_negated_cue_is_ignored():
    text = "Students marched to the ministry; police were present but no clashes were reported."
    assert classify_event(text) == (PRO, "Peaceful protest")


def test_first_sentence_outweighs_context_in_later_sentences():
    text = ("Demonstrators gathered outside parliament to demand new elections. "
            "The protest came a week after an airstrike on a nearby market.")
    assert classify_event(text) == (PRO, "Peaceful protest")


def test_multi_sentence_note_keeps_the_strongest_action():
    text = ("On Monday, insurgents attacked an army outpost near the border. "
            "The soldiers repelled the assault; two insurgents were killed. "
            "Reinforcements were deployed afterwards.")
    assert classify_event(text, casualty_groups={"militants"}) == (BAT, "Armed clash")


def test_find_cues_reports_sentence_numbers():
    hits = find_cues("Police arrested two men. A bomb exploded later.")
    by_sub = {h.cue.sub_event_type: h.sentence for h in hits}
    assert by_sub["Arrests"] == 0
    assert by_sub["Remote explosive/landmine/IED"] == 1


ALL_SUBTYPES = [
    (BAT, "Armed clash"), (BAT, "Government regains territory"), (BAT, "Non-state actor overtakes territory"),
    (EXP, "Chemical weapon"), (EXP, "Air/drone strike"), (EXP, "Suicide bomb"),
    (EXP, "Shelling/artillery/missile attack"), (EXP, "Remote explosive/landmine/IED"), (EXP, "Grenade"),
    (VAC, "Sexual violence"), (VAC, "Attack"), (VAC, "Abduction/forced disappearance"),
    (PRO, "Peaceful protest"), (PRO, "Protest with intervention"), (PRO, "Excessive force against protesters"),
    (RIO, "Violent demonstration"), (RIO, "Mob violence"),
    (SD, "Agreement"), (SD, "Arrests"), (SD, "Change to group/activity"), (SD, "Disrupted weapons use"),
    (SD, "Headquarters or base established"), (SD, "Looting/property destruction"),
    (SD, "Non-violent transfer of territory"), (SD, "Other"),
]


def test_every_sub_type_has_a_test_case_and_a_cue_or_rule():
    tested = {(t, s) for _, t, s in CASES}
    assert set(ALL_SUBTYPES) <= tested
    in_table = {(c.event_type, c.sub_event_type) for c in load_cues()}
    refined = {(PRO, "Protest with intervention"), (PRO, "Excessive force against protesters")}
    assert set(ALL_SUBTYPES) - refined - {(VAC, "Attack")} <= in_table


@pytest.mark.parametrize(
    ("pair", "plover", "mode", "cameo_root", "cameo_code"),
    [
        ((BAT, "Armed clash"), "ASSAULT", "firearms", "19", "190"),
        ((EXP, "Air/drone strike"), "ASSAULT", "aerial", "19", "195"),
        ((EXP, "Shelling/artillery/missile attack"), "ASSAULT", "artillery", "19", "194"),
        ((EXP, "Chemical weapon"), "ASSAULT", "wmd", "20", "204"),
        ((EXP, "Suicide bomb"), "ASSAULT", "explosives", "18", "183"),
        ((VAC, "Abduction/forced disappearance"), "ASSAULT", "abduct", "18", "181"),
        ((PRO, "Peaceful protest"), "PROTEST", "demonstrate", "14", "141"),
        ((RIO, "Violent demonstration"), "PROTEST", "riot", "14", "145"),
        ((SD, "Agreement"), "AGREE", None, "05", "057"),
        ((SD, "Arrests"), "COERCE", "arrest", "17", "173"),
        ((SD, "Non-violent transfer of territory"), "RETREAT", "military", "08", "0874"),
        ((SD, "Other"), None, None, None, None),
        (("Nonsense", "Nothing"), None, None, None, None),
        ((None, None), None, None, None, None),
    ],
)
def test_plover_and_cameo(pair, plover, mode, cameo_root, cameo_code):
    assert to_plover(*pair) == plover
    assert to_plover_mode(*pair) == mode
    assert to_cameo(*pair) == cameo_root
    assert to_cameo(*pair, root=False) == cameo_code


def test_every_acled_sub_type_is_in_the_mapping_table():
    for pair in ALL_SUBTYPES:
        if pair != (SD, "Other"):
            assert to_plover(*pair) is not None, pair


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Teachers staged a sit-in outside the ministry.", True),
        ("A joint patrol drove along the highway.", True),
        ("Two people were killed.", False),  # generic violence only: typed by who was hit, not a cue of its own
        ("The minister opened a new bridge over the river.", False),
    ],
)
def test_has_event_cue(text, expected):
    assert has_event_cue(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Activists attacked a group of pilgrims near the shrine.", True),
        ("Unidentified men opened fire on a bus.", True),
        ("Teachers staged a sit-in outside the ministry.", True),
        ("Police arrested the leader of the militia.", True),
        ("The minister opened a new bridge over the river.", False),
        ("The bank reported higher profits this quarter.", False),
    ],
)
def test_has_event_cue_with_generic_violence(text, expected):
    assert has_event_cue(text, generic=True) is expected

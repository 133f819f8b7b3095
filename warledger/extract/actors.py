"""Actors in a sentence: who acts (perpetrator), who is hit (target), who else takes part (party), who
mediates (mediator); their type, side and backing.

"Armenian-backed militias" is a militia backed by Armenia; "pro-Russian separatists" are rebels on
Russia's side; "Azerbaijani forces" are state forces of Azerbaijan; "envoys from the three mediating
countries" mediate.  Nouns and their types: ``lexicons/actor_nouns.tsv``.
"""

from __future__ import annotations

import re
from functools import cache

from warledger.extract.casualties import demonym_sides
from warledger.extract.lexicons import read_rows
from warledger.extract.numbers import parse_amount
from warledger.model import Actor


@cache
def actor_nouns() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_rows("actor_nouns.tsv")}


@cache
def _actor_regex() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(actor_nouns(), key=len, reverse=True))
    modifier = r"(?:[A-Z][\w'’.-]*(?:'s|’s)?|pro-[\w-]+|[\w]+-(?:backed|led|allied|aligned|controlled)|Govt|govt)"
    return re.compile(rf"(?P<mods>(?:{modifier}\s+){{0,4}})(?P<noun>(?i:(?:{nouns})(?:\s+(?:{nouns}))?))(?![\w-])")


_PERPETRATOR_AFTER = re.compile(
    r"^\s*(?:have\s+|has\s+|had\s+)?(?:reportedly\s+|allegedly\s+)?(?:attacked|fired|shelled|struck|killed|ambushed|"
    r"launched|opened\s+fire|bombed|targeted|raided|stormed|shot|abducted|kidnapped|besieged|captured|seized|"
    r"carried\s+out|conducted|continue\s+to|hurled|threw|detonated|burnt|burned|looted|assaulted|beat|lynched)\b",
    re.IGNORECASE,
)
_PERPETRATOR_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(
    r"\b(?:targeting|targeted|attacked|attacking|against|on|ambushed|shelled|struck|at)\s+(?:the\s+)?$", re.IGNORECASE)
_MEDIATOR = re.compile(r"\b(?:mediat\w*|brokered|envoys?|facilitat\w*)\b", re.IGNORECASE)


def _country_of(word: str) -> str | None:
    w = re.sub(r"(?:'s|’s)$", "", word.lower())
    return demonym_sides().get(w)


def describe_modifiers(mods: list[str]) -> tuple[str | None, str | None, bool]:
    """(side, backed_by, proxy) from an actor's modifiers: "Armenian-backed" -> backed by Armenia."""
    side = backed_by = None
    proxy = False
    for word in mods:
        low = word.lower()
        backed = re.match(r"([\w]+)-(?:backed|led|allied|aligned|controlled)$", low)
        if backed:
            backed_by = _country_of(backed.group(1)) or word.split("-")[0]
            proxy = True
        elif low.startswith("pro-"):
            side = _country_of(low[4:]) or word[4:]
            proxy = True
        elif _country_of(word) and side is None:
            side = _country_of(word)
    return side, backed_by, proxy


def find_actors(sentence: str) -> list[Actor]:
    """The actors named in one sentence, each once, with a role from the words around them."""
    actors: list[Actor] = []
    seen: set[str] = set()
    for m in _actor_regex().finditer(sentence):
        mods = m.group("mods").split()
        noun = re.sub(r"\s+", " ", m.group("noun").lower())
        if noun not in actor_nouns():  # "government forces": the last noun decides
            noun = next(n for n in sorted(actor_nouns(), key=len, reverse=True) if noun.endswith(n))
        if not mods and noun not in ("police", "government", "authorities", "envoys", "mediators", "peacekeepers"):
            continue  # "the forces", "fighters": too vague to name an actor
        while mods and (mods[0].lower() in ("the", "a", "an", "on", "in", "but", "and", "since", "according",
                                             "after", "while", "when", "some", "all", "many")
                        or parse_amount(mods[0]) is not None):
            mods = mods[1:]
        if not mods and noun not in ("police", "government", "authorities", "envoys", "mediators", "peacekeepers"):
            continue
        name = " ".join([*mods, m.group("noun")]).strip()
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        side, backed_by, proxy = describe_modifiers(mods)
        actor_type = actor_nouns()[noun]
        if proxy and actor_type == "state_forces":
            actor_type = "militia"
        before, after = sentence[:m.start()], sentence[m.end():]
        if _MEDIATOR.search(name) or _MEDIATOR.search(before[-30:]):
            role, actor_type = "mediator", "international" if actor_type in ("unknown", "government") else actor_type
        elif _PERPETRATOR_BEFORE.search(before) or _PERPETRATOR_AFTER.match(after):
            role = "perpetrator"
        elif _TARGET_BEFORE.search(before):
            role = "target"
        else:
            role = "party"
        actors.append(Actor(name=name, role=role, type=actor_type, side=side, backed_by=backed_by))
    return actors

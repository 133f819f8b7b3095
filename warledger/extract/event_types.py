"""ACLED event type and sub-event type of an event, from its text's action cues and who was involved.

The cues live in ``lexicons/event_cues.tsv`` (regex -> type, sub-type, priority). How a type is chosen:

1. Every cue that matches and is not negated ("no clashes were reported") is a hit. A hit in the
   first sentence counts fully; each later sentence costs ``SENTENCE_PENALTY`` priority points,
   because an event note states its main action first and adds context after.
2. The highest-scoring typed hit names the type. Generic violence ("attacked", "killed", "opened
   fire") has the lowest priority and is resolved by who was hit: soldiers, police or militants ->
   Battles / Armed clash; civilians (or nobody named) -> Violence against civilians / Attack.
3. Context rules refine the winner:
   - a protest where security forces killed or shot protesters -> Protests / Excessive force against
     protesters; where the crowd turned violent (stones, arson, clashes with police) -> Riots /
     Violent demonstration; where police intervened (dispersal, tear gas, arrests) -> Protests /
     Protest with intervention; else Peaceful protest;
   - mob violence during a demonstration -> Riots / Violent demonstration;
   - territory taken by government forces (named before the verb) -> Battles / Government regains
     territory, else Non-state actor overtakes territory;
   - civilians "caught in crossfire" -> Battles / Armed clash;
   - a clash or a brawl between standing rivals (rival groups, two families, clans, factions, communal
     violence) and no mob -> Battles / Armed clash: ACLED's communal militias fight battles, crowds riot.
4. No cue and no casualties -> (None, None).

``to_plover`` / ``to_cameo`` map an ACLED pair to PLOVER and CAMEO (``lexicons/cameo_plover.tsv``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from warledger.extract.regex_gate import gate_lengths, word_start_gate, word_start_prefixes

LEXICONS = Path(__file__).parent / "lexicons"
SENTENCE_PENALTY = 10  # priority points lost per sentence after the first
MAX_PENALTY = 30
CONTEXT_WINDOW = 160  # characters before a cue searched for a context marker
CONTEXT_PENALTY = 30  # a cue told as the cause or topic of another action ("protested against the shelling")
GENERIC = "*"  # generic violence, typed by who was hit
MODIFIER = "@"  # a flag for the context rules

ARMED_GROUPS = frozenset({"military", "police", "militants"})
ARMED_ACTORS = frozenset({"state_forces", "militia", "rebels", "police"})

_NEGATION = re.compile(r"\b(?:no|not|never|without|nor|neither|denied|deny|denies|n't)\b(?:\W+\w+){0,3}\W*$",
                       re.IGNORECASE)
# words that make what follows the reason or topic of the main action, not the action itself
_CONTEXT_MARKER = re.compile(
    r"\b(?:after|following|against|over|condemn(?:ing|ed)?|denounc(?:ing|ed)?|demand(?:ing|ed)?|to\s+demand"
    r"|in\s+(?:retaliation|response|reprisal|revenge)\s+(?:for|to)|in\s+protest\s+(?:against|at|over|of)|amid(?:st)?"
    r"|protest(?:ing|ed|s)?|to\s+protest|mourn(?:ing|ed)?|commemorat(?:ing|ed)|anniversary\s+of|since|accused\s+of"
    r"|suspected\s+of|charged\s+with|in\s+connection\s+with|linked\s+to|investigat(?:ing|ion)\s+(?:of|into)"
    r"|due\s+to|because\s+of|owing\s+to|to\s+(?:reinforce|protect|prevent|counter|deter)"
    r"|recovered|seized|confiscated|including|consisting\s+of)\b",
    re.IGNORECASE,
)
# a marker's scope ends at a new clause ("... over the demolition and attacked the task force")
_CLAUSE_BREAK = re.compile(r"\band\s+(?:then\s+)?[a-z]+ed\b|\bbut\b|\bthen\b|[,.;]", re.IGNORECASE)
CONTEXT_SCOPE = 60  # characters a context marker reaches forward
_EPISODE_REFERENCE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:latest|recent|renewed|heavy|fresh)\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
# who was hit, for texts whose casualties were not extracted: an armed or a civilian noun next to a
# harm verb, as its object ("shot dead a policeman") or as the subject of a passive ("two soldiers were killed")
_ARMED_NOUN = (
    r"(?:soldiers?|troops|servicem[ae]n|policem[ae]n|police(?:\s+officers?)?|officers?|security\s+forces|army"
    r"|militants?|rebels?|insurgents?|fighters?|jihadists?|militiam[ae]n|militia\s+members?|guards?|personnel"
    r"|jawans?|commanders?|combatants|lieutenants?|sergeants?|captains?|colonels?|constables?|recruits?|cadres?"
    r"|gang\s+members?|gangsters?"
    r"|Maoists?|Naxals?|members?\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}(?:forces|army|police|militia|brigade|battalion"
    r"|regiment|group))"
)
_CIVILIAN_NOUN = (
    r"(?:civilians?|villagers?|residents?|farmers?|women|children|child|boys?|girls?|woman|man|men|teachers?"
    r"|students?|worshippers|devotees|passengers|journalists?|traders?|shopkeepers?|workers?|family|families"
    r"|passers?-?by|people|persons?|youths?|drivers?|helpers?|leaders?|candidates?|headm[ae]n|activists?"
    r"|councill?ors?|officials?|priests?|imams?|pastors?|doctors?|nurses?|herders?|fishermen|pedestrians)"
)
_HARM_VERB = (r"(?:killed|killing|injuring|wounding|shooting|shot(?:\s+dead)?|gunned\s+down|injured|wounded|hurt"
              r"|attacked|ambushed|targeted|abducted|beaten|hacked|stabbed|slain|slew|executed|murdered|opened\s+fire\s+(?:on|at)|fired\s+(?:at|on|upon))")
_PASSIVE_HARM = (r"(?:(?:was|were|had\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:killed|shot|injured|wounded"
                 r"|hurt|attacked|ambushed|targeted|beaten|hacked|stabbed|slain|executed|murdered|martyred)"
                 r"|died|dead|sustained|succumbed|lost\s+(?:their|his|her)\s+lives?)")


def _victim_pattern(noun: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b{_HARM_VERB}\s+(?:[\w'-]+\s+){{0,5}}?{noun}\b|\b{noun}(?:\s+[\w'-]+){{0,3}}?\s+{_PASSIVE_HARM}\b",
        re.IGNORECASE,
    )


_ARMED_VICTIM = _victim_pattern(_ARMED_NOUN)
_CIVILIAN_VICTIM = _victim_pattern(_CIVILIAN_NOUN)


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    priority: int
    # prefixes every match starts with (``regex_gate``): a text with none of them at a word start is not scanned
    gate: frozenset[str] | None = None


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    start: int
    end: int
    sentence: int
    context: bool = False  # told as the reason or topic of another action

    @property
    def position_score(self) -> int:
        """Priority less the distance from the first sentence."""
        return self.cue.priority - min(MAX_PENALTY, SENTENCE_PENALTY * self.sentence)

    @property
    def score(self) -> int:
        """``position_score`` less the penalty for a cue told as context."""
        return self.position_score - (CONTEXT_PENALTY if self.context else 0)


@lru_cache(maxsize=1)
def load_cues(path: str | None = None) -> tuple[Cue, ...]:
    """The cue table (``lexicons/event_cues.tsv``), compiled."""
    cues = []
    source = Path(path) if path else LEXICONS / "event_cues.tsv"
    for line_no, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{source}:{line_no}: expected 4 tab-separated columns, got {len(parts)}")
        pattern, event_type, sub_event_type, priority = parts
        anchored = pattern.startswith("^")
        regex = pattern if anchored else rf"(?<![\w-])(?:{pattern})(?![\w-])"
        cues.append(Cue(re.compile(regex, re.IGNORECASE), event_type, sub_event_type, int(priority),
                        word_start_gate(regex, re.IGNORECASE)))
    return tuple(cues)


@lru_cache(maxsize=1)
def _cue_gate_lengths() -> tuple[int, ...]:
    return gate_lengths(cue.gate for cue in load_cues())


def sentence_starts(text: str) -> list[int]:
    """Offsets where the sentences of ``text`` start (a cheap splitter; enough to rank cues)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def is_negated(text: str, start: int) -> bool:
    """True when the words just before ``start`` negate it ("no clashes", "did not attack")."""
    window = text[max(0, start - 40):start]
    cut = max(window.rfind("."), window.rfind(";"), window.rfind(","))
    if cut >= 0:
        window = window[cut + 1:]
    return bool(_NEGATION.search(window))


def in_context(before: str) -> bool:
    """True when the text just before a cue makes it the reason or topic of another action
    ("protested against the shelling", "killed after exchanging fire")."""
    markers = list(_CONTEXT_MARKER.finditer(before))
    if not markers:
        return False
    last = markers[-1]
    tail = before[last.end():]
    return len(tail) <= CONTEXT_SCOPE and not _CLAUSE_BREAK.search(tail)


def find_cues(text: str) -> list[CueHit]:
    """Every non-negated cue in ``text`` with its sentence number."""
    return list(_find_cues_cached(text))


@lru_cache(maxsize=2048)
def _find_cues_cached(text: str) -> tuple[CueHit, ...]:
    # the pipeline types a sentence and then the event it belongs to: the same text twice
    starts = sentence_starts(text)
    present = word_start_prefixes(text, _cue_gate_lengths())
    hits: list[CueHit] = []
    for cue in load_cues():
        if cue.gate is not None and cue.gate.isdisjoint(present):
            continue  # no match can start in this text: skip the scan (most cues, in most sentences)
        for m in cue.pattern.finditer(text):
            if is_negated(text, m.start()):
                continue
            sentence = bisect_right(starts, m.start()) - 1
            before = text[max(starts[sentence], m.start() - CONTEXT_WINDOW):m.start()]
            context = in_context(before)
            hits.append(CueHit(cue, m.start(), m.end(), sentence, context))
    return tuple(hits)


def groups_in_text(text: str) -> set[str]:
    """A rough guess at who was hit ("military", "civilians"), for texts whose casualties were not extracted."""
    groups = set()
    if _ARMED_VICTIM.search(text):
        groups.add("military")
    if _CIVILIAN_VICTIM.search(text):
        groups.add("civilians")
    return groups


def first_victim_group(text: str) -> str | None:
    """"military" or "civilians": whoever the text first names as hit; None when nobody is."""
    armed, civilian = _ARMED_VICTIM.search(text), _CIVILIAN_VICTIM.search(text)
    if armed and (not civilian or armed.start() <= civilian.start()):
        return "military"
    return "civilians" if civilian else None


def resolve_generic(casualty_groups: set[str], actor_types: set[str], flags: set[str],
                    text: str = "") -> tuple[str, str]:
    """Generic violence typed by who was hit: armed people -> Battles; civilians -> an attack on civilians."""
    if "crossfire" in flags:
        return "Battles", "Armed clash"
    groups = set(casualty_groups) - {"unknown"}
    if groups:
        if groups <= ARMED_GROUPS:
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    if "civilians" in actor_types:
        return "Violence against civilians", "Attack"
    if len(ARMED_ACTORS & set(actor_types)) >= 2:
        return "Battles", "Armed clash"
    if first_victim_group(text) == "military":
        return "Battles", "Armed clash"
    return "Violence against civilians", "Attack"


# a brawl: these words alone do not say the sides were armed ("gunfight" or "encounter" do)
_CLASH_WORDS = re.compile(r"^(?:clash\w*|skirmish\w*|fighting|fought|.*\b(?:each other|one another))$", re.IGNORECASE)
# signs that weapons were used, which makes a clash a battle between armed groups
_WEAPON_WORDS = re.compile(
    r"\b(?:shot|shoot\w*|gun\w*|fir(?:ed|ing)\s+(?:at|on|upon|shots|bullets|rounds)|bullets?|rifles?|pistols?|weapons?"
    r"|bombs?|grenades?|explosives?|ammunition|armed|firearms?)\b",
    re.IGNORECASE,
)
# a spontaneous crowd: its violence is a riot even between rivals
_MOB_WORDS = re.compile(r"\b(?:mobs?|lynch\w*|vigilantes?|crowds?|rioters?|riot(?:s|ed|ing)?)\b", re.IGNORECASE)
_REMOTE_OUTWEIGHED_BY_DIRECT_FIRE = ("Shelling/artillery/missile attack", "Grenade", "Suicide bomb",
                                     "Remote explosive/landmine/IED")


def _refine(best: CueHit, hits: list[CueHit], flags: set[str], text: str,
            casualty_groups: set[str], actor_types: set[str]) -> tuple[str, str]:
    event_type, sub = best.cue.event_type, best.cue.sub_event_type
    protest_cue = any(h.cue.event_type == "Protests" and not h.context for h in hits)
    if sub in _REMOTE_OUTWEIGHED_BY_DIRECT_FIRE and "direct_fire" in flags:
        # ACLED: heavy weapons together with small arms or a two-way exchange is an armed clash
        return "Battles", "Armed clash"
    communal = "communal_rivals" in flags and not protest_cue and not _MOB_WORDS.search(text)
    if (event_type, sub) == ("Riots", "Mob violence") and communal:
        # ACLED: rival families, clans or factions are communal militias; their fights are battles
        return "Battles", "Armed clash"
    if (event_type, sub) == ("Battles", "Armed clash") and _CLASH_WORDS.match(text[best.start:best.end]):
        armed_named = (communal or "armed_actor" in flags or bool((ARMED_ACTORS - {"police"}) & set(actor_types))
                       or bool(_WEAPON_WORDS.search(text)))
        if not armed_named and not (set(casualty_groups) & {"military", "militants"}):
            # a brawl between villagers, party supporters or a crowd and the police is a riot
            return ("Riots", "Violent demonstration") if protest_cue else ("Riots", "Mob violence")
    if event_type == "Protests":
        destruction = any(h.cue.sub_event_type == "Looting/property destruction" and not h.context for h in hits)
        if destruction and "excessive_force" not in flags:
            flags = flags | {"crowd_violence"}
        if "excessive_force" in flags:
            return "Protests", "Excessive force against protesters"
        if "crowd_violence" in flags:
            return "Riots", "Violent demonstration"
        if "intervention" in flags:
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if (event_type, sub) == ("Riots", "Mob violence") and "armed_actor" in flags and _WEAPON_WORDS.search(text):
        return "Battles", "Armed clash"  # armed groups (militias, gunmen) fighting with weapons: not a brawl
    if (event_type, sub) == ("Riots", "Mob violence"):
        if protest_cue:
            return "Riots", "Violent demonstration"
    if sub == "Non-state actor overtakes territory":
        sentence_start = max(s for s in sentence_starts(text) if s <= best.start)
        state_before = any(h.cue.sub_event_type == "state_actor" and sentence_start <= h.start < best.start
                           for h in hits)
        if text[best.start:best.end].lower().startswith("lost"):
            # the loser is named before "lost": government forces lost it to a non-state actor, or the reverse
            return "Battles", "Non-state actor overtakes territory" if state_before else "Government regains territory"
        if state_before:
            return "Battles", "Government regains territory"
    if "crossfire" in flags and event_type == "Violence against civilians" and sub == "Attack":
        return "Battles", "Armed clash"
    return event_type, sub


def _crowd_event(typed: list[CueHit], generic: list[CueHit], hits: list[CueHit], flags: set[str], text: str,
                 casualty_groups: set[str], actor_types: set[str]) -> tuple[str, str] | None:
    """A note that records a crowd size is a demonstration or a riot, whatever else it mentions."""
    crowd_types = ("Protests", "Riots")
    best = max(typed, key=lambda h: (h.score, -h.start)) if typed else None
    if best is not None and best.cue.event_type in crowd_types:
        return None  # the ordinary rules already type it as a crowd event
    armed = "armed_actor" in flags or bool((ARMED_ACTORS - {"police"}) & actor_types)
    violent = bool(generic) or (best is not None and best.cue.event_type in ("Violence against civilians", "Battles"))
    if violent and not armed:
        return "Riots", "Mob violence"
    if best is None or best.cue.event_type == "Strategic developments":
        protest = CueHit(Cue(re.compile(""), "Protests", "Peaceful protest", 0), 0, 0, 0)
        return _refine(protest, hits, flags, text, casualty_groups, actor_types)
    return None


def classify_event(sentence: str, casualty_groups: set[str] | frozenset[str] = frozenset(),
                   actor_types: set[str] | frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) for an event's text (one sentence or a whole note).

    ``casualty_groups``: groups of the event's casualties (civilians, military, police, militants);
    ``actor_types``: types of its actors. (None, None) when the text has no cue and no casualties.
    """
    text = sentence or ""
    hits = find_cues(text)
    flags = {h.cue.sub_event_type for h in hits if h.cue.event_type == MODIFIER}
    typed = [h for h in hits if h.cue.event_type not in (MODIFIER, GENERIC)]
    generic = [h for h in hits if h.cue.event_type == GENERIC]
    if "crowd_event" in flags:
        resolved = _crowd_event(typed, generic, hits, flags, text, set(casualty_groups), set(actor_types))
        if resolved is not None:
            return resolved
    if typed:
        best = max(typed, key=lambda h: (h.score, -h.start))
        violent = [h for h in generic if not h.context and h.sentence <= 1]
        harmed = set(casualty_groups) - {"unknown"} or groups_in_text(text)
        if (best.cue.event_type == "Strategic developments" and best.cue.priority < 100
                and best.cue.sub_event_type != "Agreement" and violent and harmed):
            # ACLED: strategic developments are non-violent; a killing or an attack makes it a violent event
            return resolve_generic(set(casualty_groups), set(actor_types), flags, text)
        if _EPISODE_REFERENCE.search(text[max(0, best.start - 40):best.start]) and any(not h.context for h in generic):
            # "civilians died in attacks ... since clashes broke out": the clashes date the episode,
            # the action is the generic one, typed by who was hit
            return resolve_generic(set(casualty_groups), set(actor_types), flags, text)
        # a typed cue told as context ("killed after exchanging fire") still says more than a bare "killed"
        if not generic or best.position_score >= max(h.score for h in generic):
            return _refine(best, hits, flags, text, set(casualty_groups), set(actor_types))
    if generic or casualty_groups:
        return resolve_generic(set(casualty_groups), set(actor_types), flags, text)
    return None, None


def has_event_cue(text: str, generic: bool = False) -> bool:
    """True when ``text`` has a typed action cue of the table (a protest, an arrest, a patrol, shelling ...),
    i.e. ``classify_event`` would name a type even without casualties; with ``generic``, generic violence
    ("attacked", "opened fire") counts too."""
    skipped = (MODIFIER,) if generic else (MODIFIER, GENERIC)
    return any(h.cue.event_type not in skipped for h in find_cues(text or ""))


# ---------------------------------------------------------------------------------------------
# PLOVER / CAMEO


@lru_cache(maxsize=1)
def _ontology_table() -> dict[tuple[str, str], tuple[str | None, str | None, str | None, str | None]]:
    table = {}
    for line in (LEXICONS / "cameo_plover.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        event_type, sub, plover, mode, root, code = line.split("\t")
        table[(event_type, sub)] = tuple(None if v == "-" else v for v in (plover, mode, root, code))
    return table  # type: ignore[return-value]


def to_plover(event_type: str | None, sub_event_type: str | None) -> str | None:
    """The PLOVER event type for an ACLED pair ("Battles", "Armed clash") -> "ASSAULT"; None if unmapped."""
    row = _ontology_table().get((event_type or "", sub_event_type or ""))
    return row[0] if row else None


def to_plover_mode(event_type: str | None, sub_event_type: str | None) -> str | None:
    """The PLOVER mode ("aerial", "explosives", "riot", ...) for an ACLED pair; None if unmapped."""
    row = _ontology_table().get((event_type or "", sub_event_type or ""))
    return row[1] if row else None


def to_cameo(event_type: str | None, sub_event_type: str | None, root: bool = True) -> str | None:
    """The CAMEO code for an ACLED pair: the two-digit root ("19") or, with ``root=False``, the
    representative full code ("195" for an air strike); None if unmapped."""
    row = _ontology_table().get((event_type or "", sub_event_type or ""))
    if not row:
        return None
    return row[2] if root else row[3]

"""Casualty mentions in one sentence: who was killed, wounded, missing, captured or displaced, and how many.

The rules read the sentence around a casualty verb (``lexicons/casualty_verbs.tsv``):

* active voice, the victims follow the verb: "gunmen killed two villagers", "killing 5 militants";
* passive or intransitive, the victims are the subject: "four civilians have died", "16 servicemen were
  killed", headline style "5 militants killed in raid";
* "dead" after "leaving"/"left"/"found": "leaving 18 fighters dead";
* nominal tolls: "at least six deaths", "resulted in the death of 3 people", "the death toll rose to 40".

A victim phrase is a figure (``numbers.find_amounts``) or a singular determiner ("a man", "an army
officer", "another child") followed by a noun naming people (``lexicons/group_nouns.tsv``); coordinated
victims add up ("an army officer and two militants were killed" = 1 military + 2 militants).
Negations ("no civilians were killed"), denials ("denied that any soldiers died") and hypotheticals
("could kill thousands", "if ... would be killed") give nothing.  Figures that are years, ages,
times or labels are dropped by ``sanity``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from warledger.extract import sanity
from warledger.extract.lexicons import read_rows
from warledger.extract.nlp import is_noun
from warledger.extract.numbers import NUMBER_WORDS, Amount, find_amounts

CLAIMANT_SIDE = "@claimant"  # "16 of our soldiers": the side of whoever makes the claim
ENEMY_SIDE = "@enemy"  # "enemy losses": the side the claimant fights


@dataclass
class CasualtyMention:
    """A casualty figure found in a sentence; ``start``/``end`` are offsets into that sentence."""

    kind: str
    group: str
    low: int
    best: int
    high: int
    qualifier: str | None
    side: str | None
    start: int
    end: int
    vague: bool = False
    anaphoric: bool = False  # "the man", "he": someone already named earlier in the article


@dataclass(frozen=True)
class _Noun:
    group: str
    number: str  # "sg" | "pl"


@cache
def person_nouns() -> dict[str, _Noun]:
    return {row[0].lower(): _Noun(row[1], row[2]) for row in read_rows("group_nouns.tsv") if row[2] in ("sg", "pl")}


@cache
def group_modifiers() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_rows("group_nouns.tsv") if row[2] == "mod"}


@cache
def demonym_sides() -> dict[str, str]:
    """Demonyms and country names (lower-cased) -> country: "azerbaijani" -> "Azerbaijan"."""
    out: dict[str, str] = {}
    for row in read_rows("sides.tsv"):
        country = row[0]
        out[country.lower()] = country
        for demonym in row[1].split(","):
            if demonym.strip():
                out[demonym.strip().lower()] = country
    return out


@cache
def casualty_verbs() -> dict[str, tuple[str, str]]:
    return {row[0].lower(): (row[1], row[2]) for row in read_rows("casualty_verbs.tsv")}


@cache
def verb_regex() -> re.Pattern[str]:
    phrases = sorted(casualty_verbs(), key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’&/.][A-Za-z0-9]+)*(?:'s|’s)?|[^\sA-Za-z0-9]")
_AUX_OR_ADVERB = re.compile(
    r"(?:\s*\b(?:was|were|been|being|is|are|be|have|has|had|got|get|gets|reportedly|allegedly|also|later|all|both|"
    r"subsequently|eventually|critically|seriously|severely|gravely|badly|slightly|mortally|then|each|reported|"
    r"confirmed|believed|presumed|feared|now|just|already|since|earlier|apparently|reported\s+to\s+have|"
    r"said\s+to\s+have|found|left|lying|lay|instantly|immediately|[a-z]+ed\s+and)\b)+\s*$",
    re.IGNORECASE,
)
# words that end a subject phrase when read right to left
_SUBJECT_BOUNDARY = re.compile(
    r"[;:!?\[\"“”]|\.\s|\.(?=[A-Z])|,(?!\d{3})|—|\s-\s|\b(?:when|while|after|as|because|but|where|which|who|whom|whose|that|although|"
    r"though|once|until|before|if|then|leaving|left|leave|found|killing|wounding|injuring|said|says|told|among|"
    r"reported|announced|claimed|stated|confirmed)\b",
    re.IGNORECASE,
)
# words that end an object phrase when read left to right
_OBJECT_BOUNDARY = re.compile(
    r"[;:!?\[”]|(?<=\w)[\"“]|\.(?:\s|$)|,(?!\d{3})|—|\s-\s|\b(?:when|while|after|as|because|during|who|which|that|including|among|"
    r"amid|before|since|until|where|but|although|though|whom|whose|leaving|following|in\s+an?\s+(?:attack|"
    r"clash|blast|raid|strike|explosion|ambush))\b|\b(?:and|or)\s+(?=[a-z]+(?:ing|ed)\b)|\b(?:and|or)\s+(?=(?:left|"
    r"shot|hit|set|took|fled|made|gave|threw|beat|fought|struck|stole|held|began|broke|burnt|sent|led|kept|"
    r"went|ran|brought|caught|hid|lost|tore|wounded|injured)\b)",
    re.IGNORECASE,
)
_STOP_TOKENS = frozenset(
    "was were is are be been being have has had and or but in at on near from by with after when while as who which "
    "that including during into across for to against among amid following , ; : . ! ? ) ] said say says claimed "
    "reported told according".split()
)
# verbs whose object counts only when it names people of a known group ("lost 380 servicemen")
_NEEDS_PEOPLE_NOUN = frozenset({"lost"})
# plural nouns after a figure that never count people
_NOT_PEOPLE = frozenset(
    "cattle cows goats sheep camels animals livestock dogs horses donkeys chickens houses homes buildings shops "
    "vehicles cars trucks tanks rounds shells rockets missiles bombs mines days hours weeks months years minutes "
    "times kilometres kilometers miles metres meters percent others points goals votes seats dollars euros "
    "hectares acres tons tonnes attacks incidents cases villages towns districts areas locations positions".split()
)
_SINGULAR_DETERMINERS = re.compile(r"\b(?:a|an|another|the|his|her|its|their)\b", re.IGNORECASE)
_NEGATION_IN_CHUNK = re.compile(r"^\s*(?:no|none|nobody|neither|nor|not|without|any)\b", re.IGNORECASE)
_NEGATED_VERB = re.compile(r"\b(?:not|never|no|n't|nobody|none)\s+(?:\w+\s+){0,3}$|n't\s+(?:\w+\s+){0,2}$",
                           re.IGNORECASE)
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected|dismissed|refuted|disputed|false)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(
    r"(?:\b(?:could|would|might|may|can|will|shall|should|must|cannot|won't|wouldn't|couldn't)\s+(?:\w+\s+){0,3}"
    r"|\b(?:to|threat(?:en|ened|ens|ening)?\s+to|plann?(?:ed|ing|s)?\s+to|vow(?:ed|s)?\s+to|aim(?:ed|s|ing)?\s+"
    r"(?:to|at)|attempt(?:ed|s)?\s+to|tried\s+to|try\s+to)\s+(?:be\s+)?)$",
    re.IGNORECASE,
)
_CONDITIONAL_START = re.compile(r"^\s*(?:if|unless|should|were)\b", re.IGNORECASE)
_NOMINAL_KILLED = re.compile(r"^\s+(?:deaths?|fatalit(?:y|ies)|dead\b|lives\s+lost)", re.IGNORECASE)
_NOMINAL_WOUNDED = re.compile(r"^\s+(?:injuries|injured\b|wounded\b(?!\s+(?:by|in)))", re.IGNORECASE)
_DEATH_OF = re.compile(
    r"\b(?:result(?:ed|ing|s)?\s+in|le(?:d|ads?|ading)\s+to|caus(?:ed|ing|es)|claim(?:ed|ing|s)?|"
    r"left|leaving)\s+(?:the\s+)?(?:deaths?|lives)\s+of\s+",
    re.IGNORECASE,
)
_NUMBER_AHEAD = (r"(?=(?:at\s+least\s+|nearly\s+|almost\s+|about\s+|around\s+|some\s+|more\s+than\s+|over\s+)?"
                 r"(?:\d|(?:" + "|".join(NUMBER_WORDS) + r"|a\s+dozen|dozens|hundreds)\b))")
_DEATH_TOLL = re.compile(
    r"\b(?:(?:death|casualty|fatality)\s+toll|number\s+of\s+(?:[\w-]+\s+){0,2}?(?P<kind>killed|dead|deaths|"
    r"wounded|injured))\b[^.;]{0,120}?\b(?:to|at|of|reached|hit|is|was|stands|stood)\s+" + _NUMBER_AHEAD,
    re.IGNORECASE,
)


# "stabbed a journalist to death": a killing verb split around its object
_TO_DEATH = re.compile(
    r"\b(?:stabbed|beat|beaten|hacked|shot|burned|burnt|stoned|tortured|chopped|clubbed|strangled|hanged|crushed)\s+"
    r"(?P<obj>(?:\S+\s+){1,8}?)to\s+death\b", re.IGNORECASE)
# "the bodies of six fighters were found": found dead
_BODIES_FOUND = re.compile(
    r"\b(?:the\s+)?(?:[\w-]+\s+)?bod(?:y|ies)\s+of\s+(?P<obj>.{1,60}?)\s+(?:was|were|had\s+been|have\s+been|"
    r"has\s+been)\s+(?:\w+ly\s+)?(?:found|recovered|discovered|retrieved|dumped)\b", re.IGNORECASE)
_HIS_BODY_FOUND = re.compile(
    r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}(?:body|corpse|remains)\s+(?:was|were|had\s+been|has\s+been)\s+"
    r"(?:\w+ly\s+)?(?:found|recovered|discovered|retrieved|dumped)\b", re.IGNORECASE)
# a death that set off a protest or riot is its own (earlier) event: "protested after a worker died"
_PROTEST_CUE = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ied|ies)|riot\w*|agitat\w*|sit-in|march(?:ed|es)?|condemn\w*|"
    r"denounc\w*|commemorat\w*|mourn\w*|vigil|general\s+strike|hunger\s+strike|on\s+strike|blockade\w*|violence\s+(?:erupted|broke\s+out)|"
    r"went\s+berserk|torched|vandali[sz]\w*|took\s+to\s+the\s+streets|demand\w*)\b", re.IGNORECASE)
_CAUSE_LINK = re.compile(
    r"\b(?:after|following|over|against|to\s+protest|to\s+condemn|to\s+denounce|to\s+mourn|in\s+protest)\b",
    re.IGNORECASE)
_ACCIDENT = re.compile(
    r"\b(?:accident\w*|collision|crash(?:ed)?|drown\w*|electrocut\w*|heart\s+attack|illness|coronavirus|"
    r"covid|disease|pregnan\w*|fire\s+broke\s+out|stampede|landslide|flood\w*|earthquake|"
    r"gas\s+explosion|colliery)\b", re.IGNORECASE)


def is_cause_of_protest(sentence: str, verb_start: int) -> bool:
    """ "Workers rioted after a laborer died": the death is what the protest is about, not its toll."""
    cue = _PROTEST_CUE.search(sentence, 0, verb_start)
    if not cue:
        return False
    return bool(_CAUSE_LINK.search(sentence, cue.end(), verb_start))


def is_accident(sentence: str, verb_start: int) -> bool:
    """Deaths in a road accident, of illness or on hunger strike are not conflict casualties."""
    return bool(_ACCIDENT.search(sentence))


def _parsed_subject(doc: Span, verb_start: int, acled_conventions: bool) -> _Victim | None:
    """The subject of a casualty verb from the dependency parse: "A leader ..., who ..., died" -> 1."""
    base = doc.start_char
    verb = next((t for t in doc if t.idx - base == verb_start), None)
    if verb is None:
        return None
    heads = [verb, verb.head] if verb.dep_ in ("acomp", "xcomp", "oprd", "conj") else [verb]
    subject = next((c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not is_noun(subject):
        return None
    start, end = subject.left_edge.idx - base, subject.idx + len(subject.text) - base
    number = next((c for c in subject.children if c.dep_ == "nummod"), None)
    mods = [c.text for c in subject.children if c.dep_ in ("compound", "amod", "poss")]
    noun = person_nouns().get(subject.lower_)
    group = _group_of(subject.lower_ if noun else None, mods)
    side = next((s for s in map(_side_of_word, mods) if s), None)
    if number is not None:
        amounts = find_amounts(number.text, acled_conventions)
        return _Victim(start, end, amounts[0], group, side) if amounts else None
    singular = subject.tag_ in ("NN", "NNP") or any(c.lower_ in ("a", "an", "one") for c in subject.children)
    named = subject.ent_type_ == "PERSON" or noun is not None
    if singular and (named or any(c.lower_ in ("a", "an", "one") for c in subject.children)):
        return _Victim(start, end, None, group, side)
    return None


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


@dataclass
class _Victim:
    start: int
    end: int
    count: Amount | None  # None: one person named by a determiner ("a man")
    group: str
    side: str | None
    inherit: bool = False  # "17 others": group and side of the previous victims
    anaphoric: bool = False  # "the victim", "he": refers back to someone named before


def _side_of_word(word: str) -> str | None:
    w = word.lower().rstrip(".")
    if w in ("our",):
        return CLAIMANT_SIDE
    if w in ("enemy", "enemy's", "hostile", "opposing"):
        return ENEMY_SIDE
    w = re.sub(r"(?:'s|’s)$", "", w)
    sides = demonym_sides()
    if w in sides:
        return sides[w]
    # "Armenian-backed militias" are militias backed by Armenia, not Armenian: no side from the word
    return None


def _side_of_subject(sentence: str, verb_start: int) -> str | None:
    """Whose people an active "lost" counts: the subject's ("the enemy lost 380 servicemen" -> the enemy of the
    claimant, "Armenia lost 12 soldiers" -> Armenia, "our forces lost" -> the claimant's side)."""
    s_start, s_end, _ = subject_span(sentence, verb_start)
    words = re.findall(r"[\w'’-]+", sentence[s_start:s_end])
    return next((side for side in map(_side_of_word, reversed(words)) if side), None)


def _group_of(head: str | None, modifiers: list[str]) -> str:
    noun = person_nouns().get(head) if head else None
    group = noun.group if noun else "unknown"
    mods = group_modifiers()
    for word in reversed(modifiers):  # the modifier nearest the head decides ("military police officer")
        w = word.lower().strip("()")
        if w in mods and (group == "unknown" or mods[w] == "police" or head is None):
            return mods[w]
        if w in person_nouns() and person_nouns()[w].group != "unknown" and group == "unknown":
            return person_nouns()[w].group
    return group


def _read_head(text: str, pos: int, singular_only: bool = False,
               in_object: bool = False) -> tuple[str | None, list[str], int, bool]:
    """From ``pos``, walk over modifiers to a noun naming people.

    Returns (head noun or "others" or None, modifiers, end offset, stopped_at_once): ``stopped_at_once``
    is True when the very next token ends the phrase (a bare figure: "killing 3", "and 1 was wounded").
    """
    modifiers: list[str] = []
    end = pos
    consumed = False  # "six of the": words read that make the figure part of a longer phrase
    for i, tok in enumerate(_tokens(text[pos:])):
        if i >= 9:
            break
        word = tok.group().lower()
        if word in ("others", "other", "more") and not singular_only:
            return "others", modifiers, pos + tok.end(), False
        noun = person_nouns().get(word)
        if noun:
            # "police officers": a group noun used as a modifier still lets the real head follow
            following = _tokens(text[pos + tok.end():])
            nxt = following[0].group().lower() if following else ""
            if nxt in person_nouns() and nxt not in ("others", "other"):
                modifiers.append(word)
                continue
        if noun and not (singular_only and noun.number != "sg"):
            return word, modifiers, pos + tok.end(), False
        if noun and singular_only:
            return None, modifiers, end, False
        if word in ("(", ")", "-", "'", "’"):
            continue
        if verb_regex().match(text, pos + tok.start()):
            return None, modifiers, end, i == 0 and not in_object
        if word in ("and", "&") and modifiers and modifiers[-1][:1].isupper():
            following = _tokens(text[pos + tok.end():])
            if following and following[0].group()[:1].isupper():
                continue  # "4 TTP and LI militants": two group names sharing one noun
        if word in _STOP_TOKENS:
            return None, modifiers, end, i == 0
        if word in ("of", "the") and i <= 2:
            consumed = True
            continue
        if not singular_only and word.endswith("s") and word[:-1] in demonym_sides() and tok.group()[0].isupper():
            return word, [*modifiers, tok.group()[:-1]], pos + tok.end(), False  # "27 Palestinians", "3 Afghans"
        if (not singular_only and i == 0 and re.fullmatch(r"[a-z]{3,}s", tok.group()) and word not in _NOT_PEOPLE
                and not re.match(r"\s*[a-z]+s\b", text[pos + tok.end():])):
            # "15 guests", "4 pilgrims": a plural noun right after the figure names the people counted
            nxt = _tokens(text[pos + tok.end():])
            if not nxt or nxt[0].group().lower() in _STOP_TOKENS or verb_regex().match(text, pos + tok.end()
                                                                                        + nxt[0].start()):
                return word, modifiers, pos + tok.end(), False
        modifiers.append(tok.group())
        end = pos + tok.end()
    return None, modifiers, end, not modifiers and not consumed


def parse_victims(text: str, lo: int, hi: int, acled_conventions: bool = False,
                  must_start_at: int | None = None) -> list[_Victim]:
    """The victim phrases in ``text[lo:hi]`` (offsets into ``text``).

    With ``must_start_at`` (the object of an active verb) the first victim must start there.
    """
    chunk = text[lo:hi]
    victims: list[_Victim] = []
    taken: list[tuple[int, int]] = []
    for amount in find_amounts(chunk, acled_conventions):
        a_start, a_end = lo + amount.start, lo + amount.end
        if sanity.is_measure_or_label(text, a_start, a_end):
            continue
        if re.match(r"^\s*(?:of\s+(?:the|them|those|these|his|her|their|its|our)\b)", text[a_end:hi]) \
                and amount.best == 1:
            # "one of the soldiers": one person of a group
            of_the = re.match(r"^\s*of\s+\w+", text[a_end:])
            head, mods, end, bare = _read_head(text[:hi], a_end + (of_the.end() if of_the else 0))
        else:
            head, mods, end, bare = _read_head(text[:hi], a_end, in_object=must_start_at is not None)
        if head is None and not bare:
            continue
        side = next((s for s in (_side_of_word(m) for m in mods) if s), None)
        if head == "others" or (head is None and not mods):
            victims.append(_Victim(a_start, max(end, a_end), amount, "unknown", side, inherit=True))
        elif re.match(r"^\s*of\s+(?:them|the\s+(?:wounded|injured|dead|victims|casualties))\b", text[a_end:hi]):
            # "one of them", "six of the wounded": people already counted
            victims.append(_Victim(a_start, a_end, amount, "unknown", side, anaphoric=True))
        else:
            victims.append(_Victim(a_start, max(end, a_end), amount, _group_of(head, mods), side))
        taken.append((a_start, max(end, a_end)))
    for det in _SINGULAR_DETERMINERS.finditer(chunk):
        d_start = lo + det.start()
        if any(s <= d_start < e for s, e in taken):
            continue
        head, mods, end, _ = _read_head(text[:hi], lo + det.end(), singular_only=True)
        if head is None or head == "others":
            continue
        side = next((s for s in (_side_of_word(m) for m in mods) if s), None)
        definite = det.group().lower() in ("the", "his", "her", "its", "their")
        victims.append(_Victim(d_start, end, None, _group_of(head, mods), side, anaphoric=definite))
        taken.append((d_start, end))
    for tok in _TOKEN.finditer(chunk):
        t_start, t_end = lo + tok.start(), lo + tok.end()
        noun = person_nouns().get(tok.group().lower())
        if not noun or noun.number != "sg" or any(s <= t_start < e for s, e in taken):
            continue
        following = _tokens(text[t_end:hi])
        nxt = following[0].group() if following else ""
        if nxt and not (nxt.lower() in _STOP_TOKENS or verb_regex().match(text, t_end + following[0].start())
                        or (nxt.lower() == "of" and len(following) > 1 and following[1].group()[:1].isupper())):
            continue  # a modifier of the next word ("separatist groups"), or "leader of the group"
        if re.search(r"\b(?:in|at|during|for|from|with|near|on|of\s+the)\b", text[t_end:hi]):
            continue  # inside a prepositional phrase far from the verb: not the subject
        if re.search(r"(?:'s|’s)$", tok.group()):
            continue
        mods = [t.group() for t in _tokens(chunk[max(0, tok.start() - 40):tok.start()])][-3:]
        victims.append(_Victim(t_start, t_end, None, _group_of(tok.group().lower(), mods),
                               next((s for s in map(_side_of_word, mods) if s), None)))
        taken.append((t_start, t_end))
    victims.sort(key=lambda v: v.start)
    if must_start_at is not None and victims and victims[0].start > must_start_at:
        return []
    return victims


def _mask_parentheses(sentence: str) -> str:
    """The sentence with bracketed asides blanked out (same length), so their commas end nothing."""
    return re.sub(r"[(\[][^()\[\]]*[)\]]", lambda m: " " * len(m.group()), sentence)


def _last_boundary(masked: str, end: int) -> int:
    start = 0
    for b in _SUBJECT_BOUNDARY.finditer(masked, 0, end):
        start = b.end()
    for prev in verb_regex().finditer(masked, 0, end):
        start = max(start, prev.end())
    return start


def subject_span(sentence: str, verb_start: int) -> tuple[int, int, str]:
    """The subject phrase before a passive/intransitive verb: (start, end, stripped auxiliaries)."""
    masked = _mask_parentheses(sentence)
    before = sentence[:verb_start]
    aux = _AUX_OR_ADVERB.search(before)
    aux_text = aux.group() if aux else ""
    end = aux.start() if aux else len(before.rstrip())
    start = _last_boundary(masked, end)
    # "Eight men, including a suspect, were shot" / "A man, Ali Khan, was killed" / "An army major, and 5
    # militants were killed": the phrase before the comma belongs to the subject
    for _ in range(3):
        chunk = sentence[start:end]
        aside = re.match(r"^\s*(?:(?:including|among\s+them|among\s+whom|aged|identified)\b|\d{1,2}\s*$)", chunk,
                         re.IGNORECASE)
        coordinated = re.match(r"^\s*(?:and|&)\s", chunk)
        if chunk.strip() and not aside and not coordinated:
            break
        if start == 0 or masked[start - 1] != ",":
            break
        prev_start = _last_boundary(masked, start - 1)
        if aside or not chunk.strip():
            start, end = prev_start, start - 1
        else:
            start = prev_start  # keep both conjuncts
    return start, end, aux_text


def object_span(sentence: str, verb_end: int) -> tuple[int, int]:
    """The object phrase after an active verb: (start, end)."""
    masked = _mask_parentheses(sentence)
    start = verb_end
    # "killing and injuring a number of fighters": both verbs share the object
    skip = re.match(r"^\s+(?:and|or)\s+(?:\w+ly\s+)?(?:injuring|wounding|killing|injured|wounded|killed|kidnapping|"
                    r"abducting)\b", sentence[start:], re.IGNORECASE)
    if skip:
        start += skip.end()
    b = _OBJECT_BOUNDARY.search(masked, start)
    end = b.start() if b else len(sentence)
    return start, end


def is_hypothetical(sentence: str, verb_start: int) -> bool:
    before = sentence[:verb_start]
    if _CONDITIONAL_START.match(sentence):
        return True
    clause = before[-60:]
    return bool(_HYPOTHETICAL.search(clause) or _NEGATED_VERB.search(clause))


def is_denied(sentence: str, verb_start: int) -> bool:
    return bool(_DENIAL.search(sentence[:verb_start]))


def _mention(kind: str, victim: _Victim, verb_start: int, verb_end: int) -> CasualtyMention:
    if victim.count is None:
        low = best = high = 1
        qualifier = None
        vague = False
    else:
        low, best, high, qualifier, vague = (victim.count.low, victim.count.best, victim.count.high,
                                             victim.count.qualifier, victim.count.vague)
    start, end = min(victim.start, verb_start), max(victim.end, verb_end)
    return CasualtyMention(kind, victim.group, low, best, high, qualifier, victim.side, start, end, vague,
                           anaphoric=victim.anaphoric)


def _resolve_inherited(victims: list[_Victim], previous: list[CasualtyMention]) -> None:
    last_group, last_side = None, None
    if previous:
        last_group, last_side = previous[-1].group, previous[-1].side
    for v in victims:
        if v.inherit:
            v.group = last_group or "unknown"
            v.side = v.side or last_side
        else:
            last_group, last_side = v.group, v.side


def _singular_subject(sentence: str, start: int, end: int, aux: str, voice: str) -> _Victim | None:
    """ "Jumban Gazi was beaten to death" / "Ali Khan died": one person named without a figure."""
    chunk = sentence[start:end]
    if _NEGATION_IN_CHUNK.search(chunk) or not chunk.strip():
        return None
    singular = bool(re.search(r"\b(?:was|has)\b", aux, re.IGNORECASE)) or voice == "intransitive"
    if not singular or re.search(r"\b(?:were|have)\b", aux, re.IGNORECASE):
        return None
    words = [t.group() for t in _tokens(chunk) if re.match(r"\w", t.group())]
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in ("he", "she"):
        return _Victim(start, end, None, "unknown", None, anaphoric=True)  # "He died on the way to hospital."
    nouns = person_nouns()
    if any(nouns.get(w.lower()) and nouns[w.lower()].number == "sg" for w in words):
        group = _group_of(next(w.lower() for w in reversed(words) if nouns.get(w.lower())), words)
        return _Victim(start, end, None, group, next((s for s in map(_side_of_word, words) if s), None))
    names = [w for w in words[-4:] if w[0].isupper() and w.lower() not in ("the", "he", "she", "it", "they")]
    if names and len(names) == len(words[-len(names):]) and len(words) <= 6 and not any(
            w.lower() in group_modifiers() or w.lower() in demonym_sides() for w in names):
        return _Victim(start, end, None, "unknown", None)
    return None


def find_casualties(sentence: str, acled_conventions: bool = False, doc: Span | None = None) -> list[CasualtyMention]:
    """Every casualty figure stated in ``sentence`` (offsets into it), in reading order.

    ``doc`` (the sentence parsed by spaCy) lets the dependency parse find subjects the patterns miss
    ("A leader of the party, who was arrested on Sunday, died in hospital").
    """
    found: list[CasualtyMention] = []
    for verb in verb_regex().finditer(sentence):
        phrase = re.sub(r"\s+", " ", verb.group().lower())
        kind, voice = casualty_verbs()[phrase]
        if is_hypothetical(sentence, verb.start()) or is_denied(sentence, verb.start()):
            continue
        if is_cause_of_protest(sentence, verb.start()) or is_accident(sentence, verb.start()):
            continue
        before = sentence[:verb.start()]
        if voice == "adjective":
            if re.search(r"\bthe\s+$", before, re.IGNORECASE) or re.match(r"^\s+(?:bodies|body)\b",
                                                                           sentence[verb.end():], re.IGNORECASE):
                continue
        victims: list[_Victim] = []
        passive = bool(re.search(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?$", before, re.IGNORECASE))
        if voice == "transitive" and not passive:
            o_start, o_end = object_span(sentence, verb.end())
            first = re.match(r"[\s\"“']*", sentence[o_start:o_end])
            first_pos = o_start + (first.end() if first else 0)
            obj_text = sentence[first_pos:o_end]
            if _NEGATION_IN_CHUNK.match(obj_text.strip()):
                continue
            reflexive = re.match(r"(?:himself|herself)\s+and\s+", obj_text, re.IGNORECASE)
            if reflexive:  # "a bomber killed himself and 9 worshippers"
                victims = [_Victim(first_pos, first_pos + 7, None, "unknown", None)]
                victims += parse_victims(sentence, first_pos + reflexive.end(), o_end, acled_conventions)
            else:
                victims = parse_victims(sentence, o_start, o_end, acled_conventions, must_start_at=first_pos)
            if phrase in _NEEDS_PEOPLE_NOUN:
                victims = [v for v in victims if v.group != "unknown" or v.count is None]
                if not victims:
                    continue
                loser = _side_of_subject(sentence, verb.start())
                for v in victims:
                    v.side = v.side or loser
            if not victims:
                pronoun = re.match(r"(him|her|them)\b", obj_text, re.IGNORECASE)
                if pronoun and pronoun.group(1).lower() != "them":
                    victims = [_Victim(first_pos, first_pos + pronoun.end(), None, "unknown", None, anaphoric=True)]
                elif pronoun and found:
                    prior = found[-1]
                    amount = Amount(prior.low, prior.best, prior.high, prior.qualifier, "them", 0, 0)
                    victims = [_Victim(first_pos, first_pos + 4, amount, prior.group, prior.side)]
                elif re.match(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}\b(?!\s+(?:\w+\s+)?(?:militants|fighters|"
                              r"rebels|soldiers|forces|troops|members|people))", obj_text) and phrase not in (
                                  "kill", "kills", "captured"):
                    name = re.match(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}", obj_text)
                    if name and name.group().split()[0].lower() not in demonym_sides() and name.group().split()[
                            0].lower() not in group_modifiers():
                        victims = [_Victim(first_pos, first_pos + name.end(), None, "unknown", None)]
            if victims:
                _resolve_inherited(victims, found)
                found.extend(_mention(kind, v, verb.start(), verb.end()) for v in victims)
                continue
            if phrase in ("killing", "kill", "kills", "wounding", "injuring", "abducting", "kidnapping"):
                continue  # a gerund or present tense with no victims after it is not a passive
        s_start, s_end, aux = subject_span(sentence, verb.start())
        subject = sentence[s_start:s_end]
        if _NEGATION_IN_CHUNK.search(subject):
            continue
        victims = parse_victims(sentence, s_start, s_end, acled_conventions)
        among = re.search(r"\b(?:was|were|are|is)\s+among\s+(?:those|the)\s*$", sentence[:s_end], re.IGNORECASE)
        if not victims and among:  # "Four children were among those killed"
            a_start, a_end, _ = subject_span(sentence, among.start())
            victims = parse_victims(sentence, a_start, a_end, acled_conventions)
        if not victims:
            one = _singular_subject(sentence, s_start, s_end, aux, voice)
            victims = [one] if one else []
        if not victims and doc is not None:
            parsed = _parsed_subject(doc, verb.start(), acled_conventions)
            victims = [parsed] if parsed else []
        along = re.match(r"^\s+(?:along|together)\s+with\s+", sentence[verb.end():], re.IGNORECASE)
        if victims and along:
            a_start = verb.end() + along.end()
            a_end = (_OBJECT_BOUNDARY.search(_mask_parentheses(sentence), a_start) or re.search("$", sentence)).start()
            victims += parse_victims(sentence, a_start, a_end, acled_conventions, must_start_at=a_start)
        _resolve_inherited(victims, found)
        found.extend(_mention(kind, v, verb.start(), verb.end()) for v in victims)
    found.extend(_nominal_tolls(sentence, acled_conventions, found))
    for m in found:
        if m.side is None:
            m.side = _side_of_losses(sentence[:m.start])
    return [m for m in found if not sanity.is_absurd_toll(m.best, sentence)]


# "enemy losses amounted to 380 servicemen", "Armenian losses were 12 soldiers": the losses' owner is the side
_LOSSES_OF = re.compile(r"\b([\w'’-]+)\s+(?:losses|casualties)(?:\s+[\w'’-]+){0,3}?\s+"
                        r"(?:amounted\s+to|were|reached|stood\s+at|totall?ed|included|came\s+to|of)\s*:?\s*"
                        r"(?:up\s+to\s+|about\s+|some\s+|nearly\s+|over\s+)?$", re.IGNORECASE)


def _side_of_losses(before: str) -> str | None:
    m = _LOSSES_OF.search(before)
    return _side_of_word(m.group(1)) if m else None


def _nominal_tolls(sentence: str, acled_conventions: bool, found: list[CasualtyMention]) -> list[CasualtyMention]:
    """ "at least six deaths", "resulted in the death of 3 people", "the death toll rose to 40"."""
    out: list[CasualtyMention] = []
    covered = [(m.start, m.end) for m in found]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in covered)

    if _CONDITIONAL_START.match(sentence) or is_accident(sentence, 0):
        return out
    for amount in find_amounts(sentence, acled_conventions):
        if sanity.is_measure_or_label(sentence, amount.start, amount.end) or not free(amount.start, amount.end):
            continue
        after = sentence[amount.end:]
        if is_hypothetical(sentence, amount.start) or is_denied(sentence, amount.start):
            continue
        for pattern, kind in ((_NOMINAL_KILLED, "killed"), (_NOMINAL_WOUNDED, "wounded")):
            m = pattern.match(after)
            if m:
                out.append(CasualtyMention(kind, "unknown", amount.low, amount.best, amount.high, amount.qualifier,
                                           None, amount.start, amount.end + m.end(), amount.vague))
                covered.append((amount.start, amount.end + m.end()))
                break
    for m in _DEATH_OF.finditer(sentence):
        if is_hypothetical(sentence, m.start()):
            continue
        o_start, o_end = m.end(), (_OBJECT_BOUNDARY.search(sentence, m.end()) or re.search("$", sentence)).start()
        for v in parse_victims(sentence, o_start, o_end, acled_conventions, must_start_at=o_start):
            if free(v.start, v.end):
                out.append(_mention("killed", v, m.start(), m.end()))
    for pattern in (_TO_DEATH, _BODIES_FOUND):
        for m in pattern.finditer(sentence):
            if is_hypothetical(sentence, m.start()) or is_cause_of_protest(sentence, m.start()):
                continue
            for v in parse_victims(sentence, m.start("obj"), m.end("obj"), acled_conventions,
                                   must_start_at=m.start("obj")):
                if free(v.start, v.end):
                    out.append(_mention("killed", v, m.start(), m.end()))
                    covered.append((m.start(), m.end()))
    for m in _HIS_BODY_FOUND.finditer(sentence):
        if free(m.start(), m.end()) and not is_cause_of_protest(sentence, m.start()):
            out.append(CasualtyMention("killed", "unknown", 1, 1, 1, None, None, m.start(), m.end(), anaphoric=True))
    for m in _DEATH_TOLL.finditer(sentence):
        amounts = [a for a in find_amounts(sentence[m.end():], acled_conventions) if a.start == 0]
        if amounts and free(m.end(), m.end() + amounts[0].end):
            a = amounts[0]
            kind = "wounded" if (m.group("kind") or "").lower() in ("wounded", "injured") else "killed"
            group = next((n.group for w in re.findall(r"\w+", m.group()) if (n := person_nouns().get(w.lower()))),
                         "unknown")
            out.append(CasualtyMention(kind, group, a.low, a.best, a.high, a.qualifier, None, m.start(),
                                       m.end() + a.end, a.vague))
    return out

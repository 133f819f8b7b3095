"""How alike two reports of an event are, and which articles are near-duplicates.

``link_score`` combines six component scores, each in [0, 1], with ``WEIGHTS``; a report
joins a stored event when the score reaches ``LINK_THRESHOLD``. Tuned on the sample corpus
(``python -m warledger.link.evaluate --sweep``): at 0.60 pairwise precision was 0.97-1.00 and
recall 0.67-0.75 (two runs while the extraction upstream was changing); 0.55 and below start
linking unrelated reports, 0.70 and above lose a third of the recall. Most missed pairs come from
reports placed or dated differently upstream, which blocking rightly keeps apart.
Incompatible event types (a protest is not an air strike)
and reported-vs-planned veto a link whatever the rest says.

Near-duplicate articles (wire copy republished by several outlets, with a new headline or a
trimmed paragraph) are found with MinHash over word 3-shingles: LSH bands give candidates by
index lookup, the signature estimate of Jaccard similarity decides (``NEAR_DUPLICATE_THRESHOLD``).
"""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

from warledger.link.blocking import RADIUS_KM, Window, coarser_precision, haversine_km, places_compatible
from warledger.model import Event, Location

WEIGHTS = {"type": 0.25, "place": 0.20, "date": 0.15, "actors": 0.15, "casualties": 0.10, "text": 0.15}
LINK_THRESHOLD = 0.60
# a report scoring this high against two stored events shows they are one event (they are merged)
MERGE_THRESHOLD = 0.80

# event types that one report may call a clash and another the shelling that was part of it
COMPATIBLE_TYPES = {
    frozenset({"Battles", "Explosions/Remote violence"}),
    frozenset({"Violence against civilians", "Explosions/Remote violence"}),
    frozenset({"Violence against civilians", "Battles"}),
    frozenset({"Protests", "Riots"}),
}

MINHASH_PERMUTATIONS = 128
LSH_BANDS, LSH_ROWS = 32, 4  # candidate probability 0.87 at Jaccard 0.5, 0.99 at 0.6, < 0.01 at 0.2
NEAR_DUPLICATE_THRESHOLD = 0.5
SHINGLE_WORDS = 3

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "the a an and or of in on at to by for from with that this was were is are be been has have had "
    "said says say according its their his her they them after before during over into near about "
    "also which who when where while than then there these those other more most some such".split()
)


@dataclass
class Profile:
    """What linking compares: a new report, or a stored (already reconciled) event."""

    status: str = "reported"
    event_type: str | None = None
    sub_event_type: str | None = None
    window: Window | None = None
    location: Location | None = None
    actor_keys: frozenset[str] = frozenset()
    casualties: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # kind -> low, best, high
    tokens: frozenset[str] = frozenset()
    source_groups: frozenset[str] = frozenset()


def normalise_name(name: str) -> str:
    words = _WORD.findall(name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _STOP)


def actor_keys(event: Event) -> frozenset[str]:
    keys: set[str] = set()
    for a in event.actors:
        if a.name:
            keys.add(normalise_name(a.name))
        if a.side:
            keys.add("side:" + normalise_name(a.side))
    keys.discard("")
    return frozenset(keys)


def casualty_totals(event: Event) -> dict[str, tuple[int, int, int]]:
    """Per casualty kind, the largest figure the report gives (groups summed would double count)."""
    out: dict[str, tuple[int, int, int]] = {}
    for c in event.casualties:
        if c.kind not in out or c.best > out[c.kind][1]:
            out[c.kind] = (c.low, c.best, c.high)
    return out


def type_score(a_type: str | None, a_sub: str | None, b_type: str | None, b_sub: str | None) -> float:
    if not a_type or not b_type:
        return 0.5
    if a_type == b_type:
        return 1.0 if (a_sub and a_sub == b_sub) else 0.8
    if frozenset({a_type, b_type}) in COMPATIBLE_TYPES:
        return 0.5
    return 0.0


def place_score(a: Location | None, b: Location | None) -> float:
    if a is None or b is None:
        return 0.5
    if not places_compatible(a, b):
        return 0.0
    if a.geonameid and a.geonameid == b.geonameid:
        return 1.0
    coarse = coarser_precision(a.precision, b.precision)
    if coarse == "country":
        return 0.5
    if None not in (a.lat, a.lon, b.lat, b.lon):
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        radius = RADIUS_KM[coarse]
        # beyond the radius only a shared first-level region let the pair through blocking
        return 1.0 - 0.5 * d / radius if d <= radius else 0.2
    return 0.7 if a.admin1 and a.admin1 == b.admin1 else 0.5


def date_score(a: Window | None, b: Window | None) -> float:
    if a is None or b is None:
        return 0.5
    if a == b:
        return 1.0
    if a.start <= b.end and b.start <= a.end:
        return 0.8
    gap = min(abs((a.start - b.end).days), abs((b.start - a.end).days))
    return max(0.0, 0.6 - 0.15 * gap)


def actor_score(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: a short report naming one of the parties still agrees with a long one."""
    if not a and not b:
        return 0.5
    if not a or not b:
        return 0.4
    return len(a & b) / min(len(a), len(b))


def casualty_score(a: dict[str, tuple[int, int, int]], b: dict[str, tuple[int, int, int]]) -> float:
    """Figures of the same kind that overlap or are within a factor of two agree; tolls do rise later."""
    shared = a.keys() & b.keys()
    if not shared:
        return 0.5
    scores = []
    for kind in shared:
        (alo, abest, ahigh), (blo, bbest, bhigh) = a[kind], b[kind]
        if alo <= bhigh and blo <= ahigh:
            scores.append(1.0)
        else:
            lo, hi = sorted((abest, bbest))
            ratio = lo / hi if hi else 1.0
            scores.append(1.0 if ratio >= 0.5 else 0.2 + ratio)
    return statistics.fmean(scores)


def text_score(a: Profile, b: Profile) -> float:
    if a.source_groups & b.source_groups:
        return 1.0  # the same wire story
    if not a.tokens or not b.tokens:
        return 0.3
    overlap = len(a.tokens & b.tokens) / min(len(a.tokens), len(b.tokens))
    return min(1.0, overlap * 1.5)


def components(a: Profile, b: Profile) -> dict[str, float]:
    return {
        "type": type_score(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type),
        "place": place_score(a.location, b.location),
        "date": date_score(a.window, b.window),
        "actors": actor_score(a.actor_keys, b.actor_keys),
        "casualties": casualty_score(a.casualties, b.casualties),
        "text": text_score(a, b),
    }


def statuses_compatible(a: str, b: str) -> bool:
    """Planned things never merge with things that happened; history may mention a reported event."""
    return a == b or {a, b} == {"reported", "background"}


def link_score(a: Profile, b: Profile) -> float:
    """Weighted agreement in [0, 1]; 0 when the two cannot be the same event."""
    if not statuses_compatible(a.status, b.status):
        return 0.0
    # the two vetoes first: most candidates of a busy block fail one, and the rest costs more
    kind = type_score(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type)
    if kind == 0.0:
        return 0.0
    place = place_score(a.location, b.location)
    if place == 0.0:
        return 0.0
    return (WEIGHTS["type"] * kind + WEIGHTS["place"] * place + WEIGHTS["date"] * date_score(a.window, b.window)
            + WEIGHTS["actors"] * actor_score(a.actor_keys, b.actor_keys)
            + WEIGHTS["casualties"] * casualty_score(a.casualties, b.casualties) + WEIGHTS["text"] * text_score(a, b))


# --- near-duplicate articles ---------------------------------------------------------------

def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


# the seed-1 permutations and their scheme, drawn once: drawing them cost more than hashing a text
_TEMPLATE: MinHash | None = None


def minhash_signature(text: str) -> np.ndarray:
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1)
    m = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1, permutations=_TEMPLATE.permutations,
                scheme=_TEMPLATE.scheme)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return m.hashvalues.astype(np.uint64)


def signature_to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def signature_from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u8")


def band_hashes(sig: np.ndarray) -> list[int]:
    """One 63-bit key per LSH band (fits a signed BIGINT column)."""
    raw = sig.astype("<u8")
    out = []
    for band in range(LSH_BANDS):
        chunk = raw[band * LSH_ROWS : (band + 1) * LSH_ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") & 0x7FFF_FFFF_FFFF_FFFF)
    return out


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)

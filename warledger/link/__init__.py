"""Cross-article linking: blocking, similarity scoring, near-duplicates and reconciliation."""

from warledger.link.blocking import (
    DATE_SLACK_DAYS,
    UNDATED_LOOKBACK_DAYS,
    BlockIndex,
    Window,
    candidate_date_bounds,
    event_window,
    is_linkable_window,
    places_compatible,
    windows_overlap,
)
from warledger.link.reconcile import Report, build_ledger_event, fatalities, is_partisan, reconcile_figures
from warledger.link.similarity import (
    LINK_THRESHOLD,
    LSH_BANDS,
    MERGE_THRESHOLD,
    NEAR_DUPLICATE_THRESHOLD,
    Profile,
    actor_keys,
    band_hashes,
    casualty_totals,
    content_tokens,
    estimated_jaccard,
    link_score,
    minhash_signature,
    signature_from_bytes,
    signature_to_bytes,
    statuses_compatible,
    type_score,
)

__all__ = [
    "DATE_SLACK_DAYS", "LINK_THRESHOLD", "MERGE_THRESHOLD", "NEAR_DUPLICATE_THRESHOLD", "BlockIndex", "Profile",
    "Report", "Window", "actor_keys", "band_hashes", "build_ledger_event", "candidate_date_bounds",
    "casualty_totals", "content_tokens", "estimated_jaccard", "event_window", "fatalities", "is_linkable_window",
    "is_partisan", "link_score", "minhash_signature", "places_compatible", "reconcile_figures",
    "signature_from_bytes", "signature_to_bytes", "statuses_compatible", "type_score", "windows_overlap",
    "UNDATED_LOOKBACK_DAYS", "LSH_BANDS",
]

"""What every ``ArticleResult`` must satisfy, whatever the input (shared by tests and the fuzz harness)."""

from __future__ import annotations

from warledger.contract import article_result_to_dict
from warledger.model import ArticleResult, Evidence


def check_evidence(text: str, evidence: Evidence) -> None:
    assert 0 <= evidence.start <= evidence.end <= len(text), (evidence, len(text))
    assert text[evidence.start:evidence.end] == evidence.text, (evidence, text[evidence.start:evidence.end])


def check_result(result: ArticleResult) -> None:
    """Evidence spans inside the cleaned text and equal to their text; low <= best <= high; start <= end."""
    text = result.article.text
    for event in result.events:
        for ev in event.evidence:
            check_evidence(text, ev)
        for casualty in event.casualties:
            assert 0 <= casualty.low <= casualty.best <= casualty.high, casualty
            for ev in casualty.evidence:
                check_evidence(text, ev)
        for item in event.materiel:
            assert item.count >= 0, item
            for ev in item.evidence:
                check_evidence(text, ev)
        if event.date is not None:
            assert event.date.start <= event.date.end, event.date
    article_result_to_dict(result, with_text=True)  # the contract serialises whatever came out

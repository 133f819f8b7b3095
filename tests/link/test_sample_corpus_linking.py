"""Linking evaluated on the bundled sample corpus (gold: links.tsv), through the whole pipeline.

Prints pairwise precision/recall (run with ``-s`` to see them) and asserts a floor. The corpus
ingested twice must give the same ledger.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warledger.contract import ledger_event_to_dict
from warledger.link.evaluate import load_links, pairwise_scores, predicted_clusters
from warledger.model import ArticleResult, EventFilter, IngestError
from warledger.paths import sample_corpus_dir
from warledger.store import Ledger

pytestmark = pytest.mark.slow
CORPUS = sample_corpus_dir()


@pytest.fixture(scope="module")
def corpus_results() -> list[ArticleResult]:
    if not (CORPUS / "links.tsv").exists():
        pytest.skip("the sample corpus is not installed")
    from warledger.ingest import read_inputs
    from warledger.pipeline import process_document

    results = []
    for doc in read_inputs([str(CORPUS)]):
        assert not isinstance(doc, IngestError), str(doc)
        results.append(process_document(doc))
    return results


def test_linking_precision_and_recall_on_the_sample_corpus(corpus_results: list[ArticleResult],
                                                            tmp_path: Path) -> None:
    incidents, copies = load_links(CORPUS / "links.tsv")
    ledger = Ledger(f"sqlite:///{tmp_path / 'corpus.sqlite'}")
    summary = ledger.add_results(corpus_results)
    assert summary.stored == len(corpus_results) and not summary.failed
    events, groups = predicted_clusters(ledger, set(incidents))
    linking = pairwise_scores(incidents, {a: e for a, e in events.items() if a in incidents})
    everything = pairwise_scores(incidents, events)
    wire = pairwise_scores(copies, {a: g for a, g in groups.items() if a in copies})
    print(f"\nlinking (labelled articles): {linking}\nlinking (all articles): {everything}\nwire copies: {wire}")
    assert linking.precision >= 0.9 and everything.precision >= 0.85
    assert linking.recall >= 0.5
    assert wire.precision == 1.0 and wire.recall == 1.0
    ledger.close()


def test_the_corpus_ingested_twice_gives_the_same_ledger(corpus_results: list[ArticleResult], tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'twice.sqlite'}")
    ledger.add_results(corpus_results)
    first = [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())]
    stats = ledger.stats()
    again = ledger.add_results(corpus_results)
    assert again.duplicates == len(corpus_results) and again.stored == 0
    assert [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())] == first
    assert ledger.stats() == stats
    # and a fresh ledger fed the same corpus is the same ledger
    fresh = Ledger(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    fresh.add_results(corpus_results)
    assert [ledger_event_to_dict(le) for le in fresh.iter_events(EventFilter())] == first
    ledger.close()
    fresh.close()

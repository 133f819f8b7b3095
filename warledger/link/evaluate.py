"""Pairwise precision/recall of cross-article linking against a labelled set of linked reports.

The labelled set is the sample corpus's ``links.tsv`` (article_id, incident_id, copy_of). Two
articles are a true pair when they report a common incident; a predicted pair when the ledger
put a report of each into a common event. Near-duplicate detection is scored the same way on
the ``copy_of`` column against the ledger's source groups.

    python -m warledger.link.evaluate            # ingest the sample corpus into a temporary ledger
    python -m warledger.link.evaluate --sweep    # also try other link thresholds
"""

from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class PairScores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def pairs(clusters: dict[str, set[str]]) -> set[frozenset[str]]:
    """Article pairs that share at least one cluster label."""
    by_label: dict[str, set[str]] = defaultdict(set)
    for article, labels in clusters.items():
        for label in labels:
            by_label[label].add(article)
    out: set[frozenset[str]] = set()
    for members in by_label.values():
        out.update(frozenset(p) for p in itertools.combinations(sorted(members), 2))
    return out


def pairwise_scores(gold: dict[str, set[str]], predicted: dict[str, set[str]]) -> PairScores:
    g, p = pairs(gold), pairs(predicted)
    return PairScores(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def load_links(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Gold incidents per article, and gold wire-copy groups (article -> {original})."""
    incidents: dict[str, set[str]] = defaultdict(set)
    copies: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            incidents[row["article_id"]].add(row["incident_id"])
            original = row.get("copy_of") or row["article_id"]
            copies[row["article_id"]] = {original}
    return dict(incidents), copies


def corpus_article_id(article_id: str, source: str, known: Iterable[str]) -> str:
    """The corpus's own name for a stored article: its JSONL id, else its path inside the corpus."""
    if article_id in known:
        return article_id
    marker = "sample_corpus/"
    return source.split(marker, 1)[1] if marker in source else article_id


def predicted_clusters(ledger: Any, known: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Ledger events and source groups per article, keyed by the corpus's article ids."""
    import sqlalchemy as sa

    events: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, set[str]] = {}
    with ledger.engine.connect() as conn:
        names = {aid: corpus_article_id(aid, src, known) for aid, src in conn.execute(
            sa.text("SELECT article_id, source FROM article_versions"))}
        for aid, event_id in conn.execute(sa.text("SELECT article_id, event_id FROM reports WHERE superseded = false")):
            events[names[aid]].add(event_id)
        for aid, group in conn.execute(sa.text("SELECT id, source_group FROM articles")):
            groups[names[aid]] = {names.get(group, group)}
    return dict(events), groups


def evaluate_corpus(corpus: Path, thresholds: Iterable[float] | None = None) -> list[dict[str, Any]]:
    """Extract the corpus once, ingest it into a fresh ledger per threshold, score the links."""
    from warledger.ingest import read_inputs
    from warledger.model import IngestError
    from warledger.pipeline import process_document
    from warledger.store import Ledger

    incidents, copies = load_links(corpus / "links.tsv")
    results = []
    for doc in read_inputs([str(corpus)]):
        if isinstance(doc, IngestError):
            continue
        try:
            results.append(process_document(doc))
        except ValueError:
            continue
    out = []
    from warledger.link.similarity import LINK_THRESHOLD

    for threshold in thresholds or [LINK_THRESHOLD]:
        with tempfile.TemporaryDirectory() as tmp:
            ledger = Ledger(f"sqlite:///{tmp}/eval.sqlite")
            ledger.link_threshold = threshold
            ledger.add_results(results)
            events, groups = predicted_clusters(ledger, set(incidents))
            ledger.close()
        labelled = {a: e for a, e in events.items() if a in incidents}
        out.append({
            "threshold": threshold,
            "linking": pairwise_scores(incidents, labelled),
            "linking_all_articles": pairwise_scores(incidents, events),
            "near_duplicates": pairwise_scores(copies, {a: g for a, g in groups.items() if a in copies}),
        })
    return out


def main(argv: list[str] | None = None) -> None:
    from warledger.paths import sample_corpus_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=sample_corpus_dir())
    parser.add_argument("--sweep", action="store_true", help="try link thresholds from 0.45 to 0.80")
    args = parser.parse_args(argv)
    thresholds = [round(0.45 + 0.05 * i, 2) for i in range(8)] if args.sweep else None
    for row in evaluate_corpus(args.corpus, thresholds):
        print(f"link threshold {row['threshold']:.2f}")
        print(f"  linking, labelled articles:  {row['linking']}")
        print(f"  linking, all articles:       {row['linking_all_articles']}")
        print(f"  near-duplicate wire copies:  {row['near_duplicates']}")


if __name__ == "__main__":
    main()

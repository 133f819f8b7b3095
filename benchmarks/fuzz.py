"""On-demand fuzzing of extraction and the ingest parsers (Hypothesis at scale).

    .venv/bin/python benchmarks/fuzz.py --minutes 10 [--seed N] [--crashes fuzz-crashes.jsonl]

Three targets, round robin, each a Hypothesis test run for a batch of examples with a fresh seed:

* ``extract``: news-like text built from conflict vocabulary, hostile numbers ("9999999999",
  "-5", "1,000,000"), dates in year 0001/9999, right-to-left text, emoji, zero-width and control
  characters, through ``process_document`` (clean -> extract -> geocode);
* ``html``: the same prose inside random, sometimes deep or broken, markup;
* ``feed``: RSS/Atom bytes with random items, broken XML, DOCTYPEs and entity declarations,
  through ``read_bytes`` and then ``process_document`` for every entry.

What counts as a crash: any exception other than the documented one-line ``ValueError`` of
``process_document``, a multi-line error message, or an output that breaks an invariant
(evidence spans inside the cleaned text and equal to their ``text``; low <= best <= high;
date start <= end). Each crash (shrunk by Hypothesis) is printed and appended to ``--crashes``;
the run carries on. The last line prints the number of inputs tried and crashes found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reliability"))

from hostile_generators import feed_bytes, html_pages, news_texts  # noqa: E402
from result_invariants import check_result  # noqa: E402

from warledger.ingest import read_bytes  # noqa: E402
from warledger.model import IngestError, RawDocument  # noqa: E402
from warledger.pipeline import process_document  # noqa: E402

TRIED = {"extract": 0, "html": 0, "feed": 0}


def run_document(raw: RawDocument) -> None:
    """One document through the pipeline; a one-line ValueError is an accepted outcome."""
    try:
        result = process_document(raw)
    except ValueError as exc:
        if "\n" in str(exc) or not str(exc).strip():
            raise AssertionError(f"error message is not one line: {exc!r}") from exc
        return
    check_result(result)


def target_extract(text: str) -> None:
    TRIED["extract"] += 1
    run_document(RawDocument(source="<fuzz>", text=text, format="text"))


def target_html(page: str) -> None:
    TRIED["html"] += 1
    for item in read_bytes("fuzz.html", page.encode("utf-8", "surrogatepass"), "html"):
        if isinstance(item, RawDocument):
            run_document(item)


def target_feed(data: bytes) -> None:
    TRIED["feed"] += 1
    for item in read_bytes("fuzz.xml", data, "feed"):
        if isinstance(item, IngestError):
            assert "\n" not in item.message, item.message
        else:
            run_document(item)


TARGETS: dict[str, tuple[st.SearchStrategy, Callable]] = {
    "extract": (news_texts(), target_extract),
    "html": (html_pages(), target_html),
    "feed": (feed_bytes(), target_feed),
}


def run_batch(name: str, seed: int, examples: int) -> str | None:
    """One Hypothesis run of ``examples`` inputs; the shrunk failure as text, or None."""
    strategy, body = TARGETS[name]
    test = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                    phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
                    print_blob=False)(given(strategy)(body))
    from hypothesis import seed as hseed

    try:
        hseed(seed)(test)()
    except Exception:  # the fuzzer's job is to catch everything and report it
        return traceback.format_exc(limit=12)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--batch", type=int, default=200, help="examples per Hypothesis run")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes.jsonl"))
    args = parser.parse_args()

    deadline = time.monotonic() + args.minutes * 60
    crashes = 0
    seed = args.seed
    started = time.monotonic()
    while time.monotonic() < deadline:
        for name in TARGETS:
            failure = run_batch(name, seed, args.batch)
            seed += 1
            if failure:
                crashes += 1
                print(f"CRASH in {name} (seed {seed - 1}):\n{failure}", flush=True)
                with args.crashes.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"target": name, "seed": seed - 1, "report": failure}) + "\n")
            if time.monotonic() >= deadline:
                break
        elapsed = time.monotonic() - started
        print(f"{elapsed:7.0f} s  tried {sum(TRIED.values())} ({TRIED})  crashes {crashes}", flush=True)
    total = sum(TRIED.values())
    print(f"fuzz: {total} inputs tried in {time.monotonic() - started:.0f} s "
          f"(extract {TRIED['extract']}, html {TRIED['html']}, feed {TRIED['feed']}); crashes: {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())

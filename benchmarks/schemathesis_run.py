"""On-demand schemathesis run against the API's OpenAPI schema, deeper than the suite's.

    .venv/bin/python benchmarks/schemathesis_run.py [--examples 200] [--seed N]

Builds the real app (``create_app``) over a fresh SQLite ledger holding a few articles ingested
through the real pipeline, then runs every operation of the schema in-process with ``--examples``
generated requests per generation mode (schema-conforming and schema-breaking) and credential
variant (``POST`` without and with the operator's token). Checks: no 5xx, responses match their
declared schemas. Prints a table per operation (cases, seconds, status codes), then the operations
tested, cases tried and failures (each with a curl command to reproduce); exits 1 on any failure.
The shared driver is ``tests/reliability/schema_fuzz.py``; the bounded in-suite run is
``tests/reliability/test_api_schema_fuzz.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reliability"))

from schema_fuzz import format_report, fuzz_api_schema  # noqa: E402

from warledger.api import create_app  # noqa: E402
from warledger.pipeline import extract_text  # noqa: E402
from warledger.store import Ledger  # noqa: E402

TOKEN = "schemathesis-run-token"
ARTICLES = [
    "Shelling killed at least 12 civilians in Kharkiv on Tuesday, the regional governor said.",
    "Militants killed five soldiers in an ambush near Gao in northern Mali on Monday, the army said.",
    "An air strike on a market in El Fasher killed 23 people and wounded dozens on Sunday, medics said.",
    "Police fired tear gas at hundreds of protesters in Nairobi on Thursday; two people died, witnesses said.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="generated requests per operation, mode and variant")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="warledger-schemathesis-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'ledger.sqlite'}"
        ledger = Ledger(url)
        try:
            ledger.add_results(extract_text(text, published="2026-03-10") for text in ARTICLES)
        finally:
            ledger.close()
        app = create_app(url, token=TOKEN, writes_per_minute=0)
        started = time.perf_counter()
        report = fuzz_api_schema(app, TOKEN, max_examples=args.examples, seed=args.seed)
        elapsed = time.perf_counter() - started
    print(format_report(report))
    print(f"schemathesis: {report.operations} operations, {report.cases} cases in {elapsed:.0f} s "
          f"(seed {args.seed}, {args.examples} examples per operation, mode and variant); "
          f"5xx: {report.server_errors()}; failures: {len(report.failures)}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

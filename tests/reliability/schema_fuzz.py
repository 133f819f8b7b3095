"""Schemathesis over the app's own OpenAPI schema: generated requests for every operation, no 5xx allowed.

Shared by ``test_api_schema_fuzz.py`` (bounded, in the suite) and ``benchmarks/schemathesis_run.py``
(on demand, deeper). Every operation in the schema is exercised in-process (ASGI, no socket) with
requests that fit the schema (positive) and requests that break it (negative); ``POST`` operations
run once without a token and once with the operator's token, so the write path (clean, extract,
geocode, link, store) is fuzzed too. Checks per response: not a server error, and the response
matches its declared schema where the operation declares one. A failure is recorded with its
reproduction (curl) and the run carries on, so one report lists everything found.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance]
MAX_FAILURES_KEPT = 5  # per operation and variant: enough to see a pattern, short enough to read


@dataclass
class OperationRun:
    """What one operation (with one set of credentials) answered to the generated requests."""

    label: str
    variant: str
    cases: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@dataclass
class SchemaFuzzReport:
    runs: list[OperationRun]

    @property
    def operations(self) -> int:
        return len({run.label for run in self.runs})

    @property
    def cases(self) -> int:
        return sum(run.cases for run in self.runs)

    @property
    def failures(self) -> list[str]:
        return [f"{run.label} ({run.variant}): {failure}" for run in self.runs for failure in run.failures]

    def server_errors(self) -> int:
        return sum(count for run in self.runs for status, count in run.statuses.items() if status >= 500)


def fuzz_api_schema(app: Any, token: str, max_examples: int = 25, seed: int | None = 0,
                    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
                    ) -> SchemaFuzzReport:
    """Run every operation of ``app``'s schema with ``max_examples`` generated requests per mode and variant."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    runs: list[OperationRun] = []
    with asgi.get_client(app) as client:  # one in-process client for the run, not one per request
        for result in schema.get_all_operations():
            runs.extend(_run_operation_variants(result.ok(), client, token, max_examples, seed, modes))
    return SchemaFuzzReport(runs)


def _run_operation_variants(operation: Any, client: Any, token: str, max_examples: int, seed: int | None,
                            modes: tuple[GenerationMode, ...]) -> list[OperationRun]:
    runs = []
    variants: list[tuple[str, dict[str, str]]] = [("anonymous", {})]
    if operation.method.upper() != "GET":
        variants.append(("with token", {"Authorization": f"Bearer {token}"}))
    for variant, headers in variants:
        run = OperationRun(operation.label, variant)
        started = time.perf_counter()
        for mode in modes:
            _run_operation(operation, client, mode, headers, run, max_examples, seed)
        run.seconds = time.perf_counter() - started
        runs.append(run)
    return runs


def _run_operation(operation: Any, client: Any, mode: GenerationMode, headers: dict[str, str], run: OperationRun,
                   max_examples: int, seed: int | None) -> None:
    def one_case(case: Any) -> None:
        if headers:  # the credentials are fixed; negative mode may have generated its own header values
            case.headers = {**(case.headers or {}), **headers}
        run.cases += 1
        try:
            response = case.call(session=client)
        except Exception as exc:  # the app raised through its own error handler: a 500 the client saw
            run.statuses[500] += 1
            curl = next((line.strip() for note in getattr(exc, "__notes__", []) for line in note.splitlines()
                         if line.strip().startswith("curl ")), "")
            _keep(run, f"{mode.value}: unhandled {type(exc).__name__}: {exc}; {curl}".rstrip("; "))
            return
        run.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises its Failure (group) types; keep it, go on
            _keep(run, f"{mode.value}: {_summary(exc)}")

    test = settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                    print_blob=False)(given(operation.as_strategy(generation_mode=mode))(one_case))
    if seed is not None:
        test = hypothesis_seed(seed)(test)
    try:
        test()
    except Unsatisfiable:  # nothing in this operation can be made invalid (no parameters): no negative cases
        pass
    except Exception as exc:  # e.g. a strategy that cannot be built for this mode: report, not crash the run
        _keep(run, f"{mode.value}: generation stopped: {type(exc).__name__}: {str(exc).strip()[:300]}")


def _summary(exc: BaseException) -> str:
    """One line from schemathesis's report: the checks that failed, the status and the curl to reproduce."""
    lines = [line.strip() for line in str(exc).splitlines()]
    checks = [line[2:] for line in lines if line.startswith("- ")]
    status = next((line for line in lines if line.startswith("[") and "]" in line), "")
    curl = next((line for line in lines if line.startswith("curl ")), "")
    return "; ".join(part for part in (", ".join(checks) or (lines[0] if lines else repr(exc)), status, curl) if part)


def _keep(run: OperationRun, failure: str) -> None:
    if len(run.failures) < MAX_FAILURES_KEPT and failure not in run.failures:
        run.failures.append(failure)


def format_report(report: SchemaFuzzReport) -> str:
    """A table of operations, cases and status codes, then every failure kept."""
    lines = [f"{'operation':<34} {'variant':<11} {'cases':>6} {'seconds':>8}  statuses"]
    for run in report.runs:
        statuses = " ".join(f"{status}x{count}" for status, count in sorted(run.statuses.items()))
        lines.append(f"{run.label:<34} {run.variant:<11} {run.cases:>6} {run.seconds:>8.1f}  {statuses}")
    lines.append(f"operations tested: {report.operations} ({len(report.runs)} with credential variants); "
                 f"cases tried: {report.cases}; 5xx responses: {report.server_errors()}; "
                 f"failures: {len(report.failures)}")
    lines.extend(f"FAILURE {failure}" for failure in report.failures)
    return "\n".join(lines)

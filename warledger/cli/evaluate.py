"""``warledger eval``: run extraction over gold files and print per-field metrics and the worst misses."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from warledger.cli.common import conventions_option, error_line, progress
from warledger.eval.metrics import Metrics, metrics_to_dict, worst_misses
from warledger.eval.run import FileResult, evaluate_file, merge

# the fields in the order they are printed; score.py's fields first
FIELD_ORDER = ["killed", "killed_pos", "killed_within10", "wounded", "wounded_pos", "wounded_within10",
               "event_type", "sub_event_type", "country", "within_25km", "within_100km", "date"]
TYPE_ABBREVIATIONS = {
    "Battles": "Battles",
    "Explosions/Remote violence": "Explos",
    "Violence against civilians": "VAC",
    "Protests": "Protests",
    "Riots": "Riots",
    "Strategic developments": "StratDev",
    "(none)": "(none)",
}


def _abbrev(name: str) -> str:
    return TYPE_ABBREVIATIONS.get(name, name[:8])


def format_metrics(title: str, metrics: Metrics, seconds: float | None = None) -> str:
    """The human-readable report of one set of metrics."""
    lines = []
    timing = f" in {seconds:.1f} s ({metrics.records / seconds:.1f} records/s)" if seconds else ""
    lines.append(f"== {title}: {metrics.records} records, {metrics.answered} answered{timing}")
    lines.append(f"{'field':18s} {'score':>6s} {'n':>6s}")
    names = [f for f in FIELD_ORDER if metrics.tries[f]] + sorted(set(metrics.tries) - set(FIELD_ORDER))
    for name in names:
        lines.append(f"{name:18s} {metrics.hits[name] / metrics.tries[name]:6.3f} {metrics.tries[name]:6d}")
    if metrics.confusion:
        predicted = sorted({p for row in metrics.confusion.values() for p in row})
        lines.append("event type confusion (rows: gold, columns: predicted)")
        lines.append(f"{'':10s}" + "".join(f"{_abbrev(p):>9s}" for p in predicted))
        for gold, row in sorted(metrics.confusion.items()):
            lines.append(f"{_abbrev(gold):10s}" + "".join(f"{row.get(p, 0):9d}" for p in predicted))
    if metrics.geo_tries:
        lines.append("location by gold geo_precision")
        for bucket, n in sorted(metrics.geo_tries.items()):
            hits = metrics.geo_hits[bucket]
            lines.append(f"  precision {bucket}: n={n:5d}  within_25km {hits['within_25km'] / n:.3f}"
                         f"  within_100km {hits['within_100km'] / n:.3f}")
    return "\n".join(lines)


def format_misses(misses: list[dict[str, Any]]) -> str:
    lines = ["worst misses"]
    for m in misses:
        text = " ".join(m["text"].split())
        lines.append(f"  {m['id']}  {m['field']}: gold {m['gold']!r}, predicted {m['predicted']!r}  | {text}")
    return "\n".join(lines)


@click.command("eval")
@click.argument("gold_files", nargs=-1, required=True, metavar="GOLD.jsonl...")
@conventions_option("acled")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--worst", type=click.IntRange(min=0), default=15, show_default=True,
              help="How many of the worst misses to list.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records of each file.")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the extraction output (one JSON line per record) to this file.")
def eval_command(gold_files: tuple[str, ...], as_json: bool, worst: int, limit: int | None,
                 output_path: str | None) -> None:
    """Run extraction over gold files (shared/eval format) and print per-field metrics.

    Killed/wounded exact and within 10 %, event type accuracy with a confusion matrix, country,
    location within 25/100 km (also by gold geo_precision) and date, computed as shared/eval/score.py
    does; then the worst misses.
    """
    out_handle: IO[str] | None = None
    if output_path:
        try:
            out_handle = open(output_path, "w", encoding="utf-8")
        except OSError as exc:
            error_line(f"{output_path}: cannot write ({exc.strerror})")
            sys.exit(1)

    def write_output(doc: dict[str, Any]) -> None:
        if out_handle is not None:
            out_handle.write(json.dumps(doc, ensure_ascii=False) + "\n")

    def bar(items: Iterator[Any], total: int) -> Iterator[Any]:
        return progress(items, desc="eval", total=total)

    results: list[FileResult] = []
    failed_files = 0
    try:
        for path in gold_files:
            try:
                results.append(evaluate_file(path, limit=limit, on_error=error_line, on_output=write_output, wrap=bar))
            except (FileNotFoundError, IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
                failed_files += 1
                error_line(str(exc) if isinstance(exc, FileNotFoundError) else f"{path}: cannot read ({exc})")
    finally:
        if out_handle is not None:
            out_handle.close()
    if not results:
        sys.exit(1)

    overall = merge(results) if len(results) > 1 else results[0].metrics
    seconds = sum(r.seconds for r in results)
    if as_json:
        payload = metrics_to_dict(overall, worst=worst)
        payload["seconds"] = round(seconds, 2)
        payload["files"] = {
            r.path: {**metrics_to_dict(r.metrics), "seconds": round(r.seconds, 2), "errors": len(r.errors)}
            for r in results
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for r in results:
            click.echo(format_metrics(r.path, r.metrics, r.seconds))
            click.echo()
        if len(results) > 1:
            click.echo(format_metrics("all files", overall, seconds))
            click.echo()
        if worst:
            click.echo(format_misses(worst_misses(overall, worst)))
    if failed_files:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(eval_command)

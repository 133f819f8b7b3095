"""``warledger extract``: print the output contract for each input article."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from warledger.cli.common import conventions_option, error_line, progress
from warledger.contract import article_result_to_dict
from warledger.ingest import read_inputs
from warledger.ingest.address_guard import PUBLIC_ONLY_HELP
from warledger.model import IngestError, RawDocument
from warledger.pipeline import BATCH_SIZE, process_documents_batch


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one pretty JSON object per article (a list when several); jsonl: one line per article.")
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "feed", "jsonl"]), default="auto",
              show_default=True, help="How to read the inputs; auto decides from extension and content.")
@click.option("--published", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date to use for every input (overrides what the input says).")
@conventions_option("news")
@click.option("--with-text", is_flag=True, help="Include the cleaned article text (evidence offsets index into it).")
@click.option("--public-only/--allow-private", "public_only", default=None, help=PUBLIC_ONLY_HELP)
def extract_command(paths: tuple[str, ...], fmt: str, input_format: str, published: dt.date | None,
                    with_text: bool, public_only: bool | None) -> None:
    """Extract events from articles: files, directories, feeds, JSON Lines, or - for stdin.

    Prints the JSON output contract (see README). Bad inputs are reported one line each on
    stderr; the rest still run, and the exit status is 1 when any input failed.
    """
    failures = 0
    results = []

    def emit(chunk: list[RawDocument | IngestError]) -> None:
        # one extraction batch per chunk; each item's output or error line in input order, as one by one
        nonlocal failures
        docs = [item for item in chunk if not isinstance(item, IngestError)]
        processed = iter(process_documents_batch(docs, published=published))
        for item in chunk:
            if isinstance(item, IngestError):
                failures += 1
                error_line(str(item))
                continue
            result = next(processed)
            if isinstance(result, ValueError):
                failures += 1
                error_line(f"{item.source}: {result}")
                continue
            if isinstance(result, Exception):
                raise result
            doc = article_result_to_dict(result, with_text=with_text)
            if item.id is not None:
                doc["id"] = item.id  # JSONL input: the output line carries the input's id
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                results.append(doc)

    chunk: list[RawDocument | IngestError] = []
    for item in progress(read_inputs(list(paths), input_format, public_only), desc="extract"):
        chunk.append(item)
        if len(chunk) >= BATCH_SIZE:  # one spaCy batch per chunk, as every batching caller
            emit(chunk)
            chunk = []
    emit(chunk)
    if fmt == "json" and results:
        payload = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failures:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(extract_command)

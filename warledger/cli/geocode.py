"""``warledger geocode`` (look a place up) and ``warledger gazetteer build`` (make the offline index)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from warledger import paths
from warledger.cli.common import error_line


@click.command("geocode")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Most candidates to print.")
@click.option("--country", "countries", multiple=True, metavar="CODE",
              help="A country the text is about (ISO code or name); repeatable.")
def geocode_command(query: str, fmt: str, limit: int, countries: tuple[str, ...]) -> None:
    """Candidates for a place name, best first: "Tavush province, Armenia", "Tripoli, Lebanon".

    Parts after a comma narrow the search to a country or an admin area.
    """
    from warledger.geo import GazetteerError, geocode

    try:
        found = geocode(query, limit=limit, context_countries=list(countries))
    except GazetteerError as exc:
        error_line(str(exc))
        sys.exit(2)
    rows = [{"name": loc.name, "country": loc.country, "country_code": loc.country_code, "admin1": loc.admin1,
             "lat": loc.lat, "lon": loc.lon, "precision": loc.precision, "geonameid": loc.geonameid,
             "score": loc.score} for loc in found]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif rows:
        header = ("name", "country_code", "admin1", "lat", "lon", "precision", "score")
        table = [header] + [tuple("" if r[k] is None else str(r[k]) for k in header) for r in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        error_line(f"{query!r}: no place of that name in the gazetteer")
        sys.exit(1)


@click.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer index (GeoNames places, admin areas, conflict regions)."""


@gazetteer_group.command("build")
@click.option("--geonames", type=click.Path(dir_okay=False, path_type=Path),
              help="A GeoNames dump (allCountries.zip, cities500.zip or .txt); default: the packaged cities500.")
@click.option("--alternate-names", type=click.Path(dir_okay=False, path_type=Path),
              help="GeoNames alternateNamesV2.zip (or .txt) for more spellings.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the index (default: the data directory, or $WARLEDGER_GAZETTEER).")
@click.option("--if-missing", is_flag=True,
              help="Do nothing when a usable, up-to-date index already exists (an older build is rebuilt).")
def build_command(geonames: Path | None, alternate_names: Path | None, output: Path | None, if_missing: bool) -> None:
    """Build the gazetteer index (a few seconds for the packaged data)."""
    from warledger.geo.build import build_index
    from warledger.geo.gazetteer import reset_gazetteer_cache

    target = output or paths.gazetteer_path()
    if if_missing and target.exists():
        reason = _why_rebuild(target)
        if reason is None:
            click.echo(f"gazetteer: {target} exists", err=True)
            return
        click.echo(f"gazetteer: {target} {reason}; rebuilding", err=True)
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="gazetteer", unit=" items", file=sys.stderr, leave=False)

    def step(label: str, n: int) -> None:
        if bar is not None:
            bar.set_postfix_str(label)
            bar.update(n)

    try:
        figures = build_index(target, geonames=geonames, alternate_names=alternate_names, progress=step)
    except (ValueError, OSError) as exc:
        error_line(str(exc))
        sys.exit(1)
    finally:
        if bar is not None:
            bar.close()
    reset_gazetteer_cache(target)
    click.echo(f"gazetteer: {target}: {figures['places']:,} places, {figures['aliases']:,} names, "
               f"{figures['bytes'] / 1e6:.1f} MB in {figures['seconds']:.1f} s", err=True)
    if figures.get("district_fallbacks"):
        click.echo(f"gazetteer: {figures['district_fallbacks']} districts resolve to their province (admin1; no "
                   "headquarters town in the data; listed in the index's meta 'district_fallbacks')", err=True)


def _why_rebuild(path: Path) -> str | None:
    """Why an existing index must be rebuilt even with --if-missing (None: keep it): unreadable, from
    another schema, or built from older content (it still opens, but lacks what later builds add)."""
    from warledger.geo.build import CONTENT_VERSION
    from warledger.geo.gazetteer import Gazetteer, GazetteerError

    try:
        found = Gazetteer(path).content_version
    except GazetteerError:
        return "is unreadable or from another warledger version"
    if found < CONTENT_VERSION:
        return f"has content version {found}, this warledger builds {CONTENT_VERSION}"
    return None


def register(group: click.Group) -> None:
    group.add_command(geocode_command)
    group.add_command(gazetteer_group)

"""Geocoder speed: index build time, look-ups per second, and articles per second.

    .venv/bin/python benchmarks/geocode.py [--build] [--rounds N]

Look-ups are timed cold (new names, SQLite) and warm (cached), with a plain dict look-up of the
same names in the same process as the baseline. ``--build`` also times a full index build into a
temporary file. Prints a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from warledger.geo import geocode_events, get_gazetteer
from warledger.geo.build import build_index
from warledger.geo.gazetteer import Gazetteer
from warledger.geo.rules import normalize_name
from warledger.model import Article, Event, Evidence
from warledger.paths import gazetteer_path, sample_corpus_dir

NAMES = ["Vienna", "Tripoli", "Karabakh", "Donetsk", "Idlib", "Ghazni", "Kraków", "Mariupol", "Kunduz", "Sanaa",
         "Maiduguri", "Goma", "North Waziristan", "Gaza Strip", "Kherson", "Aleppo", "Peshawar", "Mosul", "Kabul",
         "Khartoum", "Barasat", "Tavush", "Georgia", "Hyderabad", "Paris", "Alexandria", "Qwertzuiop"]


def _sample_texts() -> list[str]:
    """The bundled sample corpus (JSON Lines articles and plain-text files)."""
    corpus = sample_corpus_dir()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((corpus / "text").glob("*.txt"))]
    jsonl = corpus / "articles.jsonl"
    if jsonl.exists():
        texts += [json.loads(line)["text"] for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _best_rate(step, rounds: int, per_round: int, repeats: int = 3) -> float:
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(rounds):
            step()
        best = max(best, rounds * per_round / (time.perf_counter() - started))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="store_true", help="also time a full index build")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    rows: list[tuple[str, str]] = []
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            figures = build_index(Path(tmp) / "g.sqlite")
        rows.append(("index build (packaged cities500)", f"{figures['seconds']:.1f} s"))
        rows.append(("index size", f"{figures['bytes'] / 1e6:.1f} MB, {figures['places']:,} places, "
                                   f"{figures['aliases']:,} names"))

    started = time.perf_counter()
    gaz = Gazetteer(gazetteer_path()) if gazetteer_path().exists() else get_gazetteer()
    rows.append(("open index", f"{(time.perf_counter() - started) * 1000:.1f} ms"))

    keys = [normalize_name(n) for n in NAMES]
    baseline_dict = {k: (k,) for k in keys}
    # cold: every call goes to SQLite (the cache is bypassed); warm: the per-process cache, as in a
    # long extraction run; baseline: a plain dict of the same keys. Best of 3 (the machine is shared).
    cold = _best_rate(lambda: [gaz._lookup(k) for k in keys], args.rounds, len(keys))
    gaz.lookup.cache_clear()
    warm = _best_rate(lambda: [gaz.lookup(k) for k in keys], args.rounds * 10, len(keys))
    plain = _best_rate(lambda: [baseline_dict.get(k) for k in keys], args.rounds * 10, len(keys))
    rows.append(("look-ups/s, SQLite (uncached)", f"{cold:,.0f}  ({plain / cold:,.0f}x slower than a dict)"))
    rows.append(("look-ups/s, cached", f"{warm:,.0f}  ({plain / warm:,.1f}x slower than a dict)"))
    rows.append(("look-ups/s, plain dict (baseline)", f"{plain:,.0f}"))

    texts = _sample_texts()
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    started = time.perf_counter()
    words = 0
    for article in articles:
        evidence = [Evidence(0, min(200, len(article.text)), article.text[:200])]
        geocode_events(article, [Event(id="e", evidence=evidence)])
        words += len(article.text.split())
    elapsed = time.perf_counter() - started
    rows.append(("articles/s through geocode_events", f"{len(articles) / elapsed:,.1f}  "
                                                       f"({words / elapsed:,.0f} words/s, {len(articles)} articles)"))

    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()

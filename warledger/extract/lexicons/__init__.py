"""The word lists extraction reads, one plain-text file per lexicon (``#`` starts a comment line).

The logic that uses them lives in the ``warledger.extract`` modules named after each list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of ``lexicons/<name>``, comments and blank lines skipped."""
    rows = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def read_words(name: str) -> frozenset[str]:
    """The first column of ``lexicons/<name>`` as a set of lower-cased words."""
    return frozenset(row[0].lower() for row in read_rows(name))

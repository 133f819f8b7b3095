"""Is the first line of a plain-text article its headline?"""

from __future__ import annotations

import re

from warledger.clean.credits import is_credit_line, is_junk_line

HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 160
_NOT_HEADLINE_END = re.compile(r"[.,;:]$")


def is_headline(line: str, alone: bool = True) -> bool:
    """A short line on its own (followed by a blank line), starting like a title, with no final period.

    Headlines may end with "?" or "!" or a closing quote, never with "." (that is a sentence),
    "," or ":" (a label such as "Related:").
    """
    line = line.strip()
    words = line.split()
    return (
        alone
        and 2 <= len(words) <= HEADLINE_MAX_WORDS
        and len(line) <= HEADLINE_MAX_CHARS
        and (line[0].isupper() or line[0].isdigit() or line[0] in "‘“'\"")
        and not _NOT_HEADLINE_END.search(line)
        and not is_credit_line(line)
        and not is_junk_line(line)
    )

"""Credit lines and page junk: the lines a news text carries that are not news.

Everything here matches one whole line (or paragraph). The lexicons are the constants at the
top; the functions below them are the rules that read them.

* credit line: a wire or photo credit, "X and Agencies", a byline, "(Reporting by ...)";
* junk line: page furniture that can appear anywhere ("Advertisement", "Share this article",
  "Read more: ...");
* trailing fragment: a short line at the very end that is not a sentence ("Route 6",
  "Darfur", "Related:"), left over when an article was copied from a page.
"""

from __future__ import annotations

import re

# news and photo agencies whose name alone on a line is a credit
AGENCIES = (
    "Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "Agence France Presse", "Anadolu Agency",
    "Anadolu", "AA", "dpa", "DPA", "EFE", "EPA", "EPA-EFE", "Xinhua", "TASS", "RIA Novosti", "Interfax", "UNIAN",
    "Ukrinform", "Sputnik", "IRNA", "WAFA", "ANI", "PTI", "Bloomberg", "Getty Images", "Getty", "Shutterstock",
    "Alamy", "NurPhoto", "SOPA Images", "Anadolu via Getty Images", "AFP via Getty Images", "Handout",
    "Reuters TV", "APTN", "Trend", "APA", "Azertac", "Armenpress",
)
# lines of page furniture, matched case-insensitively as the whole line (after trimming)
JUNK_LINES = (
    r"advertisement", r"advertising", r"sponsored( content)?", r"share( this( article| story| page)?)?",
    r"share on (facebook|twitter|x|whatsapp|linkedin|telegram)", r"tweet", r"email( this( story| article)?)?",
    r"print( this( article| page)?)?", r"comments?", r"\d+ comments?", r"(show|view|load) (more )?comments",
    r"related( stories| articles| content| coverage)?:?", r"more on this( story)?:?", r"see also:?",
    r"read more:?", r"read next:?",
    r"(also read|read also|read more|see also|related|watch|listen|more)\s*:\s*.{1,150}",
    r"(follow|like) us on .{1,60}", r"sign up( for .{1,80})?", r"subscribe( now| to .{1,80})?",
    r"click here.{0,80}", r"story continues below( advertisement)?", r"skip (to main content|advertisement)",
    r"back to top", r"top stories", r"most read", r"trending", r"tags?:.{0,200}", r"topics?:.{0,200}",
    r"(copyright|©).{0,120}", r"all rights reserved\.?", r"image (source|caption|copyright)[,:]? .{0,80}",
    r"media caption.{0,120}",
    r"(\d+|one|two|three|four|five) min(ute)?s? read", r"listen to (this|the) article.{0,40}",
    r"(last )?updated:? (on )?(\w+,? )?(\d{1,2} \w+|\w+ \d{1,2}),? \d{4}.{0,25}",
)

_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
_NAME_WORD = r"[A-Z][\w.'’\-]*"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}"
_CREDIT_PATTERNS = [
    # "Reuters", "(AFP)", "AFP/Getty Images", "Reuters / AP", "EPA-EFE", "— AP"
    re.compile(rf"^(?:[-–—]\s*)?\(?(?:{_AGENCY})(?:\s*[/,]\s*(?:{_AGENCY}))*\)?\.?$"),
    # "TRT World and Agencies", "Al Jazeera and news agencies", "Staff and agencies", "Sahel Observer with agencies"
    re.compile(rf"^(?:{_NAME}|[Ss]taff) (?:and|&|with) (?:news |wire )?[Aa]gencies\.?$"),
    # "Kinshasa Courier with GWS", "Staff with Reuters"
    re.compile(rf"^(?:{_NAME}|[Ss]taff) (?:(?:and|&|with) (?:{_AGENCY})|with [A-Z]{{2,6}})$"),
    re.compile(r"^\(?(?:[Aa]gencies|[Ww]ith agencies|[Ww]ire services)\)?\.?$"),
    # an outlet's or wire's abbreviation alone in brackets: "(GWS)", "(NNA)"
    re.compile(r"^\([A-Z]{2,6}\)$"),
    # "Photo: Reuters/Stringer", "Picture credit - John Smith", "Photograph by Anna Lee"
    re.compile(r"^\(?(?:photo(?:graph)?s?|pictures?|images?|video|photo credit|image credit|credit)"
               r"(?:\s*[:\-–—/]\s*|\s+by\s+)\S.{0,80}\)?$", re.IGNORECASE),
    # "Ammar Awad/Reuters", "Sergei Supinsky/AFP via Getty Images", "AP Photo/Efrem Lukatsky"
    re.compile(rf"^(?:{_NAME}\s*/\s*(?:{_AGENCY})(?: via Getty Images)?|(?:AP|AFP|Reuters) Photo\s*/\s*{_NAME})\.?$"),
    # "(Reporting by Pavel Polityuk; Editing by Ros Russell)", "Additional reporting by ..."
    re.compile(r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated)(?: by)? .{1,200}\)?\.?$",
               re.IGNORECASE),
    # bylines: "By Amadou Keita and Claire Dumont", "By Jane Doe, Staff Reporter", "By Jane Doe in Kyiv"
    re.compile(rf"^[Bb]y {_NAME}(?:(?:,| and| &) {_NAME})*(?:,? (?:in|for) {_NAME}|, {_NAME})?$"),
]
_JUNK = re.compile(rf"^(?:{'|'.join(JUNK_LINES)})$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")

TRAILING_FRAGMENT_MAX_WORDS = 5
TRAILING_FRAGMENT_MAX_CHARS = 40


def is_credit_line(line: str) -> bool:
    """A photo/wire credit, "X and Agencies", a byline or a "(Reporting by ...)" line."""
    line = line.strip()
    if not line or len(line) > 220:
        return False
    if line.lower().startswith(("by ", "photo", "picture", "image", "video", "credit")) and len(line) > 100:
        return False  # a long line starting "By ..." or "Photos show ..." is a sentence, not a credit
    return any(p.match(line) for p in _CREDIT_PATTERNS)


def is_junk_line(line: str) -> bool:
    """Page furniture such as "Advertisement", "Share this article" or "Read more: ..."."""
    line = line.strip()
    return bool(line) and len(line) <= 200 and bool(_JUNK.match(line)) and not _is_long_sentence(line)


def is_trailing_fragment(line: str) -> bool:
    """A short line that is not a sentence: at most five words, no sentence-final punctuation."""
    line = line.strip()
    return (
        bool(line)
        and len(line.split()) <= TRAILING_FRAGMENT_MAX_WORDS
        and len(line) <= TRAILING_FRAGMENT_MAX_CHARS
        and not _SENTENCE_END.search(line)
    )


def _is_long_sentence(line: str) -> bool:
    # "Watch: ..." or "Updated ..." followed by a real sentence is not furniture when it is long prose
    return len(line.split()) > 25 and bool(_SENTENCE_END.search(line))

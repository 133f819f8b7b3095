"""Hypothesis strategies for hostile but news-shaped input (used by the property tests and benchmarks/fuzz.py).

Text is assembled from conflict-report fragments so extraction's deep paths run (casualty
figures, claims, dates, places), mixed with what the open web serves: absurd numbers, dates in
year 0001 and 9999, right-to-left scripts, emoji, zero-width and control characters.
"""

from __future__ import annotations

from hypothesis import strategies as st

NUMBERS = ["0", "-5", "1,000,000", "9999999999", "99999999999999999999", "3.5", "1.000", "12", "seventeen",
           "a hundred and twelve", "two dozen", "dozens", "hundreds", "nearly 170", "at least 30",
           "more than a hundred",
           "between 5 and 3", "3-5", "10 to 12", "one million", "a billion", "zero", "none", "1e9", "0x10", "½", "١٢"]
SUBJECTS = ["civilians", "soldiers", "police officers", "militants", "people", "servicemen", "children",
            "fighters", "peacekeepers", "residents", "tanks", "armoured vehicles", "drones", "aircraft"]
VERBS = ["were killed", "were wounded", "died", "are missing", "were abducted", "were displaced", "were destroyed",
         "were captured", "killed", "injured", "lost", "fled"]
CLAIMANTS = ["the defence ministry said", "according to local officials", "Baku announced", "the army said",
             "a spokesman told Reuters", "witnesses said", ""]
DATES = ["on Tuesday", "on 1 January 0001", "on 31 December 9999", "9999-12-31", "0001-01-01", "on 29 February 2023",
         "last week", "in the past two days", "since clashes broke out", "in 1988", "on 12/31/9999", "(between 30 April"
         " and 2 May)", "over the weekend", "the early hours of Monday", "on 32 March", "next month", "in the 1990s",
         "on Monday 0 January", "in year 10000"]
PLACES = ["in Tavush", "near Donetsk", "in Idlib province", "in Gaza", "in El Fasher", "in the village of Xyzzyq",
          "in Kyiv", "in South Sudan", "on the outskirts of Mosul", "in Nagorno-Karabakh"]
ODD = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u00ad", "\ufffd", "\u0000", "\u0007", "\x85", "\u2028",
       "\u2029", "\r", "\t", "\U0001f4a5", "\U0001f1fa\U0001f1e6", "\U0001f469\u200d\U0001f467", "\u0301",
       "\uffff", "الجيش قتل ١٢ مدنيا", "נהרגו 5 חיילים", "Погибли 12 мирных жителей",
       "死亡12人", " ", "\n", "\n\n", "...", "\"", "'", "(", ")", "<", ">", "&amp;", "&", ";", "--", "•"]

_fragment = st.one_of(
    st.sampled_from(NUMBERS), st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(CLAIMANTS),
    st.sampled_from(DATES), st.sampled_from(PLACES), st.sampled_from(ODD),
    st.text(max_size=12),
)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    shaped = (f"{draw(st.sampled_from(NUMBERS))} {draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(VERBS))} "
              f"{draw(st.sampled_from(PLACES))} {draw(st.sampled_from(DATES))}, {draw(st.sampled_from(CLAIMANTS))}.")
    if draw(st.booleans()):
        return shaped
    parts = draw(st.lists(_fragment, min_size=1, max_size=14))
    return draw(st.sampled_from([" ", "", "\u200b", "\n"])).join(parts)


def news_texts() -> st.SearchStrategy[str]:
    """An article-ish text: a few sentences, sometimes a headline line, odd characters anywhere."""
    return st.builds(lambda lines, sep: sep.join(lines),
                     st.lists(_sentence(), min_size=0, max_size=8), st.sampled_from([" ", "\n", "\n\n", ""]))


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    body = draw(news_texts())
    tags = draw(st.lists(st.sampled_from(["div", "p", "span", "article", "b", "figure", "figcaption", "table", "td",
                                          "script", "style", "nav", "footer", "h1", "a", "li", "ul", "iframe"]),
                         max_size=40))
    depth = draw(st.integers(0, 3))
    if depth == 3:
        tags = tags * draw(st.integers(1, 60))  # deep nesting
    close = draw(st.booleans())
    opening = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags)) if close else ""
    head = draw(st.sampled_from(["", "<!doctype html>", "<html><head><title>T</title></head>", "<?xml version='1.0'?>",
                                 "<meta charset='latin-1'>"]))
    return f"{head}<body>{opening}{body}{closing}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    n = draw(st.integers(0, 6))
    items = []
    for _ in range(n):
        title = _escape(draw(st.text(max_size=20)))
        body = draw(news_texts())
        body = f"<![CDATA[{body.replace(']]>', '')}]]>" if draw(st.booleans()) else _escape(body)
        date = draw(st.sampled_from(["Tue, 10 Mar 2026 10:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT",
                                     "Fri, 31 Dec 9999 23:59:59 GMT", "yesterday", "", "2026-13-45"]))
        items.append(f"<item><title>{title}</title><pubDate>{date}</pubDate><description>{body}</description></item>")
    prolog = draw(st.sampled_from(["", "<?xml version='1.0' encoding='utf-8'?>",
                                   '<!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
                                   '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/x.dtd">']))
    xml = f"{prolog}<rss version='2.0'><channel><title>Wire</title>{''.join(items)}</channel></rss>"
    data = xml.encode("utf-8", "replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] if draw(st.booleans()) else data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data

"""Cheap text pieces for the story representation: sentences, lead, key numbers, day.

These run on every article, so they are regexes, not a parser: a story only needs the
title and lead, a handful of key sentences and the numbers that name an event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.annotate.lexicon import possessive_at
from newsdesk.stories.stopwords import ENGLISH_STOP_WORDS

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def lead_text(title: str | None, sentences: list[str], n_sentences: int = 2) -> str:
    """Title and the first sentences: what the report says happened."""
    lead = sentences[:n_sentences]
    if title and (not lead or title.strip() != lead[0].strip()):
        lead = [title.strip(), *lead]
    elif not title:
        lead = sentences[: n_sentences + 1]  # no title: the first line usually acts as one
    return " ".join(lead)


def key_numbers(text: str) -> list[str]:
    """Numbers that can tell two events apart (death tolls, magnitudes, years, sums).

    Single digits are dropped: "two", "3 people" and list numbering are too common to
    discriminate between events.
    """
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        raw = match.group(1).replace(",", "")
        value = float(raw)
        if value < 10 and "." not in raw:
            continue
        found.add(raw.rstrip("0").rstrip(".") if "." in raw else raw)
    return sorted(found)


def publication_day(published: str | None) -> int | None:
    """Day number (proleptic ordinal) of an ISO timestamp, or None when unknown."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def day_iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WHEN = re.compile(
    rf"\b(?:(?P<rel>yesterday|today|tonight|this morning|last night)"
    rf"|(?P<last>last\s+)?(?P<wd>{'|'.join(_WEEKDAYS)})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}))",
    re.IGNORECASE,
)

# A date (month and day) the lead names this many days or more before publication is
# the earlier event a follow-up refers to ("blamed a bug for the July 19 outage",
# published on the 24th): reporters name the days of the news by weekday or "today"
# and older ones by date. The report's own news is then of its publication day.
STALE_DATE_DAYS = 5
# A weekday after these words (within a few words) lies ahead of the publication day.
_FUTURE = re.compile(r"\b(?:will|would|next|scheduled|expected to|set to|plans? to|is to|are to)\b"
                     r"(?:\W+\w+){0,5}\W*$", re.IGNORECASE)


def _month_day(month: str, day: int, published: date) -> int | None:
    number = next((i + 1 for i, m in enumerate(_MONTHS) if m.startswith(month[:3].lower())), 0)
    try:
        when = date(published.year, number, day)
    except ValueError:
        return None
    if when > published + timedelta(days=7):  # "December 30" read in early January
        when = when.replace(year=published.year - 1)
    return when.toordinal()


def event_day(lead: str, published_day: int | None) -> int | None:
    """The day the lead says things happened: "on Friday", "yesterday", "March 12".

    Resolved against the publication day (a weekday is the latest one on or before
    it, or the next one after "will", "next" or "scheduled"; of several days named, the
    latest one up to the publication day), so reports published on different days about
    one event get one day, and two events of the same actors on different days get
    different days. A lead whose latest day is a date STALE_DATE_DAYS or more before
    publication names an earlier event: its news is of the publication day. Without a
    publication day nothing can be resolved and the result is None.
    """
    if published_day is None:
        return None
    published = date.fromordinal(published_day)
    past: list[int] = []
    ahead: list[int] = []
    dated: set[int] = set()  # days named by an explicit date (month and day)
    for m in _WHEN.finditer(lead):
        found: int | None
        if m.group("rel"):
            rel = m.group("rel").lower()
            found = published_day - (1 if rel in ("yesterday", "last night") else 0)
        elif m.group("wd"):
            weekday = _WEEKDAYS.index(m.group("wd").lower())
            if not m.group("last") and _FUTURE.search(lead[max(0, m.start() - 40) : m.start()]):
                # "will visit Baltimore Friday": the coming one, not the last one.
                found = published_day + (weekday - published.weekday()) % 7
            else:
                found = _weekday_before(m, published_day)
        else:
            month, day = ((m.group("m1"), m.group("d1")) if m.group("m1")
                          else (m.group("m2"), m.group("d2")))
            found = _month_day(month, int(day), published)
            if found is not None:
                dated.add(found)
        if found is not None:
            (ahead if found > published_day else past).append(found)
    # A follow-up names the day of the first event as background ("after the July 19
    # outage, the company said on Wednesday"): the latest day the lead names is its news.
    if past:
        latest = max(past)
        if latest in dated and published_day - latest >= STALE_DATE_DAYS:
            return published_day
        return latest
    return min(ahead) if ahead else published_day


def recalled_weekday(lead: str, published_day: int | None, day: int | None) -> int | None:
    """Days back to an earlier happening the lead names by a possessive weekday: in a
    report whose news is of Wednesday, "raising the toll from Tuesday's explosion to six"
    recalls the explosion a day back (stories/recaps.py reads the phrases that say so in
    words). None when the lead names no such day before its own (``day``: event_day)."""
    if published_day is None or day is None:
        return None
    found = [day - when for m in _WHEN.finditer(lead)
             if m.group("wd") and possessive_at(lead, m.end())
             and (when := _weekday_before(m, published_day)) < day]
    return min(found) if found else None


def _weekday_before(m: re.Match[str], published_day: int) -> int:
    """The day a weekday of ``_WHEN`` names, the latest one on or before publication
    ("last Monday" on a Monday: a week before)."""
    back = (date.fromordinal(published_day).weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
    return published_day - (7 if m.group("last") and back == 0 else back)


# --- Page clutter -------------------------------------------------------------------
# Scraped pages carry lines that are not reporting: date markers, bylines, menus, share
# bars, photo credits, "Latest News". They are alike across unrelated reports of one
# site and unlike across reports of one event, so they must not decide matching.
_MARKER = re.compile(r"^\s*(?:date\s+)?\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*",
                     re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:by|written by|von|par|por|di|reporting by)\s+[A-Z]", re.IGNORECASE)
_CLUTTER_WORDS = re.compile(
    r"\b(?:share|tweet|facebook|twitter|whatsapp|linkedin|email|e-mail|print|subscribe|"
    r"newsletter|sign up|log in|login|menu|home|latest news|related|read more|advertisement|"
    r"photo|getty images|reuters/|ap photo|copyright|all rights reserved|cookie|oops)\b",
    re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_clutter_line(line: str) -> bool:
    """A page line that is not reporting: too short to be a sentence and carrying a
    byline, a menu or share bar, a credit, a separator, or no lower-case prose at all."""
    words = _WORD.findall(line)
    if not words:
        return True
    if _BYLINE.match(line) and len(words) <= 12:
        return True
    if any(sep in line for sep in (" | ", " > ", "•", "·")) and len(words) <= 14:
        return True
    return len(words) <= 8 and _CLUTTER_WORDS.search(line) is not None


def _is_prose(line: str) -> bool:
    """A line of running text: several words, most of them lower-case."""
    words = _WORD.findall(line)
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower >= 0.4 * len(words)


def clean_lines(text: str) -> list[str]:
    """The text's lines without date markers and clutter lines."""
    out = []
    for raw in text.splitlines():
        line = _MARKER.sub("", raw).strip()
        if line and not is_clutter_line(line):
            out.append(line)
    return out


def headline_and_prose(title: str | None, text: str) -> tuple[str, str]:
    """The report's headline (its title, else a short first line that reads as one;
    empty when there is neither) and its running text without page clutter. A text
    cut mid-word loses its last, partial word."""
    lines = clean_lines(text)
    headline = (title or "").strip()
    prose = [line for line in lines if _is_prose(line)]
    if not headline and lines and not _is_prose(lines[0]) and 4 <= len(_WORD.findall(lines[0])) <= 25:
        headline = lines[0]
    body = " ".join(line for line in prose if line.strip() != headline)
    if body and body[-1].isalnum():
        body = body.rsplit(" ", 1)[0] if " " in body else body
    return _MARKER.sub("", headline).strip(), body


_CONTENT = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def content_words(text: str) -> dict[str, int]:
    """Counts of the lower-cased words of ``text`` that are not English stop words.

    Inside one developing story the topic words ("bridge", "outage") are in every
    report and weigh little once IDF-weighted; what is left tells the events apart."""
    counts: dict[str, int] = {}
    for word in _CONTENT.findall(text.lower()):
        if word not in ENGLISH_STOP_WORDS:
            counts[word] = counts.get(word, 0) + 1
    return counts

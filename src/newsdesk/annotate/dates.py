"""Date expressions resolved against the publication date onto a timeline.

News writes time relative to the day it is published: "on Tuesday" is the Tuesday of
the publication week (the next one when the verb is in the future), "September 9"
is in the publication year unless that would be months ahead, "later this week" is
the publication week. Each resolved date carries its granularity (day, week, month,
year). Without a publication date only expressions with a year resolve.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from newsdesk.annotate.lexicon import MONTH_NUMBERS
from newsdesk.annotate.parse import ParsedArticle, is_verb, span_text
from newsdesk.records import DateMention

_MONTHS = MONTH_NUMBERS
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PATTERNS = [
    re.compile(rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"(?P<iso>{_YEAR}-(?P<im>\d\d)-(?P<id>\d\d))\b"),
]
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                  "this evening": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}
_AGO = re.compile(r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|ten) "
                  r"(?P<unit>day|week|month|year)s? ago", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "ten": 10}
# How far ahead of publication an expression without a year may point before it is
# read as last year's ("December 28" in a January 3 article).
_MAX_AHEAD = timedelta(days=180)


def _parse_pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _with_year(pub: date | None, month: int, day: int, year: str | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if pub is None:
            return None
        guess = date(pub.year, month, day)
        if guess - pub > _MAX_AHEAD:
            guess = date(pub.year - 1, month, day)
        elif pub - guess > timedelta(days=365) - _MAX_AHEAD:
            guess = date(pub.year + 1, month, day)
        return guess
    except ValueError:
        return None


def _absolute(text: str, pub: date | None) -> tuple[date | None, str] | None:
    for n, pattern in enumerate(_PATTERNS):
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("iso"):
            try:
                return date(int(groups["year"]), int(groups["im"]), int(groups["id"])), "day"
            except ValueError:
                return None
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        if n == 2:
            return date(int(groups["year"]), month, 1), "month"
        return _with_year(pub, month, int(groups["day"]), groups.get("year")), "day"
    return None


def _weekday(name: str, text: str, pub: date, future: bool) -> date:
    target = _WEEKDAYS[name]
    low = text.lower()
    back = (pub.weekday() - target) % 7
    if "next" in low or (future and "last" not in low):
        ahead = (target - pub.weekday()) % 7
        return pub + timedelta(days=ahead or (7 if "next" in low else 0))
    if "last" in low and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _relative(text: str, pub: date, future: bool) -> tuple[date, str] | None:
    low = " ".join(text.lower().split())
    low = re.sub(r"^(on|in|at|by|since|until|from|during|over)\s+", "", low)
    if low in _RELATIVE_DAYS:
        return pub + timedelta(days=_RELATIVE_DAYS[low]), "day"
    m = re.search(_WEEKDAY, low)
    if m:
        return _weekday(m.group("weekday"), low, pub, future), "day"
    if "week" in low and not re.search(r"\d|weeks", low):
        shift = -7 if "last" in low or "previous" in low else 7 if "next" in low else 0
        return _week_start(pub) + timedelta(days=shift), "week"
    if re.fullmatch(r"(this|last|next) month", low):
        month = pub.month + {"this": 0, "last": -1, "next": 1}[low.split()[0]]
        year = pub.year + (month - 1) // 12
        return date(year, (month - 1) % 12 + 1, 1), "month"
    if re.fullmatch(r"(this|last|next) year", low):
        return date(pub.year + {"this": 0, "last": -1, "next": 1}[low.split()[0]], 1, 1), "year"
    m = _AGO.search(low)
    if m:
        n = _SMALL.get(m.group("n").lower()) or int(m.group("n"))
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[m.group("unit").lower()]
        return pub - timedelta(days=n * days), m.group("unit").lower()
    return None


def resolve_date(text: str, published: str | None, future: bool = False,
                 start: int | None = None, end: int | None = None) -> DateMention:
    """Resolve one date expression; ``future`` when its verb is in the future tense."""
    pub = _parse_pub(published)
    found = _absolute(text, pub)
    conflict = False
    if found and found[0] is not None:
        wd = re.search(_WEEKDAY, text, re.I)
        conflict = bool(wd and found[1] == "day"
                        and _WEEKDAYS[wd.group("weekday").lower()] != found[0].weekday())
    elif pub is not None and found is None:
        found = _relative(text, pub, future)
    if found is None or found[0] is None:
        m = re.fullmatch(r"(?:in\s+)?(?:the\s+year\s+)?" + _YEAR, text.strip(), re.I)
        if m:
            return DateMention(text, f"{m.group('year')}-01-01", start, end, False, "year")
        return DateMention(text, None, start, end)
    return DateMention(text, found[0].isoformat(), start, end, conflict, found[1])


def month_day(text: str) -> str | None:
    """"September 9" without a year or a publication day to place it: ISO 8601's
    "--09-09" (month and day, year unknown), so a timeline can still show it."""
    for pattern in _PATTERNS[:2]:
        m = pattern.search(text)
        if m and not m.group("year"):
            month, day = _MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
            try:
                date(2000, month, day)  # a leap year: 29 February is a day
            except ValueError:
                return None
            return f"--{month:02d}-{day:02d}"
    return None


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
# Modals point ahead too ("rain could fall on Wednesday", "talks would resume on
# Thursday"), unless followed by "have" ("could have failed on Sunday").
_MODALS = frozenset({"could", "may", "might", "would", "should", "'d"})
_FUTURE_VERBS = frozenset({"plan", "plans", "planned", "expected", "scheduled", "due", "set",
                           "intend", "intends", "going", "expect", "expects", "forecast",
                           "forecasts", "predict", "predicts", "predicted"})
# "closed until Thursday", "40 mm by Wednesday": a deadline is ahead of a verb in the
# present or present perfect ("have been suspended until at least Thursday"), behind
# one in the simple past ("was closed until Thursday").
_DEADLINE_PREPS = frozenset({"until", "till", "by"})


def _possessive(ent: Any) -> bool:
    """"Monday's peak": the date names something that happened, not when the verb acts."""
    end = ent.end
    return ent.root.dep_ == "poss" or (end < len(ent.doc) and ent.doc[end].tag_ == "POS")


def _verb_is_future(tok: Any) -> bool:
    kids = list(tok.children)
    words = {c.lower_ for c in kids}
    if words & _FUTURE_AUX or words & _FUTURE_VERBS or tok.lower_ in _FUTURE_VERBS:
        return True
    if words & _MODALS and "have" not in words:
        return True
    return tok.head.lower_ in _FUTURE_VERBS


def _simple_past(verb: Any) -> bool:
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _finite(verb: Any) -> bool:
    """A verb with its own tense ("met", "is", "has been closed"), not a participle or
    infinitive that takes its time from the verb above ("plan to visit", "arriving")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)


def _is_future(ent: Any) -> bool:
    """Does the verb the date hangs off speak of the future ("will meet on Tuesday",
    "could fall on Wednesday", "suspended until at least Thursday")?"""
    if _possessive(ent):
        return False
    tok = ent.root
    deadline = tok.head.lower_ in _DEADLINE_PREPS
    for _ in range(4):
        if is_verb(tok):
            if _verb_is_future(tok):
                return True
            if deadline and tok.tag_ != "MD":
                return not _simple_past(tok)
            if tok.tag_ != "MD" and _finite(tok):
                return False  # the nearest finite verb decides; above it is another clause
        if tok.head is tok:
            break
        tok = tok.head
    return False


_UNITS = r"(?:century|centuries|decades?|years?|months?|weeks?|days?|hours?|minutes?)"
_COUNT = (r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"a few|few|several|many|some|a couple of|dozens of|hundreds of)")
# "36-month-old", "a 10-year-old", "aged 45", "two-year-long": an age or a length.
_AGE = re.compile(rf"\b\w+[- ]{_UNITS}[- ](?:old|long)\b|\baged\s+\d", re.I)
# "a 60-day state of emergency", "a three-week strike": a length as an adjective.
_LENGTH_ADJECTIVE = re.compile(rf"(?:an?\s+)?{_COUNT}-{_UNITS}", re.I)
# "over a decade", "for two years", "more than 20 days", "three weeks": how long, not when.
_LENGTH = re.compile(
    rf"(?:(?:for|over|nearly|almost|about|around|roughly|some|more than|less than|at least|"
    rf"up to|just|only|barely|the better part of)\s+)*(?:the\s+)?(?:{_COUNT}\s+)?{_UNITS}",
    re.I)
# Words that pin a length to the calendar: "two years ago", "the past week", "this month".
_ANCHORS = re.compile(r"\b(?:ago|this|last|next|past|coming|previous|recent|later|earlier|"
                      r"since|before|after|end|beginning|start|middle|today|yesterday|tomorrow)\b",
                      re.I)
# A length after these prepositions is a length of time ("for years", "over decades").
_LENGTH_PREPS = frozenset({"for", "over", "during", "throughout"})


def is_duration(text: str, before: str = "") -> bool:
    """Is a DATE expression a length of time or an age rather than a point or span on
    the calendar? "36-month-old", "over a decade", "for three weeks" are; "two weeks
    ago", "the past week", "the coming weeks", "in 2019" are not. ``before``: the word
    before the expression ("for" in "for weeks")."""
    words = " ".join(text.split())
    if _AGE.search(words) or _LENGTH_ADJECTIVE.fullmatch(words):
        return True
    if _ANCHORS.search(words) or re.search(r"\d{4}", words) or _absolute(words, None):
        return False
    if not _LENGTH.fullmatch(words):
        return False
    counted = bool(re.match(rf"(?:\w+\s+)*{_COUNT}\s+{_UNITS}$", words, re.I))
    plural_alone = bool(re.fullmatch(rf"(?:the\s+)?{_UNITS}", words, re.I))
    # "weeks" alone ("within weeks") is a vague span; "for weeks" is a length
    return counted or not plural_alone or before.lower() in _LENGTH_PREPS


def find_dates(parsed: ParsedArticle) -> list[DateMention]:
    """Every DATE entity of a parsed article that names a time (not a length of time or
    an age), resolved (offsets into the article)."""
    published = parsed.article.published
    out: list[DateMention] = []
    for _index, sent, para in parsed.iter_sents():
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
            if is_duration(span_text(ent), before):
                continue
            start = para.offset + ent.start_char
            text = span_text(ent)
            out.append(resolve_date(text, published, _is_future(ent), start, start + len(text)))
    return out

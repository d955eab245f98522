"""Date detector: two statements about one thing that put it on different days.

The annotator resolves each date expression against its article's publication day
(annotate/dates.py), so "on Tuesday" in one report and "September 11" in another land
on one timeline. Dates are paired like quantities: the same precision (day, week,
month, year), the same number of them in each sentence, in order. Expressions that no
publication day anchors ("Tuesday" in a text without a date line) are compared
by their words when both are of one form (two weekdays, two calendar dates, two years).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from newsdesk.annotate.dates import resolve_date
from newsdesk.annotate.lexicon import possessive_at
from newsdesk.crosscheck.claim_match import verb_key
from newsdesk.crosscheck.detectors import Conflict
from newsdesk.crosscheck.figures import context_words
from newsdesk.crosscheck.statements import Statement

# Sentences this close speak of one event (a rewrite); below, two dates are compared
# only when they hang off the same verb ("met on Tuesday" / "met on Wednesday") or,
# failing a parse, when the words around them are shared.
SIM_SAME = 0.9
SIM_DATE = 0.8
SIM_DATE_MIN = 0.65
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_MONTH_ABBR = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTH = re.compile(rf"\b{_MONTH_ABBR}[a-z]*\.?\s+\d|\d\s+{_MONTH_ABBR}|\b\d{{4}}-\d\d-\d\d\b", re.I)
_YEAR = re.compile(r"^(?:in\s+)?(?:1[89]|20)\d\d$", re.I)
# Any fixed day resolves an unanchored pair the same way, which is all a comparison needs.
_ANCHOR = "2001-01-03"


def date_form(text: str) -> str:
    """How an expression names its date: weekday, calendar (a month and a day, or ISO),
    year, or relative ("yesterday", "last week")."""
    if _MONTH.search(text):
        return "calendar"
    if _WEEKDAY.search(text):
        return "weekday"
    if _YEAR.match(text.strip()):
        return "year"
    return "relative"


def _words(text: str) -> str:
    return " ".join(re.sub(r"^(on|in|at|by|since|until|from|last|this|next)\s+", "", text.lower()).split())


def _shown(d: dict[str, Any]) -> str:
    """"Tuesday (10 Sep 2024)": the words, and the day they resolve to when one does."""
    text = f"\u201c{d.get('text')}\u201d"
    if not d.get("date"):
        return text
    day = date.fromisoformat(str(d["date"])[:10])
    shown = {"year": f"{day:%Y}", "month": f"{day:%b %Y}",
             "week": f"week of {day.day} {day:%b %Y}"}.get(str(d.get("granularity")),
                                                            f"{day.day} {day:%b %Y}")
    return f"{text} ({shown})"


# Weekdays and calendar dates the entity recogniser may leave out ("on Friday
# afternoon" is often tagged as a time, not a date).
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
           r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_SPOTTED = re.compile(r"\b(?:(?:last|next|this)\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
                      r"|\b" + _MONTHS + r"\.?\s+\d{1,2}\b(?:,?\s+(?:1[89]|20)\d\d\b)?")


# "date 2024-03-27", "2024-03-29": news prose never writes a day this way; a page's
# date marker or a scraper's stamp does, and it dates the page, not what it reports.
_PAGE_STAMP = re.compile(r"^\s*(?:date\s+)?\d{4}-\d\d(?:-\d\d)?\s*$", re.I)


def statement_dates(s: Statement) -> list[dict[str, Any]]:
    """The annotator's dates, and weekdays or calendar dates in the text it did not tag;
    not page stamps."""
    found = [d for d in s.dates if not _PAGE_STAMP.match(str(d.get("text")))]
    tagged = " ".join(str(d.get("text")) for d in s.dates).lower()
    for m in _SPOTTED.finditer(s.text):
        if m.group().lower() not in tagged:
            d = resolve_date(m.group(), s.published)
            found.append({"text": m.group(), "date": d.date, "granularity": d.granularity})
    return found


Date = dict[str, Any]


def _in_order(dates: list[Date], text: str, grain: object) -> list[Date]:
    same = [d for d in dates if d.get("granularity") == grain]
    return sorted(same, key=lambda d: text.find(str(d["text"])))


def _resolved(da: list[Date], db: list[Date], a: Statement, b: Statement) -> list[tuple[Date, Date]]:
    """Resolved dates of the same precision, as many in each sentence, paired in order."""
    pairs: list[tuple[Date, Date]] = []
    da = [d for d in da if d.get("date")]
    db = [d for d in db if d.get("date")]
    for grain in {d.get("granularity") for d in da} & {d.get("granularity") for d in db}:
        xs, ys = _in_order(da, a.text, grain), _in_order(db, b.text, grain)
        if len(xs) == len(ys):
            pairs.extend(zip(xs, ys, strict=True))
    return pairs


def _unanchored(da: list[Date], db: list[Date]) -> list[tuple[Date, Date]]:
    """Dates without a publication day to anchor them, of one form on both sides,
    resolved against one shared day. Not weekdays: a wire story and the next day's
    print edition name one day "Monday" and "Tuesday" without a date line to tell."""
    pairs: list[tuple[Date, Date]] = []
    da = [d for d in da if not d.get("date")]
    db = [d for d in db if not d.get("date")]
    for form in ("calendar", "year"):
        xs = [d for d in da if date_form(str(d.get("text"))) == form]
        ys = [d for d in db if date_form(str(d.get("text"))) == form]
        if len(xs) == len(ys) == 1:
            x, y = (resolve_date(str(d["text"]), _ANCHOR) for d in (xs[0], ys[0]))
            if x.date and y.date:
                pairs.append(({"text": x.text, "date": x.date, "granularity": x.granularity},
                              {"text": y.text, "date": y.date, "granularity": y.granularity}))
    return pairs


def _verb_of(s: Statement, d: dict[str, Any]) -> str | None:
    """The main verb of the claim a date belongs to ("met" in "met on Tuesday")."""
    for claim in s.claims:
        if str(d.get("text")) in str(claim.get("text", "")):
            return verb_key(claim.get("predicate"))
    return None


def _plain_context(text: str, phrase: str) -> set[str]:
    """Words around a date other than names: two sentences about different things
    often share only who is involved ("Lumera's closing price on Wednesday")."""
    names = {w.lower()[:5] for w in re.findall(r"\b[A-Z][\w'’]+", text)}
    return context_words(text, phrase) - names


def _same_role(a: Statement, x: dict[str, Any], b: Statement, y: dict[str, Any], sim: float) -> bool:
    if sim >= SIM_SAME:
        return True
    va, vb = _verb_of(a, x), _verb_of(b, y)
    if va and vb:
        return va == vb
    shared = _plain_context(a.text, str(x["text"])) & _plain_context(b.text, str(y["text"]))
    return sim >= SIM_DATE and bool(shared)


_STARTS = frozenset(["from", "since", "starting", "beginning", "after"])
_ENDS = frozenset(["through", "until", "till", "to", "by", "before", "ending", "thru"])


def _bound(text: str, phrase: str) -> str | None:
    """Whether a date opens or closes a span ("from 2005", "through 2021"), read off the
    word before it; None for a point in time."""
    at = text.find(phrase)
    before = re.findall(r"[a-z]+", text[:at].lower())[-1:] if at > 0 else []
    word = before[0] if before else ""
    return "start" if word in _STARTS else "end" if word in _ENDS else None


_SPEECH = re.compile(r"\b(?:said|says|told|announced|confirmed|stated|added|reported|wrote|"
                     r"statement|release|briefing|conference|showed|shows|published|released|"
                     r"revealed)\s+(?:on\s+|late\s+|early\s+)?$", re.I)


def _speech_date(text: str, phrase: str) -> bool:
    """Does a date say when something was said or made known ("officials said Tuesday",
    "final results showed on Monday")?"""
    at = text.find(phrase)
    return at > 0 and bool(_SPEECH.search(text[max(0, at - 40):at]))


def _possessive(text: str, phrase: str) -> bool:
    """Is the date written as a possessive ("Tuesday's explosion")?"""
    at = text.find(phrase)
    return at >= 0 and possessive_at(text, at + len(phrase))


def _year_only_apart(x: Date, y: Date) -> bool:
    """One day and month, years apart, with no year in either text: each page's own
    year was assumed (a repost's stamp), not stated."""
    dx, dy = str(x.get("date") or "")[:10], str(y.get("date") or "")[:10]
    stated = re.compile(r"\b(?:19|20)\d\d\b")
    return (len(dx) == len(dy) == 10 and dx[4:] == dy[4:] and dx[:4] != dy[:4]
            and not stated.search(str(x.get("text"))) and not stated.search(str(y.get("text"))))


def date_conflict(a: Statement, b: Statement, sim: float) -> Conflict | None:
    if sim < SIM_DATE_MIN:
        return None
    da, db = statement_dates(a), statement_dates(b)
    if not da or not db:
        return None
    for x, y in _resolved(da, db, a, b) + _unanchored(da, db):
        if x["date"] == y["date"] or _words(str(x["text"])) == _words(str(y["text"])):
            continue  # the same words resolve apart only when the reports' days differ
        if not _same_role(a, x, b, y, sim):
            continue
        bounds = {_bound(a.text, str(x["text"])), _bound(b.text, str(y["text"]))}
        if len(bounds) > 1:
            # "a cut of sales through 2021" / "a share of sales from 2005": two ends of a
            # span; "suspended until Wednesday" / "on Tuesday": an end and a point
            continue
        if _speech_date(a.text, str(x["text"])) != _speech_date(b.text, str(y["text"])):
            continue  # "officials said Tuesday": when it was said, not when it happened
        if _possessive(a.text, str(x["text"])) != _possessive(b.text, str(y["text"])):
            # "opened an inquiry on Thursday into Tuesday's explosion": the possessive day
            # is the explosion's, not the inquiry's (two such days are compared)
            continue
        if _year_only_apart(x, y):
            continue
        forms = {date_form(str(x["text"])), date_form(str(y["text"]))}
        # Relative words ("yesterday") hang on the publication time, which may be off by a day.
        confidence = 0.65 if "relative" in forms else 0.85 if forms == {"weekday"} else 0.9
        return Conflict("date", f"{_shown(x)} vs {_shown(y)}", confidence)
    return None

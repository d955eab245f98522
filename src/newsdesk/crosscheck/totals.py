"""A figure given per day against a total over those days.

"roughly 500 each Monday and Tuesday" states a total too: roughly 1,000 over the two
days. A report of "over 1,600 trains through Tuesday" gives that total another
figure. The per-day figure and the total fill different roles, so the figure-by-figure
detector (crosscheck.detectors) rightly never pairs them; multiplied out, they speak of
one thing, and one of them is wrong.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.crosscheck.detectors import Conflict
from newsdesk.crosscheck.figures import _scope, figures_agree
from newsdesk.crosscheck.statements import Statement

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "500 each Monday and Tuesday", "80 trains each on Friday, Saturday and Sunday"
_EACH = re.compile(rf"^\s+(?:[a-z]+\s+)?each\s+(?:on\s+|of\s+)?(?P<days>{_DAY}(?:(?:,\s*|\s+and\s+){_DAY})+)",
                   re.I)
# a total over a span of days: "through Saturday", "until Sunday", "between Friday and Saturday"
_SPAN_END = re.compile(rf"\b(?:through|thru|until|till|up to|by)\s+(?P<day>{_DAY})", re.I)
_DAYS = re.compile(_DAY, re.I)
# A total and a multiplied figure further apart than this are two different things.
MAX_RATIO = 3.0


def _per_day(s: Statement) -> list[tuple[dict[str, Any], list[str]]]:
    out = []
    for q in s.quantities():
        at = s.text.find(str(q.get("text", "")))
        if q.get("kind") != "count" or at < 0:
            continue
        m = _EACH.match(s.text[at + len(str(q["text"])):])
        if m:
            out.append((q, [d.lower() for d in _DAYS.findall(m.group("days"))]))
    return out


def _total_over(s: Statement, days: list[str]) -> bool:
    """Does the sentence give its figure for the listed days together: every weekday it
    names is one of them, and it names them all, or the last after "through"?"""
    named = [d.lower() for d in _DAYS.findall(s.text)]
    if not named or not set(named) <= set(days):
        return False
    span = _SPAN_END.search(s.text)
    return set(named) == set(days) or bool(span and span.group("day").lower() == days[-1])


def per_day_conflict(a: Statement, b: Statement, sim: float, min_sim: float) -> Conflict | None:
    """``a`` gives a count per day for some days, ``b`` a total of the same noun over
    those days that the multiplied figure cannot be."""
    if sim < min_sim:
        return None
    for x, days in _per_day(a):
        if not _total_over(b, days):
            continue
        total = float(x["value"]) * len(days)
        approx = "about " if re.search(r"\b(?:about|around|some|roughly|nearly|almost)\s+$",
                                       a.text[:a.text.find(str(x["text"]))]) else ""
        shown = f"{total:,.0f}"
        mine = {"text": shown, "value": total, "kind": "count", "unit": "count",
                "original_unit": x.get("original_unit")}
        for y in b.quantities():
            noun_x, noun_y = (str(q.get("original_unit", ""))[:5] for q in (x, y))
            if y.get("kind") != "count" or noun_x != noun_y:
                continue
            if _scope(b.text, y) or figures_agree(approx + shown, mine, b.text, y):
                continue
            ratio = max(total, float(y["value"])) / max(min(total, float(y["value"])), 1.0)
            if ratio > MAX_RATIO:
                continue
            each = re.split(r"[,.;](?!\d)", a.text[a.text.find(str(x["text"])):])[0]
            return Conflict("quantity", f"{each.strip()} ({approx}{shown} in all) vs {y['text']}",
                            0.7, ratio, (total, float(y["value"])))
    return None

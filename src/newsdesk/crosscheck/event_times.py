"""When the storyline's main event happened, as reports in any language give it.

Most reports of a sudden event state its time ("at about 2:15 a.m. Friday", "vers 2 h 15
du matin", "gegen 2.15 Uhr"). Their mode, over independent sources, is the event's
time; a report that gives the event a clock time twelve hours off (13h30 for 1:30 a.m.,
the commonest slip between the two clocks), the event's time on another weekday, or
that weekday's evening for a time in the small hours, contradicts it.

Same referent first: only sentences that name the event by a word for a sudden event
(collapse, collision, crash; effondrement, Einsturz, crollo ...) count, times with
seconds are other moments of it, and a time labelled with another time zone is left
alone (13:30 in Manila is 1:30 a.m. in Baltimore).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsdesk.crosscheck.per_line import PerLine
from newsdesk.crosscheck.statements import Statement

# Independent sources that must give one clock time before it is the event's time.
MIN_SOURCES = 3
# Clock times this many minutes apart are one reading ("1:28", "just before 1:30").
NEAR = 5

_EVENT = re.compile(
    r"\b(?:collaps\w*|struck|strikes?|hit|crash\w*|collid\w*|collision|rammed|smashed|plow\w*|plough\w*|"
    r"effondr\w*|percut\w*|heurt\w*|s'est produit|s’est produit|"
    r"einsturz\w*|eingestürzt|stürzte|gerammt|rammte|kollidi\w*|kollision|"
    r"derrumb\w*|colaps\w*|chocó|choque|impact\w*|"
    r"croll\w*|urtat\w*|schiant\w*|"
    r"desab\w*|colisão|colidiu|bateu)\b", re.I)
_ZONE = (r"(?:\s*\(?\s*(?:UTC|GMT|CET|CEST|EDT|EST|ET|PT|PDT|IST|heure\s+\w+|Ortszeit|hora\s+local"
         r"|ora\s+locale))")
_TIME = re.compile(
    r"(?<![\d:.,])(?P<h>\d{1,2})\s?(?:(?P<sep>[:.])|(?P<hsep>h)\s?)(?P<m>\d\d)(?P<sec>:\d\d)?(?!\d|,\d)"
    r"(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?)?(?P<uhr>\s?(?:Uhr|horas|h\b))?"
    r"(?P<qual>\s+(?:du matin|du soir|de l['’]après-midi|de la mañana|de la tarde|di mattina|di sera|"
    r"da manhã|da tarde|morgens|abends|nachts))?(?P<zone>{zone})?".replace("{zone}", _ZONE), re.I)
_WEEKDAYS = {
    0: ("monday", "lundi", "montag", "lunes", "lunedì", "lunedi", "segunda"),
    1: ("tuesday", "mardi", "dienstag", "martes", "martedì", "martedi", "terça"),
    2: ("wednesday", "mercredi", "mittwoch", "miércoles", "mercoledì", "mercoledi", "quarta"),
    3: ("thursday", "jeudi", "donnerstag", "jueves", "giovedì", "giovedi", "quinta"),
    4: ("friday", "vendredi", "freitag", "viernes", "venerdì", "venerdi", "sexta"),
    5: ("saturday", "samedi", "samstag", "sábado", "sabato"),
    6: ("sunday", "dimanche", "sonntag", "domingo", "domenica"),
}
_EVENING = re.compile(r"\b(?:evening|afternoon|soir|soirée|après-midi|abend|abends|nachmittag|sera|"
                      r"pomeriggio|por la tarde|à tarde|de tarde)\b", re.I)


_MORNING = ("matin", "mañana", "mattina", "manhã", "morgens", "nachts")


@dataclass(frozen=True, slots=True)
class Clock:
    statement: Statement
    minute: int | None  # minutes after midnight; None: a weekday or part of day only
    twelve: bool  # an English time with no a.m./p.m.: either half of the day
    zoned: bool  # labelled with a time zone
    text: str
    weekday: int | None
    evening: bool


def _weekday(text: str) -> int | None:
    low = text.lower()
    found = {d for d, names in _WEEKDAYS.items() for n in names if re.search(rf"\b{n}", low)}
    return found.pop() if len(found) == 1 else None


def _evening_of_event(text: str) -> bool:
    """"peu avant le naufrage, jeudi soir": a weekday's evening right by the word for the
    event (not "still unaccounted for on Friday evening, after the ferry sank")."""
    for m in _EVENING.finditer(text):
        near = text[max(0, m.start() - 40):m.end() + 25]
        day = _weekday(text[max(0, m.start() - 15):m.end() + 15])
        if day is not None and _EVENT.search(near):
            return True
    return False


def clocks(s: Statement, named: bool = True) -> list[Clock]:
    """Clock times of a sentence that names a sudden event, or its weekday alone
    (``named=False``: of a sentence that names none)."""
    if bool(_EVENT.search(s.text)) != named:
        return []
    weekday, evening = _weekday(s.text), _evening_of_event(s.text)
    out = []
    for m in _TIME.finditer(s.text):
        hour, minute = int(m.group("h")), int(m.group("m"))
        if m.group("sec") or hour > 23 or minute > 59:
            continue  # "01:29:33": a moment of a timeline, not the event's time
        if m.group("sep") == "." and s.lang == "en" and not m.group("ampm"):
            continue  # "7.11": a version number
        if m.group("hsep") is None and m.group("sep") == "." and not (m.group("uhr") or m.group("ampm")):
            continue  # "1.30" without "Uhr": a decimal
        ampm, qual = (m.group("ampm") or "").lower(), (m.group("qual") or "").lower()
        if ampm == "p" or any(w in qual for w in ("soir", "après", "tarde", "sera", "abends")):
            hour = hour % 12 + 12
        elif ampm == "a" or any(w in qual for w in _MORNING):
            hour = hour % 12
        twelve = s.lang == "en" and not ampm and hour <= 12
        out.append(Clock(s, hour * 60 + minute, twelve, bool(m.group("zone")), m.group().strip(), weekday,
                         evening))
    if not out and weekday is not None:
        out.append(Clock(s, None, False, False, "", weekday, evening))
    return out


def _apart(a: int, b: int) -> int:
    d = abs(a - b) % (24 * 60)
    return min(d, 24 * 60 - d)


def _near(c: Clock, minute: int) -> bool:
    if c.minute is None:
        return False
    return _apart(c.minute, minute) <= NEAR or (c.twelve and _apart(c.minute + 720, minute) <= NEAR)


def _mode(all_clocks: list[Clock]) -> int | None:
    """The clock time most independent sources give the event (None if under MIN_SOURCES)."""
    timed = [c for c in all_clocks if c.minute is not None and not c.twelve and not c.zoned]
    best, support = None, 0
    for c in timed:
        assert c.minute is not None
        n = len({x.statement.group for x in all_clocks if _near(x, c.minute)})
        if n > support:
            best, support = c.minute, n
    return best if support >= MIN_SOURCES else None


@dataclass(frozen=True, slots=True)
class _LineTimes:
    """What a storyline's sentences say of the event's time, whoever's story they are in."""

    at_mode: list[Clock]  # clocks at the time most sources give
    day: int | None  # the event's weekday, when two or more sources agree on one
    odd: list[tuple[Clock, str]]  # clocks at odds with them, and why
    disputed: set[str]  # articles with an odd clock


def _line_times(statements: list[Statement]) -> _LineTimes | None:
    found = [c for s in statements for c in clocks(s)]
    mode = _mode(found)
    if mode is None:
        return None
    at_mode = [c for c in found if _near(c, mode)]
    # the event's weekday: the one most sources give with that time, if any two do
    days = Counter(d for _, d in {(c.statement.group, c.weekday) for c in at_mode if c.weekday is not None})
    ranked = days.most_common(2)
    day = ranked[0][0] if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]) \
        else None
    odd: list[tuple[Clock, str]] = []
    for c in found:
        if c.zoned:
            continue
        if c.minute is not None and not c.twelve and _apart(c.minute, mode + 720) <= NEAR:
            odd.append((c, "twelve hours off the time most reports give"))
        elif day is not None and c.weekday is not None and c.weekday != day and _near(c, mode):
            odd.append((c, "another day than most reports give"))
        elif day is not None and c.weekday == day and c.minute is None and c.evening and mode < 6 * 60:
            odd.append((c, "the evening, where most reports give the small hours"))
    # A sentence without a word for the event that gives its very clock time and a day
    # ("Jeudi soir, 2h15 à Teskov : un ferry approche du quai ...") dates the
    # event too: the time names it. Only its day is read (a time twelve hours off, with
    # no event named, is as likely another happening).
    for c in (c for s in statements for c in clocks(s, named=False)):
        if day is not None and c.weekday not in (None, day) and not (c.zoned or c.twelve) and _near(c, mode):
            odd.append((c, "another day than most reports give"))
    return _LineTimes(at_mode, day, odd, {c.statement.article_id for c, _ in odd})


# the same for each story of the storyline checked in one run (crosscheck.per_line)
_per_line_times = PerLine(_line_times)


def event_time_conflicts(own: set[str],
                         statements: list[Statement]) -> list[tuple[Statement, Statement, str]]:
    """(odd statement, a statement giving the event's time, summary) for the sentences of
    the articles ``own`` that contradict the time most sources give the event.
    ``statements``: the storyline's sentences, in every language."""
    line = _per_line_times(statements)
    if line is None:
        return []
    day = line.day
    out = []
    said: set[tuple[str, int]] = set()
    for c, why in line.odd:
        if c.statement.article_id not in own or c.statement.key in said:
            continue
        # the other side: a report of the event's time that is not itself at odds with it
        partners = [x for x in line.at_mode if x.statement.group != c.statement.group and not x.twelve
                    and x.statement.article_id not in line.disputed
                    and (day is None or x.weekday in (None, day))]
        if not partners:
            continue
        p = min(partners, key=lambda x: (x.statement.lang != c.statement.lang, x.weekday is None,
                                         not x.statement.published, str(x.statement.published or ""),
                                         x.statement.article_id, x.statement.index))
        shown = c.text or next(n for n in _WEEKDAYS[c.weekday or 0] if n in c.statement.text.lower())
        said.add(c.statement.key)
        out.append((c.statement, p.statement, f"time of the event ({why}): {p.text} vs {shown}"))
    return out

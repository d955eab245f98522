"""Whether a report's opening recalls its event as days or weeks old.

The first reports of an event tell it as news: "a ferry capsized off Saltmouth
early on Tuesday". A later report of the same developing story recaps that event as
background, and says how long ago it was: "a week after the ferry capsized", "last
week", "vergangene Woche", "deux semaines après le naufrage", "hace dos semanas". Such a
report tells a later development, whatever share of its opening is the recap, so it is
no report of the event's first coverage (stories/cluster.py: recap_moves).

``recalled_days`` reads the opening paragraphs in the languages newsdesk reads (English,
German, French, Spanish, Italian, Portuguese) and returns the fewest days the phrase
allows (``last week``: 2, since a Monday report calls the Saturday before "last week";
``three weeks after``: 21; ``a day after``, ``yesterday's``, ``au lendemain de``: 1), or
None. A bare "yesterday" is no recall: a report of the next morning tells its own event
as "yesterday" ("the ship struck the bridge yesterday"), while "a day after the ship
struck the bridge, divers..." and "yesterday's outage" set an event behind the news.
A one-day recall says less than a longer one (a report of the next day is often still
the event's own coverage), so its users weigh it with the day it was published or
happened (stories/similarity.py; cluster.recap_moves asks for RECAP_DAYS).
"""

from __future__ import annotations

import re

# Number words up to twelve in the six languages, and the indefinite article ("a week").
_NUMBER_WORDS = {
    **dict.fromkeys(("a", "an", "one", "ein", "eine", "einer", "einem", "einen", "un", "une", "una",
                     "uno", "um", "uma"), 1),
    **dict.fromkeys(("two", "zwei", "deux", "dos", "due", "dois", "duas"), 2),
    **dict.fromkeys(("three", "drei", "trois", "tres", "tre", "três"), 3),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro", "quattro", "quatro"), 4),
    **dict.fromkeys(("five", "fünf", "cinq", "cinco", "cinque"), 5),
    **dict.fromkeys(("six", "sechs", "seis", "sei"), 6),
    **dict.fromkeys(("seven", "sieben", "sept", "siete", "sette", "sete"), 7),
    **dict.fromkeys(("eight", "acht", "huit", "ocho", "otto", "oito"), 8),
    **dict.fromkeys(("nine", "neun", "neuf", "nueve", "nove"), 9),
    **dict.fromkeys(("ten", "zehn", "dix", "diez", "dieci", "dez"), 10),
    **dict.fromkeys(("eleven", "elf", "onze", "once", "undici"), 11),
    **dict.fromkeys(("twelve", "zwölf", "douze", "doce", "dodici"), 12),
}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
# Unit words and their days (singular and plural forms of each language).
_UNITS = {
    **dict.fromkeys(("day", "days", "tag", "tage", "tagen", "jour", "jours", "día", "días",
                     "dia", "dias", "giorno", "giorni"), 1),
    **dict.fromkeys(("week", "weeks", "woche", "wochen", "semaine", "semaines", "semana",
                     "semanas", "settimana", "settimane"), 7),
    **dict.fromkeys(("month", "months", "monat", "monate", "monaten", "mois", "mes", "meses",
                     "mese", "mesi", "mês"), 30),
}
_UNIT = r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
# "<number> <unit> after/later/ago/since" and the languages' own orders: "vor <n>
# <unit>" and "seit", "il y a", "hace", "há" before the number, "fa" after it.
_AFTER = r"(?:after|later|ago|since|nach|später|après|plus tard|después|más tarde|dopo|fa|depois|após)"
_BEFORE = r"(?:vor|seit|il y a|depuis|hace|desde hace|há|da)"
_ELAPSED = (
    re.compile(rf"(?<!\w){_BEFORE}\s+{_NUMBER}\s+{_UNIT}(?!\w)", re.IGNORECASE),
    re.compile(rf"(?<!\w){_NUMBER}\s+(?:full\s+|whole\s+|ganze[rn]?\s+)?{_UNIT}\s+{_AFTER}(?!\w)",
               re.IGNORECASE),
)
# "last week", "last month" and their equivalents: the event lies before this week.
_LAST = re.compile(
    r"(?<!\w)(?:last|past|previous)\s+(?:week|month)(?!\w)"
    r"|(?<!\w)(?:vergangene[nr]?|letzte[nr]?|vorige[nr]?)\s+(?:woche|monat)(?!\w)"
    r"|(?<!\w)(?:la\s+semaine|le\s+mois)\s+(?:dernière|dernier|passée|passé)(?!\w)"
    r"|(?<!\w)(?:la\s+semana|el\s+mes)\s+pasad[ao](?!\w)"
    r"|(?<!\w)(?:la\s+settimana|il\s+mese)\s+scors[ao](?!\w)"
    r"|(?<!\w)(?:semana|mês)\s+passad[ao](?!\w)",
    re.IGNORECASE)
LAST_WEEK_DAYS = 2
# "Yesterday's <event>" and the next-day phrases without a number: one day.
_NEXT_DAY = re.compile(
    r"(?<!\w)yesterday['\u2019]s(?!\w)|(?<!\w)the\s+day\s+after(?!\w)"
    r"|(?<!\w)am\s+tag\s+nach(?!\w)|(?<!\w)au\s+lendemain(?!\w)"
    r"|(?<!\w)(?:al\s+día\s+siguiente|il\s+giorno\s+dopo|no\s+dia\s+seguinte)(?!\w)",
    re.IGNORECASE)


def recalled_days(opening: str) -> int | None:
    """The fewest days ago an event the opening recalls took place (None: no such
    phrase)."""
    found: list[int] = []
    for m in (m for pattern in _ELAPSED for m in pattern.finditer(opening)):
        word = m.group("n").lower()
        count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        days = count * _UNITS[m.group("unit").lower()]
        if days >= 1:
            found.append(days)
    if _NEXT_DAY.search(opening):
        found.append(1)
    if _LAST.search(opening):
        found.append(LAST_WEEK_DAYS)
    return min(found) if found else None

"""Who gave a figure: one report credits a figure to another source than the rest do.

"Norvale said some 3.2 million Zentrix laptops were hit" in several independent
reports, and "Orbitek said ... 3.2 million Zentrix laptops" in one: the figure
agrees, its source does not. The figure is a standing fact of the storyline (whoever
first gave it gave it for good), so reports of its other events are read too, as
crosscheck.attributes reads ages and lengths.

Only figures of at least FLOOR (a specific estimate, not "two people") are read, and a
source only counts where the sentence names one before its verb of saying or after
"according to". Sources that share a name word
("Kestrel", "Kestrel chief executive Ada Holm") are one source.
"""

from __future__ import annotations

import math
import re

from newsdesk.annotate.quantities import sentence_quantities
from newsdesk.crosscheck.per_line import PerLine
from newsdesk.crosscheck.statements import Statement

FLOOR = 1000.0
# Capitalised words before a verb of saying that name no one.
_NOT_NAMES = frozenset(["the", "a", "an", "on", "in", "at", "as", "after", "before", "but", "and", "this",
                        "that", "it", "its", "he", "she", "they", "we", "i", "his", "her", "their", "our",
                        "while", "when", "meanwhile", "still", "also", "however", "earlier", "later"])


def _key(kind: str, unit: str, noun: str, value: float) -> tuple[str, str, str, float]:
    digits = 2 - math.floor(math.log10(abs(value)))
    return kind, unit, noun[:5].lower(), round(value, digits)


_SAYING = re.compile(r"\b(?:said|says|say|stated|states|estimated|estimates|estimate|reported|reports|"
                     r"announced|announces|told|predicted|predicts|projected|projects|calculated|put|puts)\b")
# "Norvale, in a statement, reckons": an aside between the source and its verb
_ASIDE = re.compile(r",[^,]{1,40},\s*$")
# the names before the verb, with up to two lower-case title words between them ("Norvale
# chief Ada Brandt", "cybersecurity firm CrowdStrike")
_RUN = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:[a-z]+\s+){0,2}){0,3}[A-Z][\w'’.-]*[a-z][\w'’-]*)\s*$")


def source_of(text: str, at: int) -> set[str]:
    """Name words of who gives the figure at ``at``: the names right before the verb of
    saying nearest before it ("On May 4, Norvale said some 3.2 million ...",
    "Kestrel chief executive Ada Holm said ..."), or after "according to" ahead of it; none when
    the verb has no named subject ("We estimate", "..., said the firm")."""
    verbs = [m for m in _SAYING.finditer(text[:at])]
    found: set[str] = set()
    if verbs:
        head = _ASIDE.sub("", text[:verbs[-1].start()].rstrip())
        run = _RUN.search(head)
        words = [re.sub(r"(?:'s|’s)$", "", w).lower().strip(".") for w in run.group(1).split()
                 if w[:1].isupper()] if run else []
        if words and words[-1] not in _NOT_NAMES:  # "Currently We estimate": no one named
            found = set(words)
    else:
        m = re.search(r"according to\s+((?:[A-Z][\w'’.-]*\s*){1,4})", text[:at])
        if m:
            found = {w.lower().strip(".,") for w in m.group(1).split()}
    return found - _NOT_NAMES


_Row = tuple[Statement, set[str], str]  # a statement, who it credits a figure to, the figure's wording


def _credited(statements: list[Statement]) -> dict[tuple[str, str, str, float], list[_Row]]:
    out: dict[tuple[str, str, str, float], list[_Row]] = {}
    for s in statements:
        if s.lang != "en":
            continue
        for q in sentence_quantities(s.text):
            names = source_of(s.text, s.text.find(q.text))
            if names and q.kind in ("count", "money") and abs(q.value) >= FLOOR:
                out.setdefault(_key(q.kind, q.unit, str(q.original_unit or ""), q.value), []).append(
                    (s, names, q.text))
    return out


# the same for each story of the storyline checked in one run (crosscheck.per_line)
_line_credited = PerLine(_credited)


def _clusters(rows: list[_Row]) -> list[list[_Row]]:
    """Rows whose sources share a name word, joined."""
    clusters: list[tuple[set[str], list[_Row]]] = []
    for row in rows:
        joined = [c for c in clusters if c[0] & row[1]]
        words, members = set(row[1]), [row]
        for c in joined:
            words |= c[0]
            members += c[1]
            clusters.remove(c)
        clusters.append((words, members))
    return [members for _, members in clusters]


def _name(rows: list[_Row]) -> str:
    counts: dict[str, int] = {}
    for _, names, _ in rows:
        for n in names:
            counts[n] = counts.get(n, 0) + 1
    best = max(sorted(counts), key=lambda n: counts[n])
    words = (w for s, _, _ in rows for w in s.text.replace("’", "'").split())
    as_written = (w for w in words if w.lower().strip(",.'s") == best)
    return next(as_written, best).strip(",.")


def source_conflicts(own: set[str], statements: list[Statement],
                     story_of: dict[str, str]) -> list[tuple[Statement, Statement, str]]:
    """(odd statement, a statement of the other side, summary) for each report of the
    story ``own`` (article ids) that credits a figure to a source no other independent
    report names for it, while two or more credit it to another."""
    out = []
    for rows in _line_credited(statements).values():
        clusters = _clusters(rows)
        if len(clusters) < 2:
            continue
        clusters.sort(key=lambda c: -len({s.group for s, _, _ in c}))
        main = clusters[0]
        if len({s.group for s, _, _ in main}) < 2:
            continue
        for odd in clusters[1:]:
            groups = {s.group for s, _, _ in odd}
            if len(groups) != 1 or groups & {s.group for s, _, _ in main}:
                continue
            s, _, text = odd[0]
            if s.article_id not in own:
                continue
            partner = min(main, key=lambda r: (story_of.get(r[0].article_id) != story_of.get(s.article_id),
                                               r[0].article_id, r[0].index))[0]
            out.append((s, partner, f"who gave {text}: {_name(main)} vs {_name(odd)}"))
    return out

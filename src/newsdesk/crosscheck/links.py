"""A link one report denies and another asserts.

Reports often say that the event they cover is not another one: "This has no link to
the worldwide Zentrix failure", "this is a different failure from the one the bad patch
set off". A report of the same story that ties its event to that other one anyway
("This caused a worldwide computer failure") contradicts it, though the two sentences
share no figure, name or negation that the other detectors read. The denied thing is
recognised by its description: the report asserting the link describes it (two of its
content words, "global ... outage") without naming whom the denying report credits it
to (had it named CrowdStrike, it would be speaking of the other event itself).
"""

from __future__ import annotations

import re

from newsdesk.crosscheck.detectors import Conflict
from newsdesk.crosscheck.statements import Statement

# "is unrelated to X", "is not related to X", "isn't the same failure as X", "has nothing
# to do with X", "is separate from X", "no link to X"
_DENIAL = re.compile(
    r"\b(?:unrelated\s+to|(?:is|was|are|were)\s+not\s+(?:related|linked|connected|tied)\s+to|"
    r"(?:isn['’]t|wasn['’]t|aren['’]t|weren['’]t)\s+(?:related|linked|connected|tied)\s+to|"
    r"(?:isn['’]t|is\s+not|wasn['’]t|was\s+not)\s+the\s+same\s+(?P<noun>[a-z]+)\s+as|"
    r"has\s+nothing\s+to\s+do\s+with|(?:is|was)\s+separate\s+from|no\s+(?:link|connection)\s+(?:to|with))"
    r"\s+(?P<what>[^.;:!?]{5,160})", re.I)
# Words that say the same extent however a report puts it.
_EXTENT = {"global": "world", "globally": "world", "worldwide": "world", "widespread": "world",
           "world": "world"}
_NEGATION = re.compile(r"\b(?:not|no|never|n['’]t|unrelated|denied|denies)\b", re.I)
_FUNCTION = frozenset(w[:5] for w in re.findall(r"\w+", (
    "that this these those with from have been were will would could should also said says told added "
    "according about after before their there which while what when where into over than they them then "
    "some other more most such only just very being having same caused cause")))
# A description shares at least this many content words with the denied thing's.
SHARED = 2


def _stems(text: str) -> set[str]:
    words = re.findall(r"\b[a-z][a-z'-]{3,}\b", text)
    return {_EXTENT.get(w, w[:5]) for w in words} - _FUNCTION


def _names(text: str) -> set[str]:
    return {re.sub(r"(?:'s|’s)$", "", w).lower() for w in re.findall(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*", text)}


def denied_link(s: Statement) -> tuple[str, set[str], set[str]] | None:
    """(wording, its content stems, names) of what the sentence says its subject is not."""
    m = _DENIAL.search(s.text)
    if not m:
        return None
    what = m.group("what")
    names = _names(what)
    if not names:
        return None  # the other thing must be named: "unrelated to the weather" is no event
    stems = _stems(what) | ({m.group("noun").lower()[:5]} if m.group("noun") else set())
    return m.group(0).strip(), stems, names


# A sentence ties its subject to the thing it describes when it says what caused it
# ("This caused a worldwide computer failure") or whose it is ("a broad Norvale failure").
_CAUSE = r"(?:led|lead|leads|leading)\s+to|caused|causing|resulted\s+in|resulting\s+in|triggered|sparked"


def _ties(text: str, stems: set[str]) -> bool:
    for m in re.finditer(r"\b[a-z][a-z'-]{3,}\b", text):
        if m.group()[:5] not in stems:
            continue
        before = text[max(0, m.start() - 45):m.start()]
        if re.search(rf"\b(?:{_CAUSE})\b[^.,;]*$", before) or \
                re.search(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*\s+$", before[-25:]):
            return True
    return False


def link_conflict(a: Statement, b: Statement) -> Conflict | None:
    """``a`` denies a link to a named event that ``b`` describes, uncredited, as its own:
    two content words of the denied thing's description, its extent among them where it
    has one ("global", "worldwide", "around the world")."""
    denial = denied_link(a)
    if denial is None or denied_link(b) is not None or _NEGATION.search(b.text):
        return None
    wording, stems, names = denial
    shared = stems & _stems(b.text)
    if names & _names(b.text) or len(shared) < SHARED or ("world" in stems and "world" not in shared):
        return None
    if not _ties(b.text, shared - {"world"}):
        return None
    return Conflict("polarity", f"“{wording}” vs {b.text.strip()[:90]}", 0.6)

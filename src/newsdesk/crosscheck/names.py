"""Names across reports: spelling and transliteration variants of one name (never a
dispute), a misspelled name, and the entity swap detector (the same sentence with
another person in one slot).
"""

from __future__ import annotations

import re
import unicodedata

from newsdesk.crosscheck.detectors import SIM_ENTITY, Conflict, _words
from newsdesk.crosscheck.statements import Statement


def _squash(name: str) -> str:
    """Key that ignores case, accents, hyphens and doubled letters, so transliteration
    variants (Kanani/Kanaani, Orlani/Orlanni, Zelenskiy/Zelenskyy) compare equal."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if c.isalpha() or c == " ")
    text = text.replace("yy", "y").replace("iy", "y")
    return re.sub(r"(.)\1+", r"\1", text)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def misspelled_name(a: str, b: str) -> bool:
    """Two spellings of one name that are not a common transliteration variant."""
    if a == b or len(a) < 4 or len(b) < 4:
        return False
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or _squash(a) == _squash(b):
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = (_squash(w) for w in differing[0])
    # "O'Neill" / "ONeills": a possessive printed without its apostrophe
    return x.rstrip("s") != y.rstrip("s") and _edit_distance(*differing[0]) <= 2


def _shared_words(x: str, y: str) -> set[str]:
    wx = {_squash(w) for w in re.split(r"[\s-]+", x) if len(w) > 2}
    return wx & {_squash(w) for w in re.split(r"[\s-]+", y) if len(w) > 2}


def _skeleton(word: str) -> str:
    """A name word's first letter and its consonants: "Amir"/"Amer", "Muhammed"/"Mohammed",
    "Rasheed"/"Rashid" share one (vowels are what transliterations disagree on)."""
    word = _squash(word)
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


def transliterated(x: str, y: str) -> bool:
    """Two renderings of one multi-word name: every word alike but for its vowels."""
    wx, wy = re.split(r"[\s-]+", x.strip()), re.split(r"[\s-]+", y.strip())
    return (len(wx) == len(wy) >= 2 and x != y
            and all(len(_skeleton(p)) >= 2 and _skeleton(p) == _skeleton(q)
                    for p, q in zip(wx, wy, strict=True)))


def one_person(x: str, y: str) -> bool:
    """Two mentions that may name one person: a shared name word, allowing for
    transliteration ("Muqtada al Sadr" / "Moqtada al-Sadr", "Tim" / "Timothy Muris",
    "Amir Muhammed Rasheed" / "Amer Mohammed Rashid")."""
    return _squash(x) == _squash(y) or bool(_shared_words(x, y)) or transliterated(x, y)


_ATTRIBUTION = re.compile(r"^[\s,]*(?:said|says|told|added|wrote|stated|explained|according)\b", re.I)


_SAYS = re.compile(r"\b(?:said|says|told|added|wrote|stated|explained|according to)\b", re.I)


def _fills_slot(text: str, name: str, other: str) -> bool:
    """Is a person's name part of what the sentence states? Not when it modifies a word
    ("Tony-award winning"), nor when it names the sentence's source ("…, publicist Allen
    Eichorn said", "according to Reyl") and the other report names no source at all:
    a source one report gives and another leaves out is no swap. Two reports that
    name different sources for one statement do fill one slot differently."""
    at = text.find(name)
    if at < 0:
        return True
    after = text[at + len(name):]
    if after.startswith("-"):
        return False
    source = bool(_ATTRIBUTION.match(after)) or text[:at].rstrip().lower().endswith("according to")
    return not source or bool(_SAYS.search(other))


def _people(s: Statement, other: Statement, label: str) -> dict[str, str]:
    """The entities of one label that fill a slot of the statement."""
    return {m["entity_id"]: m["text"] for m in s.mentions if m.get("label") == label
            and m.get("entity_id") and _fills_slot(s.text, str(m["text"]), other.text)}


def _neighbours(text: str, name: str) -> tuple[str, str]:
    at = text.find(name)
    if at < 0:
        return "", ""
    before, after = _words(text[:at])[-1:], _words(text[at + len(name):])[:1]
    return (before[0] if before else "^"), (after[0] if after else "$")


def _same_slot(a_text: str, x: str, b_text: str, y: str) -> bool:
    """Do two names stand between the same words ("said X," / "said Y,", "President X
    told" / "President Y told")?"""
    (bx, ax), (by, ay) = _neighbours(a_text, x), _neighbours(b_text, y)
    return bx == by or ax == ay


def entity_swap(a: Statement, b: Statement, sim: float,
                full_names: dict[str, str] | None = None) -> Conflict | None:
    """The same sentence with a different person in one slot. ``full_names``: the
    longest name each entity goes by in the story."""
    if sim < SIM_ENTITY:
        return None
    # People only: organisations and places appear in datelines and asides, which
    # makes their sets differ between any two phrasings of one sentence.
    for label in ("PERSON",):
        ea, eb = _people(a, b, label), _people(b, a, label)
        only_a, only_b = set(ea) - set(eb), set(eb) - set(ea)
        if len(only_a) == 1 and len(only_b) == 1 and len(ea) == len(eb):
            x, y = ea[next(iter(only_a))], eb[next(iter(only_b))]
            if one_person(x, y) or x.lower() in b.text.lower() or y.lower() in a.text.lower():
                continue  # "Bush" / "George W. Bush", or a name the tagger missed on one side
            full = full_names or {}
            if " " not in full.get(next(iter(only_a)), x) + full.get(next(iter(only_b)), y):
                continue  # two one-word names ("Saddam", "Hussein") may be parts of one name
            if not _same_slot(a.text, x, b.text, y):
                # The two names must fill one slot: the same words around them ("said
                # X" / "said Y"). A name in one report's aside and another in the other's
                # (a photo credit, a blog post's author, a product) is no swap.
                continue
            return Conflict("entity", f"{x} vs {y} in the same statement", round(min(0.9, sim), 2))
    return None

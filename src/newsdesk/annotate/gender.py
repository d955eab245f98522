"""A gender guess for people, so that "she said" is never given to a man.

Each canonical person collects weighted votes, across every article read:

- an honorific right before the name (Mr, Mrs, Ms, Miss): strong;
- a gendered word in one of their titles (spokeswoman, chairman, queen): strong;
- a common first name from the short lists below: medium;
- a pronoun that can only point to them: "Brandt hosted her counterpart" (the one
  person named before a possessive, reflexive or subject pronoun in its sentence) or
  "Veltan spoke. He said ..." (the one person of the sentence before one that opens
  with he or she): weak, one vote each.

A side wins when it has at least three times the other's weight, so a stray vote
("Trump attacked her record", where "her" is someone else) is outweighed once a
person is seen a few times. Pronouns inside quote marks are not counted: the speaker
of a quote talks about other people. Pronoun resolution (quotes.py) only drops a
candidate whose guess conflicts with the pronoun; people with no guess stay eligible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from newsdesk.annotate.lexicon import words
from newsdesk.annotate.parse import tokens_where
from newsdesk.records import Entity, Mention

FEMALE = "female"
MALE = "male"

PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
HONORIFIC_GENDER = {"mr": MALE, "mr.": MALE, "sir": MALE, "lord": MALE,
                    "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE, "ms.": FEMALE,
                    "miss": FEMALE, "dame": FEMALE, "lady": FEMALE}

# Title words that say it alone ("-woman" / "-man" compounds are read off the suffix).
_FEMALE_TITLES = words("""queen princess duchess empress countess baroness actress widow mother
    wife daughter sister grandmother aunt niece girlfriend bride nun matriarch""")
_MALE_TITLES = words("""king prince duke emperor count baron widower father husband son brother
    grandfather uncle nephew boyfriend groom monk patriarch""")
_NOT_GENDERED = words("human german roman ottoman")

# Common first names, written for this module: a prior, not a census. Names used for
# both (Jean, Andrea, Kim, Robin, Sasha) are left out on purpose.
_FEMALE_NAMES = words("""mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
    nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda
    melissa deborah stephanie rebecca laura helen sharon cynthia kathleen amy shirley angela anna
    ruth brenda pamela nicole katherine virginia catherine christine samantha debra janet rachel
    carolyn emma maria heather diane julie joyce victoria kelly christina joan evelyn lauren
    judith olivia martha cheryl megan andrea hannah jacqueline ann teresa gloria sara janice
    julia marie madison grace judy theresa beverly denise marilyn amber danielle rose brittany
    diana abigail natalie jane lori alexis tiffany kayla hillary nikki kellyanne melania ivanka
    chelsea condoleezza nancy elena sonia ruth ursula angela theresa giorgia marine jacinda
    sophie claire chloe isabelle ingrid astrid greta olga natalia svetlana irina tatiana
    yulia fatima aisha leila mariam""")
_MALE_NAMES = words("""james robert john michael william david richard joseph thomas charles
    christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
    george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry
    tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith
    christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan
    billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell
    elijah louis bobby philip johnny barack mitt mike bernie ted marco rand newt rudy reince
    vladimir sergei dmitry boris emmanuel olaf friedrich xi recep benjamin ali mohammed muhammad
    ahmed hassan hussein omar ibrahim abdullah antony jens volodymyr""")

_CUE_WORDS = frozenset(PRONOUN_GENDER) | frozenset(HONORIFIC_GENDER)
_WEIGHT_STRONG = 3
_WEIGHT_NAME = 2
_WEIGHT_PRONOUN = 1


def title_gender(title: str) -> str | None:
    for word in title.lower().replace("-", " ").split():
        if word in _FEMALE_TITLES or (word.endswith("woman") and word not in _NOT_GENDERED):
            return FEMALE
        if word in _MALE_TITLES or (word.endswith("man") and word not in _NOT_GENDERED):
            return MALE
    return None


def first_name_gender(name: str) -> str | None:
    parts = name.split()
    if len(parts) < 2:
        return None  # a bare surname says nothing
    first = parts[0].lower()
    if first in _FEMALE_NAMES and first not in _MALE_NAMES:
        return FEMALE
    if first in _MALE_NAMES and first not in _FEMALE_NAMES:
        return MALE
    return None


def decide(votes: dict[str, int]) -> str | None:
    """The gender the votes support, or None when they are too few or split."""
    f, m = votes.get(FEMALE, 0), votes.get(MALE, 0)
    if f >= 1 and f >= 3 * m:
        return FEMALE
    if m >= 1 and m >= 3 * f:
        return MALE
    return None


def gender_of(entity: Entity) -> str | None:
    value = entity.attributes.get("gender")
    return value if value in (FEMALE, MALE) else None


def add_votes(entity: Entity, votes: Counter[str]) -> None:
    """Add one article's votes to a person (or take them back) and update the guess."""
    total: dict[str, int] = entity.attributes.setdefault("gender_votes", {})
    for side, n in votes.items():
        total[side] = max(0, total.get(side, 0) + n)  # n < 0: an article's votes taken back
    guess = decide(total)
    if guess is None:
        entity.attributes.pop("gender", None)
    else:
        entity.attributes["gender"] = guess


def merge_votes(target: Entity, source: Entity) -> None:
    """Two entities found to be one person (canonical.py): their votes add up."""
    add_votes(target, Counter(source.attributes.get("gender_votes", {})))


class _Persons:
    """The person mentions of one article, in text order, for "who was named before"."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.items = [(m.start, m.end, m.entity_id) for m in mentions
                      if m.label == "PERSON" and m.entity_id]

    def between(self, start: int, end: int) -> set[str]:
        return {eid for a, _b, eid in self.items if start <= a < end and eid}

    def starting_near(self, char: int) -> str | None:
        return next((eid for a, _b, eid in self.items if char <= a <= char + 2), None)


def article_votes(parsed: Any, mentions: list[Mention], titles: dict[str, list[str]],
                  names: dict[str, str], quoted: Callable[[int], bool]
                  ) -> dict[str, Counter[str]]:
    """Entity id -> this article's gender votes (``titles`` and ``names``: per person
    entity id, its titles here and its full name)."""
    votes: dict[str, Counter[str]] = {}

    def vote(eid: str, gender: str, weight: int) -> None:
        votes.setdefault(eid, Counter())[gender] += weight

    for eid, name in names.items():
        guess = first_name_gender(name)
        if guess:
            vote(eid, guess, _WEIGHT_NAME)
        for title in titles.get(eid, []):
            title_guess = title_gender(title)
            if title_guess:
                vote(eid, title_guess, _WEIGHT_STRONG)
                break
    persons = _Persons(mentions)
    previous_start = None
    cues: dict[int, list[Any]] = {}  # paragraph offset -> its pronouns and honorifics
    for _index, sent, para in parsed.iter_sents():
        sent_start = para.offset + sent.start_char
        if para.offset not in cues:
            cues[para.offset] = tokens_where(para.doc, "LOWER", _CUE_WORDS)
        for tok in cues[para.offset]:
            if not sent.start <= tok.i < sent.end:
                continue
            lower = tok.lower_
            at = para.offset + tok.idx
            if lower in HONORIFIC_GENDER:
                named_next = persons.starting_near(at + len(tok.text) + 1)
                if named_next:
                    vote(named_next, HONORIFIC_GENDER[lower], _WEIGHT_STRONG)
                continue
            gender = PRONOUN_GENDER.get(lower)
            if gender is None or quoted(at) or (tok.tag_ == "PRP" and lower in ("him", "her")):
                continue  # object pronouns mostly point away from the clause's subject
            if tok.i == sent.start or (tok.i == sent.start + 1 and sent[0].is_punct):
                if tok.dep_ != "nsubj" or previous_start is None:
                    continue
                named = persons.between(previous_start, sent_start)
            else:
                named = persons.between(sent_start, at)
            if len(named) == 1:
                vote(next(iter(named)), gender, _WEIGHT_PRONOUN)
        previous_start = sent_start
    return votes

"""Word lists the annotators share: speech cues, hedges, negating verbs, titles.

Kept as plain data in one place so that a change of vocabulary is one edit and the
rules in the other modules stay short.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())

# Verbs that introduce someone's words (lemmas). Direct quotes and reported speech
# both hang off one of these.
SPEECH_CUES = words("""say tell add state claim announce declare explain insist argue warn note write report
    reply respond ask suggest acknowledge admit confirm deny reject accuse allege assert maintain
    stress emphasize emphasise highlight underline underscore predict promise vow pledge urge
    describe tweet post comment remark
    repeat reiterate recall indicate complain criticize criticise praise concede testify conclude
    estimate mention caution demand question signal call dismiss blame condemn threaten boast
    recount shout joke quip contend counter agree disagree believe think hope fear expect
    implore exclaim fume plead retort snap scoff muse lament proclaim announce observe wonder
    whisper yell scream cry chant sigh continue email text reply instruct advise concede
    read charge bark confess echo interject interrupt respond assure reassure inform""")

# Cues that take an object instead of a clause: "X rejected the accusations".
OBJECT_CUES = words("deny reject dismiss refute condemn accuse criticize criticise")

# Nouns that make "X rejected the <noun>" a statement about someone else's words.
STATEMENT_NOUNS = words("""accusation allegation claim charge report statement suggestion assertion""")

# A sentence's polarity flips with these verbs ("Tehran denied that ...").
NEGATING_VERBS = words("deny reject refute dismiss refuse rebut disavow")
NEGATION_WORDS = words("not n't no never neither nor none")

# Words that mark a statement as unconfirmed or reported second-hand.
HEDGES = words("""alleged allegedly reportedly reported purportedly purported apparently may might could
    possibly probably likely unconfirmed suspected presumably seemingly rumoured rumored""")
HEDGE_PHRASES = ("according to", "is said to", "are said to", "believed to", "thought to",
                 "is expected to", "are expected to")

# Head nouns of a description that can stand for a person ("the minister said").
PERSON_ROLES = words("""minister secretary spokesman spokeswoman spokesperson president premier chancellor
    official diplomat envoy ambassador leader chief head director senator governor mayor
    general commander counterpart prime king queen prince emperor pope lawmaker adviser advisor
    representative candidate nominee chairman chairwoman chair deputy aide negotiator
    prosecutor judge attorney lawyer analyst expert officer speaker congressman congresswoman
    strategist""")

# Abbreviated titles before names ("Gov. Perry", "Sen. Rubio"), read as the role words
# above when a description ("the governor said") looks for the person holding them.
TITLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative",
                       "pres": "president", "gen": "general", "sec": "secretary",
                       "amb": "ambassador", "atty": "attorney", "adm": "admiral",
                       "cmdr": "commander", "supt": "superintendent"}

# Words of a title before a name that are not part of the name ("Mr. Obama").
HONORIFICS = words("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady rev rev.")

PRONOUNS_PERSON = words("he she him her his i we me")

# The lemmatizer is switched off for speed (a quarter of the parse time); verbs are
# matched against the lists above through their inflected forms instead.
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "thought": "think", "spoke": "speak", "spoken": "speak", "made": "make", "gave": "give",
    "given": "give", "took": "take", "taken": "take", "met": "meet", "held": "hold",
    "sought": "seek", "brought": "bring", "won": "win", "lost": "lose", "struck": "strike",
    "shot": "shoot", "fought": "fight", "sent": "send", "left": "leave", "began": "begin",
    "begun": "begin", "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see",
    "knew": "know", "known": "know", "found": "find", "led": "lead", "fled": "flee",
    "kept": "keep", "sold": "sell", "bought": "buy", "paid": "pay", "hit": "hit",
    "put": "put", "cut": "cut", "let": "let", "set": "set", "quit": "quit", "beat": "beat",
    "beaten": "beat", "blew": "blow", "blown": "blow", "threw": "throw", "thrown": "throw",
    "withdrew": "withdraw", "withdrawn": "withdraw", "seized": "seize", "stole": "steal",
    "stolen": "steal", "broke": "break", "broken": "break", "swore": "swear", "sworn": "swear",
    "froze": "freeze", "frozen": "freeze", "forbade": "forbid", "forbidden": "forbid",
    "overthrew": "overthrow", "overthrown": "overthrow", "rode": "ride", "drove": "drive",
    "driven": "drive", "fell": "fall", "fallen": "fall", "was": "be", "were": "be", "is": "be",
    "are": "be", "been": "be", "has": "have", "had": "have", "did": "do", "does": "do",
}


def verb_lemma(word: str, vocabulary: frozenset[str] | set[str] | dict[str, str]) -> str:
    """The lemma of an inflected verb when it is in ``vocabulary``, else the word lowered."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in vocabulary:
        return w
    candidates = []
    if w.endswith("ies") or w.endswith("ied"):
        candidates.append(w[:-3] + "y")
    if w.endswith("ing"):
        stem = w[:-3]
        candidates += [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2]
                       else stem]
    if w.endswith("ed"):
        stem = w[:-2]
        candidates += [stem, w[:-1], stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2]
                       else stem]
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    for c in candidates:
        if c in vocabulary:
            return c
    return w


# Month names and their abbreviations, with the month's number (dates read the number;
# quantities only need to know a word is a month: "July 19" is a date, not a figure).
MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}


_SMALL_WORDS = words("a an the of to in on for and or at by with from as vs")


def headline_like(text: str) -> bool:
    """A line in title case ("Norvale Slams ‘Hollow’ Zentrix Response"): its
    capitals say nothing about which words are names."""
    found = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if w.lower() not in _SMALL_WORDS]
    return len(found) >= 3 and sum(w[:1].isupper() for w in found) >= 0.8 * len(found)


# Time zones, which the tagger takes for organisations ("03:41 UTC" gives the company UTC).
TIME_ZONES = frozenset({"UTC", "GMT", "CET", "CEST", "BST", "EDT", "EST", "ET", "CDT", "CST", "MDT",
                        "MST", "PDT", "PST", "PT", "IST", "JST", "AEST", "AEDT", "MSK"})


# A wire dateline opening a paragraph: "LIMA, March 17 (Northwire) - ", "BALTIMORE — ",
# "PARIS (AFP) - ": where and when the report was filed, not part of what it tells.
DATELINE = re.compile(r"[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z0-9][A-Za-z0-9. ]*)?\s*"
                      r"(?:\([A-Za-z. ]+\)\s*)?[-\u2013\u2014]\s+")


def possessive_at(text: str, end: int) -> bool:
    """Does the word ending at ``end`` take a possessive "'s" ("Tuesday's explosion")?"""
    return text.startswith(("'s", "\u2019s"), end)

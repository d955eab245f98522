"""Altered quotes: one speaker, one quote, different words (and which words changed).

Reporters quote the same remark with different spelling, contractions, tense of the
reporting frame, cuts at either end and "..." for words left out; none of that is an
alteration. What is: a word replaced by another ("accept" → "tolerate"), or a negation
or a figure added or dropped.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from newsdesk.crosscheck.detectors import _STOP, Conflict, _words, per_text
from newsdesk.crosscheck.names import _shared_words, _squash, one_person

# Quotes sharing fewer of their words than this are different quotes.
SAME_QUOTE = 0.45
# Quoted words shorter than this are a phrase in quote marks, not a remark to attribute.
MIN_MISATTRIBUTED = 6
# Unattributed quotes (no speaker found for either) must be this alike to be one quote.
SAME_QUOTE_UNATTRIBUTED = 0.7
# ... unless the two sentences around them are this alike (one sentence, rewritten).
SAME_SENTENCE = 0.9
# A remark reworded beyond lining up is still one remark paraphrased inside quote marks
# when one speaker's two versions share this much of their words, in sentences this alike.
REWORDED_OVERLAP = 0.5
REWORDED_SIM = 0.75
# More changed places than this: a paraphrase or a translation in quote marks, not an
# edit of one remark; the cross-check cannot say which words changed.
MAX_CHANGES = 2

_CONTRACTIONS = {"n't": ["not"], "'re": ["are"], "'m": ["am"], "'ve": ["have"], "'ll": ["will"],
                 "'d": ["would"]}
_IRREGULAR_NOT = {"won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"]}
_IS = frozenset(["it's", "that's", "there's", "he's", "she's", "what's", "here's", "who's", "let's"])
_NEGATIONS = frozenset(["not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without"])
_ELLIPSIS = re.compile(r"\.\.\.|…")
# Turning reported speech into a quote changes the person ("its unions" / "our unions").
_PERSONS = frozenset(["i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "them", "my", "our",
                      "your", "his", "her", "their", "its"])
# A changed place longer than this on either side is a rewording (or quote marks placed
# differently), not an edit of a word or two.
MAX_PLACE = 3


# Month abbreviations a paper's style turns a quote's "September" into.
_MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
           "jul": "july", "aug": "august", "sep": "september", "sept": "september",
           "oct": "october", "nov": "november", "dec": "december"}
_VOWELS = re.compile(r"[aeiouy]")


def _consonants(word: str) -> str:
    """A word's consonants with British -ise/-yse spelled -ize/-yze and doubled letters
    single: "realised" / "realized", "programme" / "program", "colour" / "color"."""
    word = re.sub(r"(?<=[iy])s(?=e|ed|es|ing|ation|ations)?$", "z", word)
    return re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))


def _same_spelling(removed: list[str], added: list[str]) -> bool:
    """One word spelled two ways: "co-mingling" / "comingling", "al-Qaeda" / "al-Qaida"
    (consonants alike, words of five letters or more), "Sept." / "September"."""
    if "".join(removed) == "".join(added):
        return True
    if len(removed) != len(added):
        return _acronym(removed, added) or _acronym(added, removed)
    return all(x == y or (min(len(x), len(y)) >= 5 and _consonants(x) == _consonants(y))
               for x, y in zip(removed, added, strict=True))


def _acronym(short: list[str], long: list[str]) -> bool:
    """"UK" / "United Kingdom", "UN" / "United Nations": initials of the other side."""
    return len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[:1] for w in long)


_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


@per_text  # asked for each statement in every pair
def outside_quotes(sentence: str) -> str:
    """The sentence with quoted words blanked out, including a quote that opens or
    closes beyond the sentence ("He said: \"I have driven this road for years." )."""
    outside = _QUOTED.sub(lambda m: " " * len(m.group()), sentence)
    left = list(re.finditer(r"[“”\"]", outside))
    if len(left) == 1:
        at, mark = left[0].start(), left[0].group()
        opening = mark == "“" or (mark == '"' and (at == 0 or outside[at - 1] in " :(—-"))
        outside = outside[:at] + " " * (len(outside) - at) if opening else " " * (at + 1) + outside[at + 1:]
    return outside


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "d", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def quote_tokens(text: str) -> list[str]:
    """Word stems with contractions spelled out, hyphenated words split and possessives
    dropped: "It's", "head-kicker", "princess's", "per cent" → it is, head kick, princess, percent."""
    return list(_quote_token_tuple(text))


@per_text  # each quote is compared with every other of its story
def _quote_token_tuple(text: str) -> tuple[str, ...]:
    text = re.sub(r"\bper cent\b", "percent", text.replace("’", "'"), flags=re.I)
    out: list[str] = []
    for word in _words(text):
        if word in _IRREGULAR_NOT:
            out += _IRREGULAR_NOT[word]
        elif word in _IS:
            out += [word[:-2], "is"]
        elif any(word.endswith(e) and len(word) > len(e) for e in _CONTRACTIONS):
            ending = next(e for e in _CONTRACTIONS if word.endswith(e))
            out += [word[: -len(ending)], *_CONTRACTIONS[ending]]
        else:
            out += [w for w in re.sub(r"'s?$", "", word).split("-") if w]
    return tuple(_stem(_MONTHS.get(w, w)) for w in out)


def changed_words(a: str, b: str) -> tuple[list[str], list[str], bool]:
    """Words only in a, words only in b, and whether one is a plain excerpt of the other."""
    wa, wb = _words(a), _words(b)
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    inner = [op for op in ops if op[0] != "equal"]
    only_a = [w for op in inner for w in wa[op[1]:op[2]]]
    only_b = [w for op in inner for w in wb[op[3]:op[4]]]
    # An excerpt: every difference is a cut at the start or the end of the quote.
    excerpt = all(op[0] in ("delete", "insert") and (op is ops[0] or op is ops[-1]) for op in inner)
    return only_a, only_b, excerpt


_STOP_STEMS = _STOP | {_stem(w) for w in _STOP}  # quote tokens are stems: "this" → "thi"
EDITED = "xeditorialx"  # stands for words in [square brackets]: the reporter's, not the speaker's
_BRACKETS = re.compile(r"\[[^\]]*\]")


def _substantive(removed: list[str], added: list[str], replaced: bool, after_number: bool) -> bool:
    """Does one changed place alter what was said? A replaced content word does; an
    added or dropped word only when it is a negation (a cut elsewhere is editing).
    Figures and their units are left to the unit-aware quantity rule (a quoted
    "75 miles" may be printed as "120 km")."""
    words = removed + added
    if sorted(removed) == sorted(added) or after_number or any(any(c.isdigit() for c in w) for w in words):
        return False
    if not replaced:
        return any(w in _NEGATIONS for w in words)
    return any((w not in _STOP_STEMS and w not in _PERSONS) or w in _NEGATIONS for w in words)


def altered_places(a: str, b: str) -> list[tuple[list[str], list[str]]] | None:
    """The places where quote b says something else than quote a (normalised words);
    None when the two are worded too differently to line up."""
    # "[the suspects]" is the reporter's gloss for the speaker's "them": any words.
    ta, tb = (quote_tokens(_BRACKETS.sub(f" {EDITED} ", q)) for q in (a, b))
    names = _capitalised(a) | _capitalised(b)
    ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    inner = [op for op in ops if op[0] != "equal" and op is not ops[0] and op is not ops[-1]]
    inner += [op for op in (ops[0], ops[-1]) if op[0] == "replace"]  # a changed first or last word
    elided = bool(_ELLIPSIS.search(a) or _ELLIPSIS.search(b))
    places = []
    for tag, i1, i2, j1, j2 in inner:
        if tag != "replace" and elided:
            continue  # "selling ... against" may stand for any words
        if tag == "replace" and max(i2 - i1, j2 - j1) > MAX_PLACE:
            return None  # reworded: two renderings of a remark, the words cannot be lined up
        after_number = i1 > 0 and ta[i1 - 1].replace(",", "").isdigit()
        if tag == "replace" and (_same_spelling(ta[i1:i2], tb[j1:j2]) or EDITED in ta[i1:i2] + tb[j1:j2]
                                 or _name_for_pronoun(ta[i1:i2], tb[j1:j2], names)):
            continue
        if _substantive(ta[i1:i2], tb[j1:j2], tag == "replace", after_number):
            places.append((ta[i1:i2], tb[j1:j2]))
    # a reordering ("assault and harassment") changes no words
    moved = sorted(w for p in places for w in p[0]) == sorted(w for p in places for w in p[1])
    return [] if moved else places


_PRONOUNS = frozenset(["he", "she", "they", "it", "his", "her", "their", "him", "them"])


def _capitalised(quote: str) -> set[str]:
    """Stems of the capitalised words of a quote: its names (and its first word)."""
    return {quote_tokens(w)[0] for w in re.findall(r"[\w'’-]+", quote)
            if w[:1].isupper() and quote_tokens(w)} - {"i"}


def _name_for_pronoun(removed: list[str], added: list[str], names: set[str]) -> bool:
    """"Senator Clinton should be ashamed" / "She should be ashamed": a name and a
    pronoun for it, the same remark reported with or without the reporter's help."""
    for short, long in ((removed, added), (added, removed)):
        if len(short) == 1 and short[0] in _PRONOUNS and 1 <= len(long) <= 3 and set(long) <= names:
            return True
    return False


def _speaker(q: dict[str, Any]) -> str | None:
    return q.get("speaker_entity_id") or q.get("speaker")


def surname(name: str | None) -> str | None:
    """The last word of a name before any lower-case word or suffix: "Sheena Young of
    Child" → young, "Harold W. Gehman Jr." → gehman."""
    core: list[str] = []
    for word in (name or "").split():
        if not word[:1].isupper():
            break
        core.append(word.strip(".,").lower())
    core = [w for w in core if w not in ("jr", "sr", "ii", "iii")]
    return core[-1] if core else None


def _same_name(a: str | None, b: str | None) -> bool:
    """"Brandt", "Aurelia Brandt" and "Aurelia Brandt of Estmark" name one person when a
    quote is compared."""
    sa = surname(a)
    if sa and sa == surname(b):
        return True
    # One word that is part of the other name: "Thaksin" / "Thaksin Shinawatra" (a
    # given name used alone, as in Thai and Indonesian usage)
    words_a, words_b = ({_squash(w) for w in (n or "").split()} for n in (a, b))
    if (len(words_a) == 1 and words_a <= words_b) or (len(words_b) == 1 and words_b <= words_a):
        return True
    # "Muqtada al Sadr" / "Moqtada al-Sadr": a shared name word other than a first name
    first = {_squash(w.split()[0]) for w in (a, b) if w and w.split()}
    return one_person(a or "", b or "") and not _shared_words(a or "", b or "") <= first


def _uncertain_speaker(q: dict[str, Any]) -> bool:
    """Resolved from a pronoun or a description ("the Connecticut Democrat"): the
    attribution is our inference."""
    said = str(q.get("speaker_text") or "").split()
    if not _speaker(q) or not said:
        return True
    named = {_squash(w) for w in str(q.get("speaker") or "").split()}
    if named and not named & {_squash(w) for w in said}:
        return True  # "a statement read", "the company said": the name is our inference
    return said[0][:1].islower() or (len(said) <= 2 and said[-1].lower() in _PRONOUNS | {"minister"})


def _number_changed(a: str, b: str) -> tuple[str, str] | None:
    """One remark quoted with a noun made singular or plural ("their loved one" / "their
    loved ones"): the stems the other rules compare are alike, the meaning is not. The
    words around it must be the same, and the word a content word."""
    if _ELLIPSIS.search(a) or _ELLIPSIS.search(b):
        return None
    wa, wb = _words(a), _words(b)
    ops = [op for op in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    inner = [op for op in ops if op[1] > 0 and op[2] < len(wa) and op[3] > 0 and op[4] < len(wb)]
    if len(inner) != 1 or inner[0][0] != "replace":
        return None
    _, i1, i2, j1, j2 = inner[0]
    if i2 - i1 != 1 or j2 - j1 != 1:
        return None
    x, y = wa[i1], wb[j1]
    short, long = sorted((x, y), key=len)
    if short in _STOP or short in _PERSONS or len(short) < 3 or long not in (short + "s", short + "es"):
        return None
    return f"{wa[i1 - 1]} {x}", f"{wb[j1 - 1]} {y}"


def _overlap(a: str, b: str) -> float:
    wa, wb = set(quote_tokens(a)), set(quote_tokens(b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _one_slot(a: str, b: str) -> bool:
    """Two short quotes of one rewritten sentence that fill the same place: as long, and
    sharing a word ("aggressive war" / "very war"), unlike its two different quotes."""
    ta, tb = quote_tokens(a), quote_tokens(b)
    return abs(len(ta) - len(tb)) <= 1 and bool(set(ta) & set(tb))


def joined_quotes(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A sentence's direct quotes, with the fragments of one speaker's remark joined
    (“As a professional,” he added, “I think ...”): another report may
    quote the remark whole, and a fragment compared alone reads as words changed."""
    out: list[dict[str, Any]] = []
    for q in sorted(quotes, key=lambda q: int(q.get("start") or 0)):
        last = out[-1] if out else None
        one_frame = q.get("cue_start") is not None and q.get("cue_start") == (last or {}).get("cue_start")
        if (last is not None and q.get("kind") == last.get("kind") == "direct"
                and (one_frame or (_speaker(q) and _speaker(q) == _speaker(last)))):
            out[-1] = {**last, "text": f"{last['text']} {q['text']}", "end": q.get("end")}
        else:
            out.append(q)
    return out


def _affiliated(x: str | None, y: str | None, sentences: tuple[str, str]) -> bool:
    """A speaker named in the other report's sentence: "Halliburton" and "Halliburton
    spokeswoman Wendy Hall", "the Marlins" and "Marlins President David Samson" — an
    organisation and the person who speaks for it."""
    a, b = (outside_quotes(t).lower() for t in sentences)
    return bool((x and re.search(rf"\b{re.escape(x.lower())}\b", b))
                or (y and re.search(rf"\b{re.escape(y.lower())}\b", a)))


def quote_conflict(qa: dict[str, Any], qb: dict[str, Any], sim: float = 0.0,
                   sentences: tuple[str, str] | None = None,
                   speaker_kinds: tuple[str | None, str | None] = (None, None)) -> Conflict | None:
    """One quote, different words (or the same words given to different speakers).
    ``sim``: how alike the two sentences are; in near-identical sentences two
    unattributed quotes are one quote however short. ``sentences``: the sentences
    around the two quotes. ``speaker_kinds``: the entity labels (PERSON, ORG, ...) of the
    two speakers where the sentences name them."""
    if qa.get("kind") != "direct" or qb.get("kind") != "direct":
        return None
    overlap = _overlap(qa["text"], qb["text"])
    if overlap < SAME_QUOTE and not (sim >= SAME_SENTENCE and _one_slot(qa["text"], qb["text"])):
        return None  # different quotes
    known = bool(_speaker(qa) and _speaker(qb))
    same_speaker = known and (_speaker(qa) == _speaker(qb)
                              or _same_name(qa.get("speaker"), qb.get("speaker")))
    sure = not (_uncertain_speaker(qa) or _uncertain_speaker(qb))
    places = altered_places(qa["text"], qb["text"])
    if places is None:
        # Worded too differently to line up word by word: one speaker's remark printed two
        # ways, in sentences that say the same thing, is a paraphrase inside quote marks.
        if same_speaker and sure and overlap >= REWORDED_OVERLAP and sim >= REWORDED_SIM:
            # a paraphrase changes many places: its first two read, the rest are counted
            side_a, side_b = readable_changes(qa["text"], qb["text"], PARAPHRASE_PLACES)
            return Conflict("quote", f"{qa.get('speaker') or 'the speaker'}'s quote differs: "
                            f"\u201c{side_a}\u201d vs \u201c{side_b}\u201d \u2014 "
                            "reworded: a paraphrase printed as a quote", 0.6)
        return None
    if not places:
        number = _number_changed(qa["text"], qb["text"]) if same_speaker else None
        if number is not None:
            return Conflict("quote", f"{qa.get('speaker') or 'the speaker'}'s quote differs: "
                            f"\u201c{number[0]}\u201d vs \u201c{number[1]}\u201d \u2014 meaning changed: "
                            "a number (one or many)", 0.7)
        if same_speaker or not sure or (sentences and _affiliated(qa.get("speaker"), qb.get("speaker"),
                                                                  sentences)):
            return None
        if _shared_words(str(qa.get("speaker") or ""), str(qb.get("speaker") or "")):
            return None  # "Joe Biden" / "Biden Tells" (a headline read as a name): one person
        if {"PERSON", "ORG"} <= set(speaker_kinds):
            # One report gives the words to a person, the other to an organisation: reports
            # credit a company or ministry with what its officer wrote or said, so this is
            # a choice of attribution, not two sources of one remark.
            return None
        if min(len(quote_tokens(qa["text"])), len(quote_tokens(qb["text"]))) < MIN_MISATTRIBUTED:
            return None  # a phrase or a name in quote marks ("blue screen of death") is anyone's

        return Conflict("entity", f"the same words are attributed to {qa.get('speaker')} "
                        f"and to {qb.get('speaker')}", 0.8)
    if (not same_speaker and sure) or len(places) > MAX_CHANGES:
        return None  # two people saying similar things, or two renderings of one remark
    if not known and overlap < SAME_QUOTE_UNATTRIBUTED and sim < SAME_SENTENCE:
        return None
    verdict = quote_verdict(qa["text"], qb["text"])
    most = PARAPHRASE_PLACES if verdict.startswith("reworded") else SHOWN_PLACES
    side_a, side_b = readable_changes(qa["text"], qb["text"], most)
    return Conflict("quote", f"{qa.get('speaker') or 'the speaker'}'s quote differs: "
                    f"\u201c{side_a}\u201d vs \u201c{side_b}\u201d \u2014 {verdict}",
                    0.85 if same_speaker else 0.7)


# Changed places shown in a quote finding; more are summed up. A paraphrase printed as
# a quote shows fewer: four scattered places of a reworded remark read as word soup.
SHOWN_PLACES = 4
PARAPHRASE_PLACES = 2
_NUMBER_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                          "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
                          "million", "billion", "dozen"])


# Words that say whom or what an act is aimed at; a change next to one changes the target.
_TARGETING = frozenset(["against", "targeting", "targeted", "target", "targets", "toward", "towards", "aimed",
                        "aiming"])


def _changed_spans(a: str, b: str) -> tuple[list[str], list[str], list[tuple[int, int, int, int]]]:
    """Both versions' (lower-case) words and the changed places between them as word
    ranges (i1, i2 in ``a``; j1, j2 in ``b``); cuts at either end (an excerpt) left out."""
    wa, wb = _words(a), _words(b)
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    inner = [op for op in ops if op[0] != "equal"
             and not (op[0] in ("delete", "insert") and (op is ops[0] or op is ops[-1]))]
    return wa, wb, [(i1, i2, j1, j2) for _, i1, i2, j1, j2 in inner]


def _places(a: str, b: str) -> list[tuple[list[str], list[str], str, str]]:
    """The changed places between two versions of a remark, in their own (lower-case)
    words, with the unchanged word before and after each; cuts at either end (an
    excerpt) left out."""
    wa, wb, spans = _changed_spans(a, b)
    return [(wa[i1:i2], wb[j1:j2], wa[i1 - 1] if i1 else "", wa[i2] if i2 < len(wa) else "")
            for i1, i2, j1, j2 in spans]


def readable_changes(a: str, b: str, most: int = SHOWN_PLACES) -> tuple[str, str]:
    """What each version says where they differ, place by place, with a word of context
    ("actively in contact with" / "actively engaging with"; "loved one" / "loved
    ones"); places of grammar words alone (an added "the") are left out when there are
    others; "…" separates places, and two places one word apart read as one stretch
    ("attempt to frighten" / "effort to scare", not "attempt to … to frighten")."""
    wa, wb, spans = _changed_spans(a, b)
    content = [sp for sp in spans
               if any(w not in _STOP and w not in _PERSONS for w in wa[sp[0]:sp[1]] + wb[sp[2]:sp[3]])]
    shown = (content or spans)[:most]
    more = len(content or spans) - len(shown)
    # Each place with its context word either side, as word ranges of both versions;
    # ranges that meet or share a context word are one stretch (no "…" where nothing is left out).
    stretches: list[list[int]] = []
    for i1, i2, j1, j2 in shown:
        ra = [max(i1 - 1, 0), min(i2 + 1, len(wa)), max(j1 - 1, 0), min(j2 + 1, len(wb))]
        if stretches and ra[0] <= stretches[-1][1] and ra[2] <= stretches[-1][3]:
            stretches[-1][1], stretches[-1][3] = ra[1], ra[3]
        else:
            stretches.append(ra)
    side_a = " \u2026 ".join(" ".join(wa[s0:e0]) for s0, e0, _, _ in stretches)
    side_b = " \u2026 ".join(" ".join(wb[s1:e1]) for _, _, s1, e1 in stretches)
    if more > 0:
        side_b += f" (+{more} more changes)"
    return side_a or "\u2014", side_b or "\u2014"


def quote_verdict(a: str, b: str) -> str:
    """Did the change alter what the remark says? Surely when a negation is added or
    dropped, a number changed (or one made many) or a name; perhaps when a word was
    replaced by another ("accept" → "tolerate": which words mean the same is beyond
    these rules); a paraphrase when many places changed; else only the wording (a
    grammar word, a cut)."""
    kinds = []
    names = {w.lower() for t in (a, b) for w in re.findall(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+", t.strip())}
    for x, y, _, _ in _places(a, b):
        words = set(x) ^ set(y)
        if words & _NEGATIONS:
            kinds.append("negation")
        if (set(x) | set(y)) & _TARGETING and {w for w in words - _TARGETING if w not in _STOP}:
            # "against Ukrainians" / "targeting Ukrainian forces": whom the act is aimed at
            kinds.append("a different target")
            continue
        plural = len(x) == len(y) and any(p != q and (p + "s" == q or q + "s" == p)
                                          for p, q in zip(x, y, strict=True))
        if plural or any(any(c.isdigit() for c in w) or w in _NUMBER_WORDS for w in words):
            kinds.append("a number")
        if words & names:
            kinds.append("a name")
    if kinds:
        return "meaning changed: " + ", ".join(dict.fromkeys(kinds))
    content = [(x, y) for x, y, _, _ in _places(a, b)
               if {w for w in set(x) ^ set(y) if w not in _STOP and w not in _PERSONS}]
    if len(content) > MAX_CHANGES:
        return "reworded: a paraphrase printed as a quote"
    if content:
        return "meaning may have changed: " + "; ".join(
            f"{' '.join(x) or '—'} \u2192 {' '.join(y) or '—'}" for x, y in content)
    return "wording only"

"""Named-entity mentions and their canonical identities, within and across articles.

Within an article, "US Secretary of State Antony Blinken", "Antony Blinken" and
"Blinken" become one person: short forms attach to the one full name they match, and
the words before a name ("US Secretary of State") are kept as the person's titles.
Across articles an ``EntityRegistry`` (loaded from the store) gives every local
identity its canonical entity: by alias, by name key, or by a forgiving match of each
name word (Kanani / Kanaani) that never merges two people whose first names differ.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jellyfish

from newsdesk.annotate.aliases import (
    AliasTable,
    clean_name,
    coarse_type,
    fold,
    name_key,
    same_token,
    token_key,
)
from newsdesk.annotate.lexicon import (
    HONORIFICS,
    PERSON_ROLES,
    SPEECH_CUES,
    TIME_ZONES,
    TITLE_ABBREVIATIONS,
    headline_like,
    verb_lemma,
)
from newsdesk.annotate.parse import (
    ParsedArticle,
    is_nominal,
    is_verb,
    span_text,
    title_or_proper,
    tokens_text,
)
from newsdesk.records import Entity, Mention, content_id

KEEP_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT",
                         "LAW"})
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "prep", "pobj", "poss", "case", "punct",
                         "npadvmod", "appos", "cc", "conj"})
_MAX_TITLE_TOKENS = 8
_MISTAKABLE = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})  # labels spaCy puts on people
# Entity attribute: spelling -> how many reports (articles) write the name so.
REPORTS = "spelling_reports"


@dataclass(slots=True)
class LocalEntity:
    """One identity inside one article, before it is matched to the store's entities."""

    name: str
    type: str
    variants: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)
    alias_of: str | None = None
    entity_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # mentions per spelling


@dataclass(slots=True)
class ArticleEntities:
    mentions: list[Mention]
    locals: list[LocalEntity]
    names: dict[str, str] = field(default_factory=dict)  # entity id -> canonical name
    subjects: set[int] = field(default_factory=set)  # mentions that are a clause's subject
    gender_votes: dict[str, Counter[str]] = field(default_factory=dict)  # what quotes.py added
    extra: list[LocalEntity] = field(default_factory=list)  # people quotes.py found unaided

    def tally(self) -> list[dict[str, Any]]:
        """What this article added to its entities in the registry (spellings, gender
        votes), kept with its annotations so a re-annotation can take it back first."""
        rows: dict[str, dict[str, Any]] = {}
        for loc in [*self.locals, *self.extra]:
            if loc.entity_id and loc.counts:
                row = rows.setdefault(loc.entity_id, {"entity_id": loc.entity_id})
                spellings = row.setdefault("spellings", {})
                for text, n in loc.counts.items():
                    spellings[text] = spellings.get(text, 0) + n
        for eid, votes in self.gender_votes.items():
            rows.setdefault(eid, {"entity_id": eid})["gender_votes"] = dict(votes)
        return [rows[k] for k in sorted(rows)]

    def local_at(self, start: int, end: int) -> LocalEntity | None:
        """The entity of the mention overlapping [start, end), preferring people."""
        best: LocalEntity | None = None
        for loc in self.locals:
            for i in loc.mentions:
                m = self.mentions[i]
                if m.start < end and start < m.end and (best is None or loc.type == "PERSON"):
                    best = loc
        return best

    def nearest(self, before: int, types: frozenset[str], role: str | None = None,
                after: int | None = None, subjects_only: bool = False,
                skip: Callable[[int], bool] | None = None,
                accept: Callable[[LocalEntity], bool] | None = None) -> LocalEntity | None:
        """The entity of the closest mention ending before ``before`` with a fitting type
        (and, when ``role`` is given, a title containing it); mentions after ``after``
        come second, for speakers named only after their words. ``subjects_only`` keeps
        mentions in subject position; ``skip`` drops mentions by start offset and
        ``accept`` entities by what is known of them (a pronoun's gender)."""
        best: tuple[int, LocalEntity] | None = None
        for loc in self.locals:
            if loc.type not in types or (accept is not None and not accept(loc)):
                continue
            if role and not any(role in _spelled_out(t) for t in loc.titles):
                continue
            for i in loc.mentions:
                if subjects_only and i not in self.subjects:
                    continue
                m = self.mentions[i]
                if skip is not None and skip(m.start):
                    continue
                if m.end <= before:
                    dist = before - m.end
                elif after is not None and m.start >= after:
                    dist = 10_000 + m.start - after
                else:
                    continue
                if best is None or dist < best[0]:
                    best = (dist, loc)
        return best[1] if best else None


def _spelled_out(title: str) -> str:
    """A title lowercased with its abbreviations written out ("Gov." -> "governor")."""
    return " ".join(TITLE_ABBREVIATIONS.get(w.rstrip("."), w) for w in title.lower().split())


def _name_tokens(text: str) -> list[str]:
    return [t for t in text.split() if t.lower() not in HONORIFICS]


def _title_of(ent: Any) -> list[str]:
    """Words before and beside a person's name that describe them."""
    titles: list[str] = []
    root = ent.root
    doc = ent.doc
    left = root.left_edge.i
    if left < ent.start:
        words = [t for t in doc[left:ent.start] if t.dep_ in _TITLE_DEPS or is_nominal(t)]
        while words and (words[0].dep_ in ("det", "punct", "cc") or words[0].tag_ == "PRP$"):
            words.pop(0)
        while words and words[-1].dep_ in ("punct", "cc", "case"):
            words.pop()
        # a participle that describes ("well-known attorney", "embattled chief") is
        # part of the title; any other verb means the words are a clause, not a title
        if 0 < len(words) <= _MAX_TITLE_TOKENS and not any(
                is_verb(t) and t.dep_ != "amod" for t in words):
            titles.append(tokens_text(words[0], words[-1]))
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= ent.end:
            span = doc[child.left_edge.i:child.right_edge.i + 1]
            words = [t for t in span if t.dep_ != "det" and t.tag_ != "PRP$"]
            if words and len(words) <= _MAX_TITLE_TOKENS and words[-1].lower_ in PERSON_ROLES | {
                    t.lower_ for t in words if t.lower_ in PERSON_ROLES}:
                titles.append(tokens_text(words[0], words[-1]).strip(", "))
    return titles


def _is_subject(ent: Any) -> bool:
    """Is the name (or the phrase it heads, through appositions) a subject?"""
    tok = ent.root
    for _ in range(3):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        if tok.dep_ == "appos" and tok.head.dep_ == "pobj" and tok.head.head.dep_ == "prep":
            # "A spokesman for Orbitek Lines, Pavel Roos, said": the parser hangs the name
            # set off by commas on the nearest noun; it names the phrase's head
            tok = tok.head.head.head
            continue
        if tok.dep_ not in ("appos", "compound", "conj") or tok.head is tok:
            return False
        tok = tok.head
    return False


# A photo credit the tagger glued to a name: "Anna Moneymaker/Getty Images", "David
# Adams/USACE Baltimore", "John Moore / Getty Images". The name is the part before the
# slash (the photographer); the agency's words are nobody's surname ("Baltimore" is no
# person). Two capitalised words at least before it: "M/V Dali" is a ship's prefix.
_CREDIT = re.compile(r"^(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+)\s*/")


def _without_credit(text: str) -> str:
    found = _CREDIT.match(text)
    return found.group("name") if found else text


# Words a name may hold in lower case: "Bank of America", "Ludwig van Beethoven",
# "Osama bin Laden", "Court of Appeals for the Federal Circuit".
_NAME_PARTICLES = frozenset({"of", "the", "and", "for", "on", "at", "in", "upon", "de", "del", "della",
                             "di", "da", "das", "dos", "du", "des", "la", "le", "van", "von", "der",
                             "den", "ter", "al", "el", "bin", "ibn", "y", "e", "et", "und"})


def _without_glued_words(text: str, headline: bool) -> str:
    """A name the tagger ran on into the words around it, cut back. On a title-case
    line the tagger's span is cut before its last headline verb after the first word:
    from "Biden Tells Baltimore: ..." it takes "Biden Tells", kept as Biden; "Delta Says
    Incident" as Delta; "Consumer Reports Says" as Consumer Reports. A span holding a
    word in lower case that no name holds is no name at all ("FBI Baltimore bridge
    News", a tag line): "" then."""
    words = text.split()
    bare = [w.strip(".,'’") for w in words]
    if any(b.islower() and b.isalpha() and b not in _NAME_PARTICLES for b in bare):
        return ""
    if headline:
        verbs = [k for k, b in enumerate(bare) if k and b[:1].isupper() and b.lower().endswith("s")
                 and b.lower() not in SPEECH_CUES and verb_lemma(b, SPEECH_CUES) in SPEECH_CUES]
        if verbs:
            words = words[:verbs[-1]]
    while words and words[-1].strip(".,'’").lower() in _NAME_PARTICLES:
        words.pop()  # "Bank of" left by a cut
    return " ".join(words)


# The last word of a place's or an organisation's name, never of a person's: spaCy tags
# "Francis Scott Key Bridge" and "Grace Ocean Pte. Ltd" as people.
_FACILITY_ENDS = frozenset({"bridge", "airport", "port", "harbor", "harbour", "avenue", "highway",
                            "tunnel", "channel", "river", "terminal", "hospital", "stadium", "building",
                            "center", "centre"})
# (no surname here: Park, Hall, Court, Tower, Post, Street and Press are people's too)
_ORGANISATION_ENDS = frozenset({"inc", "ltd", "llc", "plc", "corp", "gmbh", "pte", "pvte", "group",
                                "company", "foundation", "council", "committee", "agency", "administration",
                                "department", "ministry", "police", "university", "association",
                                "institute", "authority", "commission", "board", "railway", "airline",
                                "airlines", "services", "systems", "holdings", "partners", "industries",
                                "technologies", "solutions", "ratings", "images"})


def _not_a_person(name: str) -> str | None:
    """FAC or ORG for a name spaCy called a person that ends as no person's does."""
    last = name.split()[-1].strip(".,").lower() if " " in name else ""
    return "FAC" if last in _FACILITY_ENDS else "ORG" if last in _ORGANISATION_ENDS else None


# A title and "of" just before a person's name: "Secretary of Transportation Pete
# Buttigieg", "Minister of Foreign Affairs Wang Yi".
_TITLE_OF = re.compile(r"\b(?P<title>[A-Za-z]+)\s+of\s+(?:the\s+)?$")


def _without_portfolio(text: str, before: str) -> str | None:
    """A person's name the tagger began with the portfolio of the title before it and
    took for an organisation or a person ("Secretary of Transportation Pete Buttigieg"
    tagged "Transportation Pete Buttigieg"): the name without its first word, or None
    when it is no such name. A portfolio of one word is the common case; nothing tells
    a second portfolio word from a first name ("Homeland Security Alejandro Mayorkas",
    "Maria Luisa Garcia"), so one word only; an organisation's own name ("Director of
    Central Intelligence Agency") ends as no person's does."""
    found = _TITLE_OF.search(before)
    words = text.split()
    if (found is None or found.group("title").lower() not in PERSON_ROLES or len(words) < 3
            or _not_a_person(text) is not None or not all(w[:1].isupper() for w in words)):
        return None
    return " ".join(words[1:])


# What follows a dateline's place: ", STATE", an agency in parentheses, then a dash
# ("BALTIMORE (AP) —", "BALTIMORE, MARYLAND - APRIL 05:").
# What follows the place of a dateline up to its dash: "BALTIMORE —", "LONDON, July 19
# (Reuters) -", "PARIS, 3 mars (AFP) -".
_AFTER_DATELINE = re.compile(
    r"\s*(?:,\s*[A-Z0-9][A-Za-z0-9. ]*)?\s*(?:\([A-Za-z. ]+\)\s*)?[-\u2013\u2014]")


def _is_dateline(text: str, start: int, name: str) -> bool:
    """A name in capitals opening a line and followed by a dateline's dash is the place
    the report was filed from, whatever the tagger called it (it takes "BALTIMORE" for a
    person, "HELSINKI" for an organisation)."""
    if not name.isupper() or " " in name:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return (not text[line_start:start].strip()
            and _AFTER_DATELINE.match(text, start + len(name)) is not None)


def extract_mentions(parsed: ParsedArticle, aliases: AliasTable,
                     subjects: set[int] | None = None) -> tuple[list[Mention], list[list[str]]]:
    """Mentions (offsets into the article) and, for each, its titles; the indices of
    mentions in subject position go into ``subjects``."""
    mentions: list[Mention] = []
    titles: list[list[str]] = []
    for sent_index, sent, para in parsed.iter_sents():
        headline: bool | None = None  # the sentence in title case, read when needed
        for ent in sent.ents:
            if ent.label_ not in KEEP_LABELS:
                continue
            raw = span_text(ent)
            text = _without_credit(clean_name(raw))
            if " " in text:
                if headline is None:
                    headline = headline_like(span_text(sent))
                text = _without_glued_words(text, headline)
            tokens = _name_tokens(text)
            if not tokens or not name_key(text) or text in TIME_ZONES:
                continue  # punctuation, a lone honorific or a time zone: no name to keep
            text = " ".join(tokens) if ent.label_ == "PERSON" else text
            at = para.offset + ent.start_char
            label = ent.label_
            if label in ("PERSON", "ORG") and len(tokens) > 2:
                person = _without_portfolio(text, parsed.article.text[max(0, at - 40):at])
                if person is not None:
                    text, label = person, "PERSON"
            start = at + raw.find(text.split()[0])
            alias = aliases.lookup(text)
            label = alias.type if alias else label
            if label in ("PERSON", "ORG") and _is_dateline(parsed.article.text, start, text):
                label = "GPE"
            if label == "PERSON" and alias is None:
                label = _not_a_person(text) or label
            mentions.append(Mention(parsed.article.id, sent_index, start, start + len(text),
                                    text, label))
            titles.append(_title_of(ent) if label == "PERSON" else [])
            if subjects is not None and _is_subject(ent):
                subjects.add(len(mentions) - 1)
    return mentions, titles


def _relabel_surnames(mentions: list[Mention]) -> None:
    """spaCy's small model often tags a person as a place or organisation ("Blinken" as
    GPE, "Aurelia Brandt" as ORG); a mention that is the full name or the surname of a
    person named in full in the same article is that person."""
    full = {name_key(m.text) for m in mentions if m.label == "PERSON" and " " in m.text}
    surnames = {k.split()[-1] for k in full}
    for m in mentions:
        if m.label in _MISTAKABLE and name_key(m.text) in surnames | full:
            m.label = "PERSON"


def _near_surname(a: str, b: str) -> bool:
    """Surnames (keyed) of one person once the first names agree: a spelling variant
    or one slip of the keys (Reyl / Ryel)."""
    return same_token(a, b) or (len(a) >= 4 and len(b) >= 4 and a[0] == b[0]
                                and jellyfish.damerau_levenshtein_distance(a, b) <= 1)


def _compatible_names(a: list[str], b: list[str]) -> bool:
    """Full names (keyed words) of one person: same surname, first names that agree
    (equal, an initial, or a spelling variant). Different first names never merge."""
    if not _near_surname(a[-1], b[-1]):
        return False
    fa, fb = a[0], b[0]
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return same_token(fa, fb)


def cluster_mentions(mentions: list[Mention], titles: list[list[str]],
                     aliases: AliasTable) -> list[LocalEntity]:
    _relabel_surnames(mentions)
    locals_: list[LocalEntity] = []
    by_key: dict[tuple[str, str], LocalEntity] = {}
    people_full: list[tuple[list[str], LocalEntity]] = []
    singles: list[int] = []
    for i, m in enumerate(mentions):
        alias = aliases.lookup(m.text)
        if alias:
            key = (coarse_type(alias.type), name_key(alias.canonical))
        else:
            key = (coarse_type(m.label), name_key(m.text))
        if m.label == "PERSON" and not alias:
            words = key[1].split()
            if len(words) == 1:
                singles.append(i)
                continue
            loc = by_key.get(key) or next(
                (e for w, e in people_full if _compatible_names(w, words)), None)
            if loc is None:
                loc = LocalEntity(m.text, "PERSON")
                people_full.append((words, loc))
                locals_.append(loc)
            by_key[key] = loc
        else:
            loc = by_key.get(key)
            if loc is None:
                loc = LocalEntity(alias.canonical if alias else m.text,
                                  alias.type if alias else m.label,
                                  alias_of=alias.canonical if alias else None)
                by_key[key] = loc
                locals_.append(loc)
        _add(loc, i, m, titles[i])
    for i in singles:  # "Blinken" after "Antony Blinken": attach to the unique full name
        m = mentions[i]
        word = name_key(m.text)
        matches = {id(e): e for w, e in people_full if same_token(w[-1], word)}
        if len(matches) != 1:
            matches = {id(e): e for w, e in people_full if same_token(w[0], word)}
        loc = next(iter(matches.values())) if len(matches) == 1 else by_key.get(("PERSON", word))
        if loc is None:
            loc = LocalEntity(m.text, "PERSON")
            by_key[("PERSON", word)] = loc
            locals_.append(loc)
        _add(loc, i, m, titles[i])
    for loc in locals_:
        if loc.type == "PERSON" and not loc.alias_of:
            loc.name = max(loc.variants, key=lambda v: (len(v.split()), -loc.variants.index(v)))
    return locals_


def _add(loc: LocalEntity, index: int, mention: Mention, titles: list[str]) -> None:
    loc.mentions.append(index)
    loc.counts[mention.text] = loc.counts.get(mention.text, 0) + 1
    if mention.text not in loc.variants:
        loc.variants.append(mention.text)
    for t in titles:
        if t not in loc.titles:
            loc.titles.append(t)


class EntityRegistry:
    """Canonical entities across articles, kept in memory while a run annotates.

    Loaded from the store's entities at the start of a run, so that an article
    annotated today joins the identities of articles annotated last week.
    """

    def __init__(self, aliases: AliasTable, entities: list[Entity] | None = None) -> None:
        self.aliases = aliases
        self.entities: dict[str, Entity] = {}
        self.by_key: dict[tuple[str, str], str] = {}
        self.by_surname: dict[str, set[str]] = {}
        # surnames by (first letter, length): spelling variants are looked up among
        # a few neighbours, not among every person in the store
        self.surname_buckets: dict[tuple[str, int], set[str]] = {}
        self.dirty: set[str] = set()
        self.renamed: dict[str, str] = {}  # entity id -> its name before this run renamed it
        for e in entities or []:
            self._index(e)

    def _index(self, e: Entity) -> None:
        self.entities[e.id] = e
        ctype = coarse_type(e.type)
        for name in [e.name, *e.aliases]:
            self.by_key[(ctype, name_key(name))] = e.id
            words = name_key(name).split()
            if e.type == "PERSON" and len(words) > 1:
                self.by_surname.setdefault(words[-1], set()).add(e.id)
                self.surname_buckets.setdefault((words[-1][0], len(words[-1])),
                                                set()).add(words[-1])

    def _match_person(self, words: list[str]) -> str | None:
        near = same_token if len(words) == 1 else _near_surname
        last = words[-1]
        nearby = {s for n in (len(last) - 1, len(last), len(last) + 1)
                  for s in self.surname_buckets.get((last[0], n), ())}
        candidates = {eid for surname in nearby if near(surname, last)
                      for eid in self.by_surname[surname]}
        if len(words) == 1:
            return next(iter(candidates)) if len(candidates) == 1 else None
        for eid in sorted(candidates):
            e = self.entities[eid]
            full = [name_key(n).split() for n in [e.name, *e.aliases]]
            if any(len(f) > 1 and _compatible_names(f, words) for f in full):
                return eid
        return None

    def _count(self, entity: Entity, loc: LocalEntity) -> None:
        """Keep mentions and reports per spelling; a person's canonical name is the full
        name most reports write (Kasim Orlani over Kasim Orlanni when more reports write
        it so, however often one report repeats the other), then the most mentioned."""
        counts: dict[str, int] = entity.attributes.setdefault("spellings", {})
        reports: dict[str, int] = entity.attributes.setdefault(REPORTS, {})
        for text, n in loc.counts.items():
            counts[text] = counts.get(text, 0) + n
            reports[text] = reports.get(text, 0) + 1
        if entity.type == "PERSON" and not loc.alias_of:
            full = {t: n for t, n in counts.items() if " " in t} or counts
            best = max(full, key=lambda t: (reports.get(t, 0), full[t], len(t.split()),
                                            t == entity.name))
            if best != entity.name:
                entity.aliases.append(entity.name)
                self.renamed.setdefault(entity.id, entity.name)
                entity.name = best

    def withdraw(self, tally: list[dict[str, Any]]) -> None:
        """Take back what an article added (``ArticleEntities.tally``) before it is
        annotated again, so spellings and gender votes count each article once."""
        from newsdesk.annotate.gender import add_votes

        for row in tally:
            entity = self.entities.get(str(row.get("entity_id")))
            if entity is None:
                continue  # merged into another entity since: its counts went with it
            counts: dict[str, int] = entity.attributes.get("spellings", {})
            reports: dict[str, int] = entity.attributes.get(REPORTS, {})
            for text, n in (row.get("spellings") or {}).items():
                for kept, minus in ((counts, int(n)), (reports, 1)):
                    left = kept.get(text, 0) - minus
                    if left > 0:
                        kept[text] = left
                    else:
                        kept.pop(text, None)
            votes = row.get("gender_votes")
            if votes:
                add_votes(entity, Counter({side: -int(n) for side, n in votes.items()}))
            self.dirty.add(entity.id)

    def resolve(self, loc: LocalEntity) -> Entity:
        ctype = coarse_type(loc.type)
        name = loc.alias_of or loc.name
        key = name_key(name)
        eid = self.by_key.get((ctype, key))
        if eid is None and loc.type in _MISTAKABLE and not loc.alias_of:
            # a person spaCy tagged as an organisation or place in this article
            eid = self.by_key.get(("PERSON", key)) or self._match_person(key.split())
            if eid is not None:
                loc.type = "PERSON"
        if eid is None and loc.type == "PERSON" and not loc.alias_of:
            eid = self._match_person(key.split())
        if eid is None:
            eid = content_id("entity", ctype, key)
            self.entities[eid] = Entity(eid, name, loc.type)
        entity = self.entities[eid]
        self._count(entity, loc)
        for v in loc.variants:
            if v not in entity.aliases:
                entity.aliases.append(v)
        entity.aliases = [a for a in entity.aliases if a != entity.name]
        if loc.titles:
            known = entity.attributes.setdefault("titles", [])
            known.extend(t for t in loc.titles if t not in known)
        self._index(entity)
        self.dirty.add(eid)
        loc.entity_id = eid
        return entity


def _add_missed_surnames(parsed: ParsedArticle, mentions: list[Mention],
                         titles: list[list[str]], subjects: set[int]
                         ) -> tuple[list[Mention], list[list[str]], set[int]]:
    """The small model misses many bare surnames ("Penrose said"); a proper noun that is
    the surname of a person named in full in the article is a mention of them."""
    surnames = {name_key(m.text).split()[-1] for m in mentions
                if m.label == "PERSON" and " " in m.text}
    if not surnames:
        return mentions, titles, subjects
    taken = [(m.start, m.end) for m in mentions]
    extra: list[tuple[Mention, bool]] = []
    for para in parsed.paragraphs:
        for tok in title_or_proper(para.doc):
            # the tagger sometimes takes a name for a verb ("“Go register,” Trump implored")
            named = tok.tag_ == "NNP" or not tok.is_sent_start
            if not named or token_key(fold(tok.text)) not in surnames:
                continue
            start = para.offset + tok.idx
            if any(a <= start < b for a, b in taken):
                continue
            mention = Mention(parsed.article.id, parsed.sentence_at(start), start,
                              start + len(tok.text), tok.text, "PERSON")
            extra.append((mention, tok.dep_ in ("nsubj", "nsubjpass")))
    if not extra:
        return mentions, titles, subjects
    rows = [(m, titles[i], i in subjects) for i, m in enumerate(mentions)]
    rows += [(m, [], is_subject) for m, is_subject in extra]
    rows.sort(key=lambda r: r[0].start)
    return ([r[0] for r in rows], [r[1] for r in rows], {i for i, r in enumerate(rows) if r[2]})


def annotate_entities(parsed: ParsedArticle, aliases: AliasTable,
                      registry: EntityRegistry) -> ArticleEntities:
    subjects: set[int] = set()
    mentions, titles = extract_mentions(parsed, aliases, subjects)
    mentions, titles, subjects = _add_missed_surnames(parsed, mentions, titles, subjects)
    locals_ = cluster_mentions(mentions, titles, aliases)
    result = ArticleEntities(mentions, locals_, subjects=subjects)
    for loc in locals_:
        entity = registry.resolve(loc)
        result.names[entity.id] = entity.name
        for i in loc.mentions:
            mentions[i].entity_id = entity.id
            mentions[i].label = loc.type  # the registry may know a mislabelled person
    return result


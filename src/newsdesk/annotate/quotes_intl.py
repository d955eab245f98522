"""Who said what in German, French, Spanish, Italian and Portuguese reports.

Only English is parsed (one spaCy model ships with newsdesk), so reports in these
languages are read with their own conventions instead of a parser:

- quote marks: « » (French, Spanish, Italian), „ “ and » « (German), “ ” and " ";
  a paragraph that opens with a dash is a quote in French, Spanish and Italian usage
  ("– ..., estime Jeffrey Pritzker.");
- attribution: a speech verb right after the quote with the speaker after it
  (", dijo el coronel Roland Butler", ", schrieb Weston", ", a déclaré un agent"), or
  before the quote with the speaker before it ("KLM a annoncé « ... »");
- reported speech: a speaker, a speech verb and a complementiser ("Wes Moore avait
  ajouté que ...", "X sagte, dass ...") or, in German, content in the subjunctive ended
  by an inverted attribution ("Es gebe ..., sagte der Gouverneur, Moore.");
- "selon X", "laut X", "según X", "secondo X", "segundo X".

A speaker is a run of capitalised words in the attribution; one the store already
knows (a person first, then an organisation) is preferred over an unknown run, and a
run that is only a title or a common word is none. Known names resolve to their
canonical entity; nothing here adds entities or spellings to the registry, so a
foreign spelling never renames anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.annotate.aliases import name_key
from newsdesk.annotate.entities import EntityRegistry
from newsdesk.annotate.lexicon import words
from newsdesk.records import Article, Quote, content_id

LANGS = frozenset({"de", "fr", "es", "it", "pt"})

# Speech verbs as written (inflected forms; the participle of a compound past is enough:
# "a déclaré", "ha detto", "hat gesagt").
_VERBS = {
    "de": """sagte sagten sagt sagen gesagt erklärte erklärten erklärt betonte betonten betont schrieb
        schreibt schrieben warnte warnt meinte meint berichtete berichtet kündigte versicherte
        bestätigte bestätigt räumte fügte teilte sprach so hieß heißt antwortete nannte nennt
        bezeichnete""",
    "fr": """déclaré déclare dit affirmé affirme expliqué explique indiqué indique ajouté ajoute
        souligné souligne estimé estime assuré assure annoncé annonce précisé précise écrit
        confié confie averti avertit lancé raconté raconte reconnu reconnaît insisté martelé
        prévenu rappelé rappelle déploré répondu répond qualifié qualifie""",
    "es": """dijo dice dijeron afirmó afirma declaró declara explicó explica señaló señala aseguró
        asegura indicó indica añadió añade agregó agrega escribió advirtió anunció informó
        precisó subrayó destacó sostuvo reconoció manifestó insistió respondió calificó""",
    "it": """detto dice dichiarato dichiara spiegato spiega affermato afferma aggiunto aggiunge
        sottolineato sottolinea scritto annunciato precisato riferito ammesso avvertito risposto
        definito""",
    "pt": """disse diz afirmou afirma declarou explicou acrescentou escreveu informou anunciou
        destacou ressaltou garantiu admitiu respondeu classificou chamou""",
}
_VERB_SETS = {lang: words(forms) for lang, forms in _VERBS.items()}
_ACCORDING = {"de": ("laut", "zufolge"), "fr": ("selon", "d'après"), "es": ("según",),
              "it": ("secondo",), "pt": ("segundo",)}
_THAT = {"de": ("dass",), "fr": ("que", "qu'", "qu’"), "es": ("que",), "it": ("che",),
         "pt": ("que",)}
# Capitalised words that name no one: articles, pronouns, titles and sentence openers.
_NOT_NAMES = words("""
    der die das des dem den ein eine einer einem einen er sie es wir ich man aber und doch
    le la les l un une il elle ils elles nous on je mais et selon lors après avant
    el los las una él ella ellos nosotros yo pero según
    lo gli lui lei loro noi io ma secondo
    o os as um uma ele ela eles nós eu mas segundo
    präsident präsidentin gouverneur minister ministerin sprecher sprecherin chef polizei
    président présidente ministre porte-parole directeur directrice police
    presidente gobernador ministro portavoz director jefe policía
    governatore portavoce direttore capo polizia
    governador porta-voz diretor
    mr mrs ms dr prof pdg ceo se si ya también auch""")
_PREPOSITIONS = words("de du des d von vom zu of del di da do dos della degli dei")
_GERMAN_ARTICLES = words("der die das des dem den ein eine einer einem einen")
# between a speaker and the participle of a compound past: "KLM a annoncé", "hat gesagt"
_AUXILIARIES = words("a avait ha aveva hat hatte habe ha había han tinha tem est")
_ENDS = ("", ",", ".", ":", ";", "!", "?")
# A speaker named only by a pronoun after the verb ("sagte er", "dijo ella") or by the
# verb's French clitic ("a-t-il déclaré", "estime-t-elle"), or not at all where the
# language drops its subject ("», dijo.", "», ha aggiunto."): the person just named.
_PRONOUNS = {"de": words("er sie"), "fr": words("il elle"), "es": words("él ella"),
             "it": words("lui lei egli ella"), "pt": words("ele ela")}
_CLITIC = re.compile(r"^(?P<verb>[\w'’]+?)(?:-t)?-(?:il|elle)$", re.I)
_DROPS_SUBJECT = frozenset({"es", "it", "pt"})
# How far back the person a pronoun stands for may be named (characters).
ANTECEDENT_CHARS = 600
# A speaker the report describes without a name, right after the speech verb: an
# article, then a few words up to the clause's end (", a déclaré un agent affolé.",
# ", sagte ein Sprecher der Polizei.", ", dijo el portavoz del puerto.").
_ARTICLES = {"de": "ein|eine|einer|der|die|das", "fr": "un|une|le|la|les|des",
             "es": "un|una|el|la|los|las|unos|unas", "it": "un|una|uno|il|lo|la|i|gli|le",
             "pt": "um|uma|o|a|os|as"}
_STOP = ",.;:!?«»“”„\""
_DESCRIBED = {lang: re.compile(rf"\s*(?P<d>(?:(?:{arts})\s+|l['’]\s*)[^\s{_STOP}][^{_STOP}]{{1,80}}?)"
                               rf"\s*(?=[{_STOP}]|$)", re.I)
              for lang, arts in _ARTICLES.items()}
# At most this many words make a description (longer: a clause, not a speaker).
DESCRIPTION_WORDS = 8
# An article before a time is a date, not a speaker (", a déclaré le 3 mars", ", dijo
# el lunes el alcalde"): days, months and parts of the day in the five languages.
_WHEN = words("""
    montag dienstag mittwoch donnerstag freitag samstag sonntag morgen abend januar februar märz
    april mai juni juli august september oktober november dezember
    lundi mardi mercredi jeudi vendredi samedi dimanche matin soir lendemain janvier février mars
    avril juin juillet août septembre octobre novembre décembre
    lunes martes miércoles jueves viernes sábado domingo mañana tarde noche enero febrero marzo
    abril mayo junio julio agosto septiembre octubre noviembre diciembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica mattina sera gennaio febbraio marzo
    aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    segunda terça quarta quinta sexta manhã janeiro fevereiro março maio junho julho setembro
    outubro novembro dezembro""")


def _common(word: str) -> bool:
    """A capitalised word that is no name: "Le", "Die", "L'un", "Du"."""
    w = word.lower().strip(".")
    return w in _NOT_NAMES or w in _PREPOSITIONS or w.split("'")[-1].split("’")[-1] in _NOT_NAMES


def _previous_word(before: str) -> str:
    """The word before a name, past an elided article: "de l'Etat" gives "de"."""
    parts = before.replace("’", "'").split()
    if not parts:
        return ""
    last = parts[-1].lower().strip(",")
    if last in ("l'", "d'") and len(parts) > 1:
        return "d" if last == "d'" else parts[-2].lower()
    return last.rstrip("'")


_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?)"
_NAME_RE = re.compile(
    rf"{_NAME_WORD}(?:\s+(?:(?:de|da|del|della|di|do|dos|du|van|von|la|le)\s+)?{_NAME_WORD})*")
# Quote marks of these languages; the capture is the quoted words.
_QUOTE_RE = re.compile(r"«\s*([^«»]+?)\s*»|„([^„“”\"]+)[“”\"]|»([^«»]+)«|“([^“”]+)”|\"([^\"]+)\"")
_DASH_RE = re.compile(r"^\s*[–—-]\s+")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


@dataclass(slots=True)
class _Said:
    name: str | None  # canonical (known) or as written
    entity_id: str | None
    text: str
    start: int
    end: int
    described: bool = False  # ``text`` describes a speaker the report does not name


def _token(word: str) -> str:
    """A word as the verb lists hold it: lower case, no clause punctuation around it."""
    return word.lower().strip(",;:").rstrip(".")


def _verb_at(words: list[tuple[int, str]], lang: str, limit: int) -> int | None:
    """Index of the first speech verb among the first ``limit`` words."""
    verbs = _VERB_SETS[lang]
    for i, (_, w) in enumerate(words[:limit]):
        word = _token(w)
        clitic = _CLITIC.match(word) if lang == "fr" else None
        if word in verbs or (clitic and clitic.group("verb") in verbs):
            return i
    return None


def _words(text: str, offset: int) -> list[tuple[int, str]]:
    return [(offset + m.start(), m.group()) for m in re.finditer(r"[\w'’\-.]+|[,;:]", text)]


class IntlQuoteFinder:
    def __init__(self, article: Article, registry: EntityRegistry) -> None:
        self.article = article
        self.lang = str(article.lang)
        self.registry = registry
        self.quotes: list[Quote] = []

    # -- speakers -------------------------------------------------------------
    def _known(self, run: str) -> tuple[int, str | None, str | None]:
        """(rank, canonical name, entity id) of a capitalised run: a known person 3, a
        known organisation 2, an unknown name of two words or more 1, else 0."""
        key = name_key(run)
        if not key:
            return 0, None, None
        words = key.split()
        eid = self.registry.by_key.get(("PERSON", key)) or self.registry._match_person(words)
        if eid is not None:
            return 3, self.registry.entities[eid].name, eid
        eid = self.registry.by_key.get(("ORG", key))
        if eid is not None:
            return 2, self.registry.entities[eid].name, eid
        if len(words) > 2:  # "Baltimora Richard Worley": a place or title, then the name
            eid = self.registry._match_person(words[-2:])
            if eid is not None:
                return 3, self.registry.entities[eid].name, eid
        return (1 if len(words) > 1 else 0), None, None

    def _speaker_in(self, text: str, offset: int, prefer_last: bool) -> _Said | None:
        """The best name in an attribution's words (``text`` ends at the speech verb
        when ``prefer_last``, else starts right after it): a known person, a known
        organisation, an unknown full name, or one unknown capitalised word that stands
        right at the verb ("Weston sagte", "schrieb Weston") or set off to end the
        clause (", sagte der Gouverneur, Moore."). Not a speaker: a run after a
        preposition ("le gouverneur de l'Etat du Maryland"), a sentence's first word,
        a German noun after its article. Ties go to the one nearest the verb."""
        best: tuple[int, int, _Said] | None = None
        runs = list(_NAME_RE.finditer(text))
        for n, m in enumerate(runs):
            parts = list(re.finditer(r"\S+", m.group()))
            while parts and _common(parts[0].group()):
                parts = parts[1:]
            if not parts:
                continue
            words = [p.group() for p in parts]
            if len(words[-1]) > 2:  # a sentence's full stop, not an initial's
                words[-1] = words[-1].rstrip(".")
            run = " ".join(words)
            start = offset + m.start() + parts[0].start()
            before = text[:start - offset].rstrip()
            after = text[m.end():].lstrip()
            prev = _previous_word(before)
            if prev in _PREPOSITIONS:
                continue
            if self.lang == "de" and len(words) > 2 and self._known(run)[0] <= 1:
                words = words[-2:]  # "Bibliotheksleiterin Katrin Wendel": a title noun first
                run = " ".join(words)
            if len(words) == 1:
                run = self._full_name(run, start)
            rank, name, eid = self._known(run)
            if rank == 0:
                first = prefer_last and (not before or before[-1] in ".!?:")
                at_verb = (all(w.lower() in _AUXILIARIES for w in after.split()) if prefer_last
                           else not before.strip(" ,"))
                set_off = (before.endswith(",") or prev in _VERB_SETS[self.lang]) and after[:1] in _ENDS
                german_noun = self.lang == "de" and prev in _GERMAN_ARTICLES
                # a sentence's first word is a name only as an acronym or, where nouns
                # are lower-case, right before the verb ("Norvikair a annoncé")
                opener = first and not run.isupper() and (self.lang == "de" or not at_verb)
                if opener or german_noun or not (at_verb or set_off):
                    continue
            said = _Said(name or run, eid, run, start, start + len(m.group()) - parts[0].start())
            order = n if not prefer_last else len(runs) - n
            if best is None or (rank, -order) > (best[0], -best[1]):
                best = (rank, order, said)
        return best[2] if best else None

    def _full_name(self, word: str, start: int) -> str:
        """A surname alone, as the report wrote it in full before ("Jonas Albrecht" ...
        "sagte Albrecht"): the full name."""
        found = None
        for m in re.finditer(rf"\b([A-ZÀ-ÖØ-Þ][\w\-]+)\s+{re.escape(word)}\b", self.article.text[:start]):
            if not _common(m.group(1)):
                found = m
        return f"{found.group(1)} {word}" if found else word

    # -- quotes ---------------------------------------------------------------
    def _after(self, para: str, end: int, offset: int) -> tuple[_Said | None, str | None, int]:
        """Attribution after a quote, up to its sentence's end: ", dijo X", ", estime X"."""
        m = _SENTENCE_END.search(para, end)
        stop = m.start() if m else len(para)
        tail = para[end:stop]
        words = _words(tail, offset + end)
        at = _verb_at(words, self.lang, 4)
        if at is None:
            return None, None, stop
        cue_at, cue = words[at]
        rest_from = cue_at - offset + len(cue)
        said = (self._speaker_in(para[rest_from:stop], offset + rest_from, prefer_last=False)
                or self._described(para[rest_from:stop], offset + rest_from))
        if said is None and self._pronoun_after([w for _, w in words[:at + 1]], para[rest_from:stop]):
            said = self._antecedent(offset + end)
        return said, cue, stop

    def _pronoun_after(self, upto_verb: list[str], rest: str) -> bool:
        """Does the attribution name its speaker by a pronoun, a French clitic ("a-t-il
        dit") or, in a language that drops its subject, not at all ("», dijo.")?"""
        if self.lang == "fr" and any(_CLITIC.match(_token(w)) for w in upto_verb):
            return True
        after = re.findall(r"[\w'’]+", rest)
        if after and after[0].lower() in _PRONOUNS[self.lang]:
            return True
        return self.lang in _DROPS_SUBJECT and not after

    def _antecedent(self, start: int) -> _Said | None:
        """The person named last before ``start`` (a known person, or the speaker of an
        earlier quote), within ANTECEDENT_CHARS."""
        lo = max(0, start - ANTECEDENT_CHARS)
        best: tuple[int, _Said] | None = None
        for q in self.quotes:
            if q.speaker and q.speaker_start is not None and lo < q.speaker_start < start:
                said = _Said(q.speaker, q.speaker_entity_id, q.speaker_text or q.speaker,
                             q.speaker_start, q.speaker_end or q.speaker_start)
                if best is None or said.start > best[0]:
                    best = (said.start, said)
        text = self.article.text
        for m in _NAME_RE.finditer(text, lo, start):
            parts = [p for p in m.group().rstrip(".").split() if not _common(p)]
            if self.lang == "de" and len(parts) > 2:
                parts = parts[-2:]  # "Innenminister Tomas Ekberg": a title noun first
            run = " ".join(parts)
            rank, name, eid = self._known(run)
            prev = _previous_word(text[lo:m.start()])
            # a known person, or a full name the registry does not know yet (not after a
            # preposition: "der Küste Norvales", "de l'Etat du Maryland")
            if rank == 3 or (rank == 1 and prev not in _PREPOSITIONS and prev not in _GERMAN_ARTICLES):
                at = m.start() + m.group().find(parts[0])
                if best is None or at > best[0]:
                    best = (at, _Said(name or run, eid, run, at, at + len(run)))
        return best[1] if best else None

    def _described(self, text: str, offset: int) -> _Said | None:
        """A speaker described, not named, right after the verb: "un agent affolé"."""
        m = _DESCRIBED[self.lang].match(text)
        if m is None or len(m.group("d").split()) > DESCRIPTION_WORDS:
            return None
        head = re.split(r"['’\s]+", m.group("d"), maxsplit=1)[-1].split()[0].lower()
        if head[:1].isdigit() or head in _WHEN:
            return None
        return _Said(None, None, m.group("d"), offset + m.start("d"), offset + m.end("d"), described=True)

    def _before(self, para: str, start: int, offset: int) -> tuple[_Said | None, str | None]:
        """Attribution before a quote in its sentence: "KLM a annoncé « ... »",
        "sagte Moore: „...“", "selon X, « ... »"."""
        head_from = max((m.end() for m in _SENTENCE_END.finditer(para, 0, start)), default=0)
        head = para[head_from:start]
        words = _words(head, offset + head_from)
        verbs = _VERB_SETS[self.lang]
        for i in range(len(words) - 1, -1, -1):
            w = words[i][1].lower().strip(",;:")
            if w in _ACCORDING[self.lang]:
                rel = words[i][0] - offset + len(words[i][1])
                return self._speaker_in(para[rel:start], offset + rel, prefer_last=False), w
            if w in verbs:
                cut = words[i][0] - offset
                said = (self._speaker_in(para[head_from:cut], offset + head_from, prefer_last=True)
                        or self._speaker_in(para[cut:start], offset + cut, prefer_last=False))
                return said, words[i][1]
        return None, None

    def _direct(self, para: str, offset: int) -> list[tuple[int, int]]:
        spans = []
        for m in _QUOTE_RE.finditer(para):
            group = next(g for g in range(1, 6) if m.group(g) is not None)
            a, b = m.start(group), m.end(group)
            said, cue, _ = self._after(para, m.end(), offset)
            if said is None and cue is None:
                said, cue = self._before(para, m.start(), offset)
            # a few words in marks no one is named saying are a term, not a remark (nor
            # the last speaker's: "nannte sie „absurd“" is whoever called them so)
            named = said is not None
            if said is None and cue is None:
                said, cue = self._continued(offset + a)
            size = len(para[a:b].split())
            if size < 4 and not (named and (size >= 2 or para[m.end():].lstrip().startswith(","))):
                continue  # one word needs its speaker right after it: "« Absurde », a répondu X"
            spans.append((m.start(), m.end()))
            self._add("direct", para[a:b], offset + a, offset + b, said, cue)
        dash = _DASH_RE.match(para)
        if dash and not spans:
            # "– ..., estime Jeffrey Pritzker.": the words up to the attribution's comma
            for m in re.finditer(r",\s+", para):
                said, cue, _ = self._after(para, m.start(), offset)
                if cue is not None:
                    self._add("direct", para[dash.end():m.start()], offset + dash.end(),
                              offset + m.start(), said, cue)
                    spans.append((0, len(para)))
                    break
        return spans

    def _continued(self, start: int) -> tuple[_Said | None, str | None]:
        """A quote with no attribution right after one that has: the same speaker, when
        only marks and spaces or a short attribution lie between."""
        prev = next((q for q in reversed(self.quotes) if q.kind == "direct"), None)
        if prev is None or prev.end is None or start - prev.end > 200 \
                or (prev.speaker or prev.speaker_description) is None:
            return None, None
        between = self.article.text[prev.end:start]
        if "\n\n" in between.strip():
            return None, None
        if prev.speaker is None:  # the same described speaker
            return _Said(None, None, str(prev.speaker_description), prev.speaker_start or 0,
                         prev.speaker_end or 0, described=True), prev.cue
        return _Said(prev.speaker, prev.speaker_entity_id, prev.speaker_text or prev.speaker,
                     prev.speaker_start or 0, prev.speaker_end or 0), prev.cue

    # -- reported speech ------------------------------------------------------
    def _reported(self, para: str, offset: int, quoted: list[tuple[int, int]]) -> None:
        start = 0
        for m in [*_SENTENCE_END.finditer(para), None]:
            end = m.end() if m else len(para)
            sent = para[start:end]
            if sent.strip() and not any(a < end and start < b for a, b in quoted):
                self._reported_sentence(sent, offset + start)
            start = end

    def _reported_sentence(self, sent: str, offset: int) -> None:
        words = _words(sent, offset)
        thats = _THAT[self.lang]
        verbs = _VERB_SETS[self.lang]
        for i, (at, w) in enumerate(words[:-1]):
            if w.lower().strip(",") not in verbs or w.lower() == "so":
                continue
            nxt = [x[1].lower() for x in words[i + 1:i + 3]]
            that = next((x for x in nxt if x in thats or x.startswith(("qu'", "qu’"))), None)
            if that is None:
                continue
            rel = at - offset
            said = self._speaker_in(sent[:rel], offset, prefer_last=True)
            if said is None:
                continue
            content_from = sent.lower().find(that, rel) + (0 if that.startswith("qu") and
                                                            len(that) > 3 else len(that))
            content = sent[content_from:].strip(" ,.")
            if len(content.split()) >= 4:
                self._add("reported", content, offset + content_from,
                          offset + content_from + len(content), said, w)
            return
        # German subjunctive report ended by an inverted attribution: "..., sagte X."
        m = re.search(r",\s+(\w+)\s+([^,]*(?:,[^,]*)?)\s*[.!]?\s*$", sent)
        if self.lang == "de" and m and m.group(1).lower() in verbs and m.group(1).lower() != "so":
            said = self._speaker_in(m.group(2), offset + m.start(2), prefer_last=True)
            content = sent[:m.start()].strip()
            if said is not None and len(content.split()) >= 5:
                lead = len(sent) - len(sent.lstrip())
                self._add("reported", content, offset + lead, offset + lead + len(content),
                          said, m.group(1))

    # -- output ---------------------------------------------------------------
    def _add(self, kind: str, text: str, start: int, end: int, said: _Said | None,
             cue: str | None) -> None:
        words = text.strip()
        if not words:
            return
        self.quotes.append(Quote(
            id=content_id(self.article.id, kind, str(start), str(end)),
            article_id=self.article.id,
            sentence_index=-1,  # these reports have no parsed sentences
            text=words,
            kind=kind,  # type: ignore[arg-type]
            speaker=said.name if said else None,
            speaker_entity_id=said.entity_id if said else None,
            speaker_text=said.text if said and not said.described else None,
            speaker_description=said.text if said and said.described else None,
            cue=cue, start=start, end=end, cue_start=None,
            speaker_start=said.start if said else None,
            speaker_end=said.end if said else None,
        ))

    def run(self) -> list[Quote]:
        offset = 0
        for para in self.article.text.split("\n"):
            if para.strip():
                quoted = self._direct(para, offset)
                self._reported(para, offset, quoted)
            offset += len(para) + 1
        return self.quotes


def find_quotes_intl(article: Article, registry: EntityRegistry) -> list[Quote]:
    """Quotes and reported speech of a report in one of ``LANGS``; [] for others."""
    if article.lang not in LANGS:
        return []
    return IntlQuoteFinder(article, registry).run()

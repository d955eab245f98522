"""Who said what: direct quotes and reported speech, with speaker and cue verb.

Direct quotes are found in the text by their quote marks (straight or curly; a quote
left open at the end of a paragraph runs on), then tied to the nearest speech verb
outside the quote marks in their sentence and to that verb's subject. A quote with no
verb of its own continues the previous speaker's words. Reported speech is a speech
verb with a clause ("X said that ..."), an object cue ("X rejected the accusations")
or "according to X". Speakers resolve to canonical entities: a pronoun to the nearest
person before it, a description ("the minister") to the nearest person with that role.

This module finds the quotes and their cues; quote_syntax.py holds the grammar of quoting
and quote_speakers.py the resolution of a subject to a speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from newsdesk.annotate.entities import ArticleEntities, EntityRegistry
from newsdesk.annotate.lexicon import (
    DATELINE,
    OBJECT_CUES,
    SPEECH_CUES,
    STATEMENT_NOUNS,
    verb_lemma,
)
from newsdesk.annotate.parse import (
    Paragraph,
    ParsedArticle,
    is_proper,
    is_verb,
    span_text,
)
from newsdesk.annotate.quote_speakers import (
    ORGS,
    PERSONS,
    Attribution,
    Speaker,
    SpeakerResolver,
)
from newsdesk.annotate.quote_syntax import (
    CLAUSE_DEPS,
    QuoteSpan,
    according_to,
    before_answer,
    before_next_clause,
    inside_quote,
    is_cue,
    named_as_written,
    subject_of,
    withheld,
)
from newsdesk.annotate.quotes_intl import find_quotes_intl
from newsdesk.annotate.speakers import describes_someone
from newsdesk.records import Quote, content_id

# After a quote's closing mark: a dash that signs it with a name ("” ― Jane Doe").
_SIGNATURE_RE = re.compile(r"[”\"]?[,.!?]?\s*(?:[―—–]|--?\s)\s*")
_INITIAL_RE = re.compile(r"[A-Z]\.?")
# Cues whose object is what was said when they take no clause: "emphasized the
# office's commitment to ...", "highlighted the importance of testing".
_EMPHASIS_CUES = frozenset({"emphasize", "emphasise", "stress", "highlight", "underline", "underscore"})
# Object cues whose whole right side is the content: "accused Iran of supplying ...".
_RIGHT_SIDE_CUES = frozenset({"accuse", "criticize", "criticise", "blame", "condemn", "praise"})
_MIN_UNATTRIBUTED_WORDS = 4


class QuoteFinder(SpeakerResolver):
    """Finds the quotes of one parsed article; speakers resolve through its entities."""

    # -- direct quotes ------------------------------------------------------
    def _cue_for(self, para: Paragraph, span: QuoteSpan, sents: list[Any],
                 spans: list[QuoteSpan]) -> Any | None:
        best: tuple[int, Any] | None = None
        for sent in sents:
            for tok in para.verbs_in(sent):
                if inside_quote(tok, spans) or not is_cue(tok):
                    continue
                dist = span.start - tok.idx if tok.idx < span.start else tok.idx - span.end
                if best is None or dist < best[0]:
                    best = (dist, tok)
        return best[1] if best else None

    def _direct(self, para: Paragraph, previous: Paragraph | None = None) -> None:
        text = para.text
        spans = self.spans[para.offset]
        for span in spans:
            sents = [s for s in para.sents if s.start_char < span.end and span.start < s.end_char]
            if not sents:
                continue
            speaker, cue_text, cue_at = self._attribute(para, previous, span, spans, sents)
            words = text[span.start:span.end].strip()
            if speaker is None and len(words.split()) < _MIN_UNATTRIBUTED_WORDS:
                continue  # scare quotes around a word or two, with no one saying them
            start = para.offset + span.start
            self._add("direct", words, start, start + span.end - span.start,
                      speaker, cue_text, cue_at)

    def _attribute(self, para: Paragraph, previous: Paragraph | None, span: QuoteSpan,
                   spans: list[QuoteSpan], sents: list[Any]) -> Attribution:
        """Speaker, cue and cue offset of one direct quote, trying in turn: a speech
        verb in its sentence (or the next, for a split quote), "according to", a
        "Name:" lead, an introducing paragraph, the previous quote's speaker. A name
        signed after a dash ("“...” ― Pamela Padilla") comes before all of them."""
        signed = self._dash_speaker(para, span)
        if signed is not None:
            return signed, None, None
        cue = self._cue_for(para, span, sents, spans)
        if cue is None:
            nxt = [s for s in para.sents if span.end <= s.start_char <= span.end + 3]
            cue = self._cue_for(para, span, nxt[:1], spans) if nxt else None
        if cue is not None:
            subj = subject_of(cue, spans)
            if subj is not None and not inside_quote(subj, spans):
                return self.speaker_of(subj, para), cue.text, para.offset + cue.idx
            beside = self._person_beside(cue, para, spans) if subj is None else None
            if beside is not None:
                return beside, cue.text, para.offset + cue.idx
        else:
            acc = next((a for s in sents
                        if "ccording" in span_text(s) and (a := according_to(s))), None)
            if acc and not inside_quote(acc[1], spans):
                return self.speaker_of(acc[1], para), "according to", para.offset + acc[0].idx
            trailing = self._trailing_attribution(para, span)
            if trailing is not None:
                return trailing
        speaker = self._colon_speaker(para, span)
        if speaker is not None:
            return speaker, ":", None
        if _runs_on(para, span):
            ahead = self._run_on_attribution(para)
            if ahead is not None:
                return ahead
        if previous is not None and not para.text[:span.start].strip(" \"“"):
            introduced = self._introduced(previous)
            if introduced[0] is not None:
                return introduced
        speaker, cue_text = self._continuation(para.offset + span.start)
        return speaker, cue_text, None

    def _run_on_attribution(self, para: Paragraph, depth: int = 0) -> Attribution | None:
        """A remark quoted over several paragraphs leaves each paragraph but the last
        open (no closing mark) and names its speaker where it ends: "“We searched all
        night. / “We will search again tomorrow,” said the rescue chief." The speaker is
        the one the next paragraph's opening quote is credited to by a speech verb of its
        own, else nobody from here (the previous speaker, an introducing colon)."""
        at = next((i for i, p in enumerate(self.parsed.paragraphs) if p.offset == para.offset), None)
        if at is None or at + 1 >= len(self.parsed.paragraphs) or depth > 8:
            return None
        nxt = self.parsed.paragraphs[at + 1]
        spans = self.spans[nxt.offset]
        if not spans or nxt.text[:spans[0].start].strip() not in ("\"", "“"):
            return None
        span = spans[0]
        sents = [s for s in nxt.sents if s.start_char < span.end and span.start < s.end_char]
        cue = self._cue_for(nxt, span, sents, spans) if sents else None
        if cue is None:
            after = [s for s in nxt.sents if span.end <= s.start_char <= span.end + 3]
            cue = self._cue_for(nxt, span, after[:1], spans) if after else None
        if cue is None:
            return self._run_on_attribution(nxt, depth + 1) if _runs_on(nxt, span) else None
        subj = subject_of(cue, spans)
        if subj is None or inside_quote(subj, spans):
            return None
        return self.speaker_of(subj, nxt), cue.text, nxt.offset + cue.idx

    def _trailing_attribution(self, para: Paragraph, span: QuoteSpan) -> Attribution | None:
        """"“...,” the memo from Holm states.": an attribution closing the
        sentence after the quote whose speech verb the tagger took for a noun
        ("states", "notes"). The speaker is the person, else the organisation, named
        between the quote and that word."""
        after = [t for t in para.doc if t.idx > span.end]
        words: list[Any] = []
        for tok in after[:10]:
            if tok.text in (".", "!", "?", ";") or "\n" in tok.text:
                break
            if not tok.is_punct:
                words.append(tok)
        else:
            return None
        if len(words) < 2 or any(is_verb(t) or inside_quote(t, self.spans[para.offset]) for t in words):
            return None
        cue = words[-1]
        lemma = verb_lemma(cue.lower_, SPEECH_CUES)
        if cue.lower_ == lemma or lemma not in SPEECH_CUES:
            return None  # only an inflected form ("states", "notes") is a verb here
        named = words[:-1]
        loc = self._author(named, para)
        for kind in (PERSONS, ORGS):
            for tok in named:
                if loc is None and is_proper(tok):
                    found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + len(tok.text))
                    loc = found if found is not None and found.type in kind else None
        if loc is None:
            return None
        first, last = named[0], named[-1]
        text = para.text[first.idx:last.idx + len(last.text)]
        return self._entity_speaker(text, loc, para.offset + first.idx), cue.text, para.offset + cue.idx

    def _introduced(self, previous: Paragraph) -> Attribution:
        """A quote that opens a paragraph after one ending in a colon ("Cruz continued:",
        "Breitbart News responded:", "he declared:"): the introducing sentence's speech
        verb, else its main verb, names the speaker."""
        if not previous.text.rstrip().endswith(":") or not previous.sents:
            return None, None, None
        sent = previous.sents[-1]
        spans = self.spans[previous.offset]
        verbs = [t for t in sent if is_cue(t) and not inside_quote(t, spans)] or [sent.root]
        subj = subject_of(verbs[-1], spans)
        if subj is None or inside_quote(subj, spans):
            return None, None, None
        return (self.speaker_of(subj, previous), verbs[-1].text,
                previous.offset + verbs[-1].idx)

    def _person_beside(self, cue: Any, para: Paragraph, spans: list[QuoteSpan]) -> Speaker | None:
        """A cue the parser left without a subject ("“Go register,” Trump implored."
        with "Trump" tagged as a verb): a person named right before it (past an age or
        commas: "Trump, 70, told") or right after it."""
        before = cue.i - 1
        while (before > cue.sent.start and cue.i - before < 4
               and (cue.doc[before].is_punct or cue.doc[before].like_num)):
            before -= 1
        for i in (before, cue.i + 1):
            if not cue.sent.start <= i < cue.sent.end:
                continue
            tok = cue.doc[i]
            if inside_quote(tok, spans) or not tok.text[:1].isupper():
                continue
            start = para.offset + tok.idx
            loc = self.ents.local_at(start, start + len(tok.text))
            if loc is not None and loc.type == "PERSON":
                return self._entity_speaker(tok.text, loc, start)
        return None

    def _dash_speaker(self, para: Paragraph, span: QuoteSpan) -> Speaker | None:
        """"“...” ― Jacklyn Ashley": a quote signed with a name after a dash, the name
        ending its paragraph or followed by punctuation (a comma and a title)."""
        m = _SIGNATURE_RE.match(para.text, span.end)
        if m is None:
            return None
        first = para.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if first is None:
            return None
        names = []
        for tok in para.doc[first.start:]:
            if not (is_proper(tok) or _INITIAL_RE.fullmatch(tok.text)):
                break
            names.append(tok)
        after = names[-1].i + 1 if names else first.start
        if not names or (after < len(para.doc) and not (para.doc[after].is_punct
                                                         or para.doc[after].is_space)):
            return None  # no name, or a sentence that goes on ("— Trump said ...")
        start = para.offset + names[0].idx
        end = para.offset + names[-1].idx + len(names[-1].text)
        loc = self.ents.local_at(start, end)
        if loc is None or loc.type != "PERSON":
            loc = self._unrecognised_person(names[-1])
        return self._entity_speaker(para.text[names[0].idx:end - para.offset], loc, start)

    def _colon_speaker(self, para: Paragraph, span: QuoteSpan) -> Speaker | None:
        """"Howard Kurtz, Fox News: "..."": a paragraph that opens with a name and a
        colon, and no verb, before the quote."""
        head = para.text[:span.start].rstrip(" \"“")
        if not head.endswith(":") or len(head) > 120:
            return None
        tokens = [t for t in para.doc if t.idx < len(head)]
        if any(is_verb(t) for t in tokens):
            return None
        start = para.offset
        loc = self.ents.local_at(start, start + len(head))
        if loc is None:
            return None
        return self._entity_speaker(head[:-1], loc, start)

    def _continuation(self, start: int) -> tuple[Speaker | None, str | None]:
        """A quote with no cue continues the previous quote's speaker when no other
        person is named in between (the second half of a two-sentence quote), a
        described one ("one of the guards called out. “...”") as well as a named one."""
        prev = next((q for q in reversed(self.quotes) if q.kind == "direct"), None)
        if prev is None or (prev.speaker or prev.speaker_description) is None or prev.end is None:
            return None, None
        # A remark quoted over several paragraphs, each opening with a quote mark: only
        # marks and spaces lie between its parts, however long each part is.
        between_text = self.parsed.article.text[prev.end:start]
        if start - prev.end > 400 and re.search(r"\w", between_text):
            return None, None
        # Names inside the previous quote's own attribution ("said Norvale chief executive
        # Ada Holm", "Major Piet J. Vos, Sr. stated") are that speaker, not another.
        own = (prev.speaker_start, (prev.speaker_end or 0) + 6) if prev.speaker_start is not None else None
        between = [m for m in self.ents.mentions
                   if prev.end <= m.start < start and m.label == "PERSON"
                   and not (own and own[0] <= m.start <= own[1])]
        if any(m.entity_id != prev.speaker_entity_id for m in between):
            return None, None
        return Speaker(prev.speaker_text or prev.speaker or "", prev.speaker,
                       prev.speaker_entity_id, description=prev.speaker_description), prev.cue

    # -- reported speech ----------------------------------------------------
    def _reported(self, para: Paragraph) -> None:
        doc = para.doc
        text = para.text
        spans = self.spans[para.offset]
        for sent in para.sents:
            for tok in para.verbs_in(sent):
                if inside_quote(tok, spans) or not is_cue(tok) or withheld(tok):
                    continue
                content = self._content_of(tok, spans)
                subj = subject_of(tok, spans)
                if content is None or subj is None or inside_quote(subj, spans):
                    continue
                if subj.lower_ == "i":
                    continue  # "I asked Banafa if ...": the writer's narration, no source's words
                words = text[content[0]:content[1]]
                start = para.offset + content[0]
                lemma = verb_lemma(tok.text, SPEECH_CUES)
                if (lemma in _EMPHASIS_CUES or (lemma in _RIGHT_SIDE_CUES and tok.dep_ == "conj")) \
                        and not (named_as_written(subj) or subj.tag_ == "PRP" or describes_someone(subj)):
                    # "the outage highlighted the risks", "its shares ...": no one
                    # speaking; "said the drones came from the east and blamed Kestrel":
                    # the parser joined the verb to the reported clause, whose subject
                    # is no speaker
                    continue
                # "Asked whether ..., Ekberg said": the question was put to the subject by
                # someone the text does not name; the words are not the subject's
                put_to = tok.tag_ == "VBN" and tok.dep_ == "advcl"
                if tok.dep_ == "xcomp" and tok.tag_ == "VB" and any(
                        c.dep_ == "dobj" for c in tok.head.children):
                    # "Norway will ask the agency to condemn the jamming": what someone is
                    # asked to say, by whoever is asked, not words anyone said
                    continue
                speaker = None if put_to else self.speaker_of(subj, para)
                self._add("reported", words, start, start + len(words),
                          speaker, tok.text, para.offset + tok.idx)
            acc = according_to(sent) if "ccording" in span_text(sent) else None
            if acc and self._attributed_quote_in(para.offset + sent.start_char, para.offset + sent.end_char):
                acc = None  # "“...,” the firm said, according to the Courier": the Courier passes it on
            if acc and not inside_quote(acc[0], spans):
                tok, obj = acc
                phrase = doc[tok.i:obj.right_edge.i + 1]
                rest = [t for t in sent if not (phrase.start <= t.i < phrase.end)
                        and not t.is_punct]
                if rest:
                    a, b = rest[0].idx, rest[-1].idx + len(rest[-1].text)
                    self._add("reported", text[a:b], para.offset + a, para.offset + b,
                              self.speaker_of(obj, para), "according to",
                              para.offset + tok.idx)

    def _attributed_quote_in(self, start: int, end: int) -> bool:
        return any(q.kind == "direct" and q.cue not in (None, "according to") and q.start is not None
                   and start <= q.start < end for q in self.quotes)

    def _content_of(self, cue: Any, spans: list[QuoteSpan]) -> tuple[int, int] | None:
        """Character span of what the cue reports, or None when it reports nothing here
        (a direct quote's own cue: that quote was recorded already)."""
        lemma = verb_lemma(cue.text, SPEECH_CUES)
        aimed = lemma in _RIGHT_SIDE_CUES and any(c.dep_ == "dobj" for c in cue.rights)
        for child in cue.children:
            if child.dep_ in CLAUSE_DEPS:
                if aimed and child.i < cue.i:
                    # "Drones shut three airports, minister blames Kestrel": whom the
                    # cue aims at is its object; the clause before it is no one's words
                    continue
                first, last = child.left_edge, child.right_edge
                a, b = first.idx, last.idx + len(last.text)
                quoted = sum(min(b, s.end) - max(a, s.start) for s in spans
                             if s.start < b and a < s.end)
                if quoted >= 0.6 * (b - a):
                    return None
                if first.lower_ == "that" and first.dep_ == "mark" and first.i < last.i:
                    a = first.nbor().idx  # the complementiser is the cue's, not the content's
                return a, before_answer(child, b)
        if lemma in _RIGHT_SIDE_CUES:
            right = [c for c in cue.rights if c.dep_ in ("dobj", "prep")]
            if right:  # up to the last object or preposition: a conjoined verb is not content
                last = right[-1].right_edge
                last = before_next_clause(last, right[0].left_edge)
                return right[0].left_edge.idx, last.idx + len(last.text)
        if lemma in _EMPHASIS_CUES:
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                last = obj.right_edge
                return obj.left_edge.idx, last.idx + len(last.text)
        if lemma in OBJECT_CUES:
            for child in cue.children:
                if child.dep_ == "dobj" and verb_lemma(child.text, STATEMENT_NOUNS) in \
                        STATEMENT_NOUNS:
                    last = child.right_edge
                    return child.left_edge.idx, last.idx + len(last.text)
        return None

    # -- output ---------------------------------------------------------------
    def _add(self, kind: str, text: str, start: int, end: int, speaker: Speaker | None,
             cue: str | None, cue_start: int | None = None) -> None:
        dateline = DATELINE.match(text) if kind == "reported" else None
        if dateline is not None:  # "LIMA, March 17 (Northwire) - Miners ..., X said"
            text, start = text[dateline.end():], start + dateline.end()
        if kind == "reported":  # a dash or colon the parser hung on the clause
            trimmed = text.lstrip("-\u2013\u2014:;, ")
            start += len(text) - len(trimmed)
            text = trimmed
        article_id = self.parsed.article.id
        self.quotes.append(Quote(
            id=content_id(article_id, kind, str(start), str(end)),
            article_id=article_id,
            sentence_index=self.parsed.sentence_at(start),
            text=text.strip(),
            kind=kind,  # type: ignore[arg-type]
            speaker=speaker.name if speaker else None,
            speaker_entity_id=speaker.entity_id if speaker else None,
            speaker_text=speaker.text if speaker else None,
            cue=cue, start=start, end=end, cue_start=cue_start,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_description=speaker.description if speaker else None,
        ))

    def run(self) -> list[Quote]:
        previous: Paragraph | None = None
        for para in self.parsed.paragraphs:
            self._direct(para, previous)
            self._reported(para)
            previous = para
        return _speaker_of_outer(_without_nested(self.quotes))


def _runs_on(para: Paragraph, span: QuoteSpan) -> bool:
    """Is the quote left open at its paragraph's end (no closing mark after its words)?"""
    return not para.text[span.end:].strip()


def _without_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop reported speech whose cue sits inside another report by the same speaker:
    "Blinken said he expects allies to act" is one statement, not two ("expects allies
    to act" again)."""
    reported = [q for q in quotes if q.kind == "reported" and q.start is not None and q.end is not None]

    def nested(q: Quote) -> bool:
        return q.kind == "reported" and q.cue_start is not None and any(
            p is not q and p.start is not None and p.end is not None and p.start <= q.cue_start < p.end
            and (p.speaker_entity_id or p.speaker) == (q.speaker_entity_id or q.speaker)
            for p in reported)

    return [q for q in quotes if not nested(q)]


def _speaker_of_outer(quotes: list[Quote]) -> list[Quote]:
    """A direct quote with no speaker of its own inside someone's reported words is
    theirs: 'Ekberg told parliament the flights were "a provocation we will not
    ignore"' quotes Ekberg (when all the reported words around it are one speaker's)."""
    outer = [q for q in quotes if q.kind == "reported" and q.start is not None and q.end is not None
             and (q.speaker or q.speaker_description)]
    out = []
    for q in quotes:
        within = None
        if q.kind == "direct" and not (q.speaker or q.speaker_description) and q.start is not None \
                and q.end is not None:
            around = [p for p in outer if p.start <= q.start and q.end <= p.end]  # type: ignore[operator]
            # only when whose words they are is one answer: reported words inside
            # reported words ("X said he was not questioning Y when he referred to
            # '...'") leave the inner clause's subject to a guess
            if len({(p.speaker_entity_id or p.speaker, p.speaker_description) for p in around}) == 1:
                within = around[0]
        if within is not None:
            q = replace(q, speaker=within.speaker, speaker_entity_id=within.speaker_entity_id,
                        speaker_text=within.speaker_text, speaker_description=within.speaker_description,
                        speaker_start=within.speaker_start, speaker_end=within.speaker_end,
                        cue=within.cue, cue_start=within.cue_start)
        out.append(q)
    return out


def find_quotes(parsed: ParsedArticle, ents: ArticleEntities,
                registry: EntityRegistry) -> list[Quote]:
    if not parsed.english:  # read without a parser, by each language's conventions
        return find_quotes_intl(parsed.article, registry)
    return QuoteFinder(parsed, ents, registry).run()

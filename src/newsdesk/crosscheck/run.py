"""Cross-check a story: align statements into facts, count independent support, and
run the discrepancy detectors over statements that speak about the same thing.

Findings (records.Finding) are written per story, replacing the previous run's:

* ``corroborated`` — a claim that two or more independent sources (copy groups) make;
* ``single_source`` — a claim only one independent source makes;
* ``discrepancy`` — two statements that conflict on a number, date, name, polarity,
  hedging or quoted words, with both sentences as evidence; aligned claims that no
  rule decides go to the shipped agreement model, or to the user's NLI backend when
  settings name one (type "other").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import partial
from typing import Any

import numpy as np

from newsdesk.config import Settings
from newsdesk.copies import source_groups
from newsdesk.crosscheck.ages import age_conflicts
from newsdesk.crosscheck.agreement import LABELS, AgreementModel
from newsdesk.crosscheck.attributes import AGREES, attribute_agreements, attribute_conflicts
from newsdesk.crosscheck.dates import date_conflict
from newsdesk.crosscheck.detectors import Conflict, forget_texts
from newsdesk.crosscheck.durations import duration_conflicts
from newsdesk.crosscheck.event_times import event_time_conflicts
from newsdesk.crosscheck.facts import (
    align_facts,
    backed_claims,
    extra_clause,
    may_be_one_fact,
    part_text,
)
from newsdesk.crosscheck.links import denied_link, link_conflict
from newsdesk.crosscheck.names import entity_swap, misspelled_name
from newsdesk.crosscheck.nli import NLIBackend, cached_backend, score_pairs
from newsdesk.crosscheck.pair_memo import PairMemo, pair_key, statement_digest
from newsdesk.crosscheck.polarity import hedge_conflict, polarity_conflict
from newsdesk.crosscheck.quantity import quantity_conflict
from newsdesk.crosscheck.quotes import joined_quotes, quote_conflict
from newsdesk.crosscheck.remarks import remark_versions, versions_summary
from newsdesk.crosscheck.similarity import (
    COMPARE_MIN,
    SAME_FACT,
    clause_similarities,
    content_similarities,
    content_stems,
    figure_similarities,
    similarities,
)
from newsdesk.crosscheck.sources import source_conflicts
from newsdesk.crosscheck.statements import Statement, story_statements, storyline_statements
from newsdesk.crosscheck.totals import per_day_conflict
from newsdesk.crosscheck.weekdays import (
    WEEKDAY_MISMATCH,
    named_days,
    storyline_witnesses,
    weekday_conflicts,
    weekday_summary,
)
from newsdesk.records import Evidence, Finding, content_id
from newsdesk.store import Store

# The agreement model's "disagree" probability above which aligned claims that no rule
# separates are reported. Chosen on LLMFake items 60-160 (the benchmark reads the first
# 60): at 0.98 paraphrase pairs flagged fell from 22 to 18 of 100 while manipulated pairs
# flagged stayed 17 of 120; at 0.995 manipulations started to be missed. On real
# coverage (realnews) every one of its 14 calls was a paraphrase, a quote against its
# paraphrase or two related facts; none of them turned on a negated claim, so the
# model is asked only about pairs where one claim is negated and the other not
# ("has backed" / "has not approved"), which no verb-matching rule pairs. Re-chosen the
# same way for the model refitted on the int8 MiniLM's vectors (issue 16): on LLMFake items
# 60-160, every threshold from 0.96 to 0.99 flags the same 8 of 100 paraphrase pairs (0.95:
# 9) and 45-46 of 598 manipulated pairs, so the lowest of them.
MODEL_DISAGREE = 0.96
# With an NLI backend configured, it judges those pairs instead: a contradiction is
# reported when it is the most likely reading and at least this likely.
NLI_CONTRADICTION = 0.5


@dataclass(slots=True)
class CrosscheckSummary:
    stories: int = 0
    corroborated: int = 0
    single_source: int = 0
    discrepancies: int = 0
    updates: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


def _finding(story_id: str, kind: str, type_: str, items: list[Statement], summary: str,
             confidence: float) -> Finding:
    ids = sorted({s.article_id for s in items})
    return Finding(
        id=content_id(story_id, kind, type_, *(f"{s.article_id}:{s.index}" for s in items), summary),
        story_id=story_id, kind=kind, type=type_, articles=ids,  # type: ignore[arg-type]
        evidence=[Evidence(s.article_id, s.text, s.index) for s in items],
        summary=summary, confidence=confidence, independent_sources=len({s.group for s in items}),
    )


def _facts(statements: list[Statement], sims: np.ndarray) -> list[list[int]]:
    """Claim statements grouped into facts (crosscheck.facts: no chaining, one statement
    per article in a fact, never two statements that name different acts, give
    different figures for one thing or negate each other)."""
    claimed = [i for i, s in enumerate(statements) if s.claims]
    if len({statements[i].article_id for i in claimed}) < 2:
        # A fact holds one statement per article: one article's claims are each a fact
        # of their own, and their content vectors (most of the cross-check's embeddings
        # in a store of one-report stories; issue 16) could decide nothing.
        return [[i] for i in claimed]
    sims = figure_similarities(statements, claimed, content_similarities(statements, claimed, sims))
    compatible = np.ones(sims.shape, dtype=bool)
    for n, i in enumerate(claimed):
        for j in claimed[n + 1:]:
            if sims[i, j] >= SAME_FACT and not may_be_one_fact(statements[i], statements[j]):
                compatible[i, j] = compatible[j, i] = False
    return align_facts(statements, sims, SAME_FACT, compatible)


@dataclass(slots=True)
class _Backed:
    """What of one statement of a fact the fact's other sources state."""
    statement: Statement
    claims: list[int]  # its claims another source states
    extra: bool = False  # it joins a clause no other source states

    @property
    def whole(self) -> bool:
        return not self.extra and len(self.claims) == len(self.statement.claims)

    @property
    def text(self) -> str:
        return self.statement.text if self.whole else part_text(self.statement, self.claims)


def _backing(items: list[Statement]) -> list[_Backed]:
    """For each statement of a fact, its claims that a statement of another source
    states (crosscheck.facts.backed_claims)."""
    out = []
    for s in items:
        others = [o for o in items if o.group != s.group]
        out.append(_Backed(s, backed_claims(s, others), extra_clause(s, others)))
    return out


def _fact_findings(story_id: str, items: list[Statement]) -> list[Finding]:
    """One fact's findings: corroborated when two independent sources state it, "partly
    corroborated" (type ``partial``, each sentence cut to the part another source
    states) when a report says more than the others back; statements the other sources
    back in nothing are single-source findings of their own."""
    if len({s.group for s in items}) < 2:
        first = max(items, key=lambda s: (len(s.claims), -s.index))
        return [_finding(story_id, "single_source", "other", [first], first.text, 0.6)]
    backing = _backing(items)
    kept = [b for b in backing if b.claims]
    out = [f for b in backing if not b.claims for f in _fact_findings(story_id, [b.statement])]
    if len({b.statement.group for b in kept}) < 2:
        return out + (_fact_findings(story_id, [b.statement for b in kept]) if kept else [])
    groups = {b.statement.group for b in kept}
    confidence = round(min(0.99, 0.5 + 0.15 * len(groups)), 2)
    best = max(kept, key=lambda b: (b.whole, len(b.claims), -b.statement.index))
    if all(b.whole for b in kept):
        return [*out, _finding(story_id, "corroborated", "other", [b.statement for b in kept],
                               best.text, confidence)]
    finding = _finding(story_id, "corroborated", "partial", [b.statement for b in kept],
                       best.text, confidence)
    finding.evidence = [Evidence(b.statement.article_id, b.text, b.statement.index) for b in kept]
    return [*out, finding]


def _with_standing_agreements(story_id: str, facts: list[Finding],
                              agreeing: dict[tuple[str, int, str], list[Statement]]) -> list[Finding]:
    """The story's facts, and a corroboration for each of its standing facts that
    other sources of the storyline give alike (run.standing_facts): its report's
    sentence first, then theirs. A sentence the story's own alignment already
    corroborates needs none; one it called single-source is not, once another source
    gives its figure."""
    corroborated = {(e.article_id, e.sentence_index) for f in facts if f.kind == "corroborated"
                    for e in f.evidence}
    out: list[Finding] = []
    backed: set[tuple[str, int]] = set()
    for (article, index, summary), items in agreeing.items():
        if (article, index) in corroborated:
            continue
        backed.update((s.article_id, s.index) for s in items)  # the story's own among them
        confidence = round(min(0.99, 0.5 + 0.15 * len({s.group for s in items})), 2)
        out.append(_finding(story_id, "corroborated", "quantity", items, summary, confidence))
    kept = [f for f in facts if not (f.kind == "single_source" and len(f.evidence) == 1
                                     and (f.evidence[0].article_id, f.evidence[0].sentence_index) in backed)]
    return kept + out


def _speaker_kind(statement: Statement, quote: dict[str, Any]) -> str | None:
    """The entity label of a quote's speaker where its sentence names him (PERSON, ORG…)."""
    speaker = quote.get("speaker_entity_id")
    return next((str(m.get("label")) for m in statement.mentions
                 if speaker and m.get("entity_id") == speaker), None)


def _pair_conflicts(a: Statement, b: Statement, sim: float, names: dict[str, str]) -> list[Conflict]:
    found = []
    for detect in (quantity_conflict, date_conflict, polarity_conflict, hedge_conflict):
        conflict = detect(a, b, sim)
        if conflict:
            found.append(conflict)
    for x, y in ((a, b), (b, a)):
        total = per_day_conflict(x, y, sim, COMPARE_MIN)
        if total:
            found.append(total if x is a else _reversed(total))
            break
    swap = entity_swap(a, b, sim, names)
    if swap:
        found.append(swap)
    quotes_b = joined_quotes(b.quotes)
    for qa in joined_quotes(a.quotes):
        for qb in quotes_b:
            conflict = quote_conflict(qa, qb, sim, (a.text, b.text),
                                      (_speaker_kind(a, qa), _speaker_kind(b, qb)))
            if conflict:
                found.append(conflict)
    return found


def _clause_conflicts(a: Statement, b: Statement, clause_sim: float) -> list[Conflict]:
    conflict = quantity_conflict(a, b, clause_sim)
    return [conflict] if conflict else []


def _reversed(conflict: Conflict) -> Conflict:
    """A conflict found with the statements the other way round, told in their order."""
    sides = _sides(conflict.summary)
    summary = f"{sides[1]} vs {sides[0]}" if sides else conflict.summary
    values = conflict.values[::-1] if conflict.values else None
    return Conflict(conflict.type, summary, conflict.confidence, conflict.ratio, values)


def _full_names(statements: list[Statement]) -> dict[str, str]:
    """The longest name each person goes by in the story ("Aurelia Brandt" for "Brandt")."""
    names: dict[str, str] = {}
    for s in statements:
        for m in s.mentions:
            if m.get("label") == "PERSON" and m.get("entity_id"):
                key, text = str(m["entity_id"]), str(m["text"])
                if len(text) > len(names.get(key, "")):
                    names[key] = text
    return names


def _name_conflicts(story_id: str, statements: list[Statement], sims: np.ndarray) -> list[Finding]:
    """The same person's name spelled differently across articles (not a transliteration
    variant). Evidence: the closest pair of sentences that carry the two spellings."""
    where: dict[str, list[int]] = {}
    for i, s in enumerate(statements):
        for m in s.mentions:
            if m.get("label") == "PERSON":
                where.setdefault(str(m["text"]), []).append(i)
    out = []
    names = sorted(where)
    for n, x in enumerate(names):
        for y in names[n + 1:]:
            if not misspelled_name(x, y):
                continue
            # Only a copy's change to its origin: independent reports spell a name as
            # they do (typos, transliterations), and no reader is misled about who.
            pairs = [(i, j) for i in where[x] for j in where[y]
                     if statements[i].article_id != statements[j].article_id
                     and statements[i].group == statements[j].group]
            if not pairs:
                continue
            i, j = max(pairs, key=lambda p: sims[p[0], p[1]])
            finding = _finding(story_id, "discrepancy", "entity", [statements[i], statements[j]],
                               f"name spelled differently: {x} vs {y}", 0.7)
            finding.articles = sorted({statements[k].article_id for k in where[x] + where[y]})
            out.append(finding)
    return out


def crosscheck_statements(story_id: str, statements: list[Statement],
                          nli: NLIBackend | None = None,
                          standing: list[tuple[Statement, Statement, str]] | None = None,
                          memo: PairMemo | None = None) -> list[Finding]:
    """Facts and discrepancies of one story's statements. ``nli``: an optional NLI
    backend (crosscheck.nli) that judges the aligned claims no rule decides, in place
    of the shipped agreement model. ``standing``: conflicts on standing facts found
    across the storyline (crosscheck.attributes), as (odd statement, other, summary).
    ``memo``: verdicts on statement pairs of earlier checks, reused where a pair's
    inputs are unchanged, and this check's verdicts collected (crosscheck.pair_memo);
    the findings are the same with or without it."""
    try:
        return _check(story_id, statements, nli, standing, memo if memo is not None else PairMemo())
    finally:
        # The detectors keep their per-text work for the pairs of one story; emptied
        # after it, so a run over many stories holds one story's texts, not all of them
        # (peak memory flat as the store grows, issue 16).
        forget_texts()


def _check(story_id: str, statements: list[Statement], nli: NLIBackend | None,
           standing: list[tuple[Statement, Statement, str]] | None, memo: PairMemo) -> list[Finding]:
    if not statements and not standing:
        return []
    findings: list[Finding] = []
    agreeing: dict[tuple[str, int, str], list[Statement]] = {}
    for a, b, summary in standing or []:
        if f", {AGREES} " in summary:
            items = agreeing.setdefault((a.article_id, a.index, summary), [a])
            if all((b.article_id, b.index) != (s.article_id, s.index) for s in items):
                items.append(b)
            continue
        # a weekday slip whose witness is in another story is a date finding
        kind, confidence = ("date", 0.9) if WEEKDAY_MISMATCH in summary else ("quantity", 0.8)
        findings.append(_finding(story_id, "discrepancy", kind, [b, a], summary, confidence))
    # a standing conflict knows which report is the odd one (the second sentence)
    odd_second = {f.id for f in findings}
    facts: list[Finding] = []
    if statements:
        sims = similarities(statements)
        for members in _facts(statements, sims):
            facts.extend(_fact_findings(story_id, [statements[i] for i in members]))
    findings.extend(_with_standing_agreements(story_id, facts, agreeing))
    if not statements:
        return _stable(_dedupe(findings, odd_second))
    n = len(statements)
    names = _full_names(statements)
    clause_sims = clause_similarities(statements, sims)
    digests = [statement_digest(s, names) for s in statements]
    unexplained: list[tuple[Statement, Statement]] = []
    for i in range(n):
        a = statements[i]
        for j in range(i + 1, n):
            b = statements[j]
            if a.article_id == b.article_id or a.text == b.text or a.headline or b.headline:
                continue  # a headline is set against no other report ("allegedly" in it, figures cut)
            sim, clause_sim = float(sims[i, j]), float(clause_sims[i, j])
            if sim < COMPARE_MIN and clause_sim < COMPARE_MIN:
                continue
            key = pair_key(digests[i], digests[j], sim, clause_sim)
            if sim < COMPARE_MIN:
                # a sentence that joins two statements ("..., while officials confirmed
                # a fourth body") is compared clause by clause, on its figures
                for conflict in memo.verdict(key, partial(_clause_conflicts, a, b, clause_sim)):
                    summary, confidence, kind = _in_time(conflict, a, b)
                    findings.append(_finding(story_id, kind, conflict.type, [a, b], summary, confidence))
                continue
            conflicts = memo.verdict(key, partial(_pair_conflicts, a, b, sim, names))
            for conflict in conflicts:
                summary, confidence, kind = _in_time(conflict, a, b)
                findings.append(_finding(story_id, kind, conflict.type, [a, b], summary, confidence))
            # Numbers are left to the unit-aware rule: the model cannot tell 75 miles
            # from 120 km.
            if (not conflicts and sims[i, j] >= SAME_FACT and a.claims and b.claims
                    and not (a.quantities() and b.quantities())
                    and (nli is not None or _model_may_judge(a, b))):
                unexplained.append((a, b))
    findings.extend(_nli_conflicts(story_id, unexplained, nli) if nli is not None
                    else _model_conflicts(story_id, unexplained))
    findings = _one_dispute_per_remark(story_id, findings, statements, sims)
    denials = [s for s in statements if denied_link(s) is not None]
    for a in denials:
        tied: set[str] = set()  # one sentence per report: its first that ties the two
        for b in statements:
            # a report that denies the link itself is on the denial's side in all its sentences
            if b.article_id in tied or any(d.article_id == b.article_id for d in denials):
                continue
            link = link_conflict(a, b)
            if link:
                tied.add(b.article_id)
                findings.append(_finding(story_id, "discrepancy", link.type, [a, b], link.summary,
                                         link.confidence))
    years = _years(statements)
    dated = {t.article_id for t in statements if _year(t.published) is not None}
    witnessed = {(a.article_id, a.index) for a, _b, summary in standing or []
                 if WEEKDAY_MISMATCH in summary}
    for s in statements:
        if (s.article_id, s.index) in witnessed:
            continue
        for text in weekday_conflicts(s, _other_years(years, s, dated)):
            partner = _date_partner(s, statements, sims)
            items = [s, partner] if partner else [s]
            findings.append(_finding(story_id, "discrepancy", "date", items, weekday_summary(text), 0.9))
    for a, b, summary in age_conflicts(statements):
        findings.append(_finding(story_id, "discrepancy", "quantity", [a, b], summary, 0.85))
    findings.extend(_name_conflicts(story_id, statements, sims))
    sources = {s.article_id: s.group for s in statements}
    return _stable(_without_disputed(_copy_changes(_dedupe(findings, odd_second), sources), sources))


# Said of a dispute between a copy and the report it copies (run._copy_changes).
CHANGED_BY_COPY = "changed by a copy of that report"


def _copy_changes(findings: list[Finding], group_of: dict[str, str]) -> list[Finding]:
    """A dispute between a copy and its origin (a spun or garbled copy: "500 passengers" in
    the wire report, "600 passengers" in its reworded copy) is a change that copy made,
    not two sources at odds: its summary says so, the origin's sentence first. Two copies
    of one report that differ from each other are said to be such. A copy's change to a
    standing fact is told by crosscheck.attributes in the same words.
    Runs after _odd_one_out: where independent reports agree with the origin too, the
    one dispute holds the origin, the copy, then those reports (the magnitude a spun copy
    changed, and two other outlets that give the origin's)."""
    for f in findings:
        if f.kind != "discrepancy" or len(f.evidence) < 2 or "by a copy" in f.summary:
            continue
        if len(f.evidence) == 2:
            a, b = (e.article_id for e in f.evidence)
            group = group_of.get(a)
            if a == b or group is None or group != group_of.get(b):
                continue
            if group == b:  # the origin first
                if _sides(f.summary):
                    _put_odd_second(f)
                else:
                    f.evidence.reverse()
            f.summary += f" ({CHANGED_BY_COPY})" if group in (a, b) else " (two copies of one report differ)"
            continue
        # one odd report (second) against several that agree: is one of them its origin?
        odd = f.evidence[1].article_id
        group = group_of.get(odd)
        if group is None or group == odd:
            continue
        origin = next((e for k, e in enumerate(f.evidence) if k != 1 and e.article_id == group), None)
        if origin is None:
            continue
        f.evidence = [origin, f.evidence[1], *(e for k, e in enumerate(f.evidence)
                                               if k != 1 and e is not origin)]
        f.summary += f" ({CHANGED_BY_COPY})"
    return findings


def _one_dispute_per_remark(story_id: str, findings: list[Finding], statements: list[Statement],
                            sims: np.ndarray) -> list[Finding]:
    """The quote disputes of one remark printed in three or more wordings, as one dispute
    listing each version once (crosscheck.remarks), in place of its pairwise ones."""
    at = {s.key: i for i, s in enumerate(statements)}
    quoted: list[Finding] = []
    pairs: list[tuple[Statement, Statement]] = []
    for f in findings:
        keys = [(e.article_id, e.sentence_index) for e in f.evidence if e.sentence_index is not None]
        if f.kind == "discrepancy" and f.type == "quote" and len(keys) == 2 and all(k in at for k in keys):
            quoted.append(f)
            pairs.append((statements[at[keys[0]]], statements[at[keys[1]]]))
    if len(quoted) < 2:
        return findings

    def conflicting(a: Statement, qa: dict[str, Any], b: Statement, qb: dict[str, Any]) -> bool:
        found = quote_conflict(qa, qb, float(sims[at[a.key], at[b.key]]), (a.text, b.text),
                               (_speaker_kind(a, qa), _speaker_kind(b, qb)))
        return found is not None and found.type == "quote"

    taken: set[int] = set()
    merged = []
    for indices, versions in remark_versions(pairs, conflicting, at):
        taken.update(id(quoted[i]) for i in indices)
        # each version in its plainest sentence; every report of it among the articles
        shown = [v.plainest() for v in versions]
        everyone = [s for v in versions for s in v.statements]
        finding = _finding(story_id, "discrepancy", "quote", shown, versions_summary(versions),
                           max(quoted[i].confidence for i in indices))
        finding.articles = sorted({s.article_id for s in everyone})
        finding.independent_sources = len({s.group for s in everyone})
        merged.append(finding)
    return [f for f in findings if id(f) not in taken] + merged


def _without_disputed(findings: list[Finding], group_of: dict[str, str]) -> list[Finding]:
    """A conflict found inside a fact is never also its corroboration: a statement that
    a dispute sets against another statement of the same fact leaves the fact's
    evidence (both sides: which one is right is the dispute's question). A fact left
    with one independent source is single-source."""
    # the pairs each dispute sets against each other: its odd report (the second
    # sentence) against each of the others; reports on one side agree with each other
    disputed: list[set[tuple[str, str]]] = []
    for f in findings:
        if f.kind == "discrepancy" and len(f.evidence) >= 2:
            keys = [(e.article_id, " ".join(e.sentence.split())) for e in f.evidence]
            disputed.extend({keys[1], other} for n, other in enumerate(keys) if n != 1)
    out: list[Finding] = []
    for f in findings:
        if f.kind != "corroborated" or not disputed:
            out.append(f)
            continue
        keys = [(e.article_id, " ".join(e.sentence.split())) for e in f.evidence]
        drop = set().union(*(d & set(keys) for d in disputed if len(d & set(keys)) >= 2))
        if not drop:
            out.append(f)
            continue
        kept = [e for e, k in zip(f.evidence, keys, strict=True) if k not in drop]
        if not kept:
            continue
        f.evidence = kept
        f.articles = sorted({e.article_id for e in kept})
        f.independent_sources = len({group_of.get(e.article_id, e.article_id) for e in kept})
        if f.independent_sources < 2:
            f.kind = "single_source"
            f.evidence = kept[:1]
            f.articles = [kept[0].article_id]
            f.independent_sources = 1
        out.append(f)
    return out


# How grave a dispute's kind is, when two are equally sure: a reversed statement or a
# wrong figure misleads more than a changed word in a quote or a hedge.
_GRAVITY = {"polarity": 0, "quantity": 1, "date": 2, "entity": 3, "quote": 4, "hedge": 5, "other": 6}
_KIND_ORDER = {"discrepancy": 0, "update": 1, "corroborated": 2, "single_source": 3}


def severity_key(f: Finding) -> tuple[int, float, int, int, str]:
    """Sort key: disputes first, the surest and gravest first; then corroborated facts
    by how many independent sources back them; then single-source claims."""
    gravity = _GRAVITY.get(f.type, 9) if f.kind == "discrepancy" else 0
    return (_KIND_ORDER.get(f.kind, 4), -f.confidence, gravity, -f.independent_sources, f.id)


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=severity_key)


def _stable(findings: list[Finding]) -> list[Finding]:
    """Ids from what a finding finally says (its sentences, in a fixed order, and its
    summary), not from the order statements were met in, and the findings in a fixed
    order: the same store checked twice gives the same findings under the same ids."""
    for f in findings:
        keys = sorted(f"{e.article_id}:{e.sentence_index}:{e.sentence}" for e in f.evidence)
        f.id = content_id(f.story_id, f.kind, f.type, *keys, f.summary)
        f.articles = sorted(set(f.articles))
    unique = {f.id: f for f in findings}
    return by_severity(unique.values())


# Reports published this many days apart may disagree on a figure because it changed
# (a death toll rising overnight), not because one is wrong.
UPDATE_DAYS = 1
# ... and only a figure that moved by less than half: 14 dead then 17 is a rising toll,
# €600m then €60m is an error.
UPDATE_MAX_RATIO = 1.5


def _in_time(conflict: Conflict, a: Statement, b: Statement) -> tuple[str, float, str]:
    """A figure that grew between reports of different days (a toll rising overnight)
    is an update, not a dispute: kind "update", earlier report's figure first. One
    that shrank is still a dispute, shown with both days and less confidence (a
    correction, or an error). Returns (summary, confidence, finding kind)."""
    plain = (conflict.summary, conflict.confidence, "discrepancy")
    if conflict.type != "quantity" or not (a.published and b.published) \
            or (conflict.ratio or 0.0) > UPDATE_MAX_RATIO:
        return plain
    try:
        da, db = (date.fromisoformat(x.published[:10]) for x in (a, b))  # type: ignore[index]
    except ValueError:
        return plain
    if abs((db - da).days) < UPDATE_DAYS:
        return plain
    first, then = sorted((da, db))
    when = f"reported {first:%-d %b} and {then:%-d %b}"
    if conflict.values is not None:
        earlier, later = conflict.values if da <= db else conflict.values[::-1]
        if later >= earlier:
            sides = _sides(conflict.summary)
            shown = f"{sides[0]} then {sides[1]}" if da <= db and sides else \
                f"{sides[1]} then {sides[0]}" if sides else conflict.summary
            return f"updated figure: {shown} \u2014 {when}", conflict.confidence, "update"
    return (f"{conflict.summary} \u2014 {when}: possibly an updated figure",
            round(conflict.confidence * 0.7, 2), "discrepancy")


# Two sentences that differ in at most this many places of at most this many words
# are one sentence edited: the rules read such edits word by word (a number, a name,
# a negation, a hedge), so when none of them finds a conflict there is none. The
# agreement model, trained on whole claims, called "a person familiar" / "someone
# familiar" a contradiction (p=1.00) on real coverage.
EDIT_PLACES = 3
EDIT_WORDS = 3


def _small_edit(a: str, b: str) -> bool:
    wa, wb = (re.findall(r"[\w'’-]+", t.lower()) for t in (a, b))
    ops = [op for op in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(ops) <= EDIT_PLACES and all(max(i2 - i1, j2 - j1) <= EDIT_WORDS for _, i1, i2, j1, j2 in ops)


def _model_may_judge(a: Statement, b: Statement) -> bool:
    """Only a claim one report negates about what the other asserts: "has not approved
    the offer" / "has backed the offer" (the negated verb's object in both), not "did
    not release details" beside "recovered the body"."""
    if _negated(a) == _negated(b) or _small_edit(a.text, b.text):
        return False
    neg, other = (a, b) if _negated(a) else (b, a)
    found = re.search(r"\b(?:not|n't|never|no)\s+(\w+)((?:\s+[\w'’-]+){1,4})", neg.text)
    if not found:
        return False
    obj = content_stems(found.group(2))
    return bool(obj & content_stems(other.text))


def _negated(s: Statement) -> bool:
    """Is the statement's main claim negated (its first claim: a negation in a side
    clause, "although nothing has been signed, Norvale intends ...", is not the statement's)?"""
    return bool(s.claims and s.claims[0].get("negated"))


def _model_conflicts(story_id: str, pairs: list[tuple[Statement, Statement]]) -> list[Finding]:
    """Aligned claims that no rule finds in conflict go to the learned agreement model
    (crosscheck.agreement); only its confident "disagree" calls become findings, and
    with a lower confidence than a rule's, since the model cannot say what differs."""
    if not pairs:
        return []
    try:
        model = AgreementModel.load()
    except FileNotFoundError:  # a checkout without the trained model: rules only
        return []
    disagree = model.score([(b.text, a.text) for a, b in pairs])[:, LABELS.index("disagree")]
    return [_finding(story_id, "discrepancy", "other", [a, b],
                     f"the agreement model reads these statements as conflicting (p={p:.2f})",
                     round(min(0.6, float(p) - 0.3), 2))
            for (a, b), p in zip(pairs, disagree, strict=True) if p >= MODEL_DISAGREE]


def _nli_conflicts(story_id: str, pairs: list[tuple[Statement, Statement]],
                   nli: NLIBackend) -> list[Finding]:
    """The user's NLI model reads each pair the rules left undecided; a contradiction
    becomes an "other" discrepancy with the model's probability as its confidence."""
    if not pairs:
        return []
    out = []
    for (a, b), scores in zip(pairs, score_pairs(nli, [(a.text, b.text) for a, b in pairs]), strict=True):
        p = scores["contradiction"]
        if p >= NLI_CONTRADICTION and p == max(scores.values()):
            out.append(_finding(story_id, "discrepancy", "other", [a, b],
                                f"the NLI model reads these statements as contradicting (p={p:.2f})",
                                round(min(p, 0.99), 2)))
    return out


def _year(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None


def _years(statements: list[Statement]) -> set[int]:
    """Years the story's reports were published in, each from at least two reports."""
    counts: dict[int, set[str]] = {}
    for s in statements:
        y = _year(s.published)
        if y is not None:
            counts.setdefault(y, set()).add(s.article_id)
    return {y for y, ids in counts.items() if len(ids) >= 2}


def _other_years(years: set[int], s: Statement, dated: set[str]) -> set[int]:
    """The years a report's weekday may fit besides its page's own: those of the story's
    other reports (``_years``); where no other report of the story is dated at all, the
    year before the page's stamp. A repost stamped a year late among undated reports is
    what ``_years`` cannot see; a real slip fits the year before by chance once in seven.
    ``dated``: the ids of the story's reports with a publication year."""
    own = _year(s.published)
    others_dated = len(dated) > (s.article_id in dated)
    if others_dated or own is None:
        return years - {own}
    return {own - 1}


def _date_partner(s: Statement, statements: list[Statement], sims: np.ndarray) -> Statement | None:
    """The most similar dated statement from another article: the other side of a date
    dispute, unless it repeats the same mismatch (then the error is in both, not between them)."""
    i = statements.index(s)
    wrong = set(weekday_conflicts(s, _years(statements) - {_year(s.published)}))
    candidates = [j for j, t in enumerate(statements)
                  if t.article_id != s.article_id and t.dates and sims[i, j] >= COMPARE_MIN
                  and not wrong & set(weekday_conflicts(t))]
    # The other side is a report naming the same weekday or the same day of the month
    # ("on Wednesday" against "Wednesday, March 28"): it says which of the two is right.
    named = {w for text in wrong for w in named_days(text)}
    return statements[max(candidates, key=lambda j: (bool(named & named_days(statements[j].text)),
                                                     sims[i, j]))] if candidates else None


def _dedupe(findings: Iterable[Finding], odd_second: Set[str] = frozenset()) -> list[Finding]:
    """One finding per conflict: copies of a report repeat its sentences, so the same
    pair of sentences shows up once per copy; keep the first, list every article.
    ``odd_second``: ids of discrepancies whose second sentence is known to be the odd one."""
    merged: dict[tuple[str, str, frozenset[str]], Finding] = {}
    for f in findings:
        key = (f.kind, f.type, frozenset(" ".join(e.sentence.split()).lower() for e in f.evidence))
        if f.kind == "update":
            # one update per figure and pair of reports: a toll a report gives in its lead
            # and again further down rose once, not twice
            key = (f.kind, f.type, frozenset([f.summary, *f.articles]))
        if key in merged:
            kept = merged[key]
            kept.articles = sorted(set(kept.articles) | set(f.articles))
        else:
            merged[key] = f
    return _odd_one_out(list(merged.values()), odd_second)


def _sides(summary: str) -> list[str]:
    """The two sides of a discrepancy's summary: "Brandt's quote differs: “accept” vs
    “tolerate”" → ["“accept”", "“tolerate”"]; "14 people vs 17 people — reported …"
    → ["14 people", "17 people"]."""
    core = summary.split(" \u2014 ")[0]
    core = core.split(": ", 1)[1] if ": " in core.split(" vs ")[0] else core
    sides = [x.strip() for x in core.split(" vs ")]
    return sides if len(sides) == 2 else []


def _reason(summary: str) -> str:
    """What a discrepancy's summary says is at odds, before its sides: "time of the event
    (twelve hours off …)" of "time of the event (twelve hours off …): 13h30 vs 1:30"."""
    core = summary.split(" \u2014 ")[0]
    return core.split(": ", 1)[0] if ": " in core.split(" vs ")[0] else ""


_REPORTED = re.compile(r" \u2014 reported (.+?) and (.+?):")


def _put_odd_second(f: Finding) -> None:
    """Order a two-sentence discrepancy as (agreeing report, odd report), its summary's
    sides and report days with it, so further agreeing reports can follow the first."""
    x, y = _sides(f.summary)
    summary = f.summary.replace(f"{x} vs {y}", f"{y} vs {x}", 1)
    f.summary = _REPORTED.sub(lambda m: f" \u2014 reported {m.group(2)} and {m.group(1)}:", summary, count=1)
    f.evidence.reverse()


def _odd_one_out(findings: list[Finding], odd_second: Set[str] = frozenset()) -> list[Finding]:
    """One dispute where one report differs from several that agree: Teskov Daily's
    "tolerate" against three outlets' "accept" is one finding with four sentences, not
    three findings. Two discrepancies merge when they are of one type and share a
    sentence that says the same thing in both (the same side of the summary)."""
    def norm(sentence: str) -> str:
        return " ".join(sentence.split()).lower()

    # Sentence pairs in conflict: two reports that each differ from a third but also
    # from each other (14, 17 and 20 dead) are two disputes, not one.
    conflicting = {(f.type, frozenset(norm(e.sentence) for e in f.evidence))
                   for f in findings if f.kind == "discrepancy" and len(f.evidence) == 2}
    out: list[Finding] = []
    odd: dict[tuple[str, str, str], Finding] = {}  # type, sentence, its side -> finding
    versions: dict[int, dict[str, str]] = {}  # finding -> side (wording) -> the sentence showing it
    for f in findings:
        sides = _sides(f.summary) if f.kind == "discrepancy" and len(f.evidence) == 2 else []
        # one reason only: three reports that each get the event's time wrong in their own
        # way ("twelve hours off", "another day") are three disputes with one report
        keys = [(f"{f.type}:{_reason(f.summary)}", norm(e.sentence), side)
                for e, side in zip(f.evidence, sides, strict=False)]
        # a standing conflict merges only on its odd report: two reports that each differ
        # from one report of the majority (948 feet, 289 m against 984 feet) are two odd
        # ones, not one odd majority report
        mergeable = keys[1:] if f.id in odd_second else keys
        shared = next((k for k in mergeable if k in odd), None)
        kept = odd[shared] if shared is not None else None
        if kept is not None and shared is not None:
            mine = {k[1] for k in keys if k != shared}
            theirs = {norm(e.sentence) for e in kept.evidence} - {shared[1]}
            if any((f.type, frozenset((x, y))) in conflicting for x in mine for y in theirs):
                kept = None
        if kept is None or shared is None:
            out.append(f)
            odd.update({k: f for k in mergeable if k not in odd})
            versions[id(f)] = {k[2]: e.sentence for e, k in zip(f.evidence, keys, strict=False)}
            continue
        if len(kept.evidence) == 2 and " ".join(kept.evidence[0].sentence.split()).lower() == shared[1]:
            _put_odd_second(kept)
        for e, k in zip(f.evidence, keys, strict=True):
            if k == shared or e.sentence in {x.sentence for x in kept.evidence}:
                continue
            shown = versions[id(kept)]
            if f.type == "quote" and k[2] in shown:
                # one sentence per version of a remark (the plainest: the quote and its
                # speaker); the other reports of that version are listed as articles
                at = next(i for i, x in enumerate(kept.evidence) if x.sentence == shown[k[2]])
                if len(e.sentence) < len(shown[k[2]]):
                    kept.evidence[at] = e
                    shown[k[2]] = e.sentence
                continue
            kept.evidence.append(e)
            kept.independent_sources += 1
            shown[k[2]] = e.sentence
        kept.articles = sorted(set(kept.articles) | set(f.articles))
        kept.confidence = max(kept.confidence, f.confidence)
    return out


def load_statements(store: Store, story_id: str) -> list[Statement]:
    """What a story's cross-check reads from the store: its members' statements, each
    with the source group (copies and duplicates count as their origin's source)."""
    story = store.get_story(story_id)
    links = store.copy_links(story.members)
    articles = store.get_articles(story.members)
    group_of = {a.id: a.duplicate_of or a.id for a in articles}
    for group, members in source_groups([a.id for a in articles], links).items():
        for member in members:
            if member in links:
                group_of[member] = group
    return story_statements(store, story.members, group_of)


def standing_facts(store: Store, story_id: str,
                   line_read: tuple[list[Statement], dict[str, str]] | None = None,
                   ) -> list[tuple[Statement, Statement, str]]:
    """Conflicts on what does not change while a story develops (a person's age, a
    size, a duration against its clock times, the main event's time), read across the
    story's storyline: (odd statement, other, summary), the odd one in this story; and
    the story's standing facts other sources of the storyline give alike: (statement of
    the story, other, summary with attributes.AGREES).
    ``line_read``: the storyline's statements as ``storyline_statements`` reads them,
    when the caller already has them (analyze reads each storyline once per run)."""
    line, story_of = line_read or storyline_statements(store, story_id)
    members = {article for article, story in story_of.items() if story == story_id}
    standing = [(a, b, summary) for a, b, summary in attribute_conflicts(members, line, story_of)
                if not (summary.startswith("age of") and story_of.get(b.article_id) == story_id)]
    standing += duration_conflicts(members, line, story_of)
    standing += source_conflicts(members, line, story_of)
    standing += event_time_conflicts(members, line)
    standing += attribute_agreements(members, line, story_of)
    # a weekday slip in a sentence about an earlier event of the storyline: the reports
    # of that event, not this story's, name the day (English reports, as the story's check)
    own = [s for s in line if s.article_id in members and s.lang == "en"]
    years = _years(own)
    dated = {s.article_id for s in own if _year(s.published) is not None}
    standing += storyline_witnesses({s.article_id for s in own}, line,
                                    lambda s: weekday_conflicts(s, _other_years(years, s, dated)))
    return standing


def crosscheck_story(store: Store, story_id: str, settings: Settings | None = None) -> list[Finding]:
    """Cross-check one story and store its findings; ``settings`` names the optional
    NLI backend (nli_backend, nli_model, nli_url)."""
    nli = cached_backend(settings) if settings is not None else None
    findings = crosscheck_statements(story_id, load_statements(store, story_id), nli,
                                     standing_facts(store, story_id))
    with store.transaction() as tx:
        tx.replace_findings(story_id, findings)
    return findings


def crosscheck_store(store: Store, settings: Settings | None = None) -> CrosscheckSummary:
    summary = CrosscheckSummary()
    with store.transaction() as tx:
        tx.delete_checks_of_gone_stories()
    for story in store.stories():
        findings = crosscheck_story(store, story.id, settings)
        summary.stories += 1
        for f in findings:
            if f.kind == "corroborated":
                summary.corroborated += 1
            elif f.kind == "single_source":
                summary.single_source += 1
            elif f.kind == "update":
                summary.updates += 1
            else:
                summary.discrepancies += 1
                summary.by_type[f.type] = summary.by_type.get(f.type, 0) + 1
    return summary


def article_shares(findings: list[Finding]) -> dict[str, dict[str, float]]:
    """Per article: the share of its checked statements corroborated, disputed, single-source."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        for e in f.evidence:
            row = counts.setdefault(e.article_id, {"corroborated": 0, "discrepancy": 0, "single_source": 0,
                                                   "update": 0})
            row[f.kind] += 1
    return {a: {k: round(v / max(sum(row.values()), 1), 3) for k, v in row.items()}
            for a, row in counts.items()}

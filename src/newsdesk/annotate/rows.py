"""Rows of annotations for ``newsdesk export`` and lines for ``newsdesk show``.

Every row points back to its article and the sentence it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsdesk.annotate.canonical import report_spellings
from newsdesk.records import Entity
from newsdesk.store import Store


def _sentences(store: Store, article_id: str) -> list[str]:
    return [s["text"] for s in store.get_annotations(article_id, "sentences") or []]


def _rows(store: Store, kind: str) -> Iterator[tuple[dict[str, Any], list[str]]]:
    for article_id, payload in store.iter_annotations(kind):
        if not payload:
            continue
        sentences = _sentences(store, article_id)
        for item in payload:
            yield item, sentences


def _sentence(sentences: list[str], index: int) -> str | None:
    return sentences[index].strip() if 0 <= index < len(sentences) else None


def quote_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per quote. ``speaker`` is who said it: the canonical name, else how the
    text describes an unnamed speaker ("an emergency dispatcher"; ``speaker_entity``
    is then empty), else nothing."""
    for q, sentences in _rows(store, "quotes"):
        yield {"article": q["article_id"], "speaker": q["speaker"] or q.get("speaker_description"),
               "speaker_entity": q["speaker_entity_id"], "speaker_text": q["speaker_text"],
               "speaker_description": q.get("speaker_description"),
               "cue": q["cue"], "kind": q["kind"], "text": q["text"],
               "sentence_index": q["sentence_index"],
               "sentence": _sentence(sentences, q["sentence_index"]), "id": q["id"]}


def claim_rows(store: Store) -> Iterator[dict[str, Any]]:
    for c, sentences in _rows(store, "claims"):
        yield {"article": c["article_id"], "text": c["text"], "subject": c["subject"],
               "predicate": c["predicate"], "object": c["object"],
               "quantities": c["quantities"], "dates": c["dates"], "negated": c["negated"],
               "hedged": c["hedged"], "attributed_to": c["attributed_to"],
               "entities": c["entities"], "sentence_index": c["sentence_index"],
               "sentence": _sentence(sentences, c["sentence_index"]), "id": c["id"]}


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    for e, sentences in _rows(store, "events"):
        yield {"article": e["article_id"], "type": e["type"], "trigger": e["trigger"],
               "source_actor": e["source_actor"], "target_actor": e["target_actor"],
               "date": e["date"], "place": e["place"], "sentence_index": e["sentence_index"],
               "sentence": _sentence(sentences, e["sentence_index"]), "id": e["id"]}


def entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    for e in store.entities():
        yield {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases,
               "attributes": e.attributes}


def _entity_line(e: Entity, spelled: str | None) -> str:
    """"Nasser Kanaani (canonical name Nasser Kanani)": the name as this report spells
    it, the canonical name when that differs, and the other full spellings."""
    shown = spelled or e.name
    others = sorted({t for t in e.attributes.get("spellings", {}) if " " in t}
                    | ({e.name} if " " in e.name else set()), key=str.casefold)
    others = [t for t in others if t.casefold() not in (shown.casefold(), e.name.casefold())]
    notes = ([f"canonical name {e.name}"] if shown != e.name else []) + (
        [f"also spelled {', '.join(others)}"] if others and e.type == "PERSON" else [])
    return shown + (f" ({'; '.join(notes)})" if notes else "")


def describe(store: Store, article_id: str) -> list[tuple[str, list[str]]]:
    """Sections of readable lines about an article's annotations (empty if none)."""
    sections: list[tuple[str, list[str]]] = []
    status = store.get_annotations(article_id, "annotate_status")
    if status and not status[0].get("analysed", True):
        sections.append(("annotations", [str(status[0].get("reason"))]))
        return sections
    mentions = store.get_annotations(article_id, "mentions") or []
    spelled = report_spellings(mentions)  # a person as this report spells them
    if mentions:
        ids = sorted({m["entity_id"] for m in mentions if m["entity_id"]})
        names = {e.id: e for e in store.entities(ids)}
        counts: dict[str, int] = {}
        for m in mentions:
            if m["entity_id"]:
                counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
        lines = []
        for eid, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            e = names.get(eid)
            if e:
                titles = "; ".join(e.attributes.get("titles", [])[:2])
                lines.append(f"{_entity_line(e, spelled.get(eid))} ({e.type}, {n}×)"
                             + (f" — {titles}" if titles else ""))
        sections.append(("entities", lines))
    quotes = store.get_annotations(article_id, "quotes") or []
    if quotes:
        sections.append(("quotes", [
            f"[{q['sentence_index']}] "
            f"{spelled.get(q.get('speaker_entity_id') or '') or q['speaker'] or q['speaker_text'] or '?'} "
            f"({q['cue'] or '-'}, {q['kind']}): {q['text']}" for q in quotes]))
    claims = store.get_annotations(article_id, "claims") or []
    if claims:
        lines = []
        for c in claims:
            flags = "".join([" NEG" if c["negated"] else "", " HEDGED" if c["hedged"] else ""])
            extra = [q["text"] for q in c["quantities"]] + [
                f"{d['text']}={d['date']}" for d in c["dates"] if d["date"]]
            by = f" — {c['attributed_to']}" if c["attributed_to"] else ""
            lines.append(f"[{c['sentence_index']}]{flags} {c['text']}{by}"
                         + (f" {{{', '.join(extra)}}}" if extra else ""))
        sections.append(("claims", lines))
    events = store.get_annotations(article_id, "events") or []
    if events:
        sections.append(("events", [
            f"[{e['sentence_index']}] {e['type']}: {e['source_actor'] or '?'} → "
            f"{e['target_actor'] or '?'} ({e['trigger']}"
            + (f", {e['date']}" if e["date"] else "") + (f", in {e['place']}" if e["place"]
                                                        else "") + ")" for e in events]))
    dates = store.get_annotations(article_id, "dates") or []
    if dates:
        sections.append(("dates", [f"{d['text']} → {d['date'] or '?'} ({d['granularity']})"
                                   for d in dates]))
    return sections

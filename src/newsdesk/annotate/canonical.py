"""Canonical entities across the whole store, after a run.

One article at a time cannot see everything: spaCy may tag "Aurelia Brandt" as an
organisation in the only article that names her so, or "Lumera" as a company distinct
from "Lumera Solar"; and a person's canonical name (their most used spelling) may change
as reports arrive. This pass merges such entities store-wide and rewrites the stored
annotations of the articles that mention a merged or renamed entity, so every speaker,
claim and event carries the current canonical identity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsdesk.annotate.aliases import AliasTable, name_key
from newsdesk.annotate.entities import REPORTS
from newsdesk.annotate.gender import merge_votes
from newsdesk.records import Entity
from newsdesk.store import Store

_MISTAKABLE = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
# Organisations named after their town ("Saltmouth Chamber of Commerce", "Halvenport
# City Council"): the town's bare name is the place, not a short name of the body.
_INSTITUTIONS = frozenset({
    "council", "university", "college", "school", "hospital", "airport", "police",
    "port", "harbour", "harbor", "station", "court", "club", "fc", "county", "district",
    "city", "town", "province", "region", "municipality", "chamber", "museum", "library",
    "cathedral", "church", "prison", "zoo", "authority", "assembly", "parliament",
})


def _named_after_place(org_key: str) -> bool:
    words = org_key.split()
    return " of " in f" {org_key} " or bool(set(words[1:]) & _INSTITUTIONS)


def _index(entities: Iterable[Entity]) -> tuple[dict[str, Entity], dict[str, list[Entity]],
                                                 dict[str, list[Entity]], dict[str, list[Entity]]]:
    people: dict[str, Entity] = {}
    by_surname: dict[str, list[Entity]] = {}  # people somebody calls by surname alone
    any_surname: dict[str, list[Entity]] = {}
    orgs_by_first: dict[str, list[Entity]] = {}
    for e in entities:
        key = name_key(e.name)
        if e.type == "PERSON" and " " in key:
            for name in [e.name, *e.aliases]:
                people.setdefault(name_key(name), e)
            any_surname.setdefault(key.split()[-1], []).append(e)
            if any(" " not in s for s in e.attributes.get("spellings", {})):
                by_surname.setdefault(key.split()[-1], []).append(e)
        elif e.type == "ORG" and " " in key:
            orgs_by_first.setdefault(key.split()[0], []).append(e)
    return people, by_surname, any_surname, orgs_by_first


def plan_merges(entities: list[Entity], aliases: AliasTable) -> dict[str, str]:
    """Entity id → the id it is merged into."""
    people, by_surname, any_surname, orgs_by_first = _index(entities)
    places = {name_key(e.name) for e in entities if e.type in _PLACES}
    merges: dict[str, str] = {}
    for e in entities:
        if aliases.lookup(e.name):
            continue  # the alias file decides these
        key = name_key(e.name)
        target: Entity | None = None
        if e.type in _MISTAKABLE:
            # "Aurelia Brandt of Lumera" is she; "House of Commons" is no person one of
            # whose names is "House" (only a full name before the "of" is a person)
            owner = key.split(" of ")[0]
            target = people.get(key) or (people.get(owner) if " " in owner else None)
        # "Brandt" where she was never named in full: a bare name tagged as a person
        # joins the one person of that surname; one tagged otherwise only if that person
        # is called by surname alone somewhere (a company "Ford" is not Gerald Ford)
        owners = any_surname if e.type == "PERSON" else by_surname
        if target is None and " " not in key and (e.type in _MISTAKABLE or e.type == "PERSON") \
                and len(owners.get(key, [])) == 1:
            target = owners[key][0]
        if target is None and " " not in key and e.type in ("ORG", "PERSON") and not (
                e.type == "PERSON" and by_surname.get(key)):
            orgs = orgs_by_first.get(key, [])
            # "Lumera" for the one "Lumera Solar"; never a place ("Saltmouth", also
            # tagged as a town) into the body named after it
            if len(orgs) == 1 and key not in places and not _named_after_place(
                    name_key(orgs[0].name)):
                target = orgs[0]
        if target is not None and target.id != e.id:
            merges[e.id] = target.id
    return merges


def _merge_into(target: Entity, source: Entity) -> None:
    for name in [source.name, *source.aliases]:
        if name != target.name and name not in target.aliases:
            target.aliases.append(name)
    for attribute in ("spellings", REPORTS):
        counts: dict[str, int] = target.attributes.setdefault(attribute, {})
        for text, n in source.attributes.get(attribute, {}).items():
            counts[text] = counts.get(text, 0) + n
    titles: list[str] = target.attributes.setdefault("titles", [])
    titles.extend(t for t in source.attributes.get("titles", []) if t not in titles)
    if source.attributes.get("gender_votes"):
        merge_votes(target, source)


# The fields of each kind that hold entity ids or names: all ``_rewrite`` may change.
_ENTITY_FIELDS = {"mentions": ("entity_id",), "entity_tally": ("entity_id",),
                  "quotes": ("speaker_entity_id", "speaker"), "claims": ("entities", "attributed_to"),
                  "events": ("source_actor", "target_actor", "place")}


def _held(payload: list[dict[str, Any]], kind: str) -> list[tuple[Any, ...]]:
    """What the entity fields of one article's annotations hold (``_rewrite`` assigns new
    lists, so a value read before it is not changed by it)."""
    fields = _ENTITY_FIELDS[kind]
    return [tuple(item.get(f) for f in fields) for item in payload]


def _rewrite(payload: list[dict[str, Any]], kind: str, ids: dict[str, str],
             names: dict[str, str], renamed: dict[str, str]) -> list[dict[str, Any]]:
    """One article's annotations of one kind, with entity ids and names made current."""
    for item in payload:
        if kind in ("mentions", "entity_tally") and item.get("entity_id") in ids:
            item["entity_id"] = ids[item["entity_id"]]
        elif kind == "quotes" and item.get("speaker_entity_id"):
            eid = ids.get(item["speaker_entity_id"], item["speaker_entity_id"])
            item["speaker_entity_id"] = eid
            spoken, current = str(item.get("speaker") or ""), names.get(eid)
            if " and " in spoken and spoken != current and spoken not in renamed:
                # joint speakers ("Mark Green and Andrew Garbarino", one id for the first):
                # each name made current, none lost to the first one's name
                item["speaker"] = " and ".join(renamed.get(p, p) for p in spoken.split(" and "))
            else:
                item["speaker"] = current or item["speaker"]
        elif kind == "claims":
            item["entities"] = list(dict.fromkeys(ids.get(i, i) for i in item["entities"]))
            item["attributed_to"] = renamed.get(item["attributed_to"], item["attributed_to"])
        elif kind == "events":
            for field in ("source_actor", "target_actor", "place"):
                item[field] = renamed.get(item[field], item[field])
    return payload


def canonicalise_store(store: Store, aliases: AliasTable, renamed: dict[str, str],
                       version: str, known: Iterable[Entity] | None = None) -> int:
    """Merge entities store-wide and refresh the annotations that name them.

    ``renamed`` maps entity ids whose canonical name changed during the run to their
    old name. ``known``: the store's entities as the run's registry holds them (all
    saved), so they are not read again (a second read of every entity, issue 16);
    read from the store when not given. Returns the number of entities merged away.
    """
    # by name, then id: the order the plan reads them in decides between two people
    # of one name
    listed = (sorted(known, key=lambda e: (e.name, e.id)) if known is not None
              else store.entities())
    entities = {e.id: e for e in listed}
    merges = plan_merges(list(entities.values()), aliases)
    old_names = {eid: name for eid, name in renamed.items() if eid in entities}
    for source_id, target_id in merges.items():
        while target_id in merges:  # a chain of merges ends at its last target
            target_id = merges[target_id]
        merges[source_id] = target_id
        _merge_into(entities[target_id], entities[source_id])
        old_names[source_id] = entities[source_id].name
    if not merges and not old_names:
        return 0
    names = {eid: e.name for eid, e in entities.items() if eid not in merges}
    # old name -> current name, for fields that hold names rather than ids
    by_name = {old: names[merges.get(eid, eid)] for eid, old in old_names.items()
               if old != names[merges.get(eid, eid)]}
    affected = store.articles_with_entities(sorted(set(merges) | set(old_names)))
    # Mentions and tallies hold entity ids alone, so only a merge changes them (and an
    # article's entity counts); a renamed entity changes the fields that hold names.
    # A rename of an entity many reports name touches all of them (names are stored in
    # the quotes, claims and events), so they are read a chunk at a time, kind by kind.
    merged_in = set(store.articles_with_entities(sorted(merges))) if merges else set()
    with store.transaction() as tx:
        tx.put_entities([entities[t] for t in sorted(set(merges.values()))])
        tx.delete_entities(sorted(merges))
        for start in range(0, len(affected), 500):
            chunk = affected[start : start + 500]
            merged_chunk = [a for a in chunk if a in merged_in]
            for kind in ("mentions", "quotes", "claims", "events", "entity_tally"):
                ids = merged_chunk if kind in ("mentions", "entity_tally") else chunk
                for article_id, (_v, payload) in sorted(store.annotations_of(kind, ids).items()):
                    # most reports that name a renamed entity hold its name in no field
                    # (a country mentioned, not quoted): their rows are left as they are
                    before = _held(payload, kind)
                    if _held(_rewrite(payload, kind, merges, names, by_name), kind) != before:
                        tx.put_annotations(article_id, kind, version, payload)
            mentions = store.annotations_of("mentions", merged_chunk)
            for article_id in merged_chunk:
                counts = Counter(merges.get(m["entity_id"], m["entity_id"])
                                 for m in (mentions[article_id][1] if article_id in mentions
                                           else []) if m.get("entity_id"))
                tx.set_article_entities(article_id, dict(counts))
    return len(merges)


def report_spellings(mentions: list[dict[str, Any]]) -> dict[str, str]:
    """Entity id -> how one report spells a person: its most used full (multi-word)
    spelling there, else its most used one. The canonical name is the store's choice;
    a report's own quotes and lines show the name as that report wrote it."""
    by_entity: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.get("entity_id") and m.get("label") == "PERSON":
            by_entity.setdefault(str(m["entity_id"]), Counter())[str(m.get("text", ""))] += 1
    out = {}
    for eid, counts in by_entity.items():
        full = {t: n for t, n in counts.items() if " " in t} or dict(counts)
        out[eid] = max(full, key=lambda t: (full[t], len(t)))
    return out

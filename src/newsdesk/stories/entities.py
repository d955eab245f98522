"""Named entities per article for story matching: people, organisations, places.

The annotate stage stores "mentions" (records.Mention dicts) with canonical entity ids;
when an article has them they are used as they are. Otherwise a small fallback runs
spaCy's NER over the title and the opening of the text. Entities are returned as
``{key: (count, surface form, label)}`` where the key is the canonical entity id or,
in the fallback, the label plus the normalised name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsdesk.models import get_nlp

# Labels that identify who and where an event is about. Dates and numbers are handled
# apart (publication day, key numbers); NORP ("Russian") is too broad to separate events.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"})
# The fallback reads the opening of long articles only: the actors of an event are
# named early, and NER is the slowest part of the representation.
FALLBACK_MAX_CHARS = 3000
_DISABLED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")

EntityCounts = dict[str, tuple[int, str, str]]

_TRIM = re.compile(r"^(?:the|a|an)\s+|['’]s$", re.IGNORECASE)
_MOUNT = re.compile(r"^mt\.? ")


def normalise_name(text: str) -> str:
    """Lower-case name without leading article or possessive: "the EU's" -> "eu"."""
    return " ".join(_TRIM.sub("", text.strip()).lower().split())


def from_mentions(mentions: Sequence[dict[str, Any]]) -> EntityCounts:
    """Entity counts from stored annotate mentions (canonical ids when present)."""
    counts: EntityCounts = {}
    for m in mentions:
        label = str(m.get("label", ""))
        if label not in ENTITY_LABELS:
            continue
        name = normalise_name(str(m.get("text", "")))
        key = m.get("entity_id") or entity_key(label, name)
        if not name:
            continue
        n, surface, _ = counts.get(key, (0, str(m.get("text", "")), label))
        counts[key] = (n + 1, surface, label)
    return counts


def entity_key(label: str, name: str) -> str:
    """Matching key of a fallback entity. The label is left out because the small NER
    model labels one place ORG in one report and GPE in the next."""
    name = _MOUNT.sub("mount ", name)
    if label == "PERSON":
        name = name.split(" of ", 1)[0]  # "Aurelia Brandt of Estmark"
    return name


def _counts_from_spans(spans: list[tuple[str, str, str]]) -> EntityCounts:
    # Reports name a person in full once and by surname after ("Reid"): count the
    # surname as the full name, so it does not look like a second, rarer person.
    full: dict[str, str] = {}
    for label, name, _ in spans:
        key = entity_key(label, name)
        if label == "PERSON" and len(key.split()) > 1:
            full.setdefault(key.split()[-1], key)
    counts: EntityCounts = {}
    for label, name, surface in spans:
        key = entity_key(label, name)
        key = full.get(key, key) if " " not in key else key
        n, first_surface, first_label = counts.get(key, (0, surface, label))
        counts[key] = (n + 1, max(first_surface, surface, key=len), first_label)
    return counts


def extract_entities(texts: Sequence[str], batch_size: int = 32) -> list[EntityCounts]:
    """Fallback NER: entity counts for each text (one spaCy pass, batched)."""
    if not texts:  # annotated reports bring their mentions: no model to load (~0.5 s)
        return []
    nlp = get_nlp(disable=_DISABLED)
    results: list[EntityCounts] = []
    clipped = [t[:FALLBACK_MAX_CHARS] for t in texts]
    for doc in nlp.pipe(clipped, batch_size=batch_size):
        spans = [(ent.label_, normalise_name(ent.text), _TRIM.sub("", ent.text.strip()))
                 for ent in doc.ents if ent.label_ in ENTITY_LABELS]
        results.append(_counts_from_spans([s for s in spans if s[1]]))
    return results

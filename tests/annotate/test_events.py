"""Who did what to whom: PLOVER events with their roles."""

from __future__ import annotations

import pytest

from newsdesk.records import Article


def _events(text: str) -> list[tuple[str, str | None, str | None]]:
    from newsdesk.annotate.aliases import load_aliases
    from newsdesk.annotate.entities import EntityRegistry, annotate_entities
    from newsdesk.annotate.events import find_events
    from newsdesk.annotate.parse import parse_articles

    aliases = load_aliases(None)
    registry = EntityRegistry(aliases)
    article = Article(id="ev", document_id="d", source="test", text_hash="h", text=text,
                      published="2025-03-04T07:00:00Z", lang="en")
    [parsed] = parse_articles([article])
    ents = annotate_entities(parsed, aliases, registry)
    return [(e.type, e.source_actor, e.target_actor) for e in find_events(parsed, ents, registry, [])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Estmark accused Morvania of violating the border.", ("ACCUSE", "Estmark", "Morvania")),
    # The passive: the subject suffers the act, the "by" agent does it.
    ("Two protesters were arrested by police in Halvenport on Monday.",
     ("COERCE", "police", "Two protesters")),
])
def test_events_roles_follow_the_voice(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _events(text)


@pytest.mark.parametrize(("text", "expected"), [
    # An act named by a noun takes its actor from the noun: the sanctions are Velland's.
    ("Officials said new Velland sanctions against Morvania would be imposed later in the day.",
     ("SANCTION", "Velland", "Morvania")),
    ("Estmark imposed sanctions on Morvania.", ("SANCTION", "Estmark", "Morvania")),
    # Someone's words are the target, not what the words are about.
    ("Morvania rejected the claims of Estmark's role in the attack.",
     ("REJECT", "Morvania", "the claims")),
    # Refusing an act rejects whom the act is done to.
    ("Estmark refused to sign the agreement with Morvania.",
     ("REJECT", "Estmark", "Morvania")),
])
def test_events_noun_and_refusal_roles(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _events(text)


@pytest.mark.parametrize("text", [
    "Estmark refused to deny the allegations directly.",
    "The Morvanian ministry declined to comment on the report.",
])
def test_events_refusing_to_deny_is_no_rejection(text: str) -> None:
    assert not [e for e in _events(text) if e[0] == "REJECT"]


# -- the seeds: two real reports of one event ------------------------------------------


def _seed_events(db: str, prefix: str) -> list[tuple[str, str | None, str | None, str]]:
    from pathlib import Path

    from newsdesk.store import open_store

    with open_store(db) as store:
        article = next(a for a in store.iter_articles() if Path(a.source).name.startswith(prefix))
        return [(e["type"], e["source_actor"], e["target_actor"], e["trigger"])
                for e in store.get_annotations(article.id, "events") or []]


def test_events_seeds_sanctions_run_from_the_united_states_to_iran(analysed_seeds: str) -> None:
    # 000: "He said new US sanctions against Iran ... would be detailed later in the day"
    sanctions = [e for e in _seed_events(analysed_seeds, "000") if e[0] == "SANCTION"]
    assert ("United States", "Iran") in {(e[1], e[2]) for e in sanctions}
    assert all(e[2] != "United States" for e in sanctions)
    # 004: "Blinken announced new US sanctions against Iran in response"
    assert {(e[1], e[2]) for e in _seed_events(analysed_seeds, "004")
            if e[0] == "SANCTION"} == {("Antony Blinken", "Iran")}


def test_events_seeds_iran_rejects_the_claims(analysed_seeds: str) -> None:
    # "“We strongly reject the claims of Iran's role ...,” Iranian Foreign Ministry
    # spokesman Nasser Kanani told a news conference": we = Iran, the target the claims
    rejects = [e for e in _seed_events(analysed_seeds, "000") if e[0] == "REJECT"]
    assert ("Iran", "the claims") in {(e[1], e[2]) for e in rejects}
    assert not [e for e in rejects if e[2] == "Iran" or e[1] == "We"]


def test_events_seeds_the_kremlin_refusing_to_deny_is_no_denial(analysed_seeds: str) -> None:
    # "the Kremlin refused to deny the allegations directly"
    assert not [e for e in _seed_events(analysed_seeds, "000") if e[1] == "Kremlin"
                and e[0] == "REJECT"]

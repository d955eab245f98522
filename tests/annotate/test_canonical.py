from __future__ import annotations

from newsdesk.annotate.canonical import _rewrite


def test_canonical_rewrite_keeps_joint_speakers() -> None:
    quotes = [
        {"speaker": "Grace Harbour and Norvale Marine", "speaker_entity_id": "a"},
        {"speaker": "Gracie Harbour", "speaker_entity_id": "a"},
        {"speaker": "Old Name and Norvale Marine", "speaker_entity_id": "b"},
    ]
    names = {"a": "Grace Harbour", "b": "New Name"}
    out = _rewrite(quotes, "quotes", {}, names, {"Gracie Harbour": "Grace Harbour", "Old Name": "New Name"})
    # a joint name is no misspelling of its first speaker: each part is made current
    assert [q["speaker"] for q in out] == ["Grace Harbour and Norvale Marine", "Grace Harbour",
                                           "New Name and Norvale Marine"]


def test_what_a_rewrite_changes_is_seen_in_the_entity_fields() -> None:
    from newsdesk.annotate.canonical import _ENTITY_FIELDS, _held

    cases = {
        "mentions": [{"entity_id": "old", "text": "X"}],
        "entity_tally": [{"entity_id": "old", "count": 2}],
        "quotes": [{"speaker": "Old Name", "speaker_entity_id": "old"}],
        "claims": [{"entities": ["old", "z"], "attributed_to": "Old Name"}],
        "events": [{"source_actor": "Old Name", "target_actor": None, "place": None}],
    }
    assert set(cases) == set(_ENTITY_FIELDS)
    for kind, payload in cases.items():
        before = _held(payload, kind)
        assert _held(_rewrite(payload, kind, {}, {}, {}), kind) == before  # nothing to change
        assert _held(_rewrite(payload, kind, {"old": "new"}, {"new": "New Name"},
                              {"Old Name": "New Name"}), kind) != before, kind

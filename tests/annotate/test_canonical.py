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

from newsdesk.stories.entities import entity_key, extract_entities, from_mentions


def test_entities_fallback_maps_surnames_to_full_names():
    text = ("Tara Reid checked herself into Promises Treatment Center in Malibu, her "
            "representative said. Reid, 33, starred in American Pie.")
    [counts] = extract_entities([text])
    assert "tara reid" in counts
    assert counts["tara reid"][0] >= 2  # the bare surname counts for the full name
    assert "reid" not in counts


def test_entities_key_ignores_label_and_trailing_of_phrase():
    assert entity_key("ORG", "mt cook") == entity_key("LOC", "mount cook")
    assert entity_key("PERSON", "aurelia brandt of estmark") == "aurelia brandt"


def test_entities_from_mentions_prefer_canonical_ids():
    mentions = [
        {"text": "Kanaani", "label": "PERSON", "entity_id": "e1"},
        {"text": "Nasser Kanani", "label": "PERSON", "entity_id": "e1"},
        {"text": "Tuesday", "label": "DATE", "entity_id": None},
        {"text": "the EU's", "label": "ORG", "entity_id": None},
    ]
    counts = from_mentions(mentions)
    assert counts["e1"][0] == 2
    assert "eu" in counts
    assert len(counts) == 2

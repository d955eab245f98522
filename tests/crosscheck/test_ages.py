from __future__ import annotations

from newsdesk.crosscheck.ages import age_conflicts, ages_of
from newsdesk.crosscheck.statements import Statement


def _statement(article: str, text: str, name: str, published: str | None = "2025-03-08") -> Statement:
    s = Statement(article, article, 0, text, "outlet.example", published)
    s.mentions.append({"label": "PERSON", "text": name, "entity_id": None})
    return s


def test_ages_two_ages_for_one_person_disagree() -> None:
    a = _statement("a1", "The victims included Tomas Ekberg, 35, a welder from Almbrück.", "Tomas Ekberg")
    b = _statement("b1", "Divers found 38-year-old Tomas Ekberg near the pier on Friday.", "Tomas Ekberg")
    c = _statement("c1", "Relatives of Tomas Ekberg, 38, gathered at the harbour.", "Tomas Ekberg")
    assert [x.age for x in ages_of(a)] == [35] and [x.age for x in ages_of(b)] == [38]
    found = age_conflicts([a, b, c])
    assert {(x.article_id, y.article_id) for x, y, _ in found} == {("a1", "b1"), ("a1", "c1")}
    assert "35 vs 38" in found[0][2]


def test_ages_not_a_dispute() -> None:
    # reports a year apart, another member of the family, a figure that is no age
    a = _statement("a1", "Tomas Ekberg, 35, was among the missing.", "Tomas Ekberg", "2024-03-28")
    b = _statement("b1", "A year on, 36-year-old Tomas Ekberg spoke to us.", "Tomas Ekberg", "2025-04-15")
    c = _statement("c1", "His brother, Anders Ekberg, 41, flew in.", "Anders Ekberg", "2024-03-28")
    d = _statement("d1", "Tomas Ekberg, 2024, in the harbour.", "Tomas Ekberg", "2024-03-28")
    assert age_conflicts([a, b, c, d]) == []

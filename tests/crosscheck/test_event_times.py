from __future__ import annotations

from newsdesk.crosscheck.event_times import clocks, event_time_conflicts
from newsdesk.crosscheck.statements import Statement


def _s(article: str, text: str, lang: str = "en") -> Statement:
    return Statement(article, article, 0, text, "outlet.example", "2025-03-08", lang=lang)


_LINE = [
    _s("a1", "The ferry struck the pier around 2:40 a.m. Thursday."),
    _s("a2", "The pier collapsed at about 2:40 a.m. on Thursday, officials said."),
    _s("a3", "Die Fähre rammte den Pier gegen 2.40 Uhr am Donnerstag.", "de"),
    _s("a4", "Le ferry a percuté la jetée vers 2 h 40 du matin, jeudi.", "fr"),
]


def test_event_times_clocks_by_language() -> None:
    assert [c.minute for c in clocks(_LINE[0])] == [160]
    assert [(c.minute, c.weekday) for c in clocks(_LINE[2])] == [(160, 3)]
    assert [c.minute for c in clocks(_s("x", "La jetée s'est effondrée à 14h40.", "fr"))] == [880]
    assert clocks(_s("x", "Divers stopped for the night at 7:30 p.m.")) == []  # no word for the event


def test_event_times_twelve_hours_off_another_day_an_evening() -> None:
    line = [*_LINE,
            _s("b1", "L'effondrement de la jetée, aux alentours de 14h40, a surpris les pêcheurs.", "fr"),
            _s("b2", "Il traghetto ha urtato il molo alle 2.40 Uhr di mercoledì.", "it"),
            _s("b3", "Le ferry a envoyé un signal de détresse juste avant la collision, jeudi soir.", "fr")]
    found = event_time_conflicts({"b1", "b2", "b3"}, line)
    assert {(a.article_id, b.article_id) for a, b, _ in found} == {("b1", "a4"), ("b2", "a1"), ("b3", "a4")}
    assert any("14h40" in summary and "twelve hours" in summary for _, _, summary in found)


def test_event_times_not_a_dispute() -> None:
    line = [*_LINE,
            # a zoned conversion, another moment of the day, an evening of something else
            _s("b1", "The pier collapsed at 14:40 GMT, 2:40 a.m. in Manila."),
            _s("b2", "Divers resumed the search at 7:30 p.m. Thursday after the collapse."),
            _s("b3", "Six workers were still missing on Thursday evening, hours after the pier was struck."),
            _s("b4", "The ship struck the pier at 2:40 (local time)."),
            ]
    assert event_time_conflicts({"b1", "b2", "b3", "b4"}, line) == []
    assert event_time_conflicts({"a1"}, _LINE[:2]) == []  # under three sources: no event time


def test_event_times_a_sentence_giving_the_events_clock_time_on_another_day() -> None:
    line = [*_LINE,
            # no word for the event, but its very time: the day it gives is the event's
            _s("b1", "Il est 2h40 mercredi soir au port lorsque le ferry approche de la jetée.", "fr"),
            # other times of other days, without the event named, are other happenings
            _s("b2", "Divers resumed the search at 7:30 a.m. Friday."),
            _s("b3", "The ferry left the harbour at 2:40 p.m. on Wednesday.")]
    found = event_time_conflicts({"b1", "b2", "b3"}, line)
    assert [(a.article_id, b.article_id) for a, b, _ in found] == [("b1", "a4")]
    assert "another day" in found[0][2]

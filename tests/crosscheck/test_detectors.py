"""Quantity rule: rounding, conversions and approximate figures."""

from __future__ import annotations

from newsdesk.crosscheck.figures import _approximate, quantities_agree


def _q(text: str, value: float) -> dict[str, object]:
    return {"text": text, "value": value, "unit": "m", "kind": "length"}


def test_quantities_approximate_figures_are_rounded_to_their_last_nonzero_digit() -> None:
    miles, km = _q("90 miles", 90 * 1609.344), _q("150 kilometres", 150_000.0)
    assert not quantities_agree(miles, km)  # 144.8 km vs 150 km, stated exactly
    assert quantities_agree(miles, km, approx_a=True, approx_b=True)  # "about 90 miles", "about 150 km"
    # approximate, but a tenfold or a 30% change is still a change
    tenfold = _q("1500 kilometres", 1_500_000.0)
    assert not quantities_agree(_q("150 kilometres", 150_000.0), tenfold, True, True)
    assert not quantities_agree(_q("14 km", 14_000.0), _q("17 km", 17_000.0), True, True)
    assert quantities_agree(_q("75 miles", 75 * 1609.344), _q("120 km", 120_000.0))


def test_quantities_approximate_words_sit_before_the_figure() -> None:
    text = "Mahmud was seized about 90 miles north of Baghdad, 3 days after 40 people fled."
    assert _approximate(text, _q("90 miles", 0))
    assert not _approximate(text, _q("40 people", 0))


def test_figures_of_reports_days_apart_read_as_a_possible_update() -> None:
    from newsdesk.crosscheck.detectors import Conflict
    from newsdesk.crosscheck.run import _in_time
    from newsdesk.crosscheck.statements import Statement

    monday = Statement("a", "a", 0, "At least 14 people have died.", published="2025-03-03T14:20:00Z")
    tuesday = Statement("b", "b", 0, "At least 17 people have died.", published="2025-03-04T07:00:00Z")
    same_day = Statement("c", "c", 0, "At least 17 people have died.", published="2025-03-03T18:00:00Z")
    toll = Conflict("quantity", "17 people vs 14 people", 0.75, ratio=17 / 14, values=(17, 14))
    summary, confidence, kind = _in_time(toll, tuesday, monday)
    assert kind == "update"
    assert summary == "updated figure: 14 people then 17 people \u2014 reported 3 Mar and 4 Mar"
    assert _in_time(toll, monday, same_day) == (toll.summary, toll.confidence, "discrepancy")
    # a figure that shrank overnight is still disputed, with less confidence
    fell = Conflict("quantity", "14 people vs 17 people", 0.75, ratio=17 / 14, values=(14, 17))
    summary, confidence, kind = _in_time(fell, tuesday, monday)
    assert kind == "discrepancy" and "possibly an updated figure" in summary and confidence < 0.75
    # A tenfold difference is an error, whatever the days.
    price = Conflict("quantity", "€600m vs €60m", 0.9, ratio=10.0, values=(600e6, 60e6))
    assert _in_time(price, monday, tuesday) == (price.summary, price.confidence, "discrepancy")


def _fig(text: str) -> tuple[str, dict[str, object]]:
    from newsdesk.annotate.quantities import find_quantities

    (q,) = find_quantities(text)
    return text, {"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind,
                  "original_unit": q.original_unit}


def test_figures_bounds_agree_with_figures_inside_them() -> None:
    from newsdesk.crosscheck.figures import figures_agree

    assert figures_agree(*_fig("a stretch of more than 70 miles"), *_fig("a stretch of 75 miles"))
    assert figures_agree(*_fig("more than 3,500 flights"), *_fig("3,500 flights"))
    assert not figures_agree(*_fig("over 7,000 flights"), *_fig("almost 7,000 flights"))
    assert not figures_agree(*_fig("almost 4,700 flights"), *_fig("over 5,000 flights"))
    assert figures_agree(*_fig("nearly 7,000 flights"), *_fig("6,950 flights"))
    assert not figures_agree(*_fig("nearly 7,000 flights"), *_fig("6,000 flights"))
    # an exact count is itself: a 21-member crew is not a 22-member one
    assert not figures_agree(*_fig("a 21-member crew"), *_fig("a 22-member crew"))


def _st(article: str, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    from newsdesk.annotate.quantities import find_quantities
    from newsdesk.crosscheck.statements import Statement

    qs = [{"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind, "original_unit": q.original_unit}
          for q in find_quantities(text)]
    return Statement(article, article, 0, text, published=published, claims=[{"quantities": qs}])


def test_figures_in_different_roles_are_not_compared() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    # part and whole: "three of four airports" / "three airports"
    assert quantity_conflict(_st("a", "Flights were halted at three of Norland's four airports."),
                             _st("b", "Flights were halted at three airports in Norland."), 0.9) is None
    # one count read at two times of a day
    assert quantity_conflict(
        _st("a", "As of 8 a.m. on Monday, Skyline had canceled 626 flights.", "2030-05-06"),
        _st("b", "By 3 p.m. on Monday, Skyline had canceled 810 flights.", "2030-05-06"), 0.8) is None
    # an additional count is not the total
    assert quantity_conflict(_st("a", "For Monday, Skyline scrapped an additional 137 flights."),
                             _st("b", "Skyline has canceled 600 flights for Monday."), 0.8) is None
    # different actors, same day
    assert quantity_conflict(_st("a", "On Sunday, Kestrel Air scrapped only 41 flights."),
                             _st("b", "On Sunday, Orbit Air scrapped 262 flights."), 0.8) is None
    # a list of things
    assert quantity_conflict(
        _st("a", "Harbour and rail were hit hardest, with losses of $1.9bn and $1.1bn, respectively."),
        _st("b", "Insured losses were put at $1.1bn by Harbour analysts."), 0.75) is None
    # homes destroyed and homes damaged, hectares burned and hectares saved: two counts
    assert quantity_conflict(_st("a", "The storm destroyed 300 homes in Almbrück on Sunday."),
                             _st("b", "The storm damaged 500 homes in Almbrück on Sunday."), 0.8) is None
    assert quantity_conflict(_st("a", "The Almbrück fire burned 1,200 hectares of forest by Sunday."),
                             _st("b", "Crews in Almbrück have saved 1,500 hectares of forest."), 0.8) is None
    burned = _st("b", "The Almbrück fire has burned 1,500 hectares of forest.")
    assert quantity_conflict(_st("a", "The Almbrück fire burned 1,200 hectares of forest by Sunday."),
                             burned, 0.8) is not None
    # the sum of two donors' pledges is no pledge of either
    one = _st("a", "The aid promised by Zentrix comes to $782m in air-defence support.")
    for joint in ("Norvale and Zentrix have together promised $1.5bn in air-defence support.",
                  "Norvale and Zentrix have promised a combined $1.5bn in air-defence support."):
        assert quantity_conflict(one, _st("b", joint), 0.75) is None
    more = _st("b", "The aid promised by Zentrix comes to $1.5bn in air-defence support.")
    assert quantity_conflict(one, more, 0.75) is not None
    # ... while the same figure of the same thing still conflicts
    found = quantity_conflict(_st("a", "The Norland ferry carried a 21-member crew when it sank."),
                              _st("b", "The Norland ferry carried a 22-member crew when it sank."), 0.95)
    assert found is not None and found.type == "quantity"


def test_ranges_compare_end_to_end() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    a = _st("a", "Tarn's analysts see covered losses of $530 million to $1.07 billion for big firms.")
    b = _st("b", "Tarn's analysts see covered losses of $530m to $1.7bn for big firms.")
    found = quantity_conflict(a, b, 0.95)
    assert found is not None and "1.07" in found.summary and "1.7" in found.summary


def test_two_firms_estimates_are_two_figures() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    a = _st("a", "Riskline, a risk modeller, puts insured losses from the outage at $400 million.")
    b = _st("b", "Insurer Tarnhold estimated insured losses from the outage at $540 million.")
    assert quantity_conflict(a, b, 0.8) is None
    c = _st("c", "Insurer Riskline estimated insured losses from the outage at $540 million.")
    assert quantity_conflict(a, c, 0.8) is not None


def test_a_gap_between_happenings_is_no_duration_and_a_direct_cost_no_total() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    # how long the Norland blackout lasted vs how long after the storm it came
    assert quantity_conflict(
        _st("a", "The Norland blackout lasted nearly 10 hours and came shortly after the storm."),
        _st("b", "The Norland blackout came less than two weeks after the storm."), 0.8) is None
    # a direct revenue cost is a part of what the outage cost in all
    assert quantity_conflict(
        _st("a", "Skyline said the outage cost the Norland airline about $500 million."),
        _st("b", "Skyline said the outage cost the Norland airline $380 million in direct revenue."),
        0.8) is None
    # two durations of the one blackout still conflict
    found = quantity_conflict(_st("a", "The Norland blackout lasted nearly 10 hours."),
                              _st("b", "The Norland blackout lasted nearly 16 hours."), 0.9)
    assert found is not None and found.type == "quantity"


def test_amounts_twenty_times_apart_are_different_things() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    # a released tranche against the whole request, both "to rebuild the Tarn bridge"
    assert quantity_conflict(
        _st("a", "The ministry releases $60 million to rebuild the Tarn bridge in Halvenport."),
        _st("b", "The ministry asked parliament for $3.1 billion to rebuild the Tarn bridge in Halvenport."),
        0.9) is None
    # a slipped decimal point (tenfold) is still one figure misreported
    found = quantity_conflict(
        _st("a", "The ministry releases $60 million to rebuild the Tarn bridge in Halvenport."),
        _st("b", "The ministry releases $600 million to rebuild the Tarn bridge in Halvenport."), 0.9)
    assert found is not None


def test_a_teaser_cut_off_by_the_page_is_no_figure_to_dispute() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    full = _st("a", "The ministry released $60 million in emergency funds to rebuild the Norland bridge.")
    cut = _st("b", "The ministry released $40 million in emergency funds to help restore...")
    assert quantity_conflict(full, cut, 0.9) is None
    whole = _st("b", "The ministry released $40 million in emergency funds to rebuild the Norland bridge.")
    assert quantity_conflict(full, whole, 0.95) is not None


def test_quantities_a_scale_word_slip_between_two_ranges_of_one_estimate() -> None:
    from dataclasses import asdict

    from newsdesk.annotate.quantities import find_quantities
    from newsdesk.crosscheck.quantity import quantity_conflict
    from newsdesk.crosscheck.statements import Statement

    def st(aid: str, text: str) -> Statement:
        quantities = [asdict(q) for q in find_quantities(text)]
        return Statement(aid, aid, 0, text, claims=[{"text": text, "quantities": quantities}])

    slip = st("a", "Analysts put the cost of the Zentrix outage in a range from under half a million "
                   "to more than 1 billion dollars.")
    right = st("b", "Analyst firm Norvale expects losses from the Zentrix outage of between $400 million "
                    "and $1.5 billion.")
    conflict = quantity_conflict(slip, right, 0.6)
    assert conflict is not None and "scale word" in conflict.summary
    # a thousandfold apart without a reading that fits: two different amounts
    other = st("c", "Analyst firm Norvale expects losses from the Zentrix outage of between $40 and $90.")
    assert quantity_conflict(slip, other, 0.6) is None


def test_one_number_with_bounds_on_opposite_sides_conflicts() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    # "more than 3,000" and "nearly 3,000" exclude each other: the number each sentence
    # states is the other's own figure, not a second mention of it
    found = quantity_conflict(
        _st("a", "Skyline said it cancelled more than 3,000 flights after the Tarn storm."),
        _st("b", "Skyline said it cancelled nearly 3,000 flights after the Tarn storm."), 0.9)
    assert found is not None and found.type == "quantity"
    assert found.summary == "more than 3,000 flights vs nearly 3,000 flights"
    # ... while a figure the other sentence also states elsewhere is that figure, said twice
    assert quantity_conflict(
        _st("a", "Tarnworks employs 1,850 people, about 1,100 of them at its Halvenport plant."),
        _st("b", "Tarnworks employs 1,100 people at its Halvenport plant."), 0.9) is None


def test_running_totals_since_one_day_compare_and_a_days_count_is_no_total() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    # two totals since Friday whose bounds exclude each other; "since Friday" is where
    # the total starts, not a second time it was read at
    a = _st("a", "By Monday afternoon Skyline had scrapped nearly 900 flights, taking its tally "
                 "since Friday's storm to almost 4,700.")
    b = _st("b", "After the gale Skyline struggled to bounce back, cancelling over 5,100 flights "
                 "since Friday.")
    found = quantity_conflict(a, b, 0.6)
    assert found is not None and found.summary == "almost 4,700 vs over 5,100 flights"
    # a day's count against the total since Friday: two different figures
    day = _st("c", "The trouble continued on Monday, with Skyline cancelling more than 6,000 flights.")
    assert quantity_conflict(day, b, 0.6) is None
    # "since" marks where a total starts; "from" does not ("losses from the May 3 storm")
    from newsdesk.crosscheck.figures import _anchors

    assert _anchors("cancelling over 5,100 flights since last Friday", {}) == {"since:friday"}
    assert _anchors("losses from the May 3 storm at $400 million", {}) == {"may3"}
    # the dateline's day is when the report was filed, and a day another happening is
    # named by ("Saturday's quake") is not when the figure holds
    assert _anchors("ORVIK, March 16 (Northwire) - Ilse Varga declared a 60-day state of emergency "
                    "on Monday in the towns Saturday's quake destroyed.", {}) == {"monday"}
    # totals counted from two different days
    since_sunday = _st("d", "Skyline was slow to get going again after the storm, calling off over 2,000 "
                            "flights in total since Sunday.")
    assert quantity_conflict(since_sunday, b, 0.9) is None


def test_an_organisation_by_its_short_name_or_a_definite_description_is_one_actor() -> None:
    from newsdesk.crosscheck.quantity import _same_actor
    from newsdesk.crosscheck.statements import Statement, refers_to

    def st(article: str, index: int, text: str, orgs: list[str]) -> Statement:
        mentions: list[dict[str, object]] = [{"text": o, "label": "ORG", "entity_id": o.lower(),
                                              "start": text.find(o)} for o in orgs]
        return Statement(article, article, index, text, mentions=mentions)

    full = st("a", 0, "Skyline Air Lines is cancelling flights.", ["Skyline Air Lines"])
    short = st("b", 0, "Skyline cancelled 600 flights.", ["Skyline"])
    other = st("c", 0, "Skyways cancelled 600 flights.", ["Skyways"])
    assert _same_actor(full, short) and not _same_actor(full, other)
    # "The airline" in a report that is about Skyline is Skyline; "The outage" is no actor
    report = [st("d", 0, "Skyline apologised to travellers.", ["Skyline"]),
              st("d", 1, "Skyline and Tarnworks met on Monday.", ["Skyline", "Tarnworks"]),
              st("d", 2, "The Atlanta-based airline grounded 900 flights.", []),
              st("d", 3, "The outage hit Tarnworks too.", [])]
    refers_to(report)
    assert [s.subject for s in report] == [None, None, "Skyline", None]
    assert _same_actor(report[2], full) and not _same_actor(report[2], other)


def test_a_participle_clause_is_compared_on_its_own() -> None:
    from newsdesk.crosscheck.similarity import _JOIN

    assert _JOIN.split("Skyline is struggling after the gale, cancelling over 5,100 flights since Friday.") \
        == ["Skyline is struggling after the gale", "cancelling over 5,100 flights since Friday."]
    # "including" and "according to" add a part or a source, not a second statement
    assert len(_JOIN.split("It cancelled 600 flights, including 300 in Halvenport, according to data.")) == 1

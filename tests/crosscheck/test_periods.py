from __future__ import annotations

from newsdesk.crosscheck.periods import periodic, periodic_figure, report_period


def test_report_period_names_quarter_and_year() -> None:
    posted = report_period("Zentrix posted fourth-quarter results on Tuesday.", "2031-07-30T00:00:00Z")
    assert posted == "Q4 2031"
    assert report_period("In its fiscal Q2 of 2030, Zentrix earned more.", None) == "Q2 2030"
    assert report_period("Zentrix reported fiscal 2029 results.", None) == "FY 2029"
    # a quarter with no year anywhere, and no date: unknown
    assert report_period("Zentrix shares rose after its fiscal Q4 earnings report.", None) is None
    assert report_period("The storm closed the port on Monday.", "2031-07-30") is None
    assert periodic("quarterly results") and not periodic("The storm closed the port.")
    assert periodic_figure("cloud revenue rose to $2bn") and not periodic_figure("losses of $2bn")


def _money(article: str, text: str, period: str | None, published: str | None = None):  # type: ignore[no-untyped-def]
    from newsdesk.annotate.quantities import find_quantities
    from newsdesk.crosscheck.statements import Statement

    qs = [{"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind, "original_unit": q.original_unit}
          for q in find_quantities(text)]
    return Statement(article, article, 0, text, published=published, claims=[{"quantities": qs}],
                     period=period, periodic=True)


def test_results_of_different_or_unknown_periods_are_not_compared() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict

    a = "At Zentrix, the cloud unit Skyvault generated $28.5 billion in revenue."
    b = "Skyvault, the cloud unit of Zentrix, saw revenue grow to $20.9 billion."
    assert quantity_conflict(_money("a", a, "Q4 2031"), _money("b", b, None), 0.8) is None
    assert quantity_conflict(_money("a", a, "Q4 2031"), _money("b", b, "Q4 2030"), 0.8) is None
    # the same quarter's figure reported two ways still conflicts
    found = quantity_conflict(_money("a", a, "Q4 2031"), _money("b", b, "Q4 2031"), 0.8)
    assert found is not None and found.type == "quantity"

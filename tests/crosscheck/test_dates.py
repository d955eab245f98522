"""Date detector: a day, month or year shifted between two reports of one statement."""

from __future__ import annotations

from newsdesk.crosscheck.dates import date_conflict, date_form, statement_dates
from newsdesk.crosscheck.perturb import compare_texts
from newsdesk.crosscheck.statements import Statement

PUB = "2024-09-10"  # a Tuesday


def _dates(pairs: list[tuple[str, str]], published: str | None = PUB) -> list[list[str]]:
    """Summaries of the date discrepancies between each pair's two texts."""
    found = compare_texts(pairs, [published] * len(pairs))
    return [[f.summary for f in fs if f.kind == "discrepancy" and f.type == "date" and len(f.articles) == 2]
            for fs in found]


def test_dates_shifted_day_weekday_and_year_are_found() -> None:
    pairs = [
        ("The two ministers met in London on Tuesday to discuss the sanctions.",
         "The two ministers met in London on Wednesday to discuss the sanctions."),
        ("Iran denied the accusations on September 9, the foreign ministry said.",
         "Iran denied the accusations on September 19, the foreign ministry said."),
        ("The factory was opened in 2019 by the regional government.",
         "The factory was opened in 2021 by the regional government."),
    ]
    weekday, calendar, year = _dates(pairs)
    # past tense: the Wednesday before publication
    assert weekday == ["\u201cTuesday\u201d (10 Sep 2024) vs \u201cWednesday\u201d (4 Sep 2024)"]
    assert len(calendar) == 1 and "9 Sep 2024" in calendar[0] and "19 Sep 2024" in calendar[0]
    assert len(year) == 1 and "2019" in year[0] and "2021" in year[0]


def test_dates_evidence_is_both_sentences() -> None:
    a = "Blinken and Lammy will travel to Kyiv on Wednesday, the State Department said."
    b = "Blinken and Lammy will travel to Kyiv on Friday, the State Department said."
    (findings,) = compare_texts([(a, b)], [PUB])
    (date,) = [f for f in findings if f.kind == "discrepancy" and f.type == "date"]
    assert {e.sentence for e in date.evidence} == {a, b}
    assert 0.5 < date.confidence <= 0.9


def test_dates_agreeing_or_unrelated_dates_are_not_disputes() -> None:
    pairs = [
        # the same day named two ways
        ("The ministers met on Tuesday in London.", "The ministers met on September 10 in London."),
        # two events of one story on different days
        ("The price of 14.50 euros a share is 32 percent higher than Lumera's closing price on Wednesday.",
         "Lumera's shares rose 28 percent on Thursday morning to 14.10 euros, just below the offer price."),
        # the two ends of one span, not one date shifted
        ("Lumera will pay a share of its sales through 2031 under the deal.",
         "Lumera will pay a share of its sales from 2026 under the deal."),
        # the same words in both: never a shift
        ("Officials said on Monday that 14 people had died.",
         "Officials said on Monday that 14 people had died."),
        # a possessive day is the day of what it names, not of the verb
        ("Prosecutors opened an inquiry on Thursday into the Orvik refinery fire.",
         "Prosecutors opened an inquiry into Tuesday's Orvik refinery fire and questioned its manager."),
        # when figures were made known is not when what they count happened
        ("Ilse Varga was leading the Orvik mayoral race on Sunday night with 40.8% of the votes counted.",
         "Ilse Varga won the Orvik mayoral race with 42.3% of the votes, final results showed on Monday."),
    ]
    assert _dates(pairs) == [[], [], [], [], [], []]
    # two possessive days of one thing are compared
    (found,) = _dates([("Prosecutors opened an inquiry into Tuesday's Orvik refinery fire.",
                        "Prosecutors opened an inquiry into Monday's Orvik refinery fire.")])
    assert len(found) == 1


def test_dates_without_publication_day_compare_calendar_dates_not_weekdays() -> None:
    pairs = [("The trial opened on July 3 in Boston.", "The trial opened on July 13 in Boston."),
             ("Shares closed at $3.01 on Monday.", "Shares closed at $3.01 on Friday.")]
    calendar, weekday = _dates(pairs, published=None)
    assert len(calendar) == 1 and "July 3" in calendar[0] and "July 13" in calendar[0]
    assert weekday == []  # a wire story and the next day's paper name one day differently


def test_dates_spotted_where_the_tagger_left_them_out() -> None:
    s = Statement("a", "a", 0, "The first lorries crossed the bridge on Friday afternoon.", published=PUB)
    assert [(d["text"], d["date"]) for d in statement_dates(s)] == [("Friday", "2024-09-06")]
    t = Statement("b", "b", 0, "The first lorries crossed the bridge on Sunday afternoon.", published=PUB)
    conflict = date_conflict(s, t, 0.97)
    assert conflict and conflict.type == "date" and "6 Sep 2024" in conflict.summary
    assert date_form("last Tuesday") == "weekday" and date_form("Sept. 9") == "calendar"
    assert date_form("in 2019") == "year" and date_form("yesterday") == "relative"


def _annotated(text: str, article_id: str, published: str | None) -> list[Statement]:
    from newsdesk.annotate.aliases import load_aliases
    from newsdesk.annotate.entities import EntityRegistry
    from newsdesk.annotate.stage import AnnotateStage
    from newsdesk.crosscheck.perturb import _statements
    from newsdesk.records import Article

    aliases = load_aliases(None)
    stage = AnnotateStage(aliases, EntityRegistry(aliases))
    article = Article(id=article_id, document_id="d", source=article_id, text=text,
                      text_hash=article_id, lang="en", published=published)
    try:
        (result,) = stage.process([article])
    finally:
        stage.close()
    return _statements(result, article_id, published)


def test_dates_weekday_of_a_page_stamped_a_year_late_among_undated_reports() -> None:
    from newsdesk.crosscheck.run import crosscheck_statements

    # April 5 was a Friday in 2024 and a Saturday in 2025, the year the repost is stamped.
    text = "Crews pulled a third fisherman from the lake on Friday, April 5, officials said."
    stamped = _annotated(text, "repost", "2025-04-15")
    undated = _annotated("Divers kept searching the river for the missing workers.", "other", None)

    def weekday_disputes(statements: list[Statement]) -> list[str]:
        return [f.summary for f in crosscheck_statements("s", statements)
                if f.kind == "discrepancy" and "weekday" in f.summary]

    # Beside undated reports only, the page's year is what is off: no dispute.
    assert weekday_disputes(stamped + undated) == []
    # Beside another report dated 2025, the year stands and the weekday is wrong.
    dated = _annotated("Divers kept searching the river for the missing workers.", "dated",
                       "2025-04-14")
    assert weekday_disputes(stamped + dated) == ["\u201cFriday, April 5\u201d: the weekday does "
                                                 "not match the date"]


def test_dates_weekday_slip_about_an_earlier_event_takes_its_witness_from_the_storyline() -> None:
    from newsdesk.crosscheck.run import crosscheck_statements
    from newsdesk.crosscheck.weekdays import storyline_witnesses, weekday_conflicts

    # March 28, 2024 was a Thursday: the follow-up recalls the first recovery's day wrongly.
    slip = _annotated("The find came a week after two crates were lifted from the harbour on "
                      "Wednesday, March 28, the port said.", "follow-up", "2024-04-05")
    other = _annotated("Divers lifted a third crate from the harbour on Friday.", "third", "2024-04-05")
    earlier = _annotated("Divers lifted two crates from the harbour on Wednesday morning.",
                         "first", "2024-03-27")
    def mismatches(s: Statement) -> list[str]:
        return weekday_conflicts(s, set())

    line = slip + other + earlier
    standing = storyline_witnesses({"follow-up", "third"}, line, mismatches)
    assert [(a.article_id, b.article_id) for a, b, _ in standing] == [("follow-up", "first")]
    found = [f for f in crosscheck_statements("later", slip + other, None, standing)
             if f.kind == "discrepancy" and "weekday" in f.summary]
    # one finding, the earlier event's report beside the slip (not the story's own report
    # of another day), the odd report second as in every standing conflict
    assert len(found) == 1 and found[0].type == "date"
    assert [e.article_id for e in found[0].evidence] == ["first", "follow-up"]
    assert found[0].summary.endswith("(a report of another event of this storyline)")
    # a story that names the day itself keeps its own witness
    named = _annotated("The first two crates came up on Wednesday, the port said.", "own", "2024-03-28")
    assert storyline_witnesses({"follow-up", "own"}, slip + named + earlier, mismatches) == []

from datetime import date

from newsdesk.clean.sentences import split_sentences
from newsdesk.stories.text import (
    day_iso,
    event_day,
    key_numbers,
    lead_text,
    publication_day,
    recalled_weekday,
)


def test_text_split_sentences_keeps_abbreviations_and_quotes():
    text = 'Mr. Blinken said "we are concerned." Then he left.\nA new line starts here'
    assert split_sentences(text) == ['Mr. Blinken said "we are concerned."', "Then he left.",
                                     "A new line starts here"]


def test_text_lead_uses_title_then_first_sentences():
    sentences = ["First.", "Second.", "Third."]
    assert lead_text("Headline", sentences) == "Headline First. Second."
    assert lead_text(None, sentences) == "First. Second. Third."


def test_text_key_numbers_drop_single_digits_and_normalise():
    assert key_numbers("At least 14 died, 2,000 fled; magnitude 6.10; 3 towns; in 2008") == [
        "14", "2000", "2008", "6.1"]


def test_text_event_day_resolves_weekdays_and_dates_against_publication():
    friday = date(2025, 3, 14).toordinal()
    assert day_iso(event_day("The bridge reopened on Friday", friday)) == "2025-03-14"
    assert day_iso(event_day("Talks on Wednesday agreed patrols", friday)) == "2025-03-12"
    assert day_iso(event_day("Officials said yesterday", friday)) == "2025-03-13"
    assert day_iso(event_day("On March 11 the river rose", friday)) == "2025-03-11"
    assert day_iso(event_day("No date here", friday)) == "2025-03-14"
    assert event_day("on Friday", None) is None


def test_text_event_day_reads_a_coming_weekday_ahead():
    wednesday = date(2025, 3, 12).toordinal()
    assert day_iso(event_day("The minister will visit the dam Friday", wednesday)) == "2025-03-14"
    assert day_iso(event_day("A vote is scheduled for next Monday", wednesday)) == "2025-03-17"
    # Past tense still reads backwards.
    assert day_iso(event_day("The minister visited the dam Friday", wednesday)) == "2025-03-07"


def test_text_publication_day_handles_missing_and_bad_values():
    assert publication_day("2024-09-10T00:00:00Z") == date(2024, 9, 10).toordinal()
    assert publication_day(None) is None
    assert publication_day("sometime") is None


def test_text_clutter_lines_do_not_reach_the_lead():
    from newsdesk.stories.text import headline_and_prose, is_clutter_line

    page = ("Home > World > Estmark\n"
            " date 2025-03-03 \n"
            "By Mira Talven | Continental Press\n"
            "Share  Facebook  Twitter  Email\n"
            "Latest News\n"
            "The Sallow river burst its banks in Kessland province on Monday, flooding "
            "two towns and forcing hundreds of families from their homes.\n"
            "Photo: Continental Press\n"
            "Rescue crews from three provinces worked through the night to reach villages "
            "cut off by the water, officials in the provincial capital sa")
    headline, prose = headline_and_prose(None, page)
    for clutter in ("Home > World", "By Mira Talven", "Share", "Latest News", "Photo:", "2025-03-03"):
        assert clutter not in prose and clutter not in headline
    assert prose.startswith("The Sallow river burst its banks")
    assert prose.endswith("officials in the provincial capital")  # the cut word "sa" dropped
    assert is_clutter_line("By Mira Talven | Continental Press")
    assert not is_clutter_line("The Sallow river burst its banks in Kessland province on Monday.")


def test_text_headline_is_title_or_a_short_first_line():
    from newsdesk.stories.text import headline_and_prose

    text = ("Sallow river floods two towns in Kessland\n"
            "The Sallow river burst its banks in Kessland province on Monday, flooding "
            "two towns and forcing hundreds of families from their homes.")
    assert headline_and_prose(None, text)[0] == "Sallow river floods two towns in Kessland"
    assert headline_and_prose("Given title", text)[0] == "Given title"
    assert headline_and_prose(None, text.split("\n", 1)[1])[0] == ""  # no headline: none made up


def test_text_content_words_skip_stop_words_and_numbers():
    from newsdesk.stories.text import content_words

    words = content_words("The divers recovered the bodies of two workers; 25 feet, the bodies.")
    assert words == {"divers": 1, "recovered": 1, "bodies": 2, "workers": 1, "feet": 1}


def test_text_event_day_takes_the_latest_day_the_lead_names():
    friday = date(2025, 3, 14).toordinal()
    lead = "After the March 3 flood, the council agreed on Thursday to rebuild the dam"
    assert day_iso(event_day(lead, friday)) == "2025-03-13"


def test_text_event_day_an_old_date_names_the_earlier_event_not_the_news():
    friday = date(2025, 3, 14).toordinal()
    # Published the 14th, the lead dates only the flood of the 3rd: a follow-up (the
    # inquiry's findings), whose news is of its publication day.
    lead = "The inquiry blamed a faulty sluice gate for the March 3 flood"
    assert day_iso(event_day(lead, friday)) == "2025-03-14"
    # Four days back is still read as the day of the news.
    assert day_iso(event_day("Officials on March 10 opened the dam", friday)) == "2025-03-10"
    # A weekday is the news day whatever the date beside it.
    assert day_iso(event_day("After the March 3 flood, the council agreed on Thursday",
                             friday)) == "2025-03-13"


def test_text_a_possessive_weekday_before_the_leads_own_day_is_recalled():
    wednesday = date(2031, 5, 14).toordinal()
    lead = ("Divers found two more bodies on Wednesday, raising the toll from Tuesday's "
            "sinking of the Kestrel Star to six.")
    assert recalled_weekday(lead, wednesday, event_day(lead, wednesday)) == 1
    # the possessive day is the lead's own news: nothing recalled
    own = "Tuesday's sinking of the Kestrel Star off Port Alder killed four."
    assert recalled_weekday(own, wednesday, event_day(own, wednesday)) is None
    # a weekday that is no possessive recalls nothing
    plain = "The Kestrel Star sank on Tuesday and divers searched on Wednesday."
    assert recalled_weekday(plain, wednesday, event_day(plain, wednesday)) is None
    assert recalled_weekday(lead, None, None) is None

from datetime import date

from newsdesk.clean.sentences import split_sentences
from newsdesk.stories.text import (
    day_iso,
    event_day,
    key_numbers,
    lead_text,
    publication_day,
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
    assert day_iso(event_day("On March 3 the river rose", friday)) == "2025-03-03"
    assert day_iso(event_day("No date here", friday)) == "2025-03-14"
    assert event_day("on Friday", None) is None


def test_text_publication_day_handles_missing_and_bad_values():
    assert publication_day("2024-09-10T00:00:00Z") == date(2024, 9, 10).toordinal()
    assert publication_day(None) is None
    assert publication_day("sometime") is None

"""What a report's opening says about how long ago the event it recalls happened."""

from __future__ import annotations

import pytest

from newsdesk.stories.recaps import LAST_WEEK_DAYS, recalled_days


@pytest.mark.parametrize(("opening", "days"), [
    ("A week after the ferry capsized off Saltmouth, divers recovered a third body.", 7),
    ("Nearly two weeks after the storm, the harbour reopened on Monday.", 14),
    ("The council met 11 days after the flood to approve the repairs.", 11),
    ("Three months ago the plant closed; on Tuesday its owner sold it.", 90),
    ("Last week a tanker ran aground near Saltmouth. Salvage crews began on Friday.",
     LAST_WEEK_DAYS),
    ("Vergangene Woche war die Fähre vor Saltmouth gekentert. Am Freitag wurde ein "
     "weiteres Opfer geborgen.", LAST_WEEK_DAYS),
    ("Vor zwei Wochen kenterte die Fähre.", 14),
    ("Deux semaines après le naufrage, les recherches se poursuivent.", 14),
    ("Il y a trois jours, le ferry a chaviré.", 3),
    ("Hace una semana que el ferry volcó frente a Saltmouth.", 7),
    ("La settimana scorsa il traghetto si è ribaltato.", LAST_WEEK_DAYS),
    ("Duas semanas depois do naufrágio, o porto reabriu.", 14),
    # next-day developments: the news sits a day after the event it recalls
    ("The bodies were recovered a day after the ferry capsized.", 1),
    ("Officials gave the first figures on the scale of yesterday's blackout.", 1),
    ("Einen Tag nach dem Unglück suchten Taucher weiter nach Vermissten.", 1),
    ("Au lendemain du naufrage, le port a rouvert.", 1),
])
def test_recalled_days_in_six_languages(opening: str, days: int) -> None:
    assert recalled_days(opening) == days


@pytest.mark.parametrize("opening", [
    "A ferry capsized off Saltmouth early on Tuesday, and divers searched the harbour.",
    "The ferry capsized off Saltmouth yesterday, the coastguard said.",  # its own event
    "Officials will meet next week to decide on the repairs.",  # ahead, not recalled
    "Le ferry a chaviré mardi matin au large de Saltmouth.",
])
def test_recalled_days_none_for_first_coverage(opening: str) -> None:
    assert recalled_days(opening) is None


def test_recalled_days_takes_the_fewest_days_named() -> None:
    assert recalled_days("Two weeks after the storm and three days after the vote, "
                         "the harbour reopened.") == 3

from __future__ import annotations

from newsdesk.annotate.lexicon import headline_like


def test_lexicon_headline_lines() -> None:
    assert headline_like("Norvale Hits \u2018Inadequate\u2019 Kestrel Apology, Reveals $380M Hit To Revenue")
    assert not headline_like("Norvale Air Lines said on Monday that its crews were working.")

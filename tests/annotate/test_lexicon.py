from __future__ import annotations

from newsdesk.annotate.lexicon import headline_like


def test_lexicon_headline_lines() -> None:
    assert headline_like("Norvale Slams \u2018Hollow\u2019 Kestrel Response, Puts $210M Loss On Record")
    assert not headline_like("Norvale Air Lines said on Monday that its crews were working.")

from __future__ import annotations

from newsdesk.copies import independent_sources, source_groups
from newsdesk.records import CopyLink


def _link(article: str, origin: str) -> CopyLink:
    return CopyLink(article, None if article == origin else origin, origin, origin,
                    "origin" if article == origin else "exact")


def test_sources_copy_group_counts_once() -> None:
    links = {x.article_id: x for x in [_link("wire", "wire"), _link("reprint", "wire"),
                                       _link("spin", "wire"), _link("dw", "dw")]}
    assert independent_sources(["wire", "reprint", "spin", "dw"], links) == 2
    assert source_groups(["reprint", "dw", "wire", "reprint"], links) == {
        "wire": ["reprint", "wire"], "dw": ["dw"]}


def test_sources_unlinked_articles_count_as_their_own_source() -> None:
    links = {"a": _link("a", "a"), "b": _link("b", "a")}
    assert independent_sources(["a", "b", "new1", "new2"], links) == 3
    assert independent_sources([], links) == 0

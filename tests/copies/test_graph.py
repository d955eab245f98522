from __future__ import annotations

from newsdesk.copies.graph import Pair, choose_origin, components, copy_tree, published_before

from .conftest import make_article

TEXT = "A report about floods in the valley with many words in it."


def test_graph_components_join_chains() -> None:
    pairs = [Pair("a", "b", "exact", 1, {}), Pair("b", "c", "rewrite", .7, {}),
             Pair("x", "y", "exact", 1, {})]
    assert sorted(sorted(c) for c in components(pairs)) == [["a", "b", "c"], ["x", "y"]]


def test_graph_date_only_ties_with_a_time_that_day() -> None:
    day = make_article(TEXT, published="2025-03-20T00:00:00Z", outlet="a.example")
    morning = make_article(TEXT, published="2025-03-20T08:40:00Z", outlet="b.example")
    before = make_article(TEXT, published="2025-03-19T23:00:00Z", outlet="c.example")
    assert not published_before(day, morning) and not published_before(morning, day)
    assert published_before(before, day) and published_before(before, morning)


def test_graph_origin_is_earliest_published() -> None:
    late = make_article(TEXT, published="2025-03-04T09:00:00Z", outlet="late.example")
    early = make_article(TEXT, published="2025-03-03T14:20:00Z", outlet="early.example")
    assert choose_origin([late, early], {late.id: 1, early.id: 2}).id == early.id


def test_graph_origin_without_dates_is_the_one_without_added_promo() -> None:
    copy = make_article(TEXT, outlet="scraper.example", removed=["Subscribe to our channel!"])
    origin = make_article(TEXT, outlet="wire.example")
    # the copy arrived first: evidence beats arrival order
    assert choose_origin([copy, origin], {copy.id: 1, origin.id: 2}).id == origin.id


def test_graph_origin_a_dated_page_before_an_undated_one_in_either_order() -> None:
    undated = make_article(TEXT, outlet="aggregator.example")
    dated = make_article(TEXT, published="2025-03-20T08:40:00Z", outlet="paper.example")
    for seq in ({undated.id: 1, dated.id: 2}, {dated.id: 1, undated.id: 2}):
        assert choose_origin([undated, dated], seq).id == dated.id
    # promo lines the dated page added still tell the copy
    promoted = make_article(TEXT, published="2025-03-20T08:40:00Z", outlet="scraper.example",
                            removed=["Subscribe to our channel!"])
    assert choose_origin([promoted, undated], {promoted.id: 1, undated.id: 2}).id == undated.id


def test_graph_origin_same_day_reprint_credits_the_wire() -> None:
    reprint = make_article(TEXT, published="2025-03-20T00:00:00Z", outlet="gazette.example",
                           author="CPS")
    wire = make_article(TEXT, published="2025-03-20T08:40:00Z",
                        outlet="Continental Press Service")
    assert choose_origin([reprint, wire], {reprint.id: 1, wire.id: 2}).id == wire.id


def test_graph_copy_tree_points_at_the_nearer_member() -> None:
    pairs = [Pair("o", "a", "exact", 1.0, {}), Pair("a", "b", "rewrite", 0.8, {}),
             Pair("o", "c", "near_duplicate", 0.9, {}), Pair("c", "a", "rewrite", 0.6, {})]
    tree = copy_tree("o", pairs)
    assert {k: (p.a if p.b == k else p.b) for k, p in tree.items()} == {
        "a": "o", "c": "o", "b": "a"}

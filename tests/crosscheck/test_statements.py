"""What a story's cross-check reads: its reports' statements, in an order of their own."""

from __future__ import annotations

from newsdesk.crosscheck.run import crosscheck_statements
from newsdesk.crosscheck.statements import report_order, story_statements
from newsdesk.store import open_store


def test_statements_are_read_in_report_order_whatever_order_the_members_arrived_in(
        analysed_demo: str) -> None:
    with open_store(analysed_demo) as store:
        story = max(store.stories(), key=lambda s: len(s.members))
        members = list(story.members)
        forward = story_statements(store, members, {})
        backward = story_statements(store, members[::-1], {})
        articles = {a.id: a for a in store.get_articles(members)}
    assert [(s.article_id, s.index) for s in forward] == [(s.article_id, s.index) for s in backward]
    read = list(dict.fromkeys(s.article_id for s in forward))
    assert read == sorted(read, key=lambda a: report_order(articles[a]))
    # so a check gives the same findings, and the same ids, either way
    assert crosscheck_statements(story.id, forward) == crosscheck_statements(story.id, backward)

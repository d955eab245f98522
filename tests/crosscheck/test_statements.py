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


def test_statements_the_headline_is_marked(tmp_path) -> None:
    import json

    from newsdesk.annotate import annotate_store
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest

    title = "Kestrel Star ferry sinks off Port Alder, 12 killed"
    page = {"url": "https://alpha.example/ferry", "outlet": "alpha.example", "title": title,
            "published": "2031-05-10", "text": f"{title}\n\nThe ferry sank on Saturday night. "
                                                 "Rescuers pulled 431 people from the water."}
    (tmp_path / "in.jsonl").write_text(json.dumps(page) + "\n")
    settings = load_settings(env={}, db=str(tmp_path / "s.db"), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(tmp_path / "in.jsonl")], store, settings)
        annotate_store(store, settings)
        ids = [a.id for a in store.iter_articles()]
        statements = story_statements(store, ids, {})
    assert [s.text for s in statements if s.headline] == [title]

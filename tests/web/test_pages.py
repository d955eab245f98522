"""The story page's HTML without a browser: what the template is given and shows."""

from __future__ import annotations

from newsdesk.brief import build_brief
from newsdesk.crosscheck import crosscheck_story
from newsdesk.store import open_store
from newsdesk.web.pages import render_story_html


def test_pages_a_dispute_lists_the_further_reports_that_agree(analysed_demo: str) -> None:
    with open_store(analysed_demo) as store:
        crosscheck_story(store, "truth-S2")
        html = render_story_html(store, build_brief(store, "truth-S2"))
    dispute = html[html.index('id="disputes"'):]
    # the altered Brandt quote: one sentence per version side by side, the further
    # reports of those versions listed by outlet
    assert "Also in:" in dispute
    assert dispute.count('class="side"') >= 2

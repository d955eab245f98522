"""Story briefs: a cited summary, who said what, disputes, timeline and sources."""

from newsdesk.brief.build import StoryBrief, build_brief
from newsdesk.brief.render import render_json, render_markdown

__all__ = ["StoryBrief", "build_brief", "render_json", "render_markdown"]

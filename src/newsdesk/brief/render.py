"""Brief renderers for the CLI: Markdown and JSON (HTML is the web page's template)."""

from __future__ import annotations

import json

from newsdesk.brief.build import StoryBrief
from newsdesk.brief.summary import SummaryLine


def _short(article_id: str) -> str:
    return article_id[:10]


def render_json(brief: StoryBrief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)


def _md_escape(text: str | None) -> str:
    # Article text is untrusted: keep it from turning into links, HTML or headings.
    text = text or ""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def support_words(line: SummaryLine) -> str:
    """Who stands behind a summary line, in words: "corroborated by 2 independent
    sources (a, b)", "only in Example Times", or (no cross-check yet) its sources."""
    cites = ", ".join(_short(a) for a in line.supporting_articles)
    n = line.independent_sources
    if line.corroborated:
        return _md_escape(f"corroborated by {n} independent sources ({cites})")
    if line.only_in:
        return _md_escape(f"only in {', '.join(line.only_in)} ({cites})")
    mark = "disputed; " if line.disputed else ""
    source = "source" if n == 1 else "sources"
    return _md_escape(f"{mark}{line.outlet or _short(line.article_id)}, {n} independent {source} "
                      f"({cites})")


def render_markdown(brief: StoryBrief) -> str:
    s = brief.story
    out = [f"# {_md_escape(s.title)}", "",
           f"{len(s.members)} articles, {s.independent_sources} independent sources, "
           f"{(s.first_seen or '?')[:10]} – {(s.last_seen or '?')[:10]}", ""]
    out += ["## Summary", ""]
    for line in brief.summary:
        out.append(f"- {_md_escape(line.text)} — {support_words(line)}")
    if brief.disputes:
        out += ["", "## Disputes", ""]
        for f in brief.disputes:
            out.append(f"- **{f.type}**: {_md_escape(f.summary)}")
            for e in f.evidence:
                out.append(f"  - {_short(e.article_id)}: \u201c{_md_escape(e.sentence)}\u201d")
    if brief.quotes:
        out += ["", "## Who said what", ""]
        for q in brief.quotes:
            out.append(f"- **{_md_escape(q.get('speaker_label') or 'unattributed')}** "
                       f"({_md_escape(q.get('cue') or '')}): \u201c{_md_escape(q.get('text'))}\u201d "
                       f"— {_md_escape(q.get('outlet'))} {_short(q['article_id'])}")
    if brief.names:
        out += ["", "## Names spelled more than one way", ""]
        for n in brief.names:
            spelled = "; ".join(f"\u201c{_md_escape(text)}\u201d in "
                                + ", ".join(_short(a) for a in ids)
                                for text, ids in n.spellings.items())
            out.append(f"- **{_md_escape(n.name)}**: {spelled}")
    if brief.timeline:
        out += ["", "## Timeline", ""]
        for t in brief.timeline:
            cites = ", ".join(_short(a) for a in t.articles or [t.article_id])
            out.append(f"- {t.when()}: {_md_escape(t.sentence or t.text)} [{cites}]")
    out += ["", "## Sources", ""]
    for src in brief.sources:
        lineage = ""
        if src.copy_of:
            lineage = f" — copy ({src.method}) of {_short(src.copy_of)}"
        out.append(f"- {_short(src.article_id)} {_md_escape(src.outlet)} "
                   f"{(src.published or '')[:10]}: {_md_escape(src.title or '(untitled)')}"
                   f"{'' if src.headline else ' (no headline: its first words)'}{lineage}")
    for note in brief.notes:
        out += ["", f"_note: {note}_"]
    return "\n".join(out) + "\n"

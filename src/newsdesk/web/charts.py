"""Charts as inline SVG built on the server: no scripts, so the page can send a
Content-Security-Policy that forbids every script. Text is escaped by ``_esc``."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from newsdesk.brief.build import SourceEntry, TimelineEntry


def _esc(text: str | None) -> str:
    return escape(text or "", quote=True)


def _day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


# Events this many days before the first or after the last publication are background
# (the last comparable flood, in 1987): listed under the chart, not plotted, so the
# story's own days keep their width on the axis.
CONTEXT_DAYS = 14
MAX_TICKS = 8


def timeline_svg(entries: list[TimelineEntry], sources: list[SourceEntry], width: int = 760) -> str:
    """Events (dots above the axis) and publications (ticks below) on one date axis."""
    pubs = [(d, s) for s in sources if s.published and (d := _day(s.published))]
    events = [(d, e) for e in entries if (d := _day(e.date))]
    if pubs:
        first, last = min(d for d, _ in pubs), max(d for d, _ in pubs)
        events = [(d, e) for d, e in events
                  if (d - first).days >= -CONTEXT_DAYS and (d - last).days <= CONTEXT_DAYS]
    days = sorted({d for d, _ in events} | {d for d, _ in pubs})
    if not days:
        return ""
    lo, hi = days[0], days[-1]
    span = max((hi - lo).days, 1)
    left, right, axis_y = 70, width - 30, 90

    def x(d: date) -> float:
        return left + (right - left) * (d - lo).days / span

    parts = [f'<svg class="timeline" viewBox="0 0 {width} 150" role="img" '
             f'aria-label="Timeline of events and publications">',
             f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" class="axis"/>']
    step = max(1, -(-len(days) // MAX_TICKS))  # labels that do not overlap
    for d in days[::step]:
        parts.append(f'<text x="{x(d):.1f}" y="{axis_y + 45}" class="tick">{d.strftime("%d %b")}</text>')
    for i, (d, e) in enumerate(sorted(events, key=lambda p: p[0])):
        y = axis_y - 18 - 16 * (i % 4)
        parts.append(f'<g class="event"><circle cx="{x(d):.1f}" cy="{y}" r="5"/>'
                     f'<title>{_esc(e.when())}: {_esc(e.sentence or e.text)}</title></g>')
    for d, s in pubs:
        parts.append(f'<g class="pub"><rect x="{x(d) - 2:.1f}" y="{axis_y + 6}" width="4" height="14"/>'
                     f'<title>{_esc(s.outlet)}: {_esc(s.title)}</title></g>')
    parts.append(f'<text x="4" y="{axis_y - 30}" class="legend">events</text>'
                 f'<text x="4" y="{axis_y + 18}" class="legend">published</text></svg>')
    return "".join(parts)


def lineage_svg(sources: list[SourceEntry], width: int = 760) -> str:
    """One column per independent source (copy group): origin on top, copies below,
    with an arrow from each copy to the article it copies."""
    groups: dict[str, list[SourceEntry]] = {}
    for s in sources:
        groups.setdefault(s.copy_group or s.duplicate_of or s.article_id, []).append(s)
    columns = sorted(groups.values(), key=lambda g: (-len(g), g[0].published or ""))
    if not columns:
        return ""
    col_w = max(width // max(len(columns), 1), 150)
    row_h = 56
    height = 30 + row_h * max(len(c) for c in columns)
    total_w = max(width, col_w * len(columns))
    pos: dict[str, tuple[float, float]] = {}
    nodes: list[str] = []
    for ci, column in enumerate(columns):
        column.sort(key=lambda s: (s.copy_of is not None, s.published or ""))
        for ri, s in enumerate(column):
            cx, cy = ci * col_w + col_w / 2, 30 + ri * row_h
            pos[s.article_id] = (cx, cy)
            kind = "origin" if not s.copy_of else "copy"
            label = (s.outlet or s.article_id[:8])[:22]
            nodes.append(
                f'<g class="node {kind}"><rect x="{cx - 70:.0f}" y="{cy - 14:.0f}" width="140" '
                f'height="28" rx="6"/><text x="{cx:.0f}" y="{cy + 4:.0f}">{_esc(label)}</text>'
                f'<title>{_esc(s.title)} ({_esc((s.published or "")[:10])})'
                f'{" — " + _esc(s.method) + " copy" if s.copy_of else ""}</title></g>')
    edges = []
    for s in sources:
        if s.copy_of and s.copy_of in pos and s.article_id in pos:
            (x1, y1), (x2, y2) = pos[s.article_id], pos[s.copy_of]
            edges.append(f'<line x1="{x1:.0f}" y1="{y1 - 14:.0f}" x2="{x2:.0f}" y2="{y2 + 14:.0f}" '
                         f'class="edge" marker-end="url(#arrow)"/>')
    return (f'<svg class="lineage" viewBox="0 0 {total_w} {height}" role="img" '
            f'aria-label="Copy lineage of the sources"><defs><marker id="arrow" viewBox="0 0 10 10" '
            f'refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z"/></marker></defs>{"".join(edges)}{"".join(nodes)}</svg>')

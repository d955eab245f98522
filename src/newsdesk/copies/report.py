"""An article's copy lineage, as plain data for the CLI, the API and the web page."""

from __future__ import annotations

from typing import Any

from newsdesk.store import Store


def _brief(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {a.id: {"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title}
            for a in store.get_articles(ids)}


def lineage(store: Store, article_id: str) -> dict[str, Any]:
    """Where the article's text came from: its link, its group and its sentence diff
    against the origin. ``status`` is one of not_detected (copy detection has not run
    on it), not_compared (with ``reason``), single (no copies found), origin, copy."""
    article = store.get_article(article_id)
    link = store.copy_links([article.id]).get(article.id)
    out: dict[str, Any] = {"article": _brief(store, [article.id])[article.id]}
    if link is None:
        out["status"] = "not_detected"
        return out
    if link.method == "not_compared":
        out.update(status="not_compared", reason=link.alignment.get("not_compared"))
        return out
    members = store.copy_group_links(link.copy_group)
    if len(members) <= 1:
        out["status"] = "single"
        return out
    info = _brief(store, [m.article_id for m in members])
    out.update(
        status="copy" if link.copy_of else "origin",
        origin=info.get(link.origin),
        copy_of=info.get(link.copy_of) if link.copy_of else None,
        method=link.method,
        score=link.score,
        group=[{**info[m.article_id], "copy_of": m.copy_of, "method": m.method,
                "score": m.score} for m in sorted(
                    members, key=lambda m: (m.copy_of is not None, info[m.article_id]["published"]
                                            or "", m.article_id))],
        alignment=link.alignment,
    )
    return out

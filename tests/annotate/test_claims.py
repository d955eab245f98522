"""Claims: the clauses of a sentence that another report could confirm or contradict."""

from __future__ import annotations

from newsdesk.annotate.aliases import load_aliases
from newsdesk.annotate.claims import find_claims
from newsdesk.annotate.entities import EntityRegistry, annotate_entities
from newsdesk.annotate.parse import parse_articles
from newsdesk.records import Article, Claim, content_id


def _claims(text: str) -> list[Claim]:
    article = Article(id=content_id(text), document_id="d", source="inline", text=text,
                      text_hash=content_id(text), lang="en")
    aliases = load_aliases(None)
    (parsed,) = parse_articles([article])
    return find_claims(parsed, annotate_entities(parsed, aliases, EntityRegistry(aliases)), [], [])


def test_claims_a_short_participle_clause_with_a_figure_is_a_claim() -> None:
    claims = _claims("The Kestrel Star ferry sank off Port Alder, killing 12 people.")
    figures = [(q.text, q.original_unit) for c in claims for q in c.quantities]
    assert ("12 people", "dead") in figures
    # a short clause without a figure is still too little to check
    assert all("waving" not in c.text for c in _claims("The crew left the ship quickly, waving."))

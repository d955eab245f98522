"""Copies: exact, near-duplicate and rewritten copies of a report, and its origin.

* ``detect_copies(store)`` — incremental detection over the store (exact text hash,
  MinHash-LSH over word shingles, shared passages for cut and windowed copies, sentence
  alignment with embeddings for rewrites, multilingual sentence alignment for
  translations, another address of the same page), writing ``copy_links`` (copy_of,
  copy_group, origin, and the copy's shared passages and sentence alignment against the
  origin). A link's method is exact | near_duplicate | excerpt | rewrite | translation |
  same_page (or origin / not_compared);
* ``independent_sources`` / ``source_groups`` — count a copy group as one source;
* ``lineage(store, article_id)`` — an article's copy lineage for display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.copies.detect import CopySummary, detect_copies
    from newsdesk.copies.report import lineage
    from newsdesk.copies.sources import independent_sources, source_groups

__all__ = ["CopySummary", "detect_copies", "independent_sources", "lineage", "source_groups"]

# Detection loads the verifiers and the sentence models' code; reading a lineage or
# counting sources needs none of it.
__getattr__ = exports(__name__, {
    "CopySummary": "detect", "detect_copies": "detect", "lineage": "report",
    "independent_sources": "sources", "source_groups": "sources"})

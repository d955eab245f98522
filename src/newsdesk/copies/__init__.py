"""Copies: exact, near-duplicate and rewritten copies of a report, and its origin.

* ``detect_copies(store)`` — incremental detection over the store (exact text hash,
  MinHash-LSH over word shingles, sentence alignment with embeddings for rewrites),
  writing ``copy_links`` (copy_of, copy_group, origin, alignment against the origin);
* ``independent_sources`` / ``source_groups`` — count a copy group as one source;
* ``lineage(store, article_id)`` — an article's copy lineage for display.
"""

from newsdesk.copies.detect import CopySummary, detect_copies
from newsdesk.copies.report import lineage
from newsdesk.copies.sources import independent_sources, source_groups

__all__ = ["CopySummary", "detect_copies", "independent_sources", "lineage", "source_groups"]

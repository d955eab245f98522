"""Copies: exact, near-duplicate and rewritten copies of a report, and its origin.

* ``detect_copies(store)`` — incremental detection over the store (exact text hash,
  MinHash-LSH over word shingles, shared passages for cut and windowed copies, sentence
  alignment with embeddings for rewrites, multilingual sentence alignment for
  translations), writing ``copy_links`` (copy_of, copy_group, origin, and the copy's
  shared passages and sentence alignment against the origin). A link's method is
  exact | near_duplicate | excerpt | rewrite | translation (or origin / not_compared);
* ``independent_sources`` / ``source_groups`` — count a copy group as one source;
* ``lineage(store, article_id)`` — an article's copy lineage for display.
"""

from newsdesk.copies.detect import CopySummary, detect_copies
from newsdesk.copies.report import lineage
from newsdesk.copies.sources import independent_sources, source_groups

__all__ = ["CopySummary", "detect_copies", "independent_sources", "lineage", "source_groups"]

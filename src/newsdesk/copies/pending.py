"""Whether copy detection has work, from the store alone (no detector is loaded)."""

from __future__ import annotations

from newsdesk.store import Store


def copies_pending(store: Store) -> bool:
    """An article arrived after the last one the copies index has seen, or an indexed
    batch has no links yet (a run killed between its two writes): ``detect_copies``
    has something to do."""
    after = store.copy_sketch_max_seq()
    return (next(iter(store.iter_articles(after_seq=after, limit=1)), None) is not None
            or bool(store.copy_sketches_without_links()))

"""Storylines: stories (events) linked over time into one developing story.

See ``link.py``: the collapse of a bridge, the recovery of the bodies the next morning,
the owner's liability filing a week later and the criminal investigation three weeks on
are four events of one storyline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.storylines.link import LinkSummary, build_storylines, link_store

__all__ = ["LinkSummary", "build_storylines", "link_store"]

# Linking loads only when storylines are linked, not when a view lists them.
__getattr__ = exports(__name__, dict.fromkeys(__all__, "link"))

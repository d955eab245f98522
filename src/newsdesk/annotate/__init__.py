"""Read each article: sentences, canonical entities, quotes, claims, events, dates.

``annotate_store(store, settings)`` annotates what is new; the pieces (``parse``,
``entities``, ``quotes``, ``claims``, ``quantities``, ``dates``, ``events``) are
usable on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.annotate.stage import KINDS, VERSION, AnnotateStage, annotate_store

__all__ = ["KINDS", "VERSION", "AnnotateStage", "annotate_store"]

# The annotators load spaCy's machinery; the rows the CLI and API print need none of it.
__getattr__ = exports(__name__, dict.fromkeys(__all__, "stage"))

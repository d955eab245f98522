"""Read each article: sentences, canonical entities, quotes, claims, events, dates.

``annotate_store(store, settings)`` annotates what is new; the pieces (``parse``,
``entities``, ``quotes``, ``claims``, ``quantities``, ``dates``, ``events``) are
usable on their own.
"""

from newsdesk.annotate.stage import KINDS, VERSION, AnnotateStage, annotate_store

__all__ = ["KINDS", "VERSION", "AnnotateStage", "annotate_store"]

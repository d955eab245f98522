"""What a storyline's statements give, computed once per storyline read.

``analyze`` reads a storyline's statements once and checks each of its stories against
them (crosscheck.schedule): the standing facts every report of the storyline states
(ages, sizes, credited figures) are the same for each of those stories, only which of
them are the story's own differs. Recomputing them per story made a storyline of n
stories cost n full passes of the quantity and age readers over all its sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from newsdesk.crosscheck.statements import Statement

T = TypeVar("T")


class PerLine(Generic[T]):
    """``fn(statements)`` for the last list of statements asked, kept while the next call
    passes the same statement objects (a storyline read once, asked about per story).
    Identity, not equality: a statement of another read is computed again. ``fn`` must
    be a function of the statements alone, and callers must not change what it returns."""

    def __init__(self, fn: Callable[[list[Statement]], T]) -> None:
        self._fn = fn
        self._key: tuple[Statement, ...] | None = None
        self._value: T | None = None

    def __call__(self, statements: Sequence[Statement]) -> T:
        key = tuple(statements)
        last = self._key
        if last is None or len(last) != len(key) or any(a is not b for a, b in zip(last, key, strict=True)):
            self._value = self._fn(list(statements))
            self._key = key
        return self._value  # type: ignore[return-value]

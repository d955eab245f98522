from __future__ import annotations

import numpy as np

from newsdesk.copies.fingerprints import GRAM, WINDOW, passage_keys
from newsdesk.copies.passages import Words

from .test_passages import BACKGROUND, STORY, WRITE_THROUGH


def _keys(text: str) -> np.ndarray:
    return passage_keys(Words.from_text(text))


def test_fingerprints_shared_long_passage_gives_a_common_key() -> None:
    # Every run of GRAM + WINDOW - 1 words shared outside quotes leaves a common key,
    # wherever it sits in either text.
    assert GRAM + WINDOW - 1 <= 25
    one = _keys("\n".join([STORY[1], STORY[2], BACKGROUND, STORY[3]]))
    other = _keys("\n".join([WRITE_THROUGH[3], BACKGROUND, WRITE_THROUGH[4]]))
    assert np.intersect1d(one, other).size >= 1


def test_fingerprints_different_texts_share_no_key() -> None:
    one = _keys("\n".join(STORY[0:7]))
    other = _keys("\n".join(STORY[7:14]))
    assert one.size and other.size
    assert np.intersect1d(one, other).size == 0


def test_fingerprints_quoted_text_has_no_keys() -> None:
    quoted = "\u201c" + BACKGROUND + "\u201d the mayor said."
    assert _keys(quoted).size == 0
    assert _keys(BACKGROUND).size >= 1


def test_fingerprints_are_stable_sorted_distinct() -> None:
    text = "\n".join(STORY)
    keys = _keys(text)
    assert keys.dtype == np.int64
    assert np.array_equal(keys, np.unique(keys))
    assert np.array_equal(keys, _keys(text))  # persisted: the same text, the same keys
    # Winnowing keeps about 2 / (WINDOW + 1) of the runs: an index, not every n-gram.
    words = len(Words.from_text(text))
    assert keys.size < words / 4

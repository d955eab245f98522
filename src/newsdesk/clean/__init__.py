"""Text cleaning: Unicode normalisation and boilerplate removal."""

from newsdesk.clean.boilerplate import (
    OutletBoilerplate,
    is_promo_line,
    split_boilerplate,
)
from newsdesk.clean.normalize import normalize_text, text_fingerprint

__all__ = [
    "OutletBoilerplate",
    "is_promo_line",
    "normalize_text",
    "split_boilerplate",
    "text_fingerprint",
]

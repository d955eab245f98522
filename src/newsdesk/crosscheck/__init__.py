"""Cross-check: what independent sources corroborate, and where reports disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.crosscheck.run import (
        CrosscheckSummary,
        article_shares,
        by_severity,
        crosscheck_statements,
        crosscheck_store,
        crosscheck_story,
    )

__all__ = ["CrosscheckSummary", "article_shares", "by_severity", "crosscheck_statements",
           "crosscheck_store", "crosscheck_story"]

# The detectors load when a check runs, not when a caller reads findings or a schedule.
__getattr__ = exports(__name__, dict.fromkeys(__all__, "run"))

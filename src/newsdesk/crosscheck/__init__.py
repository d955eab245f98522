"""Cross-check: what independent sources corroborate, and where reports disagree."""

from newsdesk.crosscheck.run import (
    CrosscheckSummary,
    article_shares,
    by_severity,
    crosscheck_statements,
    crosscheck_store,
    crosscheck_story,
)

__all__ = ["CrosscheckSummary", "article_shares", "by_severity", "crosscheck_statements", "crosscheck_store",
           "crosscheck_story"]

"""Stories: group the articles that report the same real-world event, incrementally.

``cluster_store(store)`` assigns the store's new articles to stories and persists them;
``StoryClusterer`` is the in-memory incremental clusterer it uses; ``build_features``
turns articles into the representation the clusterer compares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.stories.cluster import StoryClusterer
    from newsdesk.stories.features import ArticleFeatures, ArticleText, build_features
    from newsdesk.stories.service import ClusterSummary, cluster_store
    from newsdesk.stories.views import story_detail, story_rows

__all__ = [
    "ArticleFeatures",
    "ArticleText",
    "ClusterSummary",
    "StoryClusterer",
    "build_features",
    "cluster_store",
    "story_detail",
    "story_rows",
]

# The clusterer loads scipy's clustering (a quarter of a second): only a run that
# clusters needs it, not the CLI or the API listing stories.
__getattr__ = exports(__name__, {
    "StoryClusterer": "cluster", "ArticleFeatures": "features", "ArticleText": "features",
    "build_features": "features", "ClusterSummary": "service", "cluster_store": "service",
    "story_detail": "views", "story_rows": "views"})

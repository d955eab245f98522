"""Stories: group the articles that report the same real-world event, incrementally.

``cluster_store(store)`` assigns the store's new articles to stories and persists them;
``StoryClusterer`` is the in-memory incremental clusterer it uses; ``build_features``
turns articles into the representation the clusterer compares.
"""

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

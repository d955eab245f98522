"""The story-features stage: MiniLM and e5 vectors, entities, numbers and event day per article.

Building features is the slow, per-article part of story clustering (the embeddings),
so it is a stage an engine can spread over processes or machines; clustering itself
needs every story at once and runs in the calling process.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.models import multilingual
from newsdesk.models.embeddings import DIM, MODEL_NAME
from newsdesk.store import Transaction
from newsdesk.stories.features import ArticleFeatures, ArticleText, build_features
from newsdesk.stories.kinds import (
    BODY_KIND,
    CLEAD_KIND,
    FEATURES_KIND,
    FEATURES_VERSION,
    LEAD_KIND,
    XLEAD_KIND,
)


class StoryFeaturesStage:
    """``process`` builds features from article texts; ``save`` stores them and keeps
    them in ``built`` for the clusterer of this run."""

    name = "story-features"
    version = FEATURES_VERSION

    def __init__(self) -> None:
        self.built: dict[str, ArticleFeatures] = {}

    def __getstate__(self) -> dict[str, object]:
        return {}  # workers need no state; ``built`` lives where save() runs

    def __setstate__(self, state: dict[str, object]) -> None:
        self.built = {}

    def process(self, articles: Sequence[ArticleText]) -> list[ArticleFeatures]:
        return build_features(articles)

    def save(self, tx: Transaction, articles: Sequence[ArticleText],
             results: list[ArticleFeatures]) -> None:
        for f in results:
            tx.put_vector(f.article_id, LEAD_KIND, MODEL_NAME, DIM, f.lead.tobytes())
            tx.put_vector(f.article_id, BODY_KIND, MODEL_NAME, DIM, f.body.tobytes())
            if f.clead is not None:
                tx.put_vector(f.article_id, CLEAD_KIND, MODEL_NAME, DIM, f.clead.tobytes())
            if f.xlead is not None:
                tx.put_vector(f.article_id, XLEAD_KIND, multilingual.MODEL_NAME,
                              multilingual.DIM, f.xlead.tobytes())
            tx.put_annotations(f.article_id, FEATURES_KIND, FEATURES_VERSION, [f.payload()])
            self.built[f.article_id] = f

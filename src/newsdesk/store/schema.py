"""Table definitions (SQLAlchemy Core), portable between SQLite and PostgreSQL.

The tables are created by ``migrations.py``; this module only describes them. Raw
bytes live in ``blobs`` inside the database so that a document and its bytes are
committed in one transaction (a kill -9 can never leave one without the other).
"""

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
)

blobs = sa.Table(
    "blobs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # sha256 of data
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("blob_id", sa.String(64), sa.ForeignKey("blobs.id"), nullable=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("format", sa.String(20)),
    sa.Column("media_type", sa.String(100)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("error_code", sa.String(40)),
    sa.Column("error", sa.Text),
    sa.Column("parent_id", sa.String(64)),
)

rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("document_id", sa.String(64)),
    sa.Column("locator", sa.String(200), nullable=False, default=""),
    sa.Column("code", sa.String(40), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    # Arrival order: ids are hashes, so "first seen" needs its own counter.
    sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("outlet", sa.String(200)),
    sa.Column("published", sa.String(40)),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False, index=True),
    sa.Column("lang", sa.String(16)),
    sa.Column("lang_score", sa.Float),
    sa.Column("removed_lines", sa.JSON, nullable=False),
    sa.Column("metadata", sa.JSON, nullable=False),
    sa.Column("duplicate_of", sa.String(64)),
    sa.Index("ix_articles_outlet", "outlet"),
    sa.Index("ix_articles_published", "published"),
)

# -- per-article annotations: one JSON list per (article, kind), written by a stage
annotations = sa.Table(
    "annotations",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(40), primary_key=True),  # sentences, mentions, quotes, ...
    sa.Column("version", sa.String(40), nullable=False),  # the annotator's version
    sa.Column("payload", sa.JSON, nullable=False),
    # Stages read one kind for many articles ("features of these ids", "every quotes row");
    # the primary key starts with the article, so without this each such read scans. The
    # version rides along: "which articles hold which version of a kind" (what each run
    # asks to find its pending work) is then read from the index alone, not from the
    # table's pages, which carry the payloads (20k store: 0.09 -> 0.03 CPU-s a read).
    sa.Index("ix_annotations_kind_version", "kind", "article_id", "version"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Index("ix_entities_name", "name"),
)

article_entities = sa.Table(
    "article_entities",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("entity_id", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Index("ix_article_entities_entity", "entity_id"),
)

vectors = sa.Table(
    "vectors",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(40), primary_key=True),  # e.g. lead, sentences
    sa.Column("model", sa.String(100), nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),  # float32, row-major
)

copy_links = sa.Table(
    "copy_links",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("copy_of", sa.String(64)),
    sa.Column("copy_group", sa.String(64), nullable=False, index=True),
    sa.Column("origin", sa.String(64), nullable=False),
    sa.Column("method", sa.String(40), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("alignment", sa.JSON, nullable=False),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_seen", sa.String(40)),
    sa.Column("last_seen", sa.String(40)),
    sa.Column("independent_sources", sa.Integer, nullable=False),
    sa.Column("entities", sa.JSON, nullable=False),
    sa.Column("state", sa.JSON, nullable=False),  # clustering state (centroids, counts)
)

story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False, index=True),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("articles", sa.JSON, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("independent_sources", sa.Integer, nullable=False),
)

# -- sentence vectors (migration 130): every text embedded once, by model and text. The key
# is a hash of the model name and the text, so copies, stories and cross-check share one
# vector for one sentence, and a story checked again embeds only its new statements.
sentence_vectors = sa.Table(
    "sentence_vectors",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),  # float32
)

FOUNDATION_TABLES = (schema_migrations, blobs, documents, rejections, articles)
ANALYSIS_TABLES = (
    annotations,
    entities,
    article_entities,
    vectors,
    copy_links,
    stories,
    story_members,
    findings,
)

# -- copies (migration 3): the persisted MinHash-LSH index and the verified copy pairs.
# Band rows hold the article's arrival ``seq`` (an integer) rather than its hex id to
# keep the index small: ~74 rows per article, looked up by ``hash`` only.
copy_sketches = sa.Table(
    "copy_sketches",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
    sa.Column("status", sa.String(20), nullable=False),  # indexed | skipped | duplicate
    sa.Column("reason", sa.Text),  # why a skipped text was not compared
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("shingle_sig", sa.LargeBinary),  # uint32 MinHash of word 5-shingles
    sa.Column("word_sig", sa.LargeBinary),  # uint32 MinHash of content-word stems
    # the text's language class (copies/translate.language_class; migration 290): the
    # search for translations indexes the recent reports by it without reading their texts
    sa.Column("language", sa.String(16)),
)

copy_bands = sa.Table(
    "copy_bands",
    metadata,
    sa.Column("hash", sa.BigInteger, primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
)

copy_pairs = sa.Table(
    "copy_pairs",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("other_id", sa.String(64), primary_key=True),
    sa.Column("method", sa.String(40), nullable=False),  # exact | near_duplicate | rewrite | same_page ...
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Index("ix_copy_pairs_other", "other_id"),
)

COPY_TABLES = (copy_sketches, copy_bands, copy_pairs)


# -- revisions (migration 40): every text an article's URL has carried, oldest first.
# The articles row holds the current (latest) one; this table keeps them all, so a
# correction or a stealth edit can be shown. Written only once a URL's text changes.
article_versions = sa.Table(
    "article_versions",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),  # 1 = first text seen
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("recorded_at", sa.String(40), nullable=False),  # UTC, when this ingest saw it
)

# Outlets whose articles changed since the outlet-boilerplate pass last ran over them.
# Marked in the transaction that inserts an article and cleared in the one that cleans
# the outlet, so an ingest killed between the two leaves the work recorded, and the
# next ingest finishes it (the pass is idempotent).
outlets_to_clean = sa.Table(
    "outlets_to_clean",
    metadata,
    sa.Column("outlet", sa.String(300), primary_key=True),
)

# What each story's cross-check last read (a hash of its members and their annotation
# versions), written after its findings. The next analyze re-checks a story whose
# hash differs, so a kill between the stories stage and the cross-check cannot leave
# findings of an older membership in place.
story_checks = sa.Table(
    "story_checks",
    metadata,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("signature", sa.String(64), nullable=False),
)

# Stories whose cross-check may be out of date (migration 280). Whatever changes what a
# story's check reads adds the story here in the same transaction: the story written or
# removed, a member annotated again or revised, its storyline rewritten. The next
# analyze weighs these stories and the other stories of their storylines against their
# story_checks records (crosscheck/schedule.py) instead of every story in the store,
# and clears them once their checks are written; a run killed before that leaves them
# for the next one.
check_pending = sa.Table(
    "check_pending",
    metadata,
    sa.Column("story_id", sa.String(64), primary_key=True),
)

# What each story's last cross-check judged of its statement pairs (migration 260,
# crosscheck/pair_memo.py): a grown story's next check reads the verdicts of the pairs
# it had already compared and runs the detectors only on pairs with a new statement.
story_pair_memos = sa.Table(
    "story_pair_memos",
    metadata,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# -- storylines (migration 20): stories (events) linked over time into a developing story.
storylines = sa.Table(
    "storylines",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_seen", sa.String(40)),
    sa.Column("last_seen", sa.String(40)),
    sa.Column("entities", sa.JSON, nullable=False),
    sa.Column("stories", sa.JSON, nullable=False),  # story ids in time order
)

storyline_members = sa.Table(
    "storyline_members",
    metadata,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("storyline_id", sa.String(64), nullable=False, index=True),
)

STORYLINE_TABLES = (storylines, storyline_members)

# -- storyline profiles (migration 250): what linking reads of each story (entity shares,
# mean lead vectors, days), kept so a run rebuilds only the profiles of stories whose
# sampled reports changed instead of reading every report's features (storylines/profile.py).
storyline_profiles = sa.Table(
    "storyline_profiles",
    metadata,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),  # sampled reports + feature versions
    sa.Column("payload", sa.JSON, nullable=False),  # shares, english, days, size
    sa.Column("lead", sa.LargeBinary),  # float32 mean MiniLM lead (None: no features)
    sa.Column("xlead", sa.LargeBinary),  # float32 mean e5 lead, once every report has one
)

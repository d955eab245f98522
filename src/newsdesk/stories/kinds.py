"""What the stories stage stores per article, and the version of its features.

Kept apart from the features' code so that a run asking only whether every stored
feature is current (analyze with nothing new) loads no text or model machinery.
"""

LEAD_KIND, BODY_KIND, FEATURES_KIND = "story_lead", "story_body", "story_features"
XLEAD_KIND = "story_xlead"  # the multilingual (e5) lead vector
CLEAD_KIND = "story_clead"  # the MiniLM vector of the lead without page clutter

# Bump when what the features hold changes: stored features of another version are
# recomputed (service.py) and benchmark caches are ignored.
FEATURES_VERSION = "10"  # 7: MiniLM computed in int8; 8: what the opening recalls; 9: a day;
# 10: a possessive weekday before the lead's own day ("Tuesday's explosion")

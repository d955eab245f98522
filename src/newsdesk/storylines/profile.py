"""What linking reads of a story, kept in the store so a run reads only what changed.

Linking compares stories by their profiles: the share of the story's (sampled) reports
that name each entity, whether all of them are English, the mean MiniLM vector of their
clean leads, the mean e5 vector once every report has one, and the days their leads
give. A profile is a function of the story's sampled reports and their feature
versions (its ``digest``): the stored one is reused while the digest stands, so a run
reads the features of new and grown stories only, not of every report in the store
(the rebuild read every report's features each run: 4.0 CPU-s on a 4.9k store for 100
new articles, issue #16).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.records import Story
from newsdesk.stories.features import ArticleFeatures
from newsdesk.stories.kinds import FEATURES_VERSION

# Bump when what a profile holds, or how it is computed, changes: every stored profile
# is then rebuilt once.
PROFILE_VERSION = "2"
# Reports read per story (its latest): bounds the work for very large stories.
SAMPLE = 24
# Entity labels that say where an event happened.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class StoryProfile:
    story_id: str
    digest: str
    shares: dict[str, float]  # entity key -> share of the sampled reports naming it
    english: bool  # every sampled report is English (or the story has none)
    days: list[int]  # the distinct days the sampled reports' leads give, sorted
    size: int  # sampled reports with features (0: the story is never linked)
    lead: np.ndarray | None  # float32 mean of the MiniLM clean leads
    xlead: np.ndarray | None  # float32 mean of the e5 leads, once every report has one
    places: list[str] = field(default_factory=list)  # keys of shares labelled as places

    def row(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "digest": self.digest,
                "payload": {"shares": self.shares, "english": self.english,
                            "days": self.days, "size": self.size,
                            "places": self.places},
                "lead": None if self.lead is None else self.lead.astype(np.float32).tobytes(),
                "xlead": None if self.xlead is None else self.xlead.astype(np.float32).tobytes()}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoryProfile:
        p = row["payload"]

        def vec(data: bytes | None) -> np.ndarray | None:
            return None if data is None else np.frombuffer(bytes(data), dtype=np.float32)

        # Names interned: thousands of stored profiles name the same few thousand.
        return cls(row["story_id"], row["digest"], {sys.intern(str(k)): float(v) for k, v in
                                                      p["shares"].items()},
                   bool(p["english"]), [int(d) for d in p["days"]], int(p["size"]),
                   vec(row["lead"]), vec(row["xlead"]),
                   [sys.intern(str(k)) for k in p.get("places", [])])


def sampled(story: Story, versions: Mapping[str, str]) -> list[str]:
    """The reports a story is profiled by: its latest SAMPLE members with features of
    the current version."""
    return [m for m in story.members[-SAMPLE:] if versions.get(m) == FEATURES_VERSION]


def digest(story_id: str, members: Sequence[str]) -> str:
    text = json.dumps([PROFILE_VERSION, FEATURES_VERSION, story_id, list(members)])
    return hashlib.sha256(text.encode()).hexdigest()


def profile_of(story_id: str, key: str, group: Sequence[ArticleFeatures]) -> StoryProfile:
    """The profile of a story from the features of its sampled reports (in order)."""
    if not group:
        return StoryProfile(story_id, key, {}, True, [], 0, None, None)
    counts = Counter(k for f in group for k in f.entities)
    shares = {k: c / len(group) for k, c in counts.items()}
    lead = np.mean([f.clead if f.clead is not None else f.lead for f in group], axis=0)
    xleads = [f.xlead for f in group if f.xlead is not None]
    xlead = np.mean(xleads, axis=0) if len(xleads) == len(group) else None
    days = sorted({f.day for f in group if f.day is not None})
    places = sorted({k for f in group for k, (_n, _text, kind) in f.entities.items()
                     if kind in PLACE_LABELS})
    return StoryProfile(story_id, key, shares, all(f.english for f in group), days,
                        len(group), np.asarray(lead, dtype=np.float32),
                        None if xlead is None else np.asarray(xlead, dtype=np.float32),
                        places)


# Sets the e5 mean on the profiles given (stories compared across languages).
XleadFill = Callable[[list["StoryProfile"]], None]

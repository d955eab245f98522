"""Linking after each arrival equals linking from scratch, and reads only what changed.

``link_store`` keeps each story's profile (storylines/profile.py) and rebuilds it only
when the story's sampled reports changed; it writes only the storylines that differ.
These tests build stores story by story in several arrival orders (the clustered demo,
and generated stores of fictional stories) and compare with a full rebuild from every
report's features (``build_storylines``).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsdesk.records import Article, Story, Storyline, content_id
from newsdesk.store import Store, open_store
from newsdesk.stories.kinds import (
    BODY_KIND,
    CLEAD_KIND,
    FEATURES_KIND,
    FEATURES_VERSION,
    LEAD_KIND,
    XLEAD_KIND,
)
from newsdesk.stories.service import load_features
from newsdesk.storylines import build_storylines, link_store

DIM = 16


def _rebuilt(store: Store) -> list[Storyline]:
    """The storylines a full rebuild gives: every report's features read afresh."""
    stories = store.stories()
    feats = load_features(store, [m for s in stories for m in s.members])
    return build_storylines(stories, feats)


def _as_set(lines: list[Storyline]) -> set[tuple[str, str, tuple[str, ...], str | None]]:
    return {(x.id, x.title, tuple(x.stories), x.last_seen) for x in lines}


def _copy_store(url: str, tmp_path: Path) -> str:
    with open_store(url) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dst = tmp_path / "copy.db"
    shutil.copy(Path(url.removeprefix("sqlite:///")), dst)
    return f"sqlite:///{dst}"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_incremental_demo_equals_rebuild_in_any_arrival_order(clustered_demo, tmp_path, seed):
    url = _copy_store(clustered_demo, tmp_path)
    with open_store(url) as store:
        every = store.stories()
        with store.transaction() as tx:
            for s in every:
                tx.delete_story(s.id)
        order = list(every)
        random.Random(seed).shuffle(order)
        # A story first arrives with part of its reports, and grows later.
        grown = max(order, key=lambda s: len(s.members))
        order.remove(grown)
        order.insert(seed, grown)  # in the first batch, so it grows in the second
        early = Story(grown.id, grown.title, grown.members[:1], 1, grown.first_seen,
                      grown.first_seen, grown.entities)
        half = len(order) // 2
        for batch in (order[:half], order[half:]):
            with store.transaction() as tx:
                for s in batch:
                    tx.put_story(early if s is grown else s)
            link_store(store)
            assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        assert len(grown.members) > 1
        with store.transaction() as tx:
            tx.put_story(grown)
        summary = link_store(store)
        assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        assert summary.profiled == 1  # only the grown story is read again
        # Nothing changed: nothing is profiled or written again.
        again = link_store(store)
        assert (again.profiled, again.rewritten) == (0, 0)
        assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        listed = sorted(sid for line in store.storylines() for sid in line.stories)
        assert listed == sorted(s.id for s in every)


def _unit(rng: np.random.Generator, base: np.ndarray, noise: float) -> np.ndarray:
    v = base + noise * rng.normal(size=DIM)
    return np.asarray(v / np.linalg.norm(v), dtype=np.float32)


def _generated(rng: np.random.Generator, topics: int = 6, spread: int = 120
               ) -> list[tuple[Story, list[Article], list[dict], list[np.ndarray]]]:
    """Fictional developing stories: each topic a few events days apart, sharing the
    topic's names and a direction of its vectors; some reports undated, some in German."""
    out = []
    for t in range(topics):
        base = rng.normal(size=DIM)
        names = [f"t{t}-name{i}" for i in range(4)]
        start = int(rng.integers(0, spread))
        for e in range(int(rng.integers(1, 5))):
            day = start + 4 * e + int(rng.integers(0, 3))
            event_base = base + 0.8 * rng.normal(size=DIM)
            arts, payloads, vectors = [], [], []
            for r in range(int(rng.integers(1, 4))):
                text = f"Fictional report {t}.{e}.{r} of the Kessland harbour."
                url = f"https://example.org/{t}/{e}/{r}"
                aid = content_id(url, text)
                arts.append(Article(id=aid, document_id="d", source=url, text=text,
                                    text_hash=content_id(text), url=url,
                                    outlet=f"outlet{r}.example",
                                    published=f"2024-01-{1 + min(day, 27):02d}T00:00:00Z",
                                    title=f"Report {t}.{e}.{r}"))
                shown = [n for n in names if rng.random() < 0.7] + [f"other{rng.integers(50)}"]
                lang = "de" if rng.random() < 0.15 else "en"
                payloads.append({"entities": {} if lang == "de" else
                                 {n: [1, n, "ORG"] for n in shown},
                                 "numbers": [], "title": "", "words": {}, "lang": lang,
                                 "day": None if rng.random() < 0.2 else day})
                vectors.append(_unit(rng, event_base, 0.6))
            sid = content_id("story", arts[0].id)
            story = Story(sid, f"Event {t}.{e}", [a.id for a in arts], len(arts),
                          arts[0].published, arts[-1].published)
            out.append((story, arts, payloads, vectors))
    return out


def _put(store: Store, item: tuple[Story, list[Article], list[dict], list[np.ndarray]]) -> None:
    story, arts, payloads, vectors = item
    with store.transaction() as tx:
        for a, p, v in zip(arts, payloads, vectors, strict=True):
            tx.put_article(a)
            tx.put_annotations(a.id, FEATURES_KIND, FEATURES_VERSION, [p])
            for kind in (LEAD_KIND, BODY_KIND, CLEAD_KIND, XLEAD_KIND):
                tx.put_vector(a.id, kind, "test", DIM, v.tobytes())
        tx.put_story(story)


@pytest.mark.parametrize("seed", [3, 4, 5, 6])
def test_incremental_generated_stores_equal_rebuild(tmp_path, seed):
    rng = np.random.default_rng(seed)
    items = _generated(rng)
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    with open_store(f"sqlite:///{tmp_path / 'gen.db'}") as store:
        for n, i in enumerate(order):
            _put(store, items[i])
            if n % 3 == 2:
                summary = link_store(store)
                assert summary.profiled <= 3  # the stories that arrived since the last run
                assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        link_store(store)
        want = _as_set(_rebuilt(store))
        assert _as_set(store.storylines()) == want
        # A story merged away: its profile and storyline place go, the rest stands.
        gone = items[order[0]][0]
        with store.transaction() as tx:
            tx.delete_story(gone.id)
        summary = link_store(store)
        assert summary.profiled == 0
        assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        assert gone.id not in store.storyline_of()
        assert gone.id not in store.storyline_profiles()
        # Several storylines of more than one story: the generated topics link.
        assert any(len(x.stories) > 1 for x in store.storylines())


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_incremental_link_of_what_changed_equals_rebuild(tmp_path, seed, monkeypatch):
    """A store of many storylines over a long time, a story or two arriving per run: the
    run links again only the part of the store the new stories connect to
    (link._closure), days a year apart included (a day no other story comes near says
    nothing, so an arrival changes what is kept), and gives a full rebuild's storylines."""
    from newsdesk.storylines import link

    parts = []
    real = link._closure
    monkeypatch.setattr(link, "_closure", lambda chosen, *a: parts.append(
        (len(chosen), len((out := real(chosen, *a))[0]))) or out)
    rng = np.random.default_rng(seed)
    items = _generated(rng, topics=14, spread=500)
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    with open_store(f"sqlite:///{tmp_path / 'gen.db'}") as store:
        for n, i in enumerate(order):
            _put(store, items[i])
            if n % 2 == 1 or n == len(order) - 1:
                link_store(store)
                assert _as_set(store.storylines()) == _as_set(_rebuilt(store)), n
        # Linked in part on most runs, and the part a small share of the store.
        assert len(parts) >= len(order) // 4
        assert any(part < whole / 2 for whole, part in parts)


def test_profile_rebuilt_when_a_report_gets_features_of_another_version(tmp_path):
    rng = np.random.default_rng(9)
    items = _generated(rng, topics=2)
    with open_store(f"sqlite:///{tmp_path / 'gen.db'}") as store:
        for item in items:
            _put(store, item)
        assert link_store(store).profiled == len(items)
        _story, arts, payloads, _vectors = items[0]
        with store.transaction() as tx:
            tx.put_annotations(arts[0].id, FEATURES_KIND, "old", [payloads[0]])
        assert link_store(store).profiled == 1
        assert _as_set(store.storylines()) == _as_set(_rebuilt(store))


def _story_item(key: str, day: int, names: list[str], vector: np.ndarray
                ) -> tuple[Story, list[Article], list[dict], list[np.ndarray]]:
    text = f"Fictional report {key} of the Kessland harbour."
    url = f"https://example.org/{key}"
    art = Article(id=content_id(url, text), document_id="d", source=url, text=text,
                  text_hash=content_id(text), url=url, outlet="outlet.example",
                  published="2024-01-01T00:00:00Z", title=f"Report {key}")
    payload = {"entities": {n: [1, n, "ORG"] for n in names}, "numbers": [], "title": "",
               "words": {}, "lang": "en", "day": day}
    story = Story(content_id("story", art.id), f"Event {key}", [art.id], 1, art.published,
                  art.published)
    return story, [art], [payload], [vector]


def test_incremental_link_when_an_arrival_ends_a_days_isolation(tmp_path):
    """A story whose only day no other story comes near is not judged by time, so it
    links with a like story months away; a story of another subject arriving near that
    day makes the day count, and the two like stories, neither of them changed, part."""
    rng = np.random.default_rng(11)
    topic, other = _unit(rng, rng.normal(size=DIM), 0.0), _unit(rng, rng.normal(size=DIM), 0.0)
    names = ["Kessland Port Authority", "Orlani Shipping"]
    with open_store(f"sqlite:///{tmp_path / 'iso.db'}") as store:
        _put(store, _story_item("early", 0, names, topic))
        _put(store, _story_item("late", 200, names, topic))
        _put(store, _story_item("late2", 201, ["Someone Else"], other))
        link_store(store)
        assert any(len(x.stories) == 2 for x in store.storylines())  # early + late
        _put(store, _story_item("near", 50, ["Unrelated Body"], other))
        link_store(store)
        assert _as_set(store.storylines()) == _as_set(_rebuilt(store))
        assert all(len(x.stories) == 1 for x in store.storylines())

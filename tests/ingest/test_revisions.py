"""The same URL ingested again with changed text: every version kept, the latest
current, a word diff shown, and the analyses redone for the current text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsdesk.analyze import analyze
from newsdesk.api import create_app
from newsdesk.cli import cli
from newsdesk.config import Settings
from newsdesk.ingest import ingest
from newsdesk.ingest.revisions import changed_words, render, shorten, word_diff
from newsdesk.store import Store

URL = "https://www.harbourpost.example/news/2025/03/04/sallow-floods"
# Fictional report; the correction changes the toll and drops one sentence (a stealth edit).
FIRST = ("Floods in the Sallow valley killed 14 people on Monday, the regional governor "
         "Marta Ilves said.\nRescue teams from Kellin reached the villages of Dunmere and "
         "Oske by boat on Tuesday morning.\nThe governor said the dam at Oske had held.\n"
         "Officials expect the river to fall by Thursday.")
SECOND = FIRST.replace("killed 14 people", "killed 16 people").replace(
    "\nThe governor said the dam at Oske had held.", "")


def test_revisions_word_diff() -> None:
    parts = word_diff("one two three four", "one two 3 four five")
    assert render(parts) == "one two [-three-] {+3+} four {+five+}"
    assert changed_words(parts) == (1, 2)
    long = " ".join(f"w{i}" for i in range(100))
    short = shorten(word_diff(long, long.replace("w50", "x50")))
    assert "…" in render(short) and "[-w50-] {+x50+}" in render(short)


def test_revisions_reingest_keeps_versions_and_redoes_analyses(tmp_path: Path, store: Store,
                                                               settings: Settings) -> None:
    ingest([str(_path(tmp_path, "v1.json", FIRST))], store, settings)
    (article,) = list(store.iter_articles())
    analyze(store, settings)
    first_sentences = store.get_annotations(article.id, "sentences")
    assert first_sentences and "14" in json.dumps(first_sentences)
    assert store.story_of([article.id])

    report = ingest([str(_path(tmp_path, "v2.json", SECOND))], store, settings)
    assert report.revised == 1 and report.new == 0 and report.revised_ids == [article.id]
    (current,) = list(store.iter_articles())  # one article, its id kept
    assert current.id == article.id and "16 people" in current.text
    assert "dam at Oske" not in current.text and current.metadata["version"] == 2
    versions = store.article_versions(article.id)
    assert [v.version for v in versions] == [1, 2]
    assert "14 people" in versions[0].text and versions[1].text == current.text
    # The old text's analyses are gone until analyze runs again, then are for the new text.
    assert store.get_annotations(article.id, "sentences") is None
    assert not store.story_of([article.id])
    analyze(store, settings)
    redone = json.dumps(store.get_annotations(article.id, "sentences"))
    assert "16" in redone and "dam at Oske" not in redone
    assert store.story_of([article.id])

    # Ingesting either version again changes nothing.
    again = ingest([str(tmp_path / "v1.json"), str(tmp_path / "v2.json")], store, settings)
    assert again.revised == 0 and again.new == 0 and again.already_stored == 2
    assert len(store.article_versions(article.id)) == 2

    # `newsdesk show` and the API show the versions and the word diff.
    shown = CliRunner().invoke(cli, ["show", article.id[:12], "--db", settings.db])
    assert shown.exit_code == 0, shown.output
    assert "versions (2" in shown.output and "[-14-] {+16+}" in shown.output
    assert "[-The governor said the dam at Oske had held.-]" in shown.output
    with TestClient(create_app(settings)) as client:
        body = client.get(f"/api/articles/{article.id}").json()
        page = client.get(f"/articles/{article.id}").text
    assert [v["version"] for v in body["versions"]] == [1, 2]
    assert {"op": "insert", "text": "16"} in body["diff"]
    assert "<ins>16</ins>" in page and "<del>14</del>" in page


def _path(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"url": URL, "title": "Sallow floods", "published": "2025-03-04",
                                "outlet": "Harbour Post", "text": text}), "utf-8")
    return path

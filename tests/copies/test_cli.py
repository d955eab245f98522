from __future__ import annotations

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.config import Settings
from newsdesk.copies.text import split_sentences
from newsdesk.ingest import ingest
from newsdesk.store import Store


def test_cli_copies_detect_and_show_lineage(seeds_dir, store: Store, settings: Settings,
                                            tmp_path) -> None:
    dw_text = next(seeds_dir.glob("004_*.txt")).read_text("utf-8")
    copy = "\n".join(split_sentences(dw_text)).replace("Tuesday", "Tuesday afternoon")
    (tmp_path / "copy.txt").write_text(copy, "utf-8")
    ingest([str(seeds_dir), str(tmp_path / "copy.txt")], store, settings)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", settings.db, "copies", "--detect"], obj={})
    assert result.exit_code == 0, result.output
    assert "checked 3 new articles" in result.output and "1 near_duplicate" in result.output
    copy_id = next(i for i, link in store.copy_links().items() if link.copy_of)
    shown = runner.invoke(cli, ["--db", settings.db, "copies", copy_id[:10]], obj={})
    assert shown.exit_code == 0, shown.output
    assert "diff against origin" in shown.output and "afternoon" in shown.output
    # the shared passages and the changed sentences, copy and origin side by side
    assert "shared passages" in shown.output and "changed sentences" in shown.output


def test_cli_copies_article_page_shows_the_copy_against_its_origin(
        seeds_dir, store: Store, settings: Settings, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.api.app import create_app

    dw_text = next(seeds_dir.glob("004_*.txt")).read_text("utf-8")
    copy = "\n".join(split_sentences(dw_text)[:-2]).replace("Tuesday", "Tuesday afternoon")
    copy += "\nFollow our channel for the latest updates on this developing story every day."
    (tmp_path / "copy.txt").write_text(copy, "utf-8")
    ingest([str(seeds_dir), str(tmp_path / "copy.txt")], store, settings)
    CliRunner().invoke(cli, ["--db", settings.db, "copies", "--detect"], obj={})
    copy_id = next(i for i, link in store.copy_links().items() if link.copy_of)
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/articles/{copy_id}").text
    section = page[page.index('id="copy-diff"'):]
    assert "Shared passages" in section and section.count('class="side"') >= 4
    assert "Added by the copy" in section and "Follow our channel" in section
    assert "Cut from the origin" in section


def test_cli_copies_needs_an_id_or_detect(settings: Settings) -> None:
    result = CliRunner().invoke(cli, ["--db", settings.db, "copies"], obj={})
    assert result.exit_code == 2 and "--detect" in result.output

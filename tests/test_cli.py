"""The command line with click's CliRunner: exit codes, summaries, the store option,
export formats, and help text with an example for every command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import newsdesk.cli as cli_module
from newsdesk.cli import cli
from newsdesk.store import open_store

SEED_000 = "000_2ab41c780635670f.txt"
SEED_004 = "004_646be30243472fb4.txt"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in ("NEWSDESK_DB", "NEWSDESK_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSDESK_FETCH_FEED_LINKS", "0")  # tests stay offline
    # rich wraps at 80 columns off a terminal; wide consoles keep lines whole for asserts.
    for console in (cli_module.console, cli_module.err_console):
        monkeypatch.setattr(console, "width", 400)
    return CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _ingest(runner: CliRunner, db: str, *args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["--db", db, "ingest", "-q", *args], input=stdin, obj={})


def test_cli_ingest_seeds_exit_0_then_nothing_new(runner: CliRunner, db: str,
                                                  seeds_dir: Path) -> None:
    result = _ingest(runner, db, str(seeds_dir))
    assert result.exit_code == 0, result.output
    assert "read 2 inputs: 2 new articles" in result.output
    again = _ingest(runner, db, str(seeds_dir))
    assert again.exit_code == 0
    assert "0 new articles" in again.output and "2 already stored" in again.output


def test_cli_ingest_rejections_exit_3_with_reasons(runner: CliRunner, db: str, seeds_dir: Path,
                                                   tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "https://dw.com/a", "text": "A short story text."}\n{oops\n', "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _ingest(runner, db, str(seeds_dir / SEED_004), str(bad), str(tmp_path / "empty.txt"),
                     str(tmp_path / "missing.txt"))
    assert result.exit_code == 3, result.output
    assert "4 inputs: 2 new articles" in result.output
    assert "3 rejected" in result.output
    for line in ("rejected empty: 1", "rejected malformed_json: 1", "rejected not_found: 1"):
        assert line in result.output
    assert "bad.jsonl [line 2]: line 2: Expecting property name" in result.output


def test_cli_ingest_stdin(runner: CliRunner, db: str, seeds_dir: Path) -> None:
    result = _ingest(runner, db, "-", "--outlet", "rferl.org",
                     stdin=(seeds_dir / SEED_000).read_bytes())
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        (article,) = store.iter_articles()
    assert (article.source, article.outlet) == ("-", "rferl.org")


@pytest.mark.parametrize("args", [[], ["--format", "pdf", "x.txt"], ["--nope", "x.txt"]])
def test_cli_ingest_usage_errors_exit_2(runner: CliRunner, db: str, args: list[str]) -> None:
    result = _ingest(runner, db, *args)
    assert result.exit_code == 2, result.output


def test_cli_store_error_exit_4(runner: CliRunner, seeds_dir: Path) -> None:
    result = runner.invoke(cli, ["--db", "mysql://u@localhost/news", "ingest", "-q",
                                 str(seeds_dir)], obj={})
    assert result.exit_code == 4 and "cannot open store" in result.output


def test_cli_store_option_env_default(runner: CliRunner, seeds_dir: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seed = str(seeds_dir / SEED_004)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["ingest", "-q", seed], obj={}).exit_code == 0
    assert (tmp_path / "newsdesk.db").exists()  # the default store
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    assert runner.invoke(cli, ["ingest", "-q", seed], obj={}).exit_code == 0
    assert (tmp_path / "env.db").exists()
    result = runner.invoke(cli, ["--db", str(tmp_path / "flag.db"), "ingest", "-q", seed], obj={})
    assert result.exit_code == 0 and (tmp_path / "flag.db").exists()
    for name in ("newsdesk.db", "env.db", "flag.db"):
        with open_store(str(tmp_path / name)) as store:
            assert store.count_articles() == 1


def test_cli_articles_and_show(runner: CliRunner, db: str, seeds_dir: Path) -> None:
    _ingest(runner, db, str(seeds_dir))
    listed = runner.invoke(cli, ["--db", db, "articles"], obj={})
    assert listed.exit_code == 0 and "2 articles in" in listed.output
    with open_store(db) as store:
        spun = next(a for a in store.iter_articles() if a.source.endswith(SEED_000))
    assert spun.id[:10] in listed.output
    shown = runner.invoke(cli, ["--db", db, "show", spun.id[:10]], obj={})
    assert shown.exit_code == 0, shown.output
    text_part, removed_part = shown.output.split("removed lines", 1)
    assert "Blinken also accused Moscow" in text_part and "Live briefing" not in text_part
    assert "- Live briefing: Russian invasion of Ukraine" in removed_part
    missing = runner.invoke(cli, ["--db", db, "show", "ffffffffffff"], obj={})
    assert missing.exit_code == 4 and "no article" in missing.output


def test_cli_export_jsonl_and_csv(runner: CliRunner, db: str, seeds_dir: Path,
                                  tmp_path: Path) -> None:
    _ingest(runner, db, str(seeds_dir))
    jsonl = runner.invoke(cli, ["--db", db, "export", "articles"], obj={})
    assert jsonl.exit_code == 0
    rows = [json.loads(line) for line in jsonl.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 2
    out = tmp_path / "articles.csv"
    result = runner.invoke(cli, ["--db", db, "export", "articles", "--format", "csv", "-o",
                                 str(out)], obj={})
    assert result.exit_code == 0 and "wrote 2 articles" in result.output
    table = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert set(table[0]) >= {"id", "url", "outlet", "published", "title", "text",
                             "removed_lines", "copy_of", "story"}
    by_id = {r["id"]: r for r in table}
    for row in rows:
        assert by_id[row["id"]]["text"] == row["text"]
        assert json.loads(by_id[row["id"]]["removed_lines"]) == row["removed_lines"]
    bad = runner.invoke(cli, ["--db", db, "export", "articles", "--format", "xml"], obj={})
    assert bad.exit_code == 2


def test_cli_export_rejections(runner: CliRunner, db: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    _ingest(runner, db, str(tmp_path / "empty.txt"))
    result = runner.invoke(cli, ["--db", db, "export", "rejections"], obj={})
    (row,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert row["code"] == "empty" and row["source"].endswith("empty.txt")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_cli_every_command_has_help_with_example(runner: CliRunner) -> None:
    commands = _commands(cli)
    assert {"ingest", "articles", "show", "export"} <= {name for name, _ in commands}
    for name, _command in [("", cli), *commands]:
        result = runner.invoke(cli, [*name.split(), "--help"], obj={})
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`newsdesk {name} --help` has no example"
        example = result.output.split("Example", 1)[1].split("Options:", 1)[0]
        assert "newsdesk" in example, name
        assert not name or name.split()[-1] in example.split(), name


def test_cli_listings_only_read_and_speak_json_and_csv(runner: CliRunner, db: str,
                                                      seeds_dir: Path) -> None:
    import csv
    import io
    import json

    from newsdesk.records import Story

    _ingest(runner, db, str(seeds_dir))
    with open_store(db) as store:
        ids = [a.id for a in store.iter_articles()]
        with store.transaction() as tx:
            tx.put_story(Story(id="s1", title=("A story whose title is long enough to need "
                                               "cutting in a narrow table of stories ") * 3,
                               members=ids, independent_sources=2))
    before = open_store(db)
    try:
        stored = [(s.id, s.members) for s in before.stories()]
    finally:
        before.close()
    table = runner.invoke(cli, ["--db", db, "stories"], obj={})
    assert table.exit_code == 0 and table.output.lstrip().startswith("\u250f")  # the table first
    # a title cut for the table ends with a whole word
    title = "A story whose title is long enough to need cutting in a narrow table of stories"
    words = set(title.split(" "))
    cut = [line.split("\u2026")[0].split()[-1] for line in table.output.splitlines()
           if "\u2026" in line]
    assert cut and all(word in words for word in cut)
    rows = json.loads(runner.invoke(cli, ["--db", db, "stories", "--format", "json"],
                                    obj={}).output)
    assert rows[0]["id"] == "s1" and rows[0]["articles"] == 2 and "…" not in rows[0]["title"]
    arts = list(csv.DictReader(io.StringIO(runner.invoke(
        cli, ["--db", db, "articles", "--format", "csv"], obj={}).output)))
    assert {r["id"] for r in arts} == set(ids)
    # the untitled seed is listed under its first words, whole
    untitled = [r for r in arts if r["headline"] == "False"]
    assert untitled and untitled[0]["title"].startswith("The United States and key")
    with open_store(db) as store:  # nothing was clustered or changed by listing
        assert [(s.id, s.members) for s in store.stories()] == stored


def test_cli_global_option_after_the_command(runner: CliRunner, tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "after.db")
    done = runner.invoke(cli, ["ingest", str(seeds_dir), "--db", db])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(cli, ["articles", f"--db={db}"])
    assert listed.exit_code == 0 and "2 articles" in listed.output
    before = runner.invoke(cli, ["--db", db, "articles"])
    assert "2 articles" in before.output
    with open_store(f"sqlite:///{db}") as store:
        assert store.count_articles() == 2


def test_cli_crosscheck_names_the_outlet_of_a_report_from_another_story(
        runner: CliRunner, db: str, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.crosscheck as crosscheck_module
    from newsdesk.records import Evidence, Finding, Story
    from newsdesk.store import open_store

    _ingest(runner, db, str(seeds_dir))
    with open_store(db) as store:
        first, second = list(store.iter_articles())[:2]
        with store.transaction() as tx:
            tx.put_story(Story(id="s1", title="One event", members=[first.id], independent_sources=1))
    # a standing fact's finding cites a report of the storyline's other event (not a member)
    finding = Finding(id="f1", story_id="s1", kind="corroborated", type="quantity",
                      articles=[first.id, second.id],
                      evidence=[Evidence(first.id, "The ferry is 120 metres long.", 0),
                                Evidence(second.id, "Die Fähre ist 120 Meter lang.", 0)],
                      summary="length (Ferry): 120 metres, also given by other sources",
                      confidence=0.8, independent_sources=2)
    monkeypatch.setattr(crosscheck_module, "crosscheck_story", lambda *a: [finding])
    result = runner.invoke(cli, ["--db", db, "crosscheck", "s1"], obj={})
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert f"{second.outlet or second.id[:10]}: \u201cDie Fähre ist 120 Meter lang.\u201d" in lines

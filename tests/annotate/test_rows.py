"""The command line and export rows over an annotated store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli


def test_rows_cli_annotate_show_export(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "ingest", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--db", db, "annotate", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output

    result = runner.invoke(cli, ["--db", db, "export", "quotes", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    patel = [r for r in rows if "incredibly concerned" in r["text"]]
    assert patel and patel[0]["speaker"] == "Vedant Patel"
    assert {"article", "speaker", "cue", "text", "sentence"} <= set(patel[0])
    assert "Vedant Patel said" in patel[0]["sentence"]

    for table in ("claims", "events", "entities"):
        result = runner.invoke(cli, ["--db", db, "export", table, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        assert result.stdout.count("\n") > 5, table

    article = rows[0]["article"]
    result = runner.invoke(cli, ["--db", db, "show", article[:10]])
    assert result.exit_code == 0, result.output
    for section in ("entities", "quotes", "claims", "events", "dates"):
        assert section in result.output
    assert "Antony Blinken" in result.output


def test_rows_show_spells_the_speaker_as_the_report_does(analysed_seeds: str) -> None:
    from pathlib import Path

    from newsdesk.annotate.rows import describe
    from newsdesk.store import open_store

    with open_store(analysed_seeds) as store:
        dw = next(a for a in store.iter_articles() if Path(a.source).name.startswith("004"))
        sections = dict(describe(store, dw.id))
    assert any(line.startswith("Nasser Kanaani (") and "Nasser Kanani" in line
               for line in sections["entities"])
    rejected = [line for line in sections["quotes"] if "(rejected" in line]
    assert rejected and all("Nasser Kanaani (rejected" in line for line in rejected)


def test_rows_export_speaker_is_the_description_of_an_unnamed_one(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    text = ("The harbour bridge closed on Tuesday night after a barge struck a pier.\n"
            "\u201cHold all traffic on the north side now,\u201d an emergency dispatcher told two officers.\n"
            "Harbour Commissioner Tomas Reyl said the bridge would stay closed for a week.")
    source.write_text(json.dumps({"url": "https://example.org/bridge", "title": "Bridge closed",
                                  "published": "2024-05-02", "text": text}) + "\n", encoding="utf-8")
    db = str(tmp_path / "rows.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", str(source)]).exit_code == 0
    assert runner.invoke(cli, ["--db", db, "annotate", "--quiet"]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, "export", "quotes", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    hold = [r for r in rows if "Hold all traffic" in r["text"]]
    assert hold and hold[0]["speaker"] == "an emergency dispatcher"
    assert hold[0]["speaker_entity"] is None and hold[0]["speaker_description"] == "an emergency dispatcher"
    reyl = [r for r in rows if "stay closed" in r["text"]]
    assert reyl and reyl[0]["speaker"] == "Tomas Reyl" and reyl[0]["speaker_description"] is None

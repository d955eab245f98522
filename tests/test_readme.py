"""The README documents every CLI command (sqlite-utils style)."""

from __future__ import annotations

from newsdesk.cli import cli
from tests.conftest import ROOT


def test_readme_covers_every_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [name for name in cli.commands if f"newsdesk {name}" not in readme]
    assert not missing, f"README does not show: {missing}"


def test_readme_two_commands_are_in_the_makefile() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert f"\n{target}:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")

"""One rule for an outlet: registered domain, blogs keep their own name, a user map."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import ConfigError
from newsdesk.ingest.outlets import Outlet, decide_outlet, load_outlet_map, site_key


@pytest.mark.parametrize(("url", "key"), [
    ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
    ("https://edition.cnn.com/2024/09/10/world/x", "cnn.com"),
    ("https://anaslog.blogspot.com/2024/09/notes.html", "anaslog.blogspot.com"),
    ("https://www.blogspot.com/", "blogspot.com"),
    ("https://fieldnotes.typepad.com/blog/2024/09/x.html", "fieldnotes.typepad.com"),
    ("https://medium.com/@ana/why-ports-matter-123", "medium.com/@ana"),
    ("https://medium.com/port-weekly/a-story-9", "medium.com/port-weekly"),
    ("https://harbour.substack.com/p/the-week", "harbour.substack.com"),
    ("file:///tmp/a.html", None),
])
def test_outlets_site_key(url: str, key: str | None) -> None:
    assert site_key(url) == key


def test_outlets_one_key_for_record_page_and_file(tmp_path: Path) -> None:
    mapping_file = tmp_path / "outlets.tsv"
    mapping_file.write_text("# alias\tkey\tname\nDeutsche Welle\tdw.com\tDW\ndw.de\tdw.com\n"
                            "DW\tdw.com\n", "utf-8")
    mapping = load_outlet_map(str(mapping_file))
    # A record naming the outlet, its page, a saved file in a folder called "DW",
    # and the outlet's other domain all come out as one outlet.
    assert decide_outlet(name="Deutsche Welle", mapping=mapping) == Outlet("dw.com", "DW")
    assert decide_outlet(url="https://www.dw.com/en/a-1", site_name="DW", mapping=mapping).key == "dw.com"
    assert decide_outlet(fallback="DW", mapping=mapping).key == "dw.com"
    assert decide_outlet(url="https://www.dw.de/a", mapping=mapping).key == "dw.com"


def test_outlets_url_beats_names_and_keeps_the_display_name() -> None:
    found = decide_outlet(url="https://www.dw.com/en/a-1", name="Deutsche Welle")
    assert found == Outlet("dw.com", "Deutsche Welle")
    # A link-blog entry: the feed's site publishes it, not the site it links to.
    linked = decide_outlet(url="https://www.nytimes.com/2024/09/10/x.html",
                           site_url="https://daringfireball.example/")
    assert linked.key == "daringfireball.example"
    assert decide_outlet(name="Teskov Daily", fallback="teskov.example").key == "Teskov Daily"
    assert decide_outlet(fallback="teskov.example", site_name="Teskov") == Outlet("teskov.example", "Teskov")
    assert decide_outlet() is None


def test_outlets_bad_map_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-column\n", "utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        load_outlet_map(str(bad))
    with pytest.raises(ConfigError, match="cannot read"):
        load_outlet_map(str(tmp_path / "missing.tsv"))

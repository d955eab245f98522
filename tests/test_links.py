"""The link scheme allow-list (issue 15, item 13)."""

from __future__ import annotations

import pytest

from newsdesk.links import http_link


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)", "\x00javascript:x",
    "java\nscript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//elwin.example/x", "/relative/path", "http:no-host", "", None,
    "https://[::1",
])
def test_links_refused(url: str | None) -> None:
    assert http_link(url) is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://elwin.example/a?b=1#c", "https://elwin.example/a?b=1#c"),
    ("HTTP://Elwin.example/", "HTTP://Elwin.example/"),
    (" https://elwin.example/x ", "https://elwin.example/x"),
])
def test_links_http_kept(url: str, expected: str) -> None:
    assert http_link(url) == expected

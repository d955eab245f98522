"""Which URLs may become links: an allow-list of schemes, applied wherever a stored URL
is handed to a browser (the web page's "original" link, the API's ``url`` fields).

A URL comes from the input (a record's ``url`` field, a feed's ``<link>``), so it is
data an attacker chose: ``javascript:``, ``data:`` or ``vbscript:`` in any case, behind
spaces or split by a tab, as browsers read them. The page's CSP would block such a
link today; the allow-list means none is ever emitted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https")
# What browsers drop before reading a URL: C0 controls and spaces at either end, and
# tabs and line breaks anywhere (WHATWG URL standard).
_EDGE = "".join(chr(c) for c in range(0x21))
_INSIDE = str.maketrans("", "", "\t\n\r")


def http_link(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None."""
    if not url:
        return None
    cleaned = url.strip(_EDGE).translate(_INSIDE)
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return cleaned

"""Fetching http(s) URLs safely: timeouts, a size cap, a redirect limit, and no
requests to private, loopback or link-local addresses unless the config allows them
(a URL list from a user must not become a way to probe the machine's own network).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsdesk.errors import InputRejected, Reason

USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk; offline news cross-checking)"


@dataclass(slots=True)
class Fetched:
    url: str  # final URL after redirects
    data: bytes
    media_type: str | None
    charset: str | None
    status: int = 200  # 304: not modified since the validators sent (data is empty)
    etag: str | None = None
    last_modified: str | None = None


def _refused_address(host: str) -> str | None:
    """Return the first resolved address that is not public, or None."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputRejected(Reason.FETCH_FAILED, f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            return str(address)
    return None


def check_url_allowed(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputRejected(Reason.UNSUPPORTED_FORMAT, f"not an http(s) URL: {url}")
    if allow_private:
        return
    bad = _refused_address(parts.hostname)
    if bad:
        raise InputRejected(
            Reason.ADDRESS_REFUSED, f"{parts.hostname} resolves to non-public address {bad}"
        )


def fetch_url(
    url: str,
    *,
    timeout_s: float,
    max_bytes: int,
    max_redirects: int,
    allow_private: bool,
    client: httpx.Client | None = None,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET a URL, following redirects by hand so every hop passes the address check.
    ``headers`` go with the request (a conditional GET's If-None-Match and
    If-Modified-Since; a 304 answer comes back as ``status=304`` with no data)."""
    own_client = client is None
    http = client or httpx.Client(
        timeout=httpx.Timeout(timeout_s), follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                 "application/rss+xml,application/atom+xml,application/json,*/*;q=0.5"},
    )
    try:
        current = url
        for _hop in range(max_redirects + 1):
            check_url_allowed(current, allow_private)
            try:
                with http.stream("GET", current, headers=headers) as response:
                    validators = {"etag": response.headers.get("etag"),
                                  "last_modified": response.headers.get("last-modified")}
                    if response.status_code == 304:  # httpx counts it among redirects
                        return Fetched(current, b"", None, None, status=304, **validators)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputRejected(Reason.HTTP_ERROR, f"redirect without location: {current}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputRejected(
                            Reason.HTTP_ERROR, f"HTTP {response.status_code} for {current}"
                        )
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise InputRejected(
                            Reason.TOO_LARGE, f"{current} is {declared} bytes (cap {max_bytes})"
                        )
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise InputRejected(
                                Reason.TOO_LARGE, f"{current} is over the cap of {max_bytes} bytes"
                            )
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type", "")
                    media_type = content_type.split(";")[0].strip().lower() or None
                    return Fetched(current, b"".join(chunks), media_type, response.charset_encoding,
                                   status=response.status_code, **validators)
            except httpx.TimeoutException as exc:
                raise InputRejected(
                    Reason.FETCH_FAILED, f"timed out after {timeout_s:g}s: {current}") from exc
            except httpx.HTTPError as exc:
                raise InputRejected(Reason.FETCH_FAILED, f"{type(exc).__name__}: {exc} ({current})") from exc
        raise InputRejected(Reason.HTTP_ERROR, f"more than {max_redirects} redirects from {url}")
    finally:
        if own_client:
            http.close()

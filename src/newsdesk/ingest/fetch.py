"""Fetching http(s) URLs safely: timeouts, a size cap, a redirect limit, and no
requests to private, loopback or link-local addresses unless the config allows them
(a URL list from a user must not become a way to probe the machine's own network).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

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


# NAT64 prefixes (RFC 6052 well-known, RFC 8215 local-use): the IPv4 address sits in
# the last 32 bits and the gateway connects to it.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and reaches: mapped, 6to4, Teredo, NAT64."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        found.extend(address.teredo)
    if any(address in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_refused(address: Address) -> bool:
    """True unless the address, and every IPv4 address it embeds, is globally routable.

    ``is_global`` and not a deny-list: 100.64.0.0/10 (carrier-grade NAT, where one
    cloud serves its metadata) is neither private nor loopback, and 2002:a9fe:a9fe::
    (6to4) or 64:ff9b::a9fe:a9fe (NAT64) reach 169.254.169.254 all the same.
    """
    return (not address.is_global or address.is_multicast
            or any(is_refused(inner) for inner in _embedded_ipv4(address)))


def resolve_checked(host: str) -> str:
    """Resolve ``host`` once; return the address to connect to, or refuse.

    Every address the name resolves to must be public. The caller connects to the
    returned address itself, never to the name again: a second lookup could answer
    differently (DNS rebinding) after the check passed.
    """
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputRejected(Reason.FETCH_FAILED, f"cannot resolve {host}: {exc}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise InputRejected(Reason.FETCH_FAILED, f"cannot resolve {host}: no address")
    for address in addresses:
        if is_refused(address):
            raise InputRejected(
                Reason.ADDRESS_REFUSED, f"{host} resolves to non-public address {address}")
    return str(addresses[0])


def check_url_allowed(url: str, allow_private: bool) -> str | None:
    """Refuse a URL that is not http(s) or whose host is not public; return the checked
    address to connect to (None when private addresses are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputRejected(Reason.UNSUPPORTED_FORMAT, f"not an http(s) URL: {url}")
    if allow_private:
        return None
    return resolve_checked(parts.hostname)


def _pinned(url: str, address: str | None) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(request URL, headers, extensions) that reach ``address`` while the server sees
    the URL's own host: in the Host header, and for TLS in SNI and the certificate check."""
    if address is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = parts.hostname or ""
    ip = f"[{address}]" if ":" in address else address
    port = f":{parts.port}" if parts.port else ""
    request_url = urlunsplit((parts.scheme, ip + port, parts.path or "/", parts.query, ""))
    named = f"[{host}]" if ":" in host else host
    extensions: dict[str, Any] = {"sni_hostname": host} if parts.scheme == "https" else {}
    return request_url, {"Host": named + port}, extensions


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
        # A proxy from the environment would connect to the name itself, undoing the
        # address check; with the guard on, connections go straight to the checked address.
        trust_env=allow_private,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                 "application/rss+xml,application/atom+xml,application/json,*/*;q=0.5"},
    )
    try:
        current = url
        for _hop in range(max_redirects + 1):
            address = check_url_allowed(current, allow_private)
            request_url, pinned, extensions = _pinned(current, address)
            try:
                with http.stream("GET", request_url, headers={**(headers or {}), **pinned},
                                 extensions=extensions) as response:
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

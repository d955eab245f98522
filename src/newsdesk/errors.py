"""All newsdesk errors, each with a stable code and a message that says what to do next.

Input problems are not exceptions that stop a batch: readers turn them into
``Rejection`` records with one of the codes below, and the batch goes on. Exceptions
are for the caller's mistakes (bad configuration, an unknown id) and for bugs.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why an input (or part of one) was not turned into an article."""

    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    NOT_REGULAR_FILE = "not_regular_file"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    NO_ARTICLE_TEXT = "no_article_text"
    MALFORMED_JSON = "malformed_json"
    MISSING_FIELD = "missing_field"
    TRUNCATED = "truncated"
    NOT_A_FEED = "not_a_feed"
    FETCH_FAILED = "fetch_failed"
    HTTP_ERROR = "http_error"
    ADDRESS_REFUSED = "address_refused"
    UNSUPPORTED_FORMAT = "unsupported_format"

    @property
    def hint(self) -> str:
        return _HINTS[self]


_HINTS: dict[Reason, str] = {
    Reason.NOT_FOUND: "check the path or URL",
    Reason.UNREADABLE: "check the file's permissions",
    Reason.NOT_REGULAR_FILE: "give regular files: devices, FIFOs and sockets are not read",
    Reason.TOO_LARGE: "split the input or raise NEWSDESK_MAX_INPUT_BYTES",
    Reason.EMPTY: "the input has no content",
    Reason.BINARY: "the input is not text, HTML, JSON, a feed or WARC",
    Reason.UNDECODABLE: "re-save the input as UTF-8",
    Reason.NO_ARTICLE_TEXT: "the page has no main article text (index page, paywall, error page?)",
    Reason.MALFORMED_JSON: "fix the JSON on that line; the other lines were ingested",
    Reason.MISSING_FIELD: "each record needs a 'text' or 'html' field",
    Reason.TRUNCATED: "the archive ends early; the records before the break were ingested",
    Reason.NOT_A_FEED: "the content is not RSS or Atom XML",
    Reason.FETCH_FAILED: "the server did not answer in time or the connection failed",
    Reason.HTTP_ERROR: "the server answered with an error status",
    Reason.ADDRESS_REFUSED: "private addresses are refused; set NEWSDESK_ALLOW_PRIVATE_URLS=1",
    Reason.UNSUPPORTED_FORMAT: "pass --format with one of the supported formats",
}


class NewsdeskError(Exception):
    """Base class for errors a caller can act on."""

    code = "NEWSDESK"

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} ({hint})" if hint else message)


class ConfigError(NewsdeskError):
    code = "CONFIG"


class StoreError(NewsdeskError):
    code = "STORE"


class NotFoundError(NewsdeskError):
    code = "NOT_FOUND"


class InputRejected(NewsdeskError):
    """Raised inside readers; the ingest loop turns it into a Rejection record."""

    code = "REJECTED"

    def __init__(self, reason: Reason, detail: str, locator: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.locator = locator
        super().__init__(detail, reason.hint)

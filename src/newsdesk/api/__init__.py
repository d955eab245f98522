"""The REST API (FastAPI) and the ASGI app that also serves the web page."""

from newsdesk.api.app import create_app

__all__ = ["create_app"]

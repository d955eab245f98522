"""The ASGI application: REST API under /api, the web page at /, OpenAPI at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk import __version__
from newsdesk.api.limits import BodyLimit
from newsdesk.api.routes import router as api_router
from newsdesk.config import Settings
from newsdesk.store import open_store

WEB = Path(__file__).resolve().parents[1] / "web"

# The page runs no script at all; styles and images come only from this server.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
# Swagger UI (/docs) and ReDoc (/redoc) are served from this server (fastapi-offline
# ships their assets, so they work without internet); they need their own script and
# the small inline script that starts them, and nothing else.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' "
            "'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "worker-src 'self' blob:; base-uri 'none'; frame-ancestors 'none'")
DOCS_STATIC = "/docs-static"


def create_app(settings: Settings) -> FastAPI:
    from newsdesk.web.pages import router as web_router
    from newsdesk.web.pages import templates

    store = open_store(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPIOffline(title="newsdesk", version=__version__, lifespan=lifespan,
                         description="Cross-checked news stories: REST API",
                         static_url=DOCS_STATIC)
    app.state.settings = settings
    app.state.store = store
    app.include_router(api_router, prefix="/api", tags=["api"])
    app.include_router(web_router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    # Outermost of the app's own layers: a body over the input cap never reaches a route.
    app.add_middleware(BodyLimit, max_bytes=settings.max_input_bytes)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        docs = request.url.path in ("/docs", "/redoc", "/docs/oauth2-redirect")
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api") or request.url.path in ("/docs", "/openapi.json"):
            from fastapi.responses import JSONResponse

            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        page = templates.get_template("error.html").render(
            title=f"{exc.status_code}", message=str(exc.detail), q=None)
        return HTMLResponse(page, status_code=exc.status_code)

    return app

"""`create_app()`: the FastAPI app over one registry (pages, JSON API, static files)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from citydip.analytics.collector import settle_for_serving
from citydip.config import Settings, get_settings
from citydip.services import jobs
from citydip.store.engine import Registry, open_registry
from citydip.store.settings import RegistrySetting
from citydip.web import errors
from citydip.web.api import router as api_router
from citydip.web.api import world as world_api
from citydip.web.limits import BodyLimit
from citydip.web.pages import router as pages_router
from citydip.web.pages import world as world_pages
from citydip.web.signed_in import SignedIn
from citydip.web.templating import Renderer, make_templates, vendor

SESSION_COOKIE = "citydip_session"


def _secret(settings: Settings, registry: Registry) -> str:
    """The key that signs session cookies: the setting, else one kept in the registry."""
    if settings.secret_key:
        return settings.secret_key
    with registry.session() as session:
        row = session.get(RegistrySetting, "secret_key")
        if row is None:
            row = RegistrySetting(key="secret_key", value=secrets.token_urlsafe(48))
            session.add(row)
        return row.value


# Requests each worker runs at once. Python runs one thread at a time: 40 runnable threads
# (anyio's default) spend their CPU taking turns. On 2 cores, a SQLite list request took
# 20 ms of server CPU with 40, 16 with 4 and 12 with 2 (its queries run in-process); on
# PostgreSQL, whose queries wait on the server, 4 served a little more than 2 or 40.
SQLITE_THREADS, SERVER_THREADS = 2, 4


def threads_for(settings: Settings, registry: Registry) -> int:
    """The thread pool's size: the setting, else the backend's default."""
    if settings.threads is not None:
        return settings.threads
    return SQLITE_THREADS if registry.engine.dialect.name == "sqlite" else SERVER_THREADS


def create_app(settings: Settings, registry: Registry) -> FastAPI:
    threads = threads_for(settings, registry)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the sync routes' thread pool (anyio's, per event loop): a few threads, not 40
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        app.state.jobs.shutdown(wait=True, cancel_futures=False)

    app = FastAPI(
        title="citydip",
        summary="City diplomacy registry: ties, agreements, engagements and memberships.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below from the vendored Swagger UI (no CDN)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.registry = registry
    app.state.signed_in = SignedIn(registry.engine)
    app.state.render = Renderer(make_templates())
    app.state.jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citydip-job")
    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret(settings, registry),
        session_cookie=SESSION_COOKIE,
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=14 * 24 * 3600,
    )
    app.add_middleware(BodyLimit, max_request_bytes=settings.max_request_bytes)
    static = resources.files("citydip.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    jobs.abandon_unfinished(registry)
    errors.install(app)

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title="citydip API",
            swagger_js_url=vendor("swagger_js"),
            swagger_css_url=vendor("swagger_css"),
            swagger_favicon_url="/static/favicon.svg",
        )

    app.include_router(world_api.router, prefix="/api/v1")  # before the records' /{kind}
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    app.include_router(world_pages.router)
    return app


def app_from_env() -> FastAPI:
    """The app over the registry at CITYDIP_DATABASE_URL (the factory each worker process of
    `citydip serve --workers N` builds; the registry is already created and upgraded)."""
    settings = get_settings()
    url = settings.resolved_database_url()
    app = create_app(settings, open_registry(url, upgrade=False))
    settle_for_serving()
    return app

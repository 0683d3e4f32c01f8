"""Build the FastAPI application and run it (``tocsin serve``).

The app serves the REST API under ``/api``, its OpenAPI schema at ``/openapi.json``, an
offline API reference at ``/docs`` (our own page, not Swagger UI from a CDN) and the
dashboard's static files at ``/``. Nothing is fetched from the network at run time.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from tocsin import __version__
from tocsin.api import errors
from tocsin.api.context import ApiContext
from tocsin.api.middleware import GuardMiddleware
from tocsin.api.routes import ROUTERS
from tocsin.config import Settings, load_settings
from tocsin.store import Database
from tocsin.watch.poller import Watcher
from tocsin.watch.server import answering_host, run_server

#: Environment read by ``app_from_env`` (the factory uvicorn re-imports with --reload).
ENV_DB = "TOCSIN_SERVE_DB"
ENV_CONFIG = "TOCSIN_SERVE_CONFIG"

DESCRIPTION = """\
Read the events, dyad series, alerts, threats, red lines and quotes that tocsin stored.
Every error is a JSON body `{"code", "message", "fix"}` from tocsin's error catalogue.
`POST /api/articles` writes and needs `Authorization: Bearer <api.token>` (checked before
the body is read). Requests must name an allowed host (`api.allowed_hosts`); bodies and
answers have size limits (`api.max_request_bytes`, `api.max_response_bytes`).
"""


def static_dir() -> Path:
    """The dashboard's folder of static files (inside the installed package)."""
    return Path(str(resources.files("tocsin.api").joinpath("static")))


def create_app(
    *,
    db: str | Path | None = None,
    settings: Settings | None = None,
    database: Database | None = None,
    watcher: Watcher | None = None,
) -> FastAPI:
    """The API and dashboard over the database ``db`` (default: ``store.path``).

    The database is opened when the app starts (read-write only when ``api.token`` is
    set) and closed when it stops. Raises ``StoreError`` at start-up when it cannot be
    opened (S003 when a read-only database does not exist). ``tocsin watch`` passes the
    ``database`` it holds open for writing and its ``watcher``, started and stopped with
    the app (``/api/watch`` reports on it).
    """
    conf = settings or load_settings()
    path = db or conf.store.path

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if database is None:
            app.state.tocsin = ApiContext.open(path, conf)
        else:
            app.state.tocsin = ApiContext.of(database, conf, watcher)
        app.state.watcher = watcher
        if watcher is not None:
            watcher.start()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            if database is None:
                app.state.tocsin.close()

    app = FastAPI(
        title="tocsin",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN; /docs is our offline page instead
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(GuardMiddleware, settings=conf)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    _add_pages(app)
    return app


def _add_pages(app: FastAPI) -> None:
    static = static_dir()

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(static / "docs.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")

    app.mount("/static", StaticFiles(directory=static), name="static")


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (``--reload`` re-imports it in a new process)."""
    config = os.environ.get(ENV_CONFIG) or None
    return create_app(db=os.environ.get(ENV_DB) or None, settings=load_settings(config_file=config))


def serve(
    *,
    db: str | Path | None = None,
    config_file: str | Path | None = None,
    host: str | None = None,
    port: int | None = None,
    reload: bool = False,
) -> None:
    """Run the API and dashboard with uvicorn until interrupted.

    ``host``/``port`` default to ``api.host``/``api.port`` (127.0.0.1:8765); the bound
    host is answered besides ``api.allowed_hosts``. Connections are guarded as
    ``api/server.py`` says. Raises ``ConfigError`` for bad settings and ``StoreError`` when
    the database cannot be opened.
    """
    import uvicorn

    settings = load_settings(config_file=config_file)
    bind_host, bind_port = (
        host or settings.api.host,
        port if port is not None else settings.api.port,
    )
    settings = answering_host(settings, bind_host)
    if reload:
        os.environ[ENV_DB] = str(db or settings.store.path)
        os.environ[ENV_CONFIG] = str(config_file or "")
        uvicorn.run(
            "tocsin.api.app:app_from_env", factory=True, reload=True, host=bind_host,
            port=bind_port, reload_dirs=[str(Path(__file__).parent)],
        )  # fmt: skip
        return
    path = db or settings.store.path
    ApiContext.open(path, settings).close()  # fail fast, before binding
    mode = "serve --token" if settings.api.token else "serve"
    run_server(
        create_app(db=db, settings=settings), settings=settings, host=bind_host, port=bind_port,
        db=path, mode=mode,
    )  # fmt: skip

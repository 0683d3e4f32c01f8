"""``tocsin serve``: the REST API and dashboard (``tocsin.api.serve``)."""

from __future__ import annotations

from typing import Annotated

import typer

from tocsin.cli.options import ConfigOption, DbOption


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve_cmd)


def serve_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    host: Annotated[
        str | None,
        typer.Option(help="Address to bind (default: api.host, 127.0.0.1: this machine only)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port (default: api.port, 8765).")
    ] = None,
    reload: Annotated[
        bool, typer.Option(help="Restart when tocsin/api changes (development).")
    ] = False,
    watch: Annotated[
        list[str] | None,
        typer.Option(
            "--watch",
            help="Also poll this feed, URL, folder or @list (repeatable): `tocsin watch`.",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="With --watch: time between polls (90s, 5m, 1h).")
    ] = "5m",
) -> None:
    """Serve the REST API (/api, /docs) and the dashboard (/) over a database.

    Read-only unless a token is configured (api.token or TOCSIN_API_TOKEN); then
    POST /api/articles analyses submitted texts and URLs. With --watch, polls sources
    into the database as `tocsin watch` does.
    """
    if watch:
        from tocsin.cli.watch import watch_cmd

        watch_cmd(watch, db=db, config=config, every=every, host=host, port=port)
        return
    from tocsin.api import serve

    serve(db=db, config_file=config, host=host, port=port, reload=reload)

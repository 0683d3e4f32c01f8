"""``tocsin watch``: keep analysing sources on a schedule, with the dashboard up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tocsin.cli.options import (
    ConfigOption,
    DateFieldOpt,
    DbOption,
    EncodingOpt,
    FetchEntriesOpt,
    GlobOpt,
    IdFieldOpt,
    OutletFieldOpt,
    ReaderFormatOpt,
    SourceDateOpt,
    SourceOutletOpt,
    TextFieldOpt,
    TitleFieldOpt,
    UrlFieldOpt,
    WorkersOpt,
    db_path,
)

err = Console(stderr=True, highlight=False)

EveryOpt = Annotated[
    str, typer.Option("--every", help="Time between polls: 90s, 5m, 1h (or seconds).")
]
HostOpt = Annotated[
    str | None,
    typer.Option(help="Address to bind (default: api.host, 127.0.0.1: this machine only)."),
]
PortOpt = Annotated[
    int | None,
    typer.Option(min=0, max=65535, help="Port (default: api.port, 8765; 0: any free port)."),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("watch")(watch_cmd)


def watch_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Feeds, URLs, folders and files to poll; @FILE reads a list of them (one a "
            "line, re-read at every poll).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    every: EveryOpt = "5m",
    host: HostOpt = None,
    port: PortOpt = None,
    workers: WorkersOpt = None,
    text_field: TextFieldOpt = None,
    id_field: IdFieldOpt = None,
    date_field: DateFieldOpt = None,
    url_field: UrlFieldOpt = None,
    title_field: TitleFieldOpt = None,
    outlet_field: OutletFieldOpt = None,
    glob: GlobOpt = None,
    fmt: ReaderFormatOpt = None,
    date: SourceDateOpt = None,
    outlet: SourceOutletOpt = None,
    encoding: EncodingOpt = None,
    fetch_entries: FetchEntriesOpt = None,
) -> None:
    """Poll SOURCES on a schedule into the database and serve the dashboard and API over it.

    One process holds the database: it writes each poll while the dashboard, the API and
    read-only commands (`tocsin events --db ...`, which reach it through its lock file)
    keep answering. New feed entries, and new or changed files in folders, are analysed;
    the dashboard shows the last and next poll. Ctrl-C stops after the batch under way and
    prints a summary.
    """
    from tocsin.config import load_settings
    from tocsin.runner import ingest_options
    from tocsin.watch.poller import parse_interval
    from tocsin.watch.server import watch

    settings = load_settings(config_file=config)
    interval = parse_interval(every)
    options = ingest_options(
        settings,
        text_field=text_field, id_field=id_field, date_field=date_field, url_field=url_field,
        title_field=title_field, outlet_field=outlet_field, glob=glob, format=fmt,
        date=date.date() if date else None, outlet=outlet, encoding=encoding,
        fetch_entries=fetch_entries,
    )  # fmt: skip
    path = db_path(db, config)
    totals = watch(
        sources, db=path, settings=settings, interval_s=interval, options=options,
        host=host or settings.api.host, port=settings.api.port if port is None else port,
        workers=workers, log=lambda line: err.print(line, markup=False),
        on_ready=lambda url: _ready(url, path, sources, interval),
    )  # fmt: skip
    err.print(
        f"stopped after {_n(totals.polls, 'poll')} in {totals.seconds / 60:.1f} min: "
        f"{_n(totals.articles_added, 'new article')}, {_n(totals.events_added, 'event')}, "
        f"{_n(totals.errors, 'error')}, {_n(totals.files_skipped, 'file')} not news"
        + (f", {_n(totals.failed_polls, 'failed poll')}" if totals.failed_polls else ""),
        markup=False,
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _ready(url: str, path: Path, sources: list[str], interval: float) -> None:
    err.print(
        f"tocsin watch: {_n(len(sources), 'source')} every {interval:g}s into {path}; "
        f"dashboard and API at {url}/ (Ctrl-C stops)",
        markup=False,
    )

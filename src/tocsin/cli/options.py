"""Options shared by several commands (one definition, one help text), and how a command
opens its database: locally, or through the server that holds it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from tocsin.query import TocsinDB
    from tocsin.watch.remote import RemoteDB

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file [default: store.path, i.e. ./tocsin.duckdb]."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML) [default: ./tocsin.toml if present]."),
]
FormatHelp = "Output format: table (for reading), jsonl or csv (every column)."
DateOption = typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")


def limit_option(what: str = "rows", default: int = 100) -> Any:
    """``--limit``: at most this many ``what`` (every list that can be long has one)."""
    return typer.Option("--limit", "-n", min=1, help=f"Show at most this many {what}.")


def db_path(db: Path | None, config: Path | None = None) -> Path:
    """The database path: --db, else the configured ``store.path``."""
    if db is not None:
        return db
    from tocsin.config import load_settings

    return Path(load_settings(config_file=config).store.path)


def open_reader(db: Path | None, config: Path | None = None) -> TocsinDB | RemoteDB:
    """The database for a read-only command (``--db``, else ``store.path``): opened here,
    or through the server that holds it (``tocsin.watch.remote.open_reader``)."""
    from tocsin.watch.remote import open_reader as open_path

    return open_path(db_path(db, config))


def refuse_if_served(path: Path, exc: Exception) -> None:
    """Raise S020 naming the server when ``exc`` (S001) comes from a server holding ``path``."""
    from tocsin.errors import StoreError
    from tocsin.watch.lockfile import live_lock

    lock = live_lock(path) if isinstance(exc, StoreError) and exc.code == "S001" else None
    if lock is not None:
        raise StoreError("S020", path=str(path), mode=lock.mode, url=lock.url, pid=lock.pid)


def as_day(value: dt.datetime | None) -> dt.date | None:
    """The date of a ``--since``/``--until`` option."""
    return value.date() if value else None


# -- ingest options of `tocsin analyze` and `tocsin watch` --------------------------------
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-j",
        help="Worker processes (or Ray actors) for parsing and extraction; 0 = one per "
        "available core (default: the nlp.workers setting, 0).",
        show_default=False,
    ),
]
TextFieldOpt = Annotated[
    str | None,
    typer.Option(help="JSONL/CSV field holding the text (default: text, body, content, …)."),
]
IdFieldOpt = Annotated[str | None, typer.Option(help="JSONL/CSV field holding an id.")]
DateFieldOpt = Annotated[
    str | None, typer.Option(help="JSONL/CSV field holding the publication date.")
]
UrlFieldOpt = Annotated[str | None, typer.Option(help="JSONL/CSV field holding the URL.")]
TitleFieldOpt = Annotated[str | None, typer.Option(help="JSONL/CSV field holding the title.")]
OutletFieldOpt = Annotated[
    str | None, typer.Option(help="JSONL/CSV field holding the outlet name.")
]
GlobOpt = Annotated[
    str | None, typer.Option(help="File pattern inside directories, e.g. '*.html'.")
]
ReaderFormatOpt = Annotated[
    str | None,
    typer.Option("--format", help="Force a reader: text, html, jsonl, csv, sgml (Reuters), feed."),
]
SourceDateOpt = Annotated[
    dt.datetime | None,
    typer.Option(help="Publication date for sources that carry none.", formats=["%Y-%m-%d"]),
]
SourceOutletOpt = Annotated[str | None, typer.Option(help="Outlet for sources that carry none.")]
EncodingOpt = Annotated[
    str | None, typer.Option(help="Force the text encoding instead of detecting it.")
]
FetchEntriesOpt = Annotated[
    bool | None,
    typer.Option(
        "--fetch-entries/--no-fetch-entries",
        help="For feeds, fetch each entry's page, or use the entry summary only "
        "(default: the ingest.fetch_entries setting).",
        show_default=False,
    ),
]

"""Listing and export commands: ``articles``, ``events``, ``errors``, ``export``, ``info``."""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tocsin.cli.options import ConfigOption, DbOption, db_path
from tocsin.cli.output import Format, render
from tocsin.query import EventFilter
from tocsin.query import open as open_db

DateOption = typer.Option(formats=["%Y-%m-%d"])
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LimitOption = Annotated[int, typer.Option(help="Show at most this many rows.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("articles")(articles_cmd)
    app.command("events")(events_cmd)
    app.command("errors")(errors_cmd)
    app.command("export")(export_cmd)
    app.command("info")(info_cmd)


def articles_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Format.table,
    limit: LimitOption = 50,
) -> None:
    """List stored articles, newest first."""
    with open_db(db_path(db, config)) as tdb:
        table = tdb.articles(limit=limit)
    render(table, fmt, title="articles", columns=("id", "published", "outlet", "title", "chars"))


def events_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    actor: Annotated[str | None, typer.Option(help="Source or target code, e.g. RUS.")] = None,
    source: Annotated[str | None, typer.Option(help="Source actor code.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor code.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="PLOVER type(s), comma-separated.")
    ] = None,
    since: Annotated[dt.datetime | None, DateOption] = None,
    until: Annotated[dt.datetime | None, DateOption] = None,
    fmt: FormatOption = Format.table,
    limit: LimitOption = 100,
) -> None:
    """List events, filtered by actor, type and date (event date, else publication date)."""
    where = EventFilter(
        actor=actor, source=source, target=target, type=type_,
        since=since.date() if since else None, until=until.date() if until else None,
    )  # fmt: skip
    with open_db(db_path(db, config)) as tdb:
        table = tdb.events(where, limit=limit)
    render(
        table,
        fmt,
        title="events",
        columns=(
            "date", "source_code", "source_sector", "type", "mode", "target_code",
            "target_sector", "negated", "hypothetical", "nuclear", "event_text",
        ),
    )  # fmt: skip


def errors_cmd(
    db: DbOption = None, config: ConfigOption = None, fmt: FormatOption = Format.table
) -> None:
    """List sources and records that could not be read, with the reason."""
    with open_db(db_path(db, config)) as tdb:
        table = tdb.ingest_errors()
    # the message names the source and record itself: the table gives it the width
    render(table, fmt, title="ingest errors", columns=("code", "message"), max_width=400)


def export_cmd(
    out: Annotated[Path, typer.Argument(help="Output file; the suffix picks the format.")],
    db: DbOption = None,
    config: ConfigOption = None,
    table: Annotated[
        str, typer.Option(help="What to export: events, articles, quotes, threats, ...")
    ] = "events",
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl, csv or parquet [default: suffix].")
    ] = None,
    plover: Annotated[
        bool, typer.Option(help="Events as PLOVER JSON records (the extract contract).")
    ] = False,
) -> None:
    """Export a table to JSON Lines, CSV or Parquet."""
    from tocsin.store.export import export_table

    with open_db(db_path(db, config)) as tdb:
        n = export_table(tdb.db, table, out, fmt=fmt, plover=plover)
    Console(stderr=True).print(f"wrote {n} rows to {out}")


def info_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Show versions, the spaCy model, settings file and database statistics."""
    import duckdb
    import spacy

    from tocsin import __version__
    from tocsin.config import load_settings
    from tocsin.nlp import resolve_model_name
    from tocsin.store import latest_version

    settings = load_settings(config_file=config)
    out = Console()
    python, spacy_version = platform.python_version(), spacy.about.__version__
    out.print(f"tocsin {__version__} · Python {python} · spaCy {spacy_version}")
    out.print(f"DuckDB {duckdb.__version__} · schema version {latest_version()}")
    out.print(
        f"spaCy model: {resolve_model_name(settings.nlp.model)} (setting: {settings.nlp.model})"
    )
    path = db_path(db, config)
    if not path.exists():
        out.print(f"database {path}: not created yet")
        return
    with open_db(path) as tdb:
        out.print(f"database {path}: schema v{tdb.db.schema_version}")
        for name, count in tdb.stats().items():
            out.print(f"  {name:16} {count:>10,}")

"""Monitoring commands: ``series``, ``dyads``, ``alerts``, ``stories`` (docs/monitoring.md)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tocsin.cli.options import ConfigOption, DbOption, db_path
from tocsin.cli.output import Format, render
from tocsin.query import Table
from tocsin.query import open as open_db

DateOption = typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]

SERIES_SHOWN = (
    "period", "events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
    "articles", "intensity_mean", "escalation",
)  # fmt: skip
DYADS_SHOWN = (
    "source", "target", "events", "verbal_conflict", "material_conflict", "articles",
    "intensity_mean", "escalation", "previous_escalation", "change", "last_day",
)  # fmt: skip
ALERTS_SHOWN = (
    "date", "rule", "severity", "source_code", "target_code", "confidence", "message", "reason",
    "delivery_status",
)  # fmt: skip


class Freq(StrEnum):
    """Series period."""

    day = "day"
    week = "week"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("series")(series_cmd)
    app.command("dyads")(dyads_cmd)
    app.command("alerts")(alerts_cmd)
    app.command("stories")(stories_cmd)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _rounded(table: Table, digits: int = 2) -> Table:
    """The table with floats rounded, for reading in a terminal (files keep full precision)."""
    rows = [
        tuple(round(v, digits) if isinstance(v, float) else v for v in row) for row in table.rows
    ]
    return Table(columns=table.columns, rows=rows)


def _show(table: Table, fmt: Format, *, title: str, columns: tuple[str, ...]) -> None:
    render(_rounded(table) if fmt is Format.table else table, fmt, title=title, columns=columns)


def series_cmd(
    dyad: Annotated[
        str,
        typer.Option(
            "--dyad",
            help="SOURCE:TARGET actor codes, e.g. RUS:NATO; * stands for any other actor (RUS:*).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    freq: Annotated[Freq, typer.Option("--freq", help="One row per day or per week.")] = Freq.day,
    since: Annotated[dt.datetime | None, DateOption] = None,
    until: Annotated[dt.datetime | None, DateOption] = None,
    both: Annotated[
        bool, typer.Option("--both", help="Count both directions: SOURCE→TARGET and back.")
    ] = False,
    sparse: Annotated[
        bool, typer.Option("--sparse", help="Only periods with events (no zero rows).")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Time series of one dyad: events by quad class, intensity and the escalation index."""
    from tocsin.monitor.series import Dyad

    parsed = Dyad.parse(dyad, undirected=both)  # M002 before touching the database
    with open_db(db_path(db, config)) as tdb:
        table = tdb.series(
            parsed, freq=freq.value, since=_date(since), until=_date(until), fill=not sparse
        )
    _show(table, fmt, title=f"{parsed} by {freq.value}", columns=SERIES_SHOWN)


def dyads_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    days: Annotated[int, typer.Option(min=1, help="Length of the window, in days.")] = 30,
    until: Annotated[dt.datetime | None, DateOption] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many dyads.")] = 20,
    min_events: Annotated[
        int, typer.Option(min=1, help="Leave out dyads with fewer events in the window.")
    ] = 1,
    fmt: FormatOption = Format.table,
) -> None:
    """The most escalating dyads over the last DAYS (up to --until, else the latest event)."""
    with open_db(db_path(db, config)) as tdb:
        table = tdb.dyads(until=_date(until), days=days, limit=limit, min_events=min_events)
    _show(table, fmt, title=f"most escalating dyads, {days} days", columns=DYADS_SHOWN)


def alerts_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    since: Annotated[dt.datetime | None, DateOption] = None,
    until: Annotated[dt.datetime | None, DateOption] = None,
    rule: Annotated[str | None, typer.Option(help="Only alerts of this rule id.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only alerts with this delivery status.")
    ] = None,
    evaluate: Annotated[
        bool, typer.Option("--evaluate", help="Evaluate the rules first and store new alerts.")
    ] = False,
    deliver: Annotated[
        bool,
        typer.Option("--deliver", help="Send undelivered alerts to monitor.webhook_url first."),
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many alerts.")] = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """List alerts, newest first; optionally evaluate the rules and deliver by webhook."""
    path = db_path(db, config)
    if evaluate or deliver:
        _update_alerts(path, config, evaluate=evaluate, deliver=deliver)
    with open_db(path) as tdb:
        table = tdb.alerts(
            since=_date(since), until=_date(until), rule=rule, status=status, limit=limit
        )
    _show(table, fmt, title="alerts", columns=ALERTS_SHOWN)


def _update_alerts(path: Path, config: Path | None, *, evaluate: bool, deliver: bool) -> None:
    from tocsin.config import load_settings
    from tocsin.errors import ConfigError, StoreError
    from tocsin.monitor.alerts import find_alerts, store_alerts
    from tocsin.monitor.rules import load_rules
    from tocsin.monitor.webhook import deliver_pending
    from tocsin.store import Database

    settings = load_settings(config_file=config)
    if deliver and not settings.monitor.webhook_url:
        reason = "monitor.webhook_url is empty: set it (or TOCSIN_WEBHOOK_URL) to --deliver"
        raise ConfigError("C002", reason=reason)
    if not path.exists():
        raise StoreError("S003", path=str(path))
    err = Console(stderr=True)
    with Database(path) as database:
        if evaluate:
            rules = load_rules(settings.monitor.rules_file or None)
            new = store_alerts(database, find_alerts(database, rules), rules)
            err.print(f"evaluated {len(rules)} rules: {new} new alerts")
        if deliver:
            report = deliver_pending(database, settings)
            err.print(
                f"delivered {report.delivered}, failed {report.failed}, "
                f"left for later {report.pending}"
            )
            for message in report.errors:
                err.print(f"[yellow]error [M001][/yellow]: {message}")


def stories_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    min_articles: Annotated[
        int, typer.Option(min=1, help="Only stories with at least this many articles.")
    ] = 2,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many stories.")] = 50,
    fmt: FormatOption = Format.table,
) -> None:
    """List story clusters (exact and near-duplicate articles), largest first."""
    with open_db(db_path(db, config)) as tdb:
        table = tdb.stories(min_articles=min_articles, limit=limit)
    _show(
        table,
        fmt,
        title="stories",
        columns=("story_id", "articles", "outlets", "first_published", "last_published", "title"),
    )

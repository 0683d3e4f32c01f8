"""Monitoring commands: ``series``, ``dyads``, ``alerts``, ``stories`` (docs/monitoring.md)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from tocsin.cli.options import (
    ConfigOption,
    DateOption,
    DbOption,
    FormatHelp,
    db_path,
    limit_option,
    open_reader,
    refuse_if_served,
)
from tocsin.cli.output import Field, Format, cell, console, print_records, render
from tocsin.query import Table

FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FormatHelp)]

#: Columns of the terminal tables, most important first: a narrow terminal drops the last.
SERIES_SHOWN = (
    "period", "events", "escalation", "material_conflict", "verbal_conflict", "material_coop",
    "verbal_coop", "intensity_mean", "articles",
)  # fmt: skip
DYADS_SHOWN = (
    "dyad", "escalation", "change", "events", "material_conflict", "verbal_conflict",
    "intensity_mean", "last_day", "articles", "previous_escalation",
)  # fmt: skip
#: Short headers of the terminal tables (files keep the column names).
HEADERS = {
    "verbal_coop": "v.coop", "material_coop": "m.coop", "verbal_conflict": "v.confl",
    "material_conflict": "m.confl", "intensity_mean": "int.mean", "escalation": "escal.",
    "previous_escalation": "before", "first_published": "first", "last_published": "last",
    "last_day": "last day", "period": "period", "events": "events", "articles": "articles",
}  # fmt: skip
ALERT_FIELDS = (
    Field("date", lambda r: cell(r["date"]) or "undated", max_width=10),
    Field("severity", lambda r: r["severity"], max_width=8),
    Field("rule", lambda r: r["rule"], max_width=24),
    Field("dyad", lambda r: f"{r['source_code'] or 'any'} → {r['target_code'] or 'any'}"),
    Field("conf.", lambda r: "" if r.get("confidence") is None else f"{r['confidence']:.2f}",
          right=True, max_width=5),
    Field("delivery", lambda r: r["delivery_status"], max_width=9),
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


def _show(
    table: Table, fmt: Format, *, title: str, columns: tuple[str, ...], wrap: tuple[str, ...] = ()
) -> None:
    shown = _rounded(table) if fmt is Format.table else table
    render(shown, fmt, title=title, columns=columns, headers=HEADERS, wrap=wrap)


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
    limit: Annotated[int | None, limit_option("periods, the latest [default: all]")] = None,
) -> None:
    """Time series of one dyad: events by quad class, intensity and the escalation index."""
    from tocsin.monitor.series import Dyad

    parsed = Dyad.parse(dyad, undirected=both)  # M002 before touching the database
    with open_reader(db, config) as tdb:
        tdb.check_actor(None if parsed.source == "*" else parsed.source)
        tdb.check_actor(None if parsed.target == "*" else parsed.target)
        table = tdb.series(
            parsed, freq=freq.value, since=_date(since), until=_date(until), fill=not sparse
        )
    left_out = max(0, len(table) - limit) if limit else 0
    table.rows = table.rows[left_out:]
    _show(table, fmt, title=f"{parsed} by {freq.value}", columns=SERIES_SHOWN)
    if left_out:
        console(stderr=True).print(f"… {left_out} earlier periods left out (--limit, --since)")


def dyads_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    days: Annotated[int, typer.Option(min=1, help="Length of the window, in days.")] = 30,
    until: Annotated[dt.datetime | None, DateOption] = None,
    limit: Annotated[int, limit_option("dyads")] = 20,
    min_events: Annotated[
        int, typer.Option(min=1, help="Leave out dyads with fewer events in the window.")
    ] = 1,
    rising: Annotated[
        bool, typer.Option("--rising", help="Only dyads rising against the window before.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """The most escalating dyads over the last DAYS (up to --until, else the latest event);
    --rising ranks by the rise against the DAYS before."""
    with open_reader(db, config) as tdb:
        table = tdb.dyads(
            until=_date(until), days=days, limit=limit, min_events=min_events, rising=rising
        )
    title = f"{'rising' if rising else 'most escalating'} dyads, {days} days"
    if fmt is Format.table:
        table = _with_dyad(table)
    _show(table, fmt, title=title, columns=DYADS_SHOWN)


def _with_dyad(table: Table) -> Table:
    """``table`` with a ``dyad`` column ("RUS → UKR") made of source and target."""
    s, t = table.columns.index("source"), table.columns.index("target")
    rows = [(f"{r[s]} → {r[t]}", *r) for r in table.rows]
    return Table(columns=["dyad", *table.columns], rows=rows)


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
    limit: Annotated[int, limit_option("alerts")] = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """List alerts, newest first; optionally evaluate the rules and deliver by webhook."""
    path = db_path(db, config)
    if evaluate or deliver:
        _update_alerts(path, config, evaluate=evaluate, deliver=deliver)
    with open_reader(path, config) as tdb:
        table = tdb.alerts(
            since=_date(since), until=_date(until), rule=rule, status=status, limit=limit,
            rules_file=_rules_file(config) if rule else None,
        )  # fmt: skip
    if fmt is not Format.table:
        render(table, fmt)
        return
    print_records(table.records(), ALERT_FIELDS, _alert_body, title="alerts", out=console())


def _alert_body(row: dict[str, Any], _: Console) -> Text:
    """The alert's message and, below it, why it fired (NULL in a database of an older
    schema)."""
    text = Text(" ".join(str(row["message"]).split()))
    if row.get("reason"):
        text.append(f"\nwhy: {' '.join(str(row['reason']).split())}", style="dim")
    return text


def _rules_file(config: Path | None) -> str | None:
    from tocsin.config import load_settings

    return load_settings(config_file=config).monitor.rules_file or None


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
    try:
        database = Database(path)
    except StoreError as exc:
        refuse_if_served(path, exc)
        raise
    with database:
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
    limit: Annotated[int, limit_option("stories")] = 50,
    fmt: FormatOption = Format.table,
) -> None:
    """List story clusters (exact and near-duplicate articles), largest first."""
    with open_reader(db, config) as tdb:
        table = tdb.stories(min_articles=min_articles, limit=limit)
    _show(
        table,
        fmt,
        title="stories",
        columns=("articles", "outlets", "first_published", "last_published", "title"),
        wrap=("title",),
    )

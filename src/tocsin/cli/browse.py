"""Listing and export commands: ``articles``, ``events``, ``errors``, ``export``, ``info``."""

from __future__ import annotations

import datetime as dt
import platform
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
    as_day,
    db_path,
    limit_option,
    open_reader,
)
from tocsin.cli.output import (
    Field,
    Format,
    cell,
    console,
    find_span,
    highlighted,
    print_records,
    render,
    with_source,
)
from tocsin.query import EventFilter

FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FormatHelp)]

#: What the ``day`` column of ``tocsin events`` shows (rows are sorted by it).
DAY_LEGEND = (
    "day: the date the sentence gives the event, else ~ the article's publication date "
    "(rows are in day order) · flags: neg negated, hyp hypothetical, nuc nuclear"
)


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
    limit: Annotated[int, limit_option("articles")] = 50,
) -> None:
    """List stored articles, newest first."""
    with open_reader(db, config) as tdb:
        table = tdb.articles(limit=limit)
    render(
        table, fmt, title="articles", columns=("published", "outlet", "title", "chars", "id"),
        wrap=("title",),
    )  # fmt: skip


# -- events: shared filter options (events and export take the same) --------------------
ActorOpt = Annotated[
    str | None, typer.Option(help="Actor code on either side, e.g. RUS (several: RUS,BLR).")
]
SourceOpt = Annotated[str | None, typer.Option(help="Source actor code(s), e.g. RUS.")]
TargetOpt = Annotated[str | None, typer.Option(help="Target actor code(s), e.g. UKR.")]
TypeOpt = Annotated[
    str | None, typer.Option("--type", help="PLOVER type(s), comma-separated, e.g. THREATEN.")
]
SinceOpt = Annotated[dt.datetime | None, DateOption]
UntilOpt = Annotated[dt.datetime | None, DateOption]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search", "-s", help='Only sentences holding every word (any case; "quoted phrase").'
    ),
]
AssertedOpt = Annotated[
    bool, typer.Option("--asserted", help="Leave out negated and hypothetical events.")
]


def event_filter(
    *,
    actor: str | None,
    source: str | None,
    target: str | None,
    type_: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    search: str | None,
    asserted: bool,
) -> EventFilter:
    """The ``EventFilter`` of the events/export options."""
    return EventFilter(
        actor=actor, source=source, target=target, type=type_, since=as_day(since),
        until=as_day(until), text=search, include_negated=not asserted,
    )  # fmt: skip


def events_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    actor: ActorOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    asserted: AssertedOpt = False,
    fmt: FormatOption = Format.table,
    limit: Annotated[int, limit_option("events")] = 100,
) -> None:
    """List events in day order (the event's date, else its article's publication date),
    filtered by actor, type, date and words of the sentence.

    Each event is a line (day, source → target, type and mode, flags, intensity, outlets
    reporting it) with its sentence below, the trigger marked, and the outlet. Unknown
    codes are errors that name the closest known ones.
    """
    where = event_filter(
        actor=actor, source=source, target=target, type_=type_, since=since, until=until,
        search=search, asserted=asserted,
    )  # fmt: skip
    with open_reader(db, config) as tdb:
        table = tdb.events(where, limit=limit)
    if fmt is not Format.table:
        render(table, fmt)
        return
    print_event_records(table.records(), title="events", out=console())


def event_day(ev: dict[str, Any]) -> str:
    """The day an event is sorted by: its event date, else ``~`` and its publication date."""
    if ev.get("event_date"):
        return cell(ev["event_date"])
    return f"~{cell(ev['date'])}" if ev.get("date") else "undated"


def flags(row: dict[str, Any]) -> str:
    """The one flags column: neg, hyp, nuc."""
    names = (("negated", "neg"), ("hypothetical", "hyp"), ("nuclear", "nuc"))
    return " ".join(short for key, short in names if row.get(key))


def _side(code: Any, sector: Any) -> str:
    return " ".join(str(v) for v in (code, sector) if v) or "–"


EVENT_FIELDS = (
    Field("day", event_day, max_width=11),
    Field("source", lambda r: _side(r["source_code"], r["source_sector"]), max_width=14),
    Field("target", lambda r: _side(r["target_code"], r["target_sector"]), max_width=14),
    Field("type", lambda r: r["type"] + (f" ({r['mode']})" if r.get("mode") else ""), max_width=24),
    Field("flags", flags, max_width=11),
    Field("int.", lambda r: cell(r.get("intensity"), 1), right=True, max_width=5),
    Field("outlets", lambda r: cell(r.get("num_sources")), right=True, max_width=7),
)


def event_body(row: dict[str, Any], out: Console) -> Text:
    """The sentence with its trigger marked, then the outlet."""
    text = " ".join(str(row["text"]).split())
    return with_source(
        highlighted(text, find_span(text, row.get("event_text")), out), row.get("outlet")
    )


def print_event_records(rows: list[dict[str, Any]], *, title: str, out: Console) -> None:
    """Events as records: the fields line and the sentence below."""
    print_records(rows, EVENT_FIELDS, event_body, title=title, legend=DAY_LEGEND, out=out)


def errors_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Format.table,
    limit: Annotated[int, limit_option("errors")] = 50,
) -> None:
    """List sources and records that could not be read, with the reason (newest first)."""
    with open_reader(db, config) as tdb:
        table = tdb.ingest_errors(limit=limit)
        total = tdb.stats().get("ingest_errors", 0)
    if fmt is not Format.table:
        render(table, fmt)
        return
    out = console()
    fields = (
        Field("code", lambda r: r["code"], max_width=5),
        Field("last seen", lambda r: cell(r["last_seen"]), max_width=16),
    )
    print_records(
        table.records(), fields, lambda r, _: Text(" ".join(str(r["message"]).split())),
        title="ingest errors", out=out,
    )  # fmt: skip
    if total > len(table):
        out.print(f"… {total - len(table)} more (--limit {total} shows them all)")


def export_cmd(
    out: Annotated[Path, typer.Argument(help="Output file; the suffix picks the format.")],
    db: DbOption = None,
    config: ConfigOption = None,
    table: Annotated[
        str, typer.Option(help="What to export: events, articles, quotes, threats, alerts, ...")
    ] = "events",
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl, csv or parquet [default: suffix].")
    ] = None,
    plover: Annotated[
        bool, typer.Option(help="Events as PLOVER JSON records (the extract contract).")
    ] = False,
    actor: ActorOpt = None,
    source: SourceOpt = None,
    target: TargetOpt = None,
    type_: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    asserted: AssertedOpt = False,
) -> None:
    """Export a table to JSON Lines, CSV or Parquet; events with the filters of `tocsin
    events` and the same columns as the Python API (outlet, URL, quad class, Goldstein,
    CAMEO, corroboration, place)."""
    where = event_filter(
        actor=actor, source=source, target=target, type_=type_, since=since, until=until,
        search=search, asserted=asserted,
    )  # fmt: skip
    filtered = where != EventFilter()
    if filtered and table != "events":
        raise typer.BadParameter("the event filters apply to --table events only")
    with open_reader(db, config) as tdb:
        n = tdb.export(out, table=table, fmt=fmt, where=where if filtered else None, plover=plover)
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
    with open_reader(path) as tdb:
        via = f" (through {tdb.url})" if hasattr(tdb, "url") else ""
        out.print(f"database {path}: schema v{tdb.schema_version()}{via}")
        for name, count in tdb.stats().items():
            out.print(f"  {name:16} {count:>10,}")

"""``tocsin analyze``, ``tocsin rebuild`` and ``tocsin summary``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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
from tocsin.engines import ENGINES
from tocsin.pipeline import RunSummary

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("analyze")(analyze_cmd)
    app.command("rebuild")(rebuild_cmd)
    app.command("summary")(summary_cmd)


def analyze_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, URLs, feeds, or - for stdin.", show_default=False),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOpt = None,
    engine: Annotated[
        str | None,
        typer.Option(
            help="Where batches are processed: local (worker processes here) or ray (a Ray "
            "cluster; pip install 'tocsin[ray]'). Default: the pipeline.engine setting.",
            show_default=False,
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            help="Ray cluster to join with --engine ray: auto, or ray://HEAD:10001 "
            "(default: the pipeline.ray_address setting; empty starts Ray on this machine).",
            show_default=False,
        ),
    ] = None,
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
    reprocess: Annotated[
        bool, typer.Option(help="Re-analyse articles already in the database.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read SOURCES, extract events, threats and quotes, and store them in the database.

    While it runs, read-only commands on the same database (`tocsin summary`, `events`...)
    are answered through it (its lock file names the address).
    """
    from tocsin.config import load_settings
    from tocsin.runner import analyze_into, ingest_options
    from tocsin.watch.server import open_for_writing, serving_reads

    settings = load_settings(config_file=config)
    if engine is not None and engine not in ENGINES:
        raise typer.BadParameter(f"must be one of {', '.join(ENGINES)}", param_hint="--engine")
    options = ingest_options(
        settings,
        text_field=text_field, id_field=id_field, date_field=date_field, url_field=url_field,
        title_field=title_field, outlet_field=outlet_field, glob=glob, format=fmt,
        date=date.date() if date else None, outlet=outlet, encoding=encoding,
        fetch_entries=fetch_entries,
    )  # fmt: skip
    target = db_path(db, config)
    # S020 names the server holding it, if one does
    database = open_for_writing(target, memory_limit=settings.store.memory_limit)
    with (
        database,
        database.releasing(),  # DuckDB's memory handed back after each write
        serving_reads(database, db=target, settings=settings),  # others read meanwhile
        Progress(
            SpinnerColumn(),
            BarColumn(bar_width=20),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("listing sources…", total=None)

        def on_progress(s: RunSummary) -> None:
            reading = s.reading
            total = reading.sources_total if reading is not None else 0
            done = reading.sources_done if reading is not None else 0
            bar.update(task, description=progress_line(s), total=total or None, completed=done)

        summary = analyze_into(
            database, sources, settings=settings, options=options, workers=workers,
            reprocess=reprocess, progress=on_progress, engine=engine, address=address,
        )  # fmt: skip
    print_run(summary, target)
    if summary.articles_read == 0 and summary.errors:
        raise typer.Exit(1)


def progress_line(s: RunSummary) -> str:
    """One line of progress: sources read of the total, pages being fetched, articles."""
    counts = (
        f"{s.articles_added} articles · {s.words:,} words · {s.articles_per_s:.1f} articles/s · "
        f"{s.added.get('events', 0)} events"
    )
    if s.state.startswith("finalizing"):
        return f"{s.state} · {counts}"
    r = s.reading
    if r is None:
        return counts
    parts = [f"sources {r.sources_done}/{r.sources_total}"]
    if r.network_down:
        parts.append("network down: no more pages fetched")
    elif r.fetching or r.fetched or r.fetch_failed:
        parts.append(f"fetching {r.fetching} pages ({r.fetched} fetched, {r.fetch_failed} failed)")
    return " · ".join([*parts, counts])


def print_run(summary: RunSummary, db: Path) -> None:
    """Print the end-of-run report."""
    out = Console()
    if summary.recovered_runs:
        out.print(
            f"[yellow]note[/yellow]: {len(summary.recovered_runs)} earlier run(s) did not "
            "finish; stories, red lines and alerts were rebuilt over every article"
        )
    for err in summary.errors:
        if err.code == "I023":
            out.print(f"[yellow]warning[/yellow]: [{err.code}] {err.message}")
    out.print(
        f"[bold]tocsin analyze[/bold] → {db}: read {_n(summary.articles_read, 'article')}, "
        f"added {summary.articles_added}, skipped {summary.articles_skipped} already stored, "
        f"{len(summary.errors)} errors in {summary.seconds:.1f}s "
        f"({summary.articles_per_s:.1f} articles/s, {summary.words_per_s:,.0f} words/s)"
    )
    if summary.sentences:
        out.print(
            f"  parsed {summary.sentences_parsed:,} of {summary.sentences:,} sentences "
            f"({summary.parsed_share:.0%}; the cascade skipped the rest, see docs/scale.md)"
        )
    added = {k: v for k, v in summary.added.items() if k != "articles" and v}
    if added:
        out.print("  new rows: " + ", ".join(f"{k} {v}" for k, v in sorted(added.items())))
    for name, result in summary.finalizers.items():
        if not any(result.values()):
            continue  # nothing new for this finalizer
        out.print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    if summary.files_skipped:
        out.print("  " + skipped_line(summary.files_skipped), soft_wrap=False)
    for err in summary.errors[:20]:
        where = f"{err.source}" + (f" [{err.record}]" if err.record else "")
        out.print(f"  [yellow]skipped[/yellow] {where}: [{err.code}] {err.message}")
    if len(summary.errors) > 20:
        out.print(f"  … and {len(summary.errors) - 20} more (see `tocsin errors`)")


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def skipped_line(skipped: list[tuple[str, str]], shown: int = 6) -> str:
    """ "left out 3 files that are not news: README.md (project file), ..." for a run."""
    names = ", ".join(f"{Path(p).name} ({why})" for p, why in skipped[:shown])
    more = f" and {len(skipped) - shown} more" if len(skipped) > shown else ""
    word = "file that is" if len(skipped) == 1 else "files that are"
    return f"left out {len(skipped)} {word} not news: {escape(names)}{more}"


def rebuild_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Rebuild the derived tables (stories, event groups, red-line ledger, alerts) from the
    stored articles, events and threats.

    A run that finds an earlier run unfinished (killed, out of disk) does this by itself;
    run it after restoring a backup, changing dedup or red-line settings, or editing the
    database by hand.
    """
    from tocsin.config import load_settings
    from tocsin.errors import StoreError
    from tocsin.finalize import rebuild_into
    from tocsin.watch.server import open_for_writing, serving_reads

    settings = load_settings(config_file=config)
    target = db_path(db, config)
    if not target.exists():
        raise StoreError("S003", path=str(target))
    # S020 names the server holding it, if one does
    database = open_for_writing(target, memory_limit=settings.store.memory_limit)
    with (
        database,
        database.releasing(),  # DuckDB's memory handed back after each write
        serving_reads(database, db=target, settings=settings),  # others read meanwhile
        console.status("rebuilding…") as status,
    ):
        results = rebuild_into(
            database, settings, on_step=lambda n: status.update(f"rebuilding {n}…")
        )
    out = Console()
    out.print(f"[bold]tocsin rebuild[/bold] → {target}")
    for name, result in results.items():
        shown = ", ".join(f"{k} {v}" for k, v in result.items()) or "nothing to do"
        out.print(f"  {name}: {shown}")


def summary_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Print a readable overview of the database: articles, events, dyads, threats, alerts."""
    from tocsin.summary import print_summary

    print_summary(db_path(db, config), console=Console())

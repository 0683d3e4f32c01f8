"""``tocsin analyze`` and ``tocsin summary``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tocsin.cli.options import ConfigOption, DbOption, db_path
from tocsin.engines import ENGINES
from tocsin.pipeline import RunSummary

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("analyze")(analyze_cmd)
    app.command("summary")(summary_cmd)


def analyze_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, URLs, feeds, or - for stdin.", show_default=False),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-j",
            help="Worker processes (or Ray actors) for parsing and extraction; 0 = one per "
            "available core (default: the nlp.workers setting, 0).",
            show_default=False,
        ),
    ] = None,
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
    text_field: Annotated[
        str | None,
        typer.Option(help="JSONL/CSV field holding the text (default: text, body, content, …)."),
    ] = None,
    id_field: Annotated[str | None, typer.Option(help="JSONL/CSV field holding an id.")] = None,
    date_field: Annotated[
        str | None, typer.Option(help="JSONL/CSV field holding the publication date.")
    ] = None,
    url_field: Annotated[str | None, typer.Option(help="JSONL/CSV field holding the URL.")] = None,
    title_field: Annotated[
        str | None, typer.Option(help="JSONL/CSV field holding the title.")
    ] = None,
    outlet_field: Annotated[
        str | None, typer.Option(help="JSONL/CSV field holding the outlet name.")
    ] = None,
    glob: Annotated[
        str | None, typer.Option(help="File pattern inside directories, e.g. '*.html'.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="Force a reader: text, html, jsonl, csv, sgml (Reuters), feed."
        ),
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option(help="Publication date for sources that carry none.", formats=["%Y-%m-%d"]),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet for sources that carry none.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Force the text encoding instead of detecting it.")
    ] = None,
    fetch_entries: Annotated[
        bool | None,
        typer.Option(
            "--fetch-entries/--no-fetch-entries",
            help="For feeds, fetch each entry's page, or use the entry summary only "
            "(default: the ingest.fetch_entries setting).",
            show_default=False,
        ),
    ] = None,
    reprocess: Annotated[
        bool, typer.Option(help="Re-analyse articles already in the database.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read SOURCES, extract events, threats and quotes, and store them in the database."""
    from tocsin.config import load_settings
    from tocsin.runner import analyze, ingest_options

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
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as bar:
        task = bar.add_task("reading sources…")

        def on_progress(s: RunSummary) -> None:
            bar.update(
                task,
                description=f"{s.articles_added} articles · {s.words:,} words · "
                f"{s.articles_per_s:.1f} articles/s · {s.added.get('events', 0)} events",
            )

        summary = analyze(
            sources, db=target, settings=settings, options=options, workers=workers,
            reprocess=reprocess, progress=on_progress, engine=engine, address=address,
        )  # fmt: skip
    print_run(summary, target)
    if summary.articles_read == 0 and summary.errors:
        raise typer.Exit(1)


def print_run(summary: RunSummary, db: Path) -> None:
    """Print the end-of-run report."""
    out = Console()
    out.print(
        f"[bold]tocsin analyze[/bold] → {db}: read {summary.articles_read} articles, "
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
    for err in summary.errors[:20]:
        where = f"{err.source}" + (f" [{err.record}]" if err.record else "")
        out.print(f"  [yellow]skipped[/yellow] {where}: [{err.code}] {err.message}")
    if len(summary.errors) > 20:
        out.print(f"  … and {len(summary.errors) - 20} more (see `tocsin errors`)")


def summary_cmd(db: DbOption = None, config: ConfigOption = None) -> None:
    """Print a readable overview of the database: articles, events, dyads, threats, alerts."""
    from tocsin.summary import print_summary

    print_summary(db_path(db, config), console=Console())

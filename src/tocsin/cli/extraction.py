"""``tocsin extract`` and ``tocsin eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tocsin.cli.options import ConfigOption

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("extract")(extract_cmd)
    app.command("eval")(eval_cmd)


def extract_cmd(
    source: Annotated[str, typer.Argument(help="JSONL or CSV file of records, or - for stdin.")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Output JSONL [default: stdout].")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Field holding the text.")] = "text",
    date_field: Annotated[
        str | None, typer.Option(help="Field holding the publication date.")
    ] = None,
    id_field: Annotated[
        str | None, typer.Option(help="Field holding the record id (written as doc_id).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Worker processes.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Extract PLOVER events from each record; one JSON object per event (no database)."""
    from tocsin.config import load_settings
    from tocsin.extract import extract

    settings = load_settings(config_file=config)
    if out is None:
        summary = extract(source, sys.stdout, text_field=text_field, date_field=date_field,
                          id_field=id_field, settings=settings, workers=workers)  # fmt: skip
    else:
        with out.open("w", encoding="utf-8") as fh:
            summary = extract(source, fh, text_field=text_field, date_field=date_field,
                              id_field=id_field, settings=settings, workers=workers)  # fmt: skip
    for e in summary.errors[:20]:
        err.print(f"skipped {e.source} [{e.record or ''}]: [{e.code}] {e.message}")
    err.print(f"{summary.records} records, {summary.events} events, {len(summary.errors)} errors")
    if summary.records == 0 and summary.errors:
        raise typer.Exit(1)


def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (format: docs/eval.md).")],
    system: Annotated[
        Path | None,
        typer.Option(help="Score this system file instead of running tocsin on the gold texts."),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List misses and spurious events per sentence.")
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write all metrics as JSON here.")
    ] = None,
    save_system: Annotated[
        Path | None, typer.Option(help="Write tocsin's PLOVER records for the gold texts here.")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Pinned baselines JSON; fail (exit 4) below them.")
    ] = None,
    baseline_name: Annotated[
        str | None, typer.Option(help="Entry of the baseline file [default: gold file stem].")
    ] = None,
    tolerance: Annotated[float, typer.Option(help="Allowed drop below the baseline.")] = 0.02,
    config: ConfigOption = None,
) -> None:
    """Score event extraction against gold sentences (protocol: shared/eval/README.md §2)."""
    from tocsin import evaluate
    from tocsin.cli import EXIT_GATE_FAILED
    from tocsin.cli.output import write_jsonl
    from tocsin.config import load_settings
    from tocsin.extract import check_gate, evaluate_file, read_baseline

    settings = load_settings(config_file=config)

    def keep(records: list[dict[str, object]]) -> None:
        if save_system is not None:
            with save_system.open("w", encoding="utf-8") as fh:
                write_jsonl(records, fh)

    result, sentences = evaluate_file(gold, system=system, settings=settings, on_system=keep)
    out = Console()
    out.print(evaluate.format_report(result))
    if errors:
        for item in evaluate.errors(sentences):
            out.print(f"\n[bold]{item['id']}[/bold] {item['text']}")
            for miss in item["missed"]:
                out.print(f"  [red]missed  [/red] {miss}")
            for spur in item["spurious"]:
                out.print(f"  [yellow]spurious[/yellow] {spur}")
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if baseline is not None:
        pinned = read_baseline(baseline, baseline_name or gold.stem)
        failures = check_gate(result, pinned, tolerance=tolerance)
        for failure in failures:
            err.print(f"[red]quality gate failed[/red]: {failure}")
        if failures:
            raise typer.Exit(EXIT_GATE_FAILED)

"""``tocsin threats`` and ``tocsin redlines``: threats with their structure, and the ledger."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from tocsin.cli.options import ConfigOption, DbOption, db_path
from tocsin.cli.output import Format, render
from tocsin.query import open as open_db

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LimitOption = Annotated[int, typer.Option(help="Show at most this many rows.")]

THREATS_SHOWN = (
    "date", "issuer_code", "addressee_code", "condition_text", "consequence_text", "nuclear",
    "framing",
)  # fmt: skip
REDLINES_SHOWN = (
    "issuer_code", "addressee_code", "polarity", "condition_text", "consequence_text",
    "first_stated", "last_stated", "statements", "crossings", "first_crossed",
    "consequence_followed",
)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("threats")(threats_cmd)
    app.command("redlines")(redlines_cmd)


def threats_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer actor code, e.g. RUS.")] = None,
    addressee: Annotated[str | None, typer.Option(help="Addressee actor code, e.g. NATO.")] = None,
    nuclear: Annotated[
        bool | None, typer.Option("--nuclear/--not-nuclear", help="Only (non-)nuclear threats.")
    ] = None,
    conditional: Annotated[
        bool, typer.Option(help="Only threats that state a condition (red lines).")
    ] = False,
    fmt: FormatOption = Format.table,
    limit: LimitOption = 100,
) -> None:
    """List threats: issuer → addressee, condition → consequence, framing, nuclear."""
    with open_db(db_path(db, config)) as tdb:
        table = tdb.threats(issuer=issuer, addressee=addressee, nuclear=nuclear, limit=limit)
    if conditional and table.columns:
        idx = table.columns.index("condition_text")
        table.rows = [r for r in table.rows if r[idx]]
    render(table, fmt, title="threats", columns=THREATS_SHOWN)


def redlines_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer actor code.")] = None,
    addressee: Annotated[str | None, typer.Option(help="Addressee actor code.")] = None,
    crossed: Annotated[
        bool | None, typer.Option("--crossed/--not-crossed", help="Only (un)crossed red lines.")
    ] = None,
    show: Annotated[
        str | None, typer.Option(help="Show one red line (id) with statements and crossings.")
    ] = None,
    fmt: FormatOption = Format.table,
    limit: LimitOption = 100,
) -> None:
    """The red-line ledger: who drew which line, when restated, crossed, and what followed."""
    with open_db(db_path(db, config)) as tdb:
        if show is not None:
            _print_redline(tdb.redline(show), show)
            return
        table = tdb.redlines(issuer=issuer, addressee=addressee, crossed=crossed, limit=limit)
    render(table, fmt, title="red lines", columns=REDLINES_SHOWN if table.columns else None)


def _print_redline(line: dict[str, object] | None, redline_id: str) -> None:
    out = Console()
    if line is None:
        out.print(f"no red line {redline_id}")
        raise typer.Exit(1)
    out.print(f"[bold]{line['issuer_code']} → {line['addressee_code']}[/bold]  ({line['id']})")
    out.print(f"  {line.get('polarity') or 'if'}: {line['condition_text']}")
    out.print(f"  then: {line['consequence_text']}")
    for part in ("statements", "crossings", "consequences", "compliance"):
        rows = line.get(part) or []
        assert isinstance(rows, list)
        if part == "compliance" and not rows:
            continue
        out.print(f"  {part} ({len(rows)}):")
        for r in rows:
            out.print(f"    {r.get('date')}  {r.get('outlet') or ''}  {str(r.get('text'))[:110]}")
            if r.get("reason"):
                out.print(f"      matched: {r['reason']}", markup=False)

"""``tocsin threats`` and ``tocsin redlines``: threats with their structure, and the ledger."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from tocsin.cli.options import ConfigOption, DbOption, FormatHelp, limit_option, open_reader
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

FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FormatHelp)]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("threats")(threats_cmd)
    app.command("redlines")(redlines_cmd)


def _dyad(issuer: Any, addressee: Any) -> str:
    return f"{issuer or '?'} → {addressee or 'any'}"


THREAT_FIELDS = (
    Field("date", lambda r: cell(r["date"]) or "undated", max_width=10),
    Field("issuer → addressee", lambda r: _dyad(r["issuer_code"], r["addressee_code"])),
    Field("flags", lambda r: " ".join(f for f in ("nuclear" if r["nuclear"] else "",
                                                   "conditional" if r["condition_text"] else "")
                                      if f), max_width=20),
    Field("framing", lambda r: cell([f for f in r.get("framing") or [] if f != "nuclear"]),
          max_width=30),
)  # fmt: skip


def threat_body(row: dict[str, Any], out: Console) -> Text:
    """ "if CONDITION → CONSEQUENCE", then the sentence with the consequence marked."""
    text = " ".join(str(row["text"]).split())
    if row.get("condition_text"):
        head = Text(f"if {row['condition_text']} → {row.get('consequence_text') or '?'}\n")
    else:
        head = Text(f"threat: {row.get('consequence_text') or '(unstated)'}\n")
    sentence = highlighted(text, find_span(text, row.get("consequence_text")), out)
    return head.append_text(with_source(sentence, row.get("outlet")))


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
    limit: Annotated[int, limit_option("threats")] = 100,
) -> None:
    """List threats, newest first: issuer → addressee, flags and framing on one line, the
    condition → consequence and the sentence below."""
    with open_reader(db, config) as tdb:
        table = tdb.threats(issuer=issuer, addressee=addressee, nuclear=nuclear, limit=limit)
    if conditional and table.columns:
        idx = table.columns.index("condition_text")
        table.rows = [r for r in table.rows if r[idx]]
    if fmt is not Format.table:
        render(table, fmt)
        return
    print_records(table.records(), THREAT_FIELDS, threat_body, title="threats", out=console())


REDLINE_FIELDS = (
    Field("first stated", lambda r: cell(r["first_stated"]) or "undated", max_width=12),
    Field("issuer → addressee", lambda r: _dyad(r["issuer_code"], r["addressee_code"])),
    Field("stated", lambda r: cell(r["statements"]), right=True, max_width=6),
    Field("crossed", lambda r: f"{r['crossings']}× from {cell(r['first_crossed'])}"
          if r["crossings"] else "no", max_width=18),
    Field("followed", lambda r: "yes" if r.get("consequence_followed") else "no", max_width=8),
)  # fmt: skip


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
    limit: Annotated[int, limit_option("red lines (and statements with --show)")] = 100,
) -> None:
    """The red-line ledger: who drew which line, when restated, crossed, and what followed."""
    with open_reader(db, config) as tdb:
        if show is not None:
            _print_redline(tdb.redline(show), show, limit)
            return
        table = tdb.redlines(issuer=issuer, addressee=addressee, crossed=crossed, limit=limit)
    if fmt is not Format.table:
        render(table, fmt)
        return
    print_records(
        table.records(), REDLINE_FIELDS,
        lambda r, _: Text(f"{_rule(r)}  (--show {r['id']})"),
        title="red lines", out=console(),
    )  # fmt: skip


def _print_redline(line: dict[str, Any] | None, redline_id: str, limit: int) -> None:
    out = console()
    if line is None:
        out.print(f"no red line {redline_id}")
        raise typer.Exit(1)
    out.print(Text(f"{_dyad(line['issuer_code'], line['addressee_code'])}  ({line['id']})", "bold"))
    out.print(Text(_rule(line)))
    fields = (
        Field("date", lambda r: cell(r.get("date")) or "undated", max_width=10),
        Field("outlet", lambda r: cell(r.get("outlet")), max_width=24),
    )
    for part in ("statements", "crossings", "consequences", "compliance"):
        rows = line.get(part) or []
        if part == "compliance" and not rows:
            continue  # only an "unless" line has compliance
        print_records(rows[:limit], fields, _part_body, title=part, out=out)
        if len(rows) > limit:
            out.print(f"… {len(rows) - limit} more {part} (--limit)")


def _rule(line: dict[str, Any]) -> str:
    """ "if CONDITION → CONSEQUENCE" (or "unless ..." for a line of that polarity)."""
    polarity = line.get("polarity") or "if"
    return f"{polarity} {line['condition_text']} → {line.get('consequence_text') or '?'}"


def _part_body(row: dict[str, Any], _: Console) -> Text:
    """The sentence of a statement, crossing or consequence; for a crossing, why it matched."""
    text = Text(" ".join(str(row.get("text") or "").split()))
    if row.get("reason"):
        text.append(f"\nmatched: {' '.join(str(row['reason']).split())}", style="dim")
    return text

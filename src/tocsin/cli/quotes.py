"""``tocsin quotes``: stored quotations and attributed statements, with their speakers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.text import Text

from tocsin.cli.options import ConfigOption, DbOption, FormatHelp, limit_option, open_reader
from tocsin.cli.output import Field, Format, cell, console, print_records, render, with_source
from tocsin.query import QuoteFilter

#: The first line of each quote in the terminal (jsonl and csv carry every column).
FIELDS = (
    Field("published", lambda r: cell(r.get("published")) or "undated", max_width=10),
    Field("kind", lambda r: r["kind"], max_width=8),
    Field("speaker", lambda r: cell(r.get("speaker")) or "unattributed", max_width=30),
    Field("actor", lambda r: cell(r.get("speaker_code")), max_width=8),
    Field("conf.", lambda r: cell(r.get("confidence")), right=True, max_width=5),
)


class QuoteKind(StrEnum):
    """The kinds of quote the ``quotes`` stage stores."""

    direct = "direct"
    partial = "partial"
    indirect = "indirect"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("quotes")(quotes_cmd)


def quotes_cmd(
    db: DbOption = None,
    config: ConfigOption = None,
    speaker: Annotated[
        str | None,
        typer.Option(help="Speaker name, any case; a surname alone matches ('putin')."),
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Speaker's actor code, e.g. RUS.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    kind: Annotated[QuoteKind | None, typer.Option(help="Only this kind of quote.")] = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Leave out quotes below this confidence (scare quotes: 0.3 at most).",
        ),
    ] = 0.0,
    fmt: Annotated[Format, typer.Option("--format", "-f", help=FormatHelp)] = Format.table,
    limit: Annotated[int, limit_option("quotes")] = 100,
) -> None:
    """List quotations with their speakers: newest articles first, then in text order."""
    where = QuoteFilter(
        speaker=speaker,
        actor=actor,
        article_id=article,
        kind=kind.value if kind else None,
        min_confidence=min_confidence,
    )
    with open_reader(db, config) as tdb:
        table = tdb.quotes(where, limit=limit)
    if fmt is not Format.table:
        render(table, fmt)
        return
    print_records(
        table.records(), FIELDS,
        lambda r, _: with_source(Text(" ".join(str(r["text"]).split())), r.get("article_title")),
        title="quotes", out=console(),
    )  # fmt: skip

"""``tocsin quotes``: stored quotations and attributed statements, with their speakers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from tocsin.cli.options import ConfigOption, DbOption, db_path
from tocsin.cli.output import Format, render
from tocsin.query import QuoteFilter
from tocsin.query import open as open_db

#: Columns of the table view (jsonl and csv carry every column, ids and offsets included).
COLUMNS = ("published", "kind", "speaker", "speaker_code", "confidence", "text")


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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many rows.")] = 100,
) -> None:
    """List quotations with their speakers: newest articles first, then in text order."""
    where = QuoteFilter(
        speaker=speaker,
        actor=actor,
        article_id=article,
        kind=kind.value if kind else None,
        min_confidence=min_confidence,
    )
    with open_db(db_path(db, config)) as tdb:
        table = tdb.quotes(where, limit=limit)
    render(table, fmt, title="quotes", columns=COLUMNS if table.columns else ())

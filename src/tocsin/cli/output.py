"""Rendering query results for the terminal: a rich table, JSON Lines or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table as RichTable

from tocsin.query import Table


class Format(StrEnum):
    """Output formats of the listing commands."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON object per line; return how many."""
    n = 0
    for rec in records:
        out.write(json.dumps({k: _plain(v) for k, v in rec.items()}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(table: Table, out: TextIO) -> int:
    """Write a header and one CSV row per record (lists joined with ';')."""
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([";".join(map(str, v)) if isinstance(v, list) else _plain(v) for v in row])
    return len(table)


def print_table(
    table: Table,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    max_width: int = 60,
    console: Console | None = None,
) -> None:
    """Print ``table`` as a rich table, long cells cut to ``max_width`` characters."""
    # columns a database of an older schema lacks are left out
    cols = [c for c in (columns or table.columns) if c in table.columns]
    idx = [table.columns.index(c) for c in cols]
    rich_table = RichTable(title=title, show_lines=False, header_style="bold")
    for c in cols:
        rich_table.add_column(c, overflow="fold")
    for row in table.rows:
        cells = []
        for i in idx:
            value = _plain(row[i])
            text = "" if value is None else str(value)
            cells.append(text if len(text) <= max_width else text[: max_width - 1] + "…")
        rich_table.add_row(*cells)
    (console or Console()).print(rich_table)


def render(
    table: Table,
    fmt: Format,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    out: TextIO | None = None,
    max_width: int = 60,
) -> None:
    """Print ``table`` in ``fmt`` to ``out`` (stdout by default); table cells are cut to
    ``max_width`` characters."""
    stream = out or sys.stdout
    if fmt is Format.jsonl:
        write_jsonl(table, stream)
    elif fmt is Format.csv:
        write_csv(table, stream)
    else:
        print_table(table, title=title, columns=columns, max_width=max_width)

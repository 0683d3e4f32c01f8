"""Rendering query results for the terminal: records, tables, JSON Lines or CSV.

Terminal output uses the width it has (``COLUMNS`` or the terminal's) and never breaks a word
inside a cell. Listings whose rows carry a sentence or a message (events, threats, red lines,
alerts, quotes, errors) print each row as **records**: one line of short fields (date,
actors, type, one flags column) and the text below it, indented and wrapped at word
boundaries. Tables of short values (series, dyads, stories) print as a table whose text
column alone wraps. Cells are never ``None`` or a Python list: missing values are blank,
lists are joined with commas, booleans are words.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from tocsin.query import Table

#: Indent of a record's text under its first line.
INDENT = 4
#: Style of a highlighted span (the trigger) on a colour terminal; in plain output
#: (a pipe, a file, NO_COLOR) the span is marked *like this* instead.
HIGHLIGHT = "bold reverse"


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


def cell(value: Any, digits: int = 2) -> str:
    """A value as terminal text: blank for None, lists joined, floats rounded, dates ISO."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    for kind, write in _CELLS:
        if isinstance(value, kind):
            return write(value, digits)
    return " ".join(str(value).split())


def _float(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


#: How each kind of value is written (bool before int: a bool is an int).
_CELLS: tuple[tuple[type | tuple[type, ...], Callable[[Any, int], str]], ...] = (
    (bool, lambda v, _: "yes" if v else "no"),
    (float, _float),
    (dt.datetime, lambda v, _: v.strftime("%Y-%m-%d %H:%M")),
    (dt.date, lambda v, _: v.isoformat()),
    ((list, tuple), lambda v, d: ", ".join(cell(x, d) for x in v if x is not None)),
)


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr) that soft-wraps at word boundaries."""
    return Console(stderr=stderr, highlight=False)


def plain(out: Console) -> bool:
    """True when ``out`` prints no styles (a pipe, a file, NO_COLOR)."""
    return out.color_system is None or out.no_color


def highlighted(text: str, span: tuple[int, int] | None, out: Console) -> Text:
    """``text`` with ``span`` (start, end) marked: styled on a terminal, *starred* in plain."""
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        return Text(text)
    start, end = span
    if plain(out):
        return Text(f"{text[:start]}*{text[start:end]}*{text[end:]}")
    result = Text(text)
    result.stylize(HIGHLIGHT, start, end)
    return result


def find_span(text: str, words: str | None) -> tuple[int, int] | None:
    """Where ``words`` first occur in ``text`` (as a span), or None."""
    if not words:
        return None
    at = text.find(words)
    return (at, at + len(words)) if at >= 0 else None


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record's first line: its header and how to write it from a row.
    ``right`` aligns numbers; ``max_width`` cuts long values with an ellipsis."""

    header: str
    value: Callable[[dict[str, Any]], str]
    right: bool = False
    max_width: int = 28


def print_records(
    rows: Sequence[dict[str, Any]],
    fields: Sequence[Field],
    body: Callable[[dict[str, Any], Console], Text | None],
    *,
    title: str,
    legend: str | None = None,
    out: Console | None = None,
) -> None:
    """Print each row as a line of ``fields`` and its ``body`` text below, wrapped.

    The fields are padded into columns (the widest value decides, up to its
    ``max_width``), so the lines read as a table; the body uses the whole width.
    """
    out = out or console()
    if not rows:
        out.print(f"{title}: none")
        return
    values = [[_fit(f.value(r), f.max_width) for f in fields] for r in rows]
    widths = [max(len(f.header), *(len(v[i]) for v in values)) for i, f in enumerate(fields)]
    out.print(Text(f"{title} ({len(rows)})", style="bold"))
    if legend:
        out.print(Text(legend, style="dim"))
    out.print(Text(_line([f.header for f in fields], widths, fields), style="bold"))
    for row, cells in zip(rows, values, strict=True):
        out.print(Text(_line(cells, widths, fields), no_wrap=True, overflow="ellipsis"))
        text = body(row, out)
        if text is not None and text.plain:
            print_indented(text, out)


def print_indented(text: Text, out: Console, indent: int = INDENT) -> None:
    """Print ``text`` wrapped at word boundaries to the console's width, every line
    indented by ``indent`` spaces (no trailing blanks)."""
    for line in text.wrap(out, max(20, out.width - indent)):
        line.rstrip()
        out.print(Text(" " * indent).append_text(line), no_wrap=True, overflow="fold")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _line(cells: Sequence[str], widths: Sequence[int], fields: Sequence[Field]) -> str:
    parts = [
        c.rjust(w) if f.right else c.ljust(w) for c, w, f in zip(cells, widths, fields, strict=True)
    ]
    return "  ".join(parts).rstrip()


def with_source(text: Text, *parts: str | None) -> Text:
    """``text`` followed by " — " and the non-empty ``parts`` (outlet, date ...), dimmed."""
    tail = ", ".join(p for p in parts if p)
    if tail:
        text.append(" — " + tail, style="dim")
    return text


def print_table(
    table: Table,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    wrap: Sequence[str] = (),
    out: Console | None = None,
) -> None:
    """Print ``table`` as a rich table. Only the ``wrap`` columns (text) wrap, at word
    boundaries; the others keep their values whole (an ellipsis when the terminal is too
    narrow for them). Columns a database of an older schema lacks are left out."""
    out = out or console()
    names = headers or {}
    wanted = [c for c in (columns or table.columns) if c in table.columns]
    cols = _fitting(table, wanted, names, wrap, out.width)
    idx = [table.columns.index(c) for c in cols]
    grid = RichTable(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for c in cols:
        numeric = _numeric(table, table.columns.index(c))
        grid.add_column(
            names.get(c, c),
            justify="right" if numeric else "left",
            no_wrap=c not in wrap,
            overflow="fold" if c in wrap else "ellipsis",
            ratio=1 if c in wrap else None,
        )
    for row in table.rows:
        grid.add_row(*(Text(cell(row[i])) for i in idx))
    out.print(grid)
    left = [c for c in wanted if c not in cols]
    if left:
        out.print(
            Text(f"left out at {out.width} columns: {', '.join(left)} (-f csv has all)", "dim")
        )


#: Room a column takes besides its text (rich's padding and separator).
_COLUMN_GAP = 3
#: Narrowest a wrapped text column may get before columns are dropped for it.
_MIN_TEXT = 24


def _fitting(
    table: Table, cols: list[str], names: dict[str, str], wrap: Sequence[str], width: int
) -> list[str]:
    """``cols`` without as many of the last ones (least important) as it takes for the
    values to fit ``width`` whole; text columns (``wrap``) count ``_MIN_TEXT``."""

    def need(c: str) -> int:
        if c in wrap:
            return _MIN_TEXT + _COLUMN_GAP
        i = table.columns.index(c)
        values = [len(cell(r[i])) for r in table.rows]
        return max(len(names.get(c, c)), *values, 1) + _COLUMN_GAP

    kept = list(cols)
    while len(kept) > 1 and sum(need(c) for c in kept) > width:
        drop = next((c for c in reversed(kept) if c not in wrap), None)
        if drop is None:
            break
        kept.remove(drop)
    return kept


def _numeric(table: Table, i: int) -> bool:
    sample = next((r[i] for r in table.rows if r[i] is not None), None)
    return isinstance(sample, int | float) and not isinstance(sample, bool)


def render(
    table: Table,
    fmt: Format,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    out: TextIO | None = None,
    headers: dict[str, str] | None = None,
    wrap: Sequence[str] = (),
) -> None:
    """Print ``table`` in ``fmt`` to ``out`` (stdout by default): JSON Lines and CSV carry
    every column; the terminal table shows ``columns``."""
    stream = out or sys.stdout
    if fmt is Format.jsonl:
        write_jsonl(table, stream)
    elif fmt is Format.csv:
        write_csv(table, stream)
    else:
        print_table(table, title=title, columns=columns, headers=headers, wrap=wrap)

"""The readable overview printed by ``tocsin summary`` (and at the end of ``make demo``).

Sections are small functions over the read API (``TocsinDB`` or, while a server holds the
database, its ``RemoteDB``); a section whose tables are empty prints nothing, so the summary
grows as later stages fill the database. Nothing prints ``None``: a missing title, outlet or
date is said in words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from tocsin.records import QUAD_NAMES

Section = Callable[[Any, Console], None]


def corpus(tdb: Any, out: Console) -> None:
    """Articles, outlets, date range, errors."""
    c = tdb.corpus()
    stats = tdb.stats()
    span = (
        f", published {c['first_published']} … {c['last_published']}"
        if c["first_published"] else ", none dated"
    )  # fmt: skip
    undated = f" ({c['undated']} undated)" if c["undated"] and c["first_published"] else ""
    out.print(
        f"[bold]Corpus[/bold]: {_n(c['articles'], 'article')} from "
        f"{_n(c['outlets'], 'named outlet')}{span}{undated}; "
        f"{stats['sentences']:,} sentences, {_n(stats['events'], 'event')}, "
        f"{_n(stats['quotes'], 'quote')}, {_n(stats['threats'], 'threat')}, "
        f"{_n(stats['ingest_errors'], 'ingest error')}"
    )


def events_by_type(tdb: Any, out: Console) -> None:
    """Event counts per PLOVER type, grouped by quad class."""
    rows = tdb.type_counts().rows
    if not rows:
        return
    out.print("[bold]Events by type[/bold] (asserted, not negated or hypothetical)")
    for quad in sorted({r[0] for r in rows}):
        parts = ", ".join(f"{t} {n}" for q, t, n in rows if q == quad)
        out.print(f"  {QUAD_NAMES[quad]:<22} {parts}")


def top_dyads(tdb: Any, out: Console) -> None:
    """The ordered actor pairs with the most conflict events, each distinct event counted
    once (``TocsinDB.active_dyads``)."""
    rows = tdb.active_dyads(limit=8).records()
    if not rows:
        return
    out.print("[bold]Most active dyads[/bold] (events, of which conflict)")
    for r in rows:
        dyad = f"{r['source']} → {r['target']}"
        out.print(f"  {dyad:<14} {r['events']:>4}  ({r['conflict']} conflict)")


def stories(tdb: Any, out: Console) -> None:
    """Duplicate articles and the most reprinted stories."""
    counts = tdb.story_counts()
    if not counts["articles"]:
        return
    out.print(
        f"[bold]Stories[/bold]: {counts['articles']} articles in "
        f"{_n(counts['stories'], 'story', 'stories')}; "
        f"{_n(counts['repeated'], 'story', 'stories')} carried by more than one article"
    )
    for story in tdb.stories(min_articles=2, limit=3).records():
        title = story["title"] or f"(untitled, story {story['story_id']})"
        out.print(
            f"  {story['articles']:>3} articles, {_n(story['outlets'], 'outlet')}: {escape(title)}"
        )


def escalating_dyads(tdb: Any, out: Console) -> None:
    """The dyads whose escalation index rose most over the last 30 days of data."""
    rows = tdb.dyads(days=30, limit=5, rising=True).records()
    if not rows:
        return
    out.print(
        "[bold]Rising dyads[/bold] (escalation index over the last 30 days of data, "
        "and its rise on the 30 days before)"
    )
    for r in rows:
        dyad = f"{r['source']} → {r['target']}"
        out.print(
            f"  {dyad:<14} {r['escalation']:>8.1f}  "
            f"({_n(r['events'], 'event')}, rise {r['change']:+.1f})"
        )


def recent_alerts(tdb: Any, out: Console) -> None:
    """The latest alerts (dated ones first; an undated alert is said to be so)."""
    rows = tdb.alerts(limit=5).records()
    if not rows:
        return
    total = tdb.stats().get("alerts", len(rows))
    out.print(f"[bold]Alerts[/bold]: {total} in all; latest:")
    for r in rows:
        when = str(r["date"]) if r["date"] else "undated"
        message = r["message"] or f"{r['rule']} ({r['kind']})"
        out.print(f"  {when} ({r['severity']}) {escape(message)}")


SECTIONS: list[Section] = [
    corpus, events_by_type, top_dyads, stories, escalating_dyads, recent_alerts,
]  # fmt: skip


def print_summary(db: str | Path, *, console: Console | None = None) -> None:
    """Print every section of the summary for database ``db`` (through a running server
    when one holds it)."""
    from tocsin.watch.remote import open_reader

    out = console or Console()
    with open_reader(db) as tdb:
        for section in SECTIONS:
            section(tdb, out)


def _n(count: int, one: str, many: str | None = None) -> str:
    """ "1 story", "3 stories"; "1 outlet", "2 outlets"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"

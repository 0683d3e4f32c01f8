"""The readable overview printed by ``tocsin summary`` (and at the end of ``make demo``).

Sections are small functions over the read API; a section whose tables are empty prints
nothing, so the summary grows as later stages fill the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from tocsin.query import TocsinDB
from tocsin.query import open as open_db
from tocsin.records import QUAD_NAMES

Section = Callable[[TocsinDB, Console], None]


def corpus(tdb: TocsinDB, out: Console) -> None:
    """Articles, outlets, date range, errors."""
    row = tdb.sql(
        "SELECT count(*), count(DISTINCT outlet), min(published), max(published) FROM articles"
    ).rows[0]
    stats = tdb.stats()
    out.print(
        f"[bold]Corpus[/bold]: {row[0]} articles from {row[1]} outlets, {row[2]} … {row[3]}; "
        f"{stats['sentences']:,} sentences, {stats['events']:,} events, "
        f"{stats['quotes']:,} quotes, {stats['threats']:,} threats, "
        f"{stats['ingest_errors']} ingest errors"
    )


def events_by_type(tdb: TocsinDB, out: Console) -> None:
    """Event counts per PLOVER type, grouped by quad class."""
    rows = tdb.sql(
        "SELECT quad_class, type, count(*) FROM events WHERE NOT negated AND NOT hypothetical "
        "GROUP BY ALL ORDER BY quad_class, count(*) DESC"
    ).rows
    if not rows:
        return
    out.print("[bold]Events by type[/bold] (asserted, not negated or hypothetical)")
    for quad in sorted({r[0] for r in rows}):
        parts = ", ".join(f"{t} {n}" for q, t, n in rows if q == quad)
        out.print(f"  {QUAD_NAMES[quad]:<22} {parts}")


def top_dyads(tdb: TocsinDB, out: Console) -> None:
    """The ordered actor pairs with the most conflict events, each distinct event counted
    once (event groups, as the series count them: a sentence a page repeats thirteen times
    or twenty copies of one story are one event)."""
    from tocsin.monitor.series import units_sql

    rows = tdb.sql(
        "SELECT source_code || ' → ' || target_code AS dyad, count(*) AS events, "
        "count(*) FILTER (WHERE quad_class >= 3) AS conflict "
        f"FROM ({units_sql()}) WHERE source_code IS NOT NULL AND target_code IS NOT NULL "
        "AND source_code <> target_code "
        "GROUP BY ALL ORDER BY conflict DESC, events DESC LIMIT 8"
    ).rows
    if not rows:
        return
    out.print("[bold]Most active dyads[/bold] (events, of which conflict)")
    for dyad, n, conflict in rows:
        out.print(f"  {dyad:<14} {n:>4}  ({conflict} conflict)")


def stories(tdb: TocsinDB, out: Console) -> None:
    """Duplicate articles and the most reprinted stories."""
    row = tdb.sql(
        "SELECT count(*), count(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL"
    ).rows[0]
    if not row[0]:
        return
    top = tdb.stories(min_articles=2, limit=3).records()
    repeated = int(tdb.sql(
        "SELECT count(*) FROM (SELECT story_id FROM articles WHERE story_id IS NOT NULL "
        "GROUP BY story_id HAVING count(*) > 1)"
    ).rows[0][0])  # fmt: skip
    out.print(
        f"[bold]Stories[/bold]: {row[0]} articles in {_n(row[1], 'story', 'stories')}; "
        f"{_n(repeated, 'story', 'stories')} carried by more than one article"
    )
    for story in top:
        out.print(
            f"  {story['articles']:>3} articles, {story['outlets']} outlets: {story['title']}"
        )


def escalating_dyads(tdb: TocsinDB, out: Console) -> None:
    """The dyads whose escalation index rose most over the last 30 days of data."""
    rows = tdb.dyads(days=30, limit=5).records()
    if not rows:
        return
    out.print("[bold]Most escalating dyads[/bold] (escalation index, last 30 days of data)")
    for r in rows:
        out.print(
            f"  {r['source']} → {r['target']:<8} {r['escalation']:>8.1f}  "
            f"({r['events']} event{'' if r['events'] == 1 else 's'}, change {r['change']:+.1f})"
        )


def recent_alerts(tdb: TocsinDB, out: Console) -> None:
    """The latest alerts."""
    rows = tdb.alerts(limit=5).records()
    if not rows:
        return
    total = tdb.db.count("alerts")
    out.print(f"[bold]Alerts[/bold]: {total} in all; latest:")
    for r in rows:
        out.print(f"  {r['date']} ({r['severity']}) {escape(r['message'])}", soft_wrap=True)


SECTIONS: list[Section] = [
    corpus, events_by_type, top_dyads, stories, escalating_dyads, recent_alerts,
]  # fmt: skip


def print_summary(db: str | Path, *, console: Console | None = None) -> None:
    """Print every section of the summary for database ``db``."""
    out = console or Console()
    with open_db(db) as tdb:
        for section in SECTIONS:
            section(tdb, out)


def _n(count: int, one: str, many: str) -> str:
    """ "1 story", "3 stories"."""
    return f"{count} {one if count == 1 else many}"

"""The record of runs and of what each finalizer last saw (migration 0010).

A run is written when it starts (status ``running``), marked ``finalizing`` once its
articles are stored and ``done`` when its finalizers have finished; a run killed on the way
keeps the status it had, which is how the next run knows to rebuild the derived tables.
``finalizer_state`` holds, per finalizer, the row counts (articles, events, threats) its
tables were built from: counts that differ from the tables' now mean they are stale (for
example after a database written by an older tocsin, or by a run killed inside a finalizer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tocsin import __version__
from tocsin.store.database import Database

#: Statuses of a run that has not finished.
UNFINISHED = ("running", "finalizing")


@dataclass(frozen=True, slots=True)
class Counts:
    """Row counts that the derived tables depend on."""

    articles: int
    events: int
    threats: int


def utc_now() -> dt.datetime:
    """The current UTC time without a zone (how the database stores times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def table_counts(db: Database) -> Counts:
    """The current row counts of ``articles``, ``events`` and ``threats``."""
    row = db.query(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM threats)"
    )[0]
    return Counts(articles=int(row[0]), events=int(row[1]), threats=int(row[2]))


def start_run(db: Database, run_id: str, sources: Sequence[str], started: dt.datetime) -> None:
    """Record that run ``run_id`` started (status ``running``)."""
    with db.transaction() as con:
        con.execute(
            "INSERT INTO runs (id, started_at, sources, tocsin_version, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [run_id, started, list(sources), __version__],
        )


def mark_run(db: Database, run_id: str, status: str) -> None:
    """Set the status of run ``run_id``."""
    with db.transaction() as con:
        con.execute("UPDATE runs SET status = ? WHERE id = ?", [status, run_id])


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What a finished run did, for its ``runs`` row."""

    articles_read: int
    articles_added: int
    articles_skipped: int
    events_added: int
    errors: int
    model: str


def finish_run(db: Database, run_id: str, totals: RunTotals) -> None:
    """Record that run ``run_id`` finished, with its totals (status ``done``)."""
    with db.transaction() as con:
        con.execute(
            "UPDATE runs SET finished_at = ?, articles_read = ?, articles_added = ?, "
            "articles_skipped = ?, events_added = ?, errors = ?, model = ?, status = 'done' "
            "WHERE id = ?",
            [
                utc_now(), totals.articles_read, totals.articles_added, totals.articles_skipped,
                totals.events_added, totals.errors, totals.model, run_id,
            ],
        )  # fmt: skip


def unfinished_runs(db: Database) -> list[str]:
    """Ids of runs that started and never finished (killed, or failed on the way)."""
    rows = db.query(
        "SELECT id FROM runs WHERE status IN (SELECT unnest(?::VARCHAR[])) ORDER BY started_at",
        [list(UNFINISHED)],
    )
    return [r[0] for r in rows]


def mark_interrupted(db: Database, run_ids: Iterable[str]) -> None:
    """Mark unfinished runs whose derived tables have been rebuilt as ``interrupted``."""
    ids = list(run_ids)
    if not ids:
        return
    with db.transaction() as con:
        con.execute(
            "UPDATE runs SET status = 'interrupted' WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        )


def record_finalizer(db: Database, name: str, run_id: str, counts: Counts) -> None:
    """Record that finalizer ``name`` finished over tables of ``counts`` rows."""
    with db.transaction() as con:
        con.execute(
            "INSERT OR REPLACE INTO finalizer_state VALUES (?, ?, ?, ?, ?, ?)",
            [name, run_id, counts.articles, counts.events, counts.threats, utc_now()],
        )


def stale_finalizers(db: Database, names: Iterable[str]) -> list[str]:
    """The finalizers among ``names`` whose tables were not built from the current rows:
    their recorded counts differ, or none are recorded while there are articles."""
    now = table_counts(db)
    recorded = {
        r[0]: Counts(articles=r[1], events=r[2], threats=r[3])
        for r in db.query("SELECT name, articles, events, threats FROM finalizer_state")
    }
    stale = []
    for name in names:
        seen = recorded.get(name)
        if (seen is None and now.articles) or (seen is not None and seen != now):
            stale.append(name)
    return stale


def all_article_ids(db: Database) -> list[str]:
    """Every stored article id (what a rebuild hands to the finalizers)."""
    return [r[0] for r in db.query("SELECT id FROM articles ORDER BY id")]

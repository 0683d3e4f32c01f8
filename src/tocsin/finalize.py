"""Run the finalizers so that a crash anywhere cannot leave the derived tables behind.

The finalizers (stories, red-line ledger, alerts) derive tables from everything stored. A
run that is killed after storing its articles but before its finalizers finish would leave
those tables missing the new articles for good: the next run finds the articles stored,
adds nothing and so hands its finalizers nothing new. Two records prevent that
(``store/runs.py``): each run's status, and the row counts each finalizer last built from.

``recovery_plan`` looks at both *before* a run writes anything: an unfinished earlier run,
or a finalizer whose counts differ from the tables', means a rebuild. ``run_finalizers``
then hands the finalizers to rebuild every article id (each finalizer is idempotent over
the same rows: a rebuild gives what a clean run gives) and records, after each one, the
counts it saw. ``rebuild`` (``tocsin rebuild``) does the same on demand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.config import Settings, load_settings
from tocsin.pipeline import build_finalizers
from tocsin.store import Database
from tocsin.store.runs import (
    all_article_ids,
    mark_interrupted,
    record_finalizer,
    stale_finalizers,
    table_counts,
    unfinished_runs,
)

#: Run id recorded for finalizers run by ``tocsin rebuild``.
REBUILD_RUN = "rebuild"


@dataclass(frozen=True, slots=True)
class RecoveryPlan:
    """What an earlier run left undone: runs that never finished, stale finalizers."""

    unfinished: tuple[str, ...] = ()
    stale: frozenset[str] = field(default_factory=frozenset)

    @property
    def rebuild_all(self) -> bool:
        """True when every finalizer must rebuild (an earlier run never finished)."""
        return bool(self.unfinished)

    def rebuilds(self, name: str) -> bool:
        """True when finalizer ``name`` must rebuild over every article."""
        return self.rebuild_all or name in self.stale

    def __bool__(self) -> bool:
        return bool(self.unfinished or self.stale)


def recovery_plan(db: Database, settings: Settings) -> RecoveryPlan:
    """What must be rebuilt, judged before this run writes anything."""
    names = settings.pipeline.finalizers
    return RecoveryPlan(
        unfinished=tuple(unfinished_runs(db)),
        stale=frozenset(stale_finalizers(db, names)),
    )


StepCallback = Callable[[str], None]


def run_finalizers(
    db: Database,
    settings: Settings,
    article_ids: Sequence[str],
    *,
    run_id: str,
    plan: RecoveryPlan | None = None,
    on_step: StepCallback | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every configured finalizer over ``article_ids`` (every article for those the
    ``plan`` says must rebuild), recording after each what it saw. Returns each one's
    summary; ``on_step(name)`` is called before each."""
    plan = plan or RecoveryPlan()
    results: dict[str, dict[str, Any]] = {}
    everything: list[str] | None = None
    for name, finalizer in build_finalizers(settings):
        ids = article_ids
        if plan.rebuilds(name):
            everything = everything if everything is not None else all_article_ids(db)
            ids = everything
        if on_step is not None:
            on_step(name)
        results[name] = finalizer(db, settings, ids)
        record_finalizer(db, name, run_id, table_counts(db))
    mark_interrupted(db, plan.unfinished)
    return results


def rebuild(
    *,
    db: str | Path | None = None,
    settings: Settings | None = None,
    config_file: str | Path | None = None,
    on_step: StepCallback | None = None,
) -> dict[str, dict[str, Any]]:
    """Rebuild every derived table (stories, event groups, red-line ledger, alerts) from
    the stored articles, events and threats; returns each finalizer's summary.

    Raises ``StoreError`` (S003 when the database does not exist, S010/S011 when it cannot
    be written).
    """
    from tocsin.errors import StoreError

    settings = settings or load_settings(config_file=config_file)
    path = Path(db or settings.store.path)
    if not path.exists():
        raise StoreError("S003", path=str(path))
    with Database(path, memory_limit=settings.store.memory_limit) as database:
        return rebuild_into(database, settings, on_step=on_step)


def rebuild_into(
    database: Database, settings: Settings, *, on_step: StepCallback | None = None
) -> dict[str, dict[str, Any]]:
    """``rebuild`` on a database this process holds open for writing (``tocsin rebuild``
    opens it so that a server holding it is named, and answers reads meanwhile)."""
    plan = RecoveryPlan(
        unfinished=tuple(unfinished_runs(database)),
        stale=frozenset(settings.pipeline.finalizers),
    )
    return run_finalizers(database, settings, [], run_id=REBUILD_RUN, plan=plan, on_step=on_step)

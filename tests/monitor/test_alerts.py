"""Alert rules over hand-built events: each kind fires when it should and only then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.monitor.conftest import Ev, day
from tocsin.config import Settings, load_settings
from tocsin.dedup import update_event_groups
from tocsin.monitor.alerts import evaluate_alerts, find_alerts, store_alerts
from tocsin.monitor.rules import (
    EscalationRule,
    NewConflictRule,
    NuclearThreatRule,
    RedlineRule,
)
from tocsin.query import TocsinDB
from tocsin.records import Alert
from tocsin.store import Database

AddEvents = Callable[[list[Ev]], None]


def _found(db: Database, rule: object) -> list[Alert]:
    return find_alerts(db, [rule])  # type: ignore[list-item]


# ---------------------------------------------------------------- (a) nuclear threats
NUCLEAR = NuclearThreatRule(id="nuke", kind="nuclear_threat", severity="high")


def test_nuclear_threat_by_a_state(db: Database, add_events: AddEvents) -> None:
    d = dt.date(2025, 2, 1)
    add_events([
        Ev(day=d, source="RUS", target="UKR", type="THREATEN", nuclear=True, sector="GOV",
           article="a1"),
        Ev(day=d, source="RUS", target="UKR", type="THREATEN", nuclear=True, sector="MIL",
           article="a2"),
        Ev(day=d, source="PRK", target=None, type="THREATEN", nuclear=True, article="a3"),
    ])  # fmt: skip
    alerts = sorted(_found(db, NUCLEAR), key=lambda a: a.source or "")
    assert [(a.source, a.target, a.date, a.value) for a in alerts] == [
        ("PRK", None, d, 1.0), ("RUS", "UKR", d, 2.0),
    ]  # fmt: skip
    rus = alerts[1]
    assert rus.rule == "nuke"
    assert rus.severity == "high"
    assert len(rus.evidence) == 2
    assert "nuclear threat by RUS against UKR on 2025-02-01 (2 distinct reports)" in rus.message
    assert "against (no target)" in alerts[0].message


@pytest.mark.parametrize(
    "event",
    [
        Ev(day=dt.date(2025, 2, 1), source="NATO", target="RUS", type="THREATEN", nuclear=True),
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True,
           sector="REB"),
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True,
           negated=True),
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True,
           hypothetical=True),
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN"),
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="MOBILIZE", nuclear=True),
        Ev(day=dt.date(2025, 2, 1), source=None, target="UKR", type="THREATEN", nuclear=True),
    ],
    ids=["igo", "rebels", "negated", "hypothetical", "not-nuclear", "not-a-threat", "nobody"],
)  # fmt: skip
def test_nuclear_threat_does_not_fire(db: Database, add_events: AddEvents, event: Ev) -> None:
    add_events([event])
    assert _found(db, NUCLEAR) == []


def test_nuclear_rule_options(db: Database, add_events: AddEvents) -> None:
    add_events([
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True),
    ])  # fmt: skip
    assert _found(db, NUCLEAR.model_copy(update={"sectors": ("GOV",)})) == []
    assert _found(db, NUCLEAR.model_copy(update={"state_codes": ("USA",)})) == []
    assert len(_found(db, NUCLEAR.model_copy(update={"state_codes": ("RUS",)}))) == 1


# ---------------------------------------------------------------- (b) escalation
SPIKE = EscalationRule(id="spike", kind="escalation", window=28, k=3.0, min_events=3,
                       min_sigma=1.0)  # fmt: skip


def _steady(days: range, per_day: int = 1, *, intensity: float = -3.0) -> list[Ev]:
    return [
        Ev(day=day(n), source="RUS", target="UKR", type="ACCUSE", intensity=intensity,
           sentence=i)
        for n in days
        for i in range(per_day)
    ]  # fmt: skip


def _attacks(n: int, count: int) -> list[Ev]:
    return [
        Ev(day=day(n), source="RUS", target="UKR", type="ASSAULT", intensity=-9.0, sentence=i,
           article=f"attack{n}")
        for i in range(count)
    ]  # fmt: skip


def test_escalation_spike_fires(db: Database, add_events: AddEvents) -> None:
    # 40 quiet days of one accusation (3 each), then five assaults on day 40 (45)
    add_events(_steady(range(40)) + _attacks(40, 5))
    (alert,) = _found(db, SPIKE)
    assert (alert.source, alert.target, alert.date) == ("RUS", "UKR", day(40))
    # baseline days 12..39: mean 3, sd 0 → floor 1; (45 - 3) / 1 = 42 sigma
    assert alert.value == 45.0
    assert "escalation index 45.0 in the day of 2025-02-10" in alert.message
    assert "42.0 sigma above its 28-day baseline (mean 3.0, sd 0.0); 5 events" in alert.message
    assert len(alert.evidence) == 5


def test_escalation_within_noise_does_not_fire(db: Database, add_events: AddEvents) -> None:
    # days 12..39 alternate 4 accusations (12) and none: mean 6, sd 6 → 6 + 3 * 6 = 24
    quiet = [e for n in range(0, 40, 2) for e in _steady(range(n, n + 1), per_day=4)]
    add_events([*quiet, *_steady(range(40, 41), per_day=7)])  # 21 < 24
    assert _found(db, SPIKE) == []
    # day 41's baseline (13..40) adds day 40's 21: mean 177/28, sd 6.53 → threshold 25.9
    add_events(_steady(range(41, 42), per_day=9))  # 27 > 25.9
    (alert,) = _found(db, SPIKE)
    assert alert.date == day(41)
    assert "(mean 6.3, sd 6.5)" in alert.message


def test_escalation_needs_min_events_and_history(db: Database, add_events: AddEvents) -> None:
    add_events(_attacks(5, 5) + _attacks(60, 2))
    assert _found(db, SPIKE) == []  # day 5: baseline not yet 28 days; day 60: 2 events
    no_history = SPIKE.model_copy(update={"require_history": False, "min_baseline_periods": 0})
    assert [a.date for a in _found(db, no_history)] == [day(5)]
    two = no_history.model_copy(update={"min_events": 2})
    assert [a.date for a in _found(db, two)] == [day(5), day(60)]


def test_a_spike_needs_a_baseline_with_history(db: Database, add_events: AddEvents) -> None:
    """A dyad quiet for the whole baseline has no baseline: its first burst is no spike
    ("8.4 sigma above mean 0.0, sd 0.0"), however long the corpus has been monitored."""
    others = [
        Ev(day=day(n), source="FRA", target="DEU", type="CONSULT", intensity=2.5)
        for n in range(40)
    ]  # fmt: skip
    add_events([*others, *_attacks(40, 5)])
    assert _found(db, SPIKE) == []
    assert len(_found(db, SPIKE.model_copy(update={"min_baseline_periods": 0}))) == 1
    # four days of history are not five
    add_events(_steady(range(30, 34)))
    assert _found(db, SPIKE) == []
    add_events(_steady(range(34, 35)))
    (alert,) = _found(db, SPIKE)
    assert alert.date == day(40)
    assert "baseline with events in 5 days" in alert.reason


def test_history_is_counted_from_publication_dates(db: Database, add_events: AddEvents) -> None:
    """Articles all published on one day recall events of years before: those dates are no
    monitored history, so neither spikes nor "first conflict in 90 days" fire."""
    today = dt.date(2025, 8, 18)
    old = [
        Ev(day=today, event_date=dt.date(1978, 4, 13) + dt.timedelta(days=n), source="IND",
           target="PAK", type="ACCUSE", intensity=-3.0, article=f"old{n}")
        for n in range(30)
    ]  # fmt: skip
    now = [
        Ev(day=today, source="IND", target="PAK", type="ASSAULT", intensity=-9.0,
           article="now", sentence=i)
        for i in range(5)
    ]  # fmt: skip
    add_events([*old, *now])
    assert _found(db, SPIKE) == []
    assert _found(db, NEW) == []
    assert _found(db, NEW.model_copy(update={"require_history": False}))


def test_weekly_escalation(db: Database, add_events: AddEvents) -> None:
    weekly = SPIKE.model_copy(update={"freq": "week", "window": 4})
    add_events(_steady(range(0, 42, 7)) + _attacks(44, 4))  # 2025-02-14 is in week 2025-02-10
    (alert,) = _found(db, weekly)
    assert alert.date == dt.date(2025, 2, 10)
    assert "in the week of 2025-02-10" in alert.message


# ---------------------------------------------------------------- (c) red lines
REDLINE = RedlineRule(id="red", kind="redline", severity="high")


def _no_ledger(db: Database) -> None:
    # A database without the red-line ledger's tables (schema before the ledger existed).
    with db.transaction() as con:
        for table in ("redline_crossings", "redline_statements", "redline_consequences"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DROP TABLE IF EXISTS redlines")


def _ledger(db: Database) -> None:
    # Just the columns the rule reads: the contract with the ledger (monitor/redlines.py).
    _no_ledger(db)
    with db.transaction() as con:
        con.execute(
            "CREATE TABLE redlines (id VARCHAR, issuer_code VARCHAR, addressee_code VARCHAR, "
            "condition_text VARCHAR)"
        )
        con.execute(
            "CREATE TABLE redline_crossings (redline_id VARCHAR, event_id VARCHAR, "
            "article_id VARCHAR, date DATE)"
        )


def test_redline_rule_finds_nothing_without_the_ledger(db: Database) -> None:
    _no_ledger(db)
    assert _found(db, REDLINE) == []
    _ledger(db)
    assert _found(db, REDLINE) == []


def test_redline_crossed(db: Database) -> None:
    _ledger(db)
    with db.transaction() as con:
        con.execute(
            "INSERT INTO redlines VALUES ('r1', 'RUS', 'NATO', 'if NATO sends troops'), "
            "('r2', 'USA', 'IRN', 'if Iran enriches to 90%')"
        )
        con.execute(
            "INSERT INTO redline_crossings VALUES ('r1', 'e1', 'a1', DATE '2025-03-01'), "
            "('r1', 'e2', 'a2', DATE '2025-03-01')"
        )
    (alert,) = _found(db, REDLINE)
    assert (alert.source, alert.target, alert.date, alert.value) == (
        "RUS", "NATO", dt.date(2025, 3, 1), 2.0,
    )  # fmt: skip
    assert alert.evidence == ["redline:r1", "e1", "e2"]
    assert alert.message == (
        "red line drawn by RUS for NATO crossed on 2025-03-01: if NATO sends troops"
    )


# ---------------------------------------------------------------- (d) new material conflict
NEW = NewConflictRule(id="new", kind="new_conflict", lookback_days=30)


def _monitored(days: range) -> list[Ev]:
    """An article every other day: the archive covers those days (history)."""
    return [
        Ev(day=day(n), source="FRA", target="DEU", type="CONSULT", intensity=2.5)
        for n in days[::2]
    ]  # fmt: skip


def test_new_material_conflict(db: Database, add_events: AddEvents) -> None:
    add_events(_monitored(range(121)))
    add_events([
        Ev(day=day(0), source="FRA", target="DEU", type="CONSULT", intensity=2.5),
        Ev(day=day(9), source="RUS", target="UKR", type="ASSAULT"),  # before history: no
        Ev(day=day(35), source="RUS", target="UKR", type="ASSAULT"),  # prior on day 9: no
        Ev(day=day(45), source="RUS", target="GEO", type="ASSAULT"),  # first: yes
        Ev(day=day(45), source="RUS", target="GEO", type="COERCE"),
        Ev(day=day(46), source="RUS", target="GEO", type="ASSAULT"),  # prior: no
        Ev(day=day(59), source="GEO", target="RUS", type="SANCTION"),  # reverse prior: no
        Ev(day=day(50), source="USA", target="CHN", type="THREATEN"),  # verbal: no
        Ev(day=day(51), source="USA", target="USA", type="COERCE"),  # domestic: no
        Ev(day=day(52), source="CHN", target="TWN", type="ASSAULT", negated=True),  # no
        Ev(day=day(120), source="RUS", target="UKR", type="ASSAULT"),  # 85 days later: yes
    ])  # fmt: skip
    alerts = _found(db, NEW)
    assert [(a.source, a.target, a.date, a.value) for a in alerts] == [
        ("RUS", "GEO", day(45), 2.0), ("RUS", "UKR", day(120), 1.0),
    ]  # fmt: skip
    assert alerts[0].message == (
        "RUS → GEO: material conflict (ASSAULT, COERCE) on 2025-02-15, the first between "
        "them in 30 days"
    )
    without_history = NEW.model_copy(update={"require_history": False})
    assert [a.date for a in _found(db, without_history)] == [day(9), day(45), day(120)]


def test_a_gap_in_the_archive_is_no_history(db: Database, add_events: AddEvents) -> None:
    """Articles of 2004 and of 2025 in one database: the 90 days before a 2025 clash were
    not monitored, so it is not "the first between them in 90 days"."""
    old = [
        Ev(day=dt.date(2004, 9, 1) + dt.timedelta(days=n), source="FRA", target="DEU",
           type="CONSULT", intensity=2.5)
        for n in range(120)
    ]  # fmt: skip
    clash = Ev(day=dt.date(2025, 6, 2), source="IND", target="PAK", type="ASSAULT")
    add_events([*old, clash])
    assert _found(db, NEW) == []
    assert _found(db, NEW.model_copy(update={"min_coverage": 0.0}))
    add_events(_monitored(range(days_to(dt.date(2025, 3, 1)), days_to(dt.date(2025, 6, 2)))))
    assert [a.source for a in _found(db, NEW)] == ["IND"]


def days_to(d: dt.date) -> int:
    """Days from ``day(0)`` to ``d``."""
    return (d - day(0)).days


# ---------------------------------------------------------------- storing and the finalizer
def test_alerts_are_stored_once(db: Database, add_events: AddEvents) -> None:
    d = dt.date(2025, 2, 1)
    add_events([
        Ev(day=d, source="RUS", target="UKR", type="THREATEN", nuclear=True, article="a1"),
    ])  # fmt: skip
    rules = [NUCLEAR]
    assert store_alerts(db, find_alerts(db, rules), rules) == 1
    # a reprint on the same day adds evidence to the same alert id, not a new alert
    add_events([
        Ev(day=d, source="RUS", target="UKR", type="THREATEN", nuclear=True, article="a2"),
    ])  # fmt: skip
    again = find_alerts(db, rules)
    assert len(again) == 1
    assert store_alerts(db, again, rules) == 0
    assert db.count("alerts") == 1
    row = TocsinDB.of(db).alerts().records()[0]
    assert (row["kind"], row["delivery_status"], row["delivery_attempts"]) == (
        "nuclear_threat", "pending", 0,
    )  # fmt: skip


def test_finalizer_with_a_rules_file(db: Database, add_events: AddEvents, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - {id: nuke, kind: nuclear_threat, state_codes: [RUS]}\n"
        "  - {id: fresh, kind: new_conflict, require_history: false}\n"
        "  - {id: red, kind: redline}\n",
        encoding="utf-8",
    )
    settings = load_settings(overrides={"monitor.rules_file": str(rules)}, environ={})
    add_events([
        Ev(day=day(1), source="RUS", target="UKR", type="THREATEN", nuclear=True,
           story="s", article="a1", outlet="Reuters"),
        Ev(day=day(2), source="RUS", target="UKR", type="THREATEN", nuclear=True,
           story="s", article="a2", outlet="AP"),
        Ev(day=day(3), source="RUS", target="UKR", type="ASSAULT"),
    ])  # fmt: skip
    update_event_groups(db)
    first = evaluate_alerts(db, settings, [])
    # the reprint is one event group: one nuclear alert, dated on its first report
    assert first == {"rules": 3, "found": 2, "new": 2}
    assert evaluate_alerts(db, settings, ["a1"]) == {"rules": 3, "found": 2, "new": 0}
    table = TocsinDB.of(db).alerts(rule="nuke")
    assert [(r["date"], r["source_code"]) for r in table] == [(day(1), "RUS")]
    assert len(TocsinDB.of(db).alerts(since=day(3))) == 1


def test_packaged_rules_run(db: Database, add_events: AddEvents, settings: Settings) -> None:
    add_events(_steady(range(40)) + _attacks(40, 5))
    summary = evaluate_alerts(db, settings, [])
    assert summary["rules"] == 4
    assert summary["new"] >= 1

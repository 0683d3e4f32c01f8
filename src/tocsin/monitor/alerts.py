"""Alerts: evaluate the rules over the database, store new alerts once, deliver them.

``evaluate_alerts`` is the ``alerts`` finalizer. Every rule kind is one SQL query over the
asserted event units of ``tocsin.monitor.series`` (event groups, so reprints raise nothing
new), run over the whole database each time: alert ids are stable (rule + source + target
+ date, ``Alert.__post_init__``), so a re-run finds the same alerts and stores none of them
again. Kinds (docs/monitoring.md):

- ``nuclear_threat``: a nuclear THREATEN event by a state actor;
- ``escalation``: a dyad's escalation index above its rolling baseline by k sigma;
- ``redline``: a red line crossed (tables of the red-line ledger; nothing when absent);
- ``new_conflict``: a pair's first material-conflict event in N days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyarrow as pa

from tocsin.config import Settings
from tocsin.monitor.rules import (
    EscalationRule,
    NewConflictRule,
    NuclearThreatRule,
    RedlineRule,
    Rule,
    country_codes,
    load_rules,
)
from tocsin.monitor.series import ESCALATION_TERM, Dyad, all_grouped, bucket, units_sql
from tocsin.records import Alert
from tocsin.store import Database

#: Evidence lists keep the first event ids (sorted); the alert says how many there were.
MAX_EVIDENCE = 10
_DYADIC, _DYADIC_PARAMS = Dyad("*", "*").where()


def evaluate_alerts(db: Database, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
    """The ``alerts`` finalizer: evaluate every rule, store new alerts, deliver them.

    ``article_ids`` is unused: rules look at the whole database (a new article can complete
    a baseline or a window that older ones started). Delivery runs when
    ``monitor.webhook_url`` is set; its failures are counted, never raised.
    """
    del article_ids
    rules = load_rules(settings.monitor.rules_file or None)
    found = find_alerts(db, rules)
    new = store_alerts(db, found, rules)
    summary: dict[str, Any] = {"rules": len(rules), "found": len(found), "new": new}
    if settings.monitor.webhook_url:
        from tocsin.monitor.webhook import deliver_pending

        report = deliver_pending(db, settings)
        summary |= {"delivered": report.delivered, "failed": report.failed}
        if report.errors:
            summary["webhook_error"] = report.errors[0]
    return summary


def find_alerts(db: Database, rules: Iterable[Rule]) -> list[Alert]:
    """Every alert the ``rules`` raise over the database, one per id (evidence merged)."""
    alerts: dict[str, Alert] = {}
    cur = db.cursor()
    try:
        units = units_sql(ungrouped=not all_grouped(cur))
        dated = f"SELECT * FROM ({units}) WHERE day IS NOT NULL"
        for rule in rules:
            for alert in CHECKS[type(rule)](cur, rule, dated):
                if alert.id in alerts:
                    _merge(alerts[alert.id], alert)
                else:
                    alerts[alert.id] = alert
    finally:
        cur.close()
    return sorted(alerts.values(), key=lambda a: (a.date or dt.date.min, a.rule, a.id))


def _merge(kept: Alert, other: Alert) -> None:
    kept.evidence = sorted(set(kept.evidence) | set(other.evidence))[:MAX_EVIDENCE]
    kept.value = max(kept.value or 0.0, other.value or 0.0)


def store_alerts(db: Database, alerts: Sequence[Alert], rules: Iterable[Rule]) -> int:
    """Insert alerts not stored yet (by id); return how many were new."""
    if not alerts:
        return 0
    kinds = {r.id: r.kind for r in rules}
    table = pa.table(
        {
            "id": [a.id for a in alerts],
            "rule": [a.rule for a in alerts],
            "kind": [kinds.get(a.rule, "") for a in alerts],
            "severity": [a.severity for a in alerts],
            "date": [a.date for a in alerts],
            "source_code": [a.source for a in alerts],
            "target_code": [a.target for a in alerts],
            "value": [a.value for a in alerts],
            "message": [a.message for a in alerts],
            "evidence": [list(a.evidence) for a in alerts],
        },
        schema=_ALERT_SCHEMA,
    )
    names = ", ".join(_ALERT_SCHEMA.names)
    with db.transaction() as con:
        con.register("_tocsin_alerts", table)
        try:
            row = con.execute(
                f"INSERT OR IGNORE INTO alerts ({names}) SELECT {names} FROM _tocsin_alerts"
            ).fetchone()
        finally:
            con.unregister("_tocsin_alerts")
    return int(row[0]) if row else 0


_ALERT_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("rule", pa.string()), ("kind", pa.string()),
        ("severity", pa.string()), ("date", pa.date32()), ("source_code", pa.string()),
        ("target_code", pa.string()), ("value", pa.float64()), ("message", pa.string()),
        ("evidence", pa.list_(pa.string())),
    ]
)  # fmt: skip


# ---------------------------------------------------------------- the checks
def _arrow(actor: str | None) -> str:
    return actor or "(no target)"


def check_nuclear_threat(cur: Any, rule: NuclearThreatRule, units: str) -> list[Alert]:
    """(a) Nuclear THREATEN events whose source is a state in one of the rule's sectors."""
    states = sorted(rule.state_codes or country_codes())
    sectors = [s for s in rule.sectors if s is not None]
    rows = cur.execute(
        "SELECT source_code, target_code, day, count(*), "
        f"list(event_id ORDER BY event_id)[1:{MAX_EVIDENCE}] "
        f"FROM ({units}) WHERE type = 'THREATEN' AND nuclear "
        "AND list_contains(?, source_code) "
        "AND (list_contains(?, source_sector) OR (source_sector IS NULL AND ?)) "
        "GROUP BY ALL",
        [states, sectors, None in rule.sectors],
    ).fetchall()
    return [
        Alert(
            rule=rule.id,
            severity=rule.severity,
            date=day,
            source=src,
            target=tgt,
            value=float(n),
            evidence=evidence,
            message=f"nuclear threat by {src} against {_arrow(tgt)} on {day} "
            f"({n} distinct report{'s' if n > 1 else ''})",
        )
        for src, tgt, day, n, evidence in rows
    ]


def check_escalation(cur: Any, rule: EscalationRule, units: str) -> list[Alert]:
    """(b) Periods whose escalation index exceeds the baseline mean by ``k`` sigma.

    The baseline is the ``window`` periods before, empty periods counting as zero, so the
    mean and standard deviation come from sums over a range frame of the sparse series.
    """
    span = rule.window * (1 if rule.freq == "day" else 7)
    period = bucket(rule.freq)
    rows = cur.execute(
        f"WITH u AS ({units} AND {_DYADIC}), "
        "start AS (SELECT min(day) AS first_day FROM u), "
        f"b AS (SELECT source_code, target_code, {period} AS period, count(*) AS n, "
        f"  sum({ESCALATION_TERM}) AS e FROM u GROUP BY ALL), "
        "w AS (SELECT *, coalesce(sum(e) OVER w, 0) / ? AS mean, "
        "  coalesce(sum(e * e) OVER w, 0) / ? AS sq FROM b "
        "  WINDOW w AS (PARTITION BY source_code, target_code ORDER BY period "
        f"    RANGE BETWEEN INTERVAL {span} DAY PRECEDING AND INTERVAL 1 DAY PRECEDING)), "
        "hit AS (SELECT source_code, target_code, period, n, e, mean, "
        "  sqrt(greatest(sq - mean * mean, 0)) AS sd FROM w, start "
        "  WHERE n >= ? AND e > mean + ? * greatest(sqrt(greatest(sq - mean * mean, 0)), ?) "
        f"  AND (NOT ? OR period >= {bucket(rule.freq, 'first_day')} + INTERVAL {span} DAY)) "
        # evidence only for the periods that fire, not for every dyad-period
        "SELECT h.source_code, h.target_code, h.period, h.n, h.e, h.mean, h.sd, "
        f"  list(u.event_id ORDER BY u.event_id)[1:{MAX_EVIDENCE}] "
        "FROM hit h JOIN u ON u.source_code = h.source_code AND u.target_code = h.target_code "
        f"  AND {bucket(rule.freq, 'u.day')} = h.period GROUP BY ALL",
        [*_DYADIC_PARAMS, rule.window, rule.window, rule.min_events, rule.k, rule.min_sigma,
         rule.require_history],
    ).fetchall()  # fmt: skip
    unit = "day" if rule.freq == "day" else "week"
    return [
        Alert(
            rule=rule.id,
            severity=rule.severity,
            date=period,
            source=src,
            target=tgt,
            value=round(e, 3),
            evidence=evidence,
            message=f"{src} → {tgt}: escalation index {e:.1f} in the {unit} of {period} is "
            f"{(e - mean) / max(sd, rule.min_sigma):.1f} sigma above its {rule.window}-{unit} "
            f"baseline (mean {mean:.1f}, sd {sd:.1f}); {n} events",
        )
        for src, tgt, period, n, e, mean, sd, evidence in rows
    ]


def check_redline(cur: Any, rule: RedlineRule, units: str) -> list[Alert]:
    """(c) Red lines crossed, from the ledger's ``redlines``/``redline_crossings`` tables.

    Finds nothing while those tables do not exist (the red-line ledger is not installed).
    """
    del units  # crossings come from the ledger's tables, not from event units
    present = cur.execute(
        "SELECT count(DISTINCT table_name) FROM information_schema.tables "
        "WHERE table_name IN ('redlines', 'redline_crossings')"
    ).fetchone()
    if not present or present[0] < 2:
        return []
    rows = cur.execute(
        "SELECT r.issuer_code, r.addressee_code, c.date, count(*), "
        "list(DISTINCT c.redline_id ORDER BY c.redline_id), "
        f"list(DISTINCT c.event_id ORDER BY c.event_id)[1:{MAX_EVIDENCE}], "
        "min(r.condition_text) "
        "FROM redline_crossings c JOIN redlines r ON r.id = c.redline_id GROUP BY ALL"
    ).fetchall()
    return [
        Alert(
            rule=rule.id,
            severity=rule.severity,
            date=day,
            source=issuer,
            target=addressee,
            value=float(n),
            evidence=[f"redline:{r}" for r in redlines] + [e for e in events if e],
            message=f"red line drawn by {issuer or '?'} for {addressee or '?'} crossed on "
            f"{day or 'an unknown date'}: {condition or '(condition not stated)'}",
        )
        for issuer, addressee, day, n, redlines, events, condition in rows
    ]


def check_new_conflict(cur: Any, rule: NewConflictRule, units: str) -> list[Alert]:
    """(d) Material-conflict events between a pair with none in the ``lookback_days`` before.

    The pair is unordered: B's attack on A counts as prior conflict for A → B.
    """
    days = rule.lookback_days
    rows = cur.execute(
        f"WITH u AS ({units} AND {_DYADIC} AND quad_class = 4), "
        "start AS (SELECT min(day) AS first_day FROM "
        f"  ({units} AND {_DYADIC})), "
        "p AS (SELECT least(source_code, target_code) AS a, "
        "  greatest(source_code, target_code) AS b, day FROM u GROUP BY ALL), "
        "f AS (SELECT a, b, day, count(*) OVER (PARTITION BY a, b ORDER BY day "
        f"  RANGE BETWEEN INTERVAL {days} DAY PRECEDING AND INTERVAL 1 DAY PRECEDING) AS prior "
        "  FROM p) "
        "SELECT u.source_code, u.target_code, u.day, count(*), "
        "  list(DISTINCT u.type ORDER BY u.type), "
        f"  list(u.event_id ORDER BY u.event_id)[1:{MAX_EVIDENCE}] "
        "FROM u JOIN f ON f.a = least(u.source_code, u.target_code) "
        "  AND f.b = greatest(u.source_code, u.target_code) AND f.day = u.day, start "
        f"WHERE f.prior = 0 AND (NOT ? OR u.day >= first_day + INTERVAL {days} DAY) "
        "GROUP BY ALL",
        [*_DYADIC_PARAMS, *_DYADIC_PARAMS, rule.require_history],
    ).fetchall()
    return [
        Alert(
            rule=rule.id,
            severity=rule.severity,
            date=day,
            source=src,
            target=tgt,
            value=float(n),
            evidence=evidence,
            message=f"{src} → {tgt}: material conflict ({', '.join(types)}) on {day}, the "
            f"first between them in {days} days",
        )
        for src, tgt, day, n, types, evidence in rows
    ]


#: Rule class → its check: ``check(cursor, rule, units)`` where ``units`` is the SQL of
#: the dated asserted units (``series.units_sql``).
CHECKS: dict[type, Callable[[Any, Any, str], list[Alert]]] = {
    NuclearThreatRule: check_nuclear_threat,
    EscalationRule: check_escalation,
    RedlineRule: check_redline,
    NewConflictRule: check_new_conflict,
}

"""Alerts: evaluate the rules over the database, store new alerts once, deliver them.

``evaluate_alerts`` is the ``alerts`` finalizer. Every rule kind is one SQL query over the
events an alert may rest on (``tocsin.monitor.evidence``: confidence at least
``monitor.min_confidence``, asserted, dated by the article rather than by a caption or a
strip of other headlines, not boilerplate), counted as event groups (``tocsin.dedup``: a
reprint, or a sentence repeated in an article, is one unit). It runs over the whole database
each time: alert ids are stable (rule + source + target + date, ``Alert.__post_init__``), so
a re-run finds the same alerts and stores none of them again. Kinds (docs/monitoring.md):

- ``nuclear_threat``: a nuclear THREATEN event by a state actor;
- ``escalation``: a dyad's escalation index above a baseline *with history* by k sigma;
- ``redline``: a red line crossed (tables of the red-line ledger; nothing when absent);
- ``new_conflict``: a pair's first material-conflict event in N days.

Every alert says why it fired (``reason``) and how sure it is (``confidence``: 1 - Π(1 - c)
over its independent sources, c the best event confidence of each). A rule's high severity
needs ``min_sources`` independent sources or a direct quotation; below that the alert is
raised at ``uncorroborated_severity``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from tocsin.config import Settings
from tocsin.monitor.evidence import evidence_sql, noisy_or
from tocsin.monitor.redlines import DEFAULT_MIN_CONFIDENCE
from tocsin.monitor.rules import (
    EscalationRule,
    NewConflictRule,
    NuclearThreatRule,
    RedlineRule,
    Rule,
    country_codes,
    load_rules,
)
from tocsin.monitor.series import ESCALATION_TERM, Dyad, bucket
from tocsin.records import Alert
from tocsin.store import Database

#: Evidence lists keep the first event ids (sorted); the alert says how many there were.
MAX_EVIDENCE = 10
_DYADIC, _DYADIC_PARAMS = Dyad("*", "*").where()
#: The temporary table of usable events (``evidence_sql``) the checks read.
EVIDENCE_TABLE = "_tocsin_alert_evidence"
#: The days on which articles were published: the monitored days.
PUBDAYS_TABLE = "_tocsin_alert_pubdays"


def _covered(
    day: str, periods: int, rule: EscalationRule | NewConflictRule, freq: str = "day"
) -> tuple[str, int]:
    """SQL: articles were published in at least ``min_coverage`` of the ``periods`` days (or
    weeks) before ``day`` — a window of the archive with nothing in it is no history; and
    its parameter."""
    need = math.ceil(rule.min_coverage * periods) if rule.require_history else 0
    span = periods * (1 if freq == "day" else 7)
    sql = (
        f"(SELECT count(DISTINCT {bucket(freq, 'd')}) FROM {PUBDAYS_TABLE} "
        f"WHERE d >= {day} - INTERVAL {span} DAY AND d < {day}) >= ?"
    )
    return sql, need


#: The columns of the evidence the checks read (the sentence text stays behind).
_EVIDENCE_COLUMNS = (
    "id, source_code, source_sector, target_code, type, quad_class, nuclear, confidence, "
    "intensity, unit_id, unit_day, indep, quoted"
)
#: Units (event groups) over the usable events: what the series count.
_UNITS = f"""
SELECT unit_id, min(id) AS event_id, any_value(source_code) AS source_code,
       any_value(source_sector) AS source_sector, any_value(target_code) AS target_code,
       any_value(type) AS type, any_value(quad_class) AS quad_class, bool_or(nuclear) AS nuclear,
       min(unit_day) AS day, avg(intensity) AS intensity,
       count(DISTINCT indep) AS num_sources
FROM {EVIDENCE_TABLE} WHERE unit_day IS NOT NULL GROUP BY unit_id
"""
#: Per alert group: one struct per event (independent source, confidence, quotation).
_SUPPORT = "list(struct_pack(s := indep, c := confidence, q := quoted))"


@dataclass(frozen=True, slots=True)
class Scope:
    """What every check reads: a cursor with the evidence table, and the monitored period."""

    cur: Any
    first_published: dt.date | None  # the earliest publication date: where history starts


def evaluate_alerts(db: Database, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
    """The ``alerts`` finalizer: evaluate every rule, store new alerts, deliver them.

    ``article_ids`` is unused: rules look at the whole database (a new article can complete
    a baseline or a window that older ones started). Delivery runs when
    ``monitor.webhook_url`` is set; its failures are counted, never raised.
    """
    del article_ids
    rules = load_rules(settings.monitor.rules_file or None)
    found = find_alerts(db, rules, min_confidence=settings.monitor.min_confidence)
    new = store_alerts(db, found, rules)
    summary: dict[str, Any] = {"rules": len(rules), "found": len(found), "new": new}
    if settings.monitor.webhook_url:
        from tocsin.monitor.webhook import deliver_pending

        report = deliver_pending(db, settings)
        summary |= {"delivered": report.delivered, "failed": report.failed}
        if report.errors:
            summary["webhook_error"] = report.errors[0]
    return summary


def find_alerts(
    db: Database, rules: Iterable[Rule], *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> list[Alert]:
    """Every alert the ``rules`` raise over the database, one per id (evidence merged).

    Only events with confidence at least ``min_confidence`` count (``monitor.min_confidence``).
    """
    alerts: dict[str, Alert] = {}
    cur = db.cursor()
    try:
        sql, params = evidence_sql(min_confidence)
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {EVIDENCE_TABLE} AS SELECT {_EVIDENCE_COLUMNS} "
            f"FROM ({sql})",
            params,
        )
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {PUBDAYS_TABLE} AS "
            "SELECT DISTINCT published AS d FROM articles WHERE published IS NOT NULL"
        )
        row = cur.execute("SELECT min(published) FROM articles").fetchone()
        scope = Scope(cur, row[0] if row else None)
        for rule in rules:
            for alert in CHECKS[type(rule)](scope, rule):
                if alert.id in alerts:
                    _merge(alerts[alert.id], alert)
                else:
                    alerts[alert.id] = alert
        for table in (EVIDENCE_TABLE, PUBDAYS_TABLE):
            cur.execute(f"DROP TABLE IF EXISTS {table}")
    finally:
        cur.close()
    return sorted(alerts.values(), key=lambda a: (a.date or dt.date.min, a.rule, a.id))


def _merge(kept: Alert, other: Alert) -> None:
    kept.evidence = sorted(set(kept.evidence) | set(other.evidence))[:MAX_EVIDENCE]
    kept.value = max(kept.value or 0.0, other.value or 0.0)


def store_alerts(db: Database, alerts: Sequence[Alert], rules: Iterable[Rule]) -> int:
    """Insert alerts not stored yet (by id); return how many were new.

    An alert stored before keeps its id and delivery state; its evidence, severity, reason
    and confidence are brought up to date (a second source arriving the next day turns a
    medium alert into a corroborated high one).
    """
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
            "reason": [a.reason for a in alerts],
            "confidence": [a.confidence for a in alerts],
            "sources": [a.sources for a in alerts],
            "quoted": [a.quoted for a in alerts],
        },
        schema=_ALERT_SCHEMA,
    )
    names = ", ".join(_ALERT_SCHEMA.names)
    updated = ", ".join(f"{c} = n.{c}" for c in _UPDATED)
    changed = " OR ".join(f"alerts.{c} IS DISTINCT FROM n.{c}" for c in _UPDATED)
    with db.transaction() as con:
        con.register("_tocsin_alerts", table)
        try:
            con.execute(
                f"UPDATE alerts SET {updated} FROM _tocsin_alerts n "
                f"WHERE alerts.id = n.id AND ({changed})"
            )
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
        ("evidence", pa.list_(pa.string())), ("reason", pa.string()),
        ("confidence", pa.float64()), ("sources", pa.int32()), ("quoted", pa.bool_()),
    ]
)  # fmt: skip
#: Columns a re-evaluation brings up to date on a stored alert.
_UPDATED = ("severity", "value", "message", "evidence", "reason", "confidence", "sources", "quoted")


# ---------------------------------------------------------------- severity and confidence
@dataclass(frozen=True, slots=True)
class Support:
    """How well an alert is supported: independent sources, confidence, quotation."""

    sources: int
    confidence: float
    quoted: bool

    @classmethod
    def of(cls, events: list[dict[str, Any]]) -> Support:
        """From one ``{s: source, c: confidence, q: quoted}`` struct per event."""
        best: dict[str, float] = {}
        for e in events:
            best[e["s"]] = max(best.get(e["s"], 0.0), float(e["c"] or 0.0))
        return cls(len(best), noisy_or(list(best.values())), any(e["q"] for e in events))

    def severity(self, rule: Rule) -> str:
        """The rule's severity; a high one only when corroborated or quoted."""
        if rule.severity != "high":
            return rule.severity
        if self.sources >= rule.min_sources or (self.quoted and rule.quotation_suffices):
            return rule.severity
        return rule.uncorroborated_severity

    def describe(self, rule: Rule) -> str:
        """ "2 independent sources, a direct quotation; confidence 0.91"."""
        parts = [f"{self.sources} independent source{'s' if self.sources != 1 else ''}"]
        if self.quoted:
            parts.append("a direct quotation")
        if rule.severity == "high" and self.severity(rule) != "high":
            parts.append(
                f"not corroborated (needs {rule.min_sources} sources"
                + (" or a direct quotation" if rule.quotation_suffices else "")
                + f"): {self.severity(rule)}, not high"
            )
        return ", ".join(parts) + f"; confidence {self.confidence:.2f}"


def _alert(rule: Rule, support: Support, why: str, **fields: Any) -> Alert:
    return Alert(
        rule=rule.id,
        severity=support.severity(rule),
        reason=f"{why}; {support.describe(rule)}",
        confidence=support.confidence,
        sources=support.sources,
        quoted=support.quoted,
        **fields,
    )


# ---------------------------------------------------------------- the checks
def _arrow(actor: str | None) -> str:
    return actor or "(no target)"


def check_nuclear_threat(scope: Scope, rule: NuclearThreatRule) -> list[Alert]:
    """(a) Nuclear THREATEN events whose source is a state in one of the rule's sectors."""
    states = sorted(rule.state_codes or country_codes())
    sectors = [s for s in rule.sectors if s is not None]
    rows = scope.cur.execute(
        "SELECT source_code, target_code, unit_day, count(DISTINCT unit_id), "
        f"list(DISTINCT id ORDER BY id)[1:{MAX_EVIDENCE}], {_SUPPORT} "
        f"FROM {EVIDENCE_TABLE} WHERE type = 'THREATEN' AND nuclear AND unit_day IS NOT NULL "
        "AND list_contains(?, source_code) "
        "AND (list_contains(?, source_sector) OR (source_sector IS NULL AND ?)) "
        "GROUP BY ALL",
        [states, sectors, None in rule.sectors],
    ).fetchall()
    return [
        _alert(
            rule,
            Support.of(support),
            f"{n} nuclear threat{'s' if n > 1 else ''} (THREATEN, nuclear) by the state {src}",
            date=day,
            source=src,
            target=tgt,
            value=float(n),
            evidence=evidence,
            message=f"nuclear threat by {src} against {_arrow(tgt)} on {day} "
            f"({n} distinct report{'s' if n > 1 else ''})",
        )
        for src, tgt, day, n, evidence, support in rows
    ]


def check_escalation(scope: Scope, rule: EscalationRule) -> list[Alert]:
    """(b) Periods whose escalation index exceeds the baseline mean by ``k`` sigma.

    The baseline is the ``window`` periods before, empty periods counting as zero, so the
    mean and standard deviation come from sums over a range frame of the sparse series. It
    must have history: ``min_baseline_periods`` periods with events of the dyad, and (with
    ``require_history``) lie wholly after the first publication date, with articles
    published on at least ``min_coverage`` of its days.
    """
    span = rule.window * (1 if rule.freq == "day" else 7)
    period = bucket(rule.freq)
    first = bucket(rule.freq, "?::DATE")
    covered, need = _covered("period", rule.window, rule, rule.freq)
    rows = scope.cur.execute(
        f"WITH u AS (SELECT * FROM ({_UNITS}) WHERE {_DYADIC}), "
        f"b AS (SELECT source_code, target_code, {period} AS period, count(*) AS n, "
        f"  sum({ESCALATION_TERM}) AS e FROM u GROUP BY ALL), "
        "w AS (SELECT *, coalesce(sum(e) OVER w, 0) / ? AS mean, "
        "  coalesce(sum(e * e) OVER w, 0) / ? AS sq, count(*) OVER w AS active FROM b "
        "  WINDOW w AS (PARTITION BY source_code, target_code ORDER BY period "
        f"    RANGE BETWEEN INTERVAL {span} DAY PRECEDING AND INTERVAL 1 DAY PRECEDING)), "
        "hit AS (SELECT source_code, target_code, period, n, e, mean, active, "
        "  sqrt(greatest(sq - mean * mean, 0)) AS sd FROM w "
        "  WHERE n >= ? AND active >= ? "
        "  AND e > mean + ? * greatest(sqrt(greatest(sq - mean * mean, 0)), ?) "
        f"  AND (NOT ? OR period >= {first} + INTERVAL {span} DAY) AND {covered}) "
        # evidence only for the periods that fire, not for every dyad-period
        "SELECT h.source_code, h.target_code, h.period, h.n, h.e, h.mean, h.sd, h.active, "
        f"  list(DISTINCT v.id ORDER BY v.id)[1:{MAX_EVIDENCE}], "
        f"  list(struct_pack(s := v.indep, c := v.confidence, q := v.quoted)) "
        "FROM hit h JOIN u ON u.source_code = h.source_code AND u.target_code = h.target_code "
        f"  AND {bucket(rule.freq, 'u.day')} = h.period "
        f"JOIN {EVIDENCE_TABLE} v ON v.unit_id = u.unit_id GROUP BY ALL",
        [*_DYADIC_PARAMS, rule.window, rule.window, rule.min_events,
         min(rule.min_baseline_periods, rule.window), rule.k, rule.min_sigma,
         rule.require_history, scope.first_published, need],
    ).fetchall()  # fmt: skip
    unit = "day" if rule.freq == "day" else "week"
    return [
        _alert(
            rule,
            Support.of(support),
            f"{n} events of {src} → {tgt} score {e:.1f} against a {rule.window}-{unit} "
            f"baseline with events in {active} {unit}s",
            date=period,
            source=src,
            target=tgt,
            value=round(e, 3),
            evidence=evidence,
            message=f"{src} → {tgt}: escalation index {e:.1f} in the {unit} of {period} is "
            f"{(e - mean) / max(sd, rule.min_sigma):.1f} sigma above its {rule.window}-{unit} "
            f"baseline (mean {mean:.1f}, sd {sd:.1f}); {n} events",
        )
        for src, tgt, period, n, e, mean, sd, active, evidence, support in rows
    ]


def check_redline(scope: Scope, rule: RedlineRule) -> list[Alert]:
    """(c) Red lines crossed, from the ledger's ``redlines``/``redline_crossings`` tables.

    A crossing is corroborated by the line's other crossing reports within
    ``corroboration_days``. Finds nothing while those tables do not exist (the red-line
    ledger is not installed).
    """
    cur = scope.cur
    present = cur.execute(
        "SELECT count(DISTINCT table_name) FROM information_schema.tables "
        "WHERE table_name IN ('redlines', 'redline_crossings')"
    ).fetchone()
    if not present or present[0] < 2:
        return []
    days = int(rule.corroboration_days)
    rows = cur.execute(
        "WITH c AS (SELECT c.redline_id, c.event_id, c.date, v.indep, v.confidence, v.quoted "
        f"  FROM redline_crossings c LEFT JOIN {EVIDENCE_TABLE} v ON v.id = c.event_id), "
        "g AS (SELECT r.issuer_code, r.addressee_code, c.date, count(DISTINCT c.event_id) AS n, "
        "  list(DISTINCT c.redline_id ORDER BY c.redline_id) AS lines, "
        f"  list(DISTINCT c.event_id ORDER BY c.event_id)[1:{MAX_EVIDENCE}] AS events, "
        "  min(r.condition_text) AS cond "
        "  FROM c JOIN redlines r ON r.id = c.redline_id GROUP BY ALL) "
        "SELECT g.*, (SELECT list(struct_pack(s := coalesce(o.indep, o.event_id), "
        "  c := coalesce(o.confidence, 0.5), q := coalesce(o.quoted, false))) FROM c o "
        "  WHERE list_contains(g.lines, o.redline_id) AND (o.date IS NOT DISTINCT FROM g.date "
        f"  OR abs(datediff('day', o.date, g.date)) <= {days})) FROM g"
    ).fetchall()
    return [
        _alert(
            rule,
            Support.of(support or []),
            f"{n} event{'s' if n > 1 else ''} met the condition of a red line drawn by "
            f"{issuer or '?'}",
            date=day,
            source=issuer,
            target=addressee,
            value=float(n),
            evidence=[f"redline:{r}" for r in redlines] + [e for e in events if e],
            message=f"red line drawn by {issuer or '?'} for {addressee or '?'} crossed on "
            f"{day or 'an unknown date'}: {condition or '(condition not stated)'}",
        )
        for issuer, addressee, day, n, redlines, events, condition, support in rows
    ]


def check_new_conflict(scope: Scope, rule: NewConflictRule) -> list[Alert]:
    """(d) Material-conflict events between a pair with none in the ``lookback_days`` before.

    The pair is unordered: B's attack on A counts as prior conflict for A → B. With
    ``require_history``, only days ``lookback_days`` after the first publication date whose
    lookback had articles published on at least ``min_coverage`` of its days.
    """
    days = rule.lookback_days
    covered, need = _covered("u.day", days, rule)
    rows = scope.cur.execute(
        f"WITH u AS (SELECT * FROM ({_UNITS}) WHERE {_DYADIC} AND quad_class = 4), "
        "p AS (SELECT least(source_code, target_code) AS a, "
        "  greatest(source_code, target_code) AS b, day FROM u GROUP BY ALL), "
        "f AS (SELECT a, b, day, count(*) OVER (PARTITION BY a, b ORDER BY day "
        f"  RANGE BETWEEN INTERVAL {days} DAY PRECEDING AND INTERVAL 1 DAY PRECEDING) AS prior "
        "  FROM p) "
        "SELECT u.source_code, u.target_code, u.day, count(DISTINCT u.unit_id), "
        "  list(DISTINCT u.type ORDER BY u.type), "
        f"  list(DISTINCT v.id ORDER BY v.id)[1:{MAX_EVIDENCE}], "
        "  list(struct_pack(s := v.indep, c := v.confidence, q := v.quoted)) "
        "FROM u JOIN f ON f.a = least(u.source_code, u.target_code) "
        "  AND f.b = greatest(u.source_code, u.target_code) AND f.day = u.day "
        f"JOIN {EVIDENCE_TABLE} v ON v.unit_id = u.unit_id "
        f"WHERE f.prior = 0 AND (NOT ? OR u.day >= ?::DATE + INTERVAL {days} DAY) "
        f"AND {covered} GROUP BY ALL",
        [*_DYADIC_PARAMS, rule.require_history, scope.first_published, need],
    ).fetchall()
    return [
        _alert(
            rule,
            Support.of(support),
            f"{n} material-conflict event{'s' if n > 1 else ''} ({', '.join(types)}) with no "
            f"conflict between the pair in the {days} days before",
            date=day,
            source=src,
            target=tgt,
            value=float(n),
            evidence=evidence,
            message=f"{src} → {tgt}: material conflict ({', '.join(types)}) on {day}, the "
            f"first between them in {days} days",
        )
        for src, tgt, day, n, types, evidence, support in rows
    ]


#: Rule class → its check: ``check(scope, rule)`` over the evidence table of ``find_alerts``.
CHECKS: dict[type, Callable[[Scope, Any], list[Alert]]] = {
    NuclearThreatRule: check_nuclear_threat,
    EscalationRule: check_escalation,
    RedlineRule: check_redline,
    NewConflictRule: check_new_conflict,
}

"""Dyad time series: counts by quad class, intensity and the escalation index, in DuckDB SQL.

The unit counted is the *event group* (``tocsin.dedup``): one happening reported by many
articles counts once, so reprints do not inflate a series. Events not yet grouped (a
database written without the ``stories`` finalizer) count one each. Negated and
hypothetical events never count. A unit's day is its event date when the text fixes one,
else the publication date.

The escalation index of a period (docs/monitoring.md has the rationale):

    escalation = Σ_units  w · s,   w = 1 + log2(num_sources),
                                   s = -intensity            when intensity < 0 (conflict)
                                   s = -0.5 · intensity      when intensity > 0 (cooperation)

``intensity`` is the PLOVER score (-10 .. +10; Goldstein when only that is known).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tocsin.errors import TocsinError

FREQS = ("day", "week")
WILDCARD = "*"
#: Cooperation offsets conflict at half weight: a meeting reported alongside a shelling
#: lowers the index, but news of talks does not undo the damage of an attack.
COOPERATION_WEIGHT = 0.5
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")

#: Asserted units: the event groups ...
_GROUP_UNITS = """
SELECT g.id AS unit_id, g.first_event_id AS event_id, g.source_code, g.source_sector,
       g.target_code, g.target_sector, g.type, g.quad_class, g.nuclear, g.date AS day,
       coalesce(g.intensity, g.goldstein) AS intensity, g.num_sources, g.num_articles
FROM event_groups g
WHERE NOT g.negated AND NOT g.hypothetical
"""
#: ... plus the events no group holds yet, one unit each.
_EVENT_UNITS = """
SELECT e.id, e.id, e.source_code, e.source_sector, e.target_code, e.target_sector, e.type,
       e.quad_class, e.nuclear, coalesce(e.event_date, e.date),
       coalesce(e.intensity, e.goldstein), 1, 1
FROM events e
WHERE NOT e.negated AND NOT e.hypothetical
  AND NOT EXISTS (SELECT 1 FROM event_group_members m WHERE m.event_id = e.id)
"""


def units_sql(*, ungrouped: bool = True) -> str:
    """SQL of the asserted units; ``ungrouped=False`` leaves out the (costly) search for
    events without a group, for when ``all_grouped`` says there are none."""
    return _GROUP_UNITS + ("UNION ALL" + _EVENT_UNITS if ungrouped else "")


def all_grouped(con: Any) -> bool:
    """True when every event has a group (as many membership rows as events).

    Two counts (a few ms on a million events) instead of an anti-join (~130 ms); they differ
    while new events await the ``stories`` finalizer, and then every query takes the exact
    path. (Equal counts with a mismatch would need deletions and additions that balance
    exactly between a write and its finalizer.)
    """
    row = con.execute(
        "SELECT (SELECT count(*) FROM events) = (SELECT count(*) FROM event_group_members)"
    ).fetchone()
    return bool(row and row[0])


#: One unit's contribution to the escalation index (see the module docstring).
ESCALATION_TERM = (
    "(1 + log2(greatest(num_sources, 1))) * "
    f"CASE WHEN intensity < 0 THEN -intensity ELSE -{COOPERATION_WEIGHT} * coalesce(intensity, 0) "
    "END"
)

#: The aggregate columns of a series period or a dyad summary, over units ``u``.
AGGREGATES = f"""
count(*) AS events,
count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
count(*) FILTER (WHERE quad_class = 2) AS material_coop,
count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
sum(num_articles) AS articles,
coalesce(sum(intensity), 0) AS intensity_sum,
avg(intensity) AS intensity_mean,
coalesce(sum({ESCALATION_TERM}), 0) AS escalation
"""
SERIES_COLUMNS = (
    "period", "source", "target", "undirected", "events", "verbal_coop", "material_coop",
    "verbal_conflict", "material_conflict", "articles", "intensity_sum", "intensity_mean",
    "escalation",
)  # fmt: skip


def bucket(freq: str, column: str = "day") -> str:
    """SQL for the period a date falls in: the day itself, or the Monday of its ISO week."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")
    return column if freq == "day" else f"date_trunc('week', {column})::DATE"


def bucket_date(freq: str, day: dt.date) -> dt.date:
    """The period ``day`` falls in (Python twin of ``bucket``)."""
    return day if freq == "day" else day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Dyad:
    """An ordered actor pair ``source → target``; ``*`` stands for any other actor.

    ``undirected`` counts both directions (``A:B`` and ``B:A``) together.
    """

    source: str
    target: str
    undirected: bool = False

    @classmethod
    def parse(cls, text: str, *, undirected: bool = False) -> Dyad:
        """Parse ``SOURCE:TARGET`` (codes or ``*``, any case). Raises M002 when malformed."""
        source, sep, target = text.strip().upper().partition(":")
        codes = (source.strip(), target.strip())
        if not sep or not all(c == WILDCARD or _CODE.match(c) for c in codes):
            raise TocsinError("M002", value=text)
        return cls(source=codes[0], target=codes[1], undirected=undirected)

    def __str__(self) -> str:
        return f"{self.source}{'<>' if self.undirected else ':'}{self.target}"

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition on ``source_code``/``target_code`` and its parameters."""
        clause, params = _directed(self.source, self.target)
        if self.undirected:
            back, back_params = _directed(self.target, self.source)
            return f"(({clause}) OR ({back}))", params + back_params
        return clause, params


def _directed(source: str, target: str) -> tuple[str, list[Any]]:
    # A wildcard matches any actor other than the named side: a dyad has two parties, so
    # domestic events (RUS → RUS) and events without a target are not part of "RUS:*".
    clauses = ["source_code IS NOT NULL", "target_code IS NOT NULL", "source_code <> target_code"]
    params: list[Any] = []
    for column, code in (("source_code", source), ("target_code", target)):
        if code != WILDCARD:
            clauses.append(f"{column} = ?")
            params.append(code)
    return " AND ".join(clauses), params


def series_sql(
    dyad: Dyad,
    *,
    freq: str = "day",
    since: dt.date | None = None,
    until: dt.date | None = None,
    fill: bool = True,
    ungrouped: bool = True,
) -> tuple[str, list[Any]]:
    """SQL and parameters for the series of ``dyad``: one row per period, oldest first.

    With ``fill`` every period between ``since`` (else the first with events) and ``until``
    (else the last with events) appears, with zero counts where nothing happened.
    ``ungrouped`` as in ``units_sql``.
    """
    where, params = dyad.where()
    period = bucket(freq)
    labels = [dyad.source, dyad.target, dyad.undirected]
    agg = (
        f"SELECT {period} AS period, {AGGREGATES} FROM ({units_sql(ungrouped=ungrouped)}) u "
        f"WHERE day IS NOT NULL AND {where} AND (?::DATE IS NULL OR day >= ?::DATE) "
        "AND (?::DATE IS NULL OR day <= ?::DATE) GROUP BY ALL"
    )
    params += [since, since, until, until]
    if not fill:
        sql = f"SELECT period, ?, ?, ?, * EXCLUDE (period) FROM ({agg}) ORDER BY period"
        return _named(sql), [*labels, *params]
    step = "1 DAY" if freq == "day" else "7 DAY"
    lo = f"{bucket(freq, '?::DATE')}" if since else "(SELECT min(period) FROM agg)"
    hi = f"{bucket(freq, '?::DATE')}" if until else "(SELECT max(period) FROM agg)"
    bounds = [d for d in (since, until) if d]
    sql = (
        f"WITH agg AS ({agg}), periods AS ("
        f"  SELECT unnest(generate_series({lo}::TIMESTAMP, {hi}::TIMESTAMP, "
        f"  INTERVAL {step}))::DATE AS period) "
        "SELECT p.period, ?, ?, ?, coalesce(events, 0), coalesce(verbal_coop, 0), "
        "coalesce(material_coop, 0), coalesce(verbal_conflict, 0), "
        "coalesce(material_conflict, 0), coalesce(articles, 0), coalesce(intensity_sum, 0), "
        "intensity_mean, coalesce(escalation, 0) "
        "FROM periods p LEFT JOIN agg USING (period) ORDER BY p.period"
    )
    return _named(sql), [*params, *bounds, *labels]


def _named(sql: str) -> str:
    """Wrap ``sql`` so that its columns carry the ``SERIES_COLUMNS`` names."""
    return f"SELECT * FROM ({sql}) AS s({', '.join(SERIES_COLUMNS)})"


def dyads_sql(
    *,
    until: dt.date | None = None,
    days: int = 30,
    limit: int = 20,
    min_events: int = 1,
    ungrouped: bool = True,
) -> tuple[str, list[Any]]:
    """SQL for the most escalating ordered dyads over the ``days`` ending ``until``.

    ``until`` defaults to the latest day with events (historical corpora have no "now").
    Each row also gives the escalation of the ``days`` before, and the change.
    ``ungrouped`` as in ``units_sql``.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    where, params = Dyad(WILDCARD, WILDCARD).where()
    sql = (
        f"WITH u AS (SELECT * FROM ({units_sql(ungrouped=ungrouped)}) "
        f"  WHERE day IS NOT NULL AND {where}), "
        "w AS (SELECT coalesce(?::DATE, (SELECT max(day) FROM u)) AS hi), "
        f"cur AS (SELECT * FROM u, w WHERE day > hi - INTERVAL {int(days)} DAY AND day <= hi), "
        f"prev AS (SELECT source_code, target_code, coalesce(sum({ESCALATION_TERM}), 0) AS esc "
        f"  FROM u, w WHERE day > hi - INTERVAL {2 * int(days)} DAY "
        f"  AND day <= hi - INTERVAL {int(days)} DAY GROUP BY ALL) "
        "SELECT c.source_code AS source, c.target_code AS target, c.* EXCLUDE "
        "(source_code, target_code), coalesce(p.esc, 0) AS previous_escalation, "
        "c.escalation - coalesce(p.esc, 0) AS change "
        f"FROM (SELECT source_code, target_code, min(hi) AS until, max(day) AS last_day, "
        f"  {AGGREGATES} FROM cur GROUP BY source_code, target_code) c "
        "LEFT JOIN prev p USING (source_code, target_code) WHERE c.events >= ? "
        "ORDER BY c.escalation DESC, c.events DESC, source, target LIMIT ?"
    )
    return sql, [*params, until, min_events, limit]

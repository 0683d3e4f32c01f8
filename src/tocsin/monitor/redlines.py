"""The red-line ledger: conditional threats, their restatements, crossings and consequences.

Every conditional threat (``threats`` rows with a condition) draws a red line; restatements
share its ``threat_key``, or are joined to it when the same issuer states a matching
condition (``conditions_match``). The ``redlines`` finalizer rebuilds the ledger after each
run. A later event *crosses* a line only when it has the condition's actor **and** its act
(and its target and weapon class when the condition names them), is dated after the line was
first drawn, and is evidence an alert may rest on (``monitor.evidence``: confidence at least
``monitor.min_confidence``, dated by the article, not boilerplate). For a line drawn with
"unless" such an event is compliance, not a crossing. Each crossing stores why it matched,
part by part. A later act of the threatened kind by the issuer is the consequence that
followed. The matching rules are data (``monitor/data/redline_rules.yaml``, or
``monitor.redline_rules_file``); see docs/monitoring.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tocsin.config import Settings
from tocsin.errors import DataFileError
from tocsin.events.lexicon import load_yaml
from tocsin.monitor.evidence import evidence_sql
from tocsin.records import PLOVER_TYPES, WeaponMention
from tocsin.store.database import Database

LEDGER_TABLES = (
    "redlines", "redline_statements", "redline_crossings", "redline_consequences",
    "redline_compliance",
)  # fmt: skip
#: The default ``monitor.min_confidence`` (config.py), for callers without settings.
DEFAULT_MIN_CONFIDENCE = 0.2


@dataclass(frozen=True, slots=True)
class LedgerRules:
    """Matching rules: which event types cross a condition, memberships, consequences."""

    crossing_types: dict[str, tuple[str, ...]]
    consequence_types: dict[str | None, tuple[str, ...]]
    window_days: int
    memberships: dict[str, frozenset[str]]
    similarity: float = 0.4
    synonyms: dict[str, str] = field(default_factory=dict)
    troop_words: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()

    def members(self, code: str | None) -> frozenset[str]:
        """``code`` itself and, for an organisation, its member countries."""
        if code is None:
            return frozenset()
        return frozenset({code}) | self.memberships.get(code, frozenset())


def _types(path: str, value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or any(v not in PLOVER_TYPES for v in value):
        raise DataFileError("D001", path=path, reason=f"{where}: expected a list of PLOVER types")
    return tuple(value)


def parse_rules(path: str, text: str) -> LedgerRules:
    """Validate a red-line rules file (raises ``DataFileError`` D001 naming the entry)."""
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise DataFileError("D001", path=path, reason="expected a mapping")
    crossing = {
        str(k): _types(path, v, f"crossing_types.{k}")
        for k, v in (data.get("crossing_types") or {}).items()
    }
    consequence: dict[str | None, tuple[str, ...]] = {
        (None if k in (None, "null") else str(k)): _types(path, v, f"consequence_types.{k}")
        for k, v in (data.get("consequence_types") or {}).items()
    }
    window = data.get("consequence_window_days", 120)
    if not isinstance(window, int) or window <= 0:
        raise DataFileError(
            "D001", path=path, reason="consequence_window_days must be a positive integer"
        )
    members = {
        str(k): frozenset(str(c) for c in v) for k, v in (data.get("memberships") or {}).items()
    }
    similarity = float(data.get("restatement_similarity", 0.4))
    synonyms = {
        str(word).lower(): str(canonical)
        for canonical, words in (data.get("condition_synonyms") or {}).items()
        for word in [canonical, *words]
    }
    troop_words = frozenset(str(w).lower() for w in data.get("troop_words") or [])
    stop_words = frozenset(str(w).lower() for w in data.get("condition_stop_words") or [])
    return LedgerRules(
        crossing, consequence, window, members, similarity, synonyms, troop_words, stop_words
    )


@functools.lru_cache(maxsize=4)
def load_rules(path: str = "") -> LedgerRules:
    """The packaged rules, or those in ``path``."""
    if path:
        file = Path(path)
        if not file.is_file():
            raise DataFileError("D001", path=path, reason="file not found")
        return parse_rules(path, file.read_text("utf-8"))
    text = resources.files("tocsin.monitor").joinpath("data/redline_rules.yaml").read_text("utf-8")
    return parse_rules("redline_rules.yaml", text)


@dataclass(slots=True)
class Statement:
    """One statement of a threat (a ``threats`` row)."""

    threat_id: str
    article_id: str
    sentence_idx: int
    date: dt.date | None
    issuer_code: str | None
    issuer_sector: str | None
    addressee_code: str | None
    condition_text: str | None
    condition: dict[str, Any] | None
    consequence_text: str | None
    consequence_type: str | None
    nuclear: bool
    framing: list[str]


@dataclass(slots=True)
class Crossing:
    """An event that meets a red line's condition, and why (``match``: part by part)."""

    event_id: str
    article_id: str
    date: dt.date | None
    reason: str
    match: dict[str, Any]
    unit_id: str = ""  # its event group: reports of one happening count as one crossing


@dataclass(slots=True)
class RedLine:
    """A red line and what the ledger found about it.

    ``crossings`` are events that did what an "if" line forbids; ``compliance`` are events
    that did what an "unless" line demands (which averts, not triggers, the consequence).
    """

    id: str
    statements: list[Statement]
    crossings: list[Crossing] = field(default_factory=list)
    consequences: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    compliance: list[Crossing] = field(default_factory=list)

    @property
    def polarity(self) -> str:
        """``if`` or ``unless`` (of the first conditional statement)."""
        return str((self.first.condition or {}).get("polarity") or "if")

    @property
    def first(self) -> Statement:
        """The first statement with a condition (earliest dated first)."""
        conditional = [s for s in self.statements if s.condition_text]
        return min(conditional, key=lambda s: (s.date is None, s.date or dt.date.min))

    @property
    def dates(self) -> list[dt.date]:
        """The dates it was stated on."""
        return sorted(s.date for s in self.statements if s.date is not None)


_THREAT_COLUMNS = (
    "id, article_id, sentence_idx, date, issuer_code, issuer_sector, addressee_code, "
    "condition_text, condition, consequence_text, consequence_type, nuclear, framing, threat_key"
)


def condition_words(text: str | None, rules: LedgerRules) -> frozenset[str]:
    """Content words of a condition, synonyms folded ("forces based" ≈ "troops stationed")."""
    raw = (text or "").lower()
    for phrase in (p for p in rules.synonyms if " " in p):  # "set foot" → one word first
        raw = raw.replace(phrase, phrase.replace(" ", "_"))
    words = ["".join(ch for ch in w if ch.isalnum() or ch == "_") for w in raw.split()]
    folded = {
        rules.synonyms.get(w.replace("_", " "), rules.synonyms.get(w.rstrip("s"), w))
        for w in words
        if w
    }
    return frozenset(w for w in folded if w not in rules.stop_words)


def _similar(a: RedLine, b: RedLine, rules: LedgerRules) -> bool:
    """Two red lines are one when the same issuer draws them with matching conditions."""
    fa, fb = a.first, b.first
    if fa.issuer_code is None or fa.issuer_code != fb.issuer_code:
        return False
    if fa.addressee_code and fb.addressee_code and fa.addressee_code != fb.addressee_code:
        return False
    return conditions_match(fa, fb, rules)


def conditions_match(a: Statement, b: Statement, rules: LedgerRules) -> bool:
    """Whether two statements state the same condition.

    The coded parts decide: the same polarity; actors, targets and weapon classes that
    agree wherever both name one (an organisation agrees with its members); and the same
    act (or acts of one crossing family: a delivery and a deployment of troops). Only when
    one side's act could not be coded do the condition's words decide (Jaccard of content
    words, synonyms folded, at least ``restatement_similarity``), and then only if the
    coded parts still agree. Words shared by whole sentences never join two lines.
    """
    ca, cb = a.condition or {}, b.condition or {}
    if (ca.get("polarity") or "if") != (cb.get("polarity") or "if"):
        return False
    if not _agree(_named(ca.get("actor")), _named(cb.get("actor")), rules):
        return False
    if not _agree(_named(ca.get("target")), _named(cb.get("target")), rules):
        return False
    wa, wb = ca.get("weapon_class"), cb.get("weapon_class")
    if wa and wb:
        return bool(wa == wb)
    ta, tb = ca.get("type"), cb.get("type")
    if ta and tb:
        return (
            ta == tb
            or tb in rules.crossing_types.get(ta, ())
            or ta in rules.crossing_types.get(tb, ())
        )
    wa_, wb_ = condition_words(a.condition_text, rules), condition_words(b.condition_text, rules)
    return bool(wa_ and wb_) and len(wa_ & wb_) / len(wa_ | wb_) >= rules.similarity


#: Words whose actor comes from coreference: too unsure to keep two statements apart.
_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "he", "she", "his", "her", "we"})


def _named(actor: Any) -> str | None:
    """The code of a condition's actor when the text names it ("it" resolved by
    coreference gives None: "if it agreed to host ..." may be Finland or Russia)."""
    if not isinstance(actor, dict) or str(actor.get("entity_text") or "").lower() in _PRONOUNS:
        return None
    return _code(actor)


def _agree(x: str | None, y: str | None, rules: LedgerRules) -> bool:
    """Two coded parts agree when either is unnamed, they are equal, or one is a member of
    the other (NATO and Finland)."""
    return not x or not y or x in rules.members(y) or y in rules.members(x)


def merge_restatements(lines: list[RedLine], rules: LedgerRules) -> list[RedLine]:
    """Join red lines restated in other words, in other articles, into the earliest one."""
    ordered = sorted(
        lines, key=lambda line: (line.first.date is None, line.first.date or dt.date.min)
    )
    merged: list[RedLine] = []
    for line in ordered:
        home = next((m for m in merged if _similar(m, line, rules)), None)
        if home is None:
            merged.append(line)
        else:
            home.statements.extend(line.statements)
    return merged


def load_redlines(db: Database) -> list[RedLine]:
    """Group stored threats by key; keep the groups with at least one condition.

    A threat read from page furniture (a caption, a headline strip, a repeated block: its
    event's ``date_source``) states no line: it is another article's, or no one's, words.
    """
    columns = ", ".join(f"t.{c.strip()}" for c in _THREAT_COLUMNS.split(","))
    rows = db.query(
        f"SELECT {columns} FROM threats t LEFT JOIN events e ON e.id = t.event_id "
        "WHERE t.threat_key IS NOT NULL "
        "AND coalesce(e.date_source, 'published') IN ('text', 'published') "
        "ORDER BY t.date, t.id"
    )
    groups: dict[str, list[Statement]] = {}
    for r in rows:
        condition = json.loads(r[8]) if r[8] else None
        groups.setdefault(r[13], []).append(
            Statement(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                condition,
                r[9],
                r[10],
                bool(r[11]),
                list(r[12] or []),
            )
        )
    return [RedLine(key, st) for key, st in groups.items() if any(s.condition_text for s in st)]


# ---------------------------------------------------------------- matching
def _code(actor: Any) -> str | None:
    return actor.get("code") if isinstance(actor, dict) else None


def _kind(actor: Any) -> str | None:
    return actor.get("kind") if isinstance(actor, dict) else None


@dataclass(frozen=True, slots=True)
class _Wanted:
    """What an event must have to meet a line's condition."""

    type: str
    types: tuple[str, ...]
    actors: frozenset[str]  # the condition's actor (and its members); empty for "foreign"
    outsiders: frozenset[str]  # for a "foreign" actor: the parties it may not be
    actor_text: str
    target: str | None
    weapon_class: str | None
    mode: str | None


def wanted(line: RedLine, rules: LedgerRules) -> _Wanted | None:
    """The condition as something to match events against; None when it cannot be matched:
    no act coded, or no actor ("any such deployment": anyone doing anything would cross)."""
    first = line.first
    cond = first.condition or {}
    ctype = cond.get("type")
    if not ctype or ctype not in rules.crossing_types:
        return None
    actor = cond.get("actor")
    code, target = _code(actor), _code(cond.get("target"))
    if target is None and line.polarity == "unless":
        # "unless the United States lifts its sanctions": what is demanded is done for the
        # issuer (on Iran), so an unnamed target is the issuer
        target = first.issuer_code
    elif target is None and code is not None and code != first.addressee_code:
        # "Finland would become a target if NATO bombs are based there": a third party's act
        # with no named target is an act on (or in) the addressee, not on anyone at all
        target = first.addressee_code
    outsiders: frozenset[str] = frozenset()
    if code is None:
        if _kind(actor) != "foreign":
            return None
        # "foreign troops": anyone but the issuer and the side where they would be
        outsiders = frozenset(c for c in (first.issuer_code, target, first.addressee_code) if c)
    return _Wanted(
        type=ctype, types=rules.crossing_types[ctype], actors=rules.members(code),
        outsiders=outsiders, actor_text=code or "a foreign party", target=target,
        weapon_class=cond.get("weapon_class"), mode=cond.get("mode"),
    )  # fmt: skip


def find_crossings(
    cur: Any, line: RedLine, rules: LedgerRules, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> list[Crossing]:
    """Events that meet the line's condition after it was first drawn (module docstring).

    One crossing per report: a sentence repeated in the article, or copied word for word
    by another outlet, is one crossing (the earliest report), and so is an article that
    tells it in its headline and again in its story.
    """
    want, first = wanted(line, rules), line.first
    if want is None or first.date is None:
        return []  # not matchable, or no date to come after
    sql, params = evidence_sql(min_confidence)
    where = ["list_contains(?, type)", "day > ?"]
    args: list[Any] = [list(want.types), first.date]
    if want.actors:
        where.append("list_contains(?, source_code)")
        args.append(sorted(want.actors))
    else:
        where.append("source_code IS NOT NULL AND NOT list_contains(?, source_code)")
        args.append(sorted(want.outsiders))
    if want.target:
        where.append("target_code = ?")
        args.append(want.target)
    rows = cur.execute(
        f"SELECT id, article_id, sentence_idx, day, source_code, target_code, type, mode, "
        f"weapons, text, confidence, date_source, text_key, unit_id FROM ({sql}) "
        f"WHERE {' AND '.join(where)} ORDER BY day, published, id",
        [*params, *args],
    ).fetchall()
    stated = {(s.article_id, s.sentence_idx) for s in line.statements}
    stated_on = {s.article_id: s.date for s in line.statements}
    out: list[Crossing] = []
    seen: set[str] = set()
    for row in rows:
        event = _Candidate(*row)
        if (event.article_id, event.sentence_idx) in stated or {
            event.text_key,
            event.article_id,
        } & seen:
            continue  # the condition as stated in the threat itself; a copy of a crossing
        if _context_of_statement(stated_on, event.article_id, event.day):
            continue
        crossing = _crossing(event, want, first.date, rules, min_confidence)
        if crossing is not None:
            seen |= {event.text_key, event.article_id}
            out.append(crossing)
    return out


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An event row that may cross a line (the columns ``find_crossings`` selects)."""

    id: str
    article_id: str
    sentence_idx: int
    day: dt.date | None
    source: str | None
    target: str | None
    type: str
    mode: str | None
    weapons: list[str] | None
    text: str
    confidence: float
    date_source: str
    text_key: str
    unit_id: str


def _crossing(
    event: _Candidate, want: _Wanted, drawn: dt.date, rules: LedgerRules, min_confidence: float
) -> Crossing | None:
    """The crossing ``event`` makes, with its match part by part; None when its mode, its
    weapons or (for a "troops" condition) its words do not fit."""
    words = set(event.text.lower().split())
    if want.mode == "troops" and event.type == "AID" and not rules.troop_words & words:
        return None  # a delivery of boats is not troops stationed
    if event.type == want.type and want.mode and event.mode and event.mode != want.mode:
        return None  # "unless they lift sanctions" is not met by a troop withdrawal
    weapon = _weapon_reason(want.weapon_class, event.weapons)
    if weapon is None:
        return None
    match = {
        "actor": {"event": event.source, "condition": want.actor_text},
        "act": {"event": event.type, "condition": want.type},
        "target": {"event": event.target, "condition": want.target},
        "weapon": {"event": weapon or None, "condition": want.weapon_class},
        "date": {"event": _iso(event.day), "drawn": _iso(drawn), "source": event.date_source},
        "confidence": {"event": round(float(event.confidence), 3), "threshold": min_confidence},
    }
    return Crossing(
        event.id, event.article_id, event.day, describe_match(match), match, event.unit_id
    )


def describe_match(match: dict[str, Any]) -> str:
    """The match in one line: "USA (condition: USA) · AID (condition: AID) · → GUY ·
    with himars (rocket artillery) · 2025-10-06, after the line drawn 2025-09-18 (date from
    the article's publication) · confidence 0.70 ≥ 0.50"."""
    actor, act, target = match["actor"], match["act"], match["target"]
    parts = [
        f"{actor['event']} (condition: {actor['condition']})",
        f"{act['event']} (condition: {act['condition']})",
    ]
    if target.get("condition"):
        parts.append(f"→ {target['event']}")
    if match["weapon"].get("event"):
        parts.append(f"with {match['weapon']['event']}")
    date = match["date"]
    source = {"text": "the article's text", "published": "the article's publication"}.get(
        date["source"], date["source"]
    )
    parts.append(f"{date['event']}, after the line drawn {date['drawn']} (date from {source})")
    conf = match["confidence"]
    parts.append(f"confidence {conf['event']:.2f} ≥ {conf['threshold']:.2f}")
    return " · ".join(parts)


def _iso(day: Any) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else None


def _context_of_statement(
    stated_on: dict[str, dt.date | None], article_id: str, day: dt.date | None
) -> bool:
    """An event in an article that states the line, not dated after that statement, is what
    the line was drawn about ("after the troops exchanged fire, the U.S. warned that any
    further attack ..."), not a crossing of it."""
    if article_id not in stated_on:
        return False
    stated = stated_on[article_id]
    return day is None or stated is None or day <= stated


def _weapon_reason(weapon_class: str | None, weapons: list[str] | None) -> str | None:
    """'' when no class is required, '<system> (<class>)' when one of the event's own
    weapons (systems or classes named in its clause) satisfies the class, else None."""
    if not weapon_class:
        return ""
    from tocsin.enrich.weapon_catalog import load_catalog
    from tocsin.enrich.weapons import class_matches

    catalog = load_catalog()
    for name in weapons or []:
        system = name if name in catalog.systems else None
        mention = WeaponMention(
            article_id="", sentence_index=0, start=0, end=0, text=name,
            system=system, weapon_class=None if system else name,
        )  # fmt: skip
        if class_matches(weapon_class, mention):
            return f"{name} ({weapon_class})"
    return None


def find_consequences(
    cur: Any, line: RedLine, rules: LedgerRules, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> list[tuple[str, str, dt.date | None]]:
    """Acts of the threatened kind by the issuer after the first crossing, within the window."""
    dated = [c.date for c in line.crossings if c.date is not None]
    first = line.first
    if not dated or first.issuer_code is None:
        return []
    start = min(dated)
    types = rules.consequence_types.get(first.consequence_type) or rules.consequence_types.get(
        None, ()
    )
    crossers = [
        r[0]
        for r in cur.execute(
            "SELECT DISTINCT source_code FROM events WHERE list_contains(?, id)",
            [[c.event_id for c in line.crossings]],
        ).fetchall()
    ]
    targets = sorted(
        {c for c in [first.addressee_code, *crossers] if c} | rules.members(first.addressee_code)
    )
    sql, params = evidence_sql(min_confidence)
    rows = cur.execute(
        f"SELECT id, article_id, day FROM ({sql}) "
        "WHERE source_code = ? AND list_contains(?, target_code) AND list_contains(?, type) "
        "AND day BETWEEN ? AND ? ORDER BY day, id",
        [
            *params,
            first.issuer_code,
            targets,
            list(types),
            start,
            start + dt.timedelta(days=rules.window_days),
        ],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


# ---------------------------------------------------------------- writing
_REDLINE_COLUMNS = (
    "id", "issuer_code", "issuer_sector", "addressee_code", "condition_text", "condition",
    "consequence_text", "consequence_type", "nuclear", "framing", "first_stated",
    "last_stated", "statements", "articles", "crossings", "first_crossed",
    "consequence_followed", "consequence_date", "polarity", "compliances",
)  # fmt: skip


def _redline_row(line: RedLine) -> list[Any]:
    first = line.first
    dates = line.dates
    cross_dates = [c.date for c in line.crossings if c.date is not None]
    cons_dates = [c[2] for c in line.consequences if c[2] is not None]
    return [
        line.id, first.issuer_code, first.issuer_sector, first.addressee_code,
        first.condition_text, json.dumps(first.condition) if first.condition else None,
        first.consequence_text, first.consequence_type,
        any(s.nuclear for s in line.statements),
        sorted({f for s in line.statements for f in s.framing}),
        dates[0] if dates else None, dates[-1] if dates else None,
        len(line.statements), len({s.article_id for s in line.statements}),
        len({c.unit_id or c.event_id for c in line.crossings}),
        min(cross_dates) if cross_dates else None,
        bool(line.consequences), min(cons_dates) if cons_dates else None,
        line.polarity, len(line.compliance),
    ]  # fmt: skip


def rebuild(
    db: Database, rules: LedgerRules, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> dict[str, int]:
    """Recompute the whole ledger from ``threats`` and ``events`` (idempotent).

    For an "unless" line the events that meet its condition are compliance: they are kept
    apart, never counted as crossings, and no consequence is looked for.
    """
    lines = merge_restatements(load_redlines(db), rules)
    cur = db.cursor()
    try:
        for line in lines:
            met = find_crossings(cur, line, rules, min_confidence=min_confidence)
            if line.polarity == "unless":
                line.compliance = met
                continue
            line.crossings = met
            line.consequences = find_consequences(cur, line, rules, min_confidence=min_confidence)
    finally:
        cur.close()
    with db.transaction() as con:
        for table in LEDGER_TABLES:
            con.execute(f"DELETE FROM {table}")
        names = ", ".join(_REDLINE_COLUMNS)
        marks = ", ".join("?" * len(_REDLINE_COLUMNS))
        for line in lines:
            con.execute(f"INSERT INTO redlines ({names}) VALUES ({marks})", _redline_row(line))
            for s in line.statements:
                con.execute("INSERT OR IGNORE INTO redline_statements VALUES (?, ?, ?, ?)",
                            [line.id, s.threat_id, s.article_id, s.date])  # fmt: skip
            for table, found in (
                ("redline_crossings", line.crossings),
                ("redline_compliance", line.compliance),
            ):
                for c in found:
                    con.execute(
                        f"INSERT OR IGNORE INTO {table} "
                        "(redline_id, event_id, article_id, date, reason, match) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [line.id, c.event_id, c.article_id, c.date, c.reason, json.dumps(c.match)],
                    )
            for event_id, article_id, day in line.consequences:
                con.execute("INSERT OR IGNORE INTO redline_consequences VALUES (?, ?, ?, ?)",
                            [line.id, event_id, article_id, day])  # fmt: skip
    return {
        "redlines": len(lines),
        "crossed": sum(1 for line in lines if line.crossings),
        "consequences": sum(1 for line in lines if line.consequences),
        "complied": sum(1 for line in lines if line.compliance),
    }


def update_ledger(db: Database, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
    """Finalizer ``redlines``: rebuild the ledger when new articles were stored."""
    if not article_ids:
        return {}
    return rebuild(
        db,
        load_rules(settings.monitor.redline_rules_file),
        min_confidence=settings.monitor.min_confidence,
    )

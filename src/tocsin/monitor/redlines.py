"""The red-line ledger: conditional threats, their restatements, crossings and consequences.

Every conditional threat (``threats`` rows with a condition) draws a red line; restatements
share its ``threat_key``. The ``redlines`` finalizer rebuilds the ledger after each run:
later events that satisfy a line's coded condition are its crossings, and a later act of the
threatened kind by the issuer is the consequence that followed. The matching rules are data
(``monitor/data/redline_rules.yaml``, or ``monitor.redline_rules_file``); see
docs/monitoring.md.
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
from tocsin.records import PLOVER_TYPES, WeaponMention
from tocsin.store.database import Database

LEDGER_TABLES = ("redlines", "redline_statements", "redline_crossings", "redline_consequences")


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
class RedLine:
    """A red line and what the ledger found about it."""

    id: str
    statements: list[Statement]
    crossings: list[tuple[str, str, dt.date | None, str]] = field(default_factory=list)
    consequences: list[tuple[str, str, dt.date | None]] = field(default_factory=list)

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
    """Two red lines are one when the same issuer draws them with overlapping conditions."""
    fa, fb = a.first, b.first
    if fa.issuer_code is None or fa.issuer_code != fb.issuer_code:
        return False
    if fa.addressee_code and fb.addressee_code and fa.addressee_code != fb.addressee_code:
        return False
    wa, wb = (fa.condition or {}).get("weapon_class"), (fb.condition or {}).get("weapon_class")
    if wa and wa == wb:
        return True
    ca, cb = condition_words(fa.condition_text, rules), condition_words(fb.condition_text, rules)
    return bool(ca and cb) and len(ca & cb) / len(ca | cb) >= rules.similarity


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
    """Group stored threats by key; keep the groups with at least one condition."""
    rows = db.query(
        f"SELECT {_THREAT_COLUMNS} FROM threats WHERE threat_key IS NOT NULL ORDER BY date, id"
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


def find_crossings(
    cur: Any, line: RedLine, rules: LedgerRules
) -> list[tuple[str, str, dt.date | None, str]]:
    """Events that satisfy the line's condition on or after its first statement."""
    first = line.first
    cond = first.condition or {}
    ctype = cond.get("type")
    if not ctype or ctype not in rules.crossing_types:
        return []
    actors = rules.members(_code(cond.get("actor")))
    target = _code(cond.get("target"))
    if not actors and not target and not cond.get("weapon_class"):
        return []  # "any such deployment": too vague to match events against
    stated = {(s.article_id, s.sentence_idx) for s in line.statements}
    stated_on = {s.article_id: s.date for s in line.statements}
    params: list[Any] = [list(rules.crossing_types[ctype])]
    where = ["list_contains(?, type)", "NOT negated", "NOT hypothetical"]
    if first.date is not None:
        where.append("coalesce(event_date, date) >= ?")
        params.append(first.date)
    if actors:
        where.append("list_contains(?, source_code)")
        params.append(sorted(actors))
    else:  # anyone but the issuer, and not the threatened side acting at home
        where.append("NOT list_contains(?, coalesce(source_code, ''))")
        params.append([c for c in (first.issuer_code, target) if c])
    if target:
        where.append("target_code = ?")
        params.append(target)
    rows = cur.execute(
        "SELECT id, article_id, sentence_idx, coalesce(event_date, date), source_code, weapons, "
        f"type, text FROM events WHERE {' AND '.join(where)} ORDER BY 4 NULLS LAST, id",
        params,
    ).fetchall()
    out = []
    troops = rules.troop_words
    for event_id, article_id, sentence_idx, day, source, weapons, etype, text in rows:
        if (article_id, sentence_idx) in stated:
            continue  # the condition as stated in the threat itself
        if _context_of_statement(stated_on, article_id, day):
            continue
        if (
            cond.get("mode") == "troops"
            and etype == "AID"
            and not troops & set(text.lower().split())
        ):
            continue  # a delivery of boats is not troops stationed
        reason = _weapon_reason(cond.get("weapon_class"), weapons)
        if reason is None:
            continue
        out.append(
            (
                event_id,
                article_id,
                day,
                f"{source} {ctype}" + (f" {target}" if target else "") + reason,
            )
        )
    return out


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
    """'' when no class is required, ' with <system>' when one of the event's own weapons
    (systems or classes named in its clause) satisfies the class, else None."""
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
            return f" with {name} ({weapon_class})"
    return None


def find_consequences(
    cur: Any, line: RedLine, rules: LedgerRules
) -> list[tuple[str, str, dt.date | None]]:
    """Acts of the threatened kind by the issuer after the first crossing, within the window."""
    dated = [c[2] for c in line.crossings if c[2] is not None]
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
            [[c[0] for c in line.crossings]],
        ).fetchall()
    ]
    targets = sorted(
        {c for c in [first.addressee_code, *crossers] if c} | rules.members(first.addressee_code)
    )
    rows = cur.execute(
        "SELECT id, article_id, coalesce(event_date, date) FROM events "
        "WHERE source_code = ? AND list_contains(?, target_code) AND list_contains(?, type) "
        "AND NOT negated AND NOT hypothetical AND coalesce(event_date, date) BETWEEN ? AND ? "
        "ORDER BY 3, id",
        [
            first.issuer_code,
            targets,
            list(types),
            start,
            start + dt.timedelta(days=rules.window_days),
        ],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


# ---------------------------------------------------------------- writing
def _redline_row(line: RedLine) -> list[Any]:
    first = line.first
    dates = line.dates
    cross_dates = [c[2] for c in line.crossings if c[2] is not None]
    cons_dates = [c[2] for c in line.consequences if c[2] is not None]
    return [
        line.id, first.issuer_code, first.issuer_sector, first.addressee_code,
        first.condition_text, json.dumps(first.condition) if first.condition else None,
        first.consequence_text, first.consequence_type,
        any(s.nuclear for s in line.statements),
        sorted({f for s in line.statements for f in s.framing}),
        dates[0] if dates else None, dates[-1] if dates else None,
        len(line.statements), len({s.article_id for s in line.statements}),
        len(line.crossings), min(cross_dates) if cross_dates else None,
        bool(line.consequences), min(cons_dates) if cons_dates else None,
    ]  # fmt: skip


def rebuild(db: Database, rules: LedgerRules) -> dict[str, int]:
    """Recompute the whole ledger from ``threats`` and ``events`` (idempotent)."""
    lines = merge_restatements(load_redlines(db), rules)
    cur = db.cursor()
    try:
        for line in lines:
            line.crossings = find_crossings(cur, line, rules)
            line.consequences = find_consequences(cur, line, rules)
    finally:
        cur.close()
    with db.transaction() as con:
        for table in LEDGER_TABLES:
            con.execute(f"DELETE FROM {table}")
        for line in lines:
            con.execute(f"INSERT INTO redlines VALUES ({', '.join('?' * 18)})", _redline_row(line))
            for s in line.statements:
                con.execute("INSERT OR IGNORE INTO redline_statements VALUES (?, ?, ?, ?)",
                            [line.id, s.threat_id, s.article_id, s.date])  # fmt: skip
            for event_id, article_id, day, reason in line.crossings:
                con.execute("INSERT OR IGNORE INTO redline_crossings VALUES (?, ?, ?, ?, ?)",
                            [line.id, event_id, article_id, day, reason])  # fmt: skip
            for event_id, article_id, day in line.consequences:
                con.execute("INSERT OR IGNORE INTO redline_consequences VALUES (?, ?, ?, ?)",
                            [line.id, event_id, article_id, day])  # fmt: skip
    return {
        "redlines": len(lines),
        "crossed": sum(1 for line in lines if line.crossings),
        "consequences": sum(1 for line in lines if line.consequences),
    }


def update_ledger(db: Database, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
    """Finalizer ``redlines``: rebuild the ledger when new articles were stored."""
    if not article_ids:
        return {}
    return rebuild(db, load_rules(settings.monitor.redline_rules_file))

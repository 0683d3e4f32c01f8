"""Acceptance checks on the seed articles against ../shared/seeds/expected.md.

expected.md holds one JSON block per article: ``events`` (tier ``required`` or
``acceptable``, with ``also_accept`` alternatives), ``not_events`` (traps), ``threats``,
``quotations`` and ``weapons``. Used by tests/test_seeds.py, which prints the report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.evaluate_threats import overlap_f1
from tocsin.events.context import load_frames
from tocsin.nlp import parsed_sentences
from tocsin.records import SYMMETRIC_TYPES, Document, Event, Threat

Key = tuple[str | None, str, str | None]


def load_expected(path: Path) -> list[dict[str, Any]]:
    """The JSON blocks of expected.md, one per article."""
    text = path.read_text("utf-8")
    return [json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, re.S)]


def key(source: str | None, typ: str, target: str | None) -> Key:
    """The scoring key; order-free for CONSULT, AGREE and COOPERATE."""
    if typ in SYMMETRIC_TYPES:
        a, b = sorted([source or "", target or ""])
        return (a or None, typ, b or None)
    return (source, typ, target)


def accepted_keys(event: dict[str, Any]) -> set[Key]:
    """Every key an expected event accepts (its own and its ``also_accept`` alternatives)."""
    alt = event.get("also_accept") or {}
    sources = [event["source"], *alt.get("source", [])]
    types = [event["type"], *alt.get("type", [])]
    # the analyst's note may name another acceptable recipient ("also acceptable with target GBR")
    noted = re.findall(r"also acceptable with target ([A-Z]{3})", event.get("note") or "")
    targets = [event["target"], *alt.get("target", []), *noted]
    return {key(s, t, g) for s in sources for t in types for g in targets}


@dataclass(slots=True)
class SeedReport:
    """What the system got right and wrong on one seed article."""

    file: str
    required: int = 0
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    threats_expected: int = 0
    threats_found: list[str] = field(default_factory=list)
    threats_missed: list[str] = field(default_factory=list)
    reporting_only: list[str] = field(default_factory=list)


def _factual(doc: Document) -> list[Event]:
    return [e for e in doc.events if not e.negated and not e.hypothetical]


def check_events(doc: Document, expected: dict[str, Any]) -> SeedReport:
    """Required events found, extras outside the acceptable list, traps coded."""
    report = SeedReport(file=expected["file"])
    system = {
        key(e.source.code if e.source else None, e.type, e.target.code if e.target else None): e
        for e in _factual(doc)
    }
    allowed: set[Key] = set()
    for ev in expected["events"]:
        keys = accepted_keys(ev)
        allowed |= keys
        if ev["tier"] != "required":
            continue
        report.required += 1
        (report.found if keys & set(system) else report.missed).append(ev["id"])
    for k, e in system.items():
        if k not in allowed:
            report.extras.append(f"{k} [{e.event_text}] {e.text[:80]}")
    for trap in expected.get("not_events", []):
        words = trap["quote"]
        for k, e in system.items():
            if k not in allowed and e.event_text and e.event_text in words and words in e.text:
                report.traps.append(f"{k} in trap: {words[:60]}")
    return report


def _code(text: str | None) -> str | None:
    """ "NATO (text: 'Western nations')" → "NATO"; "—" → None."""
    if not text:
        return None
    head = text.split()[0].strip("(),")
    return head if head.isupper() and len(head) >= 2 else None


def check_threats(doc: Document, expected: dict[str, Any], report: SeedReport) -> None:
    """Each expected (not merely acceptable) threat has a statement with the same issuer,
    a compatible addressee, a condition (when one is expected) and a consequence overlapping
    the expected ones; no stored consequence is only a reporting clause ("declaring that")."""
    for t in expected.get("threats", []):
        if t.get("tier") == "acceptable":
            continue
        report.threats_expected += 1
        want_target = _code(t.get("target"))
        condition = t.get("condition") or ""
        has_condition = bool(condition) and not condition.startswith("(none")
        ok = any(
            s.issuer is not None and s.issuer.code == t["source"]
            and (want_target is None or s.addressee is None or s.addressee.code == want_target)
            and (not has_condition or overlap_f1(condition, s.condition_text or "") >= 0.3)
            and _consequence_fits(t.get("consequence") or "", s.consequence_text)
            for s in doc.threats
        )  # fmt: skip
        (report.threats_found if ok else report.threats_missed).append(t["id"])
    report.reporting_only = [
        f"{s.consequence_text!r} in {s.text[:80]}" for s in doc.threats if reporting_only(doc, s)
    ]


def _consequence_fits(expected: str, found: str | None) -> bool:
    """The found consequence overlaps one of the expected ones (expected.md separates
    alternative wordings with ";")."""
    if not found:
        return False
    return any(overlap_f1(alt, found) >= 0.3 for alt in expected.split(";") if alt.strip())


def reporting_only(doc: Document, threat: Threat) -> bool:
    """The threat's consequence span holds nothing but reporting words and function words."""
    if threat.consequence_start is None or threat.consequence_end is None:
        return False
    report_words = {w for w, c in load_frames().category.items() if c == "report"}
    for ps in parsed_sentences(doc):
        if ps.sentence.index != threat.sentence_index:
            continue
        toks = [
            t for t in ps.span
            if threat.consequence_start <= ps.offset + t.idx < threat.consequence_end
        ]  # fmt: skip
        return bool(toks) and all(
            t.is_punct or t.is_stop or t.lemma_.lower() in report_words for t in toks
        )
    return False

"""The scorer behind ``tocsin eval``: the protocol of shared/eval/README.md §2.

Gold: JSONL sentences ``{"id", "pub_date", "text", "events": [{"source", "type", "target",
...}], "tags"}``. System: either the same format or PLOVER records (``doc_id``, ``actor``/
``recipient`` lists, ``event``) as written by ``tocsin extract``.

Two details follow the project's reference scorer (shared/tools/score_events.py), with which
this implementation must agree: restatements (several system events with one gold key) are
capped at the gold count, and event-type F1 counts each type once per sentence.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.errors import TocsinError
from tocsin.records import PLOVER_TYPES, SYMMETRIC_TYPES

#: Older PLOVER names still found in other tools' output.
OLD_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

Key = tuple[str | None, str, str | None]


@dataclass(slots=True, frozen=True)
class Ev:
    """One event, normalised from a gold or system record."""

    source: str | None
    type: str
    target: str | None
    source_sector: str | None = None
    target_sector: str | None = None
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    nuclear: bool = False
    event_date: str | None = None
    confidence: float | None = None

    @property
    def factual(self) -> bool:
        """Neither negated nor hypothetical."""
        return not (self.negated or self.hypothetical)

    def key(self, *, symmetric: bool = False) -> Key:
        """The (source, type, target) key; unordered for the symmetric types."""
        if symmetric or self.type in SYMMETRIC_TYPES:
            a, b = sorted([self.source or "", self.target or ""])
            return (a or None, self.type, b or None)
        return (self.source, self.type, self.target)

    def oriented(self, gold: Ev) -> Ev:
        """This event with source/target swapped when that fits ``gold`` better."""
        if self.type not in SYMMETRIC_TYPES:
            return self
        straight = (self.source == gold.source) + (self.target == gold.target)
        swapped = (self.target == gold.source) + (self.source == gold.target)
        if swapped <= straight:
            return self
        return Ev(
            source=self.target, type=self.type, target=self.source,
            source_sector=self.target_sector, target_sector=self.source_sector,
            mode=self.mode, negated=self.negated, hypothetical=self.hypothetical,
            nuclear=self.nuclear, event_date=self.event_date,
        )  # fmt: skip


@dataclass(slots=True)
class Sentence:
    """A gold sentence with its system events."""

    id: str
    text: str
    tags: list[str]
    gold: list[Ev]
    system: list[Ev] = field(default_factory=list)

    @property
    def symmetric(self) -> bool:
        """The gold marks every event of this sentence order-free."""
        return "symmetric" in self.tags


# ---------------------------------------------------------------- reading
def _code(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("code")
    text = str(value).strip().upper() if value else ""
    return text or None


def _codes(value: Any) -> list[tuple[str | None, str | None]]:
    """``[(code, sector)]`` from a code, a dict, or a list of them (empty → [(None, None)])."""
    items = value if isinstance(value, list) else [value]
    out: list[tuple[str | None, str | None]] = []
    for item in items:
        code = _code(item)
        if code:
            sector = item.get("sector") if isinstance(item, dict) else None
            out.append((code, sector))
    return out or [(None, None)]


def events_from_record(rec: dict[str, Any]) -> Iterator[Ev]:
    """Events of one gold event or system record (actor/recipient lists are expanded)."""
    typ = str(rec.get("event") or rec.get("type") or "").upper()
    typ = OLD_NAMES.get(typ, typ)
    if not typ:
        return
    if "actor" in rec or "recipient" in rec:
        sources, targets = _codes(rec.get("actor")), _codes(rec.get("recipient"))
    else:
        sources = [(_code(rec.get("source")), rec.get("source_sector"))]
        targets = [(_code(rec.get("target")), rec.get("target_sector"))]
    for src, src_sector in sources:
        for tgt, tgt_sector in targets:
            yield Ev(
                source=src, type=typ, target=tgt, source_sector=src_sector,
                target_sector=tgt_sector, mode=rec.get("mode"),
                negated=bool(rec.get("negated")), hypothetical=bool(rec.get("hypothetical")),
                nuclear=bool(rec.get("nuclear")), event_date=rec.get("event_date"),
                confidence=_confidence(rec.get("confidence")),
            )  # fmt: skip


def _confidence(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield JSON objects from a JSONL file; raises ``TocsinError`` V001 on a bad line."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TocsinError("V001", path=f"{path}:{n}", reason=exc.msg) from exc
            if not isinstance(rec, dict):
                raise TocsinError("V001", path=f"{path}:{n}", reason="not a JSON object")
            yield rec


def load_gold(path: str | Path) -> list[Sentence]:
    """Read a gold file into ``Sentence``s (system events empty)."""
    out = []
    for rec in read_jsonl(path):
        if "id" not in rec or "events" not in rec:
            raise TocsinError("V001", path=str(path), reason=f"record without id/events: {rec}")
        gold = [ev for e in rec["events"] for ev in events_from_record(e)]
        out.append(Sentence(str(rec["id"]), rec.get("text", ""), list(rec.get("tags") or []), gold))
    return out


def attach_system(sentences: Sequence[Sentence], records: Iterable[dict[str, Any]]) -> None:
    """Attach system records (gold-format sentences or PLOVER events) to their sentences."""
    by_id = {s.id: s for s in sentences}
    for rec in records:
        if "events" in rec and "id" in rec:  # gold-format system file: one line per sentence
            target = by_id.get(str(rec["id"]))
            if target:
                target.system.extend(ev for e in rec["events"] for ev in events_from_record(e))
            continue
        doc = str(rec.get("doc_id", rec.get("id")))
        if doc in by_id:
            by_id[doc].system.extend(events_from_record(rec))


# ---------------------------------------------------------------- scoring
@dataclass(slots=True)
class Counts:
    """True positives, false positives, false negatives, and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Accumulate counts."""
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        """TP / (TP + FP)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Rounded scores and raw counts."""
        return {
            "p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }  # fmt: skip


def _key_counts(s: Sentence) -> tuple[Counter[Key], Counter[Key]]:
    gold = Counter(e.key(symmetric=s.symmetric) for e in s.gold if e.factual)
    system = Counter(e.key(symmetric=s.symmetric) for e in s.system if e.factual)
    # Restatements of a gold event are one event: cap them at the gold count.
    capped = Counter({k: min(v, gold[k]) if k in gold else v for k, v in system.items()})
    return gold, capped


def _pairs(s: Sentence, *, by_key: bool) -> list[tuple[Ev, Ev]]:
    """One-to-one (system, gold) pairs in file order: by key, or by type (full agreement first)."""
    gold = [e for e in s.gold if e.factual]
    system = [e for e in s.system if e.factual]
    used: set[int] = set()
    pairs: list[tuple[Ev, Ev]] = []
    for g in gold:
        gk = g.key(symmetric=s.symmetric)
        candidates = [
            (i, e)
            for i, e in enumerate(system)
            if i not in used
            and (e.key(symmetric=s.symmetric) == gk or (not by_key and e.type == g.type))
        ]
        if not candidates:
            continue
        best = next(
            ((i, e) for i, e in candidates if e.key(symmetric=s.symmetric) == gk), candidates[0]
        )
        used.add(best[0])
        pairs.append((best[1].oriented(g), g))
    return pairs


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def score(sentences: Sequence[Sentence]) -> dict[str, Any]:
    """Every metric of the protocol, as one JSON-ready dict."""
    event, types = Counts(), Counts()
    per_type: dict[str, Counts] = defaultdict(Counts)
    per_tag: dict[str, Counts] = defaultdict(Counts)
    for s in sentences:
        gold, system = _key_counts(s)
        tp_c, fp_c, fn_c = gold & system, system - gold, gold - system
        event.add(sum(tp_c.values()), sum(fp_c.values()), sum(fn_c.values()))
        for tag in s.tags:
            per_tag[tag].add(sum(tp_c.values()), sum(fp_c.values()), sum(fn_c.values()))
        for counter, slot in ((tp_c, 0), (fp_c, 1), (fn_c, 2)):
            for k, v in counter.items():
                per_type[k[1]].add(*(v if i == slot else 0 for i in range(3)))
        gt = {e.type for e in s.gold if e.factual}
        st = {e.type for e in s.system if e.factual}
        types.add(len(gt & st), len(st - gt), len(gt - st))
    return {
        "sentences": len(sentences),
        "event": event.to_dict(),
        "type": types.to_dict(),
        "per_type": {t: per_type[t].to_dict() for t in PLOVER_TYPES if t in per_type},
        **_slot_accuracy(sentences),
        "flags": _flag_detection(sentences),
        "per_tag": {t: c.to_dict() for t, c in sorted(per_tag.items())},
        "reliability": reliability(sentences),
    }


#: Confidence bins of the reliability table (lower bounds; the last bin includes 1.0).
RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def reliability(sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    """Confidence against observed precision: per confidence bin, the system's factual
    events and the share of them that match a gold event (a restatement of a matched event
    counts as right, as the main score does not count it wrong). Events without a
    confidence are left out."""
    hits: dict[float, list[int]] = {b: [0, 0] for b in RELIABILITY_BINS}
    for s in sentences:
        gold = Counter(e.key(symmetric=s.symmetric) for e in s.gold if e.factual)
        for e in s.system:
            if not e.factual or e.confidence is None:
                continue
            right = gold[e.key(symmetric=s.symmetric)] > 0
            low = max(b for b in RELIABILITY_BINS if b <= (e.confidence or 0.0))
            hits[low][0] += 1
            hits[low][1] += int(right)
    bounds = [*RELIABILITY_BINS[1:], 1.0]
    return [
        {
            "bin": f"{low:.1f}-{high:.1f}",
            "events": n,
            "precision": round(right / n, 3) if n else None,
        }
        for (low, (n, right)), high in zip(hits.items(), bounds, strict=True)
    ]


def _slot_accuracy(sentences: Sequence[Sentence]) -> dict[str, float | None]:
    src = tgt = n_type = 0
    sector_hits = sector_total = mode_hits = n_key = date_hits = date_total = 0
    for s in sentences:
        for sys_ev, g in _pairs(s, by_key=False):
            n_type += 1
            src += sys_ev.source == g.source
            tgt += sys_ev.target == g.target
        for sys_ev, g in _pairs(s, by_key=True):
            n_key += 1
            sector_hits += (sys_ev.source_sector == g.source_sector) + (
                sys_ev.target_sector == g.target_sector
            )
            sector_total += 2
            mode_hits += sys_ev.mode == g.mode
            if g.event_date:
                date_total += 1
                date_hits += sys_ev.event_date == g.event_date
    return {
        "source_accuracy": _share(src, n_type),
        "target_accuracy": _share(tgt, n_type),
        "sector_accuracy": _share(sector_hits, sector_total),
        "mode_accuracy": _share(mode_hits, n_key),
        "date_accuracy": _share(date_hits, date_total),
    }


def _flag_detection(sentences: Sequence[Sentence]) -> dict[str, dict[str, float | int]]:
    out = {}
    for flag in ("negated", "hypothetical"):
        counts = Counts()
        for s in sentences:
            gold = Counter(e.key(symmetric=s.symmetric) for e in s.gold if getattr(e, flag))
            system = Counter(e.key(symmetric=s.symmetric) for e in s.system if getattr(e, flag))
            both = gold & system
            counts.add(
                sum(both.values()), sum((system - gold).values()), sum((gold - system).values())
            )
        out[flag] = counts.to_dict()
    return out


# ---------------------------------------------------------------- error listing
def errors(sentences: Sequence[Sentence]) -> Iterator[dict[str, Any]]:
    """Per sentence with a miss or a spurious event: the sentence, misses and spurious keys."""
    for s in sentences:
        gold, system = _key_counts(s)
        missed, spurious = gold - system, system - gold
        if missed or spurious:
            yield {
                "id": s.id,
                "text": s.text,
                "missed": sorted(_fmt(k) for k in missed.elements()),
                "spurious": sorted(_fmt(k) for k in spurious.elements()),
            }


def _fmt(key: Key) -> str:
    return f"{key[0] or '-'} {key[1]} {key[2] or '-'}"


def format_report(result: dict[str, Any]) -> str:
    """A human-readable table of ``score`` output."""
    e, t = result["event"], result["type"]
    lines = [
        f"sentences {result['sentences']}",
        (
            f"event  (source,type,target)  P {e['p']:.3f}  R {e['r']:.3f}  F1 {e['f1']:.3f}  "
            f"(tp {e['tp']} fp {e['fp']} fn {e['fn']})"
        ),
        f"event type                   P {t['p']:.3f}  R {t['r']:.3f}  F1 {t['f1']:.3f}",
    ]
    for name in (
        "source_accuracy",
        "target_accuracy",
        "sector_accuracy",
        "mode_accuracy",
        "date_accuracy",
    ):
        value = result[name]
        lines.append(f"{name:<28} {'-' if value is None else f'{value:.3f}'}")
    for flag, c in result["flags"].items():
        lines.append(
            f"flag {flag:<23} P {c['p']:.3f}  R {c['r']:.3f}  "
            f"(tp {c['tp']} fp {c['fp']} fn {c['fn']})"
        )
    lines.append("")
    lines.append(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for typ, c in result["per_type"].items():
        lines.append(
            f"{typ:<10} {c['p']:>6.3f} {c['r']:>6.3f} {c['f1']:>6.3f} "
            f"{c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
    rows = [r for r in result.get("reliability", []) if r["events"]]
    if rows:
        lines += ["", "confidence   events  precision"]
        lines += [f"{r['bin']:<12} {r['events']:>6}  {r['precision']:>9.3f}" for r in rows]
    return "\n".join(lines)

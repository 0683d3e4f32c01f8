"""Scoring threat structure against gold: detection, issuer/addressee, condition and
consequence spans, nuclear flag.

Gold (tests/data/threats/gold.jsonl): one object per article with ``threats``, each
``{"issuer", "addressee", "condition", "consequence", "nuclear", "sentence", ...}`` where
the spans are exact substrings of the article (``condition`` null for unconditional
threats). A system threat matches a gold threat in the same sentence with the same issuer;
spans are compared by word-overlap F1, and count as correct at F1 ≥ 0.8 (both null counts
as correct for conditions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"[\w'-]+")
SPAN_OK = 0.8


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens of ``text`` (quotes and punctuation dropped)."""
    return _WORD.findall((text or "").lower())


def overlap_f1(a: str | None, b: str | None) -> float:
    """Bag-of-words F1 between two spans; 1.0 when both are empty."""
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    if not wa or not wb:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    if not common:
        return 0.0
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r)


@dataclass(slots=True)
class ThreatScore:
    """Counts behind the threat metrics."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    addressee_ok: int = 0
    condition_ok: int = 0
    consequence_ok: int = 0
    nuclear_ok: int = 0
    condition_f1: list[float] = field(default_factory=list)
    consequence_f1: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, float | int]:
        """Rates over matched threats, plus detection precision and recall."""
        m = self.matched or 1
        return {
            "gold": self.gold,
            "system": self.system,
            "matched": self.matched,
            "recall": round(self.matched / self.gold, 3) if self.gold else 0.0,
            "precision": round(self.matched / self.system, 3) if self.system else 0.0,
            "addressee_accuracy": round(self.addressee_ok / m, 3),
            "condition_accuracy": round(self.condition_ok / m, 3),
            "consequence_accuracy": round(self.consequence_ok / m, 3),
            "nuclear_accuracy": round(self.nuclear_ok / m, 3),
            "condition_f1_mean": round(sum(self.condition_f1) / m, 3),
            "consequence_f1_mean": round(sum(self.consequence_f1) / m, 3),
        }


def _same_sentence(gold_sentence: str, system_text: str) -> bool:
    g, s = " ".join(words(gold_sentence)), " ".join(words(system_text))
    return bool(g) and (g in s or s in g)


def score_threats(
    gold: Iterable[dict[str, Any]], system: dict[str, list[dict[str, Any]]]
) -> ThreatScore:
    """Score ``system`` threats (article id → threat rows) against gold articles."""
    out = ThreatScore()
    for article in gold:
        found = list(system.get(article["id"], []))
        out.system += len(found)
        used: set[int] = set()
        for g in article.get("threats", []):
            out.gold += 1
            best, best_f1 = None, -1.0
            for i, s in enumerate(found):
                if (
                    i in used
                    or s.get("issuer_code") != g["issuer"]
                    or not _same_sentence(g["sentence"], s.get("text", ""))
                ):
                    continue
                f1 = overlap_f1(g.get("condition"), s.get("condition_text")) + overlap_f1(
                    g.get("consequence"), s.get("consequence_text")
                )
                if f1 > best_f1:
                    best, best_f1 = i, f1
            if best is None:
                out.misses.append({"article": article["id"], "gold": g})
                continue
            used.add(best)
            _tally(out, g, found[best])
    return out


def _tally(out: ThreatScore, g: dict[str, Any], s: dict[str, Any]) -> None:
    out.matched += 1
    out.addressee_ok += g.get("addressee") == s.get("addressee_code")
    cf = overlap_f1(g.get("condition"), s.get("condition_text"))
    kf = overlap_f1(g.get("consequence"), s.get("consequence_text"))
    out.condition_f1.append(cf)
    out.consequence_f1.append(kf)
    out.condition_ok += cf >= SPAN_OK
    out.consequence_ok += kf >= SPAN_OK
    out.nuclear_ok += bool(g.get("nuclear")) == bool(s.get("nuclear"))

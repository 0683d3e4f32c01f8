"""Rule events' confidence as the precision their sense had on real news.

The trigger lexicon gives each sense a prior confidence written for clean sentences. The
packaged table (``tocsin/models/events/calibration.json``, built by ``train/calibrate.py``
from the real-news training passages) holds, per sense and type, the share of the rules'
asserted events that matched a coder's event, shrunk towards the type's share for senses
seen rarely. ``calibrate`` replaces each rule event's confidence with that share (the
sense's, else its type's, else the overall one), so that a confidence threshold
(``monitor.min_confidence``, ``tocsin events --min-confidence``) selects events by their
observed precision. Events the ranker adds carry their own calibrated score already.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from tocsin.errors import DataFileError
from tocsin.records import Event

_PATH = "events/calibration.json"


@dataclass(frozen=True, slots=True)
class Calibration:
    """Observed precision per rule sense (``"rule|TYPE"``), per type, and overall."""

    rules: dict[str, float]
    types: dict[str, float]
    overall: float

    def precision(self, rule: str | None, type_: str) -> float:
        """The precision of a rule event of ``type_`` coded by ``rule``."""
        found = self.rules.get(f"{rule or ''}|{type_}")
        if found is None and rule and "+" in rule:
            found = self.rules.get(f"{rule.split('+', 1)[0]}|{type_}")  # "x+also": its sense
        if found is None:
            found = self.types.get(type_, self.overall)
        return found


@functools.lru_cache(maxsize=1)
def load_calibration() -> Calibration | None:
    """The packaged table, or None when the package holds none."""
    path = resources.files("tocsin.models").joinpath(_PATH)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        return Calibration(
            rules={str(k): float(v) for k, v in data["rules"].items()},
            types={str(k): float(v) for k, v in data["types"].items()},
            overall=float(data["overall"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataFileError("D001", path=f"tocsin/models/{_PATH}", reason=str(exc)) from exc


def calibrate(events: list[Event], table: Calibration) -> list[Event]:
    """The rule events with their sense's observed precision as confidence."""
    for event in events:
        event.confidence = round(table.precision(event.rule, event.type), 3)
    return events

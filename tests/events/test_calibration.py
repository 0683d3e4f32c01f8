"""Rule events' confidence: the precision of their sense on real news (events/calibration.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.config import load_settings
from tocsin.events.calibration import Calibration, load_calibration
from tocsin.pipeline import Processor
from tocsin.records import Article, Event

TEXT = "Russian forces shelled the Ukrainian city of Kharkiv on Sunday."


def _events(processor: Processor, text: str) -> list[Event]:
    article = Article(id="c", text=text, source="test", published=dt.date(2025, 3, 17))
    return processor.process([article])[0].events


def test_precision_falls_back_from_sense_to_type_to_all() -> None:
    table = Calibration(
        rules={"assault.attack|ASSAULT": 0.71, "request.urge|REQUEST": 0.4},
        types={"ASSAULT": 0.6, "REQUEST": 0.5},
        overall=0.55,
    )
    assert table.precision("assault.attack", "ASSAULT") == 0.71
    assert table.precision("request.urge+also", "REQUEST") == 0.4  # a derived event: its sense
    assert table.precision("assault.unknown", "ASSAULT") == 0.6  # a user's sense: its type
    assert table.precision("x.y", "SANCTION") == 0.55
    assert table.precision(None, "ASSAULT") == 0.6


def test_the_packaged_table_is_a_precision_per_sense() -> None:
    table = load_calibration()
    assert table is not None
    assert 0.0 < table.overall < 1.0
    assert table.rules
    assert all(0.0 < p < 1.0 for p in table.rules.values())
    assert set(table.types) <= {key.split("|")[1] for key in table.rules}


@pytest.fixture(scope="module")
def uncalibrated() -> Processor:
    return Processor(load_settings(config_file=None, overrides={"extract.calibrate": False}))


def test_rule_events_carry_their_senses_precision(
    full_processor: Processor, uncalibrated: Processor
) -> None:
    table = load_calibration()
    assert table is not None
    calibrated = [e for e in _events(full_processor, TEXT) if e.type == "ASSAULT"]
    prior = [e for e in _events(uncalibrated, TEXT) if e.type == "ASSAULT"]
    assert calibrated
    assert prior
    assert calibrated[0].confidence == round(table.precision(calibrated[0].rule, "ASSAULT"), 3)
    assert prior[0].confidence != calibrated[0].confidence  # the lexicon's prior, kept on request

"""`tocsin summary`: every value in words, never None; rising dyads only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console

from tests.monitor.conftest import Ev, store_events
from tocsin.dedup import update_event_groups
from tocsin.store import Database
from tocsin.summary import print_summary

D = dt.date(2025, 3, 3)


def summary_of(path: Path) -> str:
    out = Console(width=80, record=True, color_system=None)
    print_summary(path, console=out)
    return out.export_text()


def test_untitled_stories_and_undated_alerts_are_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Database(path) as db:
        store_events(db, [
            Ev(day=D, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
               article="a1", story="s1", outlet="Wire"),
            Ev(day=D, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
               article="a2", story="s1", outlet="Wire"),
        ])  # fmt: skip
        update_event_groups(db)
        db.con.execute(
            "INSERT INTO alerts (id, rule, kind, severity, date, message) VALUES "
            "('x1', 'redline-crossed', 'redline', 'high', NULL, 'red line drawn by RUS for UKR "
            "crossed on an unknown date: troops cross the border')"
        )
    out = summary_of(path)
    assert "None" not in out
    assert "1 outlets" not in out
    assert "2 articles, 1 outlet: (untitled, story s1)" in out
    assert "undated (high) red line drawn by RUS" in out
    assert "from 1 named outlet," in out


def test_only_rising_dyads_are_called_escalating(tmp_path: Path) -> None:
    path = tmp_path / "r.duckdb"
    early, late = D, D + dt.timedelta(days=40)
    with Database(path) as db:
        store_events(db, [
            # RUS → UKR: heavy fighting before, one accusation in the latest 30 days (falling)
            *(Ev(day=early, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0)
              for _ in range(4)),
            Ev(day=late, source="RUS", target="UKR", type="ACCUSE", intensity=-3.0),
            # BLR → POL: new in the latest window (rising)
            Ev(day=late, source="BLR", target="POL", type="MOBILIZE", intensity=-5.5),
        ])  # fmt: skip
        update_event_groups(db)
    out = summary_of(path)
    rising = out.split("Rising dyads", 1)[1]
    assert "BLR → POL" in rising
    assert "RUS → UKR" not in rising

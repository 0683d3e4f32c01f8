"""The Python API as an analyst uses it (``tocsin.open``): keyword filters, pandas dtypes,
the export's columns, and the monitoring reads the dashboard builds on. Over the demo
database (the real pipeline on examples/, plus tests/api/demo.py's supplement)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import tocsin
from tocsin.errors import ConfigError, StoreError
from tocsin.query import EVENT_COLUMNS, EventFilter, TocsinDB


@pytest.fixture(scope="module")
def db(demo_db: Path) -> Iterator[TocsinDB]:
    with tocsin.open(demo_db) as tdb:
        yield tdb


def test_keyword_filters_like_pandas(db: TocsinDB) -> None:
    table = db.events(actor="VEN", type="THREATEN", since="2025-09-05")
    assert len(table) >= 2
    for ev in table:
        assert "VEN" in (ev["source_code"], ev["target_code"])
        assert ev["type"] == "THREATEN"
        assert ev["day"].isoformat() >= "2025-09-05"
    same = db.events(EventFilter(actor="ven", type=["threaten"], since="2025-09-05"))
    assert same.rows == table.rows
    assert db.count_events(actor="VEN", type="THREATEN", since="2025-09-05") == len(table)


def test_several_values_and_text_search(db: TocsinDB) -> None:
    both = db.events(type="ASSAULT,COERCE")
    assert {e["type"] for e in both} == {"ASSAULT", "COERCE"}
    found = db.events(text='exchanged "fire"')
    assert found.rows
    assert all("exchanged" in e["text"].lower() and "fire" in e["text"].lower() for e in found)


def test_dates_are_datetimes_in_pandas(db: TocsinDB) -> None:
    frame = db.events(limit=20).df()
    for column in ("day", "date", "event_date"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert pd.api.types.is_datetime64_any_dtype(db.articles().df()["published"])


def test_events_have_the_columns_of_the_export(db: TocsinDB, tmp_path: Path) -> None:
    table = db.events()
    assert tuple(table.columns) == EVENT_COLUMNS
    for column in ("quad_class", "goldstein", "cameo", "outlet", "url", "num_sources"):
        assert column in table.columns
    out = tmp_path / "events.csv"
    assert db.export(out) == len(table)
    with out.open() as f:
        assert next(csv.reader(f)) == table.columns
    assert all(e["outlet"] for e in table)  # every demo article names its outlet


def test_rows_are_in_the_order_of_the_day_shown(db: TocsinDB) -> None:
    days = db.events().column("day")
    assert days == sorted(days)
    for ev in db.events():
        assert ev["day"] == (ev["event_date"] or ev["date"])


def test_unknown_codes_are_errors_naming_the_closest(db: TocsinDB) -> None:
    with pytest.raises(ConfigError) as exc:
        db.events(actor="VENN")
    assert "closest: VEN" in exc.value.message
    with pytest.raises(ConfigError, match="THREATEN"):
        db.events(type="THREATENS")
    with pytest.raises(TypeError, match="did you mean 'actor'"):
        db.events(actors="VEN")
    assert db.events(actor="FRA").rows == []  # a real country with no events: just empty


def test_filtered_export_holds_what_events_lists(db: TocsinDB, tmp_path: Path) -> None:
    where = EventFilter(source="VEN", type="ASSAULT,THREATEN")
    out = tmp_path / "ven.parquet"
    assert db.export(out, where=where) == db.count_events(where) > 0
    back = pd.read_parquet(out)
    assert set(back["source_code"]) == {"VEN"}
    with pytest.raises(StoreError) as exc:
        db.export(tmp_path / "ven.xlsx")
    assert exc.value.code == "S004"
    assert "'xlsx'" in exc.value.message
    with pytest.raises(StoreError) as exc:
        db.export(tmp_path / "x.csv", table="evnts")
    assert exc.value.code == "S021"


def test_rising_dyads_are_only_those_whose_index_grew(db: TocsinDB) -> None:
    everything = db.dyads(days=30, limit=100).records()
    rising = db.dyads(days=30, limit=100, rising=True).records()
    assert rising
    assert all(r["change"] > 0 for r in rising)
    assert [r["change"] for r in rising] == sorted((r["change"] for r in rising), reverse=True)
    assert {(r["source"], r["target"]) for r in rising} == {
        (r["source"], r["target"]) for r in everything if r["change"] > 0
    }


def test_markers_of_a_dyad(db: TocsinDB) -> None:
    markers = db.markers("VEN:GUY").records()
    kinds = {m["kind"] for m in markers}
    assert {"redline_stated", "redline_crossed", "alert"} <= kinds
    assert [m["date"] for m in markers] == sorted(m["date"] for m in markers)
    assert all((m["source_code"], m["target_code"]) == ("VEN", "GUY") for m in markers)
    crossed = next(m for m in markers if m["kind"] == "redline_crossed")
    assert crossed["event_id"]
    assert crossed["redline_id"]
    assert db.markers("FIN:RUS").records() == []


def test_map_by_place_counts_where_events_happened(db: TocsinDB) -> None:
    by_place = {r["code"]: r for r in db.country_activity(days=365, by="place")}
    assert "Essequibo" in by_place["GUY"]["places"]
    by_actor = {r["code"]: r for r in db.country_activity(days=365)}
    assert by_actor["VEN"]["events"] > by_place.get("VEN", {"events": 0})["events"]
    event = db.events(text="Essequibo", target="GUY").records()[0]
    assert event["place_code"] == "GUY"


def test_alerts_dated_and_checked(db: TocsinDB) -> None:
    assert all(a["date"] is not None for a in db.alerts(dated=True))
    with pytest.raises(ConfigError) as exc:
        db.alerts(rule="nuclear-threats")
    assert "closest: nuclear-threat" in exc.value.message
    with pytest.raises(ConfigError):
        db.alerts(status="sent")

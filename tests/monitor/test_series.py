"""Dyad series: counts by quad class, intensity and escalation, checked by hand."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.monitor.conftest import Ev
from tocsin.dedup import update_event_groups
from tocsin.errors import TocsinError
from tocsin.monitor.series import Dyad, bucket_date
from tocsin.query import TocsinDB
from tocsin.store import Database

MON, TUE, WED, THU, SAT = (dt.date(2025, 3, d) for d in (3, 4, 5, 6, 8))


def _events() -> list[Ev]:
    return [
        # one assault reported by two outlets in one story: one event group, 2 sources
        Ev(day=MON, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
           article="a1", story="s1", outlet="Reuters"),
        Ev(day=MON, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
           article="a2", story="s1", outlet="AP"),
        Ev(day=MON, source="RUS", target="UKR", type="CONSULT", intensity=2.5, article="a1"),
        Ev(day=MON, source="UKR", target="RUS", type="ACCUSE", intensity=-3.0, article="a3"),
        # intensity missing: the Goldstein value stands in
        Ev(day=TUE, source="RUS", target="UKR", type="SANCTION", goldstein=-8.0),
        Ev(day=TUE, source="RUS", target="BLR", type="AID", intensity=10.0),
        Ev(day=TUE, source="RUS", target="RUS", type="COERCE", intensity=-7.0),
        Ev(day=WED, source="RUS", target="UKR", type="THREATEN", intensity=-3.5, article="a4"),
        Ev(day=WED, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0, article="a4",
           negated=True),
        Ev(day=WED, source="RUS", target="UKR", type="SANCTION", intensity=-6.0, article="a4",
           hypothetical=True),
        # published the next week, but the text dates it Saturday
        Ev(day=dt.date(2025, 3, 10), source="RUS", target="UKR", type="MOBILIZE",
           intensity=-6.5, event_date=SAT),
    ]  # fmt: skip


@pytest.fixture
def tdb(db: Database, add_events: Callable[[list[Ev]], None]) -> TocsinDB:
    add_events(_events())
    update_event_groups(db)
    return TocsinDB.of(db)


def _by_period(table: object) -> dict[dt.date, dict[str, object]]:
    return {r["period"]: r for r in table}  # type: ignore[attr-defined]


def test_daily_series_by_hand(tdb: TocsinDB) -> None:
    rows = _by_period(tdb.series("RUS:UKR"))
    assert list(rows) == [MON, TUE, WED, THU, dt.date(2025, 3, 7), SAT]
    mon = rows[MON]
    # the assault group (2 outlets: weight 1 + log2 2 = 2) and the consultation
    assert (mon["events"], mon["verbal_coop"], mon["material_conflict"]) == (2, 1, 1)
    assert mon["articles"] == 3
    assert mon["intensity_sum"] == -9.0 + 2.5
    assert mon["intensity_mean"] == (-9.0 + 2.5) / 2
    assert mon["escalation"] == 2 * 9.0 - 0.5 * 2.5
    assert rows[TUE]["escalation"] == 8.0  # Goldstein -8 for the sanction
    assert rows[TUE]["intensity_sum"] == -8.0
    # negated assault and hypothetical sanction left out
    assert (rows[WED]["events"], rows[WED]["verbal_conflict"], rows[WED]["escalation"]) == (
        1, 1, 3.5,
    )  # fmt: skip
    assert rows[THU]["events"] == 0
    assert rows[THU]["escalation"] == 0
    assert rows[THU]["intensity_mean"] is None
    assert rows[SAT]["escalation"] == 6.5


def test_weekly_undirected_and_wildcard(tdb: TocsinDB) -> None:
    (week,) = tdb.series("rus:ukr", freq="week").records()
    assert week["period"] == MON
    assert week["events"] == 5
    assert week["escalation"] == pytest.approx(16.75 + 8 + 3.5 + 6.5)
    both = _by_period(tdb.series("RUS:UKR", undirected=True))
    assert both[MON]["undirected"] is True
    assert both[MON]["events"] == 3
    assert both[MON]["escalation"] == 16.75 + 3.0
    anyone = _by_period(tdb.series("RUS:*"))
    assert anyone[TUE]["escalation"] == 8.0 - 0.5 * 10.0  # the AID to BLR; RUS→RUS not a dyad
    assert anyone[TUE]["events"] == 2
    assert anyone[TUE]["target"] == "*"


def test_since_until_and_fill(tdb: TocsinDB) -> None:
    rows = tdb.series("RUS:UKR", since=TUE, until=THU).records()
    assert [r["period"] for r in rows] == [TUE, WED, THU]
    sparse = tdb.series("RUS:UKR", fill=False).records()
    assert [r["period"] for r in sparse] == [MON, TUE, WED, SAT]
    assert tdb.series("USA:CHN").records() == []
    assert len(tdb.series("USA:CHN", since=MON, until=WED)) == 3


def test_reprints_do_not_inflate(db: Database, add_events: Callable[[list[Ev]], None]) -> None:
    add_events(_events())
    reader = TocsinDB.of(db)
    before = _by_period(reader.series("RUS:UKR"))[MON]
    assert before["events"] == 3  # not grouped yet: the reprint counts
    update_event_groups(db)
    after = _by_period(reader.series("RUS:UKR"))[MON]
    assert after["events"] == 2
    assert after["articles"] == before["articles"] == 3


def test_dyads_rank_by_escalation(tdb: TocsinDB) -> None:
    month = tdb.dyads(days=30).records()
    assert [(r["source"], r["target"], r["escalation"]) for r in month] == [
        ("RUS", "UKR", 34.75), ("UKR", "RUS", 3.0), ("RUS", "BLR", -5.0),
    ]  # fmt: skip
    (top, blr) = tdb.dyads(days=5).records()
    assert top["until"] == SAT
    # the 5 days up to Saturday are the 4th..8th: Monday falls in the window before
    assert top["escalation"] == 8 + 3.5 + 6.5
    assert top["previous_escalation"] == 16.75
    assert top["change"] == 18 - 16.75
    assert (blr["target"], blr["previous_escalation"]) == ("BLR", 0)
    assert [r["source"] for r in tdb.dyads(days=30, limit=1, min_events=2)] == ["RUS"]
    assert tdb.dyads(until=dt.date(2025, 1, 1)).records() == []


def test_dyad_parsing() -> None:
    assert Dyad.parse(" rus:nato ") == Dyad("RUS", "NATO")
    assert str(Dyad.parse("RUS:*", undirected=True)) == "RUS<>*"
    for bad in ("RUS", "RUS-UKR", "RUS:", ":UKR", "RUS:U K", "R:UKR", "RUS:UKR:X"):
        with pytest.raises(TocsinError) as exc:
            Dyad.parse(bad)
        assert exc.value.code == "M002"


def test_bucket_date_matches_sql(tdb: TocsinDB) -> None:
    assert bucket_date("week", SAT) == MON
    assert bucket_date("day", SAT) == SAT
    with pytest.raises(ValueError, match="freq"):
        tdb.series("RUS:UKR", freq="month")


def test_escalation_weight_grows_with_log_sources(
    db: Database, add_events: Callable[[list[Ev]], None]
) -> None:
    outlets = ["A", "B", "C", "D", "E", "F", "G", "H"]
    add_events([
        Ev(day=MON, source="IRN", target="ISR", type="THREATEN", intensity=-3.5,
           article=f"x{o}", story="one", outlet=o)
        for o in outlets
    ])  # fmt: skip
    update_event_groups(db)
    reader = TocsinDB.of(db)
    (row,) = reader.series("IRN:ISR").records()
    assert row["events"] == 1
    assert row["articles"] == 8
    assert row["escalation"] == pytest.approx((1 + math.log2(8)) * 3.5)


def test_series_through_tocsin_open(tmp_path: Path, add_events: object) -> None:
    del add_events
    from tocsin.query import open as open_db

    path = tmp_path / "fresh.duckdb"
    Database(path).close()
    with open_db(path) as reader:
        assert reader.series("RUS:UKR").records() == []
        assert reader.dyads().records() == []


def test_new_events_count_before_they_are_grouped(
    tdb: TocsinDB, add_events: Callable[[list[Ev]], None]
) -> None:
    before = _by_period(tdb.series("RUS:UKR"))[THU]["events"]
    add_events([Ev(day=THU, source="RUS", target="UKR", type="COERCE", intensity=-7.0)])
    after = _by_period(tdb.series("RUS:UKR"))[THU]
    assert (before, after["events"], after["escalation"]) == (0, 1, 7.0)
    assert tdb.dyads(days=30).records()[0]["events"] == 6

"""The monitoring commands, run as a user runs them (CliRunner and the console script)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.monitor.conftest import Ev, store_events
from tocsin.cli import app
from tocsin.dedup import update_event_groups
from tocsin.errors import ConfigError
from tocsin.store import Database

D1, D2 = dt.date(2025, 3, 3), dt.date(2025, 3, 5)


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    with Database(path) as db:
        store_events(db, [
            Ev(day=D1, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
               article="a1", story="s1", outlet="Reuters"),
            Ev(day=D1, source="RUS", target="UKR", type="ASSAULT", intensity=-9.0,
               article="a2", story="s1", outlet="AP"),
            Ev(day=D2, source="RUS", target="UKR", type="THREATEN", intensity=-3.5,
               nuclear=True, sector="GOV"),
            Ev(day=D2, source="UKR", target="RUS", type="ACCUSE", intensity=-3.0),
        ])  # fmt: skip
        update_event_groups(db)
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_series_jsonl(dbfile: Path) -> None:
    out = _run("series", "--dyad", "rus:ukr", "--db", str(dbfile), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["period"] for r in rows] == ["2025-03-03", "2025-03-04", "2025-03-05"]
    assert [r["escalation"] for r in rows] == [18.0, 0.0, 3.5]
    assert rows[0]["events"] == 1
    assert rows[0]["articles"] == 2


def test_series_week_both_csv(dbfile: Path) -> None:
    out = _run(
        "series", "--dyad", "RUS:UKR", "--both", "--freq", "week", "--db", str(dbfile),
        "--format", "csv", "--since", "2025-03-01", "--until", "2025-03-09",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["events"], r["escalation"]) for r in rows] == [
        ("2025-02-24", "0", "0.0"), ("2025-03-03", "3", "24.5"),
    ]  # fmt: skip


def test_series_table_and_sparse(dbfile: Path) -> None:
    out = _run("series", "--dyad", "RUS:*", "--sparse", "--db", str(dbfile))
    assert "RUS:* by day" in out
    assert "2025-03-04" not in out
    assert re.search(r"\b18\b", out)  # escalation 18.0, written without trailing zeros


def test_dyads(dbfile: Path) -> None:
    out = _run("dyads", "--db", str(dbfile), "--format", "jsonl", "--days", "7")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["source"], r["target"], r["escalation"]) for r in rows] == [
        ("RUS", "UKR", 21.5), ("UKR", "RUS", 3.0),
    ]  # fmt: skip


def test_alerts_evaluate_and_list(dbfile: Path) -> None:
    result = CliRunner().invoke(
        app, ["alerts", "--evaluate", "--db", str(dbfile), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert "evaluated 4 rules: 1 new alerts" in result.stderr
    (alert,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (alert["rule"], alert["source_code"], alert["date"]) == (
        "nuclear-threat", "RUS", "2025-03-05",
    )  # fmt: skip
    again = CliRunner().invoke(app, ["alerts", "--evaluate", "--db", str(dbfile)])
    assert "0 new alerts" in again.stderr
    unknown = CliRunner().invoke(app, ["alerts", "--rule", "nuclear-threats", "--db", str(dbfile)])
    assert isinstance(unknown.exception, ConfigError)
    assert unknown.exception.code == "C015"
    assert "closest: nuclear-threat" in unknown.exception.message


def test_deliver_needs_a_webhook(dbfile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOCSIN_WEBHOOK_URL", raising=False)
    monkeypatch.chdir(dbfile.parent)  # no ./tocsin.toml here
    result = CliRunner().invoke(app, ["alerts", "--deliver", "--db", str(dbfile)])
    assert isinstance(result.exception, ConfigError)
    assert "monitor.webhook_url is empty" in result.exception.message


def test_stories(dbfile: Path) -> None:
    out = _run("stories", "--db", str(dbfile), "--format", "jsonl")
    (story,) = [json.loads(line) for line in out.splitlines()]
    assert (story["story_id"], story["articles"], story["outlets"]) == ("s1", 2, 2)


def test_invalid_dyad_exits_with_m002(dbfile: Path) -> None:
    script = Path(sys.executable).parent / "tocsin"
    done = subprocess.run(
        [str(script), "series", "--dyad", "RUSSIA->NATO", "--db", str(dbfile)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3
    assert "error [M002]: invalid dyad 'RUSSIA->NATO'" in done.stderr
    assert "RUS:NATO" in done.stderr


def test_summary_sections(dbfile: Path) -> None:
    CliRunner().invoke(app, ["alerts", "--evaluate", "--db", str(dbfile)])
    out = _run("summary", "--db", str(dbfile))
    # only a1 and a2 have a story here (the stories finalizer did not run)
    assert "Stories: 2 articles in 1 story; 1 story carried by more than one" in out
    assert "RUS → UKR" in out
    assert "21.5" in out
    assert "Alerts: 1 in all" in out
    # one report, not quoted: not corroborated, so medium (docs/monitoring.md)
    assert "2025-03-05 (medium) nuclear threat by RUS against UKR on 2025-03-05" in out


def test_an_older_schema_reads_without_the_new_columns(tmp_path: Path) -> None:
    """A database written before alerts said why they fired (schema 0030) still lists its
    alerts and red lines, read-only, without migrating."""
    path = tmp_path / "old.duckdb"
    with Database(path) as db:
        store_events(db, [Ev(day=D2, source="RUS", target="UKR", type="THREATEN", nuclear=True)])
        CliRunner().invoke(app, ["alerts", "--evaluate", "--db", str(path)])
        for table, column in (("alerts", "reason"), ("alerts", "confidence"),
                              ("redlines", "polarity")):  # fmt: skip
            db.con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        db.con.execute("DELETE FROM schema_version WHERE version >= 30")
    rows = [json.loads(x) for x in _run("alerts", "--db", str(path), "-f", "jsonl").splitlines()]
    assert rows
    assert rows[0]["reason"] is None
    assert "red lines" in _run("redlines", "--db", str(path))

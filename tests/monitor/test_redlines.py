"""The red-line ledger on a team-written story (tests/data/redlines/story.jsonl).

China draws a red line ("if the United States supplies the Philippines with long-range
missiles"), restates it, a similar-looking delivery does not cross it (wrong weapon class or
actor, or before the first statement), a Tomahawk delivery does, and the threatened
sanctions follow. gold.json describes the expected ledger.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tocsin.monitor.redlines import LedgerRules, condition_words, load_rules, parse_rules
from tocsin.query import open as open_db
from tocsin.runner import analyze

STORY = ROOT / "tests" / "data" / "redlines"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("redlines") / "story.duckdb"
    analyze([str(STORY / "story.jsonl")], db=db)
    with open_db(db) as tdb:
        lines = tdb.redlines().records()
        crossings = tdb.sql(
            "SELECT c.*, e.article_id AS event_article, a.url FROM redline_crossings c "
            "JOIN events e ON e.id = c.event_id JOIN articles a ON a.id = c.article_id"
        ).records()
        urls = {r[0]: r[1] for r in tdb.sql("SELECT id, url FROM articles").rows}
    return {"lines": lines, "crossings": crossings, "urls": urls}


def _gold() -> dict[str, Any]:
    return json.loads((STORY / "gold.json").read_text("utf-8"))


def _story_urls() -> dict[str, str]:
    rows = [json.loads(x) for x in (STORY / "story.jsonl").read_text("utf-8").splitlines() if x]
    return {r["id"]: r["url"] for r in rows}


def test_the_red_line_is_found_restated_and_dated(ledger: dict[str, Any]) -> None:
    (expected,) = _gold()["red_lines"]
    lines = [r for r in ledger["lines"] if r["issuer_code"] == expected["issuer"]]
    assert lines, ledger["lines"]
    line = max(lines, key=lambda r: r["statements"])
    assert line["addressee_code"] in (expected["addressee"], None)
    assert str(line["first_stated"]) == expected["first_stated"]
    assert line["statements"] >= 2
    assert (line["condition"] or "").find('"AID"') >= 0


def test_crossings_and_near_misses(ledger: dict[str, Any]) -> None:
    (expected,) = _gold()["red_lines"]
    urls = _story_urls()
    crossed = {c["url"] for c in ledger["crossings"]}
    for c in expected["crossings"]:
        assert urls[c["article"]] in crossed, f"missed crossing in {c['article']}"
    misses = expected.get("not_crossings", expected.get("near_misses", []))
    for n in misses:
        assert urls[n["article"]] not in crossed or n["article"] in {
            c["article"] for c in expected["crossings"]
        }, f"near miss {n['article']} counted as a crossing"


def test_consequence_followed(ledger: dict[str, Any]) -> None:
    (expected,) = _gold()["red_lines"]
    line = max(
        (r for r in ledger["lines"] if r["issuer_code"] == expected["issuer"]),
        key=lambda r: r["statements"],
    )
    assert bool(line["consequence_followed"]) == bool(expected["consequence_followed"])


def test_rebuilding_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    analyze([str(STORY / "story.jsonl")], db=db)
    with open_db(db) as tdb:
        first = tdb.redlines().records()
    analyze([str(STORY / "story.jsonl")], db=db)
    with open_db(db) as tdb:
        assert tdb.redlines().records() == first


def test_condition_words_fold_synonyms() -> None:
    rules = load_rules()
    a = condition_words("Guyana allows foreign troops to be stationed in Essequibo", rules)
    b = condition_words("foreign forces set foot in the Essequibo", rules)
    assert {"troop", "station", "essequibo", "foreign"} <= a & b


def test_rules_file_is_validated() -> None:
    from tocsin.errors import DataFileError

    with pytest.raises(DataFileError, match=r"crossing_types\.AID"):
        parse_rules("bad.yaml", "crossing_types:\n  AID: [GIVE]\n")
    assert isinstance(load_rules(), LedgerRules)


def _analyzed(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    """A database of ``records`` (one JSON Lines file) analysed by the default pipeline."""
    src = tmp_path / "story.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    db = tmp_path / "t.duckdb"
    analyze([str(src)], db=db)
    return db


def test_the_act_a_line_is_drawn_about_is_no_crossing(tmp_path: Path) -> None:
    """The provocation reported beside the warning is its context; a later one crosses."""
    records = [
        {
            "id": "w1",
            "url": "https://news.example/w1",
            "date": "2026-03-02",
            "text": "ANKARA - Syrian and Turkish troops exchanged fire near the border on Monday. "
            "Turkey's defence minister warned that any further Syrian attack on Turkish troops "
            "will be met with a firm response.",
        },
        {
            "id": "w2",
            "url": "https://news.example/w2",
            "date": "2026-03-20",
            "text": "ANKARA - Syrian forces shelled a Turkish army outpost near Kilis on Thursday, "
            "killing two soldiers, the Turkish defence ministry said.",
        },
    ]
    with open_db(_analyzed(tmp_path, records)) as tdb:
        (line,) = [r for r in tdb.redlines().records() if r["issuer_code"] == "TUR"]
        crossed = tdb.sql(
            "SELECT a.url FROM redline_crossings c JOIN articles a ON a.id = c.article_id "
            "WHERE c.redline_id = ?",
            [line["id"]],
        ).rows
    assert line["addressee_code"] == "SYR"
    assert [r[0] for r in crossed] == ["https://news.example/w2"]


def test_a_third_party_act_with_no_named_target_is_an_act_on_the_addressee(
    tmp_path: Path,
) -> None:
    """ "Finland would become a target if NATO bombs are based there": the condition is about
    Finland, so American aid to another country a week later crosses nothing."""
    records = [
        {
            "id": "f1",
            "url": "https://news.example/f1",
            "date": "2026-05-04",
            "text": "MOSCOW - Russia warned Finland on Monday that it would become a target for "
            "Russian nuclear forces if NATO bombs were based there.",
        },
        {
            "id": "f2",
            "url": "https://news.example/f2",
            "date": "2026-05-12",
            "text": "WASHINGTON - The United States delivered four rocket launchers to Chile on "
            "Tuesday, the Chilean army said.",
        },
    ]
    with open_db(_analyzed(tmp_path, records)) as tdb:
        lines = [r for r in tdb.redlines().records() if r["issuer_code"] == "RUS"]
        events = tdb.sql("SELECT source_code, type, target_code FROM events").rows
        crossed = tdb.sql("SELECT count(*) FROM redline_crossings").rows[0][0]
    assert lines
    assert lines[0]["addressee_code"] == "FIN"
    assert ("USA", "AID", "CHL") in [tuple(e) for e in events]
    assert crossed == 0

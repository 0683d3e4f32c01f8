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

"""`tocsin threats`, `redlines` and `alerts` in an 80-column terminal: whole words, whole
messages, framing as words (the demo database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tocsin
from tests.cli.test_browse import WIDTH, fails, run, words_whole
from tocsin.errors import ConfigError


def test_threats_show_condition_consequence_and_framing(demo_db: Path) -> None:
    out = run("threats", "--db", str(demo_db), "--conditional")
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert "['" not in out
    assert "None" not in out
    assert "if Guyana allows foreign troops to be stationed in Essequibo →" in out.replace(
        "\n    ", " "
    )
    with tocsin.open(demo_db) as db:
        framings = {f for t in db.threats() for f in t["framing"] or [] if f != "nuclear"}
    assert any(f in out for f in framings)


def test_red_lines_break_no_word(demo_db: Path) -> None:
    out = run("redlines", "--db", str(demo_db))
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    with tocsin.open(demo_db) as db:
        lines = db.redlines().records()
    assert lines
    for line in lines:
        assert words_whole(line["condition_text"], out) == []
        assert f"--show {line['id']}" in out.replace("\n    ", " ")
    assert re.search(r"\d× from 2025-09-29", out)


def test_alert_messages_are_whole(demo_db: Path) -> None:
    out = run("alerts", "--db", str(demo_db))
    joined = " ".join(out.split())
    with tocsin.open(demo_db) as db:
        for alert in db.alerts():
            assert " ".join(alert["message"].split()) in joined
    assert max(len(line) for line in out.splitlines()) <= WIDTH


def test_unknown_rule_is_an_error(demo_db: Path) -> None:
    exc = fails("alerts", "--db", str(demo_db), "--rule", "nonsense")
    assert isinstance(exc, ConfigError)
    assert exc.code == "C015"
    assert "nuclear-threat" in exc.fix


@pytest.mark.parametrize("command", ["threats", "redlines", "quotes", "alerts", "stories"])
def test_every_long_list_has_a_limit(demo_db: Path, command: str) -> None:
    extra = ["--min-articles", "1"] if command == "stories" else []
    out = run(command, "--db", str(demo_db), "--limit", "1", "-f", "jsonl", *extra)
    assert len(out.splitlines()) == 1


def test_tables_break_no_word_and_drop_columns_that_do_not_fit(demo_db: Path) -> None:
    out = run("dyads", "--db", str(demo_db), "--days", "60")
    assert "…" not in out.split("left out")[0]  # values whole, columns left out instead
    assert "left out at 80 columns" in out
    wide = run("dyads", "--db", str(demo_db), "--days", "60", width=200)
    assert "left out" not in wide

"""The alert rules file: the packaged rules load; every mistake names its rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.errors import DataFileError
from tocsin.monitor.rules import (
    EscalationRule,
    NewConflictRule,
    NuclearThreatRule,
    RedlineRule,
    country_codes,
    load_rules,
)


def test_packaged_rules_cover_every_kind() -> None:
    rules = load_rules()
    kinds = {type(r) for r in rules}
    assert kinds == {NuclearThreatRule, EscalationRule, RedlineRule, NewConflictRule}
    nuclear = next(r for r in rules if isinstance(r, NuclearThreatRule))
    assert nuclear.severity == "high"
    assert nuclear.sectors == ("GOV", "MIL", None)


def test_disabled_rules_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - {id: a, kind: redline}\n  - {id: b, kind: escalation, enabled: false, k: 2}\n",
        encoding="utf-8",
    )
    assert [r.id for r in load_rules(path)] == ["a"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules:\n  - {id: x, kind: tremor}\n", "rule 1 ('x')"),
        ("rules:\n  - {id: ok, kind: redline}\n  - {id: y, kind: escalation, k: -1}\n",
         "rule 2 ('y'), field k: Input should be greater than 0"),
        ("rules:\n  - {id: z, kind: escalation, windw: 3}\n", "rule 1 ('z'), field windw"),
        ("rules:\n  - {id: w, kind: new_conflict, lookback_days: soon}\n",
         "field lookback_days"),
        ("rules:\n  - {id: v, kind: nuclear_threat, severity: urgent}\n", "field severity"),
        ("rules:\n  - {id: Bad Id, kind: redline}\n", "field id"),
        ("rules:\n  - {kind: redline}\n", "rule 1, field id: Field required"),
        ("rules:\n  - {id: a, kind: redline}\n  - {id: a, kind: redline}\n",
         "duplicate rule id 'a'"),
        ("rules: [\n", "while parsing"),
        ("- just a list\n", "Input should be"),
    ],
)  # fmt: skip
def test_invalid_rules_files(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        load_rules(path)
    assert exc.value.code == "D001"
    assert str(path) in exc.value.message
    assert message in exc.value.message


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="D001"):
        load_rules(tmp_path / "absent.yaml")


def test_state_codes_come_from_the_actor_data() -> None:
    codes = country_codes()
    assert {"RUS", "USA", "PRK", "IRN", "PSE"} <= codes
    assert not {"NATO", "EU", "UN", "IAEA", "IMF"} & codes

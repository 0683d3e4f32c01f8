"""The intensity and Goldstein tables: complete, corrected, validated; the stage scores events."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tocsin.enrich.intensity import GoldsteinTable, IntensityStage, IntensityTable
from tocsin.errors import DataFileError
from tocsin.pipeline import BUILTIN_STAGES, _resolve
from tocsin.records import PLOVER_TYPES, QUAD_CLASS, Actor, Article, Document, Event


@pytest.fixture(scope="module")
def table() -> IntensityTable:
    return IntensityTable.load()


@pytest.fixture(scope="module")
def goldstein() -> GoldsteinTable:
    return GoldsteinTable.load()


def test_every_type_has_a_score_with_the_sign_of_its_quad(table: IntensityTable) -> None:
    assert set(table.types) == set(PLOVER_TYPES)
    for event_type, score in table.types.items():
        if QUAD_CLASS[event_type] <= 2:
            assert score >= 0, event_type
        else:
            assert score <= 0, event_type


def test_accuse_is_negative(table: IntensityTable) -> None:
    assert table.score("ACCUSE") == -3.0
    assert table.score("ACCUSE", "allege") == -3.5


def test_mode_score_else_type_score(table: IntensityTable) -> None:
    assert table.score("ASSAULT") == -9.0
    assert table.score("ASSAULT", "unconventional") == -10.0
    assert table.score("ASSAULT", "Heavy-weapons") == -9.5  # case-insensitive
    assert table.score("PROTEST", "vandalize") == -5.0  # mode without its own score
    assert table.score("CONSULT", "third-party") == 1.0
    assert table.score("NOTATYPE") is None


def test_table_matches_the_manual_except_the_accuse_fix(table: IntensityTable) -> None:
    path = shared_path("reference", "plover", "plover_scores_from_manual.csv")
    rows = list(csv.DictReader(path.read_text("utf-8").splitlines()))
    assert len(rows) == len(table.types) + len(table.modes) == 82
    for row in rows:
        ours = table.score(row["plover_event"], row["mode"] or None)
        expected = float(row["score"])
        if row["plover_event"] == "ACCUSE" and not row["mode"]:
            assert expected == 3.0
            assert ours == -expected
        else:
            assert ours == expected, row


def test_goldstein_matches_gdelt(goldstein: GoldsteinTable) -> None:
    path = shared_path("reference", "cameo", "CAMEO.goldsteinscale.txt")
    lines = [line.split("\t") for line in path.read_text("utf-8").splitlines()[1:] if line]
    assert len(goldstein.codes) == len(lines) == 311
    for code, value in lines:
        assert goldstein.codes[code.strip()] == float(value)


def test_goldstein_differs_from_phoenix_on_seven_codes(goldstein: GoldsteinTable) -> None:
    path = shared_path("reference", "cameo", "phoenix_cameo_goldstein_quad.csv")
    rows = csv.DictReader(path.read_text("utf-8").splitlines())
    phoenix = {r["cameo_code"]: float(r["goldstein"]) for r in rows}
    differ = sorted(
        c for c, v in phoenix.items() if c in goldstein.codes and goldstein.codes[c] != v
    )
    assert differ == ["016", "022", "124", "1246", "163", "165", "166"]


def test_goldstein_lookup_and_prefix_fallback(goldstein: GoldsteinTable) -> None:
    assert goldstein.value("190") == -10.0
    assert goldstein.value("016") == -2.0
    assert goldstein.value("1641") == goldstein.value("164") == -7.0  # sub-code not listed
    assert goldstein.value(None) is None
    assert goldstein.value("") is None
    assert goldstein.value("ABC") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("type,score\nAGREE,2\n", "header"),
        ("type,mode,score\nAGREED,,2\n", "unknown PLOVER type 'AGREED'"),
        ("type,mode,score\nAGREE,,lots\n", "line 2: score 'lots'"),
        ("type,mode,score\nAGREE,,11\n", "-10..10"),
        ("type,mode,score\nAGREE,,2\nAGREE,,3\n", "line 3: duplicate row for AGREE"),
        ("type,mode,score\nCONSULT,visit,4\nCONSULT,Visit,4\n", "duplicate row for CONSULT visit"),
        ("type,mode,score\nCONSULT,by phone,1\n", "mode 'by phone'"),
        ("type,mode,score\nAGREE,,2,1\n", "expected 3 columns"),
        ("# comment\ntype,mode,score\nACCUSE,,3\n", "line 3: ACCUSE is conflict"),
        ("type,mode,score\nAGREE,,2\n", "no type score for ['CONSULT'"),
    ],
)
def test_intensity_loader_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "intensity.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        IntensityTable.load(path)
    assert exc.value.code == "D001"
    assert message in exc.value.message
    assert str(path) in exc.value.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("cameo,goldstein\n19A,1\n", "not a 2-4 digit CAMEO code '19A'"),
        ("cameo,goldstein\n190,-10\n190,-10\n", "line 3: duplicate code '190'"),
        ("cameo,goldstein\n190,-12\n", "-10..10"),
    ],
)
def test_goldstein_loader_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "goldstein.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match="D001") as exc:
        GoldsteinTable.load(path)
    assert message in exc.value.message


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="D001"):
        IntensityTable.load(tmp_path / "absent.csv")


def _event(event_type: str, **kwargs: object) -> Event:
    return Event(
        article_id="a1", sentence_index=0, type=event_type, source=Actor(code="RUS"),
        target=Actor(code="UKR"), date=dt.date(2025, 3, 1), **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def test_stage_scores_every_event(settings: object) -> None:
    stage = _resolve("intensity", BUILTIN_STAGES, "tocsin.stages").from_settings(settings)
    assert isinstance(stage, IntensityStage)
    doc = Document(
        article=Article(id="a1", text="x", source="x.txt"),
        events=[
            _event("ASSAULT", mode="drone", cameo="195"),
            _event("THREATEN", negated=True, cameo="1381"),
            _event("CONSULT", mode="phone"),
            _event("SANCTION", mode="unknown-mode", cameo="163"),
        ],
    )
    scored = stage(doc).events
    assert [e.intensity for e in scored] == [-9.5, -3.5, 1.5, -6.0]
    assert [e.goldstein for e in scored] == [-10.0, -7.0, None, -8.0]

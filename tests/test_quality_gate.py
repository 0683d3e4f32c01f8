"""The CI quality gate: event extraction must not fall below the pinned baselines.

Three gold sets: the team's own clean sentences (tests/data/eval/sentences.jsonl, always
run), the project's clean dev sentences (../shared/eval/dev_sentences.jsonl) and its
real-news dev passages (../shared/eval/realnews_dev.jsonl: headline + lead, scored per
passage), the last two skipped when ../shared is absent. Baselines and the
tolerance live in tests/data/eval/baseline.json; `tocsin eval GOLD --baseline FILE` applies
the same check from the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path
from tocsin.config import Settings
from tocsin.extract import check_gate, evaluate_file, read_baseline

BASELINE = ROOT / "tests" / "data" / "eval" / "baseline.json"
TOLERANCE = 0.02


def _gate(gold: Path, settings: Settings) -> dict[str, Any]:
    result, _ = evaluate_file(gold, settings=settings)
    e, t = result["event"], result["type"]
    print(
        f"\n{gold.name}: event P {e['p']:.3f} R {e['r']:.3f} F1 {e['f1']:.3f}; "
        f"type F1 {t['f1']:.3f}"
    )
    failures = check_gate(result, read_baseline(BASELINE, gold.stem), tolerance=TOLERANCE)
    assert not failures, failures
    return result


@pytest.mark.slow
def test_in_repo_gold_meets_baseline(settings: Settings) -> None:
    _gate(ROOT / "tests" / "data" / "eval" / "sentences.jsonl", settings)


@pytest.mark.slow
@pytest.mark.shared
def test_dev_set_meets_baseline_without_over_production(settings: Settings) -> None:
    result = _gate(shared_path("eval", "dev_sentences.jsonl"), settings)
    event = result["event"]
    # the target: precision never below recall by more than 0.10
    assert event["p"] >= event["r"] - 0.10


@pytest.mark.slow
@pytest.mark.shared
def test_real_news_dev_set_meets_baseline(settings: Settings) -> None:
    result = _gate(shared_path("eval", "realnews_dev.jsonl"), settings)
    # real news: every event anywhere in the passage counts (headline included)
    assert result["sentences"] == 120

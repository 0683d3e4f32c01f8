"""Coverage of the dev gold set's actors by ``annotate`` (benchmarks/actor_coverage.py).

Reads shared/eval/dev_sentences.jsonl in place; skipped when it is absent. The share is
reported by the benchmark script; this test keeps it from falling below 0.9.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path
from tocsin.actors.resolver import ActorResolver

sys.path.insert(0, str(ROOT / "benchmarks"))
import actor_coverage


@pytest.mark.shared
@pytest.mark.slow
def test_dev_gold_actors_are_found(nlp: Any, resolver: ActorResolver) -> None:
    path: Path = shared_path("eval", "dev_sentences.jsonl")
    result = actor_coverage.measure(path, resolver=resolver, nlp=nlp)
    assert result.slots > 500
    assert result.rate > 0.9, result.misses[:10]
    assert result.sector_ok / result.covered > 0.8

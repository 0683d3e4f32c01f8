"""Acceptance on the two seed articles (../shared/seeds, skipped when absent).

Every required event of expected.md is produced, no listed trap is coded, extras stay
within the acceptable list, and the threats come with condition → consequence (the expected
ones, and never a consequence that is only a reporting clause such as "declaring that").
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.acceptance import check_events, check_threats, load_expected
from tests.conftest import shared_path
from tocsin.pipeline import Processor
from tocsin.records import Article

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds(full_processor: Processor) -> list[tuple[Any, dict[str, Any]]]:
    folder = shared_path("seeds")
    expected = load_expected(folder / "expected.md")
    articles = [
        Article(id=e["file"], text=(folder / e["file"]).read_text("utf-8"), source=e["file"])
        for e in expected
    ]
    docs = full_processor.process(articles)
    return list(zip(docs, expected, strict=True))


def test_required_events_no_traps_no_stray_extras(seeds: list[tuple[Any, dict[str, Any]]]) -> None:
    for doc, expected in seeds:
        report = check_events(doc, expected)
        check_threats(doc, expected, report)
        print(
            f"\n{report.file}: required {len(report.found)}/{report.required} "
            f"missed {report.missed}; extras {len(report.extras)}; traps {len(report.traps)}; "
            f"threats {len(report.threats_found)}/{report.threats_expected} "
            f"missed {report.threats_missed}"
        )
        for extra in report.extras:
            print("  extra:", extra)
        assert not report.traps, report.traps
        assert not report.missed, report.missed
        assert not report.extras, report.extras
        assert not report.threats_missed, report.threats_missed
        assert not report.reporting_only, report.reporting_only

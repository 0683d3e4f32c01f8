"""The error catalogue is complete, formatted and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.errors import CATALOGUE, TocsinError, catalogue_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def test_docs_match_catalogue() -> None:
    assert DOCS.read_text("utf-8") == catalogue_markdown(), "run: python -m tocsin.errors"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_codes_are_well_formed(code: str) -> None:
    spec = CATALOGUE[code]
    assert code[0] in "INEDCSVMA"
    assert code[1:].isdigit()
    assert spec.fix.strip()
    assert spec.message.strip()


def test_error_formats_message_and_fix() -> None:
    err = TocsinError("I001", source="news/x.txt")
    assert str(err) == "[I001] news/x.txt: no such file or directory"
    assert err.to_dict()["fix"]

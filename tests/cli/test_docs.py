"""docs/cli.md is generated from the commands; it must not go stale."""

from __future__ import annotations

from tests.conftest import ROOT
from tocsin.cli.docs import render


def test_cli_page_is_current() -> None:
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert page == render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_and_option_is_documented() -> None:
    page = render()
    for command in ("analyze", "events", "eval", "redlines", "serve"):
        assert f"## `tocsin {command}`" in page
    assert "`--text-field <str>`" in page
    assert "| `SOURCES` |" in page


def test_the_examples_fit_80_columns() -> None:
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    examples = page.split("## What the listings look like", 1)[1]
    blocks = examples.split("```")[1::2]
    assert len(blocks) >= 3
    for block in blocks:
        for line in block.splitlines()[1:]:  # after the $ command line
            assert len(line) <= 80, line
    assert "$ COLUMNS=80 tocsin events" in examples
    assert "*warned*" in examples
    assert "None" not in examples

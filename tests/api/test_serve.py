"""``tocsin serve`` as a user runs it: its options, its defaults and its errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.config import default_settings


def test_serve_help_lists_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--config", "--host", "--port", "--reload"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_default_bind_address_is_this_machine_only() -> None:
    api = default_settings().api
    assert api.host == "127.0.0.1"
    assert api.token == ""


def test_serving_a_missing_database_stops_with_s003(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    command = [sys.executable, "-c", "from tocsin.cli import main; main()", "serve"]
    done = subprocess.run(
        [*command, "--db", str(missing), "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    assert "S003" in done.stderr
    assert not missing.exists()

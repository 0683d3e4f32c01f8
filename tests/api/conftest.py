"""Fixtures for the API and dashboard tests: the app served on 127.0.0.1 over the demo
database (``demo_db``, tests/conftest.py), and an HTTP client for it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.demo import serving
from tocsin.api import create_app
from tocsin.config import Settings, default_settings, load_settings

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def api(demo_db: Path) -> Iterator[httpx.Client]:
    """A client of the read-only app (no token) serving the demo database."""
    with (
        serving(create_app(db=demo_db, settings=default_settings())) as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        yield client


def token_settings(*, allow_local: bool = True) -> Settings:
    """Default settings with the API token set (as ``TOCSIN_API_TOKEN`` would).

    ``allow_local`` allow-lists 127.0.0.1 for fetching, where the tests' HTTP server runs
    (as a user allows an intranet host); the SSRF tests turn it off.
    """
    overrides = {"ingest.allow_hosts": ["127.0.0.1"]} if allow_local else {}
    return load_settings(
        config_file=_no_file(), overrides=overrides, environ={"TOCSIN_API_TOKEN": TOKEN}
    )


def _no_file() -> Path:
    # load_settings reads ./tocsin.toml when no file is named; name the packaged defaults
    # instead so that a developer's own tocsin.toml cannot change the tests.
    from tocsin.api.app import static_dir

    return static_dir().parents[1] / "default_config.toml"


@pytest.fixture
def writable_api(demo_db: Path, tmp_path: Path) -> Iterator[httpx.Client]:
    """A client of an app with a token, over a private copy of the demo database."""
    copy = tmp_path / "writable.duckdb"
    shutil.copy(demo_db, copy)
    with (
        serving(create_app(db=copy, settings=token_settings())) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        yield client


@pytest.fixture
def guarded_api(demo_db: Path, tmp_path: Path) -> Iterator[httpx.Client]:
    """Like ``writable_api``, but nothing is allow-listed for fetching (the SSRF guard's
    defaults)."""
    copy = tmp_path / "guarded.duckdb"
    shutil.copy(demo_db, copy)
    with (
        serving(create_app(db=copy, settings=token_settings(allow_local=False))) as server,
        httpx.Client(base_url=server.url, timeout=120) as client,
    ):
        yield client

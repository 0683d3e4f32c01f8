"""Shared fixtures: the real spaCy model, settings, a fresh DuckDB file, ../shared data.

Expensive fixtures (the model, the processor) are built once per session. Tests that read
``../shared`` (or the directory named by ``TOCSIN_CORPORA``) skip cleanly when it is absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tocsin.config import Settings, default_settings
from tocsin.store import Database

ROOT = Path(__file__).resolve().parents[1]


def shared_root() -> Path | None:
    """The shared data directory: $TOCSIN_CORPORA (shared/ or its corpora/), else ../shared."""
    env = os.environ.get("TOCSIN_CORPORA")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared")
    for cand in candidates:
        if (cand / "corpora").is_dir() or (cand / "eval").is_dir():
            return cand
        if cand.name == "corpora" and cand.is_dir():
            return cand.parent
    return None


def shared_path(*parts: str) -> Path:
    """Path inside the shared directory; skips the calling test when it is absent."""
    root = shared_root()
    if root is None:
        pytest.skip("../shared (or $TOCSIN_CORPORA) is not available")
    path = root.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Packaged default settings (no user file, no environment)."""
    return default_settings()


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The real spaCy model, loaded once."""
    from tocsin.nlp import load_model

    return load_model("auto")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated DuckDB file."""
    database = Database(tmp_path / "test.duckdb")
    yield database
    database.close()


@pytest.fixture(scope="session")
def http_server() -> Iterator[Any]:
    """A real HTTP server on 127.0.0.1 serving tests/ingest/site and the special routes of
    ``tests/httpserver.py`` (redirect loops, huge bodies, wrong content types, ...)."""
    from tests.httpserver import LocalServer

    server = LocalServer(ROOT / "tests" / "ingest" / "site").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def full_processor(settings: Settings) -> Any:
    """The default per-article pipeline (every configured stage), built once."""
    from tocsin.pipeline import Processor

    return Processor(settings)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus (examples/) analysed by the real pipeline, with the hand-coded
    supplement of tests/api/demo.py; built once, read-only for the tests that share it."""
    from tests.api.demo import build_demo_db

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_db(path, default_settings())
    return path

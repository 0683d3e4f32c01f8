"""Shared fixtures: the real spaCy model, settings, a fresh DuckDB file, ../shared data.

Expensive fixtures (the model, the processor) are built once per session. Tests that read
``../shared`` (or the directory named by ``TOCSIN_CORPORA``) skip cleanly when it is absent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tocsin.config import Settings, default_settings
from tocsin.store import Database

ROOT = Path(__file__).resolve().parents[1]

# Property tests (tests/**/test_fuzz.py): a quick profile for `make test`, and the long
# fuzz run of benchmarks/reliability.py (HYPOTHESIS_PROFILE=fuzz). No deadline: timing on a
# shared machine is a benchmark's business, not a test's.
hypothesis_settings.register_profile(
    "quick", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "fuzz", max_examples=3_000, deadline=None, suppress_health_check=list(HealthCheck)
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


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


def plain_and_changed(change: Callable[[Any], None]) -> tuple[Any, Any]:
    """The English model loaded twice: as published, and with ``change`` applied (tocsin's
    faster stand-ins, checked against the original)."""
    import spacy

    from tocsin.nlp import resolve_model_name

    name = resolve_model_name("auto")
    plain, changed = spacy.load(name), spacy.load(name)
    change(changed)
    return plain, changed


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


class SocketWatch:
    """Sees every socket connection and name lookup of this process (``sys.addaudithook``,
    below the fetcher, httpx and the resolver's callers) while armed.

    A connection to an address outside ``allowed`` is refused with ``PermissionError``
    before the system call, so a test of the SSRF guard cannot send a packet even when the
    guard fails; ``connects`` and ``lookups`` record what was attempted.
    """

    def __init__(self) -> None:
        self.armed = False
        self.allowed: set[tuple[str, int]] = set()
        self.connects: list[tuple[str, int]] = []
        self.lookups: list[str] = []

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        """The audit hook: record, and refuse connections outside ``allowed``."""
        if not self.armed:
            return
        if event == "socket.getaddrinfo":
            self.lookups.append(str(args[0]))
        elif event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and len(address) >= 2:
                host, port = str(address[0]), int(address[1])
                self.connects.append((host, port))
                if (host, port) not in self.allowed:
                    raise PermissionError(f"test socket watch: connect to {host}:{port} refused")

    def outside(self) -> list[tuple[str, int]]:
        """Connections attempted to addresses outside ``allowed``."""
        return [c for c in self.connects if c not in self.allowed]


_WATCH = SocketWatch()
_WATCH_INSTALLED = False


@pytest.fixture
def socket_watch() -> Iterator[SocketWatch]:
    """The process's ``SocketWatch``, armed for the test (audit hooks cannot be removed:
    it is installed once and disarmed after each test)."""
    import sys

    global _WATCH_INSTALLED  # noqa: PLW0603 - one audit hook per process
    if not _WATCH_INSTALLED:
        sys.addaudithook(_WATCH.hook)
        _WATCH_INSTALLED = True
    _WATCH.allowed, _WATCH.connects, _WATCH.lookups = set(), [], []
    _WATCH.armed = True
    try:
        yield _WATCH
    finally:
        _WATCH.armed = False

"""The Ray engine on a local Ray instance (skipped where Ray is not installed or cannot start)."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engines.test_local import STORIES, articles
from tocsin.config import Settings
from tocsin.engines.ray import check_reachable, import_ray
from tocsin.errors import TocsinError
from tocsin.pipeline import chunked, process_batches
from tocsin.runner import analyze
from tocsin.store import Database


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    try:
        ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    except Exception as exc:  # noqa: BLE001 - any failure to start means: skip here
        pytest.skip(f"Ray cannot start here: {exc}")
    yield ray
    ray.shutdown()


def _small(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"pipeline": settings.pipeline.model_copy(update={"batch_articles": 2})}
    )


@pytest.mark.slow
def test_ray_gives_the_same_documents_as_a_local_run(ray: Any, settings: Settings) -> None:
    small = _small(settings)
    local = [
        d
        for b in process_batches(chunked(articles(), 2), settings=small, workers=1)
        for d in b.documents
    ]
    remote = [
        d
        for b in process_batches(chunked(articles(), 2), settings=small, workers=2, engine="ray")
        for d in b.documents
    ]
    assert [d.article.id for d in remote] == [d.article.id for d in local]
    assert [e.id for d in remote for e in d.events] == [e.id for d in local for e in d.events]
    assert [s.parsed for d in remote for s in d.sentences] == [
        s.parsed for d in local for s in d.sentences
    ]


@pytest.mark.slow
def test_analyze_on_ray_stores_the_same_event_ids(
    ray: Any, tmp_path: Path, settings: Settings
) -> None:
    source = tmp_path / "news.txt"
    source.write_text("\n\n".join(STORIES))
    ids = {}
    for engine in ("local", "ray"):
        db = tmp_path / f"{engine}.duckdb"
        summary = analyze([str(source)], db=db, settings=settings, workers=2, engine=engine)
        assert summary.articles_added == 1
        with Database(db) as con:
            ids[engine] = {r[0] for r in con.query("SELECT id FROM events")}
    assert ids["ray"] == ids["local"]
    assert ids["local"]


def test_without_ray_installed_the_engine_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what Python does for a missing package
    with pytest.raises(TocsinError) as err:
        import_ray()
    assert err.value.code == "E050"
    assert "tocsin[ray]" in err.value.fix


def test_a_cluster_address_where_nothing_answers_fails_at_once() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for address in (f"127.0.0.1:{port}", f"ray://127.0.0.1:{port}"):
        with pytest.raises(TocsinError) as err:
            check_reachable(address, timeout_s=2.0)
        assert err.value.code == "E051"
        assert address in str(err.value)
    check_reachable("auto")  # left to Ray

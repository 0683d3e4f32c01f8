"""``/api/read``: CLI commands in other processes read through the server that holds the
database, and get what a local read gives (``tocsin.watch.remote``)."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

import tocsin
from tocsin.errors import ConfigError, TocsinError
from tocsin.query import EventFilter, TocsinDB
from tocsin.summary import SECTIONS
from tocsin.watch.lockfile import ServerLock
from tocsin.watch.remote import RemoteDB


@pytest.fixture
def remote(api: httpx.Client, demo_db: Path) -> Iterator[RemoteDB]:
    lock = ServerLock(url=str(api.base_url).rstrip("/"), pid=os.getpid(), mode="watch",
                      db=str(demo_db), started_at="")  # fmt: skip
    with RemoteDB(lock) as db:
        yield db


@pytest.fixture
def local(demo_db: Path) -> Iterator[TocsinDB]:
    with tocsin.open(demo_db) as db:
        yield db


def test_remote_reads_equal_local_reads(remote: RemoteDB, local: TocsinDB) -> None:
    where = EventFilter(actor="VEN", type="THREATEN,ASSAULT", since="2025-09-01")
    assert remote.events(where, limit=20).rows == local.events(where, limit=20).rows
    assert remote.events(source="USA").rows == local.events(source="USA").rows
    assert remote.count_events(where) == local.count_events(where)
    assert remote.alerts(since=dt.date(2025, 9, 1)).rows == local.alerts(since="2025-09-01").rows
    assert remote.series("VEN:GUY", freq="week").rows == local.series("VEN:GUY", freq="week").rows
    assert remote.redline(local.redlines().rows[0][0]) == local.redline(local.redlines().rows[0][0])
    assert remote.corpus() == local.corpus()
    assert remote.schema_version() == local.schema_version()


def test_every_summary_section_reads_remotely(remote: RemoteDB) -> None:
    from rich.console import Console

    out = Console(record=True, width=100, color_system=None)
    for section in SECTIONS:
        section(remote, out)
    assert "Corpus: 30 articles" in out.export_text()


def test_remote_export(remote: RemoteDB, local: TocsinDB, tmp_path: Path) -> None:
    where = EventFilter(source="VEN")
    out = tmp_path / "ven.csv"
    assert remote.export(out, where=where) == local.count_events(where)
    header = out.read_text().splitlines()[0].split(",")
    assert header == local.events(limit=1).columns
    empty = tmp_path / "none.parquet"
    assert remote.export(empty, where=EventFilter(source="FRA")) == 0
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{empty}'").fetchone() == (0,)


def test_remote_errors_are_the_server_errors(remote: RemoteDB) -> None:
    with pytest.raises(TocsinError) as exc:
        remote.events(actor="VENN")
    assert exc.value.code == "C015"
    assert "closest: VEN" in exc.value.message
    with pytest.raises(AttributeError):
        remote.sql  # noqa: B018 - not a read method a server answers


@pytest.mark.parametrize(
    ("method", "call", "status"),
    [
        ("sql", {"args": ["SELECT 1"]}, 404),
        ("export", {"args": ["/tmp/x.csv"]}, 404),
        ("events", {"kwargs": {"nonsense": 1}}, 422),
        ("events", {"kwargs": {"columns": ["id; DROP TABLE events"]}}, 422),
        ("dump", {"args": ["schema_version"]}, 422),
    ],
)
def test_only_reads_answer(
    api: httpx.Client, method: str, call: dict[str, object], status: int
) -> None:
    response = api.get(f"/api/read/{method}", params={"call": json.dumps(call)})
    assert response.status_code == status, response.text


def test_no_path_crosses_the_wire(api: httpx.Client, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("rules: [{id: leaked, kind: nuclear_threat}]\n")
    call = {"kwargs": {"rule": "leaked", "rules_file": str(secret)}}
    response = api.get("/api/read/alerts", params={"call": json.dumps(call)})
    assert response.status_code == 422
    assert response.json()["code"] == "C015"  # the server's own rules were used


def test_unknown_rule_suggests_the_closest(remote: RemoteDB) -> None:
    with pytest.raises(TocsinError) as exc:
        remote.alerts(rule="redline-crosed")
    assert "closest: redline-crossed" in exc.value.message
    assert not isinstance(exc.value, ConfigError)  # rebuilt from the server's JSON body

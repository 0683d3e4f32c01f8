"""Webhook delivery against a real HTTP server on 127.0.0.1 that fails on request."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from tests.monitor.conftest import Ev, store_events
from tocsin.config import load_settings
from tocsin.monitor.alerts import evaluate_alerts, store_alerts
from tocsin.monitor.rules import RedlineRule
from tocsin.monitor.webhook import Webhook, deliver_pending
from tocsin.query import TocsinDB
from tocsin.records import Alert
from tocsin.store import Database


class WebhookServer:
    """Accepts POSTs; answers ``fail_status`` to the next ``fail_next`` requests, then 204."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0
        self.fail_status = 500
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def status_for_next(self) -> int:
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_status
            return 204

    def delivered_ids(self) -> list[str]:
        return [r["body"]["id"] for r in self.requests if r["status"] == 204]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_state: ClassVar[WebhookServer]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        """Quiet."""

    def do_POST(self) -> None:
        state = self.server_state
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status = state.status_for_next()
        state.requests.append({
            "path": self.path, "body": body, "status": status,
            "key": self.headers.get("Idempotency-Key"),
            "type": self.headers.get("Content-Type"),
        })  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server() -> Iterator[WebhookServer]:
    srv = WebhookServer()
    yield srv
    srv.stop()


RULES = [RedlineRule(id="red", kind="redline", severity="high")]


def _alerts(db: Database, n: int) -> list[str]:
    alerts = [
        Alert(rule="red", severity="high", date=dt.date(2025, 3, i + 1), source="RUS",
              target="NATO", value=1.0, message=f"alert {i}", evidence=[f"e{i}"])
        for i in range(n)
    ]  # fmt: skip
    store_alerts(db, alerts, RULES)
    return [a.id for a in alerts]


class Sleeps(list[float]):
    """Records the back-off waits instead of sleeping through them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _hook(url: str, retries: int = 3) -> Webhook:
    return Webhook(url=url, retries=retries, backoff_s=0.5, timeout_s=5.0)


def _statuses(db: Database) -> list[tuple[object, ...]]:
    return db.query(
        "SELECT delivery_status, delivery_attempts, delivered_at IS NOT NULL, delivery_error "
        "FROM alerts ORDER BY date"
    )


def test_retries_with_exponential_backoff(db: Database, server: WebhookServer) -> None:
    (alert_id,) = _alerts(db, 1)
    server.fail_next = 2
    sleeps = Sleeps()
    report = deliver_pending(db, load_settings(environ={}), webhook=_hook(server.url), sleep=sleeps)
    assert (report.delivered, report.failed) == (1, 0)
    assert sleeps == [0.5, 1.0]
    assert [r["status"] for r in server.requests] == [500, 500, 204]
    assert _statuses(db) == [("delivered", 3, True, None)]
    sent = server.requests[-1]
    assert sent["key"] == alert_id
    assert sent["type"] == "application/json"
    assert sent["path"] == "/hook"
    assert sent["body"] | {"created_at": None, "tocsin_version": None} == {
        "id": alert_id, "rule": "red", "kind": "redline", "severity": "high",
        "date": "2025-03-01", "source": "RUS", "target": "NATO", "value": 1.0,
        "message": "alert 0", "evidence": ["e0"], "created_at": None, "tocsin_version": None,
        "reason": "", "confidence": None, "sources": None, "quoted": False,
    }  # fmt: skip


def test_never_delivered_twice(db: Database, server: WebhookServer) -> None:
    ids = _alerts(db, 3)
    settings = load_settings(environ={})
    deliver_pending(db, settings, webhook=_hook(server.url), sleep=Sleeps())
    again = deliver_pending(db, settings, webhook=_hook(server.url), sleep=Sleeps())
    assert again.delivered == 0
    assert server.delivered_ids() == ids
    assert len(server.requests) == 3


def test_endpoint_down_keeps_alerts_for_later(db: Database, server: WebhookServer) -> None:
    ids = _alerts(db, 3)
    server.fail_next = 3
    settings = load_settings(environ={})
    report = deliver_pending(db, settings, webhook=_hook(server.url, retries=2), sleep=Sleeps())
    assert (report.delivered, report.failed, report.pending) == (0, 1, 2)
    assert report.errors == [f"webhook {server.url} failed after 3 attempts (HTTP 500)"]
    assert _statuses(db)[0] == ("failed", 3, False, report.errors[0])
    assert _statuses(db)[1:] == [("pending", 0, False, None)] * 2
    # the endpoint recovers: everything goes, the failed alert too, each once
    later = deliver_pending(db, settings, webhook=_hook(server.url), sleep=Sleeps())
    assert later.delivered == 3
    assert server.delivered_ids() == ids
    assert _statuses(db)[0] == ("delivered", 4, True, None)


def test_client_errors_are_not_retried(db: Database, server: WebhookServer) -> None:
    _alerts(db, 2)
    server.fail_next, server.fail_status = 1, 400
    sleeps = Sleeps()
    report = deliver_pending(db, load_settings(environ={}), webhook=_hook(server.url), sleep=sleeps)
    # a 400 is about this alert, not the endpoint: the next alert still goes
    assert (report.delivered, report.failed, report.pending) == (1, 1, 0)
    assert sleeps == []
    assert "failed after 1 attempts (HTTP 400)" in report.errors[0]


def test_unreachable_endpoint(db: Database) -> None:
    _alerts(db, 1)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens
    url = f"http://127.0.0.1:{port}/hook"
    report = deliver_pending(db, load_settings(environ={}), webhook=_hook(url, 1), sleep=Sleeps())
    assert report.failed == 1
    assert report.errors[0].startswith(f"webhook {url} failed after 2 attempts (ConnectError")


def test_finalizer_delivers_new_alerts_once(db: Database, server: WebhookServer) -> None:
    settings = load_settings(
        overrides={"monitor.webhook_url": server.url, "monitor.webhook_backoff_s": 0.01},
        environ={},
    )
    store_events(db, [
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True),
    ])  # fmt: skip
    server.fail_next = 1  # one real back-off sleep of 10 ms
    first = evaluate_alerts(db, settings, [])
    assert (first["new"], first["delivered"], first["failed"]) == (1, 1, 0)
    second = evaluate_alerts(db, settings, [])
    assert (second["new"], second["delivered"]) == (0, 0)
    assert len(server.requests) == 2
    row = TocsinDB.of(db).alerts().records()[0]
    assert (row["delivery_status"], row["delivery_attempts"]) == ("delivered", 2)


def test_finalizer_reports_webhook_failure(db: Database, server: WebhookServer) -> None:
    settings = load_settings(
        overrides={"monitor.webhook_url": server.url, "monitor.webhook_retries": 0},
        environ={},
    )
    store_events(db, [
        Ev(day=dt.date(2025, 2, 1), source="RUS", target="UKR", type="THREATEN", nuclear=True),
    ])  # fmt: skip
    server.fail_next = 1
    summary = evaluate_alerts(db, settings, [])
    assert (summary["new"], summary["delivered"], summary["failed"]) == (1, 0, 1)
    assert summary["webhook_error"].startswith(f"webhook {server.url} failed after 1 attempts")

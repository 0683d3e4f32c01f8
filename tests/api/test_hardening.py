"""The server under attack: hosts, headers, bodies before auth, slow and half-open
connections, oversized answers, unexpected errors, SSRF through submitted URLs.

Every server here is the real app under uvicorn as ``tocsin serve`` configures it
(``tocsin.api.server.uvicorn_config``: the request-head deadline and the connection
limit), on 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tests.api.conftest import TOKEN, token_settings
from tests.conftest import SocketWatch
from tocsin.api import create_app
from tocsin.api.errors import PUBLIC_FETCH_ERROR
from tocsin.api.middleware import CONTENT_SECURITY_POLICY
from tocsin.api.server import uvicorn_config
from tocsin.config import Settings, default_settings
from tocsin.records import Article, Document
from tocsin.store import Database, write_documents

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def with_api(settings: Settings, **values: Any) -> Settings:
    """``settings`` with ``[api]`` values replaced."""
    return settings.model_copy(update={"api": settings.api.model_copy(update=values)})


class Served:
    """The app under uvicorn (``uvicorn_config``) in a thread, and its address."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn_config(app, settings, host="127.0.0.1", port=0))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def raw(self) -> socket.socket:
        """A plain TCP connection to the server."""
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)


@contextmanager
def served(db: Path, settings: Settings) -> Iterator[Served]:
    s = Served(create_app(db=db, settings=settings), settings)
    s.thread.start()
    deadline = time.monotonic() + 10
    while not s.server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    s.port = s.server.servers[0].sockets[0].getsockname()[1]
    try:
        yield s
    finally:
        s.server.should_exit = True
        s.thread.join(timeout=10)


@pytest.fixture
def copy_db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def read_only(demo_db: Path) -> Iterator[Served]:
    with served(demo_db, default_settings()) as server:
        yield server


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["code"] == code, body
    assert body["fix"]
    return body


# ---------------------------------------------------------------- headers and hosts
@pytest.mark.parametrize(
    "path", ["/", "/docs", "/api/health", "/static/style.css", "/api/nope", "/api/events?limit=0"]
)
def test_security_headers_on_every_answer(read_only: Served, path: str) -> None:
    response = httpx.get(read_only.url + path)
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),
        ("LOCALHOST", True),
        ("[::1]:{port}", True),
        ("evil.example", False),
        ("evil.example:{port}", False),
        ("127.0.0.1.evil.example", False),
        ("", False),
    ],
)
def test_only_this_machines_names_are_answered(read_only: Served, host: str, allowed: bool) -> None:
    response = httpx.get(
        read_only.url + "/api/stats", headers={"Host": host.format(port=read_only.port)}
    )
    if allowed:
        assert response.status_code == 200
    else:
        assert "A011" in assert_error(response, 400, "A011")["code"]


def test_allowed_hosts_are_configurable(demo_db: Path) -> None:
    settings = with_api(default_settings(), allowed_hosts=("dash.example",))
    with served(demo_db, settings) as server:
        assert httpx.get(server.url + "/api/health", headers={"Host": "dash.example"}).is_success
        refused = httpx.get(server.url + "/api/health")
        assert_error(refused, 400, "A011")
    with served(demo_db, with_api(default_settings(), allowed_hosts=("*",))) as server:
        assert httpx.get(server.url + "/api/health", headers={"Host": "any.example"}).is_success


# ---------------------------------------------------------------- bodies
def _post_head(server: Served, headers: dict[str, str], body: bytes = b"") -> socket.socket:
    sock = server.raw()
    lines = ["POST /api/articles HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    return sock


def _response(sock: socket.socket) -> tuple[int, dict[str, Any]]:
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize(("token", "status", "code"), [(False, 403, "A001"), (True, 401, "A004")])
def test_an_anonymous_huge_body_is_refused_before_it_is_read(
    demo_db: Path, copy_db: Path, token: bool, status: int, code: str
) -> None:
    settings = token_settings() if token else default_settings()
    with served(copy_db if token else demo_db, settings) as server:
        started = time.monotonic()
        sock = _post_head(
            server,
            {"Content-Type": "application/json", "Content-Length": "400000000"},
            b'{"text": "' + b"x" * 65536,
        )
        got_status, body = _response(sock)
        sock.close()
    assert (got_status, body["code"]) == (status, code)
    assert time.monotonic() - started < 5


def test_a_declared_body_over_the_limit_is_413_before_reading(copy_db: Path) -> None:
    settings = with_api(token_settings(), max_request_bytes=10_000)
    with served(copy_db, settings) as server:
        sock = _post_head(server, {**AUTH, "Content-Length": "10001"})
        assert _response(sock) == (413, _response_body(settings, "A010"))
        sock.close()


def _response_body(settings: Settings, code: str) -> dict[str, Any]:
    from tocsin.errors import TocsinError

    return TocsinError(code, limit=settings.api.max_request_bytes).to_dict()


def test_a_streamed_body_over_the_limit_is_413(copy_db: Path) -> None:
    settings = with_api(token_settings(), max_request_bytes=10_000)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"y" * 1000

    with served(copy_db, settings) as server:
        response = httpx.post(server.url + "/api/articles", content=chunks(), headers=AUTH)
    assert_error(response, 413, "A010")


def test_a_body_that_does_not_arrive_is_408(copy_db: Path) -> None:
    settings = with_api(token_settings(), body_timeout_s=1.0)
    with served(copy_db, settings) as server:
        sock = _post_head(server, {**AUTH, "Content-Length": "1000"}, b'{"text": ')
        started = time.monotonic()
        status, body = _response(sock)
        sock.close()
    assert (status, body["code"]) == (408, "A015")
    assert 0.8 < time.monotonic() - started < 5


@pytest.mark.parametrize("depth", [900, 1_000, 100_000])
def test_deeply_nested_json_bodies_get_a_json_answer(copy_db: Path, depth: int) -> None:
    with served(copy_db, token_settings()) as server:
        body = '{"text": ' + "[" * depth + "]" * depth + "}"
        response = httpx.post(
            server.url + "/api/articles",
            content=body,
            headers={**AUTH, "Content-Type": "application/json"},
        )
    assert response.status_code in (400, 422)
    assert response.json()["code"] == "A003"


# ---------------------------------------------------------------- connections
def _closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_half_open_and_slow_header_connections_are_closed(demo_db: Path) -> None:
    settings = with_api(default_settings(), header_timeout_s=1.0)
    with served(demo_db, settings) as server:
        silent = [server.raw() for _ in range(300)]
        dripping = server.raw()
        dripping.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        # The server answers others meanwhile.
        assert httpx.get(server.url + "/api/health").is_success
        for _ in range(3):
            time.sleep(0.3)
            dripping.sendall(b"X-Slow: 1\r\n")
        assert _closed_by_server(dripping, within=3)
        assert all(_closed_by_server(s, within=3) for s in silent)
        assert time.monotonic() - started < 6
        for s in [*silent, dripping]:
            s.close()


def test_a_complete_request_is_not_cut_by_the_head_deadline(demo_db: Path) -> None:
    settings = with_api(default_settings(), header_timeout_s=1.0, keepalive_timeout_s=5.0)
    with served(demo_db, settings) as server, httpx.Client(base_url=server.url) as client:
        for _ in range(3):
            assert client.get("/api/health").is_success
            time.sleep(1.5)  # idle between requests: the keep-alive timer, not the deadline


# ---------------------------------------------------------------- sizes and errors
def test_the_series_probe_is_refused_at_once(read_only: Served) -> None:
    started = time.monotonic()
    response = httpx.get(
        read_only.url + "/api/series",
        params={"dyad": "RUS:UKR", "since": "0001-01-01", "until": "9999-12-31"},
    )
    body = assert_error(response, 422, "A012")
    assert "3,652,059 periods" in body["message"]
    assert time.monotonic() - started < 2


def test_series_longer_than_the_limit_are_refused(demo_db: Path) -> None:
    settings = with_api(default_settings(), max_series_periods=10)
    with served(demo_db, settings) as server:
        get = lambda **params: httpx.get(server.url + "/api/series", params=params)  # noqa: E731
        span = {"since": "2025-09-01", "until": "2025-10-15"}
        assert "45 periods" in assert_error(get(dyad="VEN:GUY", **span), 422, "A012")["message"]
        assert get(dyad="VEN:GUY", freq="week", **span).is_success  # 7 weeks
        body = assert_error(get(dyad="VEN:GUY"), 422, "A012")  # bounds from the data
        assert "more than 10" in body["message"]
        assert get(dyad="VEN:GUY", since="2025-09-01", until="2025-09-10").is_success


def test_answers_over_the_response_limit_become_a014(demo_db: Path) -> None:
    settings = with_api(default_settings(), max_response_bytes=100_000)
    with served(demo_db, settings) as server:
        response = httpx.get(server.url + "/static/vendor/world-110m.json")
        assert_error(response, 422, "A014")
        assert httpx.get(server.url + "/api/stats").is_success


def test_an_unexpected_failure_is_a_json_500_and_the_server_goes_on(copy_db: Path) -> None:
    with served(copy_db, default_settings()) as server:
        server.app.state.tocsin.database.con.close()  # every query now fails inside DuckDB
        response = httpx.get(server.url + "/api/events")
        body = assert_error(response, 500, "A013")
        assert "ConnectionException" in body["message"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert httpx.get(server.url + "/api/health").is_success


# ---------------------------------------------------------------- what leaks
def test_fetch_errors_are_masked_for_callers_without_the_token(copy_db: Path) -> None:
    error = (
        "[I009] http://10.1.2.3:22/: network error (ConnectError: [Errno 111] Connection refused)"
    )
    article = Article(
        id="fetched", text="Talks resumed in Ostrava Nova on Monday, officials said.",
        source="feed.xml#entry1", meta={"fetch_error": error, "text_from": "feed"},
    )  # fmt: skip
    with Database(copy_db) as database:
        write_documents(database, [Document(article=article)])
    with served(copy_db, token_settings()) as server:
        anonymous = httpx.get(server.url + "/api/articles/fetched").json()
        assert anonymous["meta"]["fetch_error"] == PUBLIC_FETCH_ERROR
        assert anonymous["meta"]["text_from"] == "feed"
        owner = httpx.get(server.url + "/api/articles/fetched", headers=AUTH).json()
        assert json.loads(owner["meta"])["fetch_error"] == error


SSRF = [
    "http://127.0.0.1:8765/api/stats",
    "http://[::1]/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://169.254.169.254/latest/meta-data/iam/",
    "http://10.0.0.1/",
    "http://192.168.0.1/",
    "http://[fd00::1]/",
    "http://localhost:22/",
]


def test_submitted_urls_inside_the_network_are_refused_without_a_connection(
    copy_db: Path, socket_watch: SocketWatch
) -> None:
    with served(copy_db, token_settings(allow_local=False)) as server:
        socket_watch.allowed = {("127.0.0.1", server.port)}
        for url in SSRF:
            response = httpx.post(server.url + "/api/articles", json={"url": url}, headers=AUTH)
            body = assert_error(response, 422, "I020")
            assert "ingest.allow_hosts" in body["fix"]
    assert socket_watch.outside() == []
    with Database(copy_db, read_only=True) as database:
        assert database.query("SELECT count(*) FROM articles WHERE url LIKE 'http://1%'") == [(0,)]

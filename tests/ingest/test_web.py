"""Fetching URLs from a real local server: limits on redirects, size, type, time; errors."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from tests.ingest.util import LOCAL_SERVER, read_all
from tocsin.errors import IngestFailure
from tocsin.ingest.base import IngestOptions
from tocsin.ingest.web import Fetcher, parse_content_type


def fetch(url: str, **options: Any) -> Any:
    options.setdefault("allow_hosts", LOCAL_SERVER)
    with Fetcher(IngestOptions(**options)) as fetcher:
        return fetcher.fetch(url)


def failure(url: str, **options: Any) -> IngestFailure:
    with pytest.raises(IngestFailure) as info:
        fetch(url, **options)
    return info.value


def test_page(http_server: Any) -> None:
    payload = fetch(http_server.url("site/story1.html"))
    assert payload.content_type == "text/html"
    assert payload.charset == "utf-8"
    assert payload.name == "story1.html"
    assert b"Calder Strait" in payload.data
    assert http_server.base.encode() in payload.data  # {{BASE}} filled in by the server


def test_url_source_is_read_as_html_article(http_server: Any) -> None:
    url = http_server.url("site/story1.html")
    (article,), errors = read_all([url])
    assert not errors
    assert article.source == url
    assert article.url == url
    assert article.outlet == "Tocsin Test Wire"
    assert "joint naval patrols" in article.text


def test_redirects_are_followed_up_to_the_limit(http_server: Any) -> None:
    payload = fetch(http_server.url("redirect/3"), max_redirects=5)
    assert payload.url == http_server.url("site/story1.html")
    error = failure(http_server.url("redirect/7"), max_redirects=5)
    assert error.code == "I014"
    assert "more than 5" in error.message


def test_redirect_loop_is_i014(http_server: Any) -> None:
    assert failure(http_server.url("redirect-loop")).code == "I014"


@pytest.mark.parametrize(("status", "phrase"), [(404, "Not Found"), (500, "Internal Server")])
def test_http_errors_are_i008(http_server: Any, status: int, phrase: str) -> None:
    error = failure(http_server.url(f"status/{status}"))
    assert error.code == "I008"
    assert f"HTTP {status} {phrase}" in error.message


def test_endless_body_stops_at_the_size_cap(http_server: Any) -> None:
    started = time.monotonic()
    error = failure(http_server.url("huge"), max_bytes=2_000_000)
    assert error.code == "I010"
    assert "2000000 byte limit" in error.message
    assert time.monotonic() - started < 10


def test_declared_huge_length_is_refused_before_reading(http_server: Any) -> None:
    assert failure(http_server.url("huge-declared"), max_bytes=2_000_000).code == "I010"


@pytest.mark.parametrize(("path", "kind"), [("pdf", "application/pdf"), ("image.png", "image/png")])
def test_unreadable_content_types_are_i011(http_server: Any, path: str, kind: str) -> None:
    error = failure(http_server.url(path))
    assert error.code == "I011"
    assert f"'{kind}'" in error.message


def test_slow_server_times_out(http_server: Any) -> None:
    started = time.monotonic()
    error = failure(http_server.url("slow?seconds=3"), timeout_s=0.5)
    assert error.code == "I009"
    assert "timed out" in error.message
    assert time.monotonic() - started < 2.5


def test_dripping_body_hits_the_request_deadline(http_server: Any) -> None:
    started = time.monotonic()
    error = failure(http_server.url("drip?seconds=4"), timeout_s=1.0)
    assert error.code == "I009"
    assert "reading the body" in error.message
    assert time.monotonic() - started < 3


def test_connection_refused_is_i009() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = failure(f"http://127.0.0.1:{port}/x", timeout_s=2)
    assert error.code == "I009"
    assert "ConnectError" in error.message


def test_errors_from_url_sources_do_not_stop_the_run(http_server: Any) -> None:
    articles, errors = read_all(
        [http_server.url("status/404"), http_server.url("site/story2.html")]
    )
    assert len(articles) == 1
    assert [(e.code, e.source) for e in errors] == [("I008", http_server.url("status/404"))]


def test_charset_from_the_http_header(http_server: Any) -> None:
    (article,), _ = read_all([http_server.url("cp1251")])
    assert "Министры иностранных дел" in article.text


def test_gzip_content_encoding(http_server: Any) -> None:
    (article,), _ = read_all([http_server.url("gzip/story2.html")])
    assert "funding for a fence along the northern border" in article.text


def test_missing_content_type_is_sniffed(http_server: Any) -> None:
    (article,), _ = read_all([http_server.url("as/none/notes.txt")])
    assert article.title == "Coastal defence review published"


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="ISO-8859-1"') == ("text/html", "ISO-8859-1")
    assert parse_content_type("application/json") == ("application/json", None)
    assert parse_content_type(None) == (None, None)

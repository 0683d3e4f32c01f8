"""Writes: the token rules of POST /api/articles, and real submissions (text and URL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import TOKEN
from tocsin.api.context import ApiContext
from tocsin.config import default_settings
from tocsin.errors import StoreError

TEXT = (
    "GEORGETOWN, Nov. 3 (Test Wire) - Guyana's foreign minister met her Brazilian counterpart "
    "in Georgetown on Monday to discuss security along the border, officials said.\n\n"
    "The two ministers agreed to hold further talks next month."
)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert body["fix"]
    return body


def test_writes_are_disabled_without_a_configured_token(api: httpx.Client) -> None:
    response = api.post("/api/articles", json={"text": TEXT}, headers=AUTH)
    body = _error(response, 403, "A001")
    assert "TOCSIN_API_TOKEN" in body["fix"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
)
def test_missing_or_wrong_token_is_401(writable_api: httpx.Client, headers: dict[str, str]) -> None:
    response = writable_api.post("/api/articles", json={"text": TEXT}, headers=headers)
    _error(response, 401, "A004")
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "exactly one"),
        ({"text": TEXT, "url": "http://127.0.0.1/x"}, "exactly one"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"text": TEXT, "colour": "red"}, "colour"),
        ({"text": TEXT, "published": "yesterday"}, "published"),
        ({"text": ""}, "text"),
    ],
)
def test_invalid_submissions_are_422(
    writable_api: httpx.Client, body: dict[str, Any], named: str
) -> None:
    response = writable_api.post("/api/articles", json=body, headers=AUTH)
    assert named in _error(response, 422, "A003")["message"]


def test_submitted_text_is_analysed_and_stored_once(writable_api: httpx.Client) -> None:
    before = writable_api.get("/api/stats").json()
    assert before["writable"] is True
    body = {
        "text": TEXT,
        "title": "Ministers meet",
        "outlet": "Test Wire",
        "published": "2025-11-03",
    }
    response = writable_api.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    out = response.json()
    (article_id,) = out["article_ids"]
    assert out["added"]["articles"] == 1
    assert out["added"]["sentences"] >= 2
    assert out["skipped"] == 0
    stored = writable_api.get(f"/api/articles/{article_id}").json()
    assert stored["title"] == "Ministers meet"
    assert stored["published"] == "2025-11-03"
    assert stored["source"] == "api"
    assert "Brazilian counterpart" in stored["text"]
    after = writable_api.get("/api/stats").json()
    assert after["tables"]["articles"] == before["tables"]["articles"] + 1
    again = writable_api.post("/api/articles", json=body, headers=AUTH).json()
    assert again["skipped"] == 1
    assert again["added"] == {}


def test_text_too_short_is_an_ingest_error(writable_api: httpx.Client) -> None:
    response = writable_api.post("/api/articles", json={"text": "Too short."}, headers=AUTH)
    _error(response, 422, "I004")


def test_submitted_url_is_fetched_and_analysed(
    writable_api: httpx.Client, http_server: Any
) -> None:
    url = http_server.url("/site/story1.html")
    response = writable_api.post("/api/articles", json={"url": url}, headers=AUTH)
    assert response.status_code == 201, response.text
    (article_id,) = response.json()["article_ids"]
    article = writable_api.get(f"/api/articles/{article_id}").json()
    assert article["title"] == "Harbour states agree joint patrols after trawler clash"
    assert article["published"] == "2025-03-04"


def test_unreachable_url_is_502(writable_api: httpx.Client, http_server: Any) -> None:
    url = http_server.url("/status/404")
    response = writable_api.post("/api/articles", json={"url": url}, headers=AUTH)
    _error(response, 502, "I008")


def test_read_only_server_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        ApiContext.open(tmp_path / "missing.duckdb", default_settings())
    assert caught.value.code == "S003"

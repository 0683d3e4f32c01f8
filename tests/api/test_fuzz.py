"""Property tests of the API's parameters: whatever a caller sends to any GET endpoint
(taken from the OpenAPI schema, so new endpoints are covered as they appear), the answer
is never a 5xx, and every error is a JSON body with a catalogue code."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.api.conftest import _no_file
from tocsin.api import create_app
from tocsin.config import load_settings
from tocsin.errors import CATALOGUE

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
)  # any Unicode but lone surrogates (not encodable in a URL)
#: Values a caller might send for any parameter: plausible, boundary and hostile ones.
VALUES = st.one_of(
    _TEXT,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.sampled_from(
        ["", "0", "-1", "true", "false", "null", "RUS:UKR", "*:*", "RUS,USA", "ASSAULT",
         "9999-12-31", "0001-01-01", "2025-02-30", "1e309", "NaN", "%00", "' OR 1=1 --",
         "../../etc/passwd", "x" * 5_000, "day", "week", "pending"]
    ),
)  # fmt: skip


def _get_operations() -> list[tuple[str, list[str], list[str]]]:
    """(path, query parameter names, path parameter names) of every GET endpoint."""
    app = create_app(db="unused.duckdb", settings=load_settings(config_file=_no_file()))
    ops = []
    for path, methods in app.openapi()["paths"].items():
        if "get" not in methods:
            continue
        params = methods["get"].get("parameters", [])
        query = [p["name"] for p in params if p["in"] == "query"]
        in_path = [p["name"] for p in params if p["in"] == "path"]
        ops.append((path, query, in_path))
    return ops


OPERATIONS = _get_operations()


def check(response: httpx.Response) -> None:
    """The properties every answer has: never a 5xx; an error is a catalogue JSON body; a
    redirect (``/api/articles/%2F`` → ``/api/articles``, Starlette's trailing-slash rule)
    stays on this server; anything else is JSON, or a download in the type it declares."""
    assert response.status_code < 500, response.text
    if response.is_redirect:
        origin = f"{response.url.scheme}://{response.url.netloc.decode()}/"
        assert response.headers["location"].startswith(origin)
    elif response.status_code >= 400:
        body = response.json()
        assert body["code"] in CATALOGUE, body
        assert body["message"]
        assert body["fix"]
    elif response.headers.get("content-type", "").startswith("application/json"):
        response.json()
    else:
        assert "attachment" in response.headers["content-disposition"]
        if "charset=utf-8" in response.headers["content-type"]:
            response.content.decode("utf-8")


@pytest.mark.parametrize(("path", "query", "in_path"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_any_parameters_get_a_catalogue_answer(
    api: httpx.Client, path: str, query: list[str], in_path: list[str]
) -> None:
    @given(
        params=st.fixed_dictionaries({}, optional=dict.fromkeys(query, VALUES)),
        segments=st.fixed_dictionaries(dict.fromkeys(in_path, _TEXT.filter(bool))),
        extra=st.dictionaries(_TEXT.filter(bool), VALUES, max_size=2),
    )
    def property_(params: dict[str, Any], segments: dict[str, str], extra: dict[str, str]) -> None:
        url = path
        for name, value in segments.items():
            url = url.replace("{" + name + "}", quote(value, safe=""))
        check(api.get(url, params={**extra, **params}))

    property_()


@given(
    segments=st.lists(
        st.one_of(_TEXT, st.sampled_from(["..", "%2e%2e", ".", "static", "api", "%00"])),
        min_size=1,
        max_size=4,
    )
)
def test_any_path_gets_a_catalogue_answer_or_a_file(api: httpx.Client, segments: list[str]) -> None:
    path = "/".join(quote(s, safe="%") for s in segments)
    base = str(api.base_url).rstrip("/")
    for prefix in ("/api/", "/static/", "/"):
        response = api.get(base + prefix + path)
        assert response.status_code < 500, response.text
        if prefix == "/api/" and response.status_code >= 400:
            assert response.json()["code"] in CATALOGUE

"""Errors become JSON bodies here, at the edge: ``{"code", "message", "fix"}`` with a status.

Helpers raise ``TocsinError`` with a catalogue code (``tocsin.errors``); ``STATUS`` maps the
code to an HTTP status. Request validation failures become A003 with one entry per invalid
parameter; unknown routes become A002.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tocsin.errors import CATALOGUE, TocsinError

#: HTTP status per error code; other codes: 422 for ingest (I), 500 for the rest.
STATUS: dict[str, int] = {
    "A001": 403,
    "A002": 404,
    "A003": 422,
    "A004": 401,
    "A010": 413,
    "A011": 400,
    "A012": 422,
    "A013": 500,
    "A014": 422,
    "A015": 408,
    "M002": 422,
    # A filter naming an unknown code, a malformed date, an unknown export format or table.
    "C015": 422,
    "C016": 422,
    "S004": 422,
    "S021": 422,
    "S001": 503,
    "S010": 507,
    # The server could not fetch a submitted URL: the remote side failed, not the request.
    "I008": 502,
    "I009": 502,
    "I014": 502,
}


def status_of(code: str) -> int:
    """The HTTP status for catalogue ``code``."""
    return STATUS.get(code, 422 if code.startswith("I") else 500)


def error_response(exc: TocsinError, **extra: Any) -> JSONResponse:
    """The JSON response for ``exc`` (plus ``extra`` body fields)."""
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "A004" else None
    return JSONResponse(
        {**exc.to_dict(), **extra}, status_code=status_of(exc.code), headers=headers
    )


async def _tocsin_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TocsinError)
    return error_response(exc)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]} for e in exc.errors()]
    first = problems[0] if problems else {"loc": "request", "msg": "invalid"}
    err = TocsinError("A003", reason=f"{first['loc']}: {first['msg']}")
    return error_response(err, errors=problems)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(TocsinError("A002", what="no such endpoint"))
    err = TocsinError("A003", reason=str(exc.detail))
    return JSONResponse(err.to_dict(), status_code=exc.status_code)


#: What a caller without the token learns of a failed fetch: whether the address was
#: refused, unreachable, closed or slow would map the network behind the server.
PUBLIC_FETCH_ERROR = "[I009] the page could not be fetched"


def public_meta(meta: Any) -> Any:
    """An article's ``meta`` as shown to a caller without the token: a stored fetch error
    is reduced to ``PUBLIC_FETCH_ERROR``."""
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            return meta
    if isinstance(meta, dict) and meta.get("fetch_error"):
        return {**meta, "fetch_error": PUBLIC_FETCH_ERROR}
    return meta


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(TocsinError, _tocsin_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


def not_found(what: str) -> TocsinError:
    """An A002 error for ``what`` (e.g. ``"event abc"``)."""
    return TocsinError("A002", what=what)


def invalid(reason: str) -> TocsinError:
    """An A003 error with ``reason``."""
    return TocsinError("A003", reason=reason)


class RecordedError(TocsinError):
    """A catalogue error rebuilt from its code and final message (an ``IngestError`` read
    back from the ingest layer), so the API answers it like any other ``TocsinError``."""

    def __init__(self, code: str, message: str) -> None:
        Exception.__init__(self, f"[{code}] {message}")
        self.code = code
        self.details: dict[str, Any] = {}
        self.message = message
        template = CATALOGUE[code].fix
        # The fix may name details the recorded message no longer carries; keep it readable.
        self.fix = template if "{" not in template else template.split("{")[0].rstrip()

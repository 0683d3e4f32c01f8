"""Threats, the red-line ledger and quotes: tables other stages fill.

Their columns belong to those stages (docs/data.md), so rows are served as they are stored;
a table the database does not have yet (an older schema) gives an empty list.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query

from tocsin.api.context import Reader
from tocsin.api.errors import not_found
from tocsin.api.models import ErrorBody, Page, Row
from tocsin.api.params import ActorCode, Limit, Offset
from tocsin.query import QuoteFilter

router = APIRouter(tags=["threats and quotes"])


@router.get("/threats", response_model=Page[Row], summary="Threats (issuer → addressee)")
def list_threats(
    tdb: Reader,
    issuer: ActorCode = None,
    addressee: ActorCode = None,
    nuclear: Annotated[bool | None, Query(description="Only (non-)nuclear threats.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Threats with their condition and consequence, newest first."""
    query = functools.partial(tdb.threats, issuer=issuer, addressee=addressee, nuclear=nuclear)
    return {
        "total": len(query()),
        "limit": limit,
        "offset": offset,
        "items": query(limit=limit, offset=offset).records(),
    }


@router.get("/redlines", response_model=Page[Row], summary="The red-line ledger")
def list_redlines(
    tdb: Reader,
    issuer: ActorCode = None,
    addressee: ActorCode = None,
    crossed: Annotated[bool | None, Query(description="Only (un)crossed red lines.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Red lines (conditional threats and their restatements), most recently stated first,
    with how often each was stated and crossed (empty until the ``redlines`` finalizer has
    built the ledger)."""
    query = functools.partial(tdb.redlines, issuer=issuer, addressee=addressee, crossed=crossed)
    return {
        "total": len(query()),
        "limit": limit,
        "offset": offset,
        "items": query(limit=limit, offset=offset).records(),
    }


@router.get(
    "/redlines/{redline_id}",
    response_model=Row,
    responses={404: {"model": ErrorBody}},
    summary="One red line with its statements, crossings and consequences",
)
def get_redline(redline_id: str, tdb: Reader) -> dict[str, Any]:
    """The red line with every statement (threat), crossing and consequence (events), each
    with its sentence and article."""
    line = tdb.redline(redline_id)
    if line is None:
        raise not_found(f"red line {redline_id}")
    return line


@router.get("/quotes", response_model=Page[Row], summary="Quotations with speakers")
def list_quotes(
    tdb: Reader,
    speaker: Annotated[
        str | None,
        Query(max_length=100, description="Speaker's name, or a run of its words (any case)."),
    ] = None,
    actor: ActorCode = None,
    article: Annotated[str | None, Query(max_length=128, description="Article id.")] = None,
    kind: Annotated[
        str | None,
        Query(
            pattern=r"^(direct|partial|indirect)(,(direct|partial|indirect))*$",
            description="direct, partial or indirect (comma-separated for several).",
        ),
    ] = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quotations and attributed statements, newest articles first, then in text order."""
    where = QuoteFilter(
        speaker=speaker, actor=actor, article_id=article, kind=kind, min_confidence=min_confidence
    )
    return {
        "total": tdb.count_quotes(where),
        "limit": limit,
        "offset": offset,
        "items": tdb.quotes(where, limit=limit, offset=offset).records(),
    }

"""``/api/articles``: list, one with its text, and submission for analysis (token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.concurrency import run_in_threadpool

from tocsin.api.context import Ctx, Reader
from tocsin.api.errors import invalid, not_found, public_meta
from tocsin.api.models import Article, ArticleSummary, ErrorBody, Page, SubmitIn, SubmitOut
from tocsin.api.params import Limit, Offset

router = APIRouter(tags=["articles"])

#: Tables counted per article in the detail view.
_PER_ARTICLE = ("sentences", "mentions", "events", "quotes", "threats")


@router.get("/articles", response_model=Page[ArticleSummary], summary="List articles")
def list_articles(tdb: Reader, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles, newest first (ties by id), without their text."""
    table = tdb.articles(limit=limit, offset=offset)
    return {
        "total": tdb.db.count("articles"),
        "limit": limit,
        "offset": offset,
        "items": table.records(),
    }


@router.get(
    "/articles/{article_id}",
    response_model=Article,
    responses={404: {"model": ErrorBody}},
    summary="One article with its text",
)
def get_article(
    article_id: str,
    ctx: Ctx,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """The article with its full text and how many sentences, events, ... it holds.

    Without the token, a stored fetch error says only that the page could not be fetched.
    """
    tdb = ctx.reader
    row = tdb.article(article_id)
    if row is None:
        raise not_found(f"article {article_id}")
    counts = {
        t: int(tdb.sql(f"SELECT count(*) FROM {t} WHERE article_id = ?", [article_id]).rows[0][0])
        for t in _PER_ARTICLE
        if tdb.has_table(t)
    }
    if not ctx.authorized(authorization):
        row["meta"] = public_meta(row.get("meta"))
    return {**row, "chars": len(row["text"]), "counts": counts}


@router.post(
    "/articles",
    response_model=SubmitOut,
    status_code=201,
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        422: {"model": ErrorBody},
        502: {"model": ErrorBody},
    },
    summary="Analyse an article (text or URL); needs the API token",
)
async def submit_article(
    body: SubmitIn,
    ctx: Ctx,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Analyse ``text`` (with optional title, outlet, published) or fetch and analyse
    ``url``, store the result and run the finalizers (stories, alerts).

    Needs ``Authorization: Bearer <api.token>``: 403 (A001) when the server has no token,
    401 (A004) for a missing or wrong one. Already stored articles are not re-analysed.
    """
    ctx.check_token(authorization)
    if (body.text is None) == (body.url is None):
        raise invalid("give exactly one of 'text' or 'url'")
    from tocsin.api.submit import submit

    return await run_in_threadpool(submit, ctx, body)

"""Event dates: weekday arithmetic, absolute dates, relative chains, statement dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tocsin.enrich.dates import DateResolver, resolve_month_day, resolve_weekday
from tocsin.nlp import parse_documents, parsed_sentences
from tocsin.records import Actor, Article, Document, Event

D = dt.date


@pytest.mark.parametrize(
    ("name", "published", "expected"),
    [
        ("Monday", D(2025, 3, 17), D(2025, 3, 17)),  # the same day counts
        ("Sunday", D(2025, 3, 17), D(2025, 3, 16)),
        ("Tuesday", D(2025, 3, 17), D(2025, 3, 11)),
        ("friday", D(2024, 1, 1), D(2023, 12, 29)),  # across a year boundary
    ],
)
def test_weekday(name: str, published: dt.date, expected: dt.date) -> None:
    assert resolve_weekday(name, published) == expected


@pytest.mark.parametrize(
    ("month", "day", "published", "year", "expected"),
    [
        (5, 15, D(2025, 5, 11), None, D(2025, 5, 15)),
        (12, 30, D(2025, 1, 3), None, D(2024, 12, 30)),  # nearest, not the same year
        (1, 2, D(2024, 12, 30), None, D(2025, 1, 2)),
        (2, 30, D(2025, 2, 1), None, None),
        (3, 3, D(2025, 1, 1), 2019, D(2019, 3, 3)),
    ],
)
def test_month_day(month: int, day: int, published: dt.date, year: int | None,
                   expected: dt.date | None) -> None:  # fmt: skip
    assert resolve_month_day(month, day, published, year) == expected


def _dated(nlp: Any, text: str, published: dt.date, trigger: str, type_: str = "ASSAULT",
           source: str = "RUS") -> dt.date | None:  # fmt: skip
    doc = Document(article=Article(id="a", text=text, source="t", published=published))
    parse_documents([doc], nlp=nlp)
    (ps,) = parsed_sentences(doc)
    tok = next(t for t in ps.span if t.text == trigger)
    start = ps.offset + tok.idx
    ev = Event(
        article_id="a",
        sentence_index=0,
        type=type_,
        source=Actor(code=source),
        trigger_start=start,
        trigger_end=start + len(tok),
    )
    doc.events = [ev]
    DateResolver().resolve(doc)
    return ev.event_date


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "expected"),
    [
        ("Russian forces shelled Kharkiv on Sunday.", "shelled", "ASSAULT", D(2025, 3, 16)),
        ("Troops attacked the town on Sunday morning.", "attacked", "ASSAULT", D(2025, 3, 16)),
        ("Police detained dozens of people in raids across the country on Monday.", "detained",
         "COERCE", D(2025, 3, 17)),
        ("The army stormed the camp on Friday and arrested its leaders.", "arrested", "COERCE",
         D(2025, 3, 14)),
        ("China on Thursday began lifting its ban on seafood imports.", "lifting", "RETREAT",
         D(2025, 3, 13)),
        # an announced act takes the day of the announcement, not its start date
        ("China said on Friday it would impose a 10% tariff from April 10.", "impose", "SANCTION",
         D(2025, 3, 14)),
        # a past act only reported on a day has no date of its own
        ("Drones hit the depot overnight, the air force said on Wednesday.", "hit", "ASSAULT",
         None),
        ("Officials met in Geneva on Monday, a day after holding talks in Riyadh.", "holding",
         "CONSULT", D(2025, 3, 16)),
        ("The ministers met last week.", "met", "CONSULT", None),
        ("The navy seized the tanker on Jan. 3.", "seized", "COERCE", D(2025, 1, 3)),
        ("The strikes hit the city yesterday.", "hit", "ASSAULT", D(2025, 3, 16)),
    ],
)  # fmt: skip
def test_event_dates(
    nlp: Any, text: str, trigger: str, type_: str, expected: dt.date | None
) -> None:
    assert _dated(nlp, text, D(2025, 3, 17), trigger, type_) == expected


def test_no_publication_date_gives_no_event_date(nlp: Any) -> None:
    doc = Document(article=Article(id="a", text="Troops attacked the town on Sunday.", source="t"))
    parse_documents([doc], nlp=nlp)
    doc.events = [Event(article_id="a", sentence_index=0, type="ASSAULT", trigger_start=7)]
    DateResolver().resolve(doc)
    assert doc.events[0].event_date is None

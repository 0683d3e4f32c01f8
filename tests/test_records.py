"""Records round-trip through dicts and write the PLOVER contract."""

from __future__ import annotations

import datetime as dt

from tocsin.records import (
    Actor,
    Article,
    Condition,
    Document,
    Event,
    Quote,
    Sentence,
    Threat,
    WeaponMention,
)


def _document() -> Document:
    article = Article(
        id="a1", text="Russia struck Kyiv.", source="a.txt", published=dt.date(2025, 3, 1)
    )
    event = Event(
        article_id="a1",
        sentence_index=0,
        type="ASSAULT",
        source=Actor(code="RUS", sector="MIL", entity_text="Russian missiles"),
        target=Actor(code="UKR", sector=None, entity_text="Kyiv"),
        date=dt.date(2025, 3, 1),
        weapons=["kalibr"],
    )
    threat = Threat(
        article_id="a1",
        sentence_index=0,
        issuer=Actor(code="RUS", sector="GOV"),
        condition=Condition(type="AID", weapon_class="long-range missile"),
        condition_text="if NATO supplies missiles",
    )
    return Document(
        article=article,
        sentences=[Sentence(article_id="a1", index=0, start=0, end=19, text=article.text)],
        events=[event],
        quotes=[Quote(article_id="a1", sentence_index=0, start=0, end=5, text="x")],
        threats=[threat],
        weapons=[WeaponMention(article_id="a1", sentence_index=0, start=0, end=6, text="Kalibr")],
    )


def test_document_round_trips_through_dict() -> None:
    doc = _document()
    assert Document.from_dict(doc.to_dict()) == doc


def test_event_id_is_stable_and_depends_on_content() -> None:
    a, b = _document().events[0], _document().events[0]
    assert a.id == b.id
    other = Event(article_id="a1", sentence_index=0, type="THREATEN", source=a.source)
    assert other.id != a.id


def test_plover_record_has_contract_fields() -> None:
    rec = _document().events[0].to_plover(doc_id="x9")
    assert rec["doc_id"] == "x9"
    assert rec["actor"] == [{"code": "RUS", "sector": "MIL", "entity_text": "Russian missiles"}]
    assert rec["event"] == "ASSAULT"
    assert rec["date"] == "2025-03-01"
    expected = {
        "id", "doc_id", "date", "event_date", "actor", "event", "mode", "context", "recipient",
        "negated", "hypothetical", "nuclear", "text", "event_text", "confidence", "cameo",
    }  # fmt: skip
    assert set(rec) == expected


def test_threat_is_conditional_only_with_condition() -> None:
    threat = _document().threats[0]
    assert threat.conditional
    assert not Threat(article_id="a", sentence_index=0).conditional

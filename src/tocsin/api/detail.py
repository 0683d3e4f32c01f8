"""One event with what an analyst needs to check it: the sentence, highlighted spans, the
paragraph of its article and its corroboration counts.

Events store the trigger's article offsets; actor spans come from the sentence's stored
mentions: the mention whose text is the event's ``source_text`` (else the first resolved to
``source_code``), likewise for the target. Offsets returned are relative to the sentence.
"""

from __future__ import annotations

from typing import Any

from tocsin.query import TocsinDB


def event_detail(tdb: TocsinDB, event_id: str) -> dict[str, Any] | None:
    """The ``EventDetail`` body for ``event_id``, or None when there is no such event."""
    event = tdb.event(event_id)
    if event is None:
        return None
    sent = tdb.sentence(event["article_id"], event["sentence_idx"])
    sentence = _sentence(event, sent)
    mentions = tdb.mentions(event["article_id"], sentence_idx=event["sentence_idx"]).records()
    return {
        "event": event,
        "sentence": sentence,
        "spans": spans(event, sentence, mentions),
        "article": _article_ref(tdb, event, sent),
        "group": tdb.event_group(event_id),
    }


def _sentence(event: dict[str, Any], sent: dict[str, Any] | None) -> dict[str, Any]:
    """The stored sentence, or the event's own copy of it when sentences were not kept
    (offsets then unknown: start = end = -1, no span is placed)."""
    if sent is None:
        return {"index": event["sentence_idx"], "start": -1, "end": -1, "text": event["text"]}
    return {
        "index": sent["sentence_idx"],
        "start": sent["start_char"],
        "end": sent["end_char"],
        "text": sent["text"],
    }


def spans(
    event: dict[str, Any], sentence: dict[str, Any], mentions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Source, target and trigger spans inside the sentence, in text order.

    A span that cannot be placed inside the sentence (no mention, offsets outside it) is
    left out rather than guessed.
    """
    base, text = sentence["start"], sentence["text"]
    if base < 0:
        return []
    found: list[dict[str, Any] | None] = []
    for role in ("source", "target"):
        mention = _actor_mention(mentions, event[f"{role}_text"], event[f"{role}_code"])
        if mention is not None:
            start, end = mention["start_char"] - base, mention["end_char"] - base
            found.append(_span(role, start, end, text, event[f"{role}_code"]))
    if event.get("trigger_start") is not None and event.get("trigger_end") is not None:
        start, end = event["trigger_start"] - base, event["trigger_end"] - base
        found.append(_span("trigger", start, end, text, None))
    placed = [s for s in found if s is not None]
    return sorted(placed, key=lambda s: (s["start"], s["end"]))


def _actor_mention(
    mentions: list[dict[str, Any]], text: str | None, code: str | None
) -> dict[str, Any] | None:
    if text:
        for m in mentions:
            if m["text"] == text:
                return m
    if code:
        for m in mentions:
            if m.get("actor_code") == code:
                return m
    return None


def _span(role: str, start: int, end: int, text: str, code: str | None) -> dict[str, Any] | None:
    if not 0 <= start < end <= len(text):
        return None
    return {"role": role, "start": start, "end": end, "text": text[start:end], "actor_code": code}


def _article_ref(
    tdb: TocsinDB, event: dict[str, Any], sent: dict[str, Any] | None
) -> dict[str, Any] | None:
    article = tdb.article(event["article_id"])
    if article is None:
        return None
    text: str = article["text"]
    span = tdb.paragraph_span(article["id"], sent["paragraph"]) if sent else None
    start, end = span or (0, min(len(text), 600))
    return {
        "id": article["id"],
        "title": article["title"],
        "outlet": article["outlet"],
        "published": article["published"],
        "url": article["url"],
        "excerpt": text[start:end],
        "excerpt_start": start,
    }

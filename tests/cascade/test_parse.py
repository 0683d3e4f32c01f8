"""The parser behind the cascade: every sentence kept, only the useful ones parsed."""

from __future__ import annotations

from typing import Any

import pytest

from tocsin.config import Settings
from tocsin.pipeline import Processor
from tocsin.records import Article

TEXT = (
    "Russia launches strikes on Kyiv\n\n"
    "Russian forces fired dozens of missiles at Kyiv on Monday, Ukrainian officials said.\n\n"
    "The weather was mild, with temperatures near 12 degrees.\n\n"
    "The brewer's stock closed 2 pct higher at 104 pence.\n\n"
    "The European Union condemned the attack and promised more aid to Ukraine."
)


def article(text: str = TEXT, id_: str = "a1") -> Article:
    return Article(id=id_, text=text, source="test")


@pytest.fixture(scope="module")
def processors(settings: Settings) -> tuple[Processor, Processor]:
    off = settings.model_copy(
        update={"cascade": settings.cascade.model_copy(update={"enabled": False})}
    )
    return Processor(settings), Processor(off)


def test_every_sentence_is_kept_and_the_fluff_is_not_parsed(
    processors: tuple[Processor, Processor],
) -> None:
    on, _ = processors
    (doc,) = on.process([article()], keep_parse=True)
    texts = [s.text for s in doc.sentences]
    assert texts[0] == "Russia launches strikes on Kyiv"
    assert len(texts) == 5
    assert [s.index for s in doc.sentences] == list(range(5))
    for s in doc.sentences:
        assert TEXT[s.start : s.end] == s.text
    parsed = {s.text[:12]: s.parsed for s in doc.sentences}
    assert parsed["Russian forc"]
    assert parsed["The European"]
    assert not parsed["The brewer's"]
    assert not parsed["The weather "]
    assert [ps.sentence for ps in doc.spacy_doc] == [s for s in doc.sentences if s.parsed]


def test_the_events_of_the_parsed_sentences_are_those_of_a_full_parse(
    processors: tuple[Processor, Processor],
) -> None:
    on, off = processors
    (with_cascade,) = on.process([article()])
    (full,) = off.process([article()])

    def keys(doc: Any) -> set[tuple[Any, ...]]:
        return {
            (doc.sentence(e.sentence_index).text, e.type, e.source and e.source.code,
             e.target and e.target.code, e.trigger_start)
            for e in doc.events
        }  # fmt: skip

    assert keys(full)
    assert keys(with_cascade) == keys(full)
    assert all(s.parsed for s in full.sentences)


def test_copies_of_a_story_are_parsed_once_and_each_keeps_its_events(
    processors: tuple[Processor, Processor],
) -> None:
    on, _ = processors
    (first,) = on.process([article(id_="a2")])
    misses, hits = on.cache.misses, on.cache.hits
    (copy,) = on.process([article(id_="a3")])
    assert on.cache.misses == misses  # nothing parsed again
    assert on.cache.hits > hits
    assert [(e.type, e.trigger_start) for e in copy.events] == [
        (e.type, e.trigger_start) for e in first.events
    ]
    assert {e.article_id for e in copy.events} == {"a3"}
    assert not {e.id for e in copy.events} & {e.id for e in first.events}


def test_a_statement_reported_of_a_named_actor_is_parsed(
    processors: tuple[Processor, Processor],
) -> None:
    on, _ = processors
    text = (
        "The weather was mild on Tuesday.\n\n"
        "Ghana's finance minister said the budget would be ready in May.\n\n"
        "The budget would be ready in May, a clerk said."
    )
    (doc,) = on.process([article(text, "q2")])
    assert [s.parsed for s in doc.sentences] == [False, True, False]
    assert [q.kind for q in doc.quotes] == ["indirect"]


def test_a_quotation_with_its_speaker_is_parsed_without_an_event_word(
    processors: tuple[Processor, Processor],
) -> None:
    on, _ = processors
    quoted = '"It is a sad day for all of us," Putin said.'
    bare = "It was a sad day for all of them, a neighbour said."
    text = f"The weather was mild on Tuesday.\n\n{quoted}\n\n{bare}"
    (doc,) = on.process([article(text, "q1")])
    assert [s.parsed for s in doc.sentences] == [False, True, False]
    assert [q.text for q in doc.quotes if q.kind == "direct"] == ["It is a sad day for all of us"]


def test_a_subclass_picks_the_sentences_by_their_text(settings: Settings) -> None:
    from tocsin.cascade import Cascade

    class ByText(Cascade):
        def pick(self, segment: str, sketch: Any, position: int) -> bool:
            return "weather" in segment[sketch.start : sketch.end]

    proc = Processor(settings)
    base = proc.cascade
    assert base is not None
    proc.cascade = ByText(base.sketcher, base.model, threshold=base.threshold)
    (doc,) = proc.process([article(id_="p1")])
    assert [s.text[:11] for s in doc.sentences if s.parsed] == ["The weather"]

"""Page furniture: captions, headline strips and repeated blocks, and the dates they give.

Sentences are the team's own, shaped like the scraped pages that misled the monitor
(issue 9): credits glued between tab runs, "Also read:" teasers, sidebars repeated down a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tocsin.enrich.blocks import furniture, kind_at, load_rules, parse_rules
from tocsin.enrich.dates import DateResolver
from tocsin.errors import DataFileError
from tocsin.nlp import parse_documents
from tocsin.records import Actor, Article, Document, Event

PUBLISHED = dt.date(2025, 8, 18)


def _doc(nlp: Any, text: str) -> Document:
    doc = Document(article=Article(id="a", text=text, source="t", published=PUBLISHED))
    parse_documents([doc], nlp=nlp)
    return doc


def _kind_of(nlp: Any, text: str, word: str) -> str | None:
    doc = _doc(nlp, text)
    return kind_at(furniture(doc), text.index(word))


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        # a credit line: the caption runs from the segment start to the credit
        ("Farmers block a highway near Ambala on Sunday | Photo Credit: PTI", "block", "caption"),
        ("Police detain protesters in Lahore on January 8, 2020 | Photo: Reuters", "detain",
         "caption"),
        # glued between tab runs to the lead: only the caption part is furniture
        (("Get our app\t\t\tTroops shell border posts in Kurram on Sunday\t\t| Photo Credit: AP"
         "\t\t\tThe opposition demanded early elections on Monday."), "shell", "caption"),
        (("Get our app\t\t\tTroops shell border posts in Kurram on Sunday\t\t| Photo Credit: AP"
         "\t\t\tThe opposition demanded early elections on Monday."), "demanded", None),
        # a caption without a credit: a present-tense act with a date of its own
        ("The army chief addresses troops in Rawalpindi on March 14, 2019.", "addresses",
         "caption"),
        # strips of other articles' headlines
        ("Markets were calm. Also read: Russia shells Kharkiv again; China fires missiles",
         "shells", "strip"),
        ("Explore More Stories Israel strikes port in Yemen Sudan army retakes airport",
         "strikes", "strip"),
        # the article's own report
        ("Russia shelled Kharkiv on Monday, killing three people, officials said.", "shelled",
         None),
        ("Russia says it will respond to the sanctions on Monday.", "says", None),
        ("Israel strikes Gaza as talks stall.", "strikes", None),
    ],
)  # fmt: skip
def test_furniture_kinds(nlp: Any, text: str, word: str, kind: str | None) -> None:
    assert _kind_of(nlp, text, word) == kind


def test_a_run_of_headlines_is_a_strip(nlp: Any) -> None:
    text = (
        "Minister unveils new rail plan Delhi biker falls into pit RBI raises inflation "
        "forecast Leader shot dead outside temple Court rejects bail plea PM accuses Congress "
        "of lies"
    )
    assert _kind_of(nlp, text, "raises") == "strip"


def test_a_sentence_repeated_three_times_is_a_repeated_block(nlp: Any) -> None:
    # the refrain closes paragraphs that differ (a whole paragraph carried three times is
    # left out before parsing: tests/shape)
    side = "Hezbollah fighters attacked Israeli troops near the border, sources said."
    twice = f"The port reopened on Tuesday. {side}\n\nShips came back. {side}"
    thrice = f"{twice}\n\nTrade resumed. {side}"
    assert _kind_of(nlp, twice, "attacked") is None  # counts once, but stays the article's
    doc = _doc(nlp, thrice)
    parts = furniture(doc)
    starts = [i for i in range(len(thrice)) if thrice.startswith("attacked", i)]
    assert [kind_at(parts, i) for i in starts] == ["repeated"] * 3


def _event(doc: Document, word: str) -> Event:
    start = doc.article.text.index(word)
    return Event(
        article_id="a", sentence_index=0, type="ASSAULT", source=Actor(code="PAK"),
        target=Actor(code="IND"), trigger_start=start, trigger_end=start + len(word),
    )  # fmt: skip


def test_date_source_and_no_caption_date_for_the_body(nlp: Any) -> None:
    text = (
        "Troops shell border posts in Kurram on March 1, 2019 | Photo Credit: AP\t\t\t"
        "Pakistani troops shelled Indian posts, the army said."
    )
    doc = _doc(nlp, text)
    caption, body = _event(doc, "shell "), _event(doc, "shelled")
    doc.events = [caption, body]
    DateResolver().resolve(doc)
    assert (caption.date_source, caption.event_date) == ("caption", dt.date(2019, 3, 1))
    assert (body.date_source, body.event_date) == ("published", None)


def test_body_dates_are_text(nlp: Any) -> None:
    doc = _doc(nlp, "Pakistani troops shelled Indian posts on Sunday, the army said.")
    ev = _event(doc, "shelled")
    doc.events = [ev]
    DateResolver().resolve(doc)
    assert (ev.date_source, ev.event_date) == ("text", dt.date(2025, 8, 17))


def test_rules_file_is_validated() -> None:
    assert "photo credit" in load_rules().caption_cues
    with pytest.raises(DataFileError, match="strip_cues"):
        parse_rules("bad.yaml", "caption_cues: [photo]\nstrip_cues: read more\n")
    with pytest.raises(DataFileError, match="repeated_block_min"):
        parse_rules(
            "bad.yaml",
            "caption_cues: [photo]\nstrip_cues: [read more]\nrepeated_block_min: 0\n",
        )

"""Event dates: resolve the date expression that fixes the day of each event.

Rules (shared/eval/README.md §1.4 "Dates"):

- only an expression attached to the event's own clause fixes its day ("proposed talks on
  Sunday for May 15": the proposal is dated Sunday, not May 15);
- weekday names resolve to the most recent such day on or before the publication date;
  "today", "yesterday", "a day after/earlier" are relative; "on Jan. 1" is absolute and takes
  the publication year (the nearest such date);
- a speech act, or an act announced in a dated statement ("said on Monday it would impose"),
  takes the date of the statement; a past act that is only *reported* on a date gets none;
- week-level expressions ("last week", "this month", "overnight") give no day;
- page furniture (``enrich/blocks.py``: photo captions, headline strips, repeated blocks)
  dates nothing in the body ("... on March 14, 2019 | Photo Credit: ..." glued to a lead
  sentence), and each event records where its date came from (``Event.date_source``:
  ``text``, ``published``, or the furniture kind it sits in).

The year is never taken from a date parser's guess: absolute dates without a year are placed
within six months of the publication date, which avoids the wrong-year picks seen with
``dateparser`` defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from tocsin.config import Settings
from tocsin.enrich.blocks import Furniture, furniture, kind_at
from tocsin.events import syntax
from tocsin.events.context import analyse, load_frames
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Document, Event

Token = Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I
)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
#: "March 1, 2019" at the start of a window: a month, a day and a year of its own.
_YEAR_AFTER = re.compile(rf"({_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I)
#: Speech-act types: their event is the statement, so the statement's date is theirs.
SPEECH_TYPES = frozenset({"THREATEN", "REQUEST", "ACCUSE", "REJECT", "AGREE", "CONCEDE"})
#: Links along which a clause without a date of its own shares its governor's day:
#: "began lifting" (xcomp), "stormed ... and arrested" (conj), "..., killing 17" (participle).
_INHERIT = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj"})
#: Dependencies a date phrase climbs through to reach the clause it modifies.
_MODIFIER_DEPS = frozenset(
    {"pobj", "npadvmod", "tmod", "prep", "nmod", "compound", "nummod", "amod", "advmod",
     "appos", "det", "quantmod", "conj", "cc"}
)  # fmt: skip
_SHIFT = {"after": 1, "later": 1, "before": -1, "earlier": -1}
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A day-fixing expression in a sentence and the clause verb it attaches to."""

    date: dt.date
    verb: Token  # the clause head it modifies
    relative_to: Token | None = None  # "a day after X": the verb X whose day it shifts
    shift: int = 0
    token: Token | None = None  # the word that names the day


def resolve_weekday(name: str, published: dt.date) -> dt.date:
    """The most recent ``name`` day on or before ``published``."""
    back = (published.weekday() - WEEKDAYS.index(name.lower())) % 7
    return published - dt.timedelta(days=back)


def resolve_month_day(
    month: int, day: int, published: dt.date, year: int | None = None
) -> dt.date | None:
    """``month``/``day`` in ``year``, else in the year that puts it nearest ``published``."""
    if year is not None:
        return _safe_date(year, month, day)
    best = None
    for y in (published.year - 1, published.year, published.year + 1):
        cand = _safe_date(y, month, day)
        if cand is not None and (
            best is None or abs((cand - published).days) < abs((best - published).days)
        ):
            best = cand
    return best


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _absolute(text: str, published: dt.date) -> dt.date | None:
    if m := _ISO.search(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY.search(text):
        return resolve_month_day(
            MONTHS[m[1].lower()], int(m[2]), published, int(m[3]) if m[3] else None
        )
    if m := _DAY_MONTH.search(text):
        return resolve_month_day(
            MONTHS[m[2].lower()], int(m[1]), published, int(m[3]) if m[3] else None
        )
    return None


def _clause_verb(tok: Token) -> Token:
    """The finite verb (or nominal trigger) a date modifier hangs from.

    A participle inside a noun phrase ("a boat carrying drugs on Tuesday", "nationals
    convicted of crimes to Afghanistan on Friday") passes the date to the clause above it.
    """
    current = tok
    for _ in range(14):
        head = current.head
        nonfinite_np = current.dep_ == "acl" and current.tag_ in ("VBG", "VBN")
        if head.i == current.i or (current.pos_ in ("VERB", "AUX") and not nonfinite_np):
            return current
        if nonfinite_np:
            current = head
            continue
        if current.dep_ in _MODIFIER_DEPS:
            current = head
            continue
        return head
    return current


def _shift_of(tok: Token) -> tuple[int, Token | None]:
    """ "a day after X-ing", "two days earlier": (days, the verb X it is relative to)."""
    count = next((_COUNT.get(c.lower_, 0) for c in tok.children if c.dep_ in ("det", "nummod")), 1)
    for c in (*tok.children, tok.head):
        word = c.lower_
        if word in _SHIFT:
            target = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
            return _SHIFT[word] * count, target
    return 0, None


def date_mentions(span: Any, published: dt.date) -> Iterator[DateMention]:
    """Day-fixing expressions in ``span`` with the clause each attaches to."""
    for tok in span:
        low = tok.lower_
        if low in WEEKDAYS:
            yield DateMention(resolve_weekday(low, published), _clause_verb(tok), token=tok)
        elif low in {"today", "tonight"}:
            yield DateMention(published, _clause_verb(tok), token=tok)
        elif low == "yesterday":
            yield DateMention(published - dt.timedelta(days=1), _clause_verb(tok), token=tok)
        elif low in ("day", "days") and tok.dep_ in ("npadvmod", "pobj", "nsubj", "dobj"):
            shift, rel = _shift_of(tok)
            if shift:
                yield DateMention(
                    published, _clause_verb(tok), relative_to=rel, shift=shift, token=tok
                )
        elif low.rstrip(".") in MONTHS and tok.pos_ in ("PROPN", "NOUN"):
            text = " ".join(t.text for t in tok.subtree) if tok.n_lefts + tok.n_rights else ""
            window = tok.doc[tok.i : min(tok.i + 4, len(tok.doc))].text
            # "on March 1, 2019": the year may hang outside the month's subtree
            with_year = _absolute(window, published) if _YEAR_AFTER.match(window) else None
            found = (
                with_year or _absolute(text or window, published) or _absolute(window, published)
            )
            if found is not None:
                yield DateMention(found, _clause_verb(tok), token=tok)


class DateResolver:
    """Assigns ``event_date`` to the events of a parsed document."""

    def __init__(self) -> None:
        self.frames = load_frames()

    def resolve(self, doc: Document, parts: list[Furniture] | None = None) -> None:
        """Set ``event_date`` on ``doc.events`` where a sentence fixes the day, and each
        event's ``date_source``. ``parts``: the document's furniture (found when None)."""
        if not doc.events:
            return
        parts = furniture(doc) if parts is None else parts
        published = doc.article.published
        if published is not None:
            by_sentence: dict[int, list[Event]] = {}
            for ev in doc.events:
                by_sentence.setdefault(ev.sentence_index, []).append(ev)
            for ps in parsed_sentences(doc):
                events = by_sentence.get(ps.sentence.index)
                if events:
                    self._sentence(ps, events, published, doc, parts)
        for ev in doc.events:
            ev.date_source = date_source(ev, parts, published)

    def _sentence(
        self,
        ps: ParsedSentence,
        events: list[Event],
        published: dt.date,
        doc: Document,
        parts: list[Furniture],
    ) -> None:
        mentions = list(date_mentions(ps.span, published))
        if not mentions:
            return
        for ev in events:
            trigger = ps.token_at(ev.trigger_start)
            if trigger is None:
                continue
            # a date inside a caption or strip dates only what is in that same part
            where = kind_at(parts, ev.trigger_start)
            own = [m for m in mentions if _part_of(m, ps, parts) == where]
            ev.event_date = self._date_for(trigger, ev, own, doc, ps) if own else None

    def _date_for(self, trigger: Token, ev: Event, mentions: list[DateMention],
                  doc: Document, ps: ParsedSentence) -> dt.date | None:  # fmt: skip
        verb = syntax.clause_of(trigger)
        own = self._inherited(verb, trigger, mentions)
        ctx = analyse(verb, self.frames)
        speech = ctx.report or ctx.threat or ctx.promise or ctx.refuse or ctx.deny or ctx.command
        if speech is None or speech.i == verb.i:
            return own
        announced = ctx.future or ctx.possible or ctx.hypothetical
        statement_dated = ev.type in SPEECH_TYPES or announced or ctx.deny is not None
        if not statement_dated or not _speaker_is_source(speech, ev, doc, ps):
            return own
        said = self._inherited(speech, speech, mentions)
        if said is not None and (own is None or announced):
            return said  # "said on Friday it would impose ... from April 10": the statement's day
        return own

    def _inherited(
        self, verb: Token, trigger: Token, mentions: list[DateMention]
    ) -> dt.date | None:
        """The clause's own date, else the date of the clause it is chained to."""
        current, anchor = verb, trigger
        for _ in range(5):
            found = self._attached(current, anchor, mentions)
            if found is not None or current.dep_ not in _INHERIT or current.head.i == current.i:
                return found
            if current.dep_ == "advcl" and syntax.child(current, "mark") is not None:
                return None  # "after the country held an election": its own time
            current = anchor = current.head
        return None

    def _attached(self, verb: Token, trigger: Token, mentions: list[DateMention]) -> dt.date | None:
        for m in mentions:
            if m.verb.i in (verb.i, trigger.i):
                if m.shift:
                    base = self._base_date(m, mentions)
                    return base + dt.timedelta(days=m.shift) if base else None
                return m.date
            if m.shift and m.relative_to is not None and _governs(m.relative_to, verb):
                # "a day after holding talks": the talks are a day before the main clause
                base = self._base_date(m, mentions)
                return base - dt.timedelta(days=m.shift) if base else None
        return None

    @staticmethod
    def _base_date(shifted: DateMention, mentions: list[DateMention]) -> dt.date | None:
        """The date of the clause a relative expression is anchored to."""
        anchor = shifted.verb
        for m in mentions:
            if not m.shift and (
                m.verb.i == anchor.i or _governs(m.verb, anchor) or _governs(anchor, m.verb)
            ):
                return m.date
        plain = [m for m in mentions if not m.shift]
        return plain[0].date if len(plain) == 1 else None


def _part_of(mention: DateMention, ps: ParsedSentence, parts: list[Furniture]) -> str | None:
    """The furniture kind the date expression sits in (None: the body)."""
    if mention.token is None:
        return None
    return kind_at(parts, ps.offset + mention.token.idx)


def date_source(ev: Event, parts: list[Furniture], published: dt.date | None) -> str | None:
    """Where the event's date comes from: ``text`` (the body fixes the day), ``published``
    (the article's date stands), or ``caption``/``strip``/``repeated`` when the event sits in
    page furniture (its date is the picture's or another article's). None when undated."""
    kind = kind_at(parts, ev.trigger_start)
    if kind is not None:
        return kind
    if ev.event_date is not None:
        return "text"
    return "published" if published is not None else None


def _speaker_is_source(speech: Token, ev: Event, doc: Document, ps: ParsedSentence) -> bool:
    """The statement's speaker is the event's actor ("China said it would impose")."""
    subj = syntax.subject(speech)
    if subj is None or ev.source is None:
        return False
    start = ps.offset + subj.left_edge.idx
    end = ps.offset + subj.right_edge.idx + len(subj.right_edge.text)
    codes = {
        m.actor.code for m in doc.mentions
        if m.actor is not None and m.sentence_index == ps.sentence.index
        and start <= m.start < end
    }  # fmt: skip
    return not codes or ev.source.code in codes


def _governs(top: Token, tok: Token) -> bool:
    """True when ``tok`` lies in the subtree of ``top``."""
    return top.left_edge.i <= tok.i <= top.right_edge.i and any(
        a.i == top.i for a in (tok, *tok.ancestors)
    )


class DateStage:
    """Pipeline stage: event dates from the parse and the publication date."""

    name: ClassVar[str] = "dates"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "events")
    assigns: ClassVar[tuple[str, ...]] = ("events",)  # event_date, date_source

    def __init__(self) -> None:
        self.resolver = DateResolver()

    @classmethod
    def from_settings(cls, settings: Settings) -> DateStage:
        """Build the stage (no settings needed)."""
        del settings
        return cls()

    def __call__(self, doc: Document) -> Document:
        """Set ``event_date`` and ``date_source`` on the document's events."""
        self.resolver.resolve(doc)
        return doc

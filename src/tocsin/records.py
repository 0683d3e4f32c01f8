"""The typed records that pass between tocsin's stages, and their serialisation.

The flow is ``Article`` → ``Document`` (the article plus its ``Sentence``s, ``Mention``s,
``Event``s, ``Quote``s, ``Threat``s and ``WeaponMention``s) → the store. Every stage takes and
returns a ``Document``; nothing passes tuples or loose dicts.

``Event.to_plover()`` writes the PLOVER JSON contract of ``tocsin extract`` (see
docs/data.md): ``actor`` and ``recipient`` are lists of ``{"code", "sector", "entity_text"}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

#: The 16 PLOVER 2.0 event types, in the manual's order.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: PLOVER quad classes: 1 verbal cooperation, 2 material cooperation,
#: 3 verbal conflict, 4 material conflict (the event chapter of the manual).
QUAD_CLASS: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: Types whose two parties are interchangeable when no host/visitor is stated.
SYMMETRIC_TYPES: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def stable_id(*parts: object, length: int = 16) -> str:
    """Return a short, stable hex id from ``parts`` (same parts → same id, across runs)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()[:length]


class Record:
    """Mixin: dict (de)serialisation for the dataclass records below.

    Dates become ISO strings, nested records become dicts; ``from_dict`` reverses both and
    ignores unknown keys so that files written by newer versions still load.
    """

    _nested: ClassVar[dict[str, type[Record]]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this record."""
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build a record from ``to_dict`` output (unknown keys are ignored)."""
        hints = typing.get_type_hints(cls)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _load(data[f.name], hints[f.name])
        return cls(**kwargs)


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _load(value: Any, hint: Any) -> Any:  # noqa: PLR0911 - one return per type case
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load(value, args[0]) if len(args) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_load(v, inner) for v in value]
    if isinstance(hint, type):
        if issubclass(hint, Record) and isinstance(value, dict):
            return hint.from_dict(value)
        if hint is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
        if hint is dt.datetime and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
    return value


@dataclass(slots=True, kw_only=True)
class Article(Record):
    """One news article as ingested: text plus provenance.

    ``id`` is a stable hash of the canonical URL when there is one, else of the normalised
    text (see ``tocsin.ingest.ids``), so re-ingesting the same article gives the same id.
    ``source`` says where it was read: a path, ``path#L12`` for a JSONL line, a URL, ``-``.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str = "en"
    content_hash: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Actor(Record):
    """A resolved actor: a code (ISO-3, IGO or NONSTATE), a sector, and the words it came from.

    ``name`` is the canonical name of a resolved person or group ("Vladimir Putin"),
    ``kind`` one of ``country``, ``igo``, ``person``, ``group``, ``agent``.
    """

    code: str | None
    sector: str | None = None
    entity_text: str | None = None
    name: str | None = None
    kind: str | None = None
    confidence: float = 1.0

    def to_plover(self) -> dict[str, Any]:
        """The ``{"code", "sector", "entity_text"}`` form of the PLOVER JSON contract."""
        out: dict[str, Any] = {
            "code": self.code,
            "sector": self.sector,
            "entity_text": self.entity_text,
        }
        if self.code == "NONSTATE" and self.name:
            out["name"] = self.name
        return out


@dataclass(slots=True, kw_only=True)
class Sentence(Record):
    """One sentence of an article; ``start``/``end`` are character offsets in ``Article.text``.

    ``parsed`` is False for a sentence the cascade (``tocsin.cascade``) did not send to the
    parser: it is stored, but no stage read it.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    kind: str = "body"  # "headline" or "body": where in the article it stands
    parsed: bool = True


@dataclass(slots=True, kw_only=True)
class Mention(Record):
    """A span naming an actor (or a candidate): offsets in the article, label, resolution."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None


@dataclass(slots=True, kw_only=True)
class WeaponMention(Record):
    """A weapon system or weapon class named in a sentence, with any stated range.

    ``system`` is the id in the weapons data file (None for a bare class such as
    "long-range missiles"); ``range_flag`` is set when the stated range differs from the
    reference range by more than the configured tolerance (30 % by default).
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    system: str | None = None
    name: str | None = None
    category: str | None = None
    weapon_class: str | None = None
    origin: str | None = None
    reference_range_km: float | None = None
    stated_range_km: float | None = None
    stated_range_text: str | None = None
    range_flag: bool = False
    nuclear_capable: bool = False


@dataclass(slots=True, kw_only=True)
class Event(Record):
    """One PLOVER event: who did what to whom, with its flags, date and the text it came from.

    Compound actors are expanded, so ``source`` and ``target`` each hold one actor;
    ``to_plover()`` wraps them in the contract's lists. ``trigger_start``/``trigger_end``
    are character offsets of the trigger in the article text.
    """

    id: str = ""
    article_id: str
    sentence_index: int
    type: str
    source: Actor | None = None
    target: Actor | None = None
    mode: str | None = None
    context: str | None = None
    negated: bool = False
    hypothetical: bool = False
    nuclear: bool = False
    date: dt.date | None = None
    event_date: dt.date | None = None
    text: str = ""
    event_text: str = ""
    trigger_start: int | None = None
    trigger_end: int | None = None
    confidence: float = 0.5
    cameo: str | None = None
    intensity: float | None = None
    goldstein: float | None = None
    place: str | None = None
    weapons: list[str] = field(default_factory=list)
    rule: str | None = None
    #: Where the event's date comes from: ``text`` (the body fixes the day), ``published``
    #: (the article's date), or ``caption``/``strip``/``repeated`` (page furniture:
    #: ``tocsin.enrich.blocks``); set by the dates stage.
    date_source: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_id(
                self.article_id,
                self.sentence_index,
                self.trigger_start,
                self.type,
                self.source.code if self.source else None,
                self.source.sector if self.source else None,
                self.target.code if self.target else None,
                self.target.sector if self.target else None,
            )

    @property
    def quad_class(self) -> int:
        """PLOVER quad class 1–4 of this event's type."""
        return QUAD_CLASS[self.type]

    def to_plover(self, *, doc_id: str | None = None) -> dict[str, Any]:
        """Return the PLOVER JSON record of the ``tocsin extract`` contract."""
        return {
            "id": self.id,
            "doc_id": doc_id if doc_id is not None else self.article_id,
            "date": _dump(self.date),
            "event_date": _dump(self.event_date),
            "actor": [self.source.to_plover()] if self.source else [],
            "event": self.type,
            "mode": self.mode,
            "context": self.context,
            "recipient": [self.target.to_plover()] if self.target else [],
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "nuclear": self.nuclear,
            "text": self.text,
            "event_text": self.event_text,
            "confidence": round(self.confidence, 3),
            "cameo": self.cameo,
        }


@dataclass(slots=True, kw_only=True)
class Quote(Record):
    """A quotation or attributed statement with its speaker.

    ``kind`` is ``direct`` (in quotation marks), ``partial`` (a quoted fragment inside
    reported speech) or ``indirect`` (an attributed statement without quotation marks).
    """

    id: str = ""
    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    kind: str = "direct"
    speaker: str | None = None
    speaker_actor: Actor | None = None
    cue: str | None = None
    confidence: float = 0.5

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_id("quote", self.article_id, self.start, self.end)


@dataclass(slots=True, kw_only=True)
class Condition(Record):
    """The structured condition of a threat: who would do what to whom, with what.

    ``polarity`` is ``if`` when doing the act crosses the line ("if NATO supplies missiles")
    and ``unless`` when the act is what averts the consequence ("unless US forces withdraw",
    "if Iran does not comply"): doing it is compliance, not a crossing.
    """

    actor: Actor | None = None
    type: str | None = None
    mode: str | None = None
    target: Actor | None = None
    weapon_class: str | None = None
    weapon_systems: list[str] = field(default_factory=list)
    text: str = ""
    polarity: str = "if"


@dataclass(slots=True, kw_only=True)
class Threat(Record):
    """A threat: issuer → addressee, with condition → consequence when the text states them.

    ``threat_key`` links restatements of one threat within and across articles (same issuer,
    addressee and condition); ``event_id`` points at the THREATEN event it belongs to.
    """

    id: str = ""
    article_id: str
    sentence_index: int
    event_id: str | None = None
    issuer: Actor | None = None
    addressee: Actor | None = None
    condition_text: str | None = None
    condition_start: int | None = None
    condition_end: int | None = None
    condition: Condition | None = None
    consequence_text: str | None = None
    consequence_start: int | None = None
    consequence_end: int | None = None
    consequence_type: str | None = None
    consequence_mode: str | None = None
    nuclear: bool = False
    framing: list[str] = field(default_factory=list)
    text: str = ""
    date: dt.date | None = None
    threat_key: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_id("threat", self.article_id, self.sentence_index, self.event_id)

    @property
    def conditional(self) -> bool:
        """True when the threat states a condition (and so draws a red line)."""
        return bool(self.condition_text)


@dataclass(slots=True, kw_only=True)
class IngestError(Record):
    """A source or record that could not be read, with the catalogue code and the reason."""

    source: str
    code: str
    message: str
    record: str | None = None


@dataclass(slots=True, kw_only=True)
class Alert(Record):
    """An alert raised by a monitoring rule, with the evidence behind it.

    ``reason`` says why it fired (the evidence in words), ``confidence`` how sure it is
    (0..1, from its events' confidence and independent sources), ``sources`` how many
    independent sources carry it and ``quoted`` whether a direct quotation does.
    """

    id: str = ""
    rule: str
    severity: str
    date: dt.date | None
    message: str
    source: str | None = None
    target: str | None = None
    value: float | None = None
    evidence: list[str] = field(default_factory=list)
    reason: str = ""
    confidence: float | None = None
    sources: int | None = None
    quoted: bool = False

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_id("alert", self.rule, self.source, self.target, self.date)


@dataclass(frozen=True, slots=True)
class Signature:
    """An article's MinHash signature (``tocsin.minhash``), computed where the article is
    analysed so that the ``stories`` finalizer, run by the one writer, need not hash it."""

    scheme: str  # comparable signatures only: scheme/permutations/shingle words/seed
    values: bytes  # num_perm little-endian uint64 hash values
    band_layout: str  # "bands x rows" of the LSH index ...
    band_keys: tuple[int, ...]  # ... and one 64-bit key per band


@dataclass(slots=True, kw_only=True)
class Document(Record):
    """An article with everything the stages found in it; the one record between stages.

    ``spacy_doc`` holds the parsed spaCy ``Doc`` while the document is in one process; it
    is never serialised (stages after the NLP stage in another process re-parse nothing:
    they run in the same worker).
    """

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    dateline: str | None = None  # the story's wire dateline ("BAGHDAD (Reuters) -"), if any
    signature: Signature | None = None  # set when the ``stories`` finalizer will need it
    spacy_doc: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; the spaCy ``Doc`` and the signature are left out."""
        out = Record.to_dict(self)
        out.pop("spacy_doc", None)
        out.pop("signature", None)
        return out

    def sentence(self, index: int) -> Sentence:
        """Return the sentence with ``index`` (raises ``IndexError`` when absent)."""
        sent = self.sentences[index]
        if sent.index != index:  # sentences are kept in order; this guards against misuse
            raise IndexError(index)
        return sent

"""Turn ``Document`` records into table rows and insert them idempotently.

Rows are collected per table as Arrow columns and inserted with one
``INSERT OR IGNORE ... SELECT`` per table and batch: primary keys make a re-run add nothing,
and Arrow keeps bulk inserts fast (DuckDB's row-by-row ``executemany`` is ~100x slower).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tocsin.records import (
    Actor,
    Document,
    Event,
    IngestError,
    Mention,
    Quote,
    Sentence,
    Signature,
    Threat,
    WeaponMention,
)
from tocsin.store.database import Database

_S, _I, _F, _B, _D = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
_LS = pa.list_(pa.string())

#: Column name → Arrow type, per table, in the order rows are built below.
COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [
        ("id", _S), ("title", _S), ("text", _S), ("url", _S), ("outlet", _S),
        ("published", _D), ("source", _S), ("language", _S), ("content_hash", _S),
        ("story_id", _S), ("meta", _S),
    ],
    "sentences": [
        ("article_id", _S), ("sentence_idx", _I), ("paragraph", _I), ("start_char", _I),
        ("end_char", _I), ("text", _S), ("kind", _S), ("parsed", _B),
    ],
    "mentions": [
        ("article_id", _S), ("sentence_idx", _I), ("start_char", _I), ("end_char", _I),
        ("text", _S), ("label", _S), ("actor_code", _S), ("actor_sector", _S),
        ("actor_name", _S), ("actor_kind", _S),
    ],
    "events": [
        ("id", _S), ("article_id", _S), ("sentence_idx", _I), ("date", _D), ("event_date", _D),
        ("source_code", _S), ("source_sector", _S), ("source_text", _S), ("source_name", _S),
        ("target_code", _S), ("target_sector", _S), ("target_text", _S), ("target_name", _S),
        ("type", _S), ("mode", _S), ("context", _S), ("quad_class", pa.int8()),
        ("negated", _B), ("hypothetical", _B), ("nuclear", _B), ("text", _S),
        ("event_text", _S), ("trigger_start", _I), ("trigger_end", _I), ("confidence", _F),
        ("cameo", _S), ("intensity", _F), ("goldstein", _F), ("place", _S), ("weapons", _LS),
        ("rule", _S), ("date_source", _S),
    ],
    "quotes": [
        ("id", _S), ("article_id", _S), ("sentence_idx", _I), ("start_char", _I),
        ("end_char", _I), ("text", _S), ("kind", _S), ("speaker", _S), ("speaker_code", _S),
        ("speaker_sector", _S), ("speaker_name", _S), ("cue", _S), ("confidence", _F),
    ],
    "threats": [
        ("id", _S), ("article_id", _S), ("sentence_idx", _I), ("event_id", _S),
        ("issuer_code", _S), ("issuer_sector", _S), ("issuer_text", _S),
        ("addressee_code", _S), ("addressee_sector", _S), ("addressee_text", _S),
        ("condition_text", _S), ("condition_start", _I), ("condition_end", _I),
        ("condition", _S), ("consequence_text", _S), ("consequence_start", _I),
        ("consequence_end", _I), ("consequence_type", _S), ("consequence_mode", _S),
        ("nuclear", _B), ("framing", _LS), ("text", _S), ("date", _D), ("threat_key", _S),
    ],
    "weapon_mentions": [
        ("article_id", _S), ("sentence_idx", _I), ("start_char", _I), ("end_char", _I),
        ("text", _S), ("system", _S), ("name", _S), ("category", _S), ("weapon_class", _S),
        ("origin", _S), ("reference_range_km", _F), ("stated_range_km", _F),
        ("stated_range_text", _S), ("range_flag", _B), ("nuclear_capable", _B),
    ],
    "article_signatures": [
        ("article_id", _S), ("scheme", _S), ("signature", pa.binary()), ("band_layout", _S),
        ("band_keys", pa.list_(pa.uint64())),
    ],
}  # fmt: skip
#: Tables written along with the analysis that are the finalizers' bookkeeping, not found
#: in the articles: not counted in ``WriteStats`` (nor in a run's "new rows").
_BOOKKEEPING = frozenset({"article_signatures"})


@dataclass(slots=True)
class WriteStats:
    """Rows actually inserted per table by one ``write_documents`` call."""

    added: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, table: str) -> int:
        return self.added.get(table, 0)


def _actor(prefix: str, actor: Actor | None) -> dict[str, Any]:
    a = actor or Actor(code=None)
    return {
        f"{prefix}_code": a.code,
        f"{prefix}_sector": a.sector,
        f"{prefix}_text": a.entity_text,
        f"{prefix}_name": a.name,
    }


def article_row(doc: Document) -> dict[str, Any]:
    """Row of the ``articles`` table."""
    a = doc.article
    return {
        "id": a.id, "title": a.title, "text": a.text, "url": a.url, "outlet": a.outlet,
        "published": a.published, "source": a.source, "language": a.language,
        "content_hash": a.content_hash, "story_id": a.meta.get("story_id"),
        "meta": json.dumps(a.meta, ensure_ascii=False, sort_keys=True),
    }  # fmt: skip


def sentence_row(s: Sentence) -> dict[str, Any]:
    """Row of the ``sentences`` table."""
    return {
        "article_id": s.article_id, "sentence_idx": s.index, "paragraph": s.paragraph,
        "start_char": s.start, "end_char": s.end, "text": s.text, "kind": s.kind,
        "parsed": s.parsed,
    }  # fmt: skip


def mention_row(m: Mention) -> dict[str, Any]:
    """Row of the ``mentions`` table."""
    a = m.actor or Actor(code=None)
    return {
        "article_id": m.article_id, "sentence_idx": m.sentence_index, "start_char": m.start,
        "end_char": m.end, "text": m.text, "label": m.label, "actor_code": a.code,
        "actor_sector": a.sector, "actor_name": a.name, "actor_kind": a.kind,
    }  # fmt: skip


def event_row(e: Event) -> dict[str, Any]:
    """Row of the ``events`` table."""
    return {
        "id": e.id, "article_id": e.article_id, "sentence_idx": e.sentence_index,
        "date": e.date, "event_date": e.event_date,
        **_actor("source", e.source), **_actor("target", e.target),
        "type": e.type, "mode": e.mode, "context": e.context, "quad_class": e.quad_class,
        "negated": e.negated, "hypothetical": e.hypothetical, "nuclear": e.nuclear,
        "text": e.text, "event_text": e.event_text, "trigger_start": e.trigger_start,
        "trigger_end": e.trigger_end, "confidence": e.confidence, "cameo": e.cameo,
        "intensity": e.intensity, "goldstein": e.goldstein, "place": e.place,
        "weapons": list(e.weapons), "rule": e.rule, "date_source": e.date_source,
    }  # fmt: skip


def quote_row(q: Quote) -> dict[str, Any]:
    """Row of the ``quotes`` table."""
    sp = q.speaker_actor or Actor(code=None)
    return {
        "id": q.id, "article_id": q.article_id, "sentence_idx": q.sentence_index,
        "start_char": q.start, "end_char": q.end, "text": q.text, "kind": q.kind,
        "speaker": q.speaker, "speaker_code": sp.code, "speaker_sector": sp.sector,
        "speaker_name": sp.name, "cue": q.cue, "confidence": q.confidence,
    }  # fmt: skip


def threat_row(t: Threat) -> dict[str, Any]:
    """Row of the ``threats`` table."""
    issuer, addressee = _actor("issuer", t.issuer), _actor("addressee", t.addressee)
    issuer.pop("issuer_name")
    addressee.pop("addressee_name")
    return {
        "id": t.id, "article_id": t.article_id, "sentence_idx": t.sentence_index,
        "event_id": t.event_id, **issuer, **addressee,
        "condition_text": t.condition_text, "condition_start": t.condition_start,
        "condition_end": t.condition_end,
        "condition": json.dumps(t.condition.to_dict()) if t.condition else None,
        "consequence_text": t.consequence_text, "consequence_start": t.consequence_start,
        "consequence_end": t.consequence_end, "consequence_type": t.consequence_type,
        "consequence_mode": t.consequence_mode, "nuclear": t.nuclear,
        "framing": list(t.framing), "text": t.text, "date": t.date, "threat_key": t.threat_key,
    }  # fmt: skip


def weapon_row(w: WeaponMention) -> dict[str, Any]:
    """Row of the ``weapon_mentions`` table."""
    return {
        "article_id": w.article_id, "sentence_idx": w.sentence_index, "start_char": w.start,
        "end_char": w.end, "text": w.text, "system": w.system, "name": w.name,
        "category": w.category, "weapon_class": w.weapon_class, "origin": w.origin,
        "reference_range_km": w.reference_range_km, "stated_range_km": w.stated_range_km,
        "stated_range_text": w.stated_range_text, "range_flag": w.range_flag,
        "nuclear_capable": w.nuclear_capable,
    }  # fmt: skip


def signature_row(article_id: str, sig: Signature) -> dict[str, Any]:
    """Row of ``article_signatures`` (``tocsin.minhash``)."""
    return {
        "article_id": article_id, "scheme": sig.scheme, "signature": sig.values,
        "band_layout": sig.band_layout, "band_keys": list(sig.band_keys),
    }  # fmt: skip


_ROW_BUILDERS: dict[str, Callable[[Document], Iterable[dict[str, Any]]]] = {
    "articles": lambda d: [article_row(d)],
    "sentences": lambda d: map(sentence_row, d.sentences),
    "mentions": lambda d: map(mention_row, d.mentions),
    "events": lambda d: map(event_row, d.events),
    "quotes": lambda d: map(quote_row, d.quotes),
    "threats": lambda d: map(threat_row, d.threats),
    "weapon_mentions": lambda d: map(weapon_row, d.weapons),
    "article_signatures": lambda d: (
        [signature_row(d.article.id, d.signature)] if d.signature else []
    ),
}


def insert_rows(con: Any, table: str, rows: list[dict[str, Any]], *, replace: bool = False) -> int:
    """``INSERT OR IGNORE`` ``rows`` into ``table`` (``OR REPLACE`` with ``replace``); return
    how many were written."""
    if not rows:
        return 0
    spec = COLUMNS[table]
    schema = pa.schema([pa.field(name, typ) for name, typ in spec])
    batch = pa.Table.from_pylist(rows, schema=schema)
    names = ", ".join(name for name, _ in spec)
    con.register("_tocsin_batch", batch)
    try:
        result = con.execute(
            f"INSERT OR {'REPLACE' if replace else 'IGNORE'} INTO {table} ({names}) "
            f"SELECT {names} FROM _tocsin_batch"
        ).fetchone()
    finally:
        con.unregister("_tocsin_batch")
    return int(result[0]) if result else 0


def write_documents(db: Database, docs: Iterable[Document]) -> WriteStats:
    """Insert ``docs`` and everything found in them, in one transaction.

    Re-writing a document that is already stored adds no rows (primary keys).
    """
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in _ROW_BUILDERS}
    for doc in docs:
        for name, build in _ROW_BUILDERS.items():
            tables[name].extend(build(doc))
    stats = WriteStats()
    with db.transaction() as con:
        for name, rows in tables.items():
            added = insert_rows(con, name, rows)
            if name not in _BOOKKEEPING:
                stats.added[name] = added
    return stats


def delete_derived(db: Database, article_ids: Iterable[str]) -> None:
    """Remove an article's derived rows (for re-analysis with ``--reprocess``): its rows in
    every table ``write_documents`` writes, the article's own last."""
    ids = list(article_ids)
    if not ids:
        return
    with db.transaction() as con:
        for table in (t for t in _ROW_BUILDERS if t != "articles"):
            con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            )
        con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])


def record_errors(db: Database, errors: Iterable[IngestError]) -> int:
    """Upsert ingest errors: a repeated error updates ``last_seen`` instead of duplicating."""
    rows = [(e.source, e.record or "", e.code, e.message) for e in errors]
    if not rows:
        return 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.transaction() as con:
        for source, record, code, message in rows:
            con.execute(
                "INSERT INTO ingest_errors (source, record, code, message, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, record, code) "
                "DO UPDATE SET last_seen = excluded.last_seen, message = excluded.message",
                [source, record, code, message, now, now],
            )
    return len(rows)


def existing_article_ids(db: Database, ids: Iterable[str]) -> set[str]:
    """Return which of ``ids`` are already stored."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = db.query("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted])
    return {r[0] for r in rows}

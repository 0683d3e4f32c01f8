"""Stories and event groups: exact and near-duplicate articles, and who carries each event.

The ``stories`` finalizer (``cluster_stories``) runs after each analysis:

1. **Stories.** Every article without a story joins one: the story of an earlier exact
   duplicate (same ``content_hash``), else of its most similar earlier article when the
   MinHash estimate of their word-shingle Jaccard similarity reaches ``dedup.threshold``
   (datasketch ``MinHashLSH``), else a new story named after the article
   (``stable_id("story", article_id)``). Articles are taken in publication order, and a
   story, once named, keeps its id: later articles join it, stories are never merged or
   renamed. Running the same input in one run or in several gives the same stories as long
   as later runs bring later articles.
2. **The LSH index lives in DuckDB.** Each signature is stored in ``article_signatures``
   (one 1 KiB row per article at 128 permutations) with one 64-bit key per LSH band.
   Pending articles are clustered ``dedup.chunk_articles`` at a time, each chunk committed
   before the next is read; a chunk's candidates are the clustered articles sharing a band
   key with one of its articles (a join), published within ``dedup.window_days`` of the
   pending articles of the whole pass, and only their signatures are loaded, into a small
   index that also takes the chunk's articles as they are clustered. Those are the
   candidates an index of the whole window would return, so chunking changes nothing but
   memory, which stays flat however many articles are pending. Re-hashing stored texts is
   never needed: a signature without keys for the current band layout is keyed again.
   Signatures are computed where articles are analysed (``sign_documents``, in the worker
   processes or Ray actors) and written with them; the finalizer, which runs once at the
   end of a run in the writing process, hashes only articles stored without one.
3. **Event groups** (``update_event_groups``): events that report the same happening are
   grouped, GDELT-style, to count the articles, outlets and stories carrying each one; the
   dyad series count every group once so that reprints, sentences an article repeats and
   word-for-word copies of a sentence do not inflate them. The rule is in docs/data.md
   ("Event groups").
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHashLSH

from tocsin.config import Settings
from tocsin.errors import StoreError
from tocsin.ingest.ids import content_hash as hash_content
from tocsin.minhash import (
    MINHASH_SCHEME,
    MINHASH_SEED,
    DedupParams,
    band_keys,
    band_layout,
    lsh_bands,
    shingles,
    signatures_of,
    text_hash_values,
)
from tocsin.records import stable_id
from tocsin.store import Database
from tocsin.store.writer import insert_rows, signature_row

__all__ = [
    "DedupParams",
    "band_keys",
    "band_layout",
    "cluster_stories",
    "lsh_bands",
    "minhashes",
    "shingles",
    "update_event_groups",
]

#: Label propagation joins groups across stories; real chains are 1-3 hops long.
_MAX_PROPAGATION_ROUNDS = 50


def minhashes(texts: Sequence[str], params: DedupParams) -> list[LeanMinHash | None]:
    """One MinHash per text (None for a text without words), as datasketch's ``MinHash``
    computes it (``tocsin.minhash``)."""
    return [
        LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME)
        if values is not None
        else None
        for values in text_hash_values(texts, params)
    ]


def from_blob(blob: bytes) -> LeanMinHash:
    """Rebuild a signature stored by ``tocsin.minhash.to_blob``."""
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME)


@dataclass(slots=True)
class StoryIndex:
    """An LSH index of clustered articles: finds the story of a new article's best match."""

    params: DedupParams
    lsh: MinHashLSH = field(init=False)
    sketches: dict[str, tuple[str, LeanMinHash]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(
            threshold=self.params.threshold,
            num_perm=self.params.num_perm,
            params=lsh_bands(self.params.threshold, self.params.num_perm),
        )

    def add(self, article_id: str, story_id: str, minhash: LeanMinHash) -> None:
        """Index ``article_id`` (a member of ``story_id``)."""
        if article_id not in self.sketches:
            self.lsh.insert(article_id, minhash)
        self.sketches[article_id] = (story_id, minhash)

    def load(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Index stored articles: ``(article id, story id, signature blob)`` rows."""
        with self.lsh.insertion_session() as session:
            for article_id, story_id, blob in rows:
                if article_id in self.sketches:
                    continue
                minhash = from_blob(blob)
                self.sketches[article_id] = (story_id, minhash)
                session.insert(article_id, minhash, check_duplication=False)

    def best_story(self, minhash: LeanMinHash) -> tuple[str, float] | None:
        """The story of the most similar indexed article at or above the threshold, else None.

        LSH candidates are checked against the estimated Jaccard similarity (LSH alone
        lets some pairs below the threshold through); ties go to the smaller story id.
        """
        scored = []
        for key in self.lsh.query(minhash):
            story_id, other = self.sketches[key]
            score = float(minhash.jaccard(other))
            if score >= self.params.threshold:
                scored.append((-score, story_id))
        if not scored:
            return None
        neg_score, story_id = min(scored)  # highest score, then smallest story id
        return story_id, -neg_score


@dataclass(slots=True)
class _Pending:
    id: str
    #: Read only where a signature or content hash must be computed; else empty.
    text: str
    content_hash: str
    story_id: str | None
    minhash: LeanMinHash | None = None
    #: The signature was read from ``article_signatures``, not computed here.
    stored: bool = False


@dataclass(slots=True)
class StoryReport:
    """What clustering one chunk of pending articles did, and what it writes back."""

    articles: int = 0
    new_stories: int = 0
    exact: int = 0
    near: int = 0
    assigned: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    signed: dict[str, LeanMinHash] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Its counts as the run report names them."""
        return {
            "articles": self.articles,
            "new_stories": self.new_stories,
            "exact_duplicates": self.exact,
            "near_duplicates": self.near,
        }


@dataclass(frozen=True, slots=True)
class _Queue:
    """The pending articles of one clustering pass (numbered in ``_st_pending``)."""

    size: int
    #: The publication span of the pending articles: the search window is taken around it.
    lo: dt.date | None
    hi: dt.date | None


def cluster_stories(db: Database, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
    """The ``stories`` finalizer: assign stories to unclustered articles, then group events.

    ``article_ids`` are the articles this run stored; articles left without a story by an
    earlier run (or written without this finalizer) are picked up too. They are clustered
    ``dedup.chunk_articles`` at a time, each chunk committed before the next is read.
    Returns counts for the run report: articles clustered, new stories, exact and near
    duplicates, event groups.
    """
    params = DedupParams.from_settings(settings)
    _key_signatures(db, params)
    counts = StoryReport().counts()
    touched = list(article_ids)
    with _pending_queue(db, params) as queue:
        step = params.chunk_articles or queue.size
        for start in range(0, queue.size, step):
            with db.transaction() as con:
                report = _cluster_chunk(con, params, queue, start, start + step)
            db.written()  # the texts and signatures the chunk read leave DuckDB's cache
            for name, count in report.counts().items():
                counts[name] += count
            touched.extend(report.assigned)
    if queue.size:
        _drop_orphan_signatures(db)
    return {**counts, "event_groups": update_event_groups(db, article_ids=touched)}


def _cluster_chunk(
    con: duckdb.DuckDBPyConnection, params: DedupParams, queue: _Queue, start: int, stop: int
) -> StoryReport:
    """Cluster the pending articles numbered ``start + 1 .. stop`` and write their stories."""
    pending = _pending_articles(con, params, start, stop)
    index = _candidate_index(con, params, queue, pending)
    report = assign_stories(pending, index, _stored_hashes(con, pending))
    _store_stories(con, report, params)
    return report


@contextmanager
def _pending_queue(db: Database, params: DedupParams) -> Iterator[_Queue]:
    """Number the articles without a story or a current signature in publication order.

    The numbering is a temporary table of ids (``_st_pending``) on the writer's connection,
    so that the pass reads its chunks in order without holding them in memory, and sees
    every pending article once even when one stays pending (a text without words).
    """
    with db.transaction() as con:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _st_pending AS SELECT a.id, row_number() OVER "
            "  (ORDER BY a.published NULLS LAST, a.ingested_at, a.id) AS n FROM articles a "
            "LEFT JOIN article_signatures s ON s.article_id = a.id AND s.scheme = ? "
            "WHERE a.story_id IS NULL OR s.article_id IS NULL",
            [params.scheme],
        )
        row = con.execute(
            "SELECT count(*), min(a.published), max(a.published) "
            "FROM _st_pending q JOIN articles a ON a.id = q.id"
        ).fetchone()
    try:
        yield _Queue(size=int(row[0]), lo=row[1], hi=row[2]) if row else _Queue(0, None, None)
    finally:
        with contextlib.suppress(duckdb.Error, StoreError), db.transaction() as con:
            con.execute("DROP TABLE IF EXISTS _st_pending")


def _pending_articles(
    con: duckdb.DuckDBPyConnection, params: DedupParams, start: int, stop: int
) -> list[_Pending]:
    """The pending articles numbered ``start + 1 .. stop``, in order, with their MinHashes:
    the stored signature where the analysis wrote one (``sign_documents``), else hashed.

    Only what the chunk's own rows need is read. The signatures are narrowed to the chunk's
    before the outer join (joined whole, DuckDB builds its hash table on every stored
    signature), and texts are read only where a signature or content hash must be computed:
    a chunk's rows lie all over the table, so reading their texts loads nearly every block
    of the text column — memory and time that grow with the database, once per chunk.
    """
    rows = con.execute(
        "WITH q AS (SELECT id, n FROM _st_pending WHERE n > ? AND n <= ?), "
        "s AS (SELECT article_id, signature FROM article_signatures "
        "      WHERE scheme = ? AND article_id IN (SELECT id FROM q)) "
        "SELECT a.id, a.content_hash, a.story_id, s.signature FROM q "
        "JOIN articles a ON a.id = q.id LEFT JOIN s ON s.article_id = a.id ORDER BY q.n",
        [start, stop, params.scheme],
    ).fetchall()
    texts = _texts(con, [r[0] for r in rows if r[1] is None or r[3] is None])
    pending = [
        _Pending(
            id=id_,
            text=texts.get(id_, ""),
            content_hash=content_hash or hash_content(texts[id_]),  # as ingest sets it
            story_id=story_id,
        )
        for id_, content_hash, story_id, _ in rows
    ]
    unsigned = []
    for item, (*_, blob) in zip(pending, rows, strict=True):
        if blob is None:
            unsigned.append(item)
        else:
            item.minhash, item.stored = from_blob(blob), True
    for item, minhash in zip(unsigned, minhashes([p.text for p in unsigned], params), strict=True):
        item.minhash = minhash
    return pending


def _texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """Article id → text, for these ids."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    ).fetchall()
    return {str(i): str(t) for i, t in rows}


def _candidate_index(
    con: duckdb.DuckDBPyConnection, params: DedupParams, queue: _Queue, pending: list[_Pending]
) -> StoryIndex:
    """An LSH index of the clustered articles that share a band with a pending article.

    Found by a join on the stored band keys, among articles published within the window
    around the whole pass (``queue``): the same candidates a full index of that window
    would return for these articles, without holding the window in memory.
    """
    index = StoryIndex(params)
    signed = [p.minhash.hashvalues for p in pending if p.minhash is not None]
    if not signed:
        return index
    keys = np.unique(band_keys(np.vstack(signed), params))
    index.load(
        con.execute(
            "WITH p AS (SELECT ?::DATE AS lo, ?::DATE AS hi), "
            "c AS (SELECT DISTINCT article_id FROM (SELECT article_id, unnest(band_keys) AS k "
            "      FROM article_signatures WHERE scheme = ? AND band_layout = ?) "
            "      WHERE k IN (SELECT unnest(?::UBIGINT[]))) "
            "SELECT a.id, a.story_id, s.signature FROM c JOIN articles a ON a.id = c.article_id "
            "JOIN article_signatures s ON s.article_id = a.id CROSS JOIN p "
            f"WHERE a.story_id IS NOT NULL AND {_window_clause(params)}",
            [queue.lo, queue.hi, params.scheme, band_layout(params), keys.tolist()],
        ).fetchall()
    )
    return index


def _stored_hashes(con: duckdb.DuckDBPyConnection, pending: list[_Pending]) -> dict[str, str]:
    """Content hash → story of its earliest clustered article, for the pending hashes."""
    rows = con.execute(
        "SELECT content_hash, arg_min(story_id, (published, ingested_at, id)) FROM articles "
        "WHERE story_id IS NOT NULL AND content_hash IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY content_hash",
        [[p.content_hash for p in pending]],
    ).fetchall()
    return {str(h): str(s) for h, s in rows}


def _window_clause(params: DedupParams) -> str:
    # Reprints follow the original within days; articles without a date are always kept.
    if params.window_days <= 0:
        return "TRUE"
    days = int(params.window_days)
    return (
        "(a.published IS NULL OR p.lo IS NULL OR a.published BETWEEN "
        f"p.lo - INTERVAL {days} DAY AND p.hi + INTERVAL {days} DAY)"
    )


def assign_stories(
    pending: Iterable[_Pending],
    index: StoryIndex,
    by_hash: dict[str, str],
) -> StoryReport:
    """Give each pending article a story, in order, indexing each one as it goes."""
    report = StoryReport()
    for item in pending:
        story = item.story_id or _choose_story(item, index, by_hash, report)
        if item.story_id is None:
            report.assigned[item.id] = story
            report.hashes[item.id] = item.content_hash
            report.articles += 1
        by_hash.setdefault(item.content_hash, story)
        if item.minhash is not None:
            index.add(item.id, story, item.minhash)
            if not item.stored:
                report.signed[item.id] = item.minhash
    return report


def _choose_story(
    item: _Pending, index: StoryIndex, by_hash: dict[str, str], report: StoryReport
) -> str:
    if item.content_hash in by_hash:
        report.exact += 1
        return by_hash[item.content_hash]
    match = index.best_story(item.minhash) if item.minhash is not None else None
    if match:
        report.near += 1
        return match[0]
    report.new_stories += 1
    return stable_id("story", item.id)


def _store_stories(
    con: duckdb.DuckDBPyConnection, report: StoryReport, params: DedupParams
) -> None:
    """Write a chunk's story ids, signatures and band keys (in the caller's transaction)."""
    stories = pa.table(
        {
            "id": list(report.assigned),
            "story_id": list(report.assigned.values()),
            "content_hash": [report.hashes[i] for i in report.assigned],
        },
        schema=pa.schema([(n, pa.string()) for n in ("id", "story_id", "content_hash")]),
    )
    con.register("_tocsin_stories", stories)
    try:
        con.execute(
            "UPDATE articles SET story_id = s.story_id, "
            "content_hash = coalesce(articles.content_hash, s.content_hash) "
            "FROM _tocsin_stories s WHERE articles.id = s.id"
        )
    finally:
        con.unregister("_tocsin_stories")
    sketches = signatures_of([m.hashvalues for m in report.signed.values()], params)
    rows = [signature_row(i, sig) for i, sig in zip(report.signed, sketches, strict=True)]
    insert_rows(con, "article_signatures", rows, replace=True)


def _key_signatures(db: Database, params: DedupParams) -> None:
    """Give current signatures stored without this band layout their band keys.

    Signatures written before band keys were stored, or under another threshold (another
    layout), are keyed from the stored hash values, a chunk at a time; nothing is re-hashed.
    """
    layout, step = band_layout(params), params.chunk_articles or 10_000
    while True:
        with db.transaction() as con:
            rows = con.execute(
                "SELECT article_id, signature FROM article_signatures "
                "WHERE scheme = ? AND band_layout IS DISTINCT FROM ? LIMIT ?",
                [params.scheme, layout, step],
            ).fetchall()
            if not rows:
                return
            values = np.vstack([np.frombuffer(blob, dtype="<u8") for _, blob in rows])
            keys = pa.table(
                {
                    "article_id": pa.array([r[0] for r in rows], pa.string()),
                    "band_keys": pa.array(list(band_keys(values, params)), pa.list_(pa.uint64())),
                }
            )
            con.register("_tocsin_keys", keys)
            try:
                con.execute(
                    "UPDATE article_signatures SET band_layout = ?, band_keys = k.band_keys "
                    "FROM _tocsin_keys k WHERE article_signatures.article_id = k.article_id",
                    [layout],
                )
            finally:
                con.unregister("_tocsin_keys")


def _drop_orphan_signatures(db: Database) -> None:
    """Drop the signatures of articles no longer stored."""
    with db.transaction() as con:
        con.execute(
            "DELETE FROM article_signatures WHERE article_id NOT IN (SELECT id FROM articles)"
        )


# ---------------------------------------------------------------- event groups
#: The partition of an event: groups never span two partitions (same source, target, type
#: and flags), so a run recomputes only the partitions its new events fall in. Codes are
#: coalesced to '' so that partitions join on plain equality.
_PART_COLS = (
    "coalesce({t}source_code, '') AS s, coalesce({t}target_code, '') AS t, {t}type AS type, "
    "{t}negated AS neg, {t}hypothetical AS hyp"
)
_PART_JOIN = (
    "coalesce({t}source_code, '') = p.s AND coalesce({t}target_code, '') = p.t "
    "AND {t}type = p.type AND {t}negated = p.neg AND {t}hypothetical = p.hyp"
)
#: The same key as one string, for hashing into group keys.
_PKEY = (
    "concat_ws('|', coalesce(e.source_code, ''), coalesce(e.target_code, ''), e.type, "
    "e.negated::VARCHAR, e.hypothetical::VARCHAR)"
)
#: The outlet of an article: its outlet field, else its URL's host; articles with neither
#: count together as one unknown source.
OUTLET_SQL = (
    "coalesce(nullif(a.outlet, ''), "
    r"nullif(regexp_extract(lower(a.url), '^https?://(?:www\.)?([^/:?#]+)', 1), ''), '')"
)
_TEMP_TABLES = ("_eg_new", "_eg_parts", "_eg_ev", "_eg_lab", "_eg_edges", "_eg_old")


def update_event_groups(db: Database, *, article_ids: Sequence[str] | None = None) -> int:
    """Recompute the event groups touched by ``article_ids`` (all groups when None).

    Events of those articles, events not yet in a group, and groups that lost members are
    regrouped, one partition (source, target, type, flags) at a time. Returns the number of
    groups written. Deterministic: the same events give the same group ids.
    """
    with db.transaction() as con:
        _affected_partitions(con, article_ids)
        _collect_events(con)
        _propagate_labels(con)
        _replace_groups(con)
        written = _scalar(con, "SELECT count(DISTINCT label) FROM _eg_lab")
        for table in _TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return written


def _scalar(con: Any, sql: str, params: list[Any] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _affected_partitions(con: Any, article_ids: Sequence[str] | None) -> None:
    """``_eg_parts``: the partitions to regroup.

    For ``article_ids``: the partitions of their events and of the groups those events sat
    in before (a reprocessed event may have changed partition). Events written without this
    step and members whose event was deleted are caught up too, but the search for them
    (two joins over every event, ~1 s per million) runs only when the row counts say some
    exist: every event outside ``article_ids`` has exactly one membership row otherwise.
    """
    parts = _PART_COLS.format(t="e.")
    if article_ids is None:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _eg_parts AS SELECT DISTINCT {parts} FROM events e "
            f"UNION SELECT {_PART_COLS.format(t='g.')} FROM event_groups g"
        )
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _eg_new AS SELECT * FROM events "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(article_ids)],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _eg_parts AS SELECT DISTINCT {parts} FROM _eg_new e "
        f"UNION SELECT {_PART_COLS.format(t='g.')} FROM event_groups g WHERE g.id IN ("
        "  SELECT group_id FROM event_group_members WHERE event_id IN (SELECT id FROM _eg_new))"
    )
    if not _consistent_outside(con):
        con.execute(
            f"INSERT INTO _eg_parts SELECT DISTINCT {parts} FROM events e "
            "WHERE e.id NOT IN (SELECT event_id FROM event_group_members) "
            f"UNION SELECT {_PART_COLS.format(t='g.')} FROM event_groups g WHERE g.id IN ("
            "  SELECT m.group_id FROM event_group_members m ANTI JOIN events e "
            "  ON e.id = m.event_id) "
            "EXCEPT SELECT * FROM _eg_parts"
        )


def _consistent_outside(con: Any) -> bool:
    """Whether events and memberships outside ``_eg_new`` are in one-to-one step (by counts)."""
    return bool(
        _scalar(
            con,
            "SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM _eg_new) = "
            "(SELECT count(*) FROM event_group_members) - (SELECT count(*) FROM "
            "event_group_members WHERE event_id IN (SELECT id FROM _eg_new))",
        )
    )


def _collect_events(con: Any) -> None:
    """``_eg_ev``: the events of the affected partitions with their story and date keys."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _eg_ev AS "
        "SELECT e.id, e.article_id, e.source_code, e.source_sector, e.target_code, "
        "  e.target_sector, e.type, e.quad_class, e.negated, e.hypothetical, e.nuclear, "
        "  e.date, e.event_date, e.intensity, e.goldstein, a.published, "
        f"  {OUTLET_SQL} AS outlet, "
        "  coalesce(a.story_id, 'article:' || e.article_id) AS story, "
        f"  md5(story || '|' || {_PKEY}) AS skey, "
        f"  CASE WHEN e.event_date IS NOT NULL THEN md5({_PKEY} || '|' || e.event_date) "
        "  END AS dkey, "
        # the same sentence, word for word, on the same day: one report copied (a wire
        # paragraph), whatever story carries it; in page furniture (a strip of headlines
        # printed on many pages, a caption) on any day
        f"  CASE WHEN trim(e.text) <> '' THEN md5({_PKEY} || '|' || "
        r"  lower(regexp_replace(trim(e.text), '\s+', ' ', 'g')) || '|' || "
        "  CASE WHEN coalesce(e.date_source, 'published') IN ('text', 'published') "
        "  THEN coalesce(e.event_date, e.date)::VARCHAR ELSE 'furniture' END) END AS tkey "
        f"FROM events e JOIN _eg_parts p ON {_PART_JOIN.format(t='e.')} "
        "JOIN articles a ON a.id = e.article_id"
    )


def _propagate_labels(con: Any) -> None:
    """``_eg_lab``: skey → group label, the smallest skey connected through shared keys.

    Events of one story share an skey; dated events of different stories share a dkey, and
    events read from the same sentence on the same day share a tkey. The groups are the
    connected components of that graph, found by min-label propagation.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _eg_lab AS SELECT DISTINCT skey, skey AS label FROM _eg_ev"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _eg_edges AS "
        "SELECT DISTINCT skey, dkey FROM _eg_ev WHERE dkey IS NOT NULL "
        "UNION SELECT DISTINCT skey, tkey FROM _eg_ev WHERE tkey IS NOT NULL"
    )
    for _ in range(_MAX_PROPAGATION_ROUNDS):
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _eg_next AS "
            "WITH d AS (SELECT x.dkey, min(l.label) AS label "
            "           FROM _eg_edges x JOIN _eg_lab l USING (skey) GROUP BY x.dkey) "
            "SELECT l.skey, least(l.label, coalesce(min(d.label), l.label)) AS label "
            "FROM _eg_lab l LEFT JOIN _eg_edges x USING (skey) LEFT JOIN d USING (dkey) "
            "GROUP BY l.skey, l.label"
        )
        changed = _scalar(
            con,
            "SELECT count(*) FROM _eg_next n JOIN _eg_lab l USING (skey) WHERE n.label <> l.label",
        )
        con.execute("CREATE OR REPLACE TEMP TABLE _eg_lab AS SELECT * FROM _eg_next")
        con.execute("DROP TABLE _eg_next")
        if not changed:
            return


def _replace_groups(con: Any) -> None:
    """Swap the affected partitions' groups and memberships for the recomputed ones."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _eg_old AS SELECT g.id FROM event_groups g "
        f"JOIN _eg_parts p ON {_PART_JOIN.format(t='g.')}"
    )
    con.execute("DELETE FROM event_groups WHERE id IN (SELECT id FROM _eg_old)")
    con.execute(
        "DELETE FROM event_group_members WHERE group_id IN (SELECT id FROM _eg_old) "
        "OR event_id IN (SELECT id FROM _eg_ev)"
    )
    con.execute(
        "INSERT INTO event_group_members "
        "SELECT ev.id, left(l.label, 16) FROM _eg_ev ev JOIN _eg_lab l USING (skey)"
    )
    con.execute(
        f"WITH {_sector_pick('source')}, {_sector_pick('target')} "
        "INSERT INTO event_groups "
        "SELECT left(l.label, 16), any_value(source_code), any_value(src.sector), "
        "  any_value(target_code), any_value(tgt.sector), any_value(type), any_value(quad_class), "
        "  any_value(negated), any_value(hypothetical), bool_or(nuclear), "
        "  min(coalesce(event_date, date)), min(event_date), avg(intensity), avg(goldstein), "
        "  count(*), count(DISTINCT article_id), count(DISTINCT outlet), count(DISTINCT story), "
        "  min(coalesce(published, date)), max(coalesce(published, date)), "
        "  arg_min(id, (coalesce(published, date), article_id, id)) "
        "FROM _eg_ev JOIN _eg_lab l USING (skey) "
        "LEFT JOIN src ON src.label = l.label LEFT JOIN tgt ON tgt.label = l.label "
        "GROUP BY l.label"
    )


def _sector_pick(side: str) -> str:
    """A CTE (``src`` or ``tgt``): each group's most frequent ``side`` sector; of sectors
    as frequent, the one of the group's first event (``mode`` would pick one at random)."""
    name = "src" if side == "source" else "tgt"
    return (
        f"{name}_n AS (SELECT l.label, {side}_sector AS sector, count(*) AS n, "
        "    min((coalesce(published, date), article_id, id)) AS first "
        "  FROM _eg_ev JOIN _eg_lab l USING (skey) "
        f"  WHERE {side}_sector IS NOT NULL GROUP BY l.label, {side}_sector), "
        f"{name} AS (SELECT label, arg_min(sector, (-n, first)) AS sector "
        f"  FROM {name}_n GROUP BY label)"
    )

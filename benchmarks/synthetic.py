"""A synthetic tocsin database of any size, generated in DuckDB SQL (no Python loops).

``make_synthetic_db(path, n_events)`` writes a migrated tocsin database with articles
grouped into stories, events between ~60 countries over two years, background noise plus
injected crises (bursts of attacks between one pair), a few nuclear threats, and the event
groups of ``tocsin.dedup``. Everything derives from ``hash(row number, salt)``, so the
same arguments give the same database. Used by ``benchmarks/monitor.py`` and by the API
latency benchmark.

    .venv/bin/python benchmarks/synthetic.py OUT.duckdb [--events 1000000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tocsin.dedup import update_event_groups
from tocsin.enrich.intensity import packaged_tables
from tocsin.records import PLOVER_TYPES, QUAD_CLASS
from tocsin.store import Database

#: Actors, most active first (the generator draws them with a skew towards the front).
CODES = (
    "RUS", "UKR", "USA", "CHN", "ISR", "IRN", "PSE", "TWN", "PRK", "KOR", "GBR", "FRA", "DEU",
    "TUR", "SYR", "IRQ", "IND", "PAK", "JPN", "SAU", "YEM", "LBN", "EGY", "AFG", "VEN", "GUY",
    "BLR", "POL", "SRB", "ARM", "AZE", "GEO", "SDN", "ETH", "SOM", "NGA", "MLI", "LBY", "CUB",
    "MEX", "BRA", "COL", "ZAF", "KEN", "PHL", "VNM", "MMR", "THA", "IDN", "AUS", "CAN", "ITA",
    "ESP", "NLD", "SWE", "FIN", "NOR", "QAT", "ARE", "NATO",
)  # fmt: skip
#: Relative frequency of each PLOVER type in news-coded event data (roughly GDELT-like:
#: statements and consultations dominate, attacks are common in conflict coverage).
TYPE_WEIGHTS = {
    "AGREE": 8, "CONSULT": 18, "SUPPORT": 8, "CONCEDE": 2, "COOPERATE": 5, "AID": 4,
    "RETREAT": 2, "REQUEST": 7, "ACCUSE": 12, "REJECT": 5, "THREATEN": 6, "PROTEST": 4,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 5, "ASSAULT": 6,
}  # fmt: skip
DAYS = 730
START = "2023-01-01"
EVENTS_PER_ARTICLE = 3
ARTICLES_PER_STORY = 3
OUTLETS = 40
#: Crises: this many (pair, day) bursts of assaults, each of BURST_SIZE events.
BURSTS = 25
BURST_SIZE = 24


def _type_table() -> str:
    """A SQL list of type names in which each type appears as often as its weight."""
    names = [t for t in PLOVER_TYPES for _ in range(TYPE_WEIGHTS[t])]
    return "[" + ", ".join(f"'{t}'" for t in names) + "]"


def _maps() -> tuple[str, str]:
    intensity, _ = packaged_tables()
    scores = ", ".join(f"'{t}': {intensity.types[t]}" for t in PLOVER_TYPES)
    quads = ", ".join(f"'{t}': {QUAD_CLASS[t]}" for t in PLOVER_TYPES)
    return f"MAP {{{scores}}}", f"MAP {{{quads}}}"


def _u(expr: str, salt: int) -> str:
    """A uniform [0, 1) number from ``hash(expr, salt)``."""
    return f"((hash({expr}, {salt}) % 1000003) / 1000003.0)"


def _code(expr: str, salt: int) -> str:
    # u² skews draws towards the first (busiest) codes, as news coverage is skewed.
    codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
    return f"{codes}[1 + floor(pow({_u(expr, salt)}, 2) * {len(CODES)})::INT]"


def make_synthetic_db(path: str | Path, n_events: int, *, groups: bool = True) -> dict[str, float]:
    """Write a synthetic database of about ``n_events`` events at ``path`` (replaced).

    Returns timings in seconds: ``generate`` (articles and events) and, with ``groups``,
    ``groups`` (``update_event_groups`` over every event).
    """
    target = Path(path)
    target.unlink(missing_ok=True)
    n_articles = max(1, n_events // EVENTS_PER_ARTICLE)
    timings: dict[str, float] = {}
    with Database(target) as db:
        t0 = time.perf_counter()
        with db.transaction() as con:
            con.execute(_articles_sql(n_articles))
            con.execute(_events_sql(n_events, n_articles))
            for statement in _bursts_sql():
                con.execute(statement)
        timings["generate"] = time.perf_counter() - t0
        if groups:
            t0 = time.perf_counter()
            update_event_groups(db)
            timings["groups"] = time.perf_counter() - t0
    return timings


def _articles_sql(n_articles: int) -> str:
    # Consecutive articles share a story and a day; outlets are spread over stories.
    return (
        "INSERT INTO articles (id, title, text, outlet, published, source, language, "
        "content_hash, story_id, meta) "
        "SELECT 'a' || i, 'synthetic article ' || i, 'synthetic text ' || i, "
        f"'outlet' || (hash(i, 11) % {OUTLETS}), "
        f"DATE '{START}' + (i * {DAYS} // {n_articles})::INT, 'synthetic', 'en', "
        f"'h' || i, 's' || (i // {ARTICLES_PER_STORY}), '{{}}' "
        f"FROM range({n_articles}) t(i)"
    )


def _events_sql(n_events: int, n_articles: int) -> str:
    intensity, quad = _maps()
    types = _type_table()
    n_types = len(types.split(","))
    # Every ARTICLES_PER_STORY-th article repeats its story's first article's events
    # (a reprint); the others carry their own.
    article = f"(j // {EVENTS_PER_ARTICLE}) % {n_articles}"
    story_first = f"({article} // {ARTICLES_PER_STORY}) * {ARTICLES_PER_STORY}"
    seed = (
        f"CASE WHEN {article} % {ARTICLES_PER_STORY} = 1 "
        f"THEN {story_first} * {EVENTS_PER_ARTICLE} + j % {EVENTS_PER_ARTICLE} ELSE j END"
    )
    return (
        "INSERT INTO events (id, article_id, sentence_idx, date, event_date, source_code, "
        "source_sector, target_code, type, quad_class, negated, hypothetical, nuclear, text, "
        "confidence, intensity) "
        "SELECT 'e' || j, 'a' || art, j % 3, pub, "
        f"  CASE WHEN {_u('seed', 3)} < 0.3 THEN pub - ({_u('seed', 4)} * 3)::INT END, "
        "  src, CASE WHEN {u5} < 0.6 THEN 'GOV' WHEN {u5} < 0.8 THEN 'MIL' END, "
        "  CASE WHEN tgt = src THEN 'NATO' ELSE tgt END, typ, "
        f"  {quad}[typ], {_u('j', 6)} < 0.04, {_u('j', 7)} < 0.04, "
        # a reprint carries its original's sentence; other events a sentence of their own
        f"  typ = 'THREATEN' AND {_u('seed', 8)} < 0.01, 'synthetic sentence ' || seed, 0.5, "
        f"  {intensity}[typ] "
        "FROM (SELECT j, art, pub, seed, "
        f"  {_code('seed', 1)} AS src, {_code('seed', 2)} AS tgt, "
        f"  {types}[1 + floor({_u('seed', 9)} * {n_types})::INT] AS typ "
        f"  FROM (SELECT j, {article} AS art, {seed} AS seed, "
        f"    DATE '{START}' + (({article}) * {DAYS} // {n_articles})::INT AS pub "
        f"    FROM range({n_events}) t(j)))"
    ).replace("{u5}", _u("seed", 5))


def _bursts_sql() -> tuple[str, str]:
    # Crises: BURSTS (pair, day) pairs get BURST_SIZE assaults each, in their own articles.
    intensity, _ = _maps()
    return (
        (
            "INSERT INTO articles (id, title, text, outlet, published, source, language, "
            "content_hash, story_id, meta) "
            "SELECT 'burst' || b || '-' || k, 'crisis', 'crisis text', 'outlet' || k, "
            f"DATE '{START}' + (60 + {_u('b', 21)} * {DAYS - 60})::INT, 'synthetic', 'en', "
            "'hb' || b || '-' || k, 'sb' || b || '-' || k, '{}' "
            f"FROM range({BURSTS}) s(b), range({BURST_SIZE}) t(k)"
        ),
        (
            "INSERT INTO events (id, article_id, sentence_idx, date, source_code, source_sector, "
            "target_code, type, quad_class, negated, hypothetical, nuclear, text, confidence, "
            "intensity) "
            "SELECT 'eb' || b || '-' || k, 'burst' || b || '-' || k, 0, "
            f"DATE '{START}' + (60 + {_u('b', 21)} * {DAYS - 60})::INT, "
            f"{_code('b', 22)}, 'MIL', {_code('b * 7 + 1', 23)}, 'ASSAULT', 4, false, false, "
            f"false, 'crisis sentence ' || b || '-' || k, 0.5, {intensity}['ASSAULT'] "
            f"FROM range({BURSTS}) s(b), range({BURST_SIZE}) t(k) "
            f"WHERE {_code('b', 22)} <> {_code('b * 7 + 1', 23)}"
        ),
    )


def main() -> None:
    """Generate a database and print its size and the time it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    timings = make_synthetic_db(args.out, args.events)
    with Database(args.out, read_only=True) as db:
        counts = {t: db.count(t) for t in ("articles", "events", "event_groups")}
    print(f"{args.out}: {counts}; " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))


if __name__ == "__main__":
    main()

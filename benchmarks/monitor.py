"""Monitoring at scale: event grouping, dyad series, dyad ranking and alert rules.

Builds a synthetic database (``benchmarks/synthetic.py``, default one million events), then
times, each repeated and reported as median and 95th percentile:

- ``update_event_groups`` over every event, and again for one new batch (incremental);
- ``TocsinDB.series`` for busy, rare, wildcard and undirected dyads, daily and weekly;
- ``TocsinDB.dyads`` (the most escalating dyads);
- the packaged alert rules (``find_alerts``) and storing their alerts (again: none new);
- with ``--bbc``, story clustering throughput on the BBC News corpus (2,225 articles, read
  in place from ``$TOCSIN_CORPORA`` or ``../shared``).

    .venv/bin/python benchmarks/monitor.py [--events 1000000] [--repeat 20] [--db PATH] [--bbc]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_synthetic_db  # noqa: E402 - benchmarks/ is not a package
from tocsin.config import default_settings  # noqa: E402
from tocsin.dedup import cluster_stories, update_event_groups  # noqa: E402
from tocsin.monitor.alerts import find_alerts, store_alerts  # noqa: E402
from tocsin.monitor.rules import load_rules  # noqa: E402
from tocsin.query import TocsinDB  # noqa: E402
from tocsin.records import Article, Document  # noqa: E402
from tocsin.store import Database, write_documents  # noqa: E402

SERIES_CASES: list[tuple[str, dict[str, Any]]] = [
    ("RUS:UKR", {}),
    ("RUS:UKR", {"freq": "week"}),
    ("RUS:UKR", {"undirected": True}),
    ("USA:CHN", {}),
    ("GUY:VEN", {}),
    ("RUS:*", {}),
    ("*:ISR", {"freq": "week"}),
]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Run ``fn`` ``repeat`` times; return the durations (seconds) and the last result."""
    durations, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        durations.append(time.perf_counter() - t0)
    return durations, result


def line(label: str, durations: list[float], extra: str = "") -> None:
    """Print one result: median and p95 in milliseconds."""
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    print(f"  {label:<34} median {median * 1000:9.1f} ms   p95 {p95 * 1000:9.1f} ms  {extra}")


def bench_groups(db: Database, repeat: int) -> None:
    """Full regrouping, and the incremental update after one new batch of 64 articles."""
    full, written = timed(lambda: update_event_groups(db), max(1, repeat // 10))
    line("event groups, full rebuild", full, f"{written:,} groups")
    with db.transaction() as con:
        con.execute(
            "INSERT INTO articles (id, text, outlet, published, source, story_id) "
            "SELECT 'new' || i, 'new', 'outlet1', DATE '2024-12-30', 'bench', 'snew' || i "
            "FROM range(64) t(i)"
        )
        con.execute(
            "INSERT INTO events (id, article_id, sentence_idx, date, source_code, target_code, "
            "type, quad_class, negated, hypothetical, nuclear, text, confidence, intensity) "
            "SELECT 'enew' || i, 'new' || (i % 64), i // 64, DATE '2024-12-30', 'RUS', 'UKR', "
            "'ASSAULT', 4, false, false, false, 'new', 0.5, -9 FROM range(192) t(i)"
        )
    new_ids = [f"new{i}" for i in range(64)]
    inc, written = timed(lambda: update_event_groups(db, article_ids=new_ids), repeat)
    line("event groups, one batch (64 art.)", inc, "incremental")


def bench_reads(db: Database, repeat: int) -> None:
    """Series and dyad ranking through the read API."""
    reader = TocsinDB.of(db)
    for dyad, kwargs in SERIES_CASES:
        durations, table = timed(lambda d=dyad, k=kwargs: reader.series(d, **k), repeat)
        events = sum(r["events"] for r in table)
        label = f"series {dyad} {kwargs.get('freq', 'day')}"
        label += " both" if kwargs.get("undirected") else ""
        line(label, durations, f"{len(table)} periods, {events:,} events")
    durations, table = timed(lambda: reader.dyads(days=30, limit=20), repeat)
    line("dyads (30 days, top 20)", durations, f"top: {table.rows[0][0]}→{table.rows[0][1]}")


def bench_alerts(db: Database, repeat: int) -> None:
    """The packaged rules over the whole database, then storing (twice: idempotent)."""
    rules = load_rules()
    durations, found = timed(lambda: find_alerts(db, rules), max(3, repeat // 4))
    kinds: dict[str, int] = {}
    for alert in found:
        kinds[alert.rule] = kinds.get(alert.rule, 0) + 1
    line("alert rules (4 kinds)", durations, f"{len(found)} alerts {kinds}")
    for rule in rules:
        per_rule, _ = timed(lambda r=rule: find_alerts(db, [r]), max(3, repeat // 4))
        line(f"  rule {rule.id}", per_rule)
    t0 = time.perf_counter()
    first = store_alerts(db, found, rules)
    again = store_alerts(db, find_alerts(db, rules), rules)
    print(f"  store alerts: {first} new, re-run {again} new ({time.perf_counter() - t0:.2f} s)")


def bench_bbc(tmp: Path) -> None:
    """Story clustering of the BBC News corpus (MinHash + LSH), articles per second."""
    root = Path(os.environ.get("TOCSIN_CORPORA", ROOT.parent / "shared"))
    corpus = root / "corpora" / "bbc-news-raw"
    if not corpus.is_dir():
        print(f"  (no {corpus}: skipped)")
        return
    docs = []
    for path in sorted(corpus.glob("*/*.txt")):
        title, _, body = path.read_bytes().decode("latin-1").partition("\n")
        name = str(path.relative_to(corpus))
        docs.append(Document(article=Article(id=name, text=body, title=title, source=name)))
    with Database(tmp / "bbc.duckdb") as db:
        write_documents(db, docs)
        t0 = time.perf_counter()
        report = cluster_stories(db, default_settings(), [d.article.id for d in docs])
        seconds = time.perf_counter() - t0
    rate = len(docs) / seconds
    print(f"  stories: {len(docs)} articles in {seconds:.2f} s ({rate:,.0f} articles/s): {report}")


def main() -> None:
    """Build (or reuse) the database and print every timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="Database file (kept; default: a temp file).")
    parser.add_argument("--bbc", action="store_true", help="Also time story clustering on BBC.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        path = args.db or Path(tmpdir) / "synthetic.duckdb"
        t0 = time.perf_counter()
        timings = make_synthetic_db(path, args.events)
        print(
            f"synthetic database: {args.events:,} events in {time.perf_counter() - t0:.1f} s "
            f"(generate {timings['generate']:.1f} s, event groups {timings['groups']:.1f} s)"
        )
        with Database(path) as db:
            counts = {t: db.count(t) for t in ("articles", "events", "event_groups")}
            print(f"  rows: {counts}")
            bench_groups(db, args.repeat)
            bench_reads(db, args.repeat)
            bench_alerts(db, args.repeat)
        if args.bbc:
            bench_bbc(Path(tmpdir))


if __name__ == "__main__":
    main()

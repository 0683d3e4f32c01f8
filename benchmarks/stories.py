"""The ``stories`` finalizer alone: seconds and peak memory of clustering N stored articles.

Writes the first N articles of the mixed real-news corpus (``benchmarks/mixed.py``) into a
new DuckDB file without analysing them (articles only, no story yet), then, in a fresh
process per variant, runs ``tocsin.dedup.cluster_stories`` over all of them and reports its
seconds, the process's resident memory before the call and at its peak (sampled every
0.05 s), the run report, and a digest of every article's story, so that two variants that
must give the same stories can be compared.

Variants: ``--chunks`` (values of ``dedup.chunk_articles``; 0 = one chunk), each on its own
copy of the database. ``--src DIR`` runs another checkout's ``src`` instead of this one's,
for a before/after comparison in one session (e.g. main's: ``git archive main src | tar -x
-C /tmp/base``); the database is then written by that checkout too (its schema may be
older), and only its configured chunk size is run. ``--copies K`` stores the articles K
times (beyond the first, words shuffled and dates moved on, so no duplicates are added):
more articles than the corpus holds; ``--signed`` stores them as ``analyze`` does, each with
its content hash and MinHash signature (computed where the articles are analysed), so that
the finalizer reads them instead of hashing texts; ``--memory-limit`` caps DuckDB
(``store.memory_limit``);
``--release`` runs the finalizer as ``analyze`` does, handing DuckDB's memory back after each
chunk (``Database.releasing``).

    .venv/bin/python benchmarks/stories.py [--articles 20000] [--chunks 0 1000 250]
        [--src /tmp/base/src] [--copies 4] [--signed] [--memory-limit 128MB] [--release]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import fresh
import mixed

ROOT = Path(__file__).resolve().parents[1]

_PREPARE = """
import datetime as dt, json, random, sys
sys.path.insert(0, sys.argv[1])
from tocsin.records import Article, Document
from tocsin.store import Database, write_documents
db, source, copies, signed = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
records = [json.loads(line) for line in open(source, encoding="utf-8")]

def article(r, k):
    # copy k > 0: the words shuffled (no shingle in common with the others) and the date
    # 3k years later, so that the copies add articles without adding duplicates
    words = r["text"].split()
    if k:
        random.Random(f"{k}/{r['id']}").shuffle(words)
    published = dt.date.fromisoformat(r["date"]) if r["date"] else None
    if published and k:
        published = published.replace(year=published.year + 3 * k, day=min(published.day, 28))
    return Article(id=f"{r['id']}/{k}" if k else r["id"], text=" ".join(words),
                   title=r["title"], source="mixed", published=published)

def sign(docs):
    # what analyze stores with each article: the ingest readers' content hash, and the
    # signature its worker computed (tocsin.minhash.sign_documents)
    from tocsin.config import load_settings
    from tocsin.ingest.ids import content_hash
    from tocsin.minhash import DedupParams, sign_documents
    for doc in docs:
        doc.article.content_hash = content_hash(doc.article.text)
    sign_documents(docs, DedupParams.from_settings(load_settings(config_file=None, environ={})))

count = 0
with Database(db) as database:
    for k in range(copies):
        for i in range(0, len(records), 1000):
            docs = [Document(article=article(r, k)) for r in records[i : i + 1000]]
            if signed:
                sign(docs)
            write_documents(database, docs)
            count += len(docs)
print(json.dumps({"articles": count}))
"""

_CLUSTER = """
import contextlib, json, os, sys, threading, time, psutil
sys.path.insert(0, sys.argv[1])
db, chunk, memory_limit, release = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
import tocsin
from tocsin.config import load_settings
from tocsin.dedup import cluster_stories
from tocsin.store import Database
overrides = {"dedup.chunk_articles": chunk} if chunk >= 0 else {}
settings = load_settings(config_file=None, overrides=overrides, environ={})
me = psutil.Process(os.getpid())
peak = [0]
def sample():
    while True:
        peak[0] = max(peak[0], me.memory_info().rss)
        time.sleep(0.05)
with Database(db, **({"memory_limit": memory_limit} if memory_limit else {})) as database:
    ids = [r[0] for r in database.query("SELECT id FROM articles")]
    start_rss = me.memory_info().rss
    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    with database.releasing() if release else contextlib.nullcontext():  # old src: none
        report = cluster_stories(database, settings, ids)
    seconds = time.perf_counter() - t0
    digest = database.query(
        "SELECT count(DISTINCT story_id), "
        "bit_xor(hash(id || '|' || coalesce(story_id, ''))) FROM articles")[0]
peak[0] = max(peak[0], me.memory_info().rss)
print(json.dumps({"seconds": seconds, "start_mb": start_rss / 2**20, "peak_mb": peak[0] / 2**20,
                  "stories": digest[0], "digest": str(digest[1]), **report}))
"""


def main() -> None:
    """Prepare the database once, then cluster a copy of it per variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument(
        "--chunks", type=int, nargs="*", default=[-1],
        help="dedup.chunk_articles values to run (0: one chunk; default: the configured one)",
    )  # fmt: skip
    parser.add_argument("--src", type=Path, help="another checkout's src (e.g. main's) to run")
    parser.add_argument(
        "--copies", type=int, default=1,
        help="store the articles this many times (copies: words shuffled, dates 3k years on)",
    )  # fmt: skip
    parser.add_argument(
        "--signed", action="store_true",
        help="store content hashes and signatures with the articles, as analyze does",
    )  # fmt: skip
    parser.add_argument("--memory-limit", default="", help="DuckDB memory limit, e.g. 128MB")
    parser.add_argument(
        "--release", action="store_true",
        help="run the finalizer as analyze does: DuckDB's memory handed back after each chunk",
    )  # fmt: skip
    args = parser.parse_args()
    src = str((args.src or ROOT / "src").resolve())
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        source = mixed.write_jsonl(mixed.articles(args.articles), tmp / "corpus.jsonl")
        base = tmp / "stored.duckdb"
        prepared = fresh.run(
            _PREPARE, src, str(base), str(source), str(args.copies), "1" if args.signed else "0"
        )
        print(f"{src}: stored {prepared}", flush=True)
        print(f"{'chunk':>6} {'s':>7} {'art/s':>7} {'start MB':>8} {'peak MB':>8} {'+MB':>6} "
              f"{'stories':>7} {'exact':>6} {'near':>5} digest")  # fmt: skip
        for chunk in args.chunks if not args.src else [-1]:
            db = tmp / f"chunk-{chunk}.duckdb"
            shutil.copy(base, db)
            r = fresh.run(_CLUSTER, src, str(db), str(chunk), args.memory_limit,
                          "1" if args.release else "0")  # fmt: skip
            label = "config" if chunk < 0 else str(chunk)
            if "error" in r:
                print(f"{label:>6} failed: {r['error']}", flush=True)
                continue
            print(
                f"{label:>6} {r['seconds']:7.1f} {r['articles'] / r['seconds']:7.0f} "
                f"{r['start_mb']:8.0f} {r['peak_mb']:8.0f} {r['peak_mb'] - r['start_mb']:6.0f} "
                f"{r['stories']:7} {r['exact_duplicates']:6} {r['near_duplicates']:5} "
                f"{r['digest']}",
                flush=True,
            )


if __name__ == "__main__":
    main()

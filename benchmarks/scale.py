"""Scaling of ``tocsin analyze``: articles/s and peak memory at 1k, 5k and 20k articles.

For each corpus size (the mixed real-news corpus of ``benchmarks/mixed.py``: BBC News, AG
News and Reuters-21578, without the cascade filter's training fold) and each repeat, in one
run and interleaved, each in a fresh process:

1. ``spacy``      — spaCy ``nlp.pipe`` (same model, batch size 32, one process) over the
                    same articles' texts: the baseline;
2. ``analyze -j1`` — ``tocsin.analyze`` into a new DuckDB file, one process;
3. ``analyze -j2`` — the same with two worker processes;
4. ``ray 2 CPUs``  — ``--engine ray`` on a local Ray instance with two CPUs (skipped, with
                    the reason, when Ray is not installed or cannot start).

Reported per variant: the median seconds, words/s and articles/s, the ratio to spaCy and to
``-j1``, and peak resident memory: of the main process, of the largest worker, and of the
whole process tree (sampled every 0.2 s; for Ray this includes Ray's own services). At the
smallest size the event ids of the ``-j1`` and Ray databases are compared.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 5000 20000] [--repeat 3]
        [--variants spacy "analyze -j1" "analyze -j2" "ray 2 CPUs"]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import fresh
import mixed

ROOT = Path(__file__).resolve().parents[1]

_SAMPLER = """
import os, threading, time, psutil, resource
_peak = {"main": 0, "worker": 0, "total": 0}
def _sample():
    me = psutil.Process(os.getpid())
    while True:
        try:
            kids = me.children(recursive=True)
            main = me.memory_info().rss
            rss = []
            for k in kids:
                try:
                    rss.append(k.memory_info().rss)
                except psutil.Error:
                    pass
            _peak["main"] = max(_peak["main"], main)
            _peak["worker"] = max([_peak["worker"], *rss])
            _peak["total"] = max(_peak["total"], main + sum(rss))
        except psutil.Error:
            pass
        time.sleep(0.2)
threading.Thread(target=_sample, daemon=True).start()
def _high_water():
    # this process's own peak: the kernel's VmHWM (ru_maxrss would carry over the peak of
    # the benchmark process that started this one, which may be far larger)
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
def peaks():
    main = max(_peak["main"], _high_water())
    return {"peak_main_mb": main / 2**20, "peak_worker_mb": _peak["worker"] / 2**20,
            "peak_total_mb": max(_peak["total"], main) / 2**20}
"""

_ANALYZE = (
    _SAMPLER
    + """
import json, sys, time, tocsin
db, workers, engine, source = sys.argv[1:5]
start = time.perf_counter()
s = tocsin.analyze([source], db=db, workers=int(workers), engine=engine)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "added": s.articles_added, "words": s.words,
                  "sentences": s.sentences, "parsed": s.sentences_parsed,
                  "events": s.added.get("events", 0), **peaks()}))
"""
)

_SPACY = (
    _SAMPLER
    + """
import json, sys, time
sys.path.insert(0, sys.argv[3])
import mixed
import spacy
from tocsin.nlp import resolve_model_name
from tocsin.records import Article
source, n_process = sys.argv[1], int(sys.argv[2])
items = [Article(id=r["id"], text=r["text"], title=r["title"], source="")
         for r in map(json.loads, open(source, encoding="utf-8"))]
texts = mixed.baseline_texts(items)
nlp = spacy.load(resolve_model_name("auto"))  # the model as published, none of tocsin's parts
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
    pass
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "added": len(items), "words": mixed.words(items),
                  **peaks()}))
"""
)


def spacy_run(source: Path, n_process: int = 1) -> dict[str, Any]:
    """spaCy ``nlp.pipe`` over the articles of ``source`` in a fresh process."""
    return fresh.run(_SPACY, str(source), str(n_process), str(Path(__file__).parent))


def analyze_run(source: Path, db: Path, *, workers: int, engine: str = "local") -> dict[str, Any]:
    """``tocsin.analyze`` of ``source`` into a new database ``db`` in a fresh process."""
    db.unlink(missing_ok=True)
    return fresh.run(_ANALYZE, str(db), str(workers), engine, str(source))


def ray_available() -> str | None:
    """None when a local Ray instance starts here, else why not."""
    code = "import ray; ray.init(num_cpus=1, include_dashboard=False); ray.shutdown()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return None
    return (done.stderr.strip().splitlines() or ["unknown error"])[-1]


VARIANTS: dict[str, dict[str, Any]] = {
    "spacy": {},
    "analyze -j1": {"workers": 1},
    "analyze -j2": {"workers": 2},
    "ray 2 CPUs": {"workers": 2, "engine": "ray"},
}


def measure(
    size: int, repeat: int, tmp: Path, *, ray: bool, variants: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each of ``variants`` ``repeat`` times, interleaved, on the first ``size`` articles."""
    items = mixed.articles(size)
    if len(items) < size:
        print(f"  only {len(items)} held-out articles for size {size}", flush=True)
    source = mixed.write_jsonl(items, tmp / f"corpus-{size}.jsonl")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    for r in range(repeat):
        for name in variants:
            opts = VARIANTS[name]
            if name.startswith("ray") and not ray:
                continue
            if name == "spacy":
                res = spacy_run(source)
            else:
                db = tmp / f"{name.replace(' ', '_')}-{size}-{r}.duckdb"
                res = analyze_run(source, db, **opts)
            print(f"  {size} articles, repeat {r + 1}: {name}: {_brief(res)}", flush=True)
            runs[name].append(res)
    return runs


def _brief(res: dict[str, Any]) -> str:
    if "error" in res:
        return f"failed: {res['error']}"
    return f"{res['seconds']:.1f} s, peak total {res['peak_total_mb']:.0f} MB"


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def event_ids(db: Path) -> set[str]:
    """The event ids stored in ``db``."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT id FROM events").fetchall()}
    finally:
        con.close()


def report(size: int, runs: dict[str, list[dict[str, Any]]]) -> None:
    """Print the medians, ratios and memory peaks of one corpus size."""
    ok = {k: [r for r in v if "error" not in r] for k, v in runs.items()}
    base, j1 = ok.get("spacy"), ok.get("analyze -j1")
    repeats = max(len(v) for v in runs.values())
    print(f"\n{size} articles ({repeats} repeats, medians)")
    print(
        f"  {'variant':<12} {'s':>8} {'words/s':>9} {'art/s':>7} {'x spaCy':>8} {'x -j1':>6} "
        f"{'main MB':>8} {'worker MB':>9} {'total MB':>8} {'parsed':>7}"
    )
    for name, rs in ok.items():
        if not rs:
            if runs[name]:
                print(f"  {name:<12} failed: {runs[name][0]['error']}")
            continue
        secs = _median(rs, "seconds")
        words, added = rs[0]["words"], rs[0]["added"]
        vs_spacy = _median(base, "seconds") / secs if base else float("nan")
        vs_j1 = _median(j1, "seconds") / secs if j1 else float("nan")
        parsed = f"{rs[0]['parsed'] / rs[0]['sentences']:.0%}" if rs[0].get("sentences") else "-"
        print(
            f"  {name:<12} {secs:8.1f} {words / secs:9.0f} {added / secs:7.1f} {vs_spacy:8.2f} "
            f"{vs_j1:6.2f} {_median(rs, 'peak_main_mb'):8.0f} "
            f"{_median(rs, 'peak_worker_mb'):9.0f} {_median(rs, 'peak_total_mb'):8.0f} {parsed:>7}"
        )


def main() -> None:
    """Run every size and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant and size")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray variant")
    parser.add_argument(
        "--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS),
        help="variants to run (default: all); e.g. only 'analyze -j2' at 20k articles",
    )  # fmt: skip
    args = parser.parse_args()
    wants_ray = any(v.startswith("ray") for v in args.variants)
    if args.no_ray or not wants_ray:
        why = "skipped (--no-ray)" if args.no_ray else "not among --variants"
    else:
        why = ray_available()
    if why:
        print(f"Ray variant: {why}")
    results = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for size in args.sizes:
            results[size] = measure(size, args.repeat, tmp, ray=why is None, variants=args.variants)
            if why is None and "analyze -j1" in args.variants and size == min(args.sizes):
                local = event_ids(tmp / f"analyze_-j1-{size}-0.duckdb")
                remote = event_ids(tmp / f"ray_2_CPUs-{size}-0.duckdb")
                same = "identical" if local == remote else f"DIFFER ({len(local ^ remote)})"
                print(f"  event ids, -j1 vs Ray at {size} articles: {same} ({len(local)} events)")
        for size, runs in results.items():
            report(size, runs)


if __name__ == "__main__":
    main()

"""Throughput of ``tocsin analyze`` next to spaCy's own ``nlp.pipe`` on the same texts.

Measured in one run, each variant repeated (median reported):

1. ``spacy``      — ``nlp.pipe`` over the articles' paragraphs (the baseline);
2. ``parse``      — tocsin's NLP stage alone (paragraph split + ``nlp.pipe`` + sentences);
3. ``extract``    — NLP plus every configured stage (actors, weapons, events, quotes, threats,
                    dates, intensity): the extraction overhead is (extract − parse) / spacy;
4. ``analyze``    — the whole command end to end in a fresh process: ingest, NLP, stages,
                    DuckDB writes and finalizers, with the process's peak RSS;
5. ``analyze -j2`` — the same with two worker processes.

The corpus is BBC News politics (``corpora/bbc-news-raw/politics``, read in place from
$TOCSIN_CORPORA or ../shared); without it, the demo corpus in examples/.

    .venv/bin/python benchmarks/throughput.py [--limit 200] [--repeat 3] [--no-workers]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def corpus(limit: int) -> tuple[list[Path], str]:
    """The benchmark's input files and a description of them."""
    env = os.environ.get("TOCSIN_CORPORA")
    for base in [*([Path(env)] if env else []), ROOT.parent / "shared"]:
        folder = base / "corpora" / "bbc-news-raw" / "politics"
        if not folder.is_dir():
            folder = base / "bbc-news-raw" / "politics"
        if folder.is_dir():
            files = sorted(folder.glob("*.txt"))[:limit]
            return files, f"BBC News politics, {len(files)} articles"
    return [ROOT / "examples" / "news.jsonl"], "examples/news.jsonl (shared corpora absent)"


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(files: list[Path], repeat: int) -> dict[str, Any]:
    """spaCy vs tocsin's parse and extraction, and per-stage times, in this process."""
    from tocsin.config import default_settings
    from tocsin.ingest import read_sources
    from tocsin.nlp import load_model, paragraphs
    from tocsin.pipeline import Processor
    from tocsin.records import Article

    settings = default_settings()
    articles = [a for a in read_sources([str(f) for f in files]) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_model(settings.nlp.model)
    texts = [p for a in articles for _, p in paragraphs(a.text, max_chars=settings.nlp.max_chars)]
    bare = settings.pipeline.model_copy(update={"stages": ()})
    parse_only = Processor(settings.model_copy(update={"pipeline": bare}))
    full = Processor(settings)
    batch = settings.nlp.batch_size
    out: dict[str, Any] = {"articles": len(articles), "words": words}
    out["spacy_s"] = median_time(lambda: list(nlp.pipe(texts, batch_size=batch)), repeat)
    out["parse_s"] = median_time(lambda: parse_only.process(articles), repeat)
    out["extract_s"] = median_time(lambda: full.process(articles), repeat)
    out["stages_s"] = stage_times(parse_only, full, articles)
    return out


def stage_times(parse_only: Any, full: Any, articles: list[Any]) -> dict[str, float]:
    """Seconds spent in each configured stage over ``articles`` (one run)."""
    docs = parse_only.process(articles, keep_parse=True)
    times: dict[str, float] = {}
    for stage in full.stages:
        start = time.perf_counter()
        docs = [stage(d) for d in docs]
        times[stage.name] = time.perf_counter() - start
    return times


_CHILD = """
import json, resource, sys, time, tocsin
start = time.perf_counter()
summary = tocsin.analyze(sys.argv[2:], db=sys.argv[1], workers=int(sys.argv[0] or 1))
elapsed = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": elapsed, "added": summary.articles_added, "words": summary.words,
                  "peak_rss_mb": peak / 1024}))
"""


def end_to_end(files: list[Path], workers: int) -> dict[str, Any]:
    """``tocsin.analyze`` into a fresh database in a fresh process; time and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.duckdb")
        args = [sys.executable, "-c", _CHILD.replace("sys.argv[0]", f"'{workers}'"), db]
        args += [str(f) for f in files]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(what: str, res: dict[str, Any], e2e: dict[str, dict[str, Any]]) -> None:
    """Print the figures and the ratios to the spaCy baseline."""
    w, spacy = res["words"], res["spacy_s"]
    print(f"corpus: {what}; {res['articles']} articles, {w:,} words")
    for key in ("spacy_s", "parse_s", "extract_s"):
        secs = res[key]
        rate = res["articles"] / secs
        print(
            f"  {key[:-2]:<8} {secs:7.2f} s  {w / secs:8.0f} words/s  {rate:6.1f} articles/s"
            f"  x{secs / spacy:.2f} of spaCy"
        )
    overhead = (res["extract_s"] - res["parse_s"]) / spacy
    print(f"  extraction adds {overhead:.1%} to spaCy's parse time (target <= 25%)")
    for name, secs in res["stages_s"].items():
        print(f"    stage {name:<10} {secs:6.2f} s  ({secs / spacy:.1%} of parse)")
    for label, r in e2e.items():
        secs = r["seconds"]
        print(
            f"  analyze {label:<5} {secs:7.2f} s  {r['words'] / secs:8.0f} words/s"
            f"  {r['added'] / secs:6.1f} articles/s  peak RSS {r['peak_rss_mb']:.0f} MB"
        )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="articles to use")
    parser.add_argument("--repeat", type=int, default=3, help="timed repeats per variant")
    parser.add_argument("--no-workers", action="store_true", help="skip the -j2 run")
    args = parser.parse_args()
    files, what = corpus(args.limit)
    res = in_process(files, args.repeat)
    e2e = {"-j1": end_to_end(files, 1)}
    if not args.no_workers:
        e2e["-j2"] = end_to_end(files, 2)
    report(what, res, e2e)


if __name__ == "__main__":
    main()

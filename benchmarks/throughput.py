"""Throughput of ``tocsin analyze`` next to spaCy's own ``nlp.pipe``, and what the cascade costs.

Corpus: the mixed real-news corpus of ``benchmarks/mixed.py`` (BBC News, AG News, Reuters;
the cascade filter's training fold left out), or ``--corpus bbc`` for BBC politics only.
Everything below is measured in one run; timed variants are interleaved and repeated, and
medians reported.

1. In this process, on the same articles: ``spacy`` (``nlp.pipe`` over the texts: the
   baseline), ``full`` (tocsin's NLP and every stage, cascade off) and ``cascade`` (the same
   with the cascade on); per-stage times for the cascade run.
2. What the cascade drops: the share of sentences (and characters) parsed, and how many of
   the events, quotes and weapon mentions of the full parse it still finds (same key:
   article, sentence text, type, source, target).
3. Event F1 on ``eval/realnews_dev.jsonl`` and ``eval/dev_sentences.jsonl``, cascade on vs.
   off (the issue's bar: at most one point lost on each).
4. End to end, each in a fresh process: ``tocsin.analyze`` with one and with two worker
   processes, next to spaCy ``nlp.pipe`` with the same number of processes over the same
   texts; words/s and the ratio (the issue's bar: at least 3x), peak memory.

    .venv/bin/python benchmarks/throughput.py [--limit 2000] [--repeat 3] [--corpus mixed]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mixed
import scale

ROOT = Path(__file__).resolve().parents[1]


def corpus(which: str, limit: int) -> tuple[list[Any], str]:
    """The benchmark's articles and a description of them."""
    if which == "bbc":
        from tocsin.ingest import read_sources
        from tocsin.records import Article

        folder = mixed.shared_root() / "corpora" / "bbc-news-raw" / "politics"
        files = [str(p) for p in sorted(folder.glob("*.txt"))[:limit]]
        items = [a for a in read_sources(files) if isinstance(a, Article)]
        return items, f"BBC News politics, {len(items)} articles"
    items = mixed.articles(limit)
    return items, f"mixed BBC + AG News + Reuters (held out), {len(items)} articles"


def settings_with(*, cascade: bool) -> Any:
    """The packaged settings with the cascade on or off."""
    from tocsin.config import default_settings

    s = default_settings()
    return s.model_copy(update={"cascade": s.cascade.model_copy(update={"enabled": cascade})})


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def in_process(items: list[Any], repeat: int) -> dict[str, Any]:
    """spaCy vs tocsin without and with the cascade, interleaved; medians."""
    import spacy

    from tocsin.nlp import resolve_model_name
    from tocsin.pipeline import Processor

    nlp = spacy.load(resolve_model_name("auto"))  # as published: no tocsin component
    texts = mixed.baseline_texts(items)
    full, cascade = Processor(settings_with(cascade=False)), Processor(settings_with(cascade=True))

    def run(proc: Processor) -> Callable[[], object]:
        def go() -> object:
            proc.cache.clear()  # every repeat parses again: no texts remembered from the last
            return proc.process(items)

        return go

    variants: dict[str, Callable[[], object]] = {
        "spacy": lambda: list(nlp.pipe(texts, batch_size=32)),
        "full": run(full),
        "cascade": run(cascade),
    }
    cascade.process(items[:20])  # warm-up: lazily built caches
    full.process(items[:20])
    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            times[name].append(timed(fn))
    return {k: statistics.median(v) for k, v in times.items()}


def stage_times(items: list[Any]) -> dict[str, float]:
    """Seconds in the NLP step and in each stage, cascade on (one run)."""
    from tocsin.pipeline import Processor

    proc = Processor(settings_with(cascade=True))
    bare = Processor(settings_with(cascade=True).model_copy(
        update={"pipeline": settings_with(cascade=True).pipeline.model_copy(update={"stages": ()})}
    ))  # fmt: skip
    out = {"nlp": timed(lambda: bare.process(items))}
    docs = bare.process(items, keep_parse=True)
    for stage in proc.stages:
        start = time.perf_counter()
        docs = [stage(d) for d in docs]
        out[stage.name] = time.perf_counter() - start
    return out


def _keys(docs: list[Any], what: str) -> Counter[tuple[Any, ...]]:
    keys: Counter[tuple[Any, ...]] = Counter()
    for d in docs:
        text = {s.index: s.text for s in d.sentences}
        if what == "events":
            keys.update(
                (d.article.id, text.get(e.sentence_index), e.type,
                 e.source.code if e.source else None, e.target.code if e.target else None)
                for e in d.events
            )  # fmt: skip
        elif what == "quotes":
            keys.update((d.article.id, q.start, q.end) for q in d.quotes)
        else:
            keys.update((d.article.id, w.start, w.end) for w in d.weapons)
    return keys


def dropped(items: list[Any]) -> dict[str, Any]:
    """What the cascade parses and what it still finds, against the full parse."""
    from tocsin.pipeline import Processor

    off = Processor(settings_with(cascade=False)).process(items)
    on_proc = Processor(settings_with(cascade=True))
    on = on_proc.process(items)
    sents = [s for d in on for s in d.sentences]
    out: dict[str, Any] = {
        "sentences": len(sents),
        "sentences_parsed": sum(s.parsed for s in sents),
        "chars_parsed": sum(len(s.text) for s in sents if s.parsed)
        / sum(len(s.text) for s in sents),
        "cache_hits": on_proc.cache.hits,
    }
    for what in ("events", "quotes", "weapons"):
        full, kept = _keys(off, what), _keys(on, what)
        out[what] = (sum((full & kept).values()), sum(full.values()), sum((kept - full).values()))
    return out


def dev_f1() -> dict[str, dict[str, float]]:
    """Event F1 (and type F1) on the two dev sets, cascade off and on."""
    from tocsin.extract import evaluate_file

    out: dict[str, dict[str, float]] = {}
    for name in ("realnews_dev", "dev_sentences"):
        gold = mixed.shared_root() / "eval" / f"{name}.jsonl"
        for label, on in (("off", False), ("on", True)):
            result, _ = evaluate_file(gold, settings=settings_with(cascade=on))
            out[f"{name} {label}"] = {
                "event": result["event"]["f1"], "type": result["type"]["f1"],
                "p": result["event"]["p"], "r": result["event"]["r"],
            }  # fmt: skip
    return out


def end_to_end(items: list[Any], repeat: int, tmp: Path) -> dict[str, list[dict[str, Any]]]:
    """Fresh-process runs, interleaved: spaCy and analyze with one and two processes."""
    source = mixed.write_jsonl(items, tmp / "corpus.jsonl")
    runs: dict[str, list[dict[str, Any]]] = {
        "spacy -n1": [], "analyze -j1": [], "spacy -n2": [], "analyze -j2": []
    }  # fmt: skip
    for r in range(repeat):
        runs["spacy -n1"].append(scale.spacy_run(source, 1))
        runs["analyze -j1"].append(scale.analyze_run(source, tmp / f"j1-{r}.duckdb", workers=1))
        runs["spacy -n2"].append(scale.spacy_run(source, 2))
        runs["analyze -j2"].append(scale.analyze_run(source, tmp / f"j2-{r}.duckdb", workers=2))
        print(f"  end-to-end repeat {r + 1} done", flush=True)
    return runs


def report(what: str, items: list[Any], res: dict[str, Any]) -> None:
    """Print every figure and ratio."""
    words = mixed.words(items)
    print(f"\ncorpus: {what}; {words:,} words")
    spacy = res["in_process"]["spacy"]
    print("in process (medians):")
    for name, secs in res["in_process"].items():
        print(
            f"  {name:<8} {secs:7.1f} s {words / secs:8.0f} words/s  x{spacy / secs:.2f} of spaCy"
        )
    print(
        "  cascade run, seconds per step: "
        + ", ".join(f"{k} {v:.1f}" for k, v in res["stages"].items())
    )
    d = res["dropped"]
    print(
        f"cascade: parsed {d['sentences_parsed']:,} of {d['sentences']:,} sentences "
        f"({d['sentences_parsed'] / d['sentences']:.1%}), {d['chars_parsed']:.1%} of the "
        f"characters; parse-cache hits {d['cache_hits']}"
    )
    for what_ in ("events", "quotes", "weapons"):
        kept, total, extra = d[what_]
        share = kept / total if total else 1.0
        print(f"  {what_:<8} kept {kept} of {total} ({share:.1%}) of the full parse's; {extra} new")
    print("dev sets (event F1, cascade off -> on):")
    for name in ("realnews_dev", "dev_sentences"):
        off, on = res["dev"][f"{name} off"], res["dev"][f"{name} on"]
        print(
            f"  {name:<14} event F1 {off['event']:.3f} -> {on['event']:.3f} "
            f"({(on['event'] - off['event']) * 100:+.1f} points; P {on['p']:.3f} R {on['r']:.3f}); "
            f"type F1 {off['type']:.3f} -> {on['type']:.3f}"
        )
    print("end to end, fresh processes (medians; ratio: words/s over spaCy's, same processes):")
    e2e = res["e2e"]
    for n in ("1", "2"):
        base = [r for r in e2e[f"spacy -n{n}"] if "error" not in r]
        mine = [r for r in e2e[f"analyze -j{n}"] if "error" not in r]
        failed = e2e[f"analyze -j{n}"] + e2e[f"spacy -n{n}"]
        if not failed:
            print(f"  {n} process(es): skipped (--no-e2e)")
            continue
        if not base or not mine:
            print(f"  {n} process(es): a run failed: {failed}")
            continue
        b, m = (
            statistics.median(r["seconds"] for r in base),
            statistics.median(r["seconds"] for r in mine),
        )
        main_mb = statistics.median(r["peak_main_mb"] for r in mine)
        total_mb = statistics.median(r["peak_total_mb"] for r in mine)
        paired = statistics.median(
            x["seconds"] / y["seconds"] for x, y in zip(base, mine, strict=False)
        )
        print(
            f"  {n} process(es): spaCy {words / b:8.0f} words/s ({b:.1f} s); analyze "
            f"{words / m:8.0f} words/s ({m:.1f} s, parsed "
            f"{mine[0]['parsed'] / max(mine[0]['sentences'], 1):.0%}); ratio x{b / m:.2f} "
            f"(paired median x{paired:.2f}); peak main {main_mb:.0f} MB, total {total_mb:.0f} MB"
        )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="articles to use")
    parser.add_argument("--repeat", type=int, default=3, help="timed repeats per variant")
    parser.add_argument("--corpus", choices=("mixed", "bbc"), default="mixed")
    parser.add_argument("--no-e2e", action="store_true", help="skip the fresh-process runs")
    args = parser.parse_args()
    items, what = corpus(args.corpus, args.limit)
    res: dict[str, Any] = {"dev": dev_f1()}
    print("dev sets scored", flush=True)
    res["dropped"] = dropped(items)
    res["in_process"] = in_process(items, args.repeat)
    res["stages"] = stage_times(items)
    print("in-process runs done", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        res["e2e"] = {} if args.no_e2e else end_to_end(items, args.repeat, Path(tmp))
    if args.no_e2e:
        res["e2e"] = {k: [] for k in ("spacy -n1", "analyze -j1", "spacy -n2", "analyze -j2")}
    report(what, items, res)


if __name__ == "__main__":
    main()

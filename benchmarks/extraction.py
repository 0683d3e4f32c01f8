"""Article-body extraction quality on the scrapinghub article-extraction benchmark.

Reads ``corpora/scrapinghub-aeb/html/*.html`` and ``ground-truth.json`` in place (from
``$TOCSIN_CORPORA`` or ``../shared``) and scores two extractors on every page:

- ``tocsin``: the HTML reader's ``extract_page`` (precision mode, recall fallback);
- ``baseline``: ``trafilatura.extract(html)`` with its default settings.

Scores are bags of word tokens (``\\w+``, as the benchmark tokenises): precision = shared
tokens / extracted tokens, recall = shared tokens / true tokens, per page. The benchmark's
own measure (4-word shingles, P and R averaged over pages, F1 of the averages) is printed
too (``--ngram`` changes the shingle size of the per-page table).

    .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--ngram 1] [--worst 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


def corpus_dir(given: str | None) -> Path | None:
    """The benchmark folder: ``--corpus``, else under $TOCSIN_CORPORA or ../shared."""
    if given:
        return Path(given)
    env = os.environ.get("TOCSIN_CORPORA")
    bases = [Path(env), Path(env) / "corpora"] if env else []
    bases.append(ROOT.parent / "shared" / "corpora")
    for base in bases:
        if (base / "scrapinghub-aeb" / "ground-truth.json").exists():
            return base / "scrapinghub-aeb"
    return None


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """Bag of ``n``-word shingles of ``text`` (n = 1: bag of words)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def score(truth: str, predicted: str, n: int = 1) -> Score:
    """Precision, recall and F1 of ``predicted`` against ``truth`` over ``n``-word bags."""
    want, got = shingles(truth, n), shingles(predicted, n)
    shared = sum((want & got).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    # Empty prediction of an empty truth is perfect; otherwise empty sides score 0.
    precision = shared / n_got if n_got else float(n_want == 0)
    recall = shared / n_want if n_want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def ours(html: str) -> str:
    """The body tocsin's HTML reader extracts."""
    from tocsin.ingest.html import extract_page

    page = extract_page(html)
    return page.text if page else ""


def baseline(html: str) -> str:
    """trafilatura's ``extract()`` with its default settings."""
    import trafilatura

    return trafilatura.extract(html) or ""


def run(name: str, extract: Callable[[str], str], pages: dict[str, str]) -> dict[str, str]:
    """Extract every page; print the time taken; return the outputs."""
    started = time.perf_counter()
    outputs = {key: extract(html) for key, html in pages.items()}
    seconds = time.perf_counter() - started
    print(
        f"{name}: {len(pages)} pages in {seconds:.1f} s ({seconds / len(pages) * 1000:.0f} ms/page)"
    )
    return outputs


def report(name: str, outputs: dict[str, str], truth: dict[str, str], n: int) -> list[float]:
    """Print the per-page mean and median P/R/F1 and the benchmark's own F1."""
    scores = [score(truth[k], outputs[k], n) for k in truth]
    row = [name]
    for field in ("f1", "precision", "recall"):
        values = [getattr(s, field) for s in scores]
        row.append(f"{statistics.mean(values):.3f} / {statistics.median(values):.3f}")
    shingled = [score(truth[k], outputs[k], 4) for k in truth]
    p4 = statistics.mean(s.precision for s in shingled)
    r4 = statistics.mean(s.recall for s in shingled)
    row.append(f"{2 * p4 * r4 / (p4 + r4):.3f}")
    print("  ".join(f"{cell:<16}" for cell in row))
    return [s.f1 for s in scores]


def main(argv: list[str] | None = None) -> int:
    """Score both extractors and print the table; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="the scrapinghub-aeb folder")
    parser.add_argument("--ngram", type=int, default=1, help="shingle size (1 = words)")
    parser.add_argument("--worst", type=int, default=5, help="list the N worst pages")
    args = parser.parse_args(argv)
    folder = corpus_dir(args.corpus)
    if folder is None:
        print("scrapinghub-aeb corpus not found (set TOCSIN_CORPORA)", file=sys.stderr)
        return 2
    truth = {
        k: v.get("articleBody", "")
        for k, v in json.loads((folder / "ground-truth.json").read_text("utf-8")).items()
    }
    pages = {k: (folder / "html" / f"{k}.html").read_text("utf-8") for k in truth}
    extractors = (("tocsin", ours), ("baseline", baseline))
    results = {name: run(name, fn, pages) for name, fn in extractors}
    print()
    header = ["extractor", "F1 mean/median", "P mean/median", "R mean/median", "AEB F1 (4-gram)"]
    print("  ".join(f"{h:<16}" for h in header))
    f1s = {name: report(name, out, truth, args.ngram) for name, out in results.items()}
    worst = sorted(zip(f1s["tocsin"], truth, strict=True))[: args.worst]
    if worst:
        print("\nworst pages (tocsin F1, baseline F1):")
        keys = list(truth)
        for f1, key in worst:
            print(f"  {key[:16]}  {f1:.3f}  {f1s['baseline'][keys.index(key)]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How the cascade filter improves with more training articles (the learning curve behind
``train/cascade.py``'s fold and ``L2``).

Every BBC News and AG News article that ``train/cascade.py`` may use (no dev passage) is
labelled with the full pipeline; filters are trained on the articles whose id hashes into
the first quarter, half and three quarters (the fold's hash) and scored on the last quarter:
for each recall of its events, the share of the sentences with a trigger word that the
filter passes, and of the characters of all sentences.

    python train/cascade_curve.py [--l2 10 30 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from linear import fit, predict, vectorise  # noqa: E402
from pool import shared_root  # noqa: E402

import cascade  # noqa: E402
from tocsin.records import Article  # noqa: E402

RECALLS = (0.99, 0.985, 0.97, 0.95)
TRAIN_BELOW = (64, 128, 192)  # the first quarter, half and three quarters by the fold's hash
TEST_FROM = 192


def _bucket(article_id: str) -> int:
    return hashlib.blake2b(article_id.encode(), digest_size=2).digest()[0]


def sentence_rows(articles: list[Article], labels: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Every sketched sentence (``cascade.sketched_sentences``): its article's bucket,
    features (None without a trigger word), events whose trigger lies in it, and length."""
    return [
        {"bucket": _bucket(art.id), "features": feats, "events": inside,
         "chars": sk.end - sk.start}
        for art, sentences in cascade.sketched_sentences(articles, labels)
        for _, sk, inside, feats in sentences
    ]  # fmt: skip


def curve(rows: list[dict[str, Any]], l2: float) -> list[str]:
    """One line per training size: the shares passed at each of ``RECALLS``."""
    test = [r for r in rows if r["bucket"] >= TEST_FROM]
    cued = [r for r in test if r["features"] is not None]
    y = np.array([1.0 if r["events"] else 0.0 for r in cued])
    w = np.array([float(max(r["events"], 1)) for r in cued])
    chars = np.array([r["chars"] for r in cued], dtype=float)
    all_chars = float(sum(r["chars"] for r in test))
    lines = []
    for below in TRAIN_BELOW:
        train = [r for r in rows if r["bucket"] < below and r["features"] is not None]
        ty = np.array([1.0 if r["events"] else 0.0 for r in train])
        tw = np.array([float(max(r["events"], 1)) for r in train])
        names, x = vectorise([r["features"] for r in train])
        weights, bias = fit(x, ty, l2=l2, sample_weight=tw)
        p = predict(vectorise([r["features"] for r in cued], names)[1], weights, bias)
        cells = []
        for target in RECALLS:
            t, cued_share, _ = cascade.choose_threshold(p, y, w, recall=target)
            share = float(chars[p >= t].sum()) / all_chars
            cells.append(f"{target:.1%}: t {t:.3f}, {cued_share:.1%} cued, {share:.1%} chars")
        lines.append(
            f"L2 {l2:g}, first {below}/256 ({int(ty.sum())} positives) | " + " | ".join(cells)
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--l2", type=float, nargs="+", default=[10.0, 30.0, 60.0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cache", default=str(HERE / ".cache"))
    args = ap.parse_args(argv)
    root = shared_root()
    articles = cascade.training_articles(root, 10**6, fold=lambda _: True)
    path = Path(args.cache) / f"cascade-labels-all-{len(articles)}.json"
    if path.exists():
        labels = json.loads(path.read_text("utf-8"))
    else:
        labels = cascade.label(articles, args.workers)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(labels), "utf-8")
    rows = sentence_rows(articles, labels)
    test = [r for r in rows if r["bucket"] >= TEST_FROM]
    print(
        f"{len(articles)} articles; test quarter: {len(test)} sentences, "
        f"{sum(r['events'] for r in test)} events"
    )
    for l2 in args.l2:
        for line in curve(rows, l2):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

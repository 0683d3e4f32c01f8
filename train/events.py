"""Train the event ranker (``src/tocsin/models/events``) on coded real-news passages.

Data: ``eval/realnews_train.jsonl`` and the team's labels (``train/annotations``), never
``eval/realnews_dev.jsonl``. Every passage goes through tocsin's own pipeline up to the rule
coder; each candidate (an ordered pair of actor mentions of a sentence, or an actor alone,
see ``tocsin.events.candidates``) gets a label per PLOVER type: 1 when the passage's gold
has that (source, type, target) event and its evidence lies in the candidate's sentence or
the candidate's sentence is the headline; weight 0 (left out) when the gold has it
elsewhere in the passage; 0 otherwise.

One L2 logistic regression per type (``train/linear.py``). Five folds by passage give
out-of-fold scores; on them, at the passage level (each key once, as ``tocsin eval``
scores), the script picks the decision threshold (best event F1 with precision at least
``MIN_PRECISION``) and fits the calibration that turns a score into the precision observed
at that score (isotonic, pooled adjacent violators). The final weights are fitted on all
passages.

    python train/events.py [--out src/tocsin/models/events] [--cache DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import pickle
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from data import training_passages  # noqa: E402
from linear import fit, predict, vectorise  # noqa: E402

from tocsin.config import load_settings  # noqa: E402
from tocsin.ingest.repair import repair_text  # noqa: E402
from tocsin.events.ranker import type_rows  # noqa: E402
from tocsin.records import Article  # noqa: E402

TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")  # fmt: skip
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
FOLDS = 5
L2 = 2.0
MIN_PRECISION = 0.75
BATCH = 64


@dataclass(slots=True)
class Row:
    """One (candidate, type): its passage, sentence, key, type, features, label, weight."""

    passage: int
    sentence: int
    key: tuple[str | None, str | None]
    type: str
    features: dict[str, float]
    label: float
    weight: float
    flagged: bool  # the event would be emitted negated/hypothetical


def gold_key(source: str | None, type_: str, target: str | None) -> tuple[Any, ...]:
    if type_ in SYMMETRIC:
        a, b = sorted([source or "", target or ""])
        return (a or None, type_, b or None)
    return (source, type_, target)


def build_rows(passages: list[dict[str, Any]]) -> list[Row]:
    """Run the pipeline over ``passages`` and turn every candidate into a ``Row``."""
    from tocsin.events.ranker import CandidateBuilder
    from tocsin.pipeline import Processor

    settings = load_settings(overrides={"pipeline.stages": ["actors", "quotes", "events"]})
    proc = Processor(settings)
    builder = CandidateBuilder.from_settings(settings)
    rows: list[Row] = []
    for start in range(0, len(passages), BATCH):
        chunk = passages[start : start + BATCH]
        arts = [
            Article(id=p["id"], text=repair_text(p["text"]), source=p["id"],
                    published=dt.date.fromisoformat(p["pub_date"]))
            for p in chunk
        ]  # fmt: skip
        for n, (p, doc) in enumerate(zip(chunk, proc.process(arts, keep_parse=True), strict=True)):
            rows.extend(_rows(start + n, p, doc, builder))
        print(f"  {min(start + BATCH, len(passages))}/{len(passages)} passages", file=sys.stderr)
    return rows


def _rows(index: int, passage: dict[str, Any], doc: Any, builder: Any) -> list[Row]:
    text = doc.article.text
    gold: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for ev in passage["events"]:
        where = text.find(repair_text(ev.get("evidence") or ""))
        sent = next((s.index for s in doc.sentences if s.start <= where < s.end), -1)
        gold[gold_key(ev["source"], ev["type"], ev["target"])].add(sent)
    headlines = {s.index for s in doc.sentences if s.kind == "headline"}
    out = []
    for cand in builder.candidates(doc):
        i = cand.ps.sentence.index
        for t, features in type_rows(cand.features).items():
            sents = gold.get(gold_key(cand.key[0], t, cand.key[1]))
            if sents is None:
                label, weight = 0.0, 1.0
            elif i in sents or i in headlines or -1 in sents:
                label, weight = 1.0, 1.0
            else:
                label, weight = 0.0, 0.0  # the gold event stands elsewhere in the passage
            out.append(Row(index, i, cand.key, t, features, label, weight, builder.flagged(cand, t)))
    return out


def _fold(passage_id: str) -> int:
    return hashlib.sha256(passage_id.encode()).digest()[0] % FOLDS


def fit_rows(x: Any, rows: list[Row]) -> tuple[np.ndarray, float]:
    y = np.array([r.label for r in rows])
    w8 = np.array([r.weight for r in rows])
    return fit(x, y, l2=L2, balance=False, sample_weight=w8)


def out_of_fold(rows: list[Row], x: Any, ids: list[str]) -> np.ndarray:
    """Out-of-fold scores (the feature vocabulary is shared by all folds)."""
    folds = np.array([_fold(ids[r.passage]) for r in rows])
    scores = np.zeros(len(rows))
    for k in range(FOLDS):
        train_idx = np.where(folds != k)[0]
        test_idx = np.where(folds == k)[0]
        w, b = fit_rows(x[train_idx], [rows[i] for i in train_idx])
        scores[test_idx] = predict(x[test_idx], w, b)
        print(f"  fold {k + 1}/{FOLDS}", file=sys.stderr)
    return scores


def passage_decisions(rows: list[Row], scores: np.ndarray) -> dict[tuple[Any, ...], tuple[float, bool]]:
    """Best score per (passage, key) and whether that best candidate is flagged."""
    best: dict[tuple[Any, ...], tuple[float, bool]] = {}
    for n, r in enumerate(rows):
        k = (r.passage, *gold_key(r.key[0], r.type, r.key[1]))
        s = float(scores[n])
        if k not in best or s > best[k][0]:
            best[k] = (s, r.flagged)
    return best


def evaluate(best: dict[tuple[Any, ...], tuple[float, bool]], passages: list[dict[str, Any]],
             threshold: float) -> tuple[float, float, float]:  # fmt: skip
    gold = set()
    flagged_gold = set()
    for n, p in enumerate(passages):
        for ev in p["events"]:
            k = (n, *gold_key(ev["source"], ev["type"], ev["target"]))
            (flagged_gold if ev["negated"] or ev["hypothetical"] else gold).add(k)
    system = {k for k, (s, flag) in best.items() if s >= threshold and not flag}
    tp = len(system & gold)
    fp = len(system - gold)
    fn = len(gold - system)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def isotonic(scores: np.ndarray, hits: np.ndarray, bins: int = 20) -> list[list[float]]:
    """Pool-adjacent-violators on score-sorted bins: [[score, precision], ...], increasing."""
    order = np.argsort(scores)
    s, h = scores[order], hits[order]
    chunks = np.array_split(np.arange(len(s)), bins)
    blocks = [[float(s[c].mean()), float(h[c].mean()), len(c)] for c in chunks if len(c)]
    merged: list[list[float]] = []
    for b in blocks:
        merged.append(b)
        while len(merged) > 1 and merged[-2][1] > merged[-1][1]:
            x2, y2, n2 = merged.pop()
            x1, y1, n1 = merged.pop()
            n = n1 + n2
            merged.append([(x1 * n1 + x2 * n2) / n, (y1 * n1 + y2 * n2) / n, n])
    return [[round(x, 4), round(y, 4)] for x, y, _ in merged]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(HERE.parent / "src" / "tocsin" / "models" / "events"))
    ap.add_argument("--cache", help="reuse the candidate rows pickled here (development)")
    args = ap.parse_args(argv)
    passages = training_passages()
    ids = [p["id"] for p in passages]
    cache = Path(args.cache) / "rows.pkl" if args.cache else None
    if cache is not None and cache.exists():
        rows = pickle.loads(cache.read_bytes())
    else:
        rows = build_rows(passages)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(rows))
    print(f"{len(passages)} passages, {len(rows)} candidates", file=sys.stderr)
    names, x = vectorise([r.features for r in rows])
    oof = out_of_fold(rows, x, ids)
    if args.cache:
        (Path(args.cache) / "oof.pkl").write_bytes(pickle.dumps(oof))
    best = passage_decisions(rows, oof)
    grid = [round(float(t), 3) for t in np.arange(0.05, 0.95, 0.025)]
    table = {t: evaluate(best, passages, t) for t in grid}
    allowed = [t for t in grid if table[t][0] >= MIN_PRECISION] or grid
    threshold = max(allowed, key=lambda t: table[t][2])
    # calibration: a key's score against whether it is a gold event
    gold = {(n, *gold_key(e["source"], e["type"], e["target"])) for n, p in enumerate(passages)
            for e in p["events"] if not (e["negated"] or e["hypothetical"])}  # fmt: skip
    keys = [k for k, (s, flag) in best.items() if s >= 0.02 and not flag]
    calib = isotonic(np.array([best[k][0] for k in keys]), np.array([k in gold for k in keys], float))
    report = {
        "passages": len(passages),
        "candidates": len(rows),
        "threshold": threshold,
        "out_of_fold": {"p": round(table[threshold][0], 4), "r": round(table[threshold][1], 4),
                        "f1": round(table[threshold][2], 4)},  # fmt: skip
    }
    for t in grid[::4]:
        print(f"threshold {t:.3f}: P {table[t][0]:.3f} R {table[t][1]:.3f} F1 {table[t][2]:.3f}")
    w, b = fit_rows(x, rows)
    kept = {n: round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-3}
    model: dict[str, Any] = {"threshold": threshold, "calibration": calib, "report": report,
                             "bias": round(b, 4), "weights": kept}  # fmt: skip
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "weights.json").write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

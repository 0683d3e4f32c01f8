"""Calibrate the rules' event confidence on real news (``make train``).

The rules give each sense a prior confidence (``triggers.yaml``), written for clean
sentences; on real news the same senses are right far less often, and unevenly (most
accusations hold, most "threats" in wire copy do not). This script runs the rules alone
over the real-news training passages (``eval/realnews_train.jsonl`` and the team's coded AG
News / BBC passages, never ``realnews_dev``), counts per rule sense how many of its asserted
events match a gold event of the passage (the key of ``tocsin eval``: source, type,
target), and writes the observed precision, shrunk towards its type's (and the type's
towards the overall) so that a sense seen a few times is not taken at its word:

    p(type) = (right(type) + K * p(all)) / (events(type) + K)
    p(rule) = (right(rule) + K * p(type)) / (events(rule) + K)

with ``K = 10``. The events stage then gives every rule event the precision of its sense
(``events/calibration.py``), so a confidence threshold selects events by the precision
they had on real news. Output: ``src/tocsin/models/events/calibration.json``.

    python train/calibrate.py [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from data import training_passages  # noqa: E402

OUT = ROOT / "src" / "tocsin" / "models" / "events" / "calibration.json"
#: Pseudo-counts of the parent estimate (type for a rule, all for a type).
K = 10.0
BATCH = 64


def gold_keys(passage: dict[str, Any]) -> Counter[tuple[Any, ...]]:
    """The passage's asserted gold events as scoring keys."""
    from tocsin.evaluate import events_from_record

    return Counter(
        ev.key() for e in passage["events"] for ev in events_from_record(e) if ev.factual
    )


def count(passages: list[dict[str, Any]]) -> dict[tuple[str, str], list[int]]:
    """(rule, type) → [right, events] over the rules' asserted events."""
    from tocsin.config import load_settings
    from tocsin.evaluate import Ev
    from tocsin.ingest.decode import clean_text
    from tocsin.pipeline import Processor
    from tocsin.records import Article

    settings = load_settings(config_file=None)
    stages = [s for s in settings.pipeline.stages if s != "rank"]
    processor = Processor(
        load_settings(
            config_file=None,
            overrides={"pipeline.stages": stages, "extract.calibrate": False},
        )
    )
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for start in range(0, len(passages), BATCH):
        chunk = passages[start : start + BATCH]
        articles = [
            Article(id=p["id"], text=clean_text(p["text"]), source=p["id"],
                    published=dt.date.fromisoformat(p["pub_date"]))
            for p in chunk
        ]  # fmt: skip
        for passage, doc in zip(chunk, processor.process(articles), strict=True):
            gold = gold_keys(passage)
            for e in doc.events:
                if e.negated or e.hypothetical:
                    continue
                key = Ev(
                    source=e.source.code if e.source else None, type=e.type,
                    target=e.target.code if e.target else None,
                ).key()  # fmt: skip
                cell = tally[(e.rule or "", e.type)]
                cell[0] += int(gold[key] > 0)
                cell[1] += 1
        print(f"  {min(start + BATCH, len(passages))}/{len(passages)} passages", file=sys.stderr)
    return tally


def shrink(right: float, n: float, prior: float) -> float:
    return (right + K * prior) / (n + K)


def table(tally: dict[tuple[str, str], list[int]]) -> dict[str, Any]:
    """The calibration table: overall, per type and per rule sense."""
    right = sum(c[0] for c in tally.values())
    total = sum(c[1] for c in tally.values())
    overall = right / total if total else 0.5
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, type_), (r, n) in tally.items():
        by_type[type_][0] += r
        by_type[type_][1] += n
    types = {t: round(shrink(r, n, overall), 4) for t, (r, n) in sorted(by_type.items())}
    rules = {
        f"{rule}|{type_}": round(shrink(r, n, types[type_]), 4)
        for (rule, type_), (r, n) in sorted(tally.items())
    }
    return {
        "version": 1,
        "k": K,
        "overall": round(overall, 4),
        "events": total,
        "types": types,
        "rules": rules,
        "counts": {f"{rule}|{type_}": c for (rule, type_), c in sorted(tally.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    passages = [p for p in training_passages() if not p["id"].startswith("ngec-")]
    result = table(count(passages))
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"{len(passages)} passages, {result['events']} rule events, precision "
        f"{result['overall']:.3f}; per type:",
        " ".join(f"{t} {p:.2f}" for t, p in result["types"].items()),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

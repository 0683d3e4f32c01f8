"""A blind judged sample of what ``tocsin analyze`` codes on real news (docs/eval.md).

    python benchmarks/judged_sample.py sample OUT.jsonl [--n 100] [--seed 8]
    python benchmarks/judged_sample.py score OUT.jsonl JUDGED.jsonl

``sample`` analyses the reserved real-news items (300 AG News World items and 100 BBC
politics stories that no annotation or training has seen: ``train/pool.py list reserved``)
into a temporary database, draws ``--n`` events at random (fixed seed) and writes one
JSON object per event for a judge: the passage, the sentence, and the event as tocsin coded it
(source, type, target with their sectors and texts, negated, hypothetical). The file holds
third-party text: keep it outside the repository.

A judge who sees only the coding conventions (``../shared/eval/README.md`` §1.4 and §5.3)
answers per event ``{"id", "type_ok", "source_ok", "target_ok", "flags_ok", "note"}``.
``score`` prints the share of events fully right (all four) and per part, and the table
for docs/eval.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))


def sample(out: Path, n: int, seed: int) -> None:
    from pool import passages

    from tocsin.query import open as open_db
    from tocsin.runner import analyze

    items = list(passages("reserved"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "reserved.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for p in items:
                row = {"id": p.id, "published": p.pub_date, "text": p.text}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        db = Path(tmp) / "judge.duckdb"
        analyze([str(src)], db=db)
        with open_db(db) as tdb:
            rows = tdb.sql(
                "SELECT e.id, a.text AS passage, e.text AS sentence, e.event_text, e.type, "
                "e.mode, e.source_code, e.source_sector, e.source_text, e.target_code, "
                "e.target_sector, e.target_text, e.negated, e.hypothetical, e.confidence "
                "FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.id"
            ).records()
    random.Random(seed).shuffle(rows)
    chosen = rows[:n]
    with out.open("w", encoding="utf-8") as fh:
        for r in chosen:
            fh.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    print(f"{len(rows)} events coded on {len(items)} reserved items; {len(chosen)} -> {out}")


def score(sampled: Path, judged: Path) -> None:
    events = {json.loads(x)["id"]: json.loads(x) for x in sampled.read_text("utf-8").splitlines()}
    verdicts = [json.loads(x) for x in judged.read_text("utf-8").splitlines() if x.strip()]
    parts = ("type_ok", "source_ok", "target_ok", "flags_ok")
    n = len(verdicts)
    full = sum(all(v[p] for p in parts) for v in verdicts)
    print(f"events judged: {n} (of {len(events)} sampled)")
    print(f"fully right: {full}/{n} = {full / n:.2f}")
    for p in parts:
        print(f"{p:<10} {sum(bool(v[p]) for v in verdicts) / n:.2f}")
    by_type: dict[str, list[int]] = {}
    for v in verdicts:
        t = events[v["id"]]["type"]
        by_type.setdefault(t, [0, 0])
        by_type[t][0] += 1
        by_type[t][1] += all(v[p] for p in parts)
    print("\n| type | events | fully right |\n|---|---|---|")
    for t, (k, ok) in sorted(by_type.items(), key=lambda kv: -kv[1][0]):
        print(f"| {t} | {k} | {ok} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("out", type=Path)
    s.add_argument("--n", type=int, default=100)
    s.add_argument("--seed", type=int, default=8)
    c = sub.add_parser("score")
    c.add_argument("sampled", type=Path)
    c.add_argument("judged", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "sample":
        sample(args.out, args.n, args.seed)
    else:
        score(args.sampled, args.judged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Import coder output (JSONL with evidence strings) as team labels: ids and offsets only.

The labels are stored without any passage text (``train/annotations/*.jsonl``): each event's
``evidence`` becomes ``[start, end]`` character offsets into the passage that
``train/pool.py text ID`` rebuilds from ``../shared/corpora``. Coders' notes are not kept
(they quote the passages).

    python train/import_annotations.py OUT.jsonl CODER_OUTPUT.jsonl [...] --coder NAME
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pool import by_id  # noqa: E402

FIELDS = ("source", "source_name", "source_sector", "type", "mode", "target", "target_name",
          "target_sector", "negated", "hypothetical", "nuclear")  # fmt: skip


def convert(record: dict, coder: str) -> dict:
    passage = by_id()[record["id"]]
    events = []
    for ev in record.get("events") or []:
        out = {k: ev[k] for k in FIELDS if k in ev}
        start = passage.text.find(ev["evidence"])
        if start < 0:
            raise SystemExit(f"{record['id']}: evidence not in passage: {ev['evidence']!r}")
        out["evidence"] = [start, start + len(ev["evidence"])]
        events.append(out)
    return {"id": record["id"], "corpus": passage.corpus, "coder": coder, "events": events}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--coder", required=True)
    args = ap.parse_args(argv)
    rows = []
    for path in args.inputs:
        with open(path, encoding="utf-8") as fh:
            rows += [convert(json.loads(line), args.coder) for line in fh if line.strip()]
    rows.sort(key=lambda r: (r["corpus"], int(r["id"].split("-")[1])))
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} passages, {sum(len(r['events']) for r in rows)} events -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

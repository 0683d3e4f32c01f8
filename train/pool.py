"""The passages the team may annotate, and the ones kept back for judging.

Real news for learned components comes from two corpora in ``../shared/corpora`` (read in
place, never copied): AG News World items (the CSV's text, headline glued to the description,
as a user's dump holds it) and BBC politics stories (headline, a blank line, the first three
sentences of the body, as ``eval/realnews_*.jsonl`` build them).

Items already in ``eval/realnews_dev.jsonl`` or ``eval/realnews_train.jsonl`` are left out.
Of the rest, a fixed-seed sample of 300 AG World items and 100 BBC politics stories is
*reserved*: never annotated or trained on, used for the blind judged sample of
``docs/eval.md``. Everything else is the annotation pool.

Passage ids are stable: ``agw-<row>`` (the 1-based data row of ``ag_news_test.csv``),
``bbcp-<NNN>`` (``politics/NNN.txt``) and ``ngec-<row>`` (the 1-based data row of
``eval/ngec-synthetic/synthetic_stories.csv``: machine-written wire-style stories, their
prompt — headline and credit — and the first two sentences of the story).

    python train/pool.py list pool|reserved [--corpus ag|bbc]     # ids, one per line
    python train/pool.py text ID [ID ...]                          # passages as JSONL
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261204
RESERVED_AG = 300
RESERVED_BBC = 100
AG_DATE = "2004-09-15"
BBC_DATE = "2005-02-15"
#: The NGEC stories carry no date; their office-holders are mostly invented.
NGEC_DATE = "2023-06-15"
#: Stories drawn (fixed seed, stratified by their document label) for annotation.
NGEC_SAMPLE = 1000
_SENT_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    corpus: str
    pub_date: str
    text: str


def shared_root() -> Path:
    env = os.environ.get("TOCSIN_CORPORA")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if (cand / "corpora").is_dir():
            return cand
        if cand.name == "corpora" and cand.is_dir():
            return cand.parent
    sys.exit("../shared (or $TOCSIN_CORPORA) is not available")


def _key(text: str) -> str:
    """Comparison key: the first 60 letters and digits, lower-cased."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())[:60]


@cache
def _gold_keys() -> frozenset[str]:
    keys = set()
    for name in ("realnews_dev.jsonl", "realnews_train.jsonl"):
        path = shared_root() / "eval" / name
        with path.open(encoding="utf-8") as fh:
            keys.update(_key(json.loads(line)["text"]) for line in fh if line.strip())
    return frozenset(keys)


def bbc_passage(raw: str) -> str:
    """Headline, a blank line, the first three sentences of the body."""
    lines = raw.strip().split("\n")
    title = lines[0].strip()
    body = " ".join(line.strip() for line in lines[1:] if line.strip())
    ends = [m.end() for m in _SENT_END.finditer(body)]
    cut = ends[2] if len(ends) > 2 else len(body)
    return f"{title}\n\n{body[:cut].strip()}"


@cache
def ag_world() -> tuple[Passage, ...]:
    path = shared_root() / "corpora" / "ag-news" / "ag_news_test.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return tuple(
        Passage(f"agw-{i}", "ag-news", AG_DATE, text)
        for i, (text, label) in enumerate(rows, 1)
        if label == "World"
    )


@cache
def bbc_politics() -> tuple[Passage, ...]:
    folder = shared_root() / "corpora" / "bbc-news-raw" / "politics"
    out = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        out.append(Passage(f"bbcp-{path.stem}", "bbc-news-raw", BBC_DATE, bbc_passage(raw)))
    return tuple(out)


@cache
def ngec() -> tuple[Passage, ...]:
    """A fixed sample of NGEC synthetic stories, stratified by label."""
    path = shared_root() / "eval" / "ngec-synthetic" / "synthetic_stories.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_label: dict[str, list[int]] = {}
    for i, row in enumerate(rows, 1):
        by_label.setdefault(row["label"], []).append(i)
    rng = random.Random(SEED)
    share = NGEC_SAMPLE / len(rows)
    chosen: list[int] = []
    for label in sorted(by_label):
        ids = by_label[label]
        chosen += rng.sample(ids, max(1, round(len(ids) * share)))
    out = []
    for i in sorted(chosen):
        row = rows[i - 1]
        story = " ".join(row["text"].split())
        ends = [m.end() for m in _SENT_END.finditer(story)]
        lead = story[: ends[1]].strip() if len(ends) > 1 else story
        text = f"{row['prompt'].rstrip()} {lead}"
        out.append(Passage(f"ngec-{i}", "ngec-synthetic", NGEC_DATE, text))
    return tuple(out)


def _split(items: tuple[Passage, ...], reserved: int) -> tuple[list[Passage], list[Passage]]:
    fresh = [p for p in items if _key(p.text) not in _gold_keys()]
    rng = random.Random(SEED)
    held = set(rng.sample(range(len(fresh)), reserved))
    pool = [p for i, p in enumerate(fresh) if i not in held]
    kept = [p for i, p in enumerate(fresh) if i in held]
    return pool, kept


def passages(which: str, corpus: str | None = None) -> Iterator[Passage]:
    """``which`` is "pool" or "reserved"; ``corpus`` "ag", "bbc" or None for both."""
    index = 0 if which == "pool" else 1
    if corpus in (None, "ag"):
        yield from _split(ag_world(), RESERVED_AG)[index]
    if corpus in (None, "bbc"):
        yield from _split(bbc_politics(), RESERVED_BBC)[index]
    if corpus == "ngec" and which == "pool":
        yield from ngec()


@cache
def by_id() -> dict[str, Passage]:
    return {p.id: p for p in ag_world() + bbc_politics() + ngec()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list")
    ls.add_argument("which", choices=["pool", "reserved"])
    ls.add_argument("--corpus", choices=["ag", "bbc", "ngec"])
    tx = sub.add_parser("text")
    tx.add_argument("ids", nargs="+")
    args = ap.parse_args(argv)
    if args.cmd == "list":
        for p in passages(args.which, args.corpus):
            print(p.id)
        return 0
    table = by_id()
    for pid in args.ids:
        p = table[pid]
        print(json.dumps({"id": p.id, "pub_date": p.pub_date, "text": p.text}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training passages: ``eval/realnews_train.jsonl`` plus the team's labels, with their text.

Each passage is a dict in the gold format of ``../shared/eval/README.md`` §5.2 (``id``,
``pub_date``, ``text``, ``events``); team labels get their text back from the corpora
(``train/pool.py``) and their evidence as a string again.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pool import by_id, shared_root  # noqa: E402


def realnews(name: str) -> list[dict[str, Any]]:
    """``eval/<name>.jsonl`` as dicts."""
    with (shared_root() / "eval" / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def team_passages() -> Iterator[dict[str, Any]]:
    """The team's labelled passages (``train/annotations/*.jsonl``) with text and evidence."""
    table = by_id()
    for path in sorted((HERE / "annotations").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                passage = table[rec["id"]]
                events = []
                for ev in rec["events"]:
                    start, end = ev["evidence"]
                    events.append({**ev, "evidence": passage.text[start:end]})
                yield {"id": rec["id"], "pub_date": passage.pub_date, "text": passage.text,
                       "events": events, "coder": rec["coder"]}  # fmt: skip


def training_passages() -> list[dict[str, Any]]:
    """Everything a learned component may train on (never ``realnews_dev``)."""
    return realnews("realnews_train") + list(team_passages())

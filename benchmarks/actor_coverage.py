"""Actor coverage on the dev gold set: are the gold actors among ``annotate``'s mentions?

For every gold event of ``eval/dev_sentences.jsonl`` (read in place from ``$TOCSIN_CORPORA``
or ``../shared``), each source and target code counts as covered when a mention of that
sentence resolves to the same code. The sector of covered actors is scored too (null is a
value). This measures the actor layer alone: it does not know which mention is the
event's argument, so it is an upper bound for the coder's source/target accuracy.

    .venv/bin/python benchmarks/actor_coverage.py [--gold FILE] [--misses]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Coverage:
    """Counts of gold actor slots found among the mentions."""

    slots: int = 0
    covered: int = 0
    sector_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of gold actor slots whose code is among the mentions."""
        return self.covered / self.slots if self.slots else 0.0


def gold_path(explicit: str | None = None) -> Path | None:
    """The dev gold file: ``explicit``, else under $TOCSIN_CORPORA or ../shared."""
    if explicit:
        return Path(explicit)
    root = Path(__file__).resolve().parents[1]
    env = os.environ.get("TOCSIN_CORPORA")
    for base in ([Path(env), Path(env).parent] if env else []) + [root.parent / "shared"]:
        path = base / "eval" / "dev_sentences.jsonl"
        if path.is_file():
            return path
    return None


def measure(path: Path, *, resolver: Any = None, nlp: Any = None) -> Coverage:
    """Annotate every gold sentence and count the gold actors found among its mentions."""
    from tocsin.actors.resolver import ActorResolver
    from tocsin.nlp import load_model, parse_documents
    from tocsin.records import Article, Document

    resolver = resolver or ActorResolver.from_files()
    nlp = nlp or load_model("auto")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    docs = [
        Document(
            article=Article(
                id=r["id"],
                text=r["text"],
                source=str(path),
                published=dt.date.fromisoformat(r["pub_date"]),
            )
        )
        for r in rows
    ]
    parse_documents(docs, nlp=nlp)
    result = Coverage()
    for row, doc in zip(rows, docs, strict=True):
        resolver.annotate(doc)
        found = {(m.actor.code, m.actor.sector) for m in doc.mentions if m.actor}
        codes = {code for code, _ in found}
        for event in row["events"]:
            for role in ("source", "target"):
                code = event.get(role)
                if code is None:
                    continue
                result.slots += 1
                if code in codes:
                    result.covered += 1
                    result.sector_ok += (code, event.get(f"{role}_sector")) in found
                else:
                    result.misses.append(f"{row['id']} {role} {code}: {row['text']}")
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the coverage figures (and the misses with ``--misses``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", help="gold JSONL file (default: shared/eval/dev_sentences.jsonl)")
    parser.add_argument("--misses", action="store_true", help="list the gold actors not found")
    args = parser.parse_args(argv)
    path = gold_path(args.gold)
    if path is None:
        print("skipped: eval/dev_sentences.jsonl not found (set TOCSIN_CORPORA)")
        return 0
    result = measure(path)
    print(f"gold actor slots: {result.slots}")
    print(f"code found among mentions: {result.covered} ({result.rate:.3f})")
    if result.covered:
        share = result.sector_ok / result.covered
        print(f"code and sector found: {result.sector_ok} ({share:.3f} of found)")
    if args.misses:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

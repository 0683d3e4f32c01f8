"""Check that every span in ``gold.jsonl`` is an exact substring of its article (not a test).

Run from the repository root::

    .venv/bin/python tests/data/quotes/check.py

Verifies that each quote ``text`` and each ``not_quotes`` text is an exact substring of its
article, that kinds, speaker codes and sectors are valid and that every quote has a speaker.
Prints counts; exits 1 on a problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
Row = dict[str, Any]
SECTORS = {None, "GOV", "MIL", "LEG", "JUD", "OPP", "REB", "CVL", "MED", "BUS", "NGO", "COP"}
IGOS = {"NATO", "EU", "UN", "IAEA", "AU", "ASEAN", "OPEC", "WHO", "IMF", "ICC", "ECOWAS", "G7"}
KINDS = {"direct", "partial", "indirect"}


def read_jsonl(path: Path) -> list[Row]:
    """One dict per non-empty line of ``path``."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def quote_problems(quote: Row, text: str, where: str) -> list[str]:
    """Problems with one gold quotation."""
    problems = [] if quote["text"] in text else [f"{where}: text not in article"]
    code = quote["speaker_code"]
    if code is not None and code not in IGOS and not re.fullmatch(r"[A-Z]{3}", str(code)):
        problems.append(f"{where}: bad speaker_code {code!r}")
    if quote["speaker_sector"] not in SECTORS or quote["kind"] not in KINDS:
        problems.append(f"{where}: bad sector or kind")
    if not quote["speaker"]:
        problems.append(f"{where}: no speaker")
    return problems


def main() -> int:
    """Check the gold against the articles; print problems and counts; return the exit status."""
    articles = {a["id"]: a["text"] for a in read_jsonl(HERE / "articles.jsonl")}
    golds = read_jsonl(HERE / "gold.jsonl")
    problems = [f"{g['id']}: no such article" for g in golds if g["id"] not in articles]
    for gold in golds:
        text = articles.get(gold["id"], "")
        for n, quote in enumerate(gold["quotes"]):
            problems += quote_problems(quote, text, f"{gold['id']} quote {n}")
        problems += [
            f"{gold['id']} not_quote {n}: text not in article"
            for n, trap in enumerate(gold["not_quotes"])
            if trap["text"] not in text
        ]
    kinds = Counter(q["kind"] for g in golds for q in g["quotes"])
    for problem in problems:
        print("PROBLEM:", problem)
    traps = sum(len(g["not_quotes"]) for g in golds)
    print(
        f"{len(articles)} articles; quotes {dict(sorted(kinds.items()))}; {traps} not-quote traps"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

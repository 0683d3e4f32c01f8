"""Check that every span in ``gold.jsonl`` is an exact substring of its article (not a test).

Run from the repository root::

    .venv/bin/python tests/data/threats/check.py

Verifies, for each article: threat ``sentence``, ``condition`` and ``consequence`` are exact
substrings of the article, and condition/consequence/framing lie inside the threat's sentence;
quote ``text``, weapon ``text``/``stated_range`` and ``not_threats`` sentences are exact
substrings; codes, sectors and kinds come from the allowed sets. Prints counts; exits 1 on a
problem.
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
MODES = {None, "restrict", "arrest", "relations", "expel", "territory", "violence"}


def read_jsonl(path: Path) -> list[Row]:
    """One dict per non-empty line of ``path``."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bad_code(code: object) -> bool:
    """True unless ``code`` is null, an IGO code or an ISO alpha-3 code."""
    if code is None or code in IGOS:
        return False
    return not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code))


def check_threat(threat: Row, text: str, where: str) -> list[str]:
    """Problems with one gold threat."""
    sentence = threat["sentence"]
    problems = [] if sentence in text else [f"{where}: sentence not in text"]
    for field in ("condition", "consequence"):
        span = threat[field]
        if span is not None and span not in sentence:
            problems.append(f"{where}: {field} {span!r} not in its sentence")
    if threat["consequence"] is None:
        problems.append(f"{where}: no consequence")
    problems += [
        f"{where}: framing {f!r} not in sentence" for f in threat["framing"] if f not in sentence
    ]
    if bad_code(threat["issuer"]) or threat["issuer"] is None:
        problems.append(f"{where}: bad issuer {threat['issuer']!r}")
    if bad_code(threat["addressee"]):
        problems.append(f"{where}: bad addressee {threat['addressee']!r}")
    if threat["issuer_sector"] not in SECTORS or threat["mode"] not in MODES:
        problems.append(f"{where}: bad issuer_sector or mode")
    return problems


def check_quote(quote: Row, text: str, where: str) -> list[str]:
    """Problems with one gold quotation."""
    problems = [] if quote["text"] in text else [f"{where}: text not in article"]
    if quote["kind"] not in KINDS:
        problems.append(f"{where}: bad kind {quote['kind']!r}")
    if bad_code(quote["speaker_code"]) or quote["speaker_sector"] not in SECTORS:
        problems.append(f"{where}: bad speaker code or sector")
    if not quote["speaker"]:
        problems.append(f"{where}: no speaker")
    return problems


def check_article(article: Row, gold: Row) -> list[str]:
    """Problems with the gold of one article."""
    text, aid = article["text"], article["id"]
    problems: list[str] = []
    for n, threat in enumerate(gold["threats"]):
        problems += check_threat(threat, text, f"{aid} threat {n}")
    for n, quote in enumerate(gold["quotes"]):
        problems += check_quote(quote, text, f"{aid} quote {n}")
    for n, weapon in enumerate(gold.get("weapons", [])):
        for field in ("text", "stated_range"):
            if weapon[field] is not None and weapon[field] not in text:
                problems.append(f"{aid} weapon {n}: {field} not in text")
    for n, trap in enumerate(gold.get("not_threats", [])):
        if trap["sentence"] not in text:
            problems.append(f"{aid} not_threat {n}: sentence not in text")
    return problems


def main() -> int:
    """Check both files; print the problems and the counts; return the exit status."""
    articles = {a["id"]: a for a in read_jsonl(HERE / "articles.jsonl")}
    golds = read_jsonl(HERE / "gold.jsonl")
    problems = [f"{g['id']}: no such article" for g in golds if g["id"] not in articles]
    problems += [f"{aid}: no gold" for aid in set(articles) - {g["id"] for g in golds}]
    for gold in golds:
        if gold["id"] in articles:
            problems += check_article(articles[gold["id"]], gold)
    threats = [t for g in golds for t in g["threats"]]
    quotes = Counter(q["kind"] for g in golds for q in g["quotes"])
    for problem in problems:
        print("PROBLEM:", problem)
    print(
        f"{len(articles)} articles; {len(threats)} threat statements "
        f"({sum(t['condition'] is not None for t in threats)} conditional, "
        f"{sum(t['nuclear'] for t in threats)} nuclear, "
        f"{len({(g['id'], t['key']) for g in golds for t in g['threats']})} distinct threats); "
        f"quotes {dict(sorted(quotes.items()))}; "
        f"{sum(len(g.get('weapons', [])) for g in golds)} weapon mentions; "
        f"{sum(len(g.get('not_threats', [])) for g in golds)} not-threat traps"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

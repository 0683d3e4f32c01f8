"""Extraction quality on sets tocsin was not tuned on (read in place from ../shared).

    .venv/bin/python benchmarks/quality.py ngec [--per-label 30]
    .venv/bin/python benchmarks/quality.py petrarch

``ngec``: document-level event-type accuracy on the NGEC synthetic stories
(eval/ngec-synthetic/synthetic_stories.csv, one PLOVER label per story). tocsin's label for a
story is the type with the most weight among its asserted events, an event weighing its
confidence, doubled in the story's first sentence (the lead states the news). Reported: top-1
accuracy, and how often the label is among the types tocsin found at all.

``petrarch``: agreement with the expected CAMEO codes of the PETRARCH2 unit tests
(eval/petrarch-unittest), mapped to PLOVER with reference/plover/CAMEO2PLOVER-2021.txt (older
type names folded into PLOVER 2.0's). A record agrees when one expected type is among the
types tocsin codes; records that expect no event agree when tocsin codes none. The unit tests
use fictional actors (Arnor, Gondor), so only types are compared.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OLD = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
csv.field_size_limit(sys.maxsize)


def shared() -> Path:
    """The shared data directory ($TOCSIN_CORPORA or ../shared)."""
    env = os.environ.get("TOCSIN_CORPORA")
    for cand in ([Path(env), Path(env).parent] if env else []) + [ROOT.parent / "shared"]:
        if (cand / "eval").is_dir():
            return cand
    sys.exit("../shared (or $TOCSIN_CORPORA) is not available")


def processor(actor_files: tuple[str, ...] = ()) -> Any:
    """The default pipeline (plus extra actor dictionaries), built once."""
    from tocsin.config import default_settings
    from tocsin.pipeline import Processor

    settings = default_settings()
    if actor_files:
        extract = settings.extract.model_copy(update={"actor_files": actor_files})
        settings = settings.model_copy(update={"extract": extract})
    return Processor(settings)


def story_label(events: list[Any]) -> str | None:
    """The document's type: the heaviest type among its asserted events."""
    weights: Counter[str] = Counter()
    for e in events:
        if not (e.negated or e.hypothetical):
            weights[e.type] += e.confidence * (2.0 if e.sentence_index == 0 else 1.0)
    return weights.most_common(1)[0][0] if weights else None


def ngec(per_label: int, seed: int = 7) -> None:
    """Document-level type accuracy on a stratified sample of the NGEC stories."""
    from tocsin.records import Article

    path = shared() / "eval" / "ngec-synthetic" / "synthetic_stories.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_label: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    rng = random.Random(seed)
    sample = [
        r
        for label in sorted(by_label)
        for r in rng.sample(by_label[label], min(per_label, len(by_label[label])))
    ]
    articles = [Article(id=str(i), text=r["text"], source="ngec") for i, r in enumerate(sample)]
    docs = processor().process(articles)
    top1, anywhere, none = Counter(), Counter(), 0
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for row, doc in zip(sample, docs, strict=True):
        label = row["label"]
        predicted = story_label(doc.events)
        types = {e.type for e in doc.events if not (e.negated or e.hypothetical)}
        none += predicted is None
        top1[label] += predicted == label
        anywhere[label] += label in types
        per[label]["n"] += 1
    n = len(sample)
    print(f"NGEC synthetic stories, {n} sampled ({per_label} per label, seed {seed})")
    print(f"  top-1 document type accuracy: {sum(top1.values()) / n:.3f}")
    print(f"  label among the types found:  {sum(anywhere.values()) / n:.3f}")
    print(f"  stories with no event:        {none / n:.3f}")
    for label in sorted(per):
        k = per[label]["n"]
        print(
            f"    {label:<10} top-1 {top1[label] / k:.2f}  found {anywhere[label] / k:.2f}  (n={k})"
        )


def cameo_table(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type from CAMEO2PLOVER-2021.txt (older names folded in)."""
    table: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*,", line)
        if m:
            table[m.group(1)] = OLD.get(m.group(2), m.group(2))
    return table


def plover_type(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code (longest listed prefix)."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def petrarch() -> None:
    """Type (and dyad) agreement with the PETRARCH2 unit-test records.

    The records' actors are fictional (Arnor, Gondor); their test dictionaries are loaded as
    analysts' extra actor files (``extract.actor_files``), after a small tocsin file that
    declares the fictional country codes they use.
    """
    import tempfile

    from tocsin.records import Article

    base = shared()
    folder = base / "eval" / "petrarch-unittest"
    table = cameo_table(base / "reference" / "plover" / "CAMEO2PLOVER-2021.txt")
    xml = (folder / "PETR.UnitTest.records.xml").read_text("utf-8", "replace")
    records = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", xml, re.S):
        attrs, body = m.group(1), m.group(2)
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text is None or 'category="ERROR"' in attrs:
            continue
        codings = re.findall(
            r'sourcecode="([^"]*)"\s+targetcode="([^"]*)"\s+eventcode="([0-9]+)"', body
        )
        expected = {(s[:3], t, g[:3]) for s, g, c in codings if (t := plover_type(c, table))}
        noevents = "noevents" in body.lower() and not codings
        records.append((" ".join(text.group(1).split()), expected, noevents))
    with tempfile.TemporaryDirectory() as tmp:
        declared = Path(tmp) / "fictional.yaml"
        declared.write_text(_fictional_countries(folder / "PETR.Validate.actors.txt"), "utf-8")
        files = (
            str(declared),
            str(folder / "PETR.Validate.actors.txt"),
            str(folder / "PETR.Validate.agents.txt"),
        )
        articles = [
            Article(id=str(i), text=t, source="petrarch") for i, (t, _, _) in enumerate(records)
        ]
        docs = processor(files).process(articles)
    _petrarch_report(records, docs)


def _fictional_countries(actors: Path) -> str:
    """A tocsin actor file declaring the three-letter codes the test dictionary uses."""
    from tocsin.actors.loader import load_packaged

    _, known = load_packaged()
    text = actors.read_text("utf-8", "replace")
    codes = sorted(set(re.findall(r"\[([A-Z]{3})", text)) - known.countries - known.igos - {"IGO"})
    lines = ["version: 1", "countries:"] + [f"  - {{code: {c}, name: {c}-land}}" for c in codes]
    return "\n".join(lines) + "\n"


def _code3(actor: Any) -> str:
    """The three-letter root of an actor's code ('' for none)."""
    return (actor.code or "")[:3] if actor else ""


def _petrarch_report(records: list[Any], docs: list[Any]) -> None:
    typed = triples = pairs = with_events = quiet = quiet_ok = 0
    for (_, expected, noevents), doc in zip(records, docs, strict=True):
        found = {
            (_code3(e.source), e.type, _code3(e.target))
            for e in doc.events
            if not (e.negated or e.hypothetical)
        }
        if expected:
            with_events += 1
            typed += bool({t for _, t, _ in expected} & {t for _, t, _ in found})
            triples += bool(expected & found)
            pairs += bool({(s, g) for s, _, g in expected} & {(s, g) for s, _, g in found})
        elif noevents:
            quiet += 1
            quiet_ok += not found
    print(f"PETRARCH2 unit tests: {len(records)} records (ERROR category left out)")
    print(f"  records with expected events (codes mappable to PLOVER): {with_events}")
    print(f"    an expected (source, target) pair found:  {pairs / with_events:.3f}")
    print(f"    an expected PLOVER type found:            {typed / with_events:.3f}")
    print(f"    an expected (source, type, target) found: {triples / with_events:.3f}")
    if quiet:
        print(f"  records expecting no event: {quiet}; none coded: {quiet_ok / quiet:.3f}")


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    ng = sub.add_parser("ngec", help="NGEC synthetic stories")
    ng.add_argument("--per-label", type=int, default=30)
    sub.add_parser("petrarch", help="PETRARCH2 unit tests")
    args = parser.parse_args()
    if args.what == "ngec":
        ngec(args.per_label)
    else:
        petrarch()


if __name__ == "__main__":
    main()

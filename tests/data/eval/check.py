"""Validate ``sentences.jsonl`` and print its counts (the tables in README.md come from here).

Run from the repository root::

    .venv/bin/python tests/data/eval/check.py            # validate, print counts as Markdown
    .venv/bin/python tests/data/eval/check.py --quiet    # validate only; exit 1 on a problem

Checks: the record and event fields of the gold format (``../shared/eval/README.md`` §1.2),
PLOVER types and their modes, sector and actor codes, that every ``event_date`` is explained by
the text (a weekday resolved to the most recent such day on or before ``pub_date``, a day
before/after such a day, or an absolute date written in the text), and that the automatically
derived tags agree with the events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "sentences.jsonl"
Row = dict[str, Any]


def _words(text: str) -> list[str]:
    """The whitespace-separated words of ``text`` (keeps the vocabularies below compact)."""
    return text.split()


def _modes(words: str) -> set[str | None]:
    """The allowed modes of a type: the listed words plus null."""
    return {None, *_words(words)}


MODES: dict[str, set[str | None]] = {
    "AGREE": _modes(""),
    "CONSULT": _modes("visit third-party multilateral phone"),
    "SUPPORT": _modes(""),
    "CONCEDE": _modes(""),
    "COOPERATE": _modes(""),
    "AID": _modes(""),
    "RETREAT": _modes("withdraw release disarm ceasefire access resign"),
    "REQUEST": _modes("assist change yield meet"),
    "ACCUSE": _modes("disapprove investigate allege"),
    "REJECT": _modes("assist change yield meet"),
    "THREATEN": _modes("restrict arrest relations expel territory violence"),
    "PROTEST": _modes("demo riot strike hunger boycott obstruct vandalize"),
    "SANCTION": _modes("convict expel withdraw discontinue"),
    "MOBILIZE": _modes("troops weapons police militia"),
    "COERCE": _modes(
        "seize restrict censor curfew martial-law arrest deport withhold misinformation cyber"
    ),
    "ASSAULT": _modes(
        "abduct beat torture sexual targeted destroy primitive firearms explosives "
        "suicide-attack aerial drone heavy-weapons crowd-control unconventional"
    ),
}
SECTORS = {None, *_words("GOV MIL LEG JUD OPP REB CVL MED BUS NGO COP")}
IGOS = set(_words("NATO EU UN IAEA AU ASEAN OPEC WHO IMF ICC ECOWAS G7"))
AUTO_TAGS = set(
    _words("no_event multi_event negation hypothetical nuclear igo nonstate non_gov_sector")
)
EVENT_KEYS = tuple(
    _words("source source_sector type mode target target_sector negated hypothetical nuclear")
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = _words("Jan Feb March April May June July Aug Sept Oct Nov Dec")
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}
DAY_SHIFT = re.compile(r"\ba day (after|later|earlier|before)\b")
ABSOLUTE = re.compile(r"\b(" + "|".join(MONTHS) + r")\.? (\d{1,2})\b")
QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
    r"thousands?|millions?|billions?)\b",
    re.IGNORECASE,
)


def load(path: Path = GOLD) -> list[Row]:
    """Read the gold file; returns one dict per line (raises ValueError on bad JSON)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def allowed_dates(text: str, pub: dt.date) -> set[dt.date]:
    """The event dates the text can justify: weekdays, a day either side, absolute dates."""
    days: set[dt.date] = set()
    for index, name in enumerate(WEEKDAYS):
        if name in text:
            days.add(pub - dt.timedelta(days=(pub.weekday() - index) % 7))
    if DAY_SHIFT.search(text):
        days |= {d + dt.timedelta(days=k) for d in set(days) for k in (-1, 1)}
    for month, day in ABSOLUTE.findall(text):
        for year in (pub.year, pub.year - 1):
            days.add(dt.date(year, MONTHS[month], int(day)))
    return days


def check_actor(code: object, name: object, where: str) -> list[str]:
    """Problems with one actor code (ISO alpha-3, IGO, NONSTATE with name, or null)."""
    if code is None:
        return []
    if code == "NONSTATE":
        return [] if name else [f"{where}: NONSTATE without a name"]
    if code in IGOS or (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
        return []
    return [f"{where}: bad actor code {code!r}"]


def check_event(event: Row, text: str, pub: dt.date, where: str) -> list[str]:
    """Problems with one gold event."""
    problems = [f"{where}: missing {key}" for key in EVENT_KEYS if key not in event]
    if problems:
        return problems
    etype = str(event["type"])
    if etype not in MODES:
        return [f"{where}: unknown type {etype}"]
    if event["mode"] not in MODES[etype]:
        problems.append(f"{where}: mode {event['mode']!r} is not a {etype} mode")
    for side in ("source", "target"):
        if event[f"{side}_sector"] not in SECTORS:
            problems.append(f"{where}: bad {side}_sector {event[f'{side}_sector']!r}")
        problems += check_actor(event[side], event.get(f"{side}_name"), f"{where} {side}")
    if event["source"] is None:
        problems.append(f"{where}: no source")
    for flag in ("negated", "hypothetical", "nuclear"):
        if not isinstance(event[flag], bool):
            problems.append(f"{where}: {flag} is not a bool")
    if "event_date" in event:
        date = dt.date.fromisoformat(str(event["event_date"]))
        if date not in allowed_dates(text, pub):
            problems.append(f"{where}: event_date {date} is not justified by the text")
    return problems


def derived_tags(row: Row) -> set[str]:
    """The tags computed from the events (``../shared/eval/README.md`` §1.5, first group)."""
    events: list[Row] = row["events"]
    tags: set[str] = set()
    tags |= {"no_event"} if not events else set()
    tags |= {"multi_event"} if len(events) > 1 else set()
    for event in events:
        tags |= {"negation"} if event["negated"] else set()
        tags |= {"hypothetical"} if event["hypothetical"] else set()
        tags |= {"nuclear"} if event["nuclear"] else set()
        for side in ("source", "target"):
            tags |= {"igo"} if event[side] in IGOS else set()
            tags |= {"nonstate"} if event[side] == "NONSTATE" else set()
            tags |= set() if event[f"{side}_sector"] in (None, "GOV") else {"non_gov_sector"}
    return tags


def check_row(row: Row, seen: set[str]) -> list[str]:
    """Problems with one sentence record, including its events and derived tags."""
    rid = str(row.get("id"))
    problems = [] if re.fullmatch(r"t\d{3}", rid) else [f"{rid}: bad id"]
    problems += [f"{rid}: duplicate id"] if rid in seen else []
    seen.add(rid)
    pub = dt.date.fromisoformat(str(row["pub_date"]))
    text = str(row["text"])
    events: list[Row] = row["events"]
    for n, event in enumerate(events):
        problems += check_event(event, text, pub, f"{rid} event {n}")
    tags = set(row["tags"])
    expected = derived_tags(row)
    if (tags & AUTO_TAGS) != expected:
        problems.append(f"{rid}: derived tags {sorted(tags & AUTO_TAGS)} != {sorted(expected)}")
    has_date = any("event_date" in e for e in events)
    if ("relative_date" in tags) and not has_date:
        problems.append(f"{rid}: relative_date without an event_date")
    return problems


def validate(rows: list[Row]) -> list[str]:
    """All problems in the file (empty when it is clean)."""
    seen: set[str] = set()
    problems: list[str] = []
    for row in rows:
        problems += check_row(row, seen)
    texts = Counter(str(r["text"]) for r in rows)
    problems += [f"duplicate text: {t}" for t, n in texts.items() if n > 1]
    return problems


def summary_lines(rows: list[Row], events: list[Row]) -> list[str]:
    """The two summary sentences above the tables (totals, shares, flags)."""
    n_rows = len(rows)
    no_event = sum(1 for r in rows if not r["events"])
    multi = sum(1 for r in rows if len(r["events"]) > 1)
    total = (
        f"{len(events)} gold events in {n_rows - no_event} sentences; {no_event} of {n_rows} "
        f"sentences ({100 * no_event / n_rows:.0f}%) have none; {multi} "
        f"({100 * multi / n_rows:.0f}%) have two or more."
    )
    flags = (
        f"{sum(1 for e in events if e['negated'])} events are negated, "
        f"{sum(1 for e in events if e['hypothetical'])} hypothetical, "
        f"{sum(1 for e in events if e['nuclear'])} nuclear; "
        f"{sum(1 for e in events if 'event_date' in e)} have an event_date."
    )
    return [total, "", flags]


def counts_markdown(rows: list[Row]) -> str:
    """The README tables: totals, events per type and mode, flags and tags."""
    events = [e for r in rows for e in r["events"]]
    types = Counter(str(e["type"]) for e in events)
    modes = Counter((str(e["type"]), e["mode"] or "(null)") for e in events)
    tags = Counter(t for r in rows for t in r["tags"])
    out = [*summary_lines(rows, events), "", "| Type | Events | Modes |", "|---|---:|---|"]
    for etype in sorted(types):
        parts = sorted((m, n) for (t, m), n in modes.items() if t == etype)
        listed = ", ".join(f"{m} {n}" for m, n in parts)
        out.append(f"| {etype} | {types[etype]} | {listed} |")
    out += ["", "| Tag | Sentences |", "|---|---:|"]
    out += [f"| `{tag}` | {n} |" for tag, n in sorted(tags.items())]
    pubs = sorted(str(r["pub_date"]) for r in rows)
    out += ["", f"Publication dates run from {pubs[0]} to {pubs[-1]}."]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Validate the gold file and print its counts; returns the exit status."""
    rows = load()
    problems = validate(rows)
    for problem in problems:
        print("PROBLEM:", problem)
    if "--quiet" not in argv:
        print(counts_markdown(rows))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Read PETRARCH/TABARI ``.actors`` and ``.agents`` dictionaries into tocsin entries.

Actors: a primary line ``NAME [CODE]`` (underscores join words), ``+SYNONYM`` lines, and
tab-indented ``[CODE date-restriction]`` lines; restrictions are ``>YYMMDD`` (from),
``<YYMMDD`` (before) and ``YYMMDD-YYMMDD`` (between, inclusive), with YYYYMMDD also
accepted and two-digit years 00-30 read as 20YY (as PETRARCH does). An undated code is the
default outside the dated ranges. Role codes (``RUSGOV``, ``IGOUNOJUDICJ``, ``NGOHRIAMN``)
become a tocsin code and sector through ``data/petrarch_codes.yaml``.

Agents: ``WORD [~SEC]`` with an optional ``{PLURAL}``, and ``!MARKER! = A, B`` macros used
as ``CATTLE!PERSON!``. Every agent becomes a sector word like those in ``agents.yaml``.

Differences from PETRARCH, on purpose: words are always matched as consecutive tokens (the
space connector's "words may intervene" is not honoured), and a malformed line is skipped
and reported (or raises D002 with ``strict=True``) instead of stopping the run.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tocsin.actors.loader import KnownCodes, plural
from tocsin.actors.model import NONSTATE, ActorData, Entry, Kind, Role
from tocsin.errors import DataFileError

_BRACKET = re.compile(r"\[([^\]]*)\]")
_MARKER_DEF = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
#: Words kept lower-case when a PETRARCH (all capitals) name is turned into text case.
_FUNCTION_WORDS = frozenset(
    {"of", "the", "and", "for", "de", "la", "al", "el", "in", "on", "to", "du", "des", "del",
     "bin", "ibn", "van", "von", "der", "da", "do", "dos"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CodeTable:
    """The CAMEO → tocsin code mapping (``data/petrarch_codes.yaml``)."""

    countries: dict[str, str]
    sectors: dict[str, str | None]
    igos: dict[str, tuple[str, str | None]]
    nonstate: dict[str, str | None]
    regions: frozenset[str]


@dataclass(slots=True)
class PetrarchResult:
    """What a dictionary gave: the data, and the lines that were skipped (with reasons)."""

    data: ActorData
    problems: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def code_table() -> CodeTable:
    """Load the packaged CAMEO → tocsin mapping once."""
    text = (
        resources.files("tocsin.actors").joinpath("data", "petrarch_codes.yaml").read_text("utf-8")
    )
    raw: dict[str, Any] = yaml.safe_load(text)
    igos = {k: (v["code"], v.get("sector")) for k, v in raw["igos"].items()}
    return CodeTable(
        raw["countries"], raw["sectors"], igos, raw["nonstate"], frozenset(raw["regions"])
    )


def translate(cameo: str, known: KnownCodes) -> tuple[str, str | None] | None:
    """Map a CAMEO role code to ``(code, sector)``; None when it names nothing codable.

    >>> translate("RUSGOV", known)      # doctest: +SKIP
    ('RUS', 'GOV')
    """
    table = code_table()
    cameo = cameo.strip().upper()
    prefix, chunks = cameo[:3], [cameo[i : i + 3] for i in range(3, len(cameo), 3)]
    if prefix == "IGO":
        hits = [table.igos[c] for c in chunks if c in table.igos]
        return hits[-1] if hits else None
    if prefix in table.nonstate:
        country = next((_country(c, known) for c in chunks if _country(c, known)), None)
        if country:
            return country, table.nonstate[prefix]
        return NONSTATE, table.nonstate[prefix]
    if prefix in table.regions:
        return NONSTATE, _first_sector(chunks, table)
    code = _country(prefix, known)
    if code is None:
        return None
    return code, _first_sector(chunks, table)


def _country(chunk: str, known: KnownCodes) -> str | None:
    code = code_table().countries.get(chunk, chunk)
    return code if code in known.countries else None


def _first_sector(chunks: list[str], table: CodeTable) -> str | None:
    for chunk in chunks:
        if chunk in table.sectors:
            return table.sectors[chunk]
    return None


def parse_date(text: str) -> dt.date:
    """A PETRARCH date: YYYYMMDD, or YYMMDD with 00-30 → 20YY. Raises ValueError."""
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 6 and text.isdigit():
        yy = int(text[:2])
        return dt.date((2000 if yy <= 30 else 1900) + yy, int(text[2:4]), int(text[4:]))
    raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")


def parse_restriction(text: str) -> tuple[dt.date | None, dt.date | None]:
    """``>D`` → (D, None), ``<D`` → (None, day before D), ``A-B`` → (A, B); days inclusive.

    Raises ValueError for anything else.
    """
    text = text.strip()
    if text.startswith(">"):
        return parse_date(text[1:]), None
    if text.startswith("<"):
        return None, parse_date(text[1:]) - dt.timedelta(days=1)
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"date restriction {text!r} is not >D, <D or A-B")
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise ValueError(f"range {text!r} ends before it starts")
    return first, last


def text_case(name: str) -> str:
    """``VLADIMIR_PUTIN_`` → ``Vladimir Putin``: matched as capitalised words, not acronyms."""
    words = name.replace("_", " ").split()
    return " ".join(w.lower() if w.lower() in _FUNCTION_WORDS else w.capitalize() for w in words)


def _strip_comment(line: str) -> str:
    # PETRARCH ends a line at " #"; the Phoenix files also write "]#" and "\t#".
    match = re.search(r"(^|[\s\]])#", line)
    return line[: match.start() + len(match.group(1))] if match else line


def is_agents_file(path: Path, head: str) -> bool:
    """True when ``path`` looks like an agents dictionary (name or ``[~SEC]`` codes)."""
    return "agent" in path.name.lower() or "[~" in head


# ---------------------------------------------------------------- actors
@dataclass(slots=True)
class _Pending:
    """The actor entry being read: its names and codes."""

    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    line: int = 0


def load_petrarch(path: str | Path, *, known: KnownCodes, strict: bool = False) -> PetrarchResult:
    """Read a PETRARCH/TABARI actors or agents dictionary (sniffed from name and content).

    Raises ``DataFileError`` D001 when unreadable, D002 for a bad line when ``strict``.
    """
    p = Path(path)
    try:
        text = p.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError("D001", path=str(p), reason=f"cannot be read ({exc})") from exc
    reader = _AgentReader if is_agents_file(p, text[:20000]) else _ActorReader
    return reader(str(p), known, strict).read(text.splitlines())


class _Reader:
    def __init__(self, path: str, known: KnownCodes, strict: bool) -> None:
        self.path = path
        self.known = known
        self.strict = strict
        self.result = PetrarchResult(ActorData(sources=[path]))

    def problem(self, line: int, reason: str) -> None:
        if self.strict:
            raise DataFileError("D002", path=self.path, line=line, reason=reason)
        self.result.problems.append(f"{self.path}:{line}: {reason}")

    def read(self, lines: list[str]) -> PetrarchResult:
        for number, raw in enumerate(lines, start=1):
            if "---STOP---" in raw:
                break
            if not raw.strip() or raw.startswith(("#", "<!")):
                continue
            line = _strip_comment(raw).rstrip()
            if line.strip():
                self.line(number, line)
        self.finish()
        return self.result

    def line(self, number: int, line: str) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called after the last line."""


class _ActorReader(_Reader):
    def __init__(self, path: str, known: KnownCodes, strict: bool) -> None:
        super().__init__(path, known, strict)
        self.pending = _Pending()

    def line(self, number: int, line: str) -> None:
        if line[0] in " \t":
            self.codes(number, line)
        elif line.startswith("+"):
            self.names(number, line[1:])
        else:
            self.finish()
            self.pending = _Pending(line=number)
            self.names(number, line)

    def names(self, number: int, line: str) -> None:
        name = _BRACKET.split(line)[0].strip()
        if not name or not re.search(r"[A-Za-z]", name):
            self.problem(number, f"no actor name in {line.strip()!r}")
            return
        self.pending.names.append(text_case(name))
        self.codes(number, line[len(line.split("[", maxsplit=1)[0]) :])

    def codes(self, number: int, line: str) -> None:
        for content in _BRACKET.findall(line):
            role = self.role(number, content)
            if role is not None:
                self.pending.roles.append(role)

    def role(self, number: int, content: str) -> Role | None:
        cameo, _, restriction = content.strip().partition(" ")
        bare = cameo.upper() in code_table().sectors and cameo.upper() not in code_table().nonstate
        if not cameo or set(cameo) <= {"-"} or bare:
            return None  # "[---]" or a bare sector such as "[ELI]": deliberately uncoded
        mapped = translate(cameo, self.known)
        if mapped is None:
            self.problem(number, f"role code {cameo!r} maps to no tocsin code")
            return None
        try:
            start, end = parse_restriction(restriction) if restriction.strip() else (None, None)
        except ValueError as exc:
            self.problem(number, str(exc))
            return None
        return Role(mapped[0], mapped[1], start, end)

    def finish(self) -> None:
        pending = self.pending
        if not pending.names:
            return
        if not pending.roles:
            self.problem(pending.line, f"actor {pending.names[0]!r} has no usable code")
            return
        entry = _actor_entry(pending.names[0], tuple(pending.roles), self.known, self.path)
        for name in dict.fromkeys(pending.names):
            self.result.data.add(name, entry)
        self.pending = _Pending()


def _actor_entry(name: str, roles: tuple[Role, ...], known: KnownCodes, source: str) -> Entry:
    """A dated entry is a person; an undated single code is a country, IGO or group."""
    if any(r.dated for r in roles):
        return Entry(Kind.PERSON, name, roles=roles, source=source)
    first = roles[0]
    if first.code in known.igos:
        return Entry(Kind.IGO, name, first.code, first.sector, source=source)
    if first.code in known.countries and first.sector is None:
        return Entry(Kind.COUNTRY, name, first.code, source=source)
    group = name if first.code == NONSTATE else None
    role = Role(first.code, first.sector, group=group)
    return Entry(Kind.GROUP, name, roles=(role,), source=source)


# ---------------------------------------------------------------- agents
class _AgentReader(_Reader):
    def __init__(self, path: str, known: KnownCodes, strict: bool) -> None:
        super().__init__(path, known, strict)
        self.markers: dict[str, list[str]] = {}

    def line(self, number: int, line: str) -> None:
        line = line.strip()
        definition = _MARKER_DEF.match(line)
        if definition:
            self.markers[definition.group(1)] = [w.strip() for w in definition.group(2).split(",")]
            return
        match = _BRACKET.search(line)
        if match is None:
            self.problem(number, f"agent line without a [~CODE]: {line!r}")
            return
        sector_code = match.group(1).strip().strip("~")
        if not sector_code:
            self.problem(number, "empty agent code")
            return
        sector = _first_sector(
            [sector_code[i : i + 3] for i in range(0, len(sector_code), 3)], code_table()
        )
        for phrase in self.phrases(number, line[: match.start()]):
            self.result.data.add(phrase, Entry(Kind.AGENT, phrase, sector=sector, source=self.path))

    def phrases(self, number: int, text: str) -> list[str]:
        plural_form: str | None = None
        if "{" in text:
            text, _, rest = text.partition("{")
            plural_form = rest.partition("}")[0].strip()
        base = text.strip()
        expanded = self.expand(number, base)
        if "!" in base:  # a marker lists every form itself (MAN, MEN, ...): no plurals
            forms = expanded
        elif plural_form is None:
            forms = [*expanded, *(plural(w) for w in expanded)]
        else:
            forms = [*expanded, *([plural_form] if plural_form else [])]
        return [f.replace("_", " ").strip().lower() for f in forms if f.strip()]

    def expand(self, number: int, base: str) -> list[str]:
        if "!" not in base:
            return [base]
        head, _, rest = base.partition("!")
        marker, _, tail = rest.partition("!")
        if marker not in self.markers:
            self.problem(number, f"substitution marker !{marker}! is not defined")
            return []
        return [f"{head}{word}{tail}" for word in self.markers[marker]]

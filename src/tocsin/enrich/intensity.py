"""Intensity scores: the PLOVER expert score per type/mode and the Goldstein value per CAMEO code.

Both tables are data files beside this module (``data/intensity.csv``, ``data/goldstein.csv``;
their headers give the sources and the one correction made). ``IntensityStage`` sets
``Event.intensity`` (mode score when the table lists the mode, else the type score) and
``Event.goldstein`` (None without a CAMEO code). Negated and hypothetical events are scored
too; the dyad series leave them out (``tocsin.monitor.series``).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar, Self

from tocsin.config import Settings
from tocsin.errors import DataFileError
from tocsin.records import PLOVER_TYPES, QUAD_CLASS, Document

#: Scores live on PLOVER's -10 (conflict) .. +10 (cooperation) scale, as does Goldstein's.
SCORE_RANGE = (-10.0, 10.0)
_MODE = re.compile(r"^[a-z][a-z-]*$")
_CAMEO = re.compile(r"^\d{2,4}$")
#: Quad classes 1-2 are cooperation (score >= 0), 3-4 conflict (score <= 0).
_COOPERATION_QUADS = (1, 2)


def _data_path(name: str) -> Path:
    return Path(str(resources.files("tocsin.enrich").joinpath("data").joinpath(name)))


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` of a CSV whose ``#`` lines are comments."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError("D001", path=str(path), reason=str(exc)) from exc
    numbered = [(i, line) for i, line in enumerate(lines, 1) if line.strip() and line[0] != "#"]
    if not numbered or tuple(numbered[0][1].split(",")) != columns:
        reason = f"the first non-comment line must be the header {','.join(columns)}"
        raise DataFileError("D001", path=str(path), reason=reason)
    reader = csv.reader(line for _, line in numbered[1:])
    for (lineno, _), cells in zip(numbered[1:], reader, strict=True):
        if len(cells) != len(columns):
            reason = f"line {lineno}: expected {len(columns)} columns, got {len(cells)}"
            raise DataFileError("D001", path=str(path), reason=reason)
        yield lineno, dict(zip(columns, (c.strip() for c in cells), strict=True))


def _score(path: Path, lineno: int, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
        reason = f"line {lineno}: score {text!r} is not a number in -10..10"
        raise DataFileError("D001", path=str(path), reason=reason)
    return value


@dataclass(frozen=True, slots=True)
class IntensityTable:
    """PLOVER intensity per type (``types``) and per ``(type, mode)`` (``modes``)."""

    types: dict[str, float]
    modes: dict[tuple[str, str], float]

    def score(self, event_type: str, mode: str | None = None) -> float | None:
        """The mode's score when listed, else the type's; None for an unknown type."""
        if mode:
            listed = self.modes.get((event_type, mode.strip().lower()))
            if listed is not None:
                return listed
        return self.types.get(event_type)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Self:
        """Read and validate an intensity CSV (default: the packaged table).

        Raises ``DataFileError`` D001 naming the line: unknown type, badly formed mode,
        duplicate row, score outside -10..10, a type without its own row, or a type score
        whose sign contradicts its quad class (cooperation >= 0, conflict <= 0).
        """
        where = Path(path) if path else _data_path("intensity.csv")
        types: dict[str, float] = {}
        modes: dict[tuple[str, str], float] = {}
        for lineno, row in _rows(where, ("type", "mode", "score")):
            event_type, mode = row["type"], row["mode"].lower()
            _check_row(where, lineno, event_type, mode, seen=(types, modes))
            value = _score(where, lineno, row["score"])
            if mode:
                modes[event_type, mode] = value
            else:
                _check_sign(where, lineno, event_type, value)
                types[event_type] = value
        missing = [t for t in PLOVER_TYPES if t not in types]
        if missing:
            raise DataFileError("D001", path=str(where), reason=f"no type score for {missing}")
        return cls(types=types, modes=modes)


def _check_row(
    path: Path,
    lineno: int,
    event_type: str,
    mode: str,
    *,
    seen: tuple[dict[str, float], dict[tuple[str, str], float]],
) -> None:
    if event_type not in QUAD_CLASS:
        reason = f"line {lineno}: unknown PLOVER type {event_type!r}"
        raise DataFileError("D001", path=str(path), reason=reason)
    if mode and not _MODE.match(mode):
        reason = f"line {lineno}: mode {mode!r} must be lower-case letters and hyphens"
        raise DataFileError("D001", path=str(path), reason=reason)
    if (event_type, mode) in seen[1] or (not mode and event_type in seen[0]):
        reason = f"line {lineno}: duplicate row for {event_type} {mode or '(no mode)'}"
        raise DataFileError("D001", path=str(path), reason=reason)


def _check_sign(path: Path, lineno: int, event_type: str, value: float) -> None:
    # A sign that contradicts the quad class is how the manual's ACCUSE typo (3, not -3)
    # would have slipped in; mode rows may cross zero (REQUEST assist is +0.5).
    cooperative = QUAD_CLASS[event_type] in _COOPERATION_QUADS
    if (cooperative and value < 0) or (not cooperative and value > 0):
        kind = "cooperation" if cooperative else "conflict"
        reason = (
            f"line {lineno}: {event_type} is {kind}, but its score {value:g} has the other sign"
        )
        raise DataFileError("D001", path=str(path), reason=reason)


@dataclass(frozen=True, slots=True)
class GoldsteinTable:
    """Goldstein weight per CAMEO code; sub-codes fall back to their longest listed prefix."""

    codes: dict[str, float]

    def value(self, cameo: str | None) -> float | None:
        """The Goldstein value of ``cameo`` (or of its longest listed prefix), else None."""
        code = (cameo or "").strip()
        if not code.isdigit():
            return None
        while len(code) >= 2:
            if code in self.codes:
                return self.codes[code]
            code = code[:-1]
        return None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Self:
        """Read and validate a Goldstein CSV (default: the packaged table).

        Raises ``DataFileError`` D001 naming the line: a code that is not 2-4 digits, a
        duplicate code, or a value outside -10..10.
        """
        where = Path(path) if path else _data_path("goldstein.csv")
        codes: dict[str, float] = {}
        for lineno, row in _rows(where, ("cameo", "goldstein")):
            code = row["cameo"]
            if not _CAMEO.match(code) or code in codes:
                problem = "duplicate" if code in codes else "not a 2-4 digit CAMEO"
                reason = f"line {lineno}: {problem} code {code!r}"
                raise DataFileError("D001", path=str(where), reason=reason)
            codes[code] = _score(where, lineno, row["goldstein"])
        return cls(codes=codes)


@functools.cache
def packaged_tables() -> tuple[IntensityTable, GoldsteinTable]:
    """The packaged intensity and Goldstein tables, loaded and validated once per process."""
    return IntensityTable.load(), GoldsteinTable.load()


class IntensityStage:
    """Sets ``Event.intensity`` (PLOVER score) and ``Event.goldstein`` (from ``Event.cameo``)."""

    name: ClassVar[str] = "intensity"
    requires: ClassVar[tuple[str, ...]] = ("events",)
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(self, intensity: IntensityTable, goldstein: GoldsteinTable) -> None:
        self.intensity = intensity
        self.goldstein = goldstein

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        """Build the stage with the packaged tables."""
        intensity, goldstein = packaged_tables()
        return cls(intensity, goldstein)

    def __call__(self, doc: Document) -> Document:
        """Score every event of ``doc`` (negated and hypothetical ones too) and return it."""
        for event in doc.events:
            event.intensity = self.intensity.score(event.type, event.mode)
            event.goldstein = self.goldstein.value(event.cameo)
        return doc

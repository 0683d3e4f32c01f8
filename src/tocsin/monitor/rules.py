"""Alert rules: the YAML rules file, its schema, and the validating loader.

The packaged rules are ``monitor/data/alert_rules.yaml``; ``monitor.rules_file`` names a
replacement. Each rule has an ``id`` (part of every alert id it raises), a ``kind`` that
picks the check (``tocsin.monitor.alerts``), a ``severity`` and the kind's parameters;
docs/monitoring.md documents every field.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tocsin.errors import DataFileError

Severity = Literal["low", "medium", "high"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)
    severity: Severity = "medium"
    enabled: bool = True
    description: str = ""
    #: A high-severity alert needs this many independent sources (outlets, else story
    #: clusters; copies of one story or of one sentence count once) ...
    min_sources: int = Field(2, ge=1, le=100)
    #: ... or a direct quotation of the act (when true) ...
    quotation_suffices: bool = True
    #: ... else it is raised at this severity.
    uncorroborated_severity: Severity = "medium"


class NuclearThreatRule(_Rule):
    """(a) A nuclear THREATEN event by a state actor (a country, in one of ``sectors``)."""

    kind: Literal["nuclear_threat"]
    #: Source sectors that count as the state; null stands for "no sector given".
    sectors: tuple[str | None, ...] = ("GOV", "MIL", None)
    #: State codes; empty means the countries of the actor data (actors/data/countries.yaml).
    state_codes: tuple[str, ...] = ()


class EscalationRule(_Rule):
    """(b) A dyad's escalation index above its rolling baseline by ``k`` standard deviations."""

    kind: Literal["escalation"]
    freq: Literal["day", "week"] = "day"
    #: Baseline length in periods (days or weeks) before the period tested.
    window: int = Field(28, ge=2, le=3650)
    k: float = Field(3.0, gt=0.0)
    #: Fewest event groups in the period for it to be tested at all.
    min_events: int = Field(3, ge=1)
    #: Floor on the baseline's standard deviation, so that a quiet dyad's first few
    #: events are not infinitely many sigmas above a flat zero baseline.
    min_sigma: float = Field(1.0, ge=0.0)
    #: Test only periods whose whole baseline lies after the first monitored day (the
    #: earliest publication date: dates the text recalls from years back are no history).
    require_history: bool = True
    #: Fewest periods of the baseline in which the dyad had events: a baseline with less
    #: history than this is no baseline ("8.4 sigma above mean 0.0, sd 0.0"). At most
    #: ``window`` (a 4-week baseline needs events in all 4 weeks).
    min_baseline_periods: int = Field(5, ge=0)
    #: With ``require_history``: articles were published in at least this share of the
    #: baseline's periods (an archive with a gap of years before the day has no baseline).
    min_coverage: float = Field(0.25, ge=0.0, le=1.0)


class RedlineRule(_Rule):
    """(c) A red line crossed (``redline_crossings``, written by the red-line ledger)."""

    kind: Literal["redline"]
    #: Crossing reports of the same line this many days either side corroborate a crossing.
    corroboration_days: int = Field(3, ge=0, le=365)


class NewConflictRule(_Rule):
    """(d) A pair's first material-conflict event after ``lookback_days`` without one."""

    kind: Literal["new_conflict"]
    lookback_days: int = Field(90, ge=1, le=36500)
    #: Test only days at least ``lookback_days`` after the first monitored day (the earliest
    #: publication date) ...
    require_history: bool = True
    #: ... whose lookback had articles published on at least this share of its days: "the
    #: first in 90 days" is only known when the 90 days were monitored.
    min_coverage: float = Field(0.25, ge=0.0, le=1.0)


Rule = Annotated[
    NuclearThreatRule | EscalationRule | RedlineRule | NewConflictRule,
    Field(discriminator="kind"),
]
RULE_KINDS = ("nuclear_threat", "escalation", "redline", "new_conflict")


class RulesFile(BaseModel):
    """The rules file: ``rules:`` a list of rules with distinct ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _distinct_ids(self) -> RulesFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self


def packaged_rules_path() -> Path:
    """The packaged default rules file."""
    return Path(
        str(resources.files("tocsin.monitor").joinpath("data").joinpath("alert_rules.yaml"))
    )


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Read and validate a rules file (default: the packaged one); return the enabled rules.

    Raises ``DataFileError`` D001 naming the rule and field at fault.
    """
    where = Path(path) if path else packaged_rules_path()
    try:
        data = yaml.safe_load(where.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError("D001", path=str(where), reason=str(exc).replace("\n", " ")) from exc
    try:
        parsed = RulesFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise DataFileError("D001", path=str(where), reason=_describe(exc, data)) from exc
    return tuple(r for r in parsed.rules if r.enabled)


def _describe(exc: ValidationError, data: Any) -> str:
    """Name the rule (by position and id) and the field of the first validation error."""
    first = exc.errors()[0]
    loc = list(first["loc"])
    where = ".".join(str(p) for p in loc) or "file"
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") if isinstance(data, dict) else None
        raw = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        # loc = ("rules", index, kind tag, field...): keep only the field part
        fields = [str(p) for p in loc[2:] if p not in RULE_KINDS]
        where = f"rule {loc[1] + 1}" + (f" ({rule_id!r})" if rule_id else "")
        where += f", field {'.'.join(fields)}" if fields else ""
    return f"{where}: {first['msg']}"


@functools.cache
def country_codes() -> frozenset[str]:
    """Codes of the countries in the actor data: the "state actors" of nuclear-threat rules.

    Raises ``DataFileError`` D001 when the actor data is missing or has no country codes.
    """
    path = Path(str(resources.files("tocsin.actors").joinpath("data").joinpath("countries.yaml")))
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        codes = frozenset(str(c["code"]) for c in data["countries"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataFileError("D001", path=str(path), reason=f"no country codes ({exc})") from exc
    if not codes:
        raise DataFileError("D001", path=str(path), reason="no country codes")
    return codes

"""Settings: packaged defaults → user file → command-line overrides → environment → schema.

``load_settings()`` is the one way to get a ``Settings``; it validates once and returns a
frozen object. Sections and keys are documented in docs/configuration.md.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tocsin.errors import ConfigError

USER_FILE = "tocsin.toml"

#: Environment variables read last (secrets and deployment switches only).
ENV_OVERRIDES: dict[str, tuple[str, str]] = {
    "TOCSIN_SPACY_MODEL": ("nlp", "model"),
    "TOCSIN_API_TOKEN": ("api", "token"),
    "TOCSIN_WEBHOOK_URL": ("monitor", "webhook_url"),
    "TOCSIN_DB": ("store", "path"),
}


#: A memory size as DuckDB reads it: a number and a unit ("512MB", "1.5GiB").
MEMORY_SIZE = r"\d+(\.\d+)?\s*([KMGTkmgt]i?[Bb]|[Bb])"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpSettings(_Section):
    """spaCy model and batching."""

    model: str = "auto"
    batch_size: int = Field(64, ge=1, le=10_000)
    workers: int = Field(0, ge=0, le=256)  # 0: one per available core
    max_chars: int = Field(200_000, ge=1_000)


class PipelineSettings(_Section):
    """Which stages and finalizers run, and how articles are batched."""

    stages: tuple[str, ...] = ()
    finalizers: tuple[str, ...] = ()
    batch_articles: int = Field(64, ge=1, le=100_000)
    prefetch: int = Field(2, ge=1, le=64)
    engine: Literal["local", "ray"] = "local"
    ray_address: str = ""


class CascadeSettings(_Section):
    """Which sentences are parsed (tocsin.cascade, docs/scale.md)."""

    enabled: bool = True
    threshold: Annotated[float, Field(ge=0.0, le=1.0)] | Literal["auto"] = "auto"
    cache_texts: int = Field(2048, ge=0, le=1_000_000)

    @property
    def threshold_value(self) -> float | None:
        """The configured threshold, or None for the trained filter's own."""
        return None if self.threshold == "auto" else float(self.threshold)


class IngestSettings(_Section):
    """Fetching and reading sources."""

    timeout_s: float = Field(20.0, gt=0)
    max_redirects: int = Field(5, ge=0, le=50)
    max_bytes: int = Field(10_000_000, ge=1_000)
    user_agent: str = "tocsin/0.1"
    fetch_entries: bool | Literal["auto"] = "auto"
    min_chars: int = Field(40, ge=0)
    max_article_chars: int = Field(1_000_000, ge=1_000)
    allow_hosts: tuple[str, ...] = ()
    host_failures: int = Field(2, ge=1, le=100)
    network_failures: int = Field(10, ge=1, le=10_000)


class StoreSettings(_Section):
    """Where the DuckDB file lives, and how much memory DuckDB may use."""

    path: str = "tocsin.duckdb"
    memory_limit: str = Field("", pattern=rf"^({MEMORY_SIZE})?$")  # "": DuckDB's default
    # analysed articles written per transaction, and the longest they wait for one
    write_articles: int = Field(500, ge=1, le=100_000)
    write_seconds: float = Field(10.0, ge=0.0)


class ExtractSettings(_Section):
    """Event extraction options and extra dictionaries."""

    min_confidence: float = Field(0.0, ge=0.0, le=1.0)
    calibrate: bool = True
    actor_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()


class WeaponSettings(_Section):
    """Weapon-system recognition."""

    range_tolerance: float = Field(0.30, gt=0.0, lt=10.0)
    extra_files: tuple[str, ...] = ()


class DedupSettings(_Section):
    """Near-duplicate detection (MinHash over word shingles)."""

    shingle_words: int = Field(5, ge=1, le=20)
    num_perm: int = Field(128, ge=16, le=1024)
    threshold: float = Field(0.5, gt=0.0, le=1.0)
    window_days: int = Field(30, ge=0, le=36_500)
    chunk_articles: int = Field(1000, ge=0, le=10_000_000)


class MonitorSettings(_Section):
    """Alert rules and delivery."""

    rules_file: str = ""
    webhook_url: str = ""
    webhook_retries: int = Field(3, ge=0, le=20)
    webhook_backoff_s: float = Field(1.0, ge=0.0, le=600.0)
    webhook_timeout_s: float = Field(10.0, gt=0.0, le=600.0)
    redline_rules_file: str = ""
    min_confidence: float = Field(0.2, ge=0.0, le=1.0)


class ApiSettings(_Section):
    """The REST API and dashboard server."""

    host: str = "127.0.0.1"
    port: int = Field(8765, ge=0, le=65535)
    token: str = ""
    allowed_hosts: tuple[str, ...] = ()
    max_request_bytes: int = Field(5_000_000, ge=1_000)
    max_response_bytes: int = Field(50_000_000, ge=100_000)
    max_series_periods: int = Field(10_000, ge=10)
    header_timeout_s: float = Field(10.0, gt=0, le=3600)
    body_timeout_s: float = Field(30.0, gt=0, le=3600)
    keepalive_timeout_s: float = Field(20.0, gt=0, le=3600)
    max_connections: int = Field(500, ge=10, le=100_000)


class Settings(_Section):
    """All of tocsin's settings, validated and frozen."""

    nlp: NlpSettings = NlpSettings()
    pipeline: PipelineSettings = PipelineSettings()
    cascade: CascadeSettings = CascadeSettings()
    ingest: IngestSettings = IngestSettings()
    store: StoreSettings = StoreSettings()
    extract: ExtractSettings = ExtractSettings()
    weapons: WeaponSettings = WeaponSettings()
    dedup: DedupSettings = DedupSettings()
    monitor: MonitorSettings = MonitorSettings()
    api: ApiSettings = ApiSettings()


def packaged_defaults() -> dict[str, Any]:
    """Return the packaged ``default_config.toml`` as a dict."""
    text = resources.files("tocsin").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_settings() -> Settings:
    """The packaged defaults alone (no user file, overrides or environment)."""
    return Settings.model_validate(packaged_defaults())


def load_settings(
    *,
    config_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults, the user file, ``overrides`` (dotted keys) and the environment.

    ``config_file=None`` reads ``./tocsin.toml`` when it exists. Raises ``ConfigError``
    (C001 missing file, C002 invalid value or unknown key).
    """
    merged = packaged_defaults()
    _deep_update(merged, _read_user_file(config_file))
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(merged, dotted, value)
    env = os.environ if environ is None else environ
    for var, (section, key) in ENV_OVERRIDES.items():
        if env.get(var):
            merged.setdefault(section, {})[key] = env[var]
    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError("C002", reason=f"{where}: {first['msg']}") from exc


def _read_user_file(config_file: str | Path | None) -> dict[str, Any]:
    if config_file is None:
        default = Path(USER_FILE)
        if not default.is_file():
            return {}
        config_file = default
    path = Path(config_file)
    if not path.is_file():
        raise ConfigError("C001", path=str(path))
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("C002", reason=f"{path}: {exc}") from exc


def _deep_update(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = value


def _set_dotted(target: dict[str, Any], dotted: str, value: Any) -> None:
    section, _, key = dotted.partition(".")
    if not key:
        raise ConfigError("C002", reason=f"override {dotted!r} must be 'section.key'")
    target.setdefault(section, {})[key] = value

"""Settings flow one way: defaults → file → overrides → environment, validated once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tocsin.config import Settings, load_settings, packaged_defaults
from tocsin.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_precedence(tmp_path: Path) -> None:
    user = tmp_path / "t.toml"
    user.write_text('[nlp]\nbatch_size = 7\nmodel = "from-file"\n[api]\nport = 9000\n')
    s = load_settings(
        config_file=user,
        overrides={"api.port": 9100},
        environ={"TOCSIN_SPACY_MODEL": "from-env"},
    )
    assert s.nlp.batch_size == 7
    assert s.api.port == 9100
    assert s.nlp.model == "from-env"


def test_missing_file_and_bad_values(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        load_settings(config_file=tmp_path / "nope.toml")
    assert exc.value.code == "C001"
    bad = tmp_path / "bad.toml"
    bad.write_text("[nlp]\nbatch_size = -1\n")
    with pytest.raises(ConfigError, match=r"nlp\.batch_size"):
        load_settings(config_file=bad)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[nlp]\nbatchsize = 3\n")
    with pytest.raises(ConfigError, match="batchsize"):
        load_settings(config_file=unknown)


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(ValueError, match="frozen"):
        s.nlp.batch_size = 3  # type: ignore[misc]


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    for section, values in packaged_defaults().items():
        for key in values:
            assert re.search(rf"`{section}\.{key}`", text), f"{section}.{key} not in {DOCS.name}"


def test_store_memory_limit_is_a_size() -> None:
    for size in ("", "2GB", "512MiB", "1.5 gb"):
        settings = load_settings(overrides={"store.memory_limit": size}, environ={})
        assert settings.store.memory_limit == size
    with pytest.raises(ConfigError, match=r"store\.memory_limit"):
        load_settings(overrides={"store.memory_limit": "2GB'; DROP TABLE articles"}, environ={})

"""Options shared by several commands (one definition, one help text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file [default: store.path, i.e. ./tocsin.duckdb]."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML) [default: ./tocsin.toml if present]."),
]


def db_path(db: Path | None, config: Path | None = None) -> Path:
    """The database path: --db, else the configured ``store.path``."""
    if db is not None:
        return db
    from tocsin.config import load_settings

    return Path(load_settings(config_file=config).store.path)

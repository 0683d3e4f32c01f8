"""tocsin: early warning of political crises from the news.

Python API (the CLI is a thin layer over these):

- ``tocsin.analyze(sources, db=...)`` reads and analyses sources into a DuckDB file;
- ``tocsin.open(db)`` opens a database for querying (tables convert to DataFrames);
- ``tocsin.load_settings(...)`` builds validated settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "load_settings", "open"]

if TYPE_CHECKING:
    from tocsin.config import load_settings
    from tocsin.query import open  # noqa: A004 - the public name is tocsin.open
    from tocsin.runner import analyze


def __getattr__(name: str) -> Any:
    # Lazy: `import tocsin` stays cheap (no spaCy, DuckDB or pydantic until needed).
    if name == "analyze":
        from tocsin.runner import analyze

        return analyze
    if name == "open":
        from tocsin.query import open as open_db

        return open_db
    if name == "load_settings":
        from tocsin.config import load_settings

        return load_settings
    raise AttributeError(name)

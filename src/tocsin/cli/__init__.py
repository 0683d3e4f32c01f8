"""The ``tocsin`` command line: a thin layer over the Python API.

Each module in ``COMMAND_MODULES`` adds its commands to the app through ``register(app)``.
``main`` turns ``TocsinError`` into a message with its fix and exit status 3; nothing below
the CLI calls ``sys.exit``.

Exit status: 0 success; 1 nothing could be read (every source failed); 2 usage error;
3 a tocsin error (bad configuration, missing database, ...); 4 quality gate failed (eval).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

import typer

from tocsin.errors import TocsinError

if TYPE_CHECKING:
    from rich.console import Console

COMMAND_MODULES: tuple[str, ...] = (
    "tocsin.cli.analyze",
    "tocsin.cli.browse",
    "tocsin.cli.extraction",
    "tocsin.cli.threats",
    "tocsin.cli.quotes",
    "tocsin.cli.monitor",
    "tocsin.cli.serve",
    "tocsin.cli.watch",
)

EXIT_NOTHING_READ = 1
EXIT_TOCSIN_ERROR = 3
EXIT_GATE_FAILED = 4

app = typer.Typer(
    name="tocsin",
    help="Early warning of political crises from the news: PLOVER events, threats, red lines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except TocsinError as exc:
        print_error(exc)
        sys.exit(EXIT_TOCSIN_ERROR)


def print_error(exc: TocsinError, err: Console | None = None) -> None:
    """``error [CODE]: message`` and the fix below it, wrapped to the terminal's width
    (on stderr, or ``err``)."""
    from rich.console import Console
    from rich.text import Text

    from tocsin.cli.output import print_indented

    err = err or Console(stderr=True, highlight=False)
    print_indented(Text(f"error [{exc.code}]: {exc.message}"), err, indent=0)
    print_indented(Text(f"fix: {exc.fix}"), err, indent=2)

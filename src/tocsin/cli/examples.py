"""The terminal examples of docs/cli.md: real commands run at ``COLUMNS=80`` over a small
database written here (three short reports by the tocsin team, coded by hand), so that the
page shows what the commands print without depending on the NLP model's current output.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from tocsin.records import Actor, Article, Document, Event

#: The commands shown, as typed (``example.duckdb`` is the sample database).
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("events",),
    ("events", "--actor", "RUS", "--search", "border"),
    ("dyads", "--days", "7"),
    ("events", "--type", "THREATENS"),
)
WIDTH = 80


@dataclass(frozen=True, slots=True)
class _Coded:
    sentence: str
    trigger: str
    type: str
    source: tuple[str, str | None]
    target: tuple[str, str | None] | None
    intensity: float
    event_date: dt.date | None = None
    mode: str | None = None
    nuclear: bool = False
    negated: bool = False
    hypothetical: bool = False


_D = dt.date(2025, 3, 3)
# (article id, outlet, published, story, title, coded events)
_SAMPLE: tuple[tuple[str, str, dt.date, str, str, tuple[_Coded, ...]], ...] = (
    ("a1", "Northwire", _D, "s1", "Russia warns Finland over troops", (
        _Coded("Russia warned Finland on Monday that it would deploy nuclear weapons near the "
               "border if NATO troops were stationed there.", "warned", "THREATEN",
               ("RUS", "GOV"), ("FIN", None), -4.0, _D, mode="violence", nuclear=True),
        _Coded("Finnish officials rejected the warning as an attempt at intimidation.",
               "rejected", "REJECT", ("FIN", "GOV"), ("RUS", None), -4.0),
    )),
    ("a2", "Baltic Courier", _D + dt.timedelta(days=1), "s2", "Kharkiv shelled", (
        _Coded("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing four "
               "civilians, regional officials said.", "shelled", "ASSAULT", ("RUS", "MIL"),
               ("UKR", None), -9.0, _D + dt.timedelta(days=1), mode="heavy-weapons"),
    )),
    ("a3", "Northwire", _D + dt.timedelta(days=1), "s2", "Kharkiv shelled", (
        _Coded("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing four "
               "civilians, regional officials said.", "shelled", "ASSAULT", ("RUS", "MIL"),
               ("UKR", None), -9.0, _D + dt.timedelta(days=1), mode="heavy-weapons"),
    )),
    ("a4", "Harbor Times", _D + dt.timedelta(days=2), "s3", "Joint air defence drills", (
        _Coded("Ukraine and Poland agreed on Wednesday to hold joint air defence exercises.",
               "agreed", "AGREE", ("UKR", "GOV"), ("POL", "GOV"), 4.5,
               _D + dt.timedelta(days=2)),
        _Coded("Warsaw did not say it would send troops across the border.", "send troops",
               "MOBILIZE", ("POL", None), ("UKR", None), -5.5, negated=True,
               hypothetical=True),
    )),
)  # fmt: skip


def _documents() -> Iterator[Document]:
    for art_id, outlet, published, story, title, coded in _SAMPLE:
        text = " ".join(c.sentence for c in coded)
        article = Article(
            id=art_id, text=text, source=f"{art_id}.txt", title=title, outlet=outlet,
            url=f"https://{outlet.lower().replace(' ', '')}.example/{art_id}",
            published=published, meta={"story_id": story},
        )  # fmt: skip
        doc = Document(article=article)
        at = 0
        for i, c in enumerate(coded):
            start = text.index(c.sentence, at) + c.sentence.index(c.trigger)
            at = text.index(c.sentence, at) + len(c.sentence)
            doc.events.append(
                Event(
                    article_id=art_id, sentence_index=i, type=c.type, mode=c.mode,
                    source=Actor(code=c.source[0], sector=c.source[1]),
                    target=Actor(code=c.target[0], sector=c.target[1]) if c.target else None,
                    date=published, event_date=c.event_date, text=c.sentence,
                    event_text=c.trigger, trigger_start=start,
                    trigger_end=start + len(c.trigger), intensity=c.intensity,
                    nuclear=c.nuclear, negated=c.negated, hypothetical=c.hypothetical,
                    confidence=0.9,
                )
            )  # fmt: skip
        yield doc


def sample_database(path: Path) -> Path:
    """Write the sample database to ``path`` (events grouped, as the finalizers would)."""
    from tocsin.dedup import update_event_groups
    from tocsin.store import Database, write_documents

    with Database(path) as db:
        write_documents(db, list(_documents()))
        update_event_groups(db)
    return path


def run_examples() -> list[tuple[str, str]]:
    """Each command line, as typed, and what it printed (an error as the CLI prints it)."""
    from tocsin.cli import app
    from tocsin.errors import TocsinError

    shown = []
    with tempfile.TemporaryDirectory() as folder:
        db = sample_database(Path(folder) / "example.duckdb")
        runner = CliRunner(env={"COLUMNS": str(WIDTH), "NO_COLOR": "1"})
        for args in COMMANDS:
            result = runner.invoke(app, [*args, "--db", str(db)])
            out = result.stdout
            if isinstance(result.exception, TocsinError):
                out += _error_text(result.exception)
            line = (
                f"COLUMNS={WIDTH} tocsin {' '.join(_quoted(a) for a in args)} --db example.duckdb"
            )
            shown.append((line, "\n".join(x.rstrip() for x in out.splitlines())))
    return shown


def _error_text(exc: Exception) -> str:
    """The error as ``tocsin.cli.main`` prints it, at ``WIDTH`` columns."""
    from rich.console import Console

    from tocsin.cli import print_error
    from tocsin.errors import TocsinError

    assert isinstance(exc, TocsinError)
    out = Console(width=WIDTH, record=True, color_system=None, file=io.StringIO())
    print_error(exc, out)
    return out.export_text()


def _quoted(arg: str) -> str:
    return f"'{arg}'" if any(c in arg for c in ' "*') else arg

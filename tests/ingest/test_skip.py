"""A folder walk reads news and leaves out what is not: README, LICENSE, Makefile, build
files, code; and says what it left out (``ingest/skip.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ingest.test_sources import STORY, write
from tocsin.cli import app
from tocsin.ingest import IngestOptions, read_sources
from tocsin.ingest.skip import shape_reason, skip_reason
from tocsin.records import Article

MIT = "MIT License\n\nCopyright (c) 2024\n\nPermission is hereby granted, free of charge, to any"
PYTHON = "import json\nimport sys\n\n\ndef main():\n    data = json.load(sys.stdin)\n    return 0\n"
C_CODE = '#include <stdio.h>\nint main(void) {\n  int x = 1;\n  printf("%d", x);\n  return 0;\n}\n'


def project_folder(root: Path) -> Path:
    """A scraper's checkout: two articles among the project's own files."""
    write(root / "news" / "a.txt", "Border talks\n\n" + STORY)
    write(
        root / "news" / "b.html", f"<html><body><h1>Envoy</h1><p>{STORY} Again.</p></body></html>"
    )
    write(root / "README.md", "# Scraper\n\nRun `make` to fetch the news.\n")
    write(root / "LICENSE", MIT)
    write(root / "Makefile", "all:\n\tpython scrape.py\n")
    write(root / "package.json", '{"name": "scraper"}')
    write(root / "scrape.py", PYTHON)
    write(root / "config.yaml", "feeds: []\n")
    write(root / "node_modules" / "lib" / "notes.txt", "Vendor notes\n\n" + STORY)
    write(root / "notes" / "main.txt", C_CODE)
    return root


def test_a_walk_reads_only_the_news(tmp_path: Path) -> None:
    skipped: list[tuple[str, str]] = []
    note = lambda path, why: skipped.append((Path(path).name, why))  # noqa: E731
    items = list(read_sources([str(project_folder(tmp_path))], IngestOptions(), on_skip=note))
    assert sorted(Path(i.source).name for i in items if isinstance(i, Article)) == [
        "a.txt",
        "b.html",
    ]
    assert not [i for i in items if not isinstance(i, Article)]
    assert dict(skipped) == {
        "README.md": "project file", "LICENSE": "project file", "Makefile": "project file",
        "package.json": "project file", "scrape.py": "code or configuration",
        "config.yaml": "code or configuration", "notes.txt": "project folder", "main.txt": "code",
    }  # fmt: skip


def test_a_file_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    readme = write(tmp_path / "README.txt", "Readme of the day\n\n" + STORY)
    items = list(read_sources([str(readme)], IngestOptions()))
    assert [type(i) for i in items] == [Article]


def test_analyze_says_how_many_it_left_out(tmp_path: Path) -> None:
    folder = project_folder(tmp_path / "checkout")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["analyze", str(folder), "--db", str(tmp_path / "x.duckdb"), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "read 2 articles, added 2" in result.stdout
    assert "left out 8 files that are not news: LICENSE (project file), Makefile" in result.stdout


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (MIT, "licence text"),
        ("                    GNU GENERAL PUBLIC LICENSE\n   Version 3", "licence text"),
        (PYTHON, "code"),
        (C_CODE, "code"),
        ("Talks resume\n\n" + STORY + "\n\n" + STORY, None),
        ("import of grain rose;\n" + STORY, None),  # one code-like line is not code
    ],
)
def test_shape(head: str, reason: str | None) -> None:
    assert shape_reason(head) == reason


def test_a_saved_php_page_is_news(tmp_path: Path) -> None:
    page = write(tmp_path / "article.php", f"<html><body><p>{STORY}</p></body></html>")
    source = write(tmp_path / "lib.php", "<?php\nfunction f() {\n  return 1;\n}\n$x = f();\n?>\n")
    assert skip_reason(page, tmp_path) is None
    assert skip_reason(source, tmp_path) == "code"

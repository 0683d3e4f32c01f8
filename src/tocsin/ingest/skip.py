"""Which files in a walked folder are not news: project, build and code files, licences.

A folder of articles often shares its tree with a scraper's checkout or a dataset's
repository; without this, its README, LICENSE and Makefile became articles. A file is
skipped by its **name** (``data/not_articles.yaml``: README*, LICENSE*, Makefile,
package.json ...), its **suffix** (code, build and configuration files) or its **folder**
(node_modules, __pycache__ ...), and a plain-text file also by its **shape**: a licence text,
or lines that read as code. Only directory walks skip; a file named on the command line is
always read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from tocsin.errors import DataFileError

#: Bytes of a file's start that the shape checks read.
HEAD_BYTES = 8192
#: Suffixes whose content is shape-checked: plain text read by the text reader, and .php
#: (a saved news page is often ``article.php``; a PHP source file starts ``<?php``).
SHAPE_CHECKED = frozenset({"", ".txt", ".text", ".md", ".markdown", ".rst", ".php"})
#: A text is code when at least this share of its non-blank lines read as code (and it has
#: at least ``CODE_MIN_LINES`` of them): prose has almost none, source files most.
CODE_SHARE = 0.5
CODE_MIN_LINES = 5

_LICENCE = re.compile(
    r"permission is hereby granted|gnu (?:affero |lesser )?general public license|"
    r"apache license,? version|redistribution and use in source and binary forms|"
    r"mozilla public license|this is free and unencumbered software",
    re.IGNORECASE,
)
_CODE_LINE = re.compile(
    r"^\s*(?:#include\b|#!/|import\s+[\w.{*]|from\s+[\w.]+\s+import\b|def\s+\w+\(|class\s+\w+"
    r"[(:{]|function\b|(?:const|let|var)\s+\w+\s*=|(?:public|private|protected)\s|package\s"
    r"[\w.]+;|using\s+[\w.]+;|<\?php)"
    r"|[;{}]\s*$|\)\s*:\s*$"
)


@dataclass(frozen=True, slots=True)
class SkipRules:
    """The names, suffixes and folders of ``not_articles.yaml``, lower-cased."""

    names: frozenset[str]
    suffixes: frozenset[str]
    folders: frozenset[str]


@functools.cache
def skip_rules(path: str | None = None) -> SkipRules:
    """The packaged rules (or those in ``path``). Raises ``DataFileError`` D001."""
    source = Path(path) if path else resources.files("tocsin.ingest") / "data/not_articles.yaml"
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError("D001", path=str(source), reason=str(exc)) from exc
    lists = {}
    for key in ("names", "suffixes", "folders"):
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise DataFileError("D001", path=str(source), reason=f"{key}: not a list of names")
        lists[key] = frozenset(v.lower() for v in value)
    return SkipRules(**lists)


def skip_reason(path: Path, root: Path) -> str | None:
    """Why ``path`` (found under ``root``) is not an article, or None: by folder, name or
    suffix, then by the shape of a plain-text file's start."""
    rules = skip_rules()
    folders = [p.lower() for p in path.relative_to(root).parts[:-1]]
    if any(f in rules.folders for f in folders):
        return "project folder"
    name = path.name.lower()
    stem = name.split(".", 1)[0]
    if name in rules.names or stem in rules.names:
        return "project file"
    suffix = Path(name.removesuffix(".gz")).suffix
    if suffix in rules.suffixes:
        return "code or configuration"
    if suffix in SHAPE_CHECKED:
        return shape_reason(_head(path))
    return None


def shape_reason(head: str) -> str | None:
    """ "licence text" or "code" when the start of a text reads as one, else None."""
    if _LICENCE.search(head):
        return "licence text"
    lines = [line for line in head.splitlines() if line.strip()]
    if len(lines) >= CODE_MIN_LINES:
        code = sum(1 for line in lines if _CODE_LINE.search(line))
        if code >= CODE_SHARE * len(lines):
            return "code"
    return None


def _head(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return f.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""  # unreadable: the reader reports it (I002)

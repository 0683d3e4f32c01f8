"""Locations → payloads → readers: files, directories, stdin (``-``) and http(s) URLs.

Each location yields articles and errors; nothing raises past here except a bad ``format``
option (``ConfigError``, before anything is read). Directories are walked recursively in
name order (hidden files and folders skipped); with the ``glob`` option only matching files
are read. Files that are not news by name or shape (README, LICENSE, Makefile, code) are
skipped and reported to ``Context.on_skip`` (``skip.py``). A file whose suffix no reader
claims is sniffed: text-like content goes to the
reader that recognises it (text as the last resort), binary content is skipped with I013.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from tocsin.errors import IngestFailure
from tocsin.ingest.base import Context, Item, Payload, error_item
from tocsin.ingest.decode import binary_reason, gunzip
from tocsin.ingest.ids import is_web_url
from tocsin.ingest.registry import choose_reader, reader_for_suffix
from tocsin.ingest.skip import skip_reason


def read_location(location: str, ctx: Context) -> Iterator[Item]:
    """Yield the articles and errors found at one location."""
    try:
        if not location.strip():  # Path("") is the current directory: never read it by accident
            raise IngestFailure("I001", source=repr(location))
        if location == "-":
            yield from read_payload(_stdin_payload(ctx), ctx)
        elif is_web_url(location):
            yield from read_payload(ctx.fetch(location), ctx)
        else:
            yield from read_path(Path(location), ctx)
    except IngestFailure as exc:
        yield error_item(exc, source=location)


def read_path(path: Path, ctx: Context) -> Iterator[Item]:
    """A file, or every file under a directory."""
    if path.is_dir():
        yield from walk(path, ctx)
        return
    if not path.exists():
        raise IngestFailure("I001", source=str(path))
    yield from read_file(path, ctx)


def walk(root: Path, ctx: Context) -> Iterator[Item]:
    """Every non-hidden file under ``root`` (matching ``glob``) that may be news, in name
    order; the others are reported to ``ctx.on_skip``."""
    for path in walk_files(root, ctx.options.glob):
        reason = skip_reason(path, root)
        if reason is not None:
            if ctx.on_skip is not None:
                ctx.on_skip(str(path), reason)
            continue
        try:
            yield from read_file(path, ctx)
        except IngestFailure as exc:
            yield error_item(exc, source=str(path))


def walk_files(root: Path, glob: str | None = None) -> Iterator[Path]:
    """The non-hidden files under ``root`` matching ``glob`` (default all), in name order."""
    for path in sorted(root.rglob(glob or "*")):
        relative = path.relative_to(root).parts
        if not any(part.startswith(".") for part in relative) and path.is_file():
            yield path


def read_file(path: Path, ctx: Context) -> Iterator[Item]:
    """One file. Raises ``IngestFailure`` (I002 unreadable, I013 unsupported, ...)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestFailure("I002", source=str(path), reason=exc.strerror or str(exc)) from exc
    data = gunzip(data, source=str(path), limit=ctx.options.max_bytes)
    payload = Payload(source=str(path), data=data, name=path.name)
    if not ctx.options.format and reader_for_suffix(payload.suffix) is None:
        reason = binary_reason(data)
        if reason:
            raise IngestFailure("I013", source=str(path), suffix=payload.suffix or path.name)
    yield from read_payload(payload, ctx)


def read_payload(payload: Payload, ctx: Context) -> Iterator[Item]:
    """Hand ``payload`` to its reader; a failure of the whole payload becomes an error."""
    try:
        if not payload.data.strip():
            raise IngestFailure("I004", source=payload.source)
        reader = choose_reader(payload, forced=ctx.options.format)
        yield from reader.read(payload, ctx)
    except IngestFailure as exc:
        yield error_item(exc, source=payload.source)


def _stdin_payload(ctx: Context) -> Payload:
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        raise IngestFailure("I002", source="-", reason=str(exc)) from exc
    return Payload(source="-", data=gunzip(data, source="-", limit=ctx.options.max_bytes))

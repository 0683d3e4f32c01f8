"""Locations → payloads → readers: files, directories, stdin (``-``) and http(s) URLs.

Each location yields articles and errors; nothing raises past here except a bad ``format``
option (``ConfigError``, before anything is read). Directories are walked recursively in
name order (hidden files and folders skipped); with the ``glob`` option only matching files
are read. Files that are not news by name or shape (README, LICENSE, Makefile, code) are
skipped and reported to ``Context.on_skip`` (``skip.py``). A file whose suffix no reader
claims is sniffed: text-like content goes to the
reader that recognises it (text as the last resort), binary content is skipped with I013.

Every source and record fails on its own: a reader that breaks in a way nobody foresaw (a
bug, a plugin's, a ``RecursionError`` deep in a parser) costs its own source an I022 error
and nothing else. File names that are not valid UTF-8 are shown (and hashed into ids) with
the odd bytes escaped (``caf\\xe9.txt``). A single-article file (text, HTML) larger than
``max_bytes`` is read up to that size only; the article says it was truncated. Markup
(HTML, feeds, SGML) loses its DOCTYPE internal subset and entity declarations before any
parser sees it, so no entity can expand a small file into gigabytes.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from tocsin.errors import IngestFailure
from tocsin.ingest.base import Context, Item, Payload, error_item, unexpected
from tocsin.ingest.decode import GZIP_MAGIC, binary_reason, gunzip, strip_entity_declarations
from tocsin.ingest.ids import is_web_url
from tocsin.ingest.registry import SNIFF_BYTES, choose_reader, reader_for_suffix
from tocsin.ingest.skip import skip_reason
from tocsin.ingest.tabular import STREAM_HEAD, JsonReader, stream_json_lines, streams_as_lines

#: Readers that make one article of a whole file: a larger file is read only up to
#: ``max_bytes``. Record formats (JSON Lines, CSV, SGML, feeds) hold many articles and are
#: read whole.
SINGLE_ARTICLE_READERS = frozenset({"text", "html"})
#: Readers of markup: DOCTYPE internal subsets and entity declarations are cut out of their
#: payloads before any parser sees them (``decode.strip_entity_declarations``).
MARKUP_READERS = frozenset({"html", "feed", "sgml"})


def read_location(location: str, ctx: Context) -> Iterator[Item]:
    """Yield the articles and errors found at one location."""
    try:
        if not location.strip():  # Path("") is the current directory: never read it by accident
            raise IngestFailure("I001", source=repr(location))
        if location == "-" or is_web_url(location):
            try:
                payload = _stdin_payload(ctx) if location == "-" else ctx.fetch(location)
                yield from read_payload(payload, ctx)
            finally:
                ctx.progress.update(sources_done=1)
        else:
            yield from read_path(Path(location), ctx)
    except IngestFailure as exc:
        yield error_item(exc, source=location)
    except Exception as exc:  # noqa: BLE001 - one broken source must not end the run
        yield error_item(unexpected(location, exc), source=location)


def count_sources(locations: Iterable[str], glob: str | None = None) -> int:
    """How many sources ``locations`` hold: files under directories, one per other location."""
    total = 0
    for location in locations:
        path = Path(location)
        if location not in ("", "-") and not is_web_url(location) and path.is_dir():
            total += sum(1 for _ in walk_files(path, glob))
        else:
            total += 1
    return total


def read_path(path: Path, ctx: Context) -> Iterator[Item]:
    """A file, or every file under a directory."""
    if path.is_dir():
        yield from walk(path, ctx)
        return
    try:
        if not path.exists():
            raise IngestFailure("I001", source=shown(path))
        yield from read_file(path, ctx)
    finally:
        ctx.progress.update(sources_done=1)


def walk(root: Path, ctx: Context) -> Iterator[Item]:
    """Every non-hidden file under ``root`` (matching ``glob``) that may be news, in name
    order; the others are reported to ``ctx.on_skip``."""
    for path in walk_files(root, ctx.options.glob):
        try:
            yield from _walked_file(path, root, ctx)
        except IngestFailure as exc:
            yield error_item(exc, source=shown(path))
        except Exception as exc:  # noqa: BLE001 - one broken file must not end the walk
            yield error_item(unexpected(shown(path), exc), source=shown(path))
        ctx.progress.update(sources_done=1)


def _walked_file(path: Path, root: Path, ctx: Context) -> Iterator[Item]:
    """One file of a walk: read, or reported to ``ctx.on_skip`` when it is not news."""
    reason = skip_reason(path, root)
    if reason is None:
        yield from read_file(path, ctx)
    elif ctx.on_skip is not None:
        ctx.on_skip(shown(path), reason)


def shown(path: Path) -> str:
    """``path`` as text that is always valid UTF-8: undecodable bytes of a file name
    (``os.fsdecode`` keeps them as lone surrogates) become ``\\xNN`` escapes."""
    text = str(path)
    if text.isascii():
        return text
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def walk_files(root: Path, glob: str | None = None) -> Iterator[Path]:
    """The non-hidden files under ``root`` matching ``glob`` (default all), in name order."""
    for path in sorted(root.rglob(glob or "*")):
        relative = path.relative_to(root).parts
        if not any(part.startswith(".") for part in relative) and path.is_file():
            yield path


def read_file(path: Path, ctx: Context) -> Iterator[Item]:
    """One file. Raises ``IngestFailure`` (I002 unreadable, I013 unsupported, ...)."""
    source = shown(path)
    streamed = _streamed(path, source, ctx)
    if streamed is not None:
        yield from streamed
        return
    try:
        data, whole_size = _read_bytes(path, ctx)
    except OSError as exc:
        raise IngestFailure("I002", source=source, reason=exc.strerror or str(exc)) from exc
    data = gunzip(data, source=source, limit=ctx.options.max_bytes)
    payload = Payload(source=source, data=data, name=shown(Path(path.name)),
                      truncated_from=whole_size)  # fmt: skip
    if not ctx.options.format and reader_for_suffix(payload.suffix) is None:
        reason = binary_reason(data)
        if reason:
            raise IngestFailure("I013", source=source, suffix=payload.suffix or payload.name)
    yield from read_payload(payload, ctx)


def _streamed(path: Path, source: str, ctx: Context) -> Iterator[Item] | None:
    """The articles of a large JSON Lines file, read a line at a time; None for any other
    file (read whole below)."""
    try:
        handle = path.open("rb")
    except OSError:
        return None  # read_file reports it
    head = handle.read(STREAM_HEAD)
    payload = Payload(source=source, data=head, name=shown(Path(path.name)))
    if (
        len(head) < STREAM_HEAD
        or choose_reader(payload, forced=ctx.options.format).name != JsonReader.name
        or not streams_as_lines(payload, ctx)
    ):
        handle.close()
        return None
    return _closing(stream_json_lines(payload, handle, ctx), handle)


def _closing(items: Iterator[Item], handle: BinaryIO) -> Iterator[Item]:
    with handle:
        yield from items


def _read_bytes(path: Path, ctx: Context) -> tuple[bytes, int | None]:
    """The file's bytes, and its size when only its start was read.

    A single-article file larger than ``max_bytes`` is read up to the last line break
    within the limit: a 200 MB text costs 10 MB, not gigabytes once decoded and parsed.
    """
    limit = ctx.options.max_bytes
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit or not _single_article(path, data, ctx):
            return data + handle.read(), None
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut if cut > 0 else limit], path.stat().st_size


def _single_article(path: Path, head: bytes, ctx: Context) -> bool:
    if head.startswith(GZIP_MAGIC):
        return False  # decompression has its own limit
    sample = Payload(source=str(path), data=head[:SNIFF_BYTES], name=path.name)
    return choose_reader(sample, forced=ctx.options.format).name in SINGLE_ARTICLE_READERS


def read_payload(payload: Payload, ctx: Context) -> Iterator[Item]:
    """Hand ``payload`` to its reader; a failure of the whole payload becomes an error."""
    try:
        if not payload.data.strip():
            raise IngestFailure("I004", source=payload.source)
        reader = choose_reader(payload, forced=ctx.options.format)
        if reader.name in MARKUP_READERS:
            payload = dataclasses.replace(payload, data=strip_entity_declarations(payload.data))
        yield from reader.read(payload, ctx)
    except IngestFailure as exc:
        yield error_item(exc, source=payload.source)
    except Exception as exc:  # noqa: BLE001 - a broken reader costs its payload, no more
        yield error_item(unexpected(payload.source, exc), source=payload.source)


def _stdin_payload(ctx: Context) -> Payload:
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        raise IngestFailure("I002", source="-", reason=str(exc)) from exc
    return Payload(source="-", data=gunzip(data, source="-", limit=ctx.options.max_bytes))

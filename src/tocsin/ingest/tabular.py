"""Records: JSON Lines (``.jsonl``/``.ndjson``), JSON (a list, or an object holding one), CSV/TSV.

Each record is one article. Its fields are named by the ``*_field`` options; a field not
named is found by its usual names (``data/field_names.yaml``). Every bad record — a line
that is not JSON, a record without text, a date that cannot be read — is yielded as an
``IngestError`` naming the file and the record (``news.jsonl#L12``, ``x.csv#row7``, rows
counted as in a spreadsheet, header = row 1; ``x.json#item3``), and the other records go on.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import yaml

from tocsin.errors import DataFileError, IngestFailure
from tocsin.ingest.article import build_article
from tocsin.ingest.base import (
    Context,
    IngestOptions,
    Item,
    Payload,
    error_item,
    record_source,
    unexpected,
)
from tocsin.ingest.dates import parse_date
from tocsin.ingest.decode import decode
from tocsin.ingest.ids import is_web_url

ROLES: tuple[str, ...] = ("text", "id", "date", "url", "title", "outlet")
#: Keys of a JSON object under which a list of records is looked for.
RECORD_LISTS: tuple[str, ...] = (
    "articles", "items", "records", "data", "results", "documents", "entries", "posts",
    "stories", "news",
)  # fmt: skip
_DELIMITERS = (",", "\t", ";", "|")


@functools.cache
def field_names(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """The candidate field names per role, from ``data/field_names.yaml`` (or ``path``).

    Raises ``DataFileError`` D001 naming the entry that is wrong.
    """
    source = Path(path) if path else resources.files("tocsin.ingest") / "data/field_names.yaml"
    where = str(source)
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError("D001", path=where, reason=str(exc)) from exc
    if not isinstance(data, dict) or set(data) != set(ROLES):
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise DataFileError("D001", path=where, reason=f"needs keys {list(ROLES)}, has {found}")
    for role, names in data.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise DataFileError("D001", path=where, reason=f"{role}: not a list of field names")
    return {role: tuple(names) for role, names in data.items()}


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Where each attribute of a record is: one named field, or candidates tried in order."""

    names: dict[str, tuple[str, ...]]
    explicit: frozenset[str]

    @classmethod
    def from_options(cls, options: IngestOptions) -> FieldMap:
        """Named fields from ``options``; the usual names for the rest."""
        defaults = field_names()
        names: dict[str, tuple[str, ...]] = {}
        explicit = set()
        for role in ROLES:
            given = getattr(options, f"{role}_field")
            names[role] = (given,) if given else defaults[role]
            if given:
                explicit.add(role)
        return cls(names=names, explicit=frozenset(explicit))

    def label(self, role: str) -> str:
        """How to name the field of ``role`` in an error message."""
        names = self.names[role]
        return names[0] if role in self.explicit else " / ".join(names[:4])

    def lookup(self, record: Mapping[str, Any], role: str) -> Any:
        """The first non-empty value of ``role`` in ``record`` (None when there is none)."""
        lower = {str(k).lower(): k for k in record}
        for name in self.names[role]:
            value = _get(record, lower, name)
            if value not in (None, "", [], {}):
                return value
        return None

    def has_text_column(self, header: Iterable[str]) -> bool:
        """Whether a CSV header names a text column."""
        lower = {h.strip().lower() for h in header}
        return any(n.lower() in lower for n in self.names["text"])

    def missing_named(self, record: Mapping[str, Any]) -> str | None:
        """The first field named by an option (``--date-field`` ...) that ``record`` (or a
        CSV header as a mapping) lacks altogether, or None. A present but empty field is not
        missing: the option still names a real column."""
        lower = {str(k).lower(): k for k in record}
        for role in ROLES:
            name = self.names[role][0]
            if role in self.explicit and not _has(record, lower, name):
                return name
        return None


def columns_of(record: Mapping[str, Any]) -> str:
    """The field names of a record (or CSV header) for an I007 message."""
    names = [str(k) for k in record]
    return ", ".join(names[:20]) + (f", … ({len(names)} in all)" if len(names) > 20 else "")


def _has(record: Mapping[str, Any], lower: Mapping[str, Any], name: str) -> bool:
    """Whether ``record`` has field ``name`` (any case; ``a.b`` reaches into objects)."""
    if name in record or name.lower() in lower:
        return True
    head, dot, rest = name.partition(".")
    inner = _get(record, lower, head) if dot else None
    return isinstance(inner, Mapping) and _has(inner, {str(k).lower(): k for k in inner}, rest)


def _get(record: Mapping[str, Any], lower: Mapping[str, Any], name: str) -> Any:
    """``record[name]`` matched case-insensitively; ``a.b`` reaches into nested objects."""
    if name in record:
        return record[name]
    key = lower.get(name.lower())
    if key is not None:
        return record[key]
    head, dot, rest = name.partition(".")
    if dot:
        inner = _get(record, lower, head)
        if isinstance(inner, Mapping):
            return _get(inner, {str(k).lower(): k for k in inner}, rest)
    return None


def record_items(
    records: Iterable[tuple[str, Any]], *, source: str, ctx: Context, fields: FieldMap
) -> Iterator[Item]:
    """Turn ``(record label, record)`` pairs into articles or errors."""
    for label, record in records:
        where = record_source(source, label)
        try:
            yield record_article(record, where=where, ctx=ctx, fields=fields)
        except IngestFailure as exc:
            yield error_item(exc, source=source, record=label)
        except Exception as exc:  # noqa: BLE001 - one broken record must not cost the file
            yield error_item(unexpected(where, exc), source=source, record=label)


def record_article(record: Any, *, where: str, ctx: Context, fields: FieldMap) -> Item:
    """The article of one record. Raises ``IngestFailure`` (I004, I006, I007, I015)."""
    if isinstance(record, _BadLine):
        raise IngestFailure(record.code, source=where, format=record.format, reason=record.reason)
    if not isinstance(record, Mapping):
        reason = f"a record must be an object, not {type(record).__name__}"
        raise IngestFailure("I006", source=where, format="JSON", reason=reason)
    missing = fields.missing_named(record)
    if missing is not None:
        raise IngestFailure("I007", source=where, field=missing, columns=columns_of(record))
    text = _as_text(fields.lookup(record, "text"))
    if text is None:
        columns = columns_of(record)
        raise IngestFailure("I007", source=where, field=fields.label("text"), columns=columns)
    raw_date = fields.lookup(record, "date")
    try:
        published = parse_date(raw_date)
    except ValueError as exc:
        raise IngestFailure("I015", source=where, value=raw_date) from exc
    raw_id = _as_str(fields.lookup(record, "id"))
    url = _as_str(fields.lookup(record, "url"))
    return build_article(
        text=text,
        title=_as_str(fields.lookup(record, "title")),
        source=where,
        options=ctx.options,
        url=url if is_web_url(url) else None,
        outlet=_as_outlet(fields.lookup(record, "outlet")),
        published=published,
        record_id=raw_id if "id" in fields.explicit else None,
        meta={"record_id": raw_id},
    )


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # paragraphs
        return "\n\n".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _as_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _as_outlet(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _as_str(value.get("name") or value.get("title"))
    return _as_str(value)


class JsonReader:
    """JSON Lines, and JSON documents holding a list of records (or one record)."""

    name: ClassVar[str] = "jsonl"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson", ".jsonlines", ".json")
    media_types: ClassVar[tuple[str, ...]] = (
        "application/x-ndjson",
        "application/jsonl",
        "application/jsonlines",
        "application/x-jsonlines",
        "application/json",
        "text/json",
    )
    priority: ClassVar[int] = 40

    def sniff(self, head: str) -> bool:
        """A JSON object or array at the start."""
        return head.startswith(("{", "["))

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield one article per record; bad records become errors."""
        text = decode(payload, encoding=ctx.options.encoding)
        fields = FieldMap.from_options(ctx.options)
        records = _json_records(text, payload.source)
        yield from record_items(records, source=payload.source, ctx=ctx, fields=fields)


#: Bytes read from the start of a file to decide whether it can be streamed line by line.
STREAM_HEAD = 65536


def stream_json_lines(payload: Payload, handle: BinaryIO, ctx: Context) -> Iterator[Item]:
    """The articles of a JSON Lines file read line by line from ``handle`` (positioned after
    ``payload.data``, its first bytes), so that memory does not grow with the file: a
    20,000-article dump is never held whole, decoded or split. Each line is decoded as
    UTF-8 (or the forced ``--encoding``); a line that is not is a bad record (I005)."""
    codec = ctx.options.encoding or "utf-8"
    fields = FieldMap.from_options(ctx.options)
    records = _streamed_lines(_byte_lines(payload.data, handle), codec, payload.source)
    yield from record_items(records, source=payload.source, ctx=ctx, fields=fields)


def streams_as_lines(payload: Payload, ctx: Context) -> bool:
    """Whether ``payload`` (a file's first bytes) starts a JSON Lines file that can be
    streamed: a JSON object alone on its first line, plain UTF-8 (or a forced encoding)."""
    if ctx.options.format not in (None, JsonReader.name) or payload.data.startswith(b"\x1f\x8b"):
        return False
    first, newline, _ = payload.data.partition(b"\n")
    if not newline or not first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        return False
    try:
        json.loads(first.decode(ctx.options.encoding or "utf-8").lstrip("\ufeff"))
    except (UnicodeDecodeError, LookupError, json.JSONDecodeError, RecursionError):
        return False
    return True


def _byte_lines(head: bytes, handle: BinaryIO) -> Iterator[bytes]:
    """The lines of a file whose first bytes ``head`` were already read from ``handle``."""
    first, newline, rest = head.partition(b"\n")
    yield first
    if not newline:
        return
    # The rest of the head may end inside a line: join it to the line read next.
    parts = rest.split(b"\n")
    yield from parts[:-1]
    tail = parts[-1]
    for line in handle:
        yield (tail + line).rstrip(b"\n")
        tail = b""
    if tail:
        yield tail


def _streamed_lines(lines: Iterable[bytes], codec: str, source: str) -> Iterator[tuple[str, Any]]:
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode(codec)
        except UnicodeDecodeError as exc:
            reason = f"not valid {codec}: {exc.reason} at byte {exc.start}"
            yield f"L{number}", _BadLine("JSON", reason, code="I005")
            continue
        if number == 1:
            line = line.lstrip("\ufeff")
        yield from _lines(line, start=number)


def _json_records(text: str, source: str) -> Iterator[tuple[str, Any]]:
    """``(label, record)`` pairs of a JSON Lines or JSON text.

    The whole text is tried as one JSON document first: on JSON Lines that fails at the
    second line, so it costs one line's parse.
    """
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        # A JSON Lines file whose first record nests deeper than the parser can follow
        # fails here before the second line is reached: it is still read line by line.
        one_document = "\n" not in text.strip()
        if isinstance(exc, RecursionError) and one_document:
            raise IngestFailure("I021", source=source, format="JSON") from None
        if text.lstrip().startswith("[") and not isinstance(exc, RecursionError):
            reason = "not valid JSON"
            raise IngestFailure("I006", source=source, format="JSON", reason=reason) from None
        yield from _lines(text)
        return
    one_line = "\n" not in text.strip()
    yield from _document_records(document, source, one_line=one_line)


def _lines(text: str, *, start: int = 1) -> Iterator[tuple[str, Any]]:
    # Split on \n only: str.splitlines would also break at U+2028 inside JSON strings.
    for number, line in enumerate(_split_lines(text), start=start):
        if not line.strip():
            continue
        try:
            yield f"L{number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"L{number}", _BadLine("JSON", f"{exc.msg} at column {exc.colno}")
        except RecursionError:
            yield f"L{number}", _BadLine("JSON", "nested too deeply", code="I021")


def _split_lines(text: str) -> Iterator[str]:
    """``text.split("\\n")`` one line at a time (no list of every line of a large file)."""
    begin = 0
    while True:
        end = text.find("\n", begin)
        if end < 0:
            yield text[begin:]
            return
        yield text[begin:end]
        begin = end + 1


@dataclass(frozen=True, slots=True)
class _BadLine:
    """A line or row that did not parse; ``record_article`` reports it as I006 (or I021
    for one nested deeper than the parser can follow)."""

    format: str
    reason: str
    code: str = "I006"


def _document_records(document: Any, source: str, *, one_line: bool) -> Iterator[tuple[str, Any]]:
    if isinstance(document, dict):
        inner = next((document[k] for k in RECORD_LISTS if isinstance(document.get(k), list)), None)
        if inner is None:  # one record: a one-line JSON Lines file, or a JSON object
            yield ("L1" if one_line else "item1"), document
            return
        document = inner
    if not isinstance(document, list):
        reason = f"expected a list of records, found {type(document).__name__}"
        raise IngestFailure("I006", source=source, format="JSON", reason=reason)
    for number, record in enumerate(document, start=1):
        yield f"item{number}", record


class CsvReader:
    """CSV and TSV files with a header row; one article per row."""

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv", ".tab")
    media_types: ClassVar[tuple[str, ...]] = ("text/csv", "text/tab-separated-values")
    priority: ClassVar[int] = 90

    def sniff(self, head: str) -> bool:
        """CSV is never guessed from content (any text has commas); only by name or type."""
        return False

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield one article per row; bad rows become errors.

        Raises ``IngestFailure`` I007 (listing the columns) when the header names no text
        column, or lacks a column an option names (``--date-field`` ...).
        """
        text = decode(payload, encoding=ctx.options.encoding).lstrip("\ufeff")
        # Article texts easily pass the csv module's 128 KiB default field limit.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        fields = FieldMap.from_options(ctx.options)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(payload, text))
        header = [h.strip() for h in next(rows, [])]
        named = dict.fromkeys(header, "")
        missing = fields.missing_named(named)
        if missing is None and not fields.has_text_column(header):
            missing = fields.label("text")
        if missing is not None:
            columns = columns_of(named)
            raise IngestFailure("I007", source=payload.source, field=missing, columns=columns)
        records = _csv_records(rows, header, payload.source)
        yield from record_items(records, source=payload.source, ctx=ctx, fields=fields)


def _delimiter(payload: Payload, text: str) -> str:
    """Tab for ``.tsv``/``.tab`` and TSV responses, else the commonest of , ; | tab in the
    header line (csv.Sniffer misreads rows whose text fields are full of commas)."""
    if payload.suffix in (".tsv", ".tab") or payload.content_type == "text/tab-separated-values":
        return "\t"
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def _csv_records(
    rows: Iterator[list[str]], header: list[str], source: str
) -> Iterator[tuple[str, Any]]:
    number = 1
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield f"row{number}", _BadLine("CSV", str(exc))
            continue
        if row:
            yield f"row{number}", dict(zip(header, row, strict=False))

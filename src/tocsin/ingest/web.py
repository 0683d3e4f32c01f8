"""Fetch http(s) URLs with httpx, within limits: addresses, time, redirects, size, type.

Every failure becomes an ``IngestFailure`` from the catalogue: I008 an HTTP error status,
I009 a network error or timeout, I010 a body over ``max_bytes`` (read as a stream and
stopped there, so a huge or endless response costs at most the limit), I011 a content type
tocsin cannot read, I014 too many redirects, I020 an address that is not public
(``guard.py``: checked where each connection, redirects included, is opened), I023/I024
when the network or the host is down (``breaker.py``). ``timeout_s`` bounds each network
wait and the whole request, so a server dripping bytes slowly cannot hold a run.

This is the one fetcher: the CLI, feed entries and the API's submitted URLs all use it.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING

from tocsin.errors import IngestFailure
from tocsin.ingest.base import IngestOptions, Payload, ReadProgress
from tocsin.ingest.breaker import FailureTracker
from tocsin.ingest.decode import gunzip
from tocsin.ingest.guard import AddressPolicy, AddressRefused, GuardedBackend, check_url, refused

if TYPE_CHECKING:
    import httpx

#: Content types read (anything else is I011). No content type at all is sniffed.
READABLE_TYPES: frozenset[str] = frozenset(
    {
        "text/html", "application/xhtml+xml", "text/plain", "text/markdown",
        "text/x-markdown", "application/rss+xml", "application/atom+xml", "application/rdf+xml",
        "application/xml", "text/xml", "application/feed+json", "application/json",
        "text/json", "application/x-ndjson", "application/jsonl", "text/csv",
        "text/tab-separated-values", "text/sgml", "application/sgml", "application/gzip",
        "application/x-gzip", "application/octet-stream",
    }
)  # fmt: skip

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json;q=0.9,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


class Fetcher:
    """One HTTP client for a run (connections reused), opened on the first fetch.

    Thread-safe: feed entries are fetched from a small thread pool.
    """

    def __init__(self, options: IngestOptions, *, progress: ReadProgress | None = None) -> None:
        self.options = options
        self.policy = AddressPolicy.from_entries(options.allow_hosts)
        self.tracker = FailureTracker(
            host_failures=options.host_failures, network_failures=options.network_failures
        )
        self.progress = progress or ReadProgress()
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the client (a later fetch opens a new one)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _open(self) -> httpx.Client:
        import httpx

        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    transport=_guarded_transport(self.policy),
                    follow_redirects=True,
                    max_redirects=self.options.max_redirects,
                    timeout=httpx.Timeout(self.options.timeout_s),
                    headers={"User-Agent": self.options.user_agent, "Accept": ACCEPT},
                    # Each hop of a redirect chain is checked before it is requested.
                    event_hooks={"request": [self._check_request]},
                )
            return self._client

    def _check_request(self, request: httpx.Request) -> None:
        check_url(str(request.url), self.policy)

    def fetch(self, url: str) -> Payload:
        """GET ``url`` and return its body as a ``Payload``.

        Raises ``IngestFailure`` I008, I009, I010, I011, I014, I020, I023 or I024 (see the
        module docstring).
        """
        host = _host(url)
        self.tracker.before(url, host)
        self.progress.update(fetching=1)
        try:
            payload = self._fetch(url, host)
        except IngestFailure:
            self.progress.update(fetching=-1, fetch_failed=1)
            raise
        self.progress.update(fetching=-1, fetched=1)
        return payload

    def _fetch(self, url: str, host: str) -> Payload:
        import httpx

        check_url(url, self.policy)
        client = self._open()
        try:
            with client.stream("GET", url) as response:
                self.tracker.succeeded()
                return self._payload(url, response)
        except httpx.TooManyRedirects as exc:
            raise IngestFailure("I014", source=url, limit=self.options.max_redirects) from exc
        except httpx.TimeoutException as exc:
            reason = f"timed out after {self.options.timeout_s:g} s"
            if isinstance(exc, httpx.ConnectTimeout):
                self._connect_failed(host, reason)
            raise IngestFailure("I009", source=url, reason=reason) from exc
        except httpx.ConnectError as exc:
            refusal = _cause(exc, AddressRefused)
            if refusal is not None:
                raise refused(url, refusal) from exc
            self._connect_failed(host, _reason(exc))
            raise IngestFailure("I009", source=url, reason=_reason(exc)) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise IngestFailure("I009", source=url, reason=_reason(exc)) from exc

    def _connect_failed(self, host: str, reason: str) -> None:
        self.tracker.failed(host, reason)
        if self.tracker.tripped and not self.progress.network_down:
            self.progress.network_down = True
            self.progress.changed()

    def _payload(self, url: str, response: httpx.Response) -> Payload:
        if response.status_code >= 400:
            raise IngestFailure(
                "I008", source=url, status=response.status_code, reason=response.reason_phrase
            )
        media_type, charset = parse_content_type(response.headers.get("content-type"))
        if media_type and media_type not in READABLE_TYPES:
            raise IngestFailure("I011", source=url, content_type=media_type)
        data = self._body(url, response)
        final = str(response.url)
        return Payload(
            source=url,
            data=gunzip(data, source=url, limit=self.options.max_bytes),
            url=final,
            name=_file_name(final),
            content_type=media_type,
            charset=charset,
        )

    def _body(self, url: str, response: httpx.Response) -> bytes:
        """Read the body, stopping past ``max_bytes`` or past the request deadline."""
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise IngestFailure("I010", source=url, limit=limit)
        deadline = time.monotonic() + self.options.timeout_s
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise IngestFailure("I010", source=url, limit=limit)
            if time.monotonic() > deadline:
                reason = f"timed out after {self.options.timeout_s:g} s reading the body"
                raise IngestFailure("I009", source=url, reason=reason)
            chunks.append(chunk)
        return b"".join(chunks)


def _guarded_transport(policy: AddressPolicy) -> httpx.BaseTransport:
    """httpx's default transport with the address check where connections are opened."""
    import httpcore
    import httpx

    transport = httpx.HTTPTransport()
    # httpx builds its connection pool without a way to pass a network backend; the pool
    # is replaced by the same one with the guarded backend (httpx is pinned below 0.29).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(policy),
    )
    return transport


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


def _cause(exc: BaseException, kind: type[AddressRefused]) -> AddressRefused | None:
    """The ``kind`` exception in ``exc``'s chain of causes, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8`` (Nones when absent)."""
    if not header:
        return None, None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.lower() or None, charset


def _file_name(url: str) -> str | None:
    """The last path segment of ``url`` when it has a suffix (``feed.xml``), for readers
    that look at suffixes; None for paths like ``/news/``."""
    from urllib.parse import urlsplit

    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last if "." in last else None


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

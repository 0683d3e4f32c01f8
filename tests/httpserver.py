"""A real HTTP server on 127.0.0.1 for fetching tests (threaded ``http.server``).

It serves files from a directory under ``/site/`` (``{{BASE}}`` in a file is replaced by the
server's base URL, so feeds can link to pages on the same server) and special routes for
the failure cases of ``tocsin.ingest.web``:

- ``/redirect/N``: a chain of N redirects ending at ``/site/story1.html``;
- ``/redirect-loop``: redirects to itself forever;
- ``/redirect-to?url=URL``: one redirect to any URL (for the SSRF guard's tests);
- ``/status/CODE``: answers with that HTTP status;
- ``/huge``: an endless ``text/html`` body without Content-Length;
- ``/huge-declared``: a Content-Length of 1 GB (and a few bytes);
- ``/slow?seconds=S``: waits S seconds before answering;
- ``/drip?seconds=S``: sends the headers, then one byte every 0.1 s for S seconds;
- ``/pdf``, ``/image.png``: content types tocsin does not read;
- ``/as/TYPE/FILE``: a site file served with content type TYPE (``_`` for ``/``, ``none``
  for no Content-Type header), e.g. ``/as/text_html/feed.xml``;
- ``/cp1251``: a Cyrillic page whose charset only the HTTP header states;
- ``/gzip/FILE``: a site file sent with ``Content-Encoding: gzip``.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
    ".json": "application/feed+json",
    ".txt": "text/plain; charset=utf-8",
}
CP1251_PAGE = (
    "<html><head><title>Новости</title></head><body><article><h1>Переговоры продолжаются</h1>"
    "<p>Министры иностранных дел двух стран встретились во вторник, чтобы обсудить "
    "совместное патрулирование пролива. Переговоры продлились шесть часов.</p>"
    "<p>Стороны договорились встретиться снова на следующей неделе.</p></article></body></html>"
)


class LocalServer:
    """The server, started in a daemon thread on a free port; ``url(path)`` builds URLs."""

    def __init__(self, root: Path) -> None:
        handler = type("Handler", (_Handler,), {"root": root})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + "/" + path.lstrip("/")

    def start(self) -> LocalServer:
        """Start serving; returns self."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    root: ClassVar[Path]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        """Stay quiet: tests print nothing."""

    def do_GET(self) -> None:
        """Dispatch to a special route or a site file; a client hanging up is not an error."""
        parts = urlsplit(self.path)
        self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            self._route(parts.path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _route(self, path: str) -> None:
        first, _, rest = path.strip("/").partition("/")
        routes = {
            "redirect": lambda: self._redirect_chain(int(rest or 0)),
            "redirect-loop": lambda: self._redirect("/redirect-loop"),
            "redirect-to": lambda: self._redirect(self.query.get("url", "/")),
            "status": lambda: self._send(int(rest), b"status page", "text/plain"),
            "huge": self._huge,
            "huge-declared": self._huge_declared,
            "slow": self._slow,
            "drip": self._drip,
            "pdf": lambda: self._send(200, b"%PDF-1.4\n%binary", "application/pdf"),
            "image.png": lambda: self._send(200, b"\x89PNG\r\n\x1a\n....", "image/png"),
            "as": lambda: self._as(rest),
            "cp1251": lambda: self._send(
                200, CP1251_PAGE.encode("cp1251"), "text/html; charset=windows-1251"
            ),
            "gzip": lambda: self._gzip(rest),
            "site": lambda: self._file(rest),
        }
        route = routes.get(first)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        route()

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def _redirect_chain(self, remaining: int) -> None:
        target = f"/redirect/{remaining - 1}" if remaining > 0 else "/site/story1.html"
        self._redirect(target)

    def _site_bytes(self, name: str) -> bytes | None:
        path = (self.root / name).resolve()
        if self.root.resolve() not in path.parents or not path.is_file():
            return None
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        return path.read_bytes().replace(b"{{BASE}}", base.encode())

    def _file(self, name: str, content_type: str | None = "") -> None:
        body = self._site_bytes(name)
        if body is None:
            self._send(404, b"not found", "text/plain")
            return
        if content_type == "":
            content_type = CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
        self._send(200, body, content_type)

    def _as(self, rest: str) -> None:
        kind, _, name = rest.partition("/")
        self._file(name, None if kind == "none" else kind.replace("_", "/"))

    def _gzip(self, name: str) -> None:
        body = self._site_bytes(name)
        if body is None:
            self._send(404, b"not found", "text/plain")
            return
        content_type = CONTENT_TYPES.get(Path(name).suffix, "text/plain")
        self._send(200, gzip.compress(body), content_type, {"Content-Encoding": "gzip"})

    def _huge(self) -> None:
        # No Content-Length: the body ends when the connection closes (here: never, until
        # the client stops reading or 200 MB have gone).
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
        for _ in range(200_000_000 // len(chunk)):
            self.wfile.write(chunk)
        self.close_connection = True

    def _huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(1_000_000_000))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<html>")
        self.close_connection = True

    def _slow(self) -> None:
        time.sleep(float(self.query.get("seconds", "2")))
        self._file("story1.html")

    def _drip(self) -> None:
        seconds = float(self.query.get("seconds", "3"))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)
        self.close_connection = True

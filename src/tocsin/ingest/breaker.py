"""Stop fetching what cannot be reached: a per-host failure cache and a run-wide breaker.

Without a network every DNS lookup or connection fails slowly (seconds each), so a run
over feed files whose entries link to hundreds of pages would crawl along at one article a
second. Two rules stop that:

- a host that failed to resolve or connect ``host_failures`` times is not tried again in
  the run (I024 for its later URLs, at once);
- after ``network_failures`` connection failures in a row, on any hosts, with no success
  in between, the network is taken to be down and nothing more is fetched in the run
  (I023). The first such refusal is reported once as a warning (``tripped_notice``).

Only failures to resolve or connect count: an HTTP error status, a slow body or a refused
address (I020) say nothing about the network.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from tocsin.errors import IngestFailure


@dataclass(slots=True)
class FailureTracker:
    """Counts connection failures per host and in a row; thread-safe."""

    host_failures: int = 2
    network_failures: int = 10
    _by_host: dict[str, tuple[int, str]] = field(default_factory=dict)
    _in_a_row: int = 0
    _tripped: bool = False
    _notified: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def tripped(self) -> bool:
        """True once the network is taken to be down for the rest of the run."""
        return self._tripped

    def before(self, url: str, host: str) -> None:
        """Raise I023 when the network is down, I024 when ``host`` failed too often."""
        with self._lock:
            if self._tripped:
                raise IngestFailure("I023", source=url, failures=self._in_a_row)
            count, reason = self._by_host.get(host, (0, ""))
            if count >= self.host_failures:
                raise IngestFailure("I024", source=url, host=host, failures=count, reason=reason)

    def failed(self, host: str, reason: str) -> None:
        """Record a failure to resolve or connect to ``host``."""
        with self._lock:
            count, _ = self._by_host.get(host, (0, ""))
            self._by_host[host] = (count + 1, reason)
            self._in_a_row += 1
            if self._in_a_row >= self.network_failures:
                self._tripped = True

    def succeeded(self) -> None:
        """Record a response (any status): the network works."""
        with self._lock:
            self._in_a_row = 0

    def tripped_notice(self) -> bool:
        """True exactly once after the breaker tripped (for the one warning of a run)."""
        with self._lock:
            if self._tripped and not self._notified:
                self._notified = True
                return True
            return False

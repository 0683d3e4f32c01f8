"""REST API latency on a large database: p50/p95 of the series and events endpoints.

Builds (or reuses, with ``--db`` pointing at an existing file) a synthetic database of at
least a million events (``benchmarks/synthetic.py``), starts the real app with uvicorn on
127.0.0.1 (a free port, in this process's background thread: a real HTTP server, requests
go through the socket) and sends each request case ``--repeat`` times from one client
(sequential, keep-alive), after one warm-up request per case. Prints per-case p50/p95/max
in milliseconds and the p50/p95 over all requests of each endpoint.

    .venv/bin/python benchmarks/api.py [--events 1000000] [--repeat 50] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_synthetic_db  # noqa: E402 - benchmarks/ is not a package
from tocsin.api import create_app  # noqa: E402
from tocsin.config import default_settings  # noqa: E402
from tocsin.store import Database  # noqa: E402

#: (endpoint, query parameters): busy, rare, wildcard and undirected dyads, day and week.
SERIES_CASES: list[dict[str, Any]] = [
    {"dyad": "RUS:UKR"},
    {"dyad": "RUS:UKR", "freq": "week"},
    {"dyad": "RUS:UKR", "both": True},
    {"dyad": "USA:CHN", "since": "2024-01-01", "until": "2024-06-30"},
    {"dyad": "GUY:VEN"},
    {"dyad": "RUS:*", "freq": "week"},
    {"dyad": "*:ISR", "sparse": True},
]
#: The events endpoint as the dashboard's table uses it: a page plus the total count.
EVENTS_CASES: list[dict[str, Any]] = [
    {"limit": 25},
    {"limit": 25, "offset": 100_000},
    {"actor": "RUS", "limit": 25},
    {"source": "USA", "target": "CHN", "limit": 25},
    {"type": "ASSAULT,COERCE", "since": "2024-03-01", "until": "2024-03-31", "limit": 50},
    {"source": "GUY", "type": "THREATEN", "asserted": True, "limit": 100},
    {"since": "2024-12-01", "limit": 1000},
]
OTHER_CASES: list[tuple[str, dict[str, Any]]] = [
    ("/api/dyads", {"days": 30}),
    ("/api/map", {"days": 90}),
    ("/api/stats", {}),
]


class Server:
    """uvicorn on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: httpx.Client, path: str, params: dict[str, Any], repeat: int) -> list[float]:
    """Durations (ms) of ``repeat`` requests; raises if any fails."""
    client.get(path, params=params).raise_for_status()  # warm-up
    durations = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(path, params=params)
        durations.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
    return durations


def report(label: str, durations: list[float], extra: str = "") -> None:
    """Print one line: p50, p95, max."""
    print(
        f"  {label:<58} p50 {statistics.median(durations):7.1f} ms  "
        f"p95 {pct(durations, 0.95):7.1f} ms  max {max(durations):7.1f} ms{extra}"
    )


def run(db: Path, repeat: int) -> None:
    """Time every case against the app serving ``db``."""
    with (
        Server(create_app(db=db, settings=default_settings())) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        for endpoint, cases in (("/api/series", SERIES_CASES), ("/api/events", EVENTS_CASES)):
            print(f"{endpoint} ({repeat} requests per case)")
            everything: list[float] = []
            for params in cases:
                durations = measure(client, endpoint, params, repeat)
                body = client.get(endpoint, params=params).json()
                size = f"  [{body.get('total', len(body['items']))} rows]"
                report(_label(params), durations, size)
                everything += durations
            report(f"ALL {endpoint}", everything)
        print("other endpoints")
        for path, params in OTHER_CASES:
            report(f"{path} {_label(params)}", measure(client, path, params, repeat))


def _label(params: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items()) or "(no filter)"


def main() -> None:
    """Build or reuse the database, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db", type=Path, help="Reuse this database (built when missing).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "api-bench.duckdb"
        if not db.exists():
            t0 = time.perf_counter()
            make_synthetic_db(db, args.events)
            print(f"built {db} in {time.perf_counter() - t0:.0f} s")
        with Database(db, read_only=True) as database:
            counts = {t: database.count(t) for t in ("articles", "events", "event_groups")}
        print(f"database: {counts}; uvicorn on 127.0.0.1 (real HTTP server, one client)")
        # Other work on the machine shows in the tail latencies; say how busy it was.
        print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
        run(db, args.repeat)
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

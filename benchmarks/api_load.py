"""Load on ``/api/events`` of a million-event database: latency under concurrent clients.

Builds (or reuses, ``--db``) the synthetic database of ``benchmarks/api.py``
(``benchmarks/synthetic.py``, ≥ 1,000,000 events), starts ``tocsin serve`` on it in its own
process (the real server: uvicorn with tocsin's protocol, limits and middleware), and runs
``--concurrency`` clients that send ``--requests`` requests in all, as fast as answers
come. Requests are drawn (seeded) from what the dashboard and API users send: first pages,
deep pages, an actor, a dyad, types in a month, a source's asserted threats, a 1,000-row
page; parameters vary (actors, offsets, months), so repeated identical requests are rare.

Prints p50/p95/p99/max latency per kind and over all, the throughput and the errors (any
answer other than 200, any connection failure). The target (issue 10): p95 under 1 s with
zero errors at concurrency 50.

    .venv/bin/python benchmarks/api_load.py [--db PATH] [--concurrency 50] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from serving import wait_until_up  # noqa: E402 - not a package
from synthetic import CODES, DAYS, START, make_synthetic_db  # noqa: E402 - not a package
from tocsin.records import PLOVER_TYPES  # noqa: E402

TARGET_P95_S = 1.0


def requests_of(n: int, seed: int = 50) -> list[tuple[str, dict[str, Any]]]:
    """``n`` (kind, parameters) pairs for ``/api/events``, drawn with ``seed``."""
    import datetime as dt

    rng = random.Random(seed)
    first = dt.date.fromisoformat(START)
    busy = CODES[:12]

    def day() -> dt.date:
        return first + dt.timedelta(days=rng.randrange(DAYS - 31))

    def month_of_types() -> dict[str, Any]:
        since = day()
        return {
            "type": ",".join(rng.sample(PLOVER_TYPES, 2)),
            "since": str(since),
            "until": str(since + dt.timedelta(days=30)),
            "limit": 50,
        }

    kinds = {
        "first page": lambda: {"limit": 25, "offset": 25 * rng.randrange(40)},
        "deep page": lambda: {"limit": 25, "offset": rng.randrange(1_000, 300_000)},
        "actor": lambda: {"actor": rng.choice(CODES), "limit": 25},
        "dyad": lambda: {"source": rng.choice(busy), "target": rng.choice(busy), "limit": 25},
        "types in a month": month_of_types,
        "asserted threats": lambda: {
            "source": rng.choice(CODES),
            "type": "THREATEN",
            "asserted": "true",
            "limit": 100,
        },
        "1,000 rows": lambda: {"since": str(day()), "limit": 1000},
    }
    weights = [30, 10, 20, 15, 10, 10, 5]  # the dashboard's table mostly pages and filters
    names = rng.choices(list(kinds), weights=weights, k=n)
    return [(name, kinds[name]()) for name in names]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) the process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serve(db: Path, src: Path | None = None) -> Iterator[tuple[str, int]]:
    """``tocsin serve --db DB`` in a subprocess (packaged settings); yields URL and pid.

    ``src`` runs the server from another source tree (``PYTHONPATH``): a baseline measured
    in the same run, e.g. a checkout of the commit before a change.
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    config = Path(tempfile.mkdtemp()) / "tocsin.toml"
    config.write_text("")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tocsin.cli import main; main()", "serve", "--db", str(db),
         "--port", str(port), "--config", str(config)],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, proc, 120)
    try:
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class Connection:
    """One keep-alive HTTP/1.1 connection with the least client work per request (asyncio
    streams, no HTTP library): on a small machine the load generator shares the CPUs with
    the server, and a heavy client would measure itself."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        """Send ``GET target``; return the status and the body."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self.reader.read()
        if headers.get("connection") == "close":
            self.writer.close()
        return status, body

    def close(self) -> None:
        """Close the socket."""
        if self.writer is not None:
            self.writer.close()


async def load(
    url: str, plan: list[tuple[str, dict[str, Any]]], concurrency: int
) -> tuple[list[tuple[str, float]], list[str], float]:
    """Send ``plan`` over ``concurrency`` connections, one request at a time on each;
    return (kind, seconds) per answer, the errors, and the wall time."""
    from urllib.parse import urlencode, urlsplit

    where = urlsplit(url)
    host, port = where.hostname or "127.0.0.1", where.port or 80
    queue = list(reversed(plan))
    timings: list[tuple[str, float]] = []
    errors: list[str] = []

    async def worker() -> None:
        connection = Connection(host, port)
        try:
            while queue:
                kind, params = queue.pop()
                target = f"/api/events?{urlencode(params)}"
                started = time.perf_counter()
                try:
                    status, body = await connection.get(target)
                    if status != 200 or not body.startswith(b'{"total":'):
                        errors.append(f"{kind}: {status} {body[:100]!r}")
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    errors.append(f"{kind}: {type(exc).__name__} {exc}")
                    connection.close()
                    connection = Connection(host, port)
                timings.append((kind, time.perf_counter() - started))
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings, errors, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(label: str, values: list[float]) -> None:
    """One line: count, p50, p95, p99, max (ms)."""
    ms = [v * 1000 for v in values]
    print(
        f"  {label:<20} n={len(ms):5}  p50 {statistics.median(ms):7.1f}  p95 {pct(ms, 0.95):7.1f}"
        f"  p99 {pct(ms, 0.99):7.1f}  max {max(ms):7.1f} ms"
    )


def _count_events(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def main() -> None:
    """Build or reuse the database, start the server, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Reuse this database (built when missing).")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument(
        "--src", type=Path, help="Serve from this source tree (a baseline), e.g. a checkout's src."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        if not db.exists():
            t0 = time.perf_counter()
            make_synthetic_db(db, args.events)
            print(f"built {db} in {time.perf_counter() - t0:.0f} s")
        events = _count_events(db)
        served = f"from {args.src}" if args.src else "this checkout"
        print(f"database: {events:,} events; tocsin serve ({served}) on 127.0.0.1")
        print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
        with serve(db, args.src) as (url, pid):
            asyncio.run(load(url, requests_of(args.warmup, seed=1), args.concurrency))
            plan = requests_of(args.requests)
            cpu_before = cpu_seconds(pid)
            timings, errors, wall = asyncio.run(load(url, plan, args.concurrency))
            cpu = cpu_seconds(pid) - cpu_before
        print(f"/api/events: {len(plan)} requests, {args.concurrency} concurrent clients, "
              f"{wall:.1f} s ({len(plan) / wall:.0f} requests/s); latency:")  # fmt: skip
        for kind in dict.fromkeys(k for k, _ in plan):
            report(kind, [s for k, s in timings if k == kind])
        everything = [s for _, s in timings]
        report("ALL", everything)
        p95 = pct(everything, 0.95)
        print(f"errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:10]))
        # Wall-clock latency depends on what else the machine runs; the server's CPU time
        # per request does much less, and bounds the rate an idle machine can serve.
        per_request = cpu / len(plan)
        print(
            f"server CPU: {cpu:.1f} s, {per_request * 1000:.1f} ms a request; an idle "
            f"{os.cpu_count()}-CPU machine can serve about "
            f"{(os.cpu_count() or 1) / per_request:.0f} requests/s"
        )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        verdict = "met" if p95 < TARGET_P95_S and not errors else "NOT met"
        print(f"target p95 < {TARGET_P95_S:.0f} s with zero errors: {verdict} "
              f"(p95 {p95 * 1000:.0f} ms, {len(errors)} errors)")  # fmt: skip


if __name__ == "__main__":
    main()

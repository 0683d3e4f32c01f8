"""Replay every probe of issue 10 (hostile input, faults, the network) and print a table:
input, outcome, peak RSS. docs/reliability.md holds the table of the last full run.

Each probe runs tocsin as a user would, in its own process (``tocsin analyze`` or
``tocsin serve``), so the peak resident memory is that process's own: its ``VmHWM`` at exit
(sampled every 50 ms for processes killed on purpose), and for the server its ``VmHWM``
reset before each probe. The processes run
under an audit hook that logs every name lookup and refuses every outgoing connection
before the system call, so an SSRF target is never sent a packet even if the guard failed;
the table counts the attempts.

Probes (``--only`` picks some):

- ``api``: the series of 3.6 million days, SSRF targets (literal, odd notations, through a
  redirect, through feed entries), an anonymous 400 MB POST, deep JSON bodies, DNS
  rebinding (foreign Host), security headers, 300 half-open connections;
- ``input``: a feed with a 20 kB entity referenced 20,000 times, billion laughs, a 200 MB
  text file, JSON nested 100,000 deep among good files, a non-UTF-8 file name, deeply
  nested HTML with a real paragraph;
- ``offline``: 244 feed files whose entries link to 50 hosts, with DNS that fails slowly
  (a local resolver that never answers, 2 s a lookup): as they are, then fetching;
- ``kill``: kill -9 at N points of a run (random moments, and exact points inside
  finalizers and commits); after a rerun every table must equal a clean run's;
- ``disk``: the same run on tmpfs disks too small for it (a real full disk, mounted in a
  private mount namespace), then the disk grown and the run repeated;
- ``fuzz``: the property tests with the long profile (HYPOTHESIS_PROFILE=fuzz).

    .venv/bin/python benchmarks/reliability.py [--only api,input,...] [--kills 20]
        [--events 200000] [--markdown docs-table.md]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from serving import wait_until_up  # noqa: E402 - benchmarks/ is not a package
from synthetic import make_synthetic_db  # noqa: E402 - benchmarks/ is not a package
from tocsin.store import Database  # noqa: E402
from tocsin.store.fingerprint import differences, fingerprints  # noqa: E402

PY = sys.executable
RSS_LIMIT_MB = 600
TOKEN = "reliability-token-0123456789"
KILL_CORPUS = [
    str(ROOT / "examples" / "news.jsonl"),
    str(ROOT / "examples" / "pages"),
    str(ROOT / "tests" / "data" / "redlines" / "story.jsonl"),
]
STORY = (
    "The foreign ministers of Veloria and Marenta met in Ostrava Nova on Tuesday to discuss "
    "the fishing dispute in the Calder Strait, officials said."
)

#: Runs the tocsin CLI (argv after ``--``) under an audit hook: lookups are logged, and a
#: connection to anything but the listed ``host:port`` addresses is logged and refused. At
#: exit it logs its peak RSS from VmHWM: the high-water mark of this program's own memory
#: (``wait4``'s ru_maxrss would also count the parent's memory the child had before exec).
AUDITED = textwrap.dedent(
    """
    import atexit, sys
    log = open(sys.argv[1], "a", buffering=1)
    def peak():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                log.write(f"peak_kb {line.split()[1]}\\n")
    atexit.register(peak)
    allowed = set(filter(None, sys.argv[2].split(",")))
    def hook(event, args):
        if event == "socket.getaddrinfo":
            log.write(f"lookup {args[0]}\\n")
        elif event == "socket.connect" and isinstance(args[1], tuple):
            where = f"{args[1][0]}:{args[1][1]}"
            if where not in allowed:
                log.write(f"connect {where}\\n")
                raise PermissionError(f"audit hook: connection to {where} refused")
    sys.addaudithook(hook)
    sys.argv = ["tocsin", *sys.argv[4:]]
    from tocsin.cli import main
    main()
    """
)


# ---------------------------------------------------------------- the table
@dataclass
class Row:
    """One line of the table."""

    probe: str
    input: str
    outcome: str
    peak_mb: float | None
    ok: bool
    notes: list[str] = field(default_factory=list)


ROWS: list[Row] = []


def record(probe: str, what: str, outcome: str, peak_mb: float | None, ok: bool) -> None:
    """Add a row and print it at once (a long run shows progress)."""
    peak = peak_mb if peak_mb is None else round(peak_mb)
    ok = ok and (peak_mb is None or peak_mb < RSS_LIMIT_MB)
    ROWS.append(Row(probe, what, outcome, peak_mb, ok))
    print(f"  [{'ok' if ok else 'FAIL'}] {what} → {outcome} ({peak} MB)", flush=True)


def markdown() -> str:
    """The table in Markdown (docs/reliability.md)."""
    lines = ["| probe | input | outcome | peak RSS (MB) | ok |", "|---|---|---|---:|---|"]
    for r in ROWS:
        peak = "–" if r.peak_mb is None else f"{r.peak_mb:.0f}"
        cells = [r.probe, r.input, r.outcome, peak, "yes" if r.ok else "**NO**"]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- processes
@dataclass
class Done:
    """A finished process: exit status, output, peak RSS, wall time, audit log."""

    rc: int
    out: str
    err: str
    peak_mb: float
    seconds: float
    audit: list[str] = field(default_factory=list)

    @property
    def connects(self) -> list[str]:
        """Outgoing connections the audit hook refused."""
        return [line.split(" ", 1)[1] for line in self.audit if line.startswith("connect ")]

    @property
    def lookups(self) -> list[str]:
        """Names looked up."""
        return [line.split(" ", 1)[1] for line in self.audit if line.startswith("lookup ")]


def run(
    args: Sequence[str],
    *,
    timeout: float = 900,
    audited: bool = True,
    allowed: Sequence[str] = (),
    env: dict[str, str] | None = None,
    kill_after: float | None = None,
    prefix: Sequence[str] = (),
) -> Done:
    """Run ``tocsin ARGS`` (under the audit hook) and wait for it with ``wait4``.

    ``kill_after`` sends SIGKILL after that many seconds; ``prefix`` wraps the command
    (``unshare ...``). Raw commands (not tocsin) pass ``audited=False`` and a full argv.
    """
    work = Path(tempfile.mkdtemp(prefix="tocsin-rel-"))
    log = work / "audit.log"
    log.touch()
    if audited:
        command = [PY, "-c", AUDITED, str(log), ",".join(allowed), "--", *args]
    else:
        command = list(args)
    out, err = (work / "out").open("w"), (work / "err").open("w")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*prefix, *command], cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})}
    )
    limit = kill_after if kill_after is not None else timeout
    timer = threading.Timer(limit, lambda: _kill(proc.pid))
    timer.start()
    peak = PeakWatch(proc.pid)
    _, status, _ = os.wait4(proc.pid, 0)
    timer.cancel()
    peak.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    err.close()
    audit = log.read_text("utf-8").splitlines()
    reported = [int(line.split()[1]) / 1024 for line in audit if line.startswith("peak_kb ")]
    done = Done(
        rc=proc.returncode,
        out=(work / "out").read_text("utf-8", "replace"),
        err=(work / "err").read_text("utf-8", "replace"),
        peak_mb=max(reported) if reported else peak.mb,
        seconds=time.perf_counter() - started,
        audit=audit,
    )
    shutil.rmtree(work, ignore_errors=True)
    return done


class PeakWatch:
    """Samples the VmHWM of a process (and its children) every 50 ms while it runs: the
    peak RSS of processes that cannot report their own (killed ones, other programs)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.mb = max(self.mb, _tree_peak_mb(self.pid))

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def _tree_peak_mb(pid: int) -> float:
    """The largest VmHWM among ``pid`` and its descendants now (0 when gone)."""
    peak = 0.0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return peak
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return max([peak, *(_tree_peak_mb(int(c)) for c in children)])


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def analyze(sources: Sequence[str], db: Path, *extra: str, **kw: Any) -> Done:
    """``tocsin analyze SOURCES --db DB --quiet EXTRA`` under the audit hook."""
    return run(["analyze", *sources, "--db", str(db), "--quiet", *extra], **kw)


def clean_exit(done: Done) -> bool:
    """No traceback; a non-zero exit carries a catalogue code."""
    return "Traceback" not in done.err and (done.rc == 0 or "error [" in done.err)


def error_codes(done: Done) -> str:
    """The catalogue codes in a run's report and error output, counted."""
    import re

    found: dict[str, int] = {}
    for code in re.findall(r"\[([ISNACDMV]\d{3})\]", done.out + done.err):
        found[code] = found.get(code, 0) + 1
    return ", ".join(f"{c}×{n}" for c, n in sorted(found.items())) or "none"


def db_codes(db: Path) -> str:
    """The catalogue codes recorded in ``ingest_errors`` of ``db``, counted."""
    with Database(db, read_only=True) as database:
        rows = database.query(
            "SELECT code, count(*) FROM ingest_errors GROUP BY code ORDER BY code"
        )
    return ", ".join(f"{code}×{n}" for code, n in rows) or "none"


def stored(db: Path, sql: str) -> Any:
    """One value from the database ``db``."""
    with Database(db, read_only=True) as database:
        return database.query(sql)[0][0]


# ---------------------------------------------------------------- probe: input files
def probe_input(tmp: Path) -> None:
    """Bombs, a huge file, deep nesting and odd names, each in its own analyze run."""
    print("input files", flush=True)
    bomb = tmp / "bomb.xml"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{"x" * 20_000}">]><rss version="2.0">'
        f"<channel><title>Bomb</title><item><title>One</title><description>{STORY} "
        f"{'&e;' * 20_000}</description></item></channel></rss>"
    )
    done = analyze([str(bomb)], tmp / "bomb.duckdb")
    chars = stored(tmp / "bomb.duckdb", "SELECT max(length(text)) FROM articles")
    expanded = stored(tmp / "bomb.duckdb", "SELECT bool_or(text LIKE '%xxxxxxxxxx%') FROM articles")
    record("input", "feed: one 20 kB entity referenced 20,000 times (was a 400 MB article, "
           "3 GB)", f"exit {done.rc}, 1 article of {chars:,} characters: the declaration cut "
           "before parsing, the references left as text", done.peak_mb,
           done.rc == 0 and not expanded and chars < 100_000)  # fmt: skip

    laughs = tmp / "laughs.xml"
    entities = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' if i else '<!ENTITY l0 "lol">' for i in range(10)
    )
    laughs.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        f"<title>L</title><item><title>One</title><description>{STORY} &l9;</description>"
        "</item></channel></rss>"
    )
    done = analyze([str(laughs)], tmp / "laughs.duckdb")
    chars = stored(tmp / "laughs.duckdb", "SELECT max(length(text)) FROM articles")
    record("input", "feed: billion laughs (10 levels of 10 references)",
           f"exit {done.rc}, 1 article of {chars:,} characters", done.peak_mb,
           done.rc == 0 and chars < 10_000)  # fmt: skip

    huge = tmp / "huge.txt"
    with huge.open("w") as handle:
        handle.write("A very long report\n\n")
        paragraph = (STORY + " ") * 8 + "\n\n"
        for _ in range(200_000_000 // len(paragraph)):
            handle.write(paragraph)
    done = analyze([str(huge)], tmp / "huge.duckdb", timeout=1800)
    row = stored(tmp / "huge.duckdb", "SELECT length(text) FROM articles")
    truncated = stored(tmp / "huge.duckdb", "SELECT meta->>'truncated' FROM articles")
    huge.unlink()
    record("input", "a 200 MB text file (was 4.1 GB)",
           f"exit {done.rc} in {done.seconds:.0f} s, 1 article of {row:,} characters, "
           f"meta.truncated: {truncated}", done.peak_mb,
           done.rc == 0 and truncated is not None)  # fmt: skip

    folder = tmp / "mixed"
    folder.mkdir()
    good = json.dumps({"text": STORY})
    (folder / "a-good.txt").write_text(f"Talks\n\n{STORY}")
    (folder / "b-deep.jsonl").write_text(
        good + "\n" + '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        + good.replace("Tuesday", "Friday") + "\n"
    )  # fmt: skip
    (folder / "c-deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / os.fsdecode(b"d-caf\xe9-\xff.txt")).write_text(f"Talks again\n\n{STORY} Again.")
    (folder / "e-good.txt").write_text(f"Talks end\n\n{STORY.replace('Tuesday', 'Sunday')}")
    done = analyze([str(folder)], tmp / "mixed.duckdb")
    articles = stored(tmp / "mixed.duckdb", "SELECT count(*) FROM articles")
    odd = stored(tmp / "mixed.duckdb", "SELECT count(*) FROM articles WHERE source LIKE '%\\xe9%'")
    record("input", "JSON nested 100,000 deep (a JSONL line, a JSON file) and a file name with "
           "non-UTF-8 bytes, among good files (was: run aborted)",
           f"exit {done.rc}, {articles} of 6 articles stored ({odd} under the odd name), "
           f"errors {error_codes(done)}", done.peak_mb,
           done.rc == 0 and articles == 5 and odd == 1 and clean_exit(done))  # fmt: skip

    deep = tmp / "deep.html"
    depth = 5_000
    deep.write_text(
        "<html><head><title>Strait talks</title></head><body>" + "<div>" * depth
        + f"<p>{STORY}</p>" + "</div>" * depth + "</body></html>"
    )  # fmt: skip
    done = analyze([str(deep)], tmp / "deep.duckdb")
    text = stored(tmp / "deep.duckdb", "SELECT coalesce(max(text), '') FROM articles")
    record("input", f"HTML nested {depth:,} deep around a real paragraph (was: 'empty', I004)",
           f"exit {done.rc}, article text starts {text[:28]!r}", done.peak_mb,
           text.startswith("The foreign ministers"))  # fmt: skip


# ---------------------------------------------------------------- probe: the API
class Redirector(BaseHTTPRequestHandler):
    """``/to?url=U`` redirects to U; ``/feed.xml`` a feed whose entries link inside;
    ``/deep.jsonl`` JSON nested 100,000 deep."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        """Quiet."""

    def do_GET(self) -> None:
        """Serve the three routes."""
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        if parts.path == "/to":
            self.send_response(302)
            self.send_header("Location", parse_qs(parts.query)["url"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, kind = b"not found", "text/plain"
        if parts.path == "/feed.xml":
            links = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                     "http://[::1]:8765/", "http://0x7f.2/", "http://2130706434/"]  # fmt: skip
            items = "".join(
                f"<item><title>E{i}</title><link>{link}</link><description>{STORY} ({i})"
                "</description></item>"
                for i, link in enumerate(links)
            )
            body = (f'<rss version="2.0"><channel><title>Inside</title>{items}</channel>'
                    "</rss>").encode()  # fmt: skip
            kind = "application/rss+xml"
        elif parts.path == "/deep.jsonl":
            body, kind = (
                ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n").encode(),
                ("application/x-ndjson"),
            )
        self.send_response(200 if body != b"not found" else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """``tocsin serve`` in a subprocess (under the audit hook)."""

    proc: subprocess.Popen[bytes]
    port: int
    audit: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset_peak(self) -> None:
        """Reset the process's peak RSS (``VmHWM``) to its current RSS."""
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        """The process's peak RSS since the last reset."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def connects(self) -> list[str]:
        """Connections the server attempted (and the hook refused)."""
        lines = self.audit.read_text("utf-8").splitlines()
        return [x for x in lines if x.startswith("connect ")]


@contextmanager
def serving(db: Path, config: Path, *, allowed: Sequence[str] = ()) -> Iterator[Server]:
    """Run ``tocsin serve`` over ``db`` with ``config`` and the token in the environment."""
    port = free_port()
    audit = db.with_suffix(".audit")
    audit.write_text("")
    command = [PY, "-c", AUDITED, str(audit), ",".join(allowed), "--", "serve", "--db",
               str(db), "--config", str(config), "--port", str(port)]  # fmt: skip
    env = {**os.environ, "TOCSIN_API_TOKEN": TOKEN}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    server = Server(proc=proc, port=port, audit=audit)
    wait_until_up(server.url, proc, 60)
    try:
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=30)


#: The helper site (redirects, a feed linking inside, deep JSON) listens here: a loopback
#: address of its own, so that allow-listing it lets nothing else on 127.0.0.1 through.
HELPER_HOST = "127.0.0.3"


def probe_api(tmp: Path, events: int) -> None:
    """The API probes against ``tocsin serve`` over a synthetic database."""
    print(f"API (tocsin serve over a synthetic database of {events:,} events)", flush=True)
    db = tmp / "api.duckdb"
    make_synthetic_db(db, events)
    helper = ThreadingHTTPServer((HELPER_HOST, 0), Redirector)
    threading.Thread(target=helper.serve_forever, daemon=True).start()
    site = f"http://{HELPER_HOST}:{helper.server_address[1]}"
    plain = tmp / "plain.toml"
    plain.write_text("")
    with serving(db, plain) as server:
        _series(server)
        _bodies(server)
        _connections(server)
        _ssrf(server)
    listed = tmp / "listed.toml"
    listed.write_text(f'[ingest]\nallow_hosts = ["{HELPER_HOST}/32"]\n')
    with serving(db, listed, allowed=[site.removeprefix("http://")]) as server:
        _redirects(server, site)
    _feed_entries(tmp, site, listed)
    helper.shutdown()


def _series(server: Server) -> None:
    server.reset_peak()
    stall: list[float] = []

    def other() -> None:
        started = time.perf_counter()
        httpx.get(server.url + "/api/health", timeout=60)
        stall.append(time.perf_counter() - started)

    started = time.perf_counter()
    helper = threading.Thread(target=other)
    helper.start()
    response = httpx.get(
        server.url + "/api/series",
        params={"dyad": "RUS:UKR", "since": "0001-01-01", "until": "9999-12-31"},
        timeout=120,
    )
    seconds = time.perf_counter() - started
    helper.join()
    body = response.json()
    record("api", "GET /api/series?dyad=RUS:UKR&since=0001-01-01&until=9999-12-31, no token "
           "(was 668 MB in 40 s, 8 GB, others stalled 14 s)",
           f"{response.status_code} {body.get('code')} in {seconds * 1000:.0f} ms, "
           f"{len(response.content)} bytes; a concurrent request waited "
           f"{stall[0] * 1000:.0f} ms", server.peak_mb(),
           response.status_code == 422 and body.get("code") == "A012")  # fmt: skip
    server.reset_peak()
    response = httpx.get(server.url + "/api/series", params={"dyad": "RUS:*"}, timeout=120)
    record("api", "GET /api/series?dyad=RUS:* (bounds from the data)",
           f"{response.status_code}, {len(response.json().get('items', []))} periods",
           server.peak_mb(), response.status_code == 200)  # fmt: skip


SSRF_TARGETS = [
    "http://127.0.0.1:8765/api/stats", "http://[::1]/", "http://0x7f.1/", "http://2130706433/",
    "http://017700000001/", "http://127.1/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
    "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
    "http://[64:ff9b::a9fe:a9fe]/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://localhost:22/",
]  # fmt: skip


def _ssrf(server: Server) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    server.reset_peak()
    codes: dict[str, int] = {}
    for url in SSRF_TARGETS:
        response = httpx.post(server.url + "/api/articles", json={"url": url}, headers=auth)
        code = f"{response.status_code} {response.json().get('code')}"
        codes[code] = codes.get(code, 0) + 1
    connects = server.connects()
    shown = ", ".join(f"{c} ×{n}" for c, n in codes.items())
    record("api", f"POST /api/articles url= {len(SSRF_TARGETS)} inside addresses (loopback, "
           "0x7f.1, 2130706433, 169.254.169.254, 10/8, 192.168/16, fd00::/8, mapped, NAT64, "
           "...)", f"{shown}; {len(connects)} connections attempted", server.peak_mb(),
           codes == {"422 I020": len(SSRF_TARGETS)} and not connects)  # fmt: skip


def _redirects(server: Server, site: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    server.reset_peak()
    targets = ["http://169.254.169.254/", "http://[::1]:8765/", "http://127.0.0.1:8765/",
               "http://10.0.0.1/", "http://2130706433/", "http://127.0.0.2/"]  # fmt: skip
    got = [
        httpx.post(server.url + "/api/articles", headers=auth,
                   json={"url": f"{site}/to?url={target}"}).json()["code"]
        for target in targets
    ]  # fmt: skip
    record("api", f"submitted URL on an allow-listed host ({HELPER_HOST}) redirecting inside "
           f"({len(targets)} targets)", f"{', '.join(sorted(set(got)))} ×{len(got)}; "
           f"{len(server.connects())} connections attempted", server.peak_mb(),
           got == ["I020"] * len(targets) and not server.connects())  # fmt: skip
    server.reset_peak()
    response = httpx.post(server.url + "/api/articles", headers=auth, timeout=60,
                          json={"url": f"{site}/deep.jsonl"})  # fmt: skip
    record("api", "submitted URL whose content is JSON nested 100,000 deep (was a plain-text "
           "500 and a reset)", f"{response.status_code} {response.json()['code']}",
           server.peak_mb(), response.status_code == 422)  # fmt: skip


def _feed_entries(tmp: Path, site: str, config: Path) -> None:
    done = analyze([f"{site}/feed.xml"], tmp / "entries.duckdb", "--config", str(config),
                   allowed=[site.removeprefix("http://")])  # fmt: skip
    articles = stored(tmp / "entries.duckdb", "SELECT count(*) FROM articles")
    record("api", f"tocsin analyze of a feed on {HELPER_HOST} (allow-listed) whose 5 entries "
           "link inside (metadata, 10/8, [::1], 0x7f.2, 2130706434)",
           f"exit {done.rc}: {articles} articles from the summaries, errors "
           f"{error_codes(done)}; {len(done.connects)} connections attempted", done.peak_mb,
           done.rc == 0 and articles == 5 and not done.connects)  # fmt: skip


def _bodies(server: Server) -> None:
    server.reset_peak()
    started = time.perf_counter()
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall(
        f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        "Content-Type: application/json\r\nContent-Length: 400000000\r\n\r\n".encode()
    )
    sent = 0
    chunk = b"x" * 1_000_000
    with contextlib.suppress(OSError):  # the server closes the connection: sending stops
        sock.settimeout(10)
        while sent < 400_000_000:
            sock.sendall(chunk)
            sent += len(chunk)
    try:
        reply = sock.recv(4096).decode("latin-1")
    except OSError:
        reply = ""
    sock.close()
    status = reply.split(" ", 2)[1] if reply.startswith("HTTP/") else "closed"
    record("api", "anonymous POST of 400 MB (was buffered whole, 1.5 GB, then 422)",
           f"{status} {'A004' if 'A004' in reply else ''} after {sent / 1e6:.0f} MB sent, "
           f"{time.perf_counter() - started:.1f} s", server.peak_mb(),
           status == "401")  # fmt: skip

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    outcomes = []
    for depth in (1_000, 100_000):
        body = '{"text": ' + "[" * depth + "]" * depth + "}"
        response = httpx.post(server.url + "/api/articles", content=body, headers=auth)
        outcomes.append(f"{response.status_code} {response.json()['code']}")
    record("api", "JSON nested 1,000 and 100,000 deep as a request body (was a plain-text 500 "
           "and a reset)", "; ".join(outcomes),
           server.peak_mb(), all(not o.startswith("5") for o in outcomes))  # fmt: skip

    rebinding = httpx.get(server.url + "/api/stats", headers={"Host": "attacker.example"})
    record("api", "DNS rebinding: Host: attacker.example",
           f"{rebinding.status_code} {rebinding.json()['code']}", server.peak_mb(),
           rebinding.status_code == 400)  # fmt: skip
    headers = httpx.get(server.url + "/").headers
    wanted = ("content-security-policy", "x-content-type-options", "x-frame-options",
              "referrer-policy")  # fmt: skip
    present = [h for h in wanted if h in headers]
    record("api", "security headers on / (was none)",
           f"{len(present)}/{len(wanted)}: CSP, nosniff, frame DENY, no-referrer", None,
           len(present) == len(wanted))  # fmt: skip


def _connections(server: Server) -> None:
    server.reset_peak()
    socks = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(300)]
    for s in socks[:100]:
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127")  # a head that never ends
    started = time.perf_counter()
    answered = httpx.get(server.url + "/api/health", timeout=30).is_success
    closed = 0
    for s in socks:
        s.settimeout(max(0.1, 30 - (time.perf_counter() - started)))
        try:
            closed += s.recv(1) == b""
        except (TimeoutError, ConnectionResetError):
            closed += 1
        s.close()
    seconds = time.perf_counter() - started
    record("api", "300 half-open connections (100 with an unfinished head) held open "
           "(were held 30 s+)", f"{closed}/300 closed by the server within {seconds:.1f} s "
           f"(api.header_timeout_s = 10); others answered meanwhile: {answered}",
           server.peak_mb(), closed == 300 and answered)  # fmt: skip


# ---------------------------------------------------------------- probe: offline feeds
def probe_offline(tmp: Path) -> None:
    """244 feed files; DNS that fails slowly (a local resolver that never answers)."""
    print("offline feeds", flush=True)
    folder = tmp / "feeds"
    folder.mkdir()
    for n in range(244):
        items = "".join(
            f"<item><title>Report {n}-{i}</title><link>http://news{(n * 5 + i) % 50}.example."
            f"org/{n}/{i}</link><description>{STORY} Report {n}-{i}.</description></item>"
            for i in range(5)
        )
        (folder / f"feed{n:03}.xml").write_text(
            f'<rss version="2.0"><channel><title>Wire {n % 7}</title>{items}</channel></rss>'
        )
    with blackhole_dns() as prefix:
        if prefix is None:
            print("  (no private mount namespace: DNS left as it is)")
        wrap = prefix or []
        done = analyze([str(folder)], tmp / "offline-asis.duckdb", prefix=wrap)
        record("offline", "244 feed files, 1,220 entries, no network (was 0.9 articles/s, "
               "unfinished after 15 min)", f"exit {done.rc} in {done.seconds:.0f} s "
               f"({1220 / done.seconds:.0f} articles/s), {len(done.lookups)} lookups: read as "
               "they are", done.peak_mb, done.rc == 0 and not done.lookups)  # fmt: skip
        done = analyze([str(folder)], tmp / "offline-fetch.duckdb", "--fetch-entries",
                       prefix=wrap)  # fmt: skip
        warned = done.out.count("warning")
        record("offline", "the same with --fetch-entries, DNS failing in 2 s a lookup",
               f"exit {done.rc} in {done.seconds:.0f} s, {len(done.lookups)} lookups then the "
               f"breaker ({warned} warning: I023); errors recorded "
               f"{db_codes(tmp / 'offline-fetch.duckdb')}", done.peak_mb,
               done.rc == 0 and warned == 1 and len(done.lookups) < 40)  # fmt: skip
        config = tmp / "nobreaker.toml"
        config.write_text("[ingest]\nhost_failures = 100\nnetwork_failures = 10000\n")
        done = analyze([str(folder)], tmp / "offline-old.duckdb", "--fetch-entries",
                       "--config", str(config), prefix=wrap, timeout=180)  # fmt: skip
        outcome = "killed after 180 s" if done.rc == -9 else f"exit {done.rc}"
        record("offline", "the same without host cache and breaker (how it was)",
               f"{outcome}, {len(done.lookups)} lookups in {done.seconds:.0f} s", done.peak_mb,
               ok=True)  # fmt: skip


@contextmanager
def blackhole_dns() -> Iterator[list[str] | None]:
    """A resolver on 127.0.0.1:53 that never answers, and the ``unshare`` prefix that makes
    a process use it (its own mount namespace with a resolv.conf naming it); None when a
    private namespace or the port is not available."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 53))
    except OSError:
        yield None
        return
    conf = Path(tempfile.mkdtemp()) / "resolv.conf"
    conf.write_text("nameserver 127.0.0.1\noptions timeout:2 attempts:1\n")
    prefix = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
              f'mount --bind {conf} /etc/resolv.conf && exec "$0" "$@"']  # fmt: skip
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    try:
        yield prefix if probe.returncode == 0 else None
    finally:
        sock.close()


# ---------------------------------------------------------------- probe: kill -9
#: Exact points: (function entered, which call) — inside finalizers and commits.
KILL_POINTS = [
    ("tocsin.finalize:run_finalizers", 1),
    ("tocsin.dedup:_store_stories", 1),
    ("tocsin.dedup:_replace_groups", 1),
    ("tocsin.monitor.redlines:_redline_row", 3),
    ("tocsin.monitor.alerts:store_alerts", 1),
    ("tocsin.store.runs:record_finalizer", 2),
    ("tocsin.store.runs:finish_run", 1),
    ("tocsin.store.writer:insert_rows", 30),
]


def probe_kills(tmp: Path, kills: int, seed: int = 10) -> None:
    """kill -9 at ``kills`` points; rerun; every table must equal the clean run's."""
    print(f"kill -9 at {kills} points", flush=True)
    config = tmp / "kill.toml"
    config.write_text("[pipeline]\nbatch_articles = 4\n")
    clean_db = tmp / "clean.duckdb"
    clean = analyze(KILL_CORPUS, clean_db, "--config", str(config))
    with Database(clean_db, read_only=True) as database:
        want = fingerprints(database)
    rows = {t: f.rows for t, f in want.items() if f.rows}
    print(f"  clean run: {clean.seconds:.0f} s, {clean.peak_mb:.0f} MB; {rows}", flush=True)
    rng = random.Random(seed)
    targeted = KILL_POINTS[: min(len(KILL_POINTS), kills // 2)]
    moments = [rng.uniform(0.1, 0.97) * clean.seconds for _ in range(kills - len(targeted))]
    plans: list[tuple[str, Callable[[Path], Done]]] = [
        (f"at {t:.1f} s", lambda db, t=t: analyze(
            KILL_CORPUS, db, "--config", str(config), kill_after=t))
        for t in moments
    ]  # fmt: skip
    for target, nth in targeted:
        plans.append((f"in {target.split(':')[1]} (call {nth})", lambda db, p=(target, nth): run(
            [PY, "-m", "tests.killpoint", p[0], str(p[1]), "--", "analyze", *KILL_CORPUS,
             "--db", str(db), "--quiet", "--config", str(config)], audited=False),
        ))  # fmt: skip
    equal = killed = 0
    worst = 0.0
    failures = []
    for n, (label, kill) in enumerate(plans, start=1):
        db = tmp / f"killed{n}.duckdb"
        first = kill(db)
        killed += first.rc == -9
        again = analyze(KILL_CORPUS, db, "--config", str(config))
        worst = max(worst, again.peak_mb, first.peak_mb)
        with Database(db, read_only=True) as database:
            diff = differences(fingerprints(database), want)
        equal += not diff and again.rc == 0
        status = "equal" if not diff else f"DIFFERS: {diff}"
        print(f"  {n:2}. kill {label}: exit {first.rc}; rerun exit {again.rc} "
              f"{again.seconds:.0f} s → {status}", flush=True)  # fmt: skip
        if diff:
            failures.append(label)
        for suffix in ("", ".wal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    record("kill", f"kill -9 at {len(plans)} points: {len(moments)} random moments of a "
           f"{clean.seconds:.0f} s run, {len(targeted)} inside finalizers and commits; then "
           "a rerun (was: red-line ledger and alerts lost for good)",
           f"{killed}/{len(plans)} killed; {equal}/{len(plans)} reruns equal the clean run "
           f"in all {len(want)} tables (row counts and content hashes)", worst,
           equal == len(plans))  # fmt: skip


# ---------------------------------------------------------------- probe: disk full
INNER_DISK = textwrap.dedent(
    """
    import json, os, subprocess, sys, time
    sys.path.insert(0, sys.argv[1])
    from reliability import analyze, clean_exit
    from tocsin.store import Database
    from tocsin.store.fingerprint import fingerprints
    mount, config, sizes = sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4].split(",")]
    corpus = sys.argv[5:]
    for size in sizes:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", mount], check=True)
        db = os.path.join(mount, "tocsin.duckdb")
        first = analyze(corpus, db, "--config", config)
        subprocess.run(["mount", "-o", "remount,size=256m", mount], check=True)
        again = analyze(corpus, db, "--config", config)
        with Database(db, read_only=True) as database:
            prints = {t: [f.rows, str(f.digest)] for t, f in fingerprints(database).items()}
        subprocess.run(["umount", mount], check=True)
        print(json.dumps({"size": size, "rc": first.rc, "err": first.err[-3000:],
                          "clean": clean_exit(first), "peak": first.peak_mb,
                          "again_rc": again.rc, "again_peak": again.peak_mb,
                          "prints": prints}), flush=True)
    """
)


def probe_disk(tmp: Path) -> None:
    """The run on tmpfs disks too small for it, then on a grown disk."""
    print("disk full (tmpfs in a private mount namespace)", flush=True)
    corpus = KILL_CORPUS[:1] + KILL_CORPUS[2:]
    config = tmp / "disk.toml"
    config.write_text("[pipeline]\nbatch_articles = 4\n")
    clean_db = tmp / "disk-clean.duckdb"
    clean = analyze(corpus, clean_db, "--config", str(config))
    with Database(clean_db, read_only=True) as database:
        want = {t: [f.rows, str(f.digest)] for t, f in fingerprints(database).items()}
    full_kb = clean_db.stat().st_size // 1024
    sizes = sorted({256, 512, 1024, 1536, 2048, 3072, full_kb // 2, full_kb - 256, full_kb,
                    full_kb + 512})  # fmt: skip
    mount = tmp / "disk"
    mount.mkdir()
    command = ["unshare", "--user", "--map-root-user", "--mount", PY, "-c", INNER_DISK,
               str(ROOT / "benchmarks"), str(mount), str(config),
               ",".join(str(s) for s in sizes if s > 0), *corpus]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not results:
        print("  tmpfs not available here:", done.stderr[-500:])
        record("disk", "full disk", "not measured: cannot mount a tmpfs here", None, ok=False)
        return
    print(f"  the clean database is {full_kb:,} kB (run {clean.seconds:.0f} s)", flush=True)
    for r in results:
        codes = [c for c in ("S010", "S011", "S012") if c in r["err"]]
        first = f"exit {r['rc']} {'/'.join(codes)}" if r["rc"] else "exit 0 (it fitted)"
        equal = r["prints"] == want
        ok = r["clean"] and (r["rc"] != 0 or equal) and r["again_rc"] == 0 and equal
        record("disk", f"analyze on a {r['size']:,} kB tmpfs, then the disk grown and the "
               "same command again", f"{first}, no traceback: {r['clean']}; rerun exit "
               f"{r['again_rc']}, equal to a clean run: {equal}",
               max(r["peak"], r["again_peak"]), ok)  # fmt: skip


# ---------------------------------------------------------------- probe: long fuzz run
def probe_fuzz() -> None:
    """The property tests with the long profile."""
    print("fuzz (hypothesis, long profile)", flush=True)
    tests = ["tests/ingest/test_fuzz.py", "tests/api/test_fuzz.py"]
    started = time.perf_counter()
    done = subprocess.run(
        [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "HYPOTHESIS_PROFILE": "fuzz"},
    )  # fmt: skip
    seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    record("fuzz", "property tests of the readers (any bytes, markup, JSON, CSV) and of every "
           "GET endpoint's parameters and paths, 3,000 examples each",
           f"{summary} ({seconds / 60:.0f} min)", None, done.returncode == 0)  # fmt: skip


# ---------------------------------------------------------------- main
PROBES = ("api", "input", "offline", "kill", "disk", "fuzz")


def main() -> None:
    """Run the chosen probes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PROBES), help="comma-separated probes")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args()
    chosen = [p.strip() for p in args.only.split(",") if p.strip()]
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="tocsin-reliability-") as folder:
        tmp = Path(folder)
        steps: dict[str, Callable[[], None]] = {
            "api": lambda: probe_api(tmp, args.events),
            "input": lambda: probe_input(tmp),
            "offline": lambda: probe_offline(tmp),
            "kill": lambda: probe_kills(tmp, args.kills),
            "disk": lambda: probe_disk(tmp),
            "fuzz": probe_fuzz,
        }
        for name in chosen:
            steps[name]()
    print()
    print(markdown())
    failed = [r for r in ROWS if not r.ok]
    print(f"{len(ROWS) - len(failed)}/{len(ROWS)} probes ok; peak RSS limit {RSS_LIMIT_MB} MB")
    if args.markdown:
        args.markdown.write_text(markdown(), "utf-8")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

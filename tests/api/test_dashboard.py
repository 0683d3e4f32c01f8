"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against
``tocsin serve`` (a subprocess on 127.0.0.1) over the demo database.

Skipped, with the reason, when no Chromium is installed (``apt-get install chromium``).
Screenshots go to ``test-artifacts/`` (git-ignored). Requests to any host other than the
server are blocked and fail the test: the dashboard must work offline.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str | None:
    """Debian's Chromium (or $TOCSIN_CHROMIUM), if installed."""
    for candidate in (os.environ.get("TOCSIN_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``tocsin serve`` on a free port (default host, i.e. 127.0.0.1), until the module ends."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    command = [sys.executable, "-c", "from tocsin.cli import main; main()", "serve"]
    env = {k: v for k, v in os.environ.items() if k != "TOCSIN_API_TOKEN"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*command, "--db", str(demo_db), "--port", str(port)], stdout=out, stderr=out, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"tocsin serve exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"tocsin serve did not answer: {log.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, headless; skips when it is not installed."""
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser page that records console errors, page errors and outside requests."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1360, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda req: self.errors.append(f"failed: {req.url}"))
        self.page.route("**/*", self._only_local)

    def _console(self, message: Any) -> None:
        if message.type in {"error", "warning"}:
            self.errors.append(f"console {message.type}: {message.text}")

    def _only_local(self, route: Any) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, hash_path: str) -> Any:
        """Go to ``/#<hash_path>`` and wait until the view has rendered."""
        self.page.goto(f"{self.base}/#{hash_path}")
        self.wait()
        return self.page

    def wait(self) -> None:
        """Wait for the current view to finish loading."""
        self.page.wait_for_selector("main[aria-busy='false']", timeout=15_000)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        """Save a full-page screenshot as test-artifacts/<name>.png."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def check_clean(self) -> None:
        """Fail on any console error or warning, page error, failed or outside request."""
        assert self.errors == []
        assert self.outside == []


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[Page]:
    """A fresh page on the served dashboard."""
    p = Page(browser, served)
    yield p
    p.page.close()


VIEWS = [
    ("overview", "/"),
    ("dyad", "/dyad/VEN:GUY"),
    ("events", "/events"),
    ("ledger", "/ledger"),
    ("alerts", "/alerts"),
    ("map", "/map"),
]


@pytest.mark.parametrize(("name", "path"), VIEWS)
def test_every_view_loads_without_errors(page: Page, name: str, path: str) -> None:
    p = page.open(path)
    assert p.locator("main h1").count() == 1
    assert p.locator("main .error").count() == 0
    assert p.locator("nav a[aria-current='page']").count() == 1
    page.shot(f"dashboard-{name}")
    page.check_clean()


def test_overview_shows_escalating_dyads_and_the_map(page: Page) -> None:
    p = page.open("/")
    cards = p.locator(".cards .card")
    assert cards.count() >= 3
    first = cards.first.inner_text()
    assert "→" in first
    assert "escalation" in first
    assert p.locator(".cards svg.spark polyline").count() == cards.count()
    coloured = p.locator("svg.world path.country.active")
    assert coloured.count() >= 2
    assert "fill" in (coloured.first.get_attribute("style") or "")
    page.check_clean()


def _painted_pixels(p: Any, selector: str) -> int:
    """Non-transparent pixels of the first canvas matching ``selector``."""
    return int(
        p.evaluate(
            """(sel) => {
                const c = document.querySelector(sel);
                const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;
            }""",
            selector,
        )
    )


def test_dyad_timeline_chart_renders_its_data(page: Page) -> None:
    p = page.open("/dyad/VEN:GUY")
    p.wait_for_selector(".chart canvas")
    charts = p.locator("figure.chart")
    assert charts.count() == 2
    assert int(p.locator(".chart-box").get_attribute("data-points") or 0) > 10
    assert _painted_pixels(p, "figure.chart canvas") > 2000
    legend = p.locator("figure.chart").first.inner_text()
    assert "material conflict" in legend
    assert "escalation" in legend
    rows = p.locator("table.data tbody tr")
    assert rows.count() >= 3
    p.click("a.chip:has-text('weekly')")
    page.wait()
    assert "weekly" in p.locator("main h2").first.inner_text()
    page.shot("dashboard-dyad-weekly")
    page.check_clean()


def _column(p: Any, index: int) -> list[str]:
    return [
        c.strip()
        for c in p.locator(f"table.events tbody tr td:nth-child({index})").all_inner_texts()
    ]


def _total(p: Any) -> int:
    """The number of matching events the pager reports."""
    return int(p.locator(".pager .count").get_attribute("data-total") or -1)


def test_filtering_the_event_table(page: Page) -> None:
    p = page.open("/events")
    everything = _total(p)
    assert p.locator("table.events tbody tr").count() == min(everything, 25) >= 10
    p.fill("input[name='source']", "VEN")
    p.click("form.filters button[type='submit']")
    page.wait()
    sources = _column(p, 2)
    assert sources
    assert all(s.split()[0] == "VEN" for s in sources)
    assert len(sources) == min(_total(p), 25)
    assert _total(p) < everything
    assert "source=VEN" in p.url
    p.click("details.multi summary")
    p.check("details.multi input[value='ASSAULT']")
    p.click("form.filters button[type='submit']")
    page.wait()
    types = _column(p, 3)
    assert types
    assert all(t.startswith("ASSAULT") for t in types)
    assert _total(p) == len(types)
    assert f"of {len(types)} events" in p.locator(".pager .count").inner_text()
    page.shot("dashboard-events-filtered")
    p.click("form.filters button:has-text('Clear')")
    page.wait()
    assert _total(p) == everything
    page.check_clean()


def test_clicking_an_event_shows_its_sentence_with_highlights(page: Page) -> None:
    p = page.open("/events?source=VEN&target=GUY")
    row = p.locator("table.events tbody tr").first
    trigger = row.locator("td.trigger").inner_text().strip()
    row.click()
    p.wait_for_selector("blockquote.sentence mark[data-role='trigger']")
    sentence = p.locator("blockquote.sentence")
    assert sentence.locator("mark[data-role='trigger']").inner_text() == trigger
    assert sentence.locator("mark[data-role='source']").count() == 1
    assert sentence.locator("mark[data-role='target']").count() == 1
    assert "VEN" in (sentence.locator("mark[data-role='source']").get_attribute("title") or "")
    article = p.locator(".detail .article")
    assert article.locator("h3").inner_text()
    excerpt = article.locator(".excerpt strong").inner_text()
    assert excerpt == sentence.inner_text().strip()
    page.shot("dashboard-event-detail")
    article.locator("button:has-text('full article')").click()
    p.wait_for_selector(".fulltext p")
    assert excerpt in p.locator(".fulltext").inner_text().replace("\n\n", " ")
    page.check_clean()


def test_keyboard_opens_an_event(page: Page) -> None:
    p = page.open("/events")
    p.locator("table.events tbody tr").nth(2).focus()
    p.keyboard.press("Enter")
    p.wait_for_selector("blockquote.sentence")
    assert p.locator("table.events tbody tr.selected").count() == 1
    page.check_clean()


def test_alert_evidence_opens_the_event(page: Page) -> None:
    p = page.open("/alerts")
    assert p.locator("li.alert").count() >= 2
    p.click("a.chip:has-text('nuclear-threat')")
    page.wait()
    assert p.locator("li.alert").count() >= 1
    assert all("nuclear threat" in m for m in p.locator("li.alert .msg").all_inner_texts())
    # each alert says why it fired and how sure it is
    assert all("independent source" in w for w in p.locator("li.alert .why").all_inner_texts())
    assert p.locator("li.alert .confidence").count() == p.locator("li.alert").count()
    p.locator("li.alert .evidence a").first.click()
    page.wait()
    p.wait_for_selector("blockquote.sentence")
    assert p.locator(".detail .flag.nuclear").count() >= 1
    page.check_clean()


def test_api_reference_page_works_offline(page: Page) -> None:
    p = page.page
    p.goto(f"{page.base}/docs")
    p.wait_for_selector("details.endpoint")
    assert p.locator("details.endpoint").count() >= 14
    p.locator("details.endpoint", has_text="/api/events").first.locator("summary").click()
    assert p.locator("details[open] table.data").count() >= 1
    page.shot("api-docs")
    page.check_clean()


def test_ledger_shows_red_lines_and_their_crossings(page: Page) -> None:
    p = page.open("/ledger")
    lines = p.locator("table.ledger tbody tr[data-redline]")
    assert lines.count() >= 2
    line = lines.filter(has_text="crossed ×").first
    line.locator("button:has-text('details')").click()
    p.wait_for_selector(".ledger-part h4:has-text('Crossed')")
    assert "after the line drawn" in p.locator(".ledger-part .why").first.inner_text()
    assert line.locator("button").get_attribute("aria-expanded") == "true"
    assert p.locator(".ledger-part li").count() >= 2
    page.shot("dashboard-ledger-detail")
    page.check_clean()


# -- the analyst's day (issue 12) ---------------------------------------------------------
def test_search_the_sentences(page: Page) -> None:
    p = page.open("/events")
    everything = _total(p)
    p.fill("input[name='q']", '"act of war"')
    p.click("form.filters button[type='submit']")
    page.wait()
    assert "q=%22act+of+war%22" in p.url
    assert 0 < _total(p) < everything
    hits = p.locator("table.events tbody td.outlet mark.hit").all_inner_texts()
    assert hits
    assert {h.lower() for h in hits} == {"act of war"}
    page.shot("dashboard-events-search")
    page.check_clean()


def test_several_types_at_once(page: Page) -> None:
    p = page.open("/events")
    p.click("details.multi summary")
    p.check("details.multi input[value='ASSAULT']")
    p.check("details.multi input[value='COERCE']")
    assert p.locator("details.multi summary").inner_text() == "Types (2)"
    p.click("form.filters button[type='submit']")
    page.wait()
    assert "type=COERCE%2CASSAULT" in p.url  # in the order of the quad classes
    assert {t.split()[0] for t in _column(p, 3)} == {"ASSAULT", "COERCE"}
    page.check_clean()


def test_the_event_table_shows_outlet_sources_and_the_day_it_sorts_by(page: Page) -> None:
    p = page.open("/events")
    heads = p.locator("table.events thead th").all_inner_texts()
    assert heads[:7] == ["day", "source", "type", "target", "trigger", "outlet", "sources"]
    outlets = _column(p, 6)
    assert all(outlets)
    assert all(int(n) >= 1 for n in _column(p, 7))
    days = [d.lstrip("~") for d in _column(p, 1)]
    assert days == sorted(days)
    published = p.locator("table.events td span.published").first
    assert published.inner_text().startswith("~")
    assert "publication date" in (published.get_attribute("title") or "")
    page.check_clean()


def test_download_the_current_view(page: Page, tmp_path: Path) -> None:
    p = page.open("/events?source=VEN&type=ASSAULT")
    total = _total(p)
    link = p.locator(".downloads a[data-format='csv']")
    assert "source=VEN" in (link.get_attribute("href") or "")
    with p.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "tocsin-events.csv"
    saved = tmp_path / "events.csv"
    download.save_as(saved)
    lines = saved.read_text("utf-8").splitlines()
    assert len(lines) == total + 1
    assert lines[0].startswith("id,day,")
    assert all(",VEN," in line for line in lines[1:])
    with p.expect_download() as info:
        p.locator(".downloads a[data-format='parquet']").click()
    assert info.value.suggested_filename == "tocsin-events.parquet"
    page.check_clean()


def test_an_opened_event_has_a_deep_link(page: Page, browser: Any) -> None:
    p = page.open("/events?source=VEN")
    row = p.locator("table.events tbody tr").nth(3)
    event_id = row.get_attribute("data-event-id")
    row.click()
    p.wait_for_selector(f"#detail-title[data-event-id='{event_id}']")
    assert f"open={event_id}" in p.url
    assert "source=VEN" in p.url
    shared = p.url
    other = Page(browser, page.base)
    try:
        q = other.open(shared.split("#", 1)[1])
        q.wait_for_selector(f"#detail-title[data-event-id='{event_id}']")
        assert (
            q.locator("table.events tbody tr.selected").get_attribute("data-event-id") == event_id
        )
        other.check_clean()
    finally:
        other.page.close()
    p.click(".detail button.close")
    assert "open=" not in p.url
    page.check_clean()


def test_an_unknown_route_is_a_not_found_page(page: Page) -> None:
    p = page.open("/nowhere")
    assert p.locator("main h1").inner_text() == "Page not found"
    assert "nowhere" in p.locator("main").inner_text()
    assert p.locator("nav a[aria-current='page']").count() == 0
    page.shot("dashboard-not-found")
    p.click("main a[href='#/']")
    page.wait()
    assert p.locator("main h1").inner_text() == "Overview"
    page.check_clean()


def test_overview_ranks_rising_dyads_and_only_recent_dated_alerts(page: Page) -> None:
    p = page.open("/")
    changes = p.locator(".cards .change").all_inner_texts()
    assert changes
    assert all(c.startswith("▲") for c in changes)
    shown = p.locator("li.alert .when").all_inner_texts()
    assert shown
    assert all(d >= "2025-09-15" for d in shown)  # 30 days before the last event day
    page.check_clean()


def test_dyad_timeline_marks_threats_red_lines_and_alerts(page: Page) -> None:
    p = page.open("/dyad/VEN:GUY")
    p.wait_for_selector(".chart canvas")
    assert int(p.locator(".chart-box").get_attribute("data-markers") or 0) >= 3
    kinds = set(p.locator("ul.markers li").evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert {"redline_stated", "redline_crossed", "alert"} <= kinds
    p.locator("ul.markers li[data-kind='redline_crossed'] a").first.click()
    page.wait()
    p.wait_for_selector("blockquote.sentence")
    page.check_clean()


def test_ledger_pages_its_quotes(page: Page) -> None:
    p = page.open("/ledger")
    quotes = p.locator("section:has(h2:has-text('Quotations'))")
    assert quotes.locator("ul.quotes > li").count() == 10
    first = quotes.locator("ul.quotes > li blockquote").first.inner_text()
    quotes.locator("button:has-text('Next')").click()
    p.wait_for_function(
        "(t) => document.querySelector('ul.quotes blockquote').innerText !== t", arg=first
    )
    assert "11–20 of" in quotes.locator(".count").inner_text()
    height = p.evaluate("document.body.scrollHeight")
    assert height < 6000
    page.check_clean()


def test_map_shows_where_events_happened(page: Page) -> None:
    p = page.open("/map")
    assert p.locator("svg.world").get_attribute("data-by") == "place"
    guyana = p.locator("svg.world path.country.active[data-code='GUY']")
    assert guyana.count() == 1
    assert "Essequibo" in (guyana.locator("title").text_content() or "")
    p.click("a.chip:has-text('who took part')")
    page.wait()
    assert p.locator("svg.world").get_attribute("data-by") == "actor"
    page.shot("dashboard-map-actors")
    page.check_clean()


@pytest.fixture
def watched(demo_db: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The dashboard of a watcher polling an (empty) folder into a copy of the demo database:
    the app and the watcher in this process, sharing one writable ``Database`` as
    ``tocsin watch`` does."""
    from tests.api.demo import serving
    from tocsin.api import create_app
    from tocsin.config import default_settings
    from tocsin.ingest import IngestOptions
    from tocsin.store import Database
    from tocsin.watch.poller import Watcher

    copy = tmp_path / "watched.duckdb"
    shutil.copy(demo_db, copy)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = default_settings()
    database = Database(copy)
    watcher = Watcher(database, settings, [str(inbox)], interval_s=1, options=IngestOptions())
    app = create_app(db=copy, settings=settings, database=database, watcher=watcher)
    try:
        with serving(app) as server:
            yield server.url, inbox
    finally:
        watcher.stop()
        database.close()


def test_new_articles_reach_the_open_dashboard(browser: Any, watched: tuple[str, Path]) -> None:
    base, inbox = watched
    page = Page(browser, base)
    try:
        p = page.open("/events?actor=ARM")
        p.wait_for_selector("#watch:not([hidden]) .dot")
        line = p.locator("#watch").inner_text()
        assert "watching 1 source every 1 s" in line
        assert "last poll" in line or "first poll" in line
        assert "No events match" in p.locator("main").inner_text()
        html = (Path(__file__).parents[1] / "watch" / "site" / "armenia.html").read_text()
        (inbox / "armenia.html").write_text(html, "utf-8")
        p.wait_for_selector("#watch button.fresh", timeout=120_000)
        assert "1 new article" in p.locator("#watch button.fresh").inner_text()
        page.shot("dashboard-watch-new-articles")
        p.click("#watch button.fresh")
        page.wait()
        assert _total(p) >= 1
        assert "Armenia" in " ".join(p.locator("table.events td.trigger").evaluate_all(
            "els => els.map(e => e.title)"))  # fmt: skip
        assert p.locator("#watch button.fresh").count() == 0
        page.check_clean()
    finally:
        page.page.close()

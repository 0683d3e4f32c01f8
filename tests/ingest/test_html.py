"""HTML pages: body without boilerplate, metadata, canonical URL; the extraction benchmark."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, shared_path
from tests.ingest.util import SITE, assert_clear, read_all
from tocsin.ingest.html import HtmlReader, extract_page, fragment_text

BASE = "https://wire.example"


def site_page(tmp_path: Path, name: str, base: str = BASE) -> Path:
    """A copy of a site page with its ``{{BASE}}`` placeholders filled."""
    path = tmp_path / name
    path.write_text((SITE / name).read_text("utf-8").replace("{{BASE}}", base), "utf-8")
    return path


def test_article_body_and_metadata(tmp_path: Path) -> None:
    (article,), errors = read_all([site_page(tmp_path, "story1.html")])
    assert not errors
    assert article.title == "Harbour states agree joint patrols after trawler clash"
    assert article.outlet == "Tocsin Test Wire"
    assert article.published == dt.date(2025, 3, 4)
    assert article.url == f"{BASE}/site/story1.html"
    assert article.text.startswith(f"{article.title}\n\nThe governments of Veloria and Marenta")
    assert "prevent further incidents" in article.text
    assert "observers would review the arrangement after ninety days." in article.text
    for boilerplate in ("Subscribe today", "Most read", "Privacy policy", "Home"):
        assert boilerplate not in article.text


def test_comments_and_menus_are_left_out(tmp_path: Path) -> None:
    (article,), _ = read_all([site_page(tmp_path, "story2.html")])
    assert article.published == dt.date(2025, 3, 5)
    assert "postponed a vote on funding for a fence" in article.text
    assert "Great article" not in article.text
    assert "Log in" not in article.text


def test_the_canonical_url_is_the_id(tmp_path: Path) -> None:
    first = site_page(tmp_path, "story1.html")
    (a,), _ = read_all([first])
    copy = tmp_path / "copy.html"
    copy.write_text(first.read_text("utf-8").replace("ninety days", "90 days"), "utf-8")
    (b,), _ = read_all([copy])
    assert a.id == b.id  # the same page, re-crawled after an edit
    assert a.content_hash != b.content_hash


def test_a_home_page_canonical_is_ignored(tmp_path: Path) -> None:
    page = site_page(tmp_path, "story1.html")
    page.write_text(
        page.read_text("utf-8").replace(f"{BASE}/site/story1.html", f"{BASE}/"), "utf-8"
    )
    (article,), _ = read_all([page])
    assert article.url is None  # a file has no URL of its own; the home page is not it
    assert article.outlet == "Tocsin Test Wire"


def test_page_without_article_is_i004(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    articles, (error,) = read_all([page])
    assert not articles
    assert error.code == "I004"


def test_sniffing() -> None:
    reader = HtmlReader()
    assert reader.sniff("<!DOCTYPE html><html>")
    assert reader.sniff("<div class='x'><p>text</p></div>")
    assert not reader.sniff("Just some text with a <b> tag later")
    assert not reader.sniff('{"text": "<p>x</p>"}')


def test_fragment_text() -> None:
    html = "<p>First &amp; foremost.</p><p>Second<br>line</p><script>var x;</script>"
    assert fragment_text(html) == "First & foremost.\n\nSecond\n\nline"
    assert fragment_text("No markup &mdash; just text") == "No markup — just text"


def test_extract_page_returns_none_without_text() -> None:
    assert extract_page("<html><body></body></html>") is None


@pytest.mark.shared
@pytest.mark.slow
def test_every_benchmark_page_yields_an_article() -> None:
    folder = shared_path("corpora", "scrapinghub-aeb", "html")
    articles, errors = read_all([folder])
    assert_clear([*articles, *errors])
    assert not errors
    assert len(articles) == len(list(folder.glob("*.html")))
    assert sum(1 for a in articles if a.title) >= 0.95 * len(articles)


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction", ROOT / "benchmarks/extraction.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extraction", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.slow
def test_extraction_quality_gate() -> None:
    """Mean word F1 on the scrapinghub benchmark stays near its measured 0.969."""
    folder = shared_path("corpora", "scrapinghub-aeb")
    bench = _benchmark()
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    f1 = [
        bench.score(v["articleBody"], bench.ours((folder / "html" / f"{k}.html").read_text())).f1
        for k, v in truth.items()
    ]
    assert statistics.mean(f1) >= 0.95
    assert statistics.median(f1) >= 0.98


def test_benchmark_scorer() -> None:
    bench = _benchmark()
    perfect = bench.score("a b c", "a b c")
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    half = bench.score("a b c d", "a b x y")
    assert (half.precision, half.recall) == (0.5, 0.5)
    assert bench.score("a b", "").f1 == 0.0

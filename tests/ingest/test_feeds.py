"""Feeds: RSS/Atom/JSON, entry pages fetched from a real local server, malformed feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path
from tests.ingest.util import LOCAL_SERVER, SITE, assert_clear, read_all
from tocsin.ingest import Context, IngestOptions
from tocsin.ingest.feeds import FeedReader
from tocsin.ingest.sources import read_location
from tocsin.ingest.web import Fetcher
from tocsin.records import Article

BASE = "https://wire.example"


def local_copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text((SITE / name).read_text("utf-8").replace("{{BASE}}", BASE), "utf-8")
    return path


def test_entries_are_fetched_and_extracted(http_server: Any) -> None:
    articles, errors = read_all([http_server.url("site/feed.xml")])
    # The third entry's page fetch failed: listed as an error of that entry (`tocsin errors`).
    (error,) = errors
    assert (error.code, error.record) == ("I008", "entry3")
    assert error.source == http_server.url("site/feed.xml")
    first, second, third = articles
    assert first.title == "Harbour states agree joint patrols after trawler clash"
    assert first.url == http_server.url("site/story1.html")
    assert first.source == http_server.url("site/story1.html")
    assert first.text.startswith(f"{first.title}\n\nThe governments of Veloria and Marenta agreed")
    assert first.meta["text_from"] == "page"
    assert first.published == dt.date(2025, 3, 4)  # the entry's date
    assert first.outlet == "Tocsin Test Wire"  # the feed's title
    assert "Great article" not in second.text
    assert second.meta["text_from"] == "page"
    # The third entry's page is a 404: its summary is the text, and the failure is noted.
    assert third.meta["text_from"] == "feed"
    assert third.meta["fetch_error"].startswith("[I008]")
    assert third.text.startswith(f"{third.title}\n\nKestria recalled its ambassador to Veloria")
    assert "\n\nThe Kestrian defence ministry said" in third.text
    assert third.source == f"{http_server.url('site/feed.xml')}#entry3"


def test_entry_ids_do_not_depend_on_fetching(http_server: Any) -> None:
    fetched, _ = read_all([http_server.url("site/feed.xml")])
    summaries, _ = read_all([http_server.url("site/feed.xml")], fetch_entries=False)
    assert [a.id for a in fetched] == [a.id for a in summaries]
    assert all(a.meta["text_from"] == "feed" for a in summaries)
    page, _ = read_all([http_server.url("site/story1.html")])
    assert page[0].id == fetched[0].id  # the entry and its page are one article


def test_feed_served_as_html_is_still_a_feed(http_server: Any) -> None:
    articles, _ = read_all([http_server.url("as/text_html/feed.xml")], fetch_entries=False)
    assert len(articles) == 3
    assert articles[0].outlet == "Tocsin Test Wire"


def test_atom_feed(http_server: Any) -> None:
    (article,), _ = read_all([http_server.url("site/atom.xml")])
    assert article.title == "Grain corridor talks resume in Ostrava Nova"
    assert article.published == dt.date(2025, 3, 7)
    assert article.outlet == "Tocsin Atom Desk"
    assert article.url is None  # an Atom entry without a link
    assert article.text.startswith(
        f"{article.title}\n\nNegotiators from Veloria, Marenta and Kestria"
    )


def test_json_feed_file_and_url(tmp_path: Path, http_server: Any) -> None:
    articles, errors = read_all([local_copy(tmp_path, "feed.json")], fetch_entries=False)
    assert not errors
    first, second = articles
    assert first.url == f"{BASE}/site/story1.html"
    assert first.text.startswith(f"{first.title}\n\nVeloria and Marenta agreed on Tuesday")
    assert second.published == dt.date(2025, 3, 8)
    assert second.outlet == "Tocsin JSON Desk"
    assert second.url is None
    served, _ = read_all([http_server.url("site/feed.json")])
    assert served[0].meta["text_from"] == "page"


def test_local_rss_file_without_fetching(tmp_path: Path) -> None:
    articles, errors = read_all([local_copy(tmp_path, "feed.xml")], fetch_entries=False)
    assert len(articles) == 3
    assert not errors
    assert articles[0].text == (  # the entry's title opens the text (it is parsed too)
        f"{articles[0].title}\n\n"
        "Veloria and Marenta agreed to joint naval patrols in the Calder Strait."
    )
    assert [a.url for a in articles][:2] == [f"{BASE}/site/story1.html", f"{BASE}/site/story2.html"]


def test_malformed_feed_keeps_what_is_usable(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken Desk</title>'
        "<item><title>Envoy recalled &nbsp; over incident</title>"
        "<description>Marenta recalled its envoy after the incident at the border post."
        "</description></item>"
        "<item><title>Unclosed item<description>Talks were postponed again on Friday, "
        "officials in both capitals said.</description></item>"
        "</channel>"
    )
    articles, errors = read_all([broken])
    assert articles
    assert articles[0].outlet == "Broken Desk"
    assert "Marenta recalled its envoy" in articles[0].text
    assert_clear([*articles, *errors])


def test_not_a_feed_is_i012(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<?xml version='1.0'?><catalog><book id='1'>Title</book></catalog>")
    articles, (error,) = read_all([path])
    assert not articles
    assert error.code == "I012"
    broken = tmp_path / "y.rss"
    broken.write_text("<rss><channel><item><title>x</ti")
    _, (error,) = read_all([broken])
    assert error.code in {"I012", "I004"}
    assert error.message


def test_feed_without_entries_is_i004(tmp_path: Path) -> None:
    path = tmp_path / "empty.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet desk</title></channel></rss>')
    _, (error,) = read_all([path])
    assert error.code == "I004"


def test_sniffing() -> None:
    reader = FeedReader()
    assert reader.sniff('<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0">')
    assert reader.sniff('<feed xmlns="http://www.w3.org/2005/Atom">')
    assert reader.sniff("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>")
    assert reader.sniff('{"version": "https:\\/\\/jsonfeed.org\\/version\\/1.1", "items": []}')
    assert not reader.sniff("<html><body><rss>not at the root</rss></body></html>")
    assert not reader.sniff('{"text": "jsonfeed.org/version is mentioned"}')


SHARED_FEED_DIRS = [
    ("feedparser-tests", "illformed"),
    ("feedparser-tests", "encoding"),
    ("rss-real",),
]


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("parts", SHARED_FEED_DIRS, ids="/".join)
def test_every_shared_feed_is_read_or_rejected_clearly(parts: tuple[str, ...]) -> None:
    folder = shared_path("corpora", *parts)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        articles, errors = read_all([path], fetch_entries=False)
        assert articles or errors, path
        assert_clear([*articles, *errors])
        for error in errors:
            assert error.source == str(path), error
            assert error.message.startswith(str(path)), error


@pytest.mark.shared
def test_real_feeds_yield_articles_with_dates_and_outlets() -> None:
    folder = shared_path("corpora", "rss-real", "orx365-rss-arch")
    articles, errors = read_all([folder], fetch_entries=False, glob="*.xml")
    assert len(articles) > 1000
    assert sum(1 for a in articles if a.published) >= 0.9 * len(articles)
    assert all(a.outlet for a in articles)
    for article in articles:  # no entry is dated after its snapshot (named in the file)
        snapshot = dt.date.fromisoformat(Path(article.meta["feed"]).name.split("_")[-2])
        assert article.published is None or article.published <= snapshot, article.source
    # The rejected entries are Economist teasers shorter than min_chars (40 characters).
    assert {e.code for e in errors} == {"I004"}
    assert len(errors) < 0.15 * len(articles)


@pytest.mark.shared
def test_misdeclared_encoding_is_detected() -> None:
    path = shared_path("corpora", "feedparser-tests", "illformed", "chardet", "eucjp.xml")
    (article,), _ = read_all([path], fetch_entries=False)
    assert "ガンダム" in article.text


def test_stored_entries_are_neither_fetched_nor_read_again(http_server: Any) -> None:
    first, _ = read_all([http_server.url("site/feed.xml")])
    stored = {first[0].url}
    asked: list[str] = []

    def known(url: str) -> bool:
        asked.append(url)
        return url in stored

    fetched: list[str] = []
    options = IngestOptions(allow_hosts=LOCAL_SERVER)  # the test server runs on 127.0.0.1
    with Fetcher(options) as fetcher:

        def fetch(url: str) -> Any:
            fetched.append(url)
            return fetcher.fetch(url)

        ctx = Context(options=options, fetch=fetch, known_url=known)
        again = list(read_location(http_server.url("site/feed.xml"), ctx))
    urls = [a.url for a in again if isinstance(a, Article)]
    assert first[0].url not in urls  # the stored entry is left out
    assert urls == [a.url for a in first[1:]]
    assert first[0].url in asked
    assert first[0].url not in fetched  # and its page was not fetched again

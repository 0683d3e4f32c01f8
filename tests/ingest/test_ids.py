"""Stable ids: record id, else canonical URL, else file name + normalised text."""

from __future__ import annotations

import pytest

from tocsin.ingest.ids import (
    article_id,
    canonical_url,
    content_hash,
    is_web_url,
    normalise_text,
    url_host,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://WWW.Example.com/news/story/", "https://example.com/news/story"),
        ("https://example.com/a?utm_source=x&id=3#comments", "https://example.com/a?id=3"),
        ("https://example.com/a?b=2&a=1&fbclid=zz", "https://example.com/a?a=1&b=2"),
        ("HTTP://example.com", "http://example.com/"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_normalise_text_ignores_case_width_and_spacing() -> None:
    assert normalise_text("  Russia\u00a0WARNS\n\nNATO ") == normalise_text("russia warns nato")
    assert normalise_text("ＮＡＴＯ") == "nato"  # full-width letters fold (NFKC)


def test_id_prefers_record_id_then_url_then_text() -> None:
    text = "Some article text."
    by_record = article_id(text=text, url="https://a.example/x", record_id="42")
    assert by_record == article_id(text="other text", record_id="42")
    by_url = article_id(text=text, url="https://a.example/x?utm_medium=rss")
    assert by_url == article_id(text="changed text", url="https://www.a.example/x/")
    assert by_url != by_record
    assert article_id(text=text) == article_id(text="  some ARTICLE   text. ")
    assert article_id(text=text, url="ftp://a.example/x") == article_id(text=text)


def test_same_text_in_two_files_is_two_articles_with_one_content_hash() -> None:
    text = "The same story filed twice."
    assert article_id(text=text, name="001.txt") != article_id(text=text, name="002.txt")
    assert article_id(text=text, name="001.txt") == article_id(text=text + " ", name="001.txt")
    assert content_hash(text) == content_hash(" the same STORY filed twice.")
    assert content_hash(text) != content_hash("A different story.")


def test_ids_do_not_change_between_versions() -> None:
    # Pinned: a changed id makes every re-read article look new to an existing database.
    assert article_id(text="x", url="https://example.com/1") == "16a7bdd814f87c9f"
    assert article_id(text="Some text.", name="001.txt") == "fd8aef114a1e7823"
    assert article_id(text="Some text.") == "bea20bed69b243ba"


def test_url_helpers() -> None:
    assert is_web_url("https://example.com/a")
    assert not is_web_url("https://")
    assert not is_web_url("mailto:someone@example.com")
    assert not is_web_url(None)
    assert url_host("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert url_host("file:///tmp/x") is None

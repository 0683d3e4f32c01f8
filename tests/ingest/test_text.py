"""Plain text and Markdown: headline detection, front matter, hard wraps, datelines, ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.ingest.util import read_all
from tocsin.ingest.text import looks_like_headline, parse_text, split_title, unwrap

BODY = (
    "KYIV, March 3 (Reuters) - Ukraine's foreign minister said on Monday that talks on a "
    "prisoner exchange would resume next week in Istanbul.\n\n"
    "The minister spoke after meeting his Turkish counterpart in the capital."
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_headline_then_blank_line_is_the_title(tmp_path: Path) -> None:
    path = write(tmp_path, "001.txt", "Talks on prisoner swap to resume\n\n" + BODY)
    (article,), errors = read_all([path])
    assert not errors
    assert article.title == "Talks on prisoner swap to resume"
    assert article.text.startswith(f"{article.title}\n\nKYIV, March 3 (Reuters)")
    assert article.source == str(path)
    assert article.outlet is None
    assert article.url is None


def test_dateline_gives_the_date_with_the_year_of_the_date_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY)
    (article,), _ = read_all([path], date=dt.date(2025, 3, 10))
    assert article.published == dt.date(2025, 3, 3)
    assert article.meta["dateline"] == "KYIV, March 3 (Reuters)"
    (undated,), _ = read_all([path])
    assert undated.published is None  # no year known: no date


def test_date_and_outlet_options_fill_what_the_text_lacks(tmp_path: Path) -> None:
    path = write(tmp_path, "b.txt", "A report without any dateline, long enough to keep.")
    (article,), _ = read_all([path], date=dt.date(2024, 5, 1), outlet="Team Desk")
    assert article.published == dt.date(2024, 5, 1)
    assert article.outlet == "Team Desk"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Labour plans maternity pay rise", True),
        ("Will the ceasefire hold?", True),
        ("U.S. warns Iran over Gulf drills", True),
        ("Talks end without deal in U.S.", True),
        ("The minister said the talks would resume next week.", False),
        ("2025-03-03", False),
        ("word " * 40, False),
        ("", False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


def test_first_line_without_blank_after_is_body() -> None:
    text = "Talks on prisoner swap to resume\nThe minister said so on Monday in Kyiv."
    assert split_title(text) == (None, text)


def test_sentence_first_line_is_not_a_title() -> None:
    title, body = split_title("The minister resigned on Monday.\n\nHe gave no reason.")
    assert title is None
    assert body.startswith("The minister resigned")


def test_headline_only_file_keeps_the_headline_as_text() -> None:
    doc = parse_text("Talks on prisoner swap to resume in Istanbul next week\n")
    assert doc.title is None
    assert doc.body == "Talks on prisoner swap to resume in Istanbul next week"


def test_markdown_front_matter_heading_and_markup(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Ceasefire talks resume\ndate: 2025-02-14\n"
        "url: https://news.example/ceasefire\noutlet: Example News\n---\n"
        "# Ceasefire talks resume\n\n"
        "Negotiators met in **Doha** on Friday, [officials said](https://x.example/s).\n\n"
        "- Both sides agreed to a *prisoner* exchange.\n- A monitoring team will deploy.\n\n"
        "```\ncode that should vanish\n```\n"
    )
    (article,), _ = read_all([write(tmp_path, "talks.md", text)])
    assert article.title == "Ceasefire talks resume"
    assert article.published == dt.date(2025, 2, 14)
    assert article.url == "https://news.example/ceasefire"
    assert article.outlet == "Example News"
    assert "Negotiators met in Doha on Friday, officials said." in article.text
    assert "Both sides agreed to a prisoner exchange." in article.text
    assert "**" not in article.text
    assert "](" not in article.text
    assert "vanish" not in article.text


def test_hard_wrapped_wire_copy_is_unwrapped() -> None:
    wrapped = (
        "Showers continued throughout the week in the cocoa zone,\n"
        "alleviating the drought since early January and improving\n"
        "prospects for the coming harvest, the review said.\n"
        "    The dry period means the harvest will be late this\n"
        "year, traders said in their weekly market review.\n"
    )
    assert unwrap(wrapped) == (
        "Showers continued throughout the week in the cocoa zone, alleviating the drought "
        "since early January and improving prospects for the coming harvest, the review said."
        "\n\nThe dry period means the harvest will be late this year, traders said in their "
        "weekly market review."
    )
    one_line_paragraphs = "First paragraph, long enough.\n\nSecond paragraph here."
    assert unwrap(one_line_paragraphs) == one_line_paragraphs


def test_copies_in_two_files_are_two_articles_with_one_content_hash(tmp_path: Path) -> None:
    text = "Talks on prisoner swap to resume\n\n" + BODY
    write(tmp_path, "001.txt", text)
    write(tmp_path, "002.txt", text)
    articles, _ = read_all([tmp_path])
    assert len({a.id for a in articles}) == 2
    assert len({a.content_hash for a in articles}) == 1
    again, _ = read_all([tmp_path / "001.txt"])
    assert again[0].id == articles[0].id  # stable across runs


def test_short_text_is_i004(tmp_path: Path) -> None:
    articles, (error,) = read_all([write(tmp_path, "short.txt", "Too short.")])
    assert not articles
    assert error.code == "I004"
    articles, _ = read_all([tmp_path / "short.txt"], min_chars=5)
    assert len(articles) == 1

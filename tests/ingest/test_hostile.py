"""Hostile and unlucky input: each bad source or record fails alone, with a catalogue
error; entity bombs, huge files and deep nesting cost no more than their size."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.ingest.util import assert_clear, read_all
from tocsin.ingest.article import TRUNCATION_MARKER
from tocsin.ingest.base import Context, Item, Payload
from tocsin.ingest.decode import strip_entity_declarations
from tocsin.ingest.registry import register_reader, unregister_reader

STORY = (
    "The foreign ministers of Veloria and Marenta met in Ostrava Nova on Tuesday to discuss "
    "the fishing dispute in the Calder Strait, officials said."
)


def quadratic_feed(entity_bytes: int = 20_000, references: int = 20_000) -> bytes:
    """The probe's feed: one large internal entity referenced many times."""
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{"x" * entity_bytes}">]>'
        f'<rss version="2.0"><channel><title>Bomb</title><item><title>One</title>'
        f"<description>{STORY} {'&e;' * references}</description></item></channel></rss>"
    ).encode()


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]><rss version="2.0">'
        f"<channel><title>Laughs</title><item><title>One</title><description>{STORY} "
        f"&lol9;</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("make", [quadratic_feed, billion_laughs], ids=["quadratic", "laughs"])
def test_entity_declarations_never_reach_a_parser(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(make())
    tracemalloc.start()
    started = time.perf_counter()
    (article,), errors = read_all([path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not errors
    # the entry's title is the text's first line (ingest/article.py), then the body
    assert article.text.startswith("One\n\nThe foreign ministers")
    assert "xxxxxxxxxx" not in article.text
    assert "lollollol" not in article.text
    assert len(article.text) < 100_000
    assert peak < 50_000_000, f"{peak:,} bytes traced"
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_entity_declarations_are_found_in_any_unicode_encoding(codec: str) -> None:
    data = quadratic_feed(2_000, 3).decode().encode(codec)
    stripped = strip_entity_declarations(data).decode(codec)
    assert "<!ENTITY" not in stripped
    assert "<!DOCTYPE" not in stripped
    assert stripped.startswith('<?xml version="1.0"?><rss version="2.0">')


@pytest.mark.parametrize(
    "markup",
    [
        b"<!DOCTYPE html><p>plain doctype kept</p>",
        b"<p>no declarations at all</p>",
    ],
)
def test_documents_without_entity_declarations_are_untouched(markup: bytes) -> None:
    assert strip_entity_declarations(markup) == markup


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (b'<!DOCTYPE x [<!ENTITY a "]>">]><p>a</p>', b"<p>a</p>"),
        (b"<p>a</p><!ENTITY stray 'x'><p>b</p>", b"<p>a</p><p>b</p>"),
        (b'<p>kept</p><!DOCTYPE x [ <!ENTITY a "never closed', b"<p>kept</p>"),
        (b"<!ENTITY a" * 50_000, b""),  # unterminated, many times: still one pass
    ],
)
def test_declarations_are_cut_exactly(markup: bytes, expected: bytes) -> None:
    started = time.perf_counter()
    assert strip_entity_declarations(markup) == expected
    assert time.perf_counter() - started < 1


def nested_json(depth: int) -> str:
    return json.dumps({"text": STORY, "extra": "[" * 0}).replace(
        '"extra": ""', '"extra": ' + "[" * depth + "]" * depth
    )


def test_json_lines_nested_too_deeply_fail_alone(tmp_path: Path) -> None:
    good = json.dumps({"text": STORY})
    path = tmp_path / "news.jsonl"
    path.write_text(f"{good}\n{nested_json(100_000)}\n{good.replace('Tuesday', 'Friday')}\n")
    articles, (error,) = read_all([path])
    assert len(articles) == 2
    assert (error.code, error.record) == ("I021", "L2")
    assert "JSON nested too deeply" in error.message


def test_a_json_document_nested_too_deeply_is_i021(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000)
    good = tmp_path / "good.txt"
    good.write_text(f"Talks\n\n{STORY}")
    articles, (error,) = read_all([path, good])
    assert len(articles) == 1
    assert error.code == "I021"


def test_a_deeply_nested_first_line_still_lets_the_others_through(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(f"{nested_json(5_000)}\n{json.dumps({'text': STORY})}\n")
    (article,), (error,) = read_all([path])
    assert error.record == "L1"
    assert error.code == "I021"
    assert article.text == STORY


def test_json_feed_nested_too_deeply_is_i021(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * 20_000)
    _, (error,) = read_all([path])
    assert error.code in ("I021", "I012")


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    # A name with a Latin-1 byte: not UTF-8, so Python holds it with a lone surrogate.
    odd = tmp_path / os.fsdecode(b"caf\xe9-news.txt")
    odd.write_bytes(f"Talks resume\n\n{STORY}".encode())
    (tmp_path / "plain.txt").write_text(f"Talks end\n\n{STORY.replace('Tuesday', 'Friday')}")
    articles, errors = read_all([tmp_path])
    assert not errors
    assert sorted(Path(a.source).name for a in articles) == ["caf\\xe9-news.txt", "plain.txt"]
    for article in articles:
        article.source.encode("utf-8")  # storable and printable
    assert_clear(articles)


def test_a_text_file_larger_than_max_bytes_is_read_up_to_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    paragraph = STORY + "\n\n"
    path.write_text("Long report\n\n" + paragraph * 2_000)
    (article,), errors = read_all([path], max_bytes=5_000)
    assert not errors
    assert len(article.text) < 5_500
    assert "only the start was read" in article.meta["truncated"]
    assert f"{path.stat().st_size:,} bytes" in article.meta["truncated"]
    assert article.text.endswith("]")
    assert article.text.splitlines()[-1].startswith(TRUNCATION_MARKER.split("{")[0])


def test_record_files_larger_than_max_bytes_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"text": f"{STORY} ({n})"}) + "\n" for n in range(100)))
    articles, errors = read_all([path], max_bytes=2_000)
    assert len(articles) == 100
    assert not errors


def test_articles_longer_than_the_cap_are_cut_at_a_paragraph_and_say_so(tmp_path: Path) -> None:
    text = "\n\n".join(f"Paragraph {n}. {STORY}" for n in range(100))
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n")
    (article,), _ = read_all([path], max_article_chars=2_000)
    body, marker = article.text.rsplit("\n\n", 1)
    assert len(body) <= 2_000
    assert body.endswith("officials said.")  # cut at a paragraph break
    assert marker == TRUNCATION_MARKER.format(reason=article.meta["truncated"])
    assert f"the first 2,000 of {len(text):,} characters" in marker


def test_deeply_nested_html_with_a_real_paragraph_is_read(tmp_path: Path) -> None:
    depth = 3_000
    page = (
        "<html><head><title>Strait talks</title></head><body><nav><p>Home</p></nav>"
        + "<div>" * depth
        + f"<p>{STORY}</p><p>Both sides agreed to meet again next month.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(page)
    (article,), errors = read_all([path])
    assert not errors
    assert article.title == "Strait talks"
    assert article.text.startswith(f"Strait talks\n\n{STORY}")  # the title, then the body
    assert "Home" not in article.text


class _BrokenReader:
    """A reader plugin with a bug: it raises what no reader should."""

    name: ClassVar[str] = "broken"
    suffixes: ClassVar[tuple[str, ...]] = (".broken",)
    media_types: ClassVar[tuple[str, ...]] = ()
    priority: ClassVar[int] = 95

    def sniff(self, head: str) -> bool:
        return False

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        if b"deep" in payload.data:
            raise RecursionError("maximum recursion depth exceeded")
        raise KeyError("a bug")


@pytest.fixture
def broken_reader() -> Iterator[None]:
    register_reader("broken", f"{__name__}:_BrokenReader")
    yield
    unregister_reader("broken")


def test_a_reader_that_breaks_costs_only_its_own_source(
    tmp_path: Path, broken_reader: None
) -> None:
    (tmp_path / "a.broken").write_text("anything")
    (tmp_path / "b.broken").write_text("deep")
    (tmp_path / "c.txt").write_text(f"Talks\n\n{STORY}")
    (article,), errors = read_all([tmp_path])
    assert article.source.endswith("c.txt")
    assert [e.code for e in errors] == ["I022", "I021"]
    assert "KeyError" in errors[0].message
    assert_clear(errors)

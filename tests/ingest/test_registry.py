"""The reader registry: names and aliases, choosing a reader, adding one like a plugin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tests.ingest.util import read_all
from tocsin.errors import ConfigError
from tocsin.ingest import registry
from tocsin.ingest.article import build_article
from tocsin.ingest.base import Context, Item, Payload
from tocsin.ingest.decode import decode


class LinesReader:
    """A plugin-style reader for these tests: one article per non-empty line of a .lines file."""

    name: ClassVar[str] = "lines"
    suffixes: ClassVar[tuple[str, ...]] = (".lines",)
    media_types: ClassVar[tuple[str, ...]] = ()
    priority: ClassVar[int] = 50

    def sniff(self, head: str) -> bool:
        return False

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        for number, line in enumerate(decode(payload).splitlines(), start=1):
            if line.strip():
                yield build_article(
                    text=line, source=f"{payload.source}#{number}", options=ctx.options
                )


@pytest.fixture
def lines_reader() -> Iterator[None]:
    registry.register_reader("lines", f"{__name__}:LinesReader")
    yield
    registry.unregister_reader("lines")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("text", "text"), ("md", "text"), ("JSON", "jsonl"), ("tsv", "csv"), ("reuters", "sgml"),
     ("rss", "feed"), (".html", "html")],
)  # fmt: skip
def test_names_and_aliases(name: str, expected: str) -> None:
    assert registry.get_reader(name).name == expected


def test_unknown_name() -> None:
    with pytest.raises(ConfigError, match="unknown format 'docx'"):
        registry.get_reader("docx")


def test_builtin_readers_are_listed_in_sniffing_order() -> None:
    assert set(registry.reader_names()) >= {"text", "html", "jsonl", "csv", "sgml", "feed"}
    order = [r.name for r in registry.all_readers()]
    assert order[0] == "feed"
    assert order[-1] == "text"


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [(".txt", "text"), (".md", "text"), (".htm", "html"), (".ndjson", "jsonl"), (".json", "jsonl"),
     (".tsv", "csv"), (".sgm", "sgml"), (".atom", "feed"), (".xml", "feed"), (".docx", None)],
)  # fmt: skip
def test_reader_for_suffix(suffix: str, expected: str | None) -> None:
    reader = registry.reader_for_suffix(suffix)
    assert (reader.name if reader else None) == expected


def test_choose_reader() -> None:
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
    as_html = Payload(source="u", data=rss, content_type="text/html")
    assert registry.choose_reader(as_html).name == "feed"
    json_feed = b'{"version": "https://jsonfeed.org/version/1", "items": []}'
    assert registry.choose_reader(Payload(source="f", data=json_feed, name="f.json")).name == "feed"
    page = Payload(source="p", data=b"<p>text</p>", name="notes.txt")
    assert registry.choose_reader(page).name == "text"  # the suffix decides for non-feeds
    assert registry.choose_reader(page, forced="html").name == "html"
    unknown = Payload(source="x", data=b'{"text": "a"}\n', content_type="application/octet-stream")
    assert registry.choose_reader(unknown).name == "jsonl"


def test_a_registered_reader_is_used_like_a_builtin(lines_reader: None, tmp_path: Path) -> None:
    path = tmp_path / "wire.lines"
    path.write_text(
        "Marenta recalled its ambassador to Veloria on Friday.\n\n"
        "Kestria offered to mediate between its two neighbours.\n"
    )
    articles, errors = read_all([path])
    assert not errors
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#3"]
    forced, _ = read_all([path], format="lines")
    assert len(forced) == 2


def test_unregistered_reader_is_gone(tmp_path: Path) -> None:
    registry.register_reader("lines", f"{__name__}:LinesReader")
    registry.unregister_reader("lines")
    assert "lines" not in registry.reader_names()
    with pytest.raises(ConfigError):
        registry.get_reader("lines")

"""Property tests of the readers: whatever bytes arrive, in whatever format, reading them
yields articles and catalogue errors and never raises; the entity stripper and the address
guard hold their promises for any input."""

from __future__ import annotations

import ipaddress
import json
import socket

from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.util import assert_clear
from tocsin.errors import IngestFailure
from tocsin.ingest.article import TRUNCATION_MARKER, build_article
from tocsin.ingest.base import Context, IngestOptions, Payload
from tocsin.ingest.decode import clean_text, strip_entity_declarations
from tocsin.ingest.guard import literal_address, why_not_public
from tocsin.ingest.sources import read_payload
from tocsin.records import Article, IngestError

FORMATS = st.sampled_from([None, "text", "html", "jsonl", "csv", "sgml", "feed"])
NAMES = st.sampled_from(
    [None, "a.txt", "a.html", "a.jsonl", "a.json", "a.csv", "a.tsv", "a.sgm", "a.xml", "a.gz",
     "a.md", "a.bin"]
)  # fmt: skip


def _offline(url: str) -> Payload:
    raise IngestFailure("I009", source=url, reason="offline test")


def read(data: bytes, *, name: str | None, fmt: str | None) -> list[Article | IngestError]:
    options = IngestOptions(format=fmt, fetch_entries=True, min_chars=1)
    ctx = Context(options=options, fetch=_offline)
    return list(read_payload(Payload(source="fuzz", data=data, name=name), ctx))


def _json_values() -> st.SearchStrategy[object]:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=50))
    keys = st.sampled_from(["text", "body", "title", "date", "url", "id", "x"])
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=20,
    )


#: Markup built from the pieces that have broken parsers: declarations, entities, deep
#: nesting, CDATA, comments, odd characters.
MARKUP_PIECES = st.sampled_from(
    ['<?xml version="1.0"?>', "<!DOCTYPE rss [", '<!ENTITY e "xx&e;">', "]>", "&e;", "&amp;",
     "<rss>", "</rss>", "<channel>", "<item>", "</item>", "<title>T</title>",
     "<description>Talks resumed on Monday in the capital.</description>",
     "<link>http://10.0.0.1/</link>", "<div>", "</div>", "<p>", "</p>", "<![CDATA[", "]]>",
     "<!--", "-->", "<html>", "<body>", "<script>", "\x00", "\ufeff", "<feed>", "<entry>",
     "<REUTERS>", "<BODY>", "</BODY>", "</REUTERS>", "&#0;", "&#xD800;"]
)  # fmt: skip


@given(data=st.binary(max_size=4_000), name=NAMES, fmt=FORMATS)
def test_any_bytes_read_as_articles_or_catalogue_errors(
    data: bytes, name: str | None, fmt: str | None
) -> None:
    assert_clear(read(data, name=name, fmt=fmt))


@given(pieces=st.lists(MARKUP_PIECES, max_size=60), fmt=FORMATS)
def test_any_markup_reads_cleanly(pieces: list[str], fmt: str | None) -> None:
    assert_clear(read("".join(pieces).encode("utf-8", "surrogatepass"), name="x.xml", fmt=fmt))


@given(records=st.lists(_json_values(), max_size=8), depth=st.integers(0, 3_000))
def test_any_json_lines_read_record_by_record(records: list[object], depth: int) -> None:
    lines = [json.dumps(r) for r in records] + ["[" * depth + "]" * depth]
    items = read("\n".join(lines).encode(), name="x.jsonl", fmt=None)
    assert_clear(items)
    # One item per line, or, for a file that parses as one JSON document (an array), one per
    # element; and at most one more for a whole-file error.
    elements = sum(len(r) if isinstance(r, list) else 1 for r in records)
    assert len(items) <= max(len(lines), elements + 1) + 1


@given(rows=st.lists(st.lists(st.text(max_size=40), max_size=5), max_size=8))
def test_any_csv_reads_cleanly(rows: list[list[str]]) -> None:
    text = "\n".join(",".join(json.dumps(c) for c in row) for row in [["text", "date"], *rows])
    assert_clear(read(text.encode(), name="x.csv", fmt=None))


@given(pieces=st.lists(MARKUP_PIECES | st.text(max_size=20), max_size=80))
def test_stripped_markup_declares_no_entity(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    stripped = strip_entity_declarations(data)
    assert b"<!entity" not in stripped.lower()
    assert len(stripped) <= len(data)


@given(number=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_ipv4_notation_is_the_same_address(number: int) -> None:
    address = ipaddress.IPv4Address(number)
    a, b, c, d = address.packed
    spellings = [str(number), hex(number), f"0{number:o}", f"{a}.{b}.{(c << 8) | d}", str(address)]
    for spelling in spellings:
        assert literal_address(spelling) == address, spelling
        assert socket.inet_aton(spelling) == address.packed  # what the resolver reads


@given(number=st.integers(min_value=0, max_value=2**128 - 1))
def test_an_ipv6_form_of_an_inside_ipv4_address_is_refused(number: int) -> None:
    address = ipaddress.IPv6Address(number)
    inner = address.ipv4_mapped or address.sixtofour
    if inner is not None and why_not_public(inner) is not None:
        assert why_not_public(address) is not None


@given(text=st.text(min_size=1, max_size=3_000), limit=st.integers(1_000, 2_500))
def test_articles_never_exceed_the_cap_and_say_when_cut(text: str, limit: int) -> None:
    options = IngestOptions(min_chars=1, max_article_chars=limit)
    if not clean_text(text):
        return  # I004: nothing left after cleaning
    article = build_article(text=text, source="fuzz", options=options)
    marker_room = len(TRUNCATION_MARKER) + 120
    assert len(article.text) <= limit + marker_room
    assert ("truncated" in article.meta) == article.text.endswith("kept]")

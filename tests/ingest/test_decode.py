"""Bytes → text: BOMs, declared and detected charsets, binary and empty input, gzip."""

from __future__ import annotations

import codecs
import gzip

import pytest

from tocsin.errors import IngestFailure
from tocsin.ingest.base import Payload
from tocsin.ingest.decode import binary_reason, clean_text, decode, gunzip

TEXT = "Ministers met in Zürich on Tuesday — “a turning point”, they said."


def payload(data: bytes, **kw: str) -> Payload:
    return Payload(source="x.txt", data=data, **kw)


def test_utf8() -> None:
    assert decode(payload(TEXT.encode())) == TEXT


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(codec: str) -> None:
    assert decode(payload(TEXT.encode(codec))).lstrip("\ufeff") == TEXT


def test_bomless_utf16_is_recognised_not_binary() -> None:
    data = ("Plain ASCII heavy text. " * 20).encode("utf-16-le")
    assert binary_reason(data) is None
    assert decode(payload(data)).startswith("Plain ASCII heavy text.")


def test_windows_1252_without_declaration_is_detected() -> None:
    data = TEXT.encode("cp1252")
    assert decode(payload(data)) == TEXT


def test_http_charset_is_honoured() -> None:
    text = "Переговоры продолжаются во вторник, сообщили министры."
    assert decode(payload(text.encode("cp1251"), charset="windows-1251")) == text


def test_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="koi8-r"></head><body>Москва заявила</body></html>'
    assert "Москва заявила" in decode(payload(html.encode("koi8-r")))


def test_stale_latin1_declaration_on_utf8_bytes_reads_utf8() -> None:
    html = f'<?xml version="1.0" encoding="iso-8859-1"?><p>{TEXT}</p>'
    assert TEXT in decode(payload(html.encode("utf-8")))


def test_forced_encoding_overrides_everything() -> None:
    data = TEXT.encode("cp1252")
    assert decode(payload(data), encoding="cp1252") == TEXT
    assert decode(payload(TEXT.encode()), encoding="latin-1") != TEXT  # it really forces


def test_forced_encoding_that_does_not_fit_is_i005() -> None:
    with pytest.raises(IngestFailure) as info:
        decode(payload(b"\xff\xfe\xfa bad"), encoding="utf-8")
    assert info.value.code == "I005"
    assert "not valid utf-8" in info.value.message


def test_unknown_forced_encoding_is_i005() -> None:
    with pytest.raises(IngestFailure) as info:
        decode(payload(b"text"), encoding="klingon-8")
    assert info.value.code == "I005"
    assert "unknown encoding" in info.value.message


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"abc\x00def\x00\x01\x02ghi\x00\x00\x00jk", "NUL bytes"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"some text", "control characters"),
    ],
)
def test_binary_is_i003(data: bytes, reason: str) -> None:
    with pytest.raises(IngestFailure) as info:
        decode(payload(data))
    assert info.value.code == "I003"
    assert reason in info.value.message


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_is_i004(data: bytes) -> None:
    with pytest.raises(IngestFailure) as info:
        decode(payload(data))
    assert info.value.code == "I004"


def test_gunzip_and_its_size_cap() -> None:
    raw = b"news " * 1000
    assert gunzip(gzip.compress(raw), source="x.gz", limit=10_000) == raw
    assert gunzip(raw, source="x", limit=10) == raw  # not gzip: unchanged
    with pytest.raises(IngestFailure) as info:
        gunzip(gzip.compress(raw), source="x.gz", limit=1000)
    assert info.value.code == "I010"
    with pytest.raises(IngestFailure) as info:
        gunzip(b"\x1f\x8b\x08\x00garbage", source="x.gz", limit=1000)
    assert info.value.code == "I005"


def test_clean_text() -> None:
    raw = "\ufeffTitle  \r\n\r\n\r\n\r\nBody\x03 with\x00 controls\x0cnext\u2028line \t\n"
    assert clean_text(raw) == "Title\n\nBody with controls\nnext\nline"
    assert clean_text("cafe\u0301") == "café"  # NFC
    assert clean_text(codecs.BOM_UTF8.decode("utf-8") + "x") == "x"

"""Locations: directories, globs, unknown suffixes, binary files, stdin, gzip, errors."""

from __future__ import annotations

import gzip
import io
import json
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.ingest.util import SITE, read_all
from tocsin.errors import ConfigError
from tocsin.ingest import IngestOptions, read_sources

STORY = "Marenta recalled its ambassador to Veloria on Friday after a border shooting."


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_directories_are_walked_recursively_in_name_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second story\n\n" + STORY)
    write(tmp_path / "a" / "z.txt", "First story\n\n" + STORY + " Again.")
    write(tmp_path / ".hidden" / "x.txt", "Hidden story\n\n" + STORY)
    write(tmp_path / ".notes.txt", "Hidden file\n\n" + STORY)
    articles, errors = read_all([tmp_path])
    assert not errors
    assert [a.title for a in articles] == ["First story", "Second story"]


def test_glob_selects_files(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "One\n\n" + STORY)
    write(tmp_path / "sub" / "two.jsonl", json.dumps({"text": STORY + " Two."}) + "\n")
    articles, _ = read_all([tmp_path], glob="*.jsonl")
    assert [a.text for a in articles] == [STORY + " Two."]


def test_unknown_suffixes_are_sniffed(tmp_path: Path) -> None:
    write(tmp_path / "page.php", (SITE / "story2.html").read_text("utf-8"))
    write(tmp_path / "records.dat", json.dumps({"text": STORY}) + "\n")
    write(tmp_path / "corpus-notes", "Notes on the corpus\n\n" + STORY)
    articles, errors = read_all([tmp_path])
    assert not errors
    by_name = {Path(a.source.split("#")[0]).name: a for a in articles}
    assert "Great article" not in by_name["page.php"].text  # read as HTML
    assert by_name["records.dat"].source.endswith("#L1")  # read as JSON Lines
    assert by_name["corpus-notes"].title == "Notes on the corpus"  # read as text


def test_binary_files(tmp_path: Path) -> None:
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200))
    write(tmp_path / "fake.txt", b"%PDF-1.5\n" + bytes(range(256)))
    articles, errors = read_all([tmp_path])
    assert not articles
    codes = {Path(e.source).name: (e.code, e.message) for e in errors}
    assert codes["photo.jpg"][0] == "I013"
    assert "unsupported file type '.jpg'" in codes["photo.jpg"][1]
    assert codes["fake.txt"][0] == "I003"
    assert "PDF document" in codes["fake.txt"][1]


def test_missing_and_empty(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank_json = write(tmp_path / "blank.jsonl", "\n\n")
    articles, errors = read_all([tmp_path / "nope.txt", empty, blank_json])
    assert not articles
    assert [e.code for e in errors] == ["I001", "I004", "I004"]
    assert errors[0].message == f"{tmp_path / 'nope.txt'}: no such file or directory"


def test_empty_location_is_not_the_current_directory() -> None:
    articles, (error,) = read_all([""])
    assert not articles
    assert error.code == "I001"


def test_gzipped_files(tmp_path: Path) -> None:
    data = gzip.compress((json.dumps({"text": STORY}) + "\n").encode())
    write(tmp_path / "news.jsonl.gz", data)
    (article,), _ = read_all([tmp_path / "news.jsonl.gz"])
    assert article.text == STORY


def test_a_bad_source_never_stops_the_others(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good\n\n" + STORY)
    articles, errors = read_all([tmp_path / "missing", good, "https://"])
    assert len(articles) == 1
    assert [e.code for e in errors] == ["I001", "I001"]


def test_unknown_format_fails_before_reading() -> None:
    with pytest.raises(ConfigError) as info:
        next(read_sources(["x"], IngestOptions(format="pdf")))
    assert info.value.code == "C002"
    assert "unknown format 'pdf'" in info.value.message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (json.dumps({"text": STORY}).encode() + b"\n", "-#L1"),
        ((SITE / "story2.html").read_bytes(), "-"),
        (("A headline\n\n" + STORY).encode("utf-16"), "-"),
    ],
    ids=["jsonl", "html", "utf16-text"],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,), errors = read_all(["-"])
    assert not errors
    assert article.source == expected
    assert "<" not in article.text


@pytest.mark.shared
def test_bbc_corpus_reads_in_seconds() -> None:
    folder = shared_path("corpora", "bbc-news-raw")
    started = time.perf_counter()
    articles, errors = read_all([folder], glob="[0-9]*.txt")
    seconds = time.perf_counter() - started
    assert len(articles) == 2225
    assert not errors
    assert all(a.title for a in articles)
    assert seconds < 10, f"{seconds:.1f} s for 2,225 files"

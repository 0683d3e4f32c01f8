"""JSON Lines, JSON and CSV/TSV records: field mapping, auto-detection, bad records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.ingest.util import read_all
from tocsin.errors import DataFileError
from tocsin.ingest.tabular import field_names

TEXT_A = "Marenta recalled its ambassador to Veloria on Friday after a border shooting."
TEXT_B = "Kestria proposed talks between the two neighbours to ease the tension."
TEXT_C = "The regional council said observers would visit the border next week."


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_bad_records_are_errors_naming_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "news.jsonl",
        jsonl(
            {"text": TEXT_A, "date": "2025-03-07"},
            '{"text": "broken',
            {"body_missing": TEXT_B},
            {"text": TEXT_B, "date": "someday soon"},
            "",
            {"text": TEXT_C, "date": "2025-03-08"},
            [1, 2, 3],
        ),
    )
    articles, errors = read_all([path])
    assert [a.text for a in articles] == [TEXT_A, TEXT_C]
    assert [a.source for a in articles] == [f"{path}#L1", f"{path}#L6"]
    assert [a.published for a in articles] == [dt.date(2025, 3, 7), dt.date(2025, 3, 8)]
    assert [(e.record, e.code) for e in errors] == [
        ("L2", "I006"),
        ("L3", "I007"),
        ("L4", "I015"),
        ("L7", "I006"),
    ]
    assert all(e.source == str(path) for e in errors)
    assert errors[0].message.startswith(f"{path}#L2: malformed JSON (Unterminated string")
    assert "'someday soon'" in errors[2].message
    assert "must be an object" in errors[3].message


def test_common_field_names_are_detected(tmp_path: Path) -> None:
    record = {
        "headline": "Envoy recalled",
        "content": TEXT_A,
        "publishedAt": "2025-03-07T08:00:00Z",
        "link": "https://news.example/envoy?utm_source=feed",
        "source": {"id": "ex", "name": "Example News"},
        "id": "rec-1",
    }
    (article,), errors = read_all([write(tmp_path, "x.jsonl", jsonl(record))])
    assert not errors
    assert article.title == "Envoy recalled"
    assert article.text == f"Envoy recalled\n\n{TEXT_A}"  # the headline is read too
    assert article.published == dt.date(2025, 3, 7)
    assert article.url == "https://news.example/envoy?utm_source=feed"
    assert article.outlet == "Example News"
    assert article.meta["record_id"] == "rec-1"


def test_named_fields_and_nested_paths(tmp_path: Path) -> None:
    record = {"story": {"words": TEXT_A, "when": "7 March 2025"}, "paper": "The Ledger"}
    path = write(tmp_path, "x.jsonl", jsonl(record))
    (article,), _ = read_all(
        [path], text_field="story.words", date_field="story.when", outlet_field="paper"
    )
    assert article.text == TEXT_A
    assert article.published == dt.date(2025, 3, 7)
    assert article.outlet == "The Ledger"
    _, (error,) = read_all([path], text_field="missing")
    assert error.code == "I007"
    assert "'missing'" in error.message


def test_id_field_makes_stable_ids(tmp_path: Path) -> None:
    first = write(tmp_path, "a.jsonl", jsonl({"doc": 17, "text": TEXT_A}))
    edited = write(tmp_path, "b.jsonl", jsonl({"doc": 17, "text": TEXT_A + " Updated."}))
    (a,), _ = read_all([first], id_field="doc")
    (b,), _ = read_all([edited], id_field="doc")
    assert a.id == b.id
    assert a.meta["record_id"] == "17"
    (c,), _ = read_all([first])  # without --id-field the text decides
    assert c.id != a.id


def test_auto_detected_id_is_not_the_article_id(tmp_path: Path) -> None:
    # Row numbers restart in every export; two files' "id": 1 are different articles.
    one = write(tmp_path, "one.jsonl", jsonl({"id": 1, "text": TEXT_A}))
    two = write(tmp_path, "two.jsonl", jsonl({"id": 1, "text": TEXT_B}))
    articles, _ = read_all([one, two])
    assert len({a.id for a in articles}) == 2


def test_json_list_and_object_of_records(tmp_path: Path) -> None:
    listed = write(tmp_path, "list.json", json.dumps([{"text": TEXT_A}, {"title": "x"}]))
    articles, errors = read_all([listed])
    assert [a.source for a in articles] == [f"{listed}#item1"]
    assert [(e.record, e.code) for e in errors] == [("item2", "I007")]
    wrapped = write(
        tmp_path, "api.json", json.dumps({"status": "ok", "articles": [{"description": TEXT_B}]})
    )
    (article,), _ = read_all([wrapped])
    assert article.text == TEXT_B
    pretty = write(tmp_path, "one.json", json.dumps({"text": TEXT_C}, indent=2))
    (single,), _ = read_all([pretty])
    assert single.text == TEXT_C


def test_broken_json_document_is_i006(tmp_path: Path) -> None:
    articles, (error,) = read_all([write(tmp_path, "x.json", '[{"text": "a"},')])
    assert not articles
    assert error.code == "I006"


def test_csv_rows_are_counted_like_a_spreadsheet(tmp_path: Path) -> None:
    text = (
        "title,text,date,url\n"
        f'Envoy recalled,"{TEXT_A}",2025-03-07,https://news.example/1\n'
        "No text here,,2025-03-07,https://news.example/2\n"
        f'Talks offered,"{TEXT_B}\n\nA second paragraph, with commas.",not a date,\n'
        f"Observers,{TEXT_C},2025-03-09,\n"
    )
    path = write(tmp_path, "x.csv", text)
    articles, errors = read_all([path])
    assert [a.source for a in articles] == [f"{path}#row2", f"{path}#row5"]
    assert articles[0].outlet == "news.example"  # no outlet column: the URL's host
    assert [(e.record, e.code) for e in errors] == [("row3", "I007"), ("row4", "I015")]


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    tsv = write(tmp_path, "x.tsv", f"headline\tbody\nEnvoy recalled\t{TEXT_A}\n")
    (article,), _ = read_all([tsv])
    assert (article.title, article.text) == ("Envoy recalled", f"Envoy recalled\n\n{TEXT_A}")
    semi = write(tmp_path, "y.csv", f'title;text\nTalks;"{TEXT_B}"\n')
    (article,), _ = read_all([semi])
    assert article.text == f"Talks\n\n{TEXT_B}"


def test_csv_without_text_column_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "a,b\n1,2\n3,4\n")
    articles, (error,) = read_all([path])
    assert not articles
    assert error.code == "I007"
    assert error.record is None
    assert "text / body / content / article" in error.message


def test_csv_with_long_fields(tmp_path: Path) -> None:
    long_text = (TEXT_A + " ") * 5000  # ~400 KB, past the csv module's default limit
    (article,), _ = read_all([write(tmp_path, "x.csv", f'text\n"{long_text}"\n')])
    assert len(article.text) > 300_000


@pytest.mark.shared
def test_real_csv_exports() -> None:
    from tests.conftest import shared_path

    ag = shared_path("corpora", "ag-news", "ag_news_test.csv")
    articles, errors = read_all([ag])
    assert len(articles) == 7600
    assert not errors
    scraped = shared_path("corpora", "scraped-news-2025", "indian_news_with_text.csv")
    articles, errors = read_all([scraped])
    assert len(articles) == 233
    assert not errors
    assert all(a.url and a.outlet for a in articles)


def test_field_names_file_is_validated(tmp_path: Path) -> None:
    names = field_names()
    assert names["text"][0] == "text"
    assert "publishedAt" in names["date"]
    bad = write(tmp_path, "fields.yaml", "text: [text]\nid: []\n")
    with pytest.raises(DataFileError) as info:
        field_names(str(bad))
    assert info.value.code == "D001"
    assert "needs keys" in info.value.message
    worse = write(
        tmp_path,
        "f2.yaml",
        "text: [text]\nid: [id]\ndate: date\nurl: [url]\ntitle: [title]\noutlet: [outlet]\n",
    )
    with pytest.raises(DataFileError, match="date: not a list"):
        field_names(str(worse))


def test_a_named_column_the_csv_lacks_is_an_error_listing_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", f"title,text,published_at\nTalks,{TEXT_A},2025-01-02\n")
    articles, (error,) = read_all([path], date_field="date")
    assert not articles
    assert error.code == "I007"
    assert "has no 'date' field" in error.message
    assert "(its fields: title, text, published_at)" in error.message


def test_a_named_field_a_record_lacks_is_an_error_for_that_record(tmp_path: Path) -> None:
    lines = [
        json.dumps({"body": TEXT_A, "when": "2025-01-02"}),
        json.dumps({"body": TEXT_B}),
    ]
    path = write(tmp_path, "x.jsonl", "\n".join(lines) + "\n")
    articles, (error,) = read_all([path], date_field="when")
    assert [a.published for a in articles] == [dt.date(2025, 1, 2)]
    assert (error.record, error.code) == ("L2", "I007")
    assert "no 'when' field (its fields: body)" in error.message


def test_a_record_without_text_lists_its_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", json.dumps({"headline": "Talks", "id": 3}) + "\n")
    _, (error,) = read_all([path])
    assert "(its fields: headline, id)" in error.message


def _big_jsonl(n: int) -> list[dict[str, str]]:
    """``n`` records of a few hundred bytes each: past the 64 KiB a streamed file starts with."""
    texts = (TEXT_A, TEXT_B, TEXT_C)
    return [
        {"id": f"r{i}", "text": f"{texts[i % 3]} Report {i}:" + " détails" * (i % 40)}
        for i in range(n)
    ]


def test_a_large_json_lines_file_is_streamed_with_the_same_records(tmp_path: Path) -> None:
    from tocsin.ingest.tabular import STREAM_HEAD

    records = _big_jsonl(1500)
    body = jsonl(*records)
    assert len(body.encode()) > 3 * STREAM_HEAD  # the streamed path, not the whole-file one
    path = write(tmp_path, "dump.jsonl", body)
    articles, errors = read_all([path])
    assert errors == []
    assert [a.text for a in articles] == [r["text"] for r in records]
    assert [a.source for a in articles] == [f"{path}#L{i}" for i in range(1, 1501)]
    # The same records in a small file (read whole) give the same articles and ids.
    small = write(tmp_path, "small.jsonl", jsonl(*records[:40]))
    whole, _ = read_all([small])
    assert [a.id for a in whole] == [a.id for a in articles[:40]]


def test_a_streamed_file_goes_on_past_bad_lines(tmp_path: Path) -> None:
    records = _big_jsonl(800)
    lines = [json.dumps(r).encode() for r in records]
    lines[500] = b'{"text": "Latin-1 bytes \xe9t\xe9 in a UTF-8 dump"}'
    lines[501] = b'{"text": "broken'
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, errors = read_all([path])
    assert [(e.record, e.code) for e in errors] == [("L501", "I005"), ("L502", "I006")]
    assert "not valid utf-8" in errors[0].message
    assert len(articles) == 798
    assert articles[-1].text == records[-1]["text"]


def test_a_large_json_document_is_not_read_as_lines(tmp_path: Path) -> None:
    records = _big_jsonl(900)
    path = write(tmp_path, "dump.json", json.dumps({"articles": records}, indent=1))
    articles, errors = read_all([path])
    assert errors == []
    assert [a.text for a in articles] == [r["text"] for r in records]
    assert articles[0].source == f"{path}#item1"

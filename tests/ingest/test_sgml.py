"""Reuters-21578 SGML: one article per <REUTERS>, robust decoding, the real collection."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.ingest.util import assert_clear, read_all
from tocsin.ingest.sgml import ReutersReader

# Written for these tests in the collection's layout (lewis.dtd): a normal story with wire
# control codes and a hard-wrapped body, a headline-only brief, an unprocessed item, and a
# story whose body holds a byte that is not UTF-8.
SAMPLE = (
    b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
    b'<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="901">\n'
    b"<DATE>12-MAR-1987 10:15:00.11</DATE>\n"
    b"<TOPICS><D>grain</D><D>ship</D></TOPICS>\n"
    b"<PLACES><D>veloria</D><D>marenta</D></PLACES>\n"
    b"<PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>\n"
    b"<UNKNOWN>&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0001&#31;reute</UNKNOWN>\n"
    b"<TEXT>&#2;\n<TITLE>VELORIA AND MARENTA AGREE GRAIN SHIPPING TALKS</TITLE>\n"
    b"<DATELINE>    OSTRAVA NOVA, March 12 - </DATELINE><BODY>Veloria and Marenta agreed\n"
    b"to hold talks on grain shipments through the Calder Strait,\n"
    b"officials said &lt;on Thursday&gt; after a meeting of port authorities.\n"
    b"    The talks will start next month, the officials said.\n"
    b" Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    b'<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="2" NEWID="902">\n'
    b"<DATE>12-MAR-1987 11:00:00.00</DATE>\n<TOPICS></TOPICS>\n"
    b'<TEXT TYPE="BRIEF">&#2;\n<TITLE>MARENTA PORT AUTHORITY SAYS GRAIN EXPORTS UP SHARPLY'
    b"</TITLE>\n&#3;\n</TEXT>\n</REUTERS>\n"
    b'<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="3" NEWID="903">\n'
    b"<DATE>13-MAR-1987 09:00:00.00&#5;&#5;&#5;F</DATE>\n"
    b'<TEXT TYPE="UNPROC">&#2;\nKESTRIA GRAIN SUPPLY UPDATE\n'
    b"    Kestria said its grain reserves were sufficient for three\nmonths of consumption.\n"
    b" REUTER\n&#3;\n</TEXT>\n</REUTERS>\n"
    b'<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="4" NEWID="904">\n'
    b"<DATE>13-MAR-1987 10:00:00.00</DATE>\n"
    b"<TEXT>&#2;\n<TITLE>SHORT ITEM</TITLE>\n<BODY>Port closed.\xfc\n&#3;</BODY></TEXT>\n"
    b"</REUTERS>\n"
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "reut2-999.sgm"
    path.write_bytes(SAMPLE)
    return path


def test_one_article_per_element(sample: Path) -> None:
    articles, errors = read_all([sample])
    story, brief, unproc = articles
    assert story.title == "VELORIA AND MARENTA AGREE GRAIN SHIPPING TALKS"
    assert story.text == (
        "VELORIA AND MARENTA AGREE GRAIN SHIPPING TALKS\n\n"
        "Veloria and Marenta agreed to hold talks on grain shipments through the Calder "
        "Strait, officials said <on Thursday> after a meeting of port authorities.\n\n"
        "The talks will start next month, the officials said."
    )
    assert story.published == dt.date(1987, 3, 12)
    assert story.outlet == "Reuters"
    assert story.source == f"{sample}#NEWID=901"
    assert story.meta["dateline"] == "OSTRAVA NOVA, March 12"
    assert story.meta["topics"] == "grain,ship"
    assert story.meta["places"] == "veloria,marenta"
    assert story.meta["type"] == "NORM"
    assert story.meta["lewissplit"] == "TRAIN"
    assert brief.text == "MARENTA PORT AUTHORITY SAYS GRAIN EXPORTS UP SHARPLY"
    assert brief.meta["type"] == "BRIEF"
    assert unproc.text.startswith("KESTRIA GRAIN SUPPLY UPDATE")
    assert "three months of consumption." in unproc.text
    assert not unproc.text.endswith("REUTER")
    assert unproc.published == dt.date(1987, 3, 13)
    (error,) = errors
    assert (error.record, error.code) == ("NEWID=904", "I004")


def test_ids_come_from_newid(sample: Path) -> None:
    first, _ = read_all([sample])
    again, _ = read_all([sample])
    assert [a.id for a in first] == [a.id for a in again]
    assert len({a.id for a in first}) == 3


def test_forced_format_reads_sgml_with_any_name(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_bytes(SAMPLE)
    articles, _ = read_all([path], format="sgml")
    assert len(articles) == 3
    plain, _ = read_all([path])
    assert len(plain) == 1  # as text, the whole file is one article


def test_sniffed_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "reuters-dump"
    path.write_bytes(SAMPLE)
    assert len(read_all([path])[0]) == 3
    assert ReutersReader().sniff('<!DOCTYPE lewis SYSTEM "lewis.dtd">')


def test_file_without_elements_is_i006(tmp_path: Path) -> None:
    path = tmp_path / "x.sgm"
    path.write_text("<!DOCTYPE lewis>\nnothing here\n")
    articles, (error,) = read_all([path])
    assert not articles
    assert error.code == "I006"
    assert "no <REUTERS> element" in error.message


@pytest.mark.shared
def test_reut2_017_with_its_invalid_utf8_byte() -> None:
    path = shared_path("corpora", "reuters21578", "reut2-017.sgm")
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    articles, errors = read_all([path])
    assert_clear([*articles, *errors])
    with_body = [a for a in articles if a.meta.get("type") == "NORM"]
    assert len(with_body) == data.count(b"<BODY>") == 940
    assert len(articles) + len(errors) == len(re.findall(rb"<REUTERS\b", data))
    assert all(a.published and a.published.year == 1987 for a in articles)
    assert "\ufffd" not in "".join(a.text for a in articles)


@pytest.mark.shared
@pytest.mark.slow
def test_the_whole_collection() -> None:
    folder = shared_path("corpora", "reuters21578")
    articles, errors = read_all([folder], glob="*.sgm")
    assert_clear([*articles, *errors])
    with_body = sum(1 for a in articles if a.meta.get("type") == "NORM")
    assert with_body >= 19_000  # 19,043 <BODY> elements; a few hold < 40 characters
    assert len(articles) + len(errors) == 21_578
    assert len({a.id for a in articles}) == len(articles)
    assert {e.code for e in errors} <= {"I004"}

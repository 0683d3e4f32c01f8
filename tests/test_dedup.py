"""Stories (exact and near-duplicate articles) and event groups (corroboration counts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import shared_path
from tocsin.config import Settings, load_settings
from tocsin.dedup import (
    DedupParams,
    band_keys,
    band_layout,
    cluster_stories,
    minhashes,
    shingles,
    update_event_groups,
)
from tocsin.ingest.ids import content_hash
from tocsin.minhash import sign_documents
from tocsin.records import Actor, Article, Document, Event
from tocsin.store import Database, delete_derived, write_documents

# Written for these tests: two different reports of one night's strikes, and an unrelated one.
STRIKES = (
    "Russian forces launched a large missile and drone attack on Kyiv early on Tuesday, "
    "damaging power stations and homes across the capital, Ukrainian officials said. The air "
    "force said it shot down most of the incoming drones, but several missiles struck energy "
    "facilities in the west of the city. Mayor Vitali Klitschko said emergency crews were "
    "working at four sites and that water supplies had been cut in two districts. President "
    "Volodymyr Zelensky called on allies to send more air defence systems and accused Moscow "
    "of trying to freeze Ukrainians ahead of winter. The energy ministry said engineers hoped "
    "to restore power to most homes by the evening, although rolling blackouts would continue "
    "for several days while damaged transformers were replaced. Neighbouring Poland scrambled "
    "fighter jets as a precaution while the attack was under way, its armed forces said."
)
REPRINT = (
    STRIKES.replace("early on Tuesday", "in the early hours of Tuesday")
    .replace("several missiles", "at least three missiles")
    .replace("Mayor Vitali Klitschko", "Kyiv's mayor, Vitali Klitschko,")
)
OTHER_REPORT = (
    "Ukraine's capital was hit overnight by one of the heaviest bombardments in weeks. "
    "Residents sheltered in metro stations as explosions shook the city, and the national grid "
    "operator announced emergency power cuts in several regions. Officials in Kyiv said at "
    "least two people were injured by falling debris. Russia's defence ministry said its "
    "strikes had hit military-industrial targets, a claim Ukraine rejected. The attack came a "
    "day after talks between Ukrainian and American officials on air defence deliveries."
)
UNRELATED = (
    "The European Central Bank held interest rates steady on Thursday and signalled that it "
    "was in no hurry to cut borrowing costs, as inflation in the euro zone stayed above its "
    "two per cent target for a third month. Christine Lagarde told reporters that wage growth "
    "remained too strong and that the bank would decide meeting by meeting. Markets had "
    "expected the decision, and the euro barely moved against the dollar after the statement."
)


def _article(
    article_id: str, text: str, *, day: int = 1, outlet: str | None = "Reuters", **kw: object
) -> Article:
    return Article(
        id=article_id, text=text, source=f"{article_id}.txt", outlet=outlet,
        published=dt.date(2025, 1, day), **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def _event(article: Article, event_type: str = "ASSAULT", **kw: object) -> Event:
    fields: dict[str, object] = {
        "sentence_index": 0,
        "source": Actor(code="RUS", sector="MIL"),
        "target": Actor(code="UKR"),
        "intensity": -9.0,
    }
    fields.update(kw)
    return Event(
        article_id=article.id, type=event_type, date=article.published, **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def _doc(article: Article, *events: Event) -> Document:
    return Document(article=article, events=list(events))


def _stories(db: Database) -> dict[str, str]:
    return {r[0]: r[1] for r in db.query("SELECT id, story_id FROM articles")}


def _run(db: Database, settings: Settings, *docs: Document) -> dict[str, object]:
    write_documents(db, docs)
    return cluster_stories(db, settings, [d.article.id for d in docs])


def test_shingles_ignore_case_and_spacing() -> None:
    assert shingles("Russia  STRUCK\nKyiv today", 2) == shingles("russia struck kyiv today", 2)
    assert shingles("Too short", 5) == [b"too short"]
    assert shingles("  ... ", 5) == []


def test_minhash_estimates_jaccard() -> None:
    params = DedupParams()
    a, b, c = minhashes([STRIKES, REPRINT, UNRELATED], params)
    assert a is not None
    assert b is not None
    assert c is not None
    true_ab = len(set(shingles(STRIKES, 5)) & set(shingles(REPRINT, 5))) / len(
        set(shingles(STRIKES, 5)) | set(shingles(REPRINT, 5))
    )
    assert abs(a.jaccard(b) - true_ab) < 0.15
    assert a.jaccard(c) < 0.1
    assert minhashes(["..."], params) == [None]


def test_exact_duplicates_share_a_story(db: Database, settings: Settings) -> None:
    report = _run(db, settings, _doc(_article("a1", STRIKES)), _doc(_article("a2", STRIKES, day=2)))
    stories = _stories(db)
    assert stories["a1"] == stories["a2"]
    assert report["exact_duplicates"] == 1
    assert report["new_stories"] == 1


def test_near_duplicate_reprint_joins_the_story(db: Database, settings: Settings) -> None:
    original = _article("a1", STRIKES, title="Russia pounds Kyiv power grid")
    reprint = _article("a2", REPRINT, title="Blackouts after overnight strikes", outlet="AP")
    report = _run(db, settings, _doc(original), _doc(reprint))
    assert _stories(db)["a1"] == _stories(db)["a2"]
    assert report["near_duplicates"] == 1


def test_unrelated_and_same_topic_articles_stay_apart(db: Database, settings: Settings) -> None:
    _run(
        db,
        settings,
        _doc(_article("a1", STRIKES)),
        _doc(_article("a2", OTHER_REPORT)),
        _doc(_article("a3", UNRELATED)),
    )
    assert len(set(_stories(db).values())) == 3


def test_incremental_runs_match_one_run(tmp_path: Path, settings: Settings) -> None:
    docs = [
        _doc(_article("a1", STRIKES, day=1)),
        _doc(_article("a2", UNRELATED, day=1)),
        _doc(_article("a3", REPRINT, day=2)),
        _doc(_article("a4", OTHER_REPORT, day=2)),
        _doc(_article("a5", STRIKES, day=3, outlet="BBC")),
    ]
    with Database(tmp_path / "one.duckdb") as one:
        _run(one, settings, *docs)
        at_once = _stories(one)
    with Database(tmp_path / "inc.duckdb") as inc:
        _run(inc, settings, *docs[:2])
        first = _stories(inc)
        _run(inc, settings, docs[2])
        _run(inc, settings, *docs[3:])
        stepwise = _stories(inc)
    assert stepwise == at_once
    assert {k: stepwise[k] for k in first} == first  # ids never change once given
    assert stepwise["a1"] == stepwise["a3"] == stepwise["a5"] != stepwise["a4"]


def test_rerun_adds_nothing(db: Database, settings: Settings) -> None:
    a1, a2 = _article("a1", STRIKES), _article("a2", REPRINT, outlet="AP")
    _run(db, settings, _doc(a1, _event(a1)), _doc(a2, _event(a2)))
    before = {t: db.query(f"SELECT * FROM {t} ORDER BY 1") for t in _TABLES}
    again = cluster_stories(db, settings, [])
    assert again["articles"] == again["new_stories"] == again["event_groups"] == 0
    assert {t: db.query(f"SELECT * FROM {t} ORDER BY 1") for t in _TABLES} == before


_TABLES = ("articles", "article_signatures", "event_groups", "event_group_members")


def test_reprocessed_article_keeps_its_story(db: Database, settings: Settings) -> None:
    docs = [_doc(_article("a1", STRIKES)), _doc(_article("a2", REPRINT, day=2))]
    _run(db, settings, *docs)
    story = _stories(db)["a1"]
    delete_derived(db, ["a1"])
    _run(db, settings, docs[0])
    assert _stories(db) == {"a1": story, "a2": story}


def test_signed_documents_are_clustered_by_their_stored_signatures(
    db: Database, settings: Settings
) -> None:
    # The signature written with the analysis is the one clustered: here a reprint's is
    # given to an unrelated text, which therefore joins the story; the finalizer hashed
    # nothing, so it wrote no signature of its own.
    docs = [_doc(_article("a1", STRIKES)), _doc(_article("a2", REPRINT, day=2))]
    sign_documents(docs, DedupParams.from_settings(settings))
    docs[1].article.text = UNRELATED
    report = _run(db, settings, *docs)
    assert report["near_duplicates"] == 1
    assert _stories(db)["a1"] == _stories(db)["a2"]
    rows = db.query("SELECT article_id, signature FROM article_signatures ORDER BY 1")
    assert rows == [(d.article.id, d.signature.values) for d in docs if d.signature]


def test_reprocessing_drops_the_stored_signature(db: Database, settings: Settings) -> None:
    params = DedupParams.from_settings(settings)
    (old,) = docs = [_doc(_article("a1", STRIKES))]
    sign_documents(docs, params)
    _run(db, settings, old)
    delete_derived(db, ["a1"])
    assert db.query("SELECT count(*) FROM article_signatures") == [(0,)]
    (new,) = docs = [_doc(_article("a1", UNRELATED))]
    sign_documents(docs, params)
    _run(db, settings, new)
    assert new.signature is not None
    assert db.query("SELECT signature FROM article_signatures") == [(new.signature.values,)]


def test_window_limits_the_search(db: Database) -> None:
    narrow = load_settings(config_file=None, overrides={"dedup.window_days": 5}, environ={})
    _run(db, narrow, _doc(_article("a1", STRIKES, day=1)))
    _run(db, narrow, _doc(_article("a2", REPRINT, day=20)))
    _run(db, narrow, _doc(_article("a3", REPRINT.replace("Tuesday", "Monday"), day=24)))
    stories = _stories(db)
    assert stories["a1"] != stories["a2"] == stories["a3"]


def test_stories_on_bbc_news(db: Database, settings: Settings) -> None:
    root = shared_path("corpora", "bbc-news-raw", "politics")
    docs = []
    for path in sorted(root.glob("*.txt")):
        title, _, body = path.read_bytes().decode("latin-1").partition("\n")
        docs.append(_doc(Article(id=path.name, text=body, title=title, source=str(path))))
    _run(db, settings, *docs)
    stories = _stories(db)
    # Updated versions of one article (same lead, text added or edited): Jaccard 0.56-0.81.
    for a, b in [("043.txt", "313.txt"), ("088.txt", "337.txt"), ("226.txt", "265.txt")]:
        assert stories[a] == stories[b], (a, b)
    assert stories["069.txt"] == stories["311.txt"] == stories["312.txt"]
    # A follow-up on the same affair (Jaccard 0.47) and same-topic articles stay apart.
    assert stories["327.txt"] != stories["328.txt"]
    assert stories["294.txt"] != stories["312.txt"]
    assert 340 < len(set(stories.values())) < 400


# ---------------------------------------------------------------- event groups
def _groups(db: Database) -> list[tuple[object, ...]]:
    return db.query(
        "SELECT type, negated, num_events, num_articles, num_sources, num_stories, date, "
        "first_seen, last_seen FROM event_groups ORDER BY type, negated, num_articles DESC, date"
    )


def test_reprints_form_one_group(db: Database, settings: Settings) -> None:
    a1 = _article("a1", STRIKES)
    a2 = _article("a2", REPRINT, day=2, outlet="AP")
    a3 = _article("a3", STRIKES, day=2, outlet=None, url="https://www.bbc.co.uk/news/1")
    a4 = _article("a4", STRIKES, day=3, outlet=None)
    a5 = _article("a5", STRIKES, day=3, outlet=None, meta={"x": "y"})
    docs = [_doc(a, _event(a)) for a in (a1, a2, a3, a4, a5)]
    docs[0].events.append(_event(a1, sentence_index=3))  # the article repeats the event
    _run(db, settings, *docs)
    # outlets: Reuters, AP, bbc.co.uk (URL host), and one "unknown" for a4 and a5
    assert _groups(db) == [
        (
            "ASSAULT",
            False,
            6,
            5,
            4,
            1,
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 3),
        )
    ]
    assert db.count("event_group_members") == 6


def test_a_group_takes_its_most_frequent_sectors_and_breaks_ties_by_the_first_event(
    db: Database, settings: Settings
) -> None:
    a1 = _article("a1", STRIKES)
    a2 = _article("a2", REPRINT, day=2, outlet="AP")
    a3 = _article("a3", STRIKES, day=3, outlet=None)
    # sources: MIL, GOV, GOV (GOV wins); targets: CVL first, then MIL, then none (a tie)
    gov = Actor(code="RUS", sector="GOV")
    docs = [
        _doc(a1, _event(a1, target=Actor(code="UKR", sector="CVL"))),
        _doc(a2, _event(a2, source=gov, target=Actor(code="UKR", sector="MIL"))),
        _doc(a3, _event(a3, source=gov)),
    ]
    for order in (docs, docs[::-1]):
        with db.transaction() as con:
            con.execute("DELETE FROM event_groups")
            con.execute("DELETE FROM event_group_members")
        _run(db, settings, *order)
        assert db.query("SELECT source_sector, target_sector, num_events FROM event_groups") == [
            ("GOV", "CVL", 3)
        ]


def test_dated_events_join_across_stories(db: Database, settings: Settings) -> None:
    monday = dt.date(2024, 12, 30)
    a1, a2, a3 = _article("a1", STRIKES), _article("a2", OTHER_REPORT), _article("a3", UNRELATED)
    _run(
        db,
        settings,
        _doc(a1, _event(a1, event_date=monday), _event(a1, "ACCUSE", intensity=-3.0)),
        _doc(a2, _event(a2, event_date=monday), _event(a2, "ACCUSE", intensity=-3.0)),
        _doc(
            a3,
            _event(a3, event_date=dt.date(2025, 1, 1)),
            _event(a3, negated=True, sentence_index=1),
        ),
    )
    assert _groups(db) == [
        # undated accusations in two different stories: two events
        (
            "ACCUSE",
            False,
            1,
            1,
            1,
            1,
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
        ),
        (
            "ACCUSE",
            False,
            1,
            1,
            1,
            1,
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
        ),
        # one Monday attack reported by two stories; the series date is the event date
        ("ASSAULT", False, 2, 2, 1, 2, monday, dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
        (
            "ASSAULT",
            False,
            1,
            1,
            1,
            1,
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
        ),
        # a denial is not the same event as the attack
        (
            "ASSAULT",
            True,
            1,
            1,
            1,
            1,
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
            dt.date(2025, 1, 1),
        ),
    ]


def test_dated_link_chains_through_stories(db: Database, settings: Settings) -> None:
    # story 1 dates the event Monday; story 2 reports it undated in one copy and dated in a
    # reprint; story 3 dates it Monday: all one event through the chain 1-3 (date) and 2.
    monday = dt.date(2024, 12, 30)
    a1 = _article("a1", STRIKES)
    a2, a2r = _article("a2", OTHER_REPORT), _article("a2r", OTHER_REPORT, day=2, outlet="AP")
    a3 = _article("a3", UNRELATED)
    _run(
        db, settings,
        _doc(a1, _event(a1, event_date=monday)), _doc(a2, _event(a2)),
        _doc(a2r, _event(a2r, event_date=monday)), _doc(a3, _event(a3, event_date=monday)),
    )  # fmt: skip
    rows = db.query("SELECT num_events, num_stories, num_sources, date FROM event_groups")
    assert rows == [(4, 3, 2, monday)]


def test_groups_follow_reprocessing(db: Database, settings: Settings) -> None:
    a1, a2 = _article("a1", STRIKES), _article("a2", REPRINT, outlet="AP")
    _run(db, settings, _doc(a1, _event(a1)), _doc(a2, _event(a2)))
    assert db.query("SELECT num_articles FROM event_groups") == [(2,)]
    delete_derived(db, ["a2"])
    _run(db, settings, _doc(a2, _event(a2, "COERCE", intensity=-7.0)))
    assert _groups(db)[0][:4] == ("ASSAULT", False, 1, 1)
    assert _groups(db)[1][:4] == ("COERCE", False, 1, 1)
    assert db.count("event_group_members") == 2


def test_full_rebuild_gives_the_same_groups(db: Database, settings: Settings) -> None:
    a1, a2 = _article("a1", STRIKES), _article("a2", OTHER_REPORT, outlet="AP")
    _run(db, settings, _doc(a1, _event(a1)), _doc(a2, _event(a2), _event(a2, "ACCUSE")))
    before = db.query("SELECT * FROM event_groups ORDER BY id")
    members = db.query("SELECT * FROM event_group_members ORDER BY 1")
    assert update_event_groups(db) == 3
    assert db.query("SELECT * FROM event_groups ORDER BY id") == before
    assert db.query("SELECT * FROM event_group_members ORDER BY 1") == members


@pytest.mark.parametrize("with_story", [True, False])
def test_events_without_stories_still_group(db: Database, *, with_story: bool) -> None:
    a1 = _article("a1", STRIKES, meta={"story_id": "given"} if with_story else {})
    write_documents(db, [_doc(a1, _event(a1), _event(a1, sentence_index=2))])
    update_event_groups(db, article_ids=["a1"])
    assert db.query("SELECT num_events, num_stories FROM event_groups") == [(2, 1)]


def test_analyze_runs_the_stories_finalizer(tmp_path: Path, settings: Settings) -> None:
    from tocsin.runner import analyze

    sources = tmp_path / "in"
    sources.mkdir()
    for name, title, text in [
        ("a.txt", "Russia pounds Kyiv power grid", STRIKES),
        ("b.txt", "Blackouts after overnight strikes", REPRINT),
        ("c.txt", "ECB holds rates", UNRELATED),
    ]:
        (sources / name).write_text(f"{title}\n{text}\n", encoding="utf-8")
    db_path = tmp_path / "run.duckdb"
    first = analyze([str(sources)], db=db_path, settings=settings)
    assert first.finalizers["stories"]["articles"] == 3
    assert first.finalizers["stories"]["near_duplicates"] == 1
    assert "alerts" in first.finalizers
    again = analyze([str(sources)], db=db_path, settings=settings)
    assert again.finalizers["stories"]["articles"] == 0
    with Database(db_path) as db:
        assert len(set(_stories(db).values())) == 2


def test_groups_catch_up_events_written_earlier(db: Database, settings: Settings) -> None:
    a1, a2 = _article("a1", STRIKES), _article("a2", UNRELATED, outlet="AP")
    write_documents(db, [_doc(a1, _event(a1))])  # stored without the finalizer
    _run(db, settings, _doc(a2, _event(a2, "ACCUSE")))
    assert db.count("event_group_members") == 2
    delete_derived(db, ["a1"])  # gone for good: its group goes at the next run
    assert cluster_stories(db, settings, [])["event_groups"] == 0
    assert db.query("SELECT type FROM event_groups") == [("ACCUSE",)]
    assert db.count("event_group_members") == 1


# ---------------------------------------------------------------- chunked clustering
# Written for these tests: a second reprint of STRIKES and a reprint of UNRELATED.
SECOND_REPRINT = STRIKES.replace("Ukrainian officials said", "the military administration said")
UNRELATED_REPRINT = UNRELATED.replace("on Thursday", "on Thursday afternoon")


def _chunked(chunk: int, **overrides: object) -> Settings:
    return load_settings(
        config_file=None, overrides={"dedup.chunk_articles": chunk, **overrides}, environ={}
    )


def _corpus() -> list[Document]:
    """Reprints, copies and undated articles spread so that chunks of 1-3 split them."""
    return [
        _doc(_article("c1", STRIKES, day=1)),
        _doc(_article("c2", UNRELATED, day=1)),
        _doc(_article("c3", OTHER_REPORT, day=2)),
        _doc(_article("c4", REPRINT, day=2, outlet="AP")),
        _doc(_article("c5", UNRELATED, day=3, outlet="BBC")),  # copy of c2
        _doc(_article("c6", SECOND_REPRINT, day=4)),
        _doc(_article("c7", UNRELATED_REPRINT, day=5)),
        _doc(_article("c8", STRIKES, day=6, outlet="DW")),  # copy of c1
        _doc(Article(id="c9", text=REPRINT, source="c9.txt")),  # undated copy of c4
        _doc(_article("c10", "...", day=6)),  # no words: a story, no signature
    ]


def _state(db: Database) -> list[tuple[object, ...]]:
    return db.query(
        "SELECT a.id, a.story_id, s.signature, s.band_layout, s.band_keys FROM articles a "
        "LEFT JOIN article_signatures s ON s.article_id = a.id ORDER BY a.id"
    )


@pytest.mark.parametrize(("chunk", "release"), [(1, False), (2, False), (3, False), (1, True)])
def test_chunks_give_the_stories_of_one_pass(tmp_path: Path, chunk: int, release: bool) -> None:
    with Database(tmp_path / "one.duckdb") as one:
        whole = _run(one, _chunked(0), *_corpus())
        expected = _state(one)
    # released: DuckDB's memory handed back after every chunk, as in an analyze run
    with Database(tmp_path / "chunked.duckdb") as db, db.releasing(release):
        assert _run(db, _chunked(chunk), *_corpus()) == whole
        assert _state(db) == expected
    assert whole["exact_duplicates"] == 3  # c5, c8, c9
    assert whole["near_duplicates"] == 3  # c4 and c6 to c1's story, c7 to c2's
    assert whole["new_stories"] == 4  # c1, c2, c3, c10
    stories = {row[0]: row[1] for row in expected}
    assert stories["c1"] == stories["c4"] == stories["c6"] == stories["c8"] == stories["c9"]
    assert stories["c2"] == stories["c5"] == stories["c7"] != stories["c3"]


def test_chunked_runs_match_one_run_and_keep_their_ids(tmp_path: Path) -> None:
    docs = _corpus()
    with Database(tmp_path / "one.duckdb") as one:
        _run(one, _chunked(0), *docs)
        at_once = _state(one)
    with Database(tmp_path / "inc.duckdb") as inc:
        _run(inc, _chunked(2), *docs[:3])
        first = _stories(inc)
        _run(inc, _chunked(1), *docs[3:7])
        _run(inc, _chunked(3), *docs[7:])
        assert _state(inc) == at_once
        assert {k: _stories(inc)[k] for k in first} == first
        again = cluster_stories(inc, _chunked(2), [])
        assert again["articles"] == 0
        assert _state(inc) == at_once


@pytest.mark.parametrize("chunk", [0, 2])
def test_signed_and_hashed_articles_cluster_as_hashed_ones(tmp_path: Path, chunk: int) -> None:
    # An analyze run writes each article's signature and content hash; the finalizer then
    # reads texts only for the articles that lack one. A chunk mixing the four cases
    # (signed or not, hashed or not) gives the stories of a pass that hashed everything.
    with Database(tmp_path / "hashed.duckdb") as one:
        _run(one, _chunked(0), *_corpus())
        expected = _state(one)
    docs = _corpus()
    sign_documents(docs[::2], DedupParams.from_settings(_chunked(0)))
    for doc in docs[::3]:
        doc.article.content_hash = content_hash(doc.article.text)
    with Database(tmp_path / "signed.duckdb") as db:
        _run(db, _chunked(chunk), *docs)
        assert _state(db) == expected


def test_chunks_search_the_window_of_the_whole_pass(tmp_path: Path) -> None:
    # The window is taken around every pending article, not around each chunk: c3 (day 20)
    # finds c1 (day 1) because c2 (day 3) is pending in the same pass, as in one pass.
    results = []
    for chunk in (0, 1):
        settings = _chunked(chunk, **{"dedup.window_days": 5})
        with Database(tmp_path / f"window-{chunk}.duckdb") as db:
            _run(db, settings, _doc(_article("c1", STRIKES, day=1)))
            _run(db, settings, _doc(_article("c2", UNRELATED, day=3)),
                 _doc(_article("c3", REPRINT, day=20)))  # fmt: skip
            results.append(_stories(db))
    assert results[0] == results[1]
    assert results[1]["c1"] == results[1]["c3"]


def test_band_keys_match_equal_bands_only() -> None:
    params = DedupParams()
    sketches = [m for m in minhashes([STRIKES, REPRINT, UNRELATED], params) if m is not None]
    assert len(sketches) == 3
    a, b, c = sketches
    keys = band_keys(np.vstack([a.hashvalues, b.hashvalues, c.hashvalues]), params)
    assert keys.shape == (3, 32)  # 32 bands of 4 rows at threshold 0.5
    bands = [m.hashvalues.reshape(32, 4) for m in (a, b, c)]
    for i, j in [(0, 1), (0, 2)]:
        equal_bands = (bands[i] == bands[j]).all(axis=1)
        assert ((keys[i] == keys[j]) == equal_bands).all()
    assert (keys[0] == keys[1]).any()  # the reprint shares bands: an LSH candidate
    same_values = np.tile(a.hashvalues[:4], 32)[None, :]
    assert len(set(band_keys(same_values, params)[0].tolist())) == 32  # the band is mixed in


def test_signatures_without_band_keys_are_keyed(db: Database, settings: Settings) -> None:
    # As a database written before band keys were stored (or under another threshold).
    _run(db, settings, _doc(_article("a1", STRIKES)), _doc(_article("a2", UNRELATED)))
    with db.transaction() as con:
        con.execute("UPDATE article_signatures SET band_layout = NULL, band_keys = NULL")
    report = _run(db, settings, _doc(_article("a3", REPRINT, day=2)))
    assert report["near_duplicates"] == 1
    assert _stories(db)["a3"] == _stories(db)["a1"]
    assert db.query("SELECT DISTINCT band_layout FROM article_signatures") == [("32x4",)]
    strict = _chunked(2, **{"dedup.threshold": 0.8})
    _run(db, strict, _doc(_article("a4", STRIKES.replace("Tuesday", "Wednesday"), day=3)))
    assert _stories(db)["a4"] == _stories(db)["a1"]
    layouts = db.query("SELECT DISTINCT band_layout FROM article_signatures")
    assert layouts == [(band_layout(DedupParams(threshold=0.8)),)] != [("32x4",)]

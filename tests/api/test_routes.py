"""The read endpoints, over a real server on 127.0.0.1 and the demo database."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from tocsin.query import TocsinDB
from tocsin.records import PLOVER_TYPES


def _all_pages(api: httpx.Client, path: str, params: dict[str, Any], size: int) -> list[Any]:
    items: list[Any] = []
    offset = 0
    while True:
        page = api.get(path, params={**params, "limit": size, "offset": offset}).json()
        items += page["items"]
        offset += size
        if offset >= page["total"]:
            return items


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert body["fix"]
    return body


# ---------------------------------------------------------------- schema, pages, meta
def test_openapi_lists_every_endpoint(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    assert spec["info"]["title"] == "tocsin"
    expected = {
        "/api/stats", "/api/health", "/api/articles", "/api/articles/{article_id}",
        "/api/events", "/api/events/{event_id}", "/api/dyads", "/api/series", "/api/stories",
        "/api/alerts", "/api/map", "/api/threats", "/api/redlines", "/api/quotes",
    }  # fmt: skip
    assert expected <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/articles"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "source", "target", "type", "since", "until", "article", "limit"} <= params
    assert "EventDetail" in spec["components"]["schemas"]


def test_docs_and_dashboard_are_served_without_external_references(api: httpx.Client) -> None:
    for path in ("/", "/docs", "/static/js/main.js", "/static/js/docs.js"):
        response = api.get(path)
        assert response.status_code == 200, path
        for reference in ('src="http', 'href="http', 'src="//', 'href="//', 'import("http'):
            assert reference not in response.text, (path, reference)
    assert api.get("/favicon.ico", follow_redirects=True).status_code == 200


def test_no_static_file_loads_anything_from_outside() -> None:
    from tocsin.api.app import static_dir

    allowed = ("http://www.w3.org/2000/svg", "https://github.com/leeoniya/uPlot")
    for path in static_dir().rglob("*"):
        if path.suffix not in {".html", ".js", ".css"}:
            continue
        text = path.read_text("utf-8")
        for allowed_url in allowed:
            text = text.replace(allowed_url, "")
        assert "http://" not in text, path
        assert "https://" not in text, path


def test_stats(api: httpx.Client, demo_db: Path) -> None:
    stats = api.get("/api/stats").json()
    with TocsinDB(demo_db) as tdb:
        assert stats["tables"]["articles"] == tdb.db.count("articles") == 30
        assert stats["tables"]["events"] == tdb.db.count("events")
    assert stats["first_published"] == "2025-09-01"
    assert stats["last_published"] == "2025-10-15"
    assert stats["writable"] is False
    assert "redlines" not in stats["tables"] or stats["tables"]["redlines"] >= 0
    assert api.get("/api/health").json() == {"status": "ok"}


def test_unknown_endpoint_is_a002(api: httpx.Client) -> None:
    _error(api.get("/api/nothing"), 404, "A002")


# ---------------------------------------------------------------- articles
def test_articles_page_through_every_article_once(api: httpx.Client) -> None:
    first = api.get("/api/articles", params={"limit": 7}).json()
    assert first["total"] == 30
    assert len(first["items"]) == 7
    assert "text" not in first["items"][0]
    everything = _all_pages(api, "/api/articles", {}, 7)
    ids = [a["id"] for a in everything]
    assert len(ids) == len(set(ids)) == 30
    dates = [a["published"] for a in everything]
    assert dates == sorted(dates, reverse=True)


def test_article_with_text_and_counts(api: httpx.Client) -> None:
    item = api.get("/api/articles", params={"limit": 1}).json()["items"][0]
    article = api.get(f"/api/articles/{item['id']}").json()
    assert article["id"] == item["id"]
    assert len(article["text"]) == article["chars"] == item["chars"]
    assert article["counts"]["sentences"] > 0


def test_missing_article_is_404(api: httpx.Client) -> None:
    body = _error(api.get("/api/articles/nope"), 404, "A002")
    assert "nope" in body["message"]


# ---------------------------------------------------------------- events
DYAD = ("VEN", "GUY")
FILTERS: list[tuple[dict[str, Any], Any]] = [
    ({"actor": "ven"}, lambda e: "VEN" in (e["source_code"], e["target_code"])),
    ({"source": "VEN"}, lambda e: e["source_code"] == "VEN"),
    ({"target": "GUY"}, lambda e: e["target_code"] == "GUY"),
    ({"source": "VEN", "target": "GUY"}, lambda e: (e["source_code"], e["target_code"]) == DYAD),
    ({"type": "ASSAULT,coerce"}, lambda e: e["type"] in {"ASSAULT", "COERCE"}),
    ({"since": "2025-10-01"}, lambda e: (e["event_date"] or e["date"]) >= "2025-10-01"),
    ({"until": "2025-09-15"}, lambda e: (e["event_date"] or e["date"]) <= "2025-09-15"),
    ({"asserted": "true"}, lambda e: not e["negated"] and not e["hypothetical"]),
]  # fmt: skip


@pytest.mark.parametrize(("params", "holds"), FILTERS)
def test_event_filters(api: httpx.Client, params: dict[str, Any], holds: Any) -> None:
    everything = api.get("/api/events", params={"limit": 1000}).json()["items"]
    page = api.get("/api/events", params={**params, "limit": 1000}).json()
    assert page["items"], params
    assert all(holds(e) for e in page["items"])
    assert page["total"] == len(page["items"]) == sum(1 for e in everything if holds(e))


def test_event_filter_by_article(api: httpx.Client) -> None:
    first = api.get("/api/events", params={"limit": 1}).json()["items"][0]
    page = api.get("/api/events", params={"article": first["article_id"]}).json()
    assert page["total"] >= 1
    assert {e["article_id"] for e in page["items"]} == {first["article_id"]}


def test_event_pages_are_stable_and_complete(api: httpx.Client) -> None:
    whole = api.get("/api/events", params={"limit": 1000}).json()
    paged = _all_pages(api, "/api/events", {}, 4)
    assert [e["id"] for e in paged] == [e["id"] for e in whole["items"]]
    assert whole["total"] == len(paged) >= 10
    days = [e["event_date"] or e["date"] for e in paged]
    assert days == sorted(days)


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": 5000}, "limit"),
    ("/api/events", {"offset": -1}, "offset"),
    ("/api/events", {"type": "FIGHT"}, "FIGHT"),
    ("/api/events", {"since": "last week"}, "since"),
    ("/api/events", {"since": "2025-10-02", "until": "2025-10-01"}, "since"),
    ("/api/events", {"actor": "1X"}, "actor"),
    ("/api/events", {"asserted": "maybe"}, "asserted"),
    ("/api/series", {}, "dyad"),
    ("/api/series", {"dyad": "VEN:GUY", "freq": "month"}, "freq"),
    ("/api/dyads", {"days": 0}, "days"),
    ("/api/map", {"days": "x"}, "days"),
    ("/api/alerts", {"status": "lost"}, "status"),
    ("/api/threats", {"nuclear": "perhaps"}, "nuclear"),
]


@pytest.mark.parametrize(("path", "params", "named"), INVALID)
def test_invalid_input_is_a_clear_422(
    api: httpx.Client, path: str, params: dict[str, Any], named: str
) -> None:
    body = _error(api.get(path, params=params), 422, "A003")
    assert named in body["message"]


def test_event_detail_places_every_span(api: httpx.Client) -> None:
    events = api.get("/api/events", params={"limit": 1000}).json()["items"]
    with_spans = 0
    for item in events:
        detail = api.get(f"/api/events/{item['id']}").json()
        sentence = detail["sentence"]
        assert detail["event"]["id"] == item["id"]
        assert sentence["text"] == item["text"]
        roles = {}
        for span in detail["spans"]:
            assert sentence["text"][span["start"] : span["end"]] == span["text"]
            roles[span["role"]] = span
        if "trigger" in roles:
            assert roles["trigger"]["text"] == item["event_text"]
        if "source" in roles:
            assert roles["source"]["actor_code"] == item["source_code"]
        with_spans += {"source", "trigger"} <= set(roles)
        article = detail["article"]
        at = sentence["start"] - article["excerpt_start"]
        assert article["excerpt"][at : at + len(sentence["text"])] == sentence["text"]
    assert with_spans >= len(events) // 2


def test_event_detail_has_corroboration(api: httpx.Client) -> None:
    events = api.get("/api/events", params={"type": "SANCTION", "source": "USA"}).json()["items"]
    assert events
    group = api.get(f"/api/events/{events[0]['id']}").json()["group"]
    # The sanctions story was reprinted the next day by the same outlet: one happening,
    # two articles.
    assert group["num_articles"] >= 1
    assert group["num_events"] >= group["num_articles"]


def test_missing_event_is_404(api: httpx.Client) -> None:
    _error(api.get("/api/events/0000"), 404, "A002")


# ---------------------------------------------------------------- monitoring
def test_dyads_ranked_by_escalation(api: httpx.Client) -> None:
    dyads = api.get("/api/dyads", params={"days": 60, "limit": 5}).json()
    assert 1 <= len(dyads) <= 5
    escalation = [d["escalation"] for d in dyads]
    assert escalation == sorted(escalation, reverse=True)
    assert all(d["source"] != d["target"] for d in dyads)
    assert ("VEN", "GUY") in {(d["source"], d["target"]) for d in dyads}


@pytest.mark.parametrize("freq", ["day", "week"])
def test_series_of_a_dyad(api: httpx.Client, demo_db: Path, freq: str) -> None:
    series = api.get("/api/series", params={"dyad": "ven:guy", "freq": freq}).json()
    assert (series["dyad"], series["freq"]) == ("VEN:GUY", freq)
    periods = [dt.date.fromisoformat(p["period"]) for p in series["items"]]
    step = dt.timedelta(days=1 if freq == "day" else 7)
    assert all(b - a == step for a, b in itertools.pairwise(periods))
    with TocsinDB(demo_db) as tdb:
        direct = tdb.series("VEN:GUY", freq=freq).records()
    assert sum(p["events"] for p in series["items"]) == sum(r["events"] for r in direct) > 0
    sparse = api.get("/api/series", params={"dyad": "VEN:GUY", "freq": freq, "sparse": True})
    assert all(p["events"] > 0 for p in sparse.json()["items"])


def test_series_both_directions_adds_the_reverse(api: httpx.Client) -> None:
    def total(params: dict[str, Any]) -> int:
        items = api.get("/api/series", params=params).json()["items"]
        return sum(p["events"] for p in items)

    both = total({"dyad": "VEN:GUY", "both": True})
    assert both == total({"dyad": "VEN:GUY"}) + total({"dyad": "GUY:VEN"})


def test_malformed_dyad_is_m002(api: httpx.Client) -> None:
    body = _error(api.get("/api/series", params={"dyad": "VENGUY"}), 422, "M002")
    assert "VENGUY" in body["message"]


def test_stories(api: httpx.Client) -> None:
    page = api.get("/api/stories", params={"min_articles": 1}).json()
    assert page["total"] >= len(page["items"]) >= 1
    assert all(s["articles"] >= 1 for s in page["items"])
    multi = api.get("/api/stories").json()
    assert all(s["articles"] >= 2 for s in multi["items"])


def test_alerts_with_evidence(api: httpx.Client) -> None:
    page = api.get("/api/alerts", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 1
    nuclear = api.get("/api/alerts", params={"rule": "nuclear-threat"}).json()["items"]
    assert nuclear
    assert all(a["rule"] == "nuclear-threat" for a in nuclear)
    evidence = nuclear[0]["evidence"][0]
    event = api.get(f"/api/events/{evidence}").json()["event"]
    assert event["nuclear"] is True
    # every alert says why it fired and how sure it is
    assert all(a["reason"] and 0.0 < a["confidence"] <= 1.0 for a in page["items"])
    assert all(a["sources"] >= 1 for a in page["items"])
    body = _error(api.get("/api/alerts", params={"rule": "nuclear-threats"}), 422, "C015")
    assert "closest: nuclear-threat" in body["message"]


def test_map_counts_both_sides(api: httpx.Client) -> None:
    data = api.get("/api/map", params={"days": 365}).json()
    by_code = {r["code"]: r for r in data["items"]}
    assert {"VEN", "GUY"} <= set(by_code)
    assert by_code["VEN"]["conflict_events"] <= by_code["VEN"]["events"]
    short = api.get("/api/map", params={"days": 1}).json()
    assert sum(r["events"] for r in short["items"]) < sum(r["events"] for r in data["items"])


# ---------------------------------------------------------------- threats, red lines, quotes
def test_threats_and_filters(api: httpx.Client) -> None:
    page = api.get("/api/threats", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 1
    nuclear = api.get("/api/threats", params={"nuclear": True}).json()["items"]
    assert all(t["nuclear"] for t in nuclear)
    issuer = page["items"][0]["issuer_code"]
    by_issuer = api.get("/api/threats", params={"issuer": issuer.lower()}).json()["items"]
    assert by_issuer
    assert {t["issuer_code"] for t in by_issuer} == {issuer}


def test_redline_ledger_and_one_red_line(api: httpx.Client) -> None:
    page = api.get("/api/redlines", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 1
    # Venezuela's red line (the pipeline now finds the statement the supplement also adds):
    # stated on Sept. 4, crossed when U.S. troops land (Sept. 29).
    line = next(
        r
        for r in page["items"]
        if (r["issuer_code"], r["addressee_code"]) == ("VEN", "GUY")
        and "foreign troops" in (r["condition_text"] or "")
    )
    assert line["crossings"] >= 1
    crossed = api.get("/api/redlines", params={"crossed": True}).json()["items"]
    assert line["id"] in {r["id"] for r in crossed}
    detail = api.get(f"/api/redlines/{line['id']}").json()
    assert detail["statements"]
    # each report of a crossing is listed; reports of one happening count as one crossing
    assert len(detail["crossings"]) >= line["crossings"]
    crossing = api.get(f"/api/events/{detail['crossings'][0]['event_id']}").json()["event"]
    assert crossing["source_code"] != "VEN"
    # why it matched: the condition's actor ("foreign troops") and act, after the line
    match = json.loads(detail["crossings"][0]["match"])
    assert match["actor"] == {"event": crossing["source_code"], "condition": "a foreign party"}
    assert match["act"]["condition"] == "MOBILIZE"
    assert match["date"]["drawn"] < match["date"]["event"]
    assert "after the line drawn" in detail["crossings"][0]["reason"]
    assert line["polarity"] == "if"
    _error(api.get("/api/redlines/none"), 404, "A002")


def test_redlines_are_empty_before_the_ledger_exists(tmp_path: Path) -> None:
    from tocsin.store import Database

    old = tmp_path / "v2.duckdb"
    with Database(old) as db:  # a database of an older schema, read without migrating
        db.con.execute("DROP TABLE redlines")
    with TocsinDB(old) as tdb:
        assert len(tdb.redlines()) == 0
        assert tdb.redline("x") is None


def test_quotes(api: httpx.Client) -> None:
    page = api.get("/api/quotes", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 1
    quote = next(q for q in page["items"] if q["speaker_code"] and q["speaker"])
    assert quote["text"]
    same = api.get("/api/quotes", params={"article": quote["article_id"]}).json()["items"]
    assert {q["article_id"] for q in same} == {quote["article_id"]}
    by_actor = api.get("/api/quotes", params={"actor": quote["speaker_code"].lower()}).json()
    assert quote["id"] in {q["id"] for q in by_actor["items"]}
    word = quote["speaker"].split()[-1].upper()
    by_name = api.get("/api/quotes", params={"speaker": word}).json()["items"]
    assert quote["id"] in {q["id"] for q in by_name}
    assert api.get("/api/quotes", params={"kind": "direct,indirect"}).status_code == 200
    _error(api.get("/api/quotes", params={"kind": "shouted"}), 422, "A003")


@pytest.mark.parametrize("kind", sorted(PLOVER_TYPES)[:3])
def test_type_filter_accepts_every_plover_type(api: httpx.Client, kind: str) -> None:
    assert api.get("/api/events", params={"type": kind.lower()}).status_code == 200


# -- the analyst's day (issue 12): search, several values, download, markers, map by place --
def test_events_carry_outlet_sources_and_day(api: httpx.Client) -> None:
    items = api.get("/api/events", params={"limit": 1000}).json()["items"]
    for ev in items:
        assert ev["outlet"]
        assert ev["num_sources"] >= 1
        assert ev["day"] == (ev["event_date"] or ev["date"])
    assert any(ev["place_code"] for ev in items)


def test_search_and_several_actors(api: httpx.Client) -> None:
    found = api.get("/api/events", params={"q": '"act of war"', "limit": 1000}).json()
    assert found["total"] >= 1
    assert all("act of war" in e["text"].lower() for e in found["items"])
    both = api.get("/api/events", params={"actor": "RUS,FIN", "limit": 1000}).json()["items"]
    assert {c for e in both for c in (e["source_code"], e["target_code"])} >= {"RUS", "FIN"}
    body = _error(api.get("/api/events", params={"actor": "VENN"}), 422, "C015")
    assert "closest: VEN" in body["message"]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_download_the_filtered_events(api: httpx.Client, tmp_path: Path, fmt: str) -> None:
    params = {"source": "VEN", "type": "ASSAULT,THREATEN", "format": fmt}
    total = api.get("/api/events", params=params).json()["total"]
    response = api.get("/api/events/download", params=params)
    assert response.status_code == 200, response.text
    assert f'filename="tocsin-events.{fmt}"' in response.headers["content-disposition"]
    out = tmp_path / f"events.{fmt}"
    out.write_bytes(response.content)
    reader = "read_json_auto" if fmt == "jsonl" else f"read_{fmt}"
    rows = duckdb.connect().execute(f"SELECT source_code, type, outlet FROM {reader}('{out}')")
    got = rows.fetchall()
    assert len(got) == total > 0
    assert {s for s, _, _ in got} == {"VEN"}
    assert all(o for *_, o in got)


def test_markers_of_a_dyad(api: httpx.Client) -> None:
    markers = api.get("/api/markers", params={"dyad": "VEN:GUY"}).json()
    assert {"redline_stated", "redline_crossed", "alert"} <= {m["kind"] for m in markers}
    _error(api.get("/api/markers", params={"dyad": "VEN-GUY"}), 422, "M002")


def test_rising_dyads_and_dated_alerts(api: httpx.Client) -> None:
    rising = api.get("/api/dyads", params={"rising": "true", "limit": 50}).json()
    assert rising
    assert all(d["change"] > 0 for d in rising)
    dated = api.get("/api/alerts", params={"dated": "true", "limit": 1000}).json()["items"]
    assert all(a["date"] for a in dated)


def test_map_by_place(api: httpx.Client) -> None:
    body = api.get("/api/map", params={"by": "place", "days": 365}).json()
    assert body["by"] == "place"
    guyana = next(r for r in body["items"] if r["code"] == "GUY")
    assert "Essequibo" in guyana["places"]
    _error(api.get("/api/map", params={"by": "weather"}), 422, "A003")


def test_watch_status_without_a_watcher(api: httpx.Client) -> None:
    assert api.get("/api/watch").json()["watching"] is False


def test_concurrent_requests_each_get_their_answer(api: httpx.Client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/stats", "/api/dyads", "/api/map", "/api/events"] * 6
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda path: api.get(path).status_code, paths))
    assert codes == [200] * len(paths)

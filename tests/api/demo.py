"""The demo database for the API and browser tests, and a real HTTP server for the app.

``build_demo_db`` analyses the demo corpus (``examples/``) with the real pipeline and the
packaged settings, then adds ``SUPPLEMENT``: events, two threats and a quote coded by hand on
sentences of the same stored articles, at their real character offsets, scored by the real
intensity stage, then grouped, ledgered and alerted on by the real finalizers (stories, red
lines, alerts). The supplement gives the tests known content (a crossed red line, a nuclear
threat, a reprinted sanction) however complete the packaged stages are; whatever the real
pipeline stores sits beside it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from tocsin.config import Settings
from tocsin.pipeline import build_finalizers
from tocsin.records import Actor, Article, Condition, Document, Event, Mention, Quote, Threat
from tocsin.store import Database, write_documents

ROOT = Path(__file__).resolve().parents[2]
DEMO_SOURCES = [str(ROOT / "examples" / "news.jsonl"), str(ROOT / "examples" / "pages")]


@dataclass(frozen=True)
class Coded:
    """One hand-coded event: the sentence it is in (a unique phrase of it), the trigger and
    the actors' words as they appear in the sentence."""

    sentence: str
    type: str
    trigger: str
    source: tuple[str, str, str | None]  # words, code, sector
    target: tuple[str, str, str | None] | None
    mode: str | None = None
    nuclear: bool = False
    negated: bool = False


# fmt: off
SUPPLEMENT: tuple[Coded, ...] = (
    Coded("president warned on Thursday that his country", "THREATEN", "warned",
          ("Venezuela's president", "VEN", "GOV"), ("Guyana", "GUY", None)),
    Coded("urged Venezuela to", "REQUEST", "urged",
          ("the United States", "USA", None), ("Venezuela", "VEN", None)),
    Coded("armed forces began three days of military exercises", "MOBILIZE", "military exercises",
          ("Venezuela's armed forces", "VEN", "MIL"), ("Guyana", "GUY", None), mode="drill"),
    Coded("foreign ministers of Venezuela and Guyana met", "CONSULT", "met",
          ("Venezuela", "VEN", None), ("Guyana", "GUY", None)),
    Coded("Russia warned Finland on Monday", "THREATEN", "warned",
          ("Russia", "RUS", None), ("Finland", "FIN", None), nuclear=True),
    Coded("official repeated on Saturday that Finland", "THREATEN", "repeated",
          ("A senior Russian security official", "RUS", "GOV"), ("Finland", "FIN", None),
          nuclear=True),
    Coded("The United States imposed sanctions on Monday", "SANCTION", "imposed sanctions",
          ("The United States", "USA", None), ("Venezuela's defence minister", "VEN", "MIL")),
    Coded("police arrested two Venezuelan men", "COERCE", "arrested",
          ("Guyanese police", "GUY", "COP"), ("two Venezuelan men", "VEN", "CVL")),
    Coded("Venezuela on Thursday rejected an order", "REJECT", "rejected",
          ("Venezuela", "VEN", None), ("the International Court of Justice", "ICJ", None)),
    Coded("ordered thousands of soldiers and armoured units", "MOBILIZE", "ordered",
          ("Venezuela", "VEN", None), ("Guyana", "GUY", None), mode="troops"),
    Coded("navy patrol vessel seized a supply ship", "COERCE", "seized",
          ("A Venezuelan navy patrol vessel", "VEN", "MIL"), ("Tidewater Energy", "USA", "BUS")),
    Coded("delivered four HIMARS rocket launchers", "AID", "delivered",
          ("The United States", "USA", None), ("Guyana", "GUY", None), mode="military"),
    Coded("Venezuelan patrol opened fire", "ASSAULT", "opened fire",
          ("a Venezuelan patrol", "VEN", "MIL"), ("a Guyanese observation post", "GUY", "MIL")),
    Coded("Venezuelan and Guyanese soldiers exchanged fire", "ASSAULT", "exchanged fire",
          ("Venezuelan", "VEN", "MIL"), ("Guyanese soldiers", "GUY", "MIL")),
    Coded("accused Venezuela of", "ACCUSE", "accused",
          ("Guyana's ambassador", "GUY", "GOV"), ("Venezuela", "VEN", None)),
    Coded("Guyanese troops had fired first and accused", "ACCUSE", "accused",
          ("Venezuela's ambassador", "VEN", "GOV"), ("the United States", "USA", None)),
    Coded("had no aggressive intentions", "THREATEN", "aggressive intentions",
          ("Venezuela's ambassador", "VEN", "GOV"), None, negated=True),
    Coded("The first of about 300 U.S. soldiers arrived", "MOBILIZE", "arrived",
          ("U.S. soldiers", "USA", "MIL"), ("the Guyana Defence Force", "GUY", "MIL"),
          mode="troops"),
    Coded("Venezuela released the 14 crew members", "RETREAT", "released",
          ("Venezuela", "VEN", None), ("the 14 crew members", "GUY", "CVL"), mode="release"),
)
# fmt: on


def build_demo_db(path: Path, settings: Settings) -> dict[str, int]:
    """Analyse the demo corpus into ``path`` and add the supplement.

    Returns the number of articles, of events the pipeline stored, and of all events.
    """
    import tocsin

    tocsin.analyze(DEMO_SOURCES, db=path, settings=settings)
    with Database(path) as db:
        pipeline_events = db.count("events")
        add_supplement(db, settings)
        return {
            "articles": db.count("articles"),
            "pipeline_events": pipeline_events,
            "events": db.count("events"),
        }


def add_supplement(db: Database, settings: Settings) -> None:
    """Store the hand-coded events (plus two threats and a quote), then re-run the
    finalizers so that they are grouped into stories and raise alerts."""
    from tocsin.enrich.intensity import IntensityStage

    score = IntensityStage.from_settings(settings)
    docs: dict[str, Document] = {}
    for coded in SUPPLEMENT:
        article, sent = _find(db, coded.sentence)
        doc = docs.setdefault(article.id, Document(article=article))
        doc.mentions += _mentions(article.id, sent, coded)
        doc.events.append(_event(article, sent, coded))
    _add_threats_and_quote(db, docs)
    write_documents(db, [score(d) for d in docs.values()])
    for _name, finalizer in build_finalizers(with_ledger(settings)):
        finalizer(db, settings, list(docs))


def with_ledger(settings: Settings) -> Settings:
    """``settings`` whose finalizers include the red-line ledger (before the alerts)."""
    names = [n for n in settings.pipeline.finalizers if n != "redlines"]
    at = names.index("alerts") if "alerts" in names else len(names)
    names.insert(at, "redlines")
    pipeline = settings.pipeline.model_copy(update={"finalizers": tuple(names)})
    return settings.model_copy(update={"pipeline": pipeline})


def _find(db: Database, phrase: str) -> tuple[Article, dict[str, Any]]:
    rows = db.query(
        "SELECT s.article_id, s.sentence_idx, s.start_char, s.text, a.published, a.text "
        "FROM sentences s JOIN articles a ON a.id = s.article_id "
        "WHERE contains(s.text, ?) ORDER BY a.published, s.article_id LIMIT 1",
        [phrase],
    )
    assert rows, f"demo corpus has no sentence with {phrase!r}"
    art_id, idx, start, text, published, body = rows[0]
    article = Article(id=art_id, text=body, source="(stored)", published=published)
    return article, {"index": idx, "start": start, "text": text}


def _offsets(sent: dict[str, Any], words: str) -> tuple[int, int]:
    at = sent["text"].find(words)
    assert at >= 0, f"{words!r} not in {sent['text']!r}"
    return sent["start"] + at, sent["start"] + at + len(words)


def _mentions(article_id: str, sent: dict[str, Any], coded: Coded) -> list[Mention]:
    found = []
    for words, code, sector in filter(None, (coded.source, coded.target)):
        start, end = _offsets(sent, words)
        actor = Actor(code=code, sector=sector, entity_text=words)
        found.append(
            Mention(
                article_id=article_id,
                sentence_index=sent["index"],
                start=start,
                end=end,
                text=words,
                label="ACTOR",
                actor=actor,
            )
        )
    return found


def _actor(part: tuple[str, str, str | None] | None) -> Actor | None:
    return Actor(code=part[1], sector=part[2], entity_text=part[0]) if part else None


def _event(article: Article, sent: dict[str, Any], coded: Coded) -> Event:
    start, end = _offsets(sent, coded.trigger)
    return Event(
        article_id=article.id,
        sentence_index=sent["index"],
        type=coded.type,
        source=_actor(coded.source),
        target=_actor(coded.target),
        mode=coded.mode,
        negated=coded.negated,
        nuclear=coded.nuclear,
        date=article.published,
        text=sent["text"],
        event_text=coded.trigger,
        trigger_start=start,
        trigger_end=end,
        confidence=0.9,
        rule="hand-coded demo supplement",
    )


def _add_threats_and_quote(db: Database, docs: dict[str, Document]) -> None:
    article, sent = _find(db, "If Guyana allows foreign troops")
    cond_start, cond_end = _offsets(
        sent, "Guyana allows foreign troops to be stationed in Essequibo"
    )
    cons_start, cons_end = _offsets(sent, "Venezuela will consider it an act of war")
    doc = docs.setdefault(article.id, Document(article=article))
    doc.threats.append(
        Threat(
            article_id=article.id,
            sentence_index=sent["index"],
            issuer=Actor(code="VEN", sector="GOV"),
            addressee=Actor(code="GUY"),
            condition_text=sent["text"][cond_start - sent["start"] : cond_end - sent["start"]],
            condition_start=cond_start,
            condition_end=cond_end,
            consequence_text=sent["text"][cons_start - sent["start"] : cons_end - sent["start"]],
            consequence_start=cons_start,
            consequence_end=cons_end,
            consequence_type="ASSAULT",
            condition=Condition(
                # "foreign troops": any party but Venezuela and Guyana (a crossing needs an actor)
                actor=Actor(code=None, kind="foreign", entity_text="foreign troops"),
                type="MOBILIZE",
                mode="troops",
                target=Actor(code="GUY", entity_text="Essequibo", kind="place"),
                text="foreign troops to be stationed in Essequibo",
            ),
            text=sent["text"],
            date=article.published,
            threat_key="ven-guy-foreign-troops",
        )
    )
    q_start, q_end = _offsets(sent, sent["text"].split("”")[0] + "”")
    doc.quotes.append(
        Quote(
            article_id=article.id,
            sentence_index=sent["index"],
            start=q_start,
            end=q_end,
            text=sent["text"][: q_end - sent["start"]],
            kind="direct",
            speaker="the president",
            speaker_actor=Actor(code="VEN", sector="GOV"),
            cue="said",
            confidence=0.9,
        )
    )
    article, sent = _find(db, "Finland becomes a target")
    doc = docs.setdefault(article.id, Document(article=article))
    doc.threats.append(
        Threat(
            article_id=article.id,
            sentence_index=sent["index"],
            issuer=Actor(code="RUS", sector="GOV"),
            addressee=Actor(code="FIN"),
            condition_text="NATO's nuclear bombs arrive in Finland",
            consequence_text="Finland becomes a target",
            nuclear=True,
            framing=["nuclear"],
            text=sent["text"],
            date=article.published,
            threat_key="rus-fin-nuclear",
        )
    )


class ThreadServer:
    """uvicorn serving an app on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def start(self) -> ThreadServer:
        """Start and wait until it accepts connections (10 s at most)."""
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def serving(app: Any) -> Iterator[ThreadServer]:
    """Run ``app`` on 127.0.0.1 for the duration of the block."""
    server = ThreadServer(app).start()
    try:
        yield server
    finally:
        server.stop()

"""The quotes stage on real parses: quotation marks, cues, speakers; seeds and team gold.

The unit texts are written for these tests. The seeds (``../shared/seeds``) and the team's
gold (``tests/data/threats``, ``tests/data/quotes``) are read in place; the scores printed by
the gold tests are the numbers quoted in docs/data.md ("quotes").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path
from tocsin.actors import ActorResolver
from tocsin.config import Settings, load_settings
from tocsin.errors import DataFileError
from tocsin.events.quotes import (
    CUES_FILE,
    MarkedSpan,
    QuoteFinder,
    QuoteStage,
    load_cues,
    scan_quotes,
)
from tocsin.nlp import parse_documents
from tocsin.pipeline import build_stages
from tocsin.records import Article, Document, Quote

#: Quotes at or below this confidence are scare quotes (the stage's promise), not quotations.
SCARE = 0.3

Finder = Callable[..., list[Quote]]


@pytest.fixture(scope="module")
def resolver(settings: Settings) -> ActorResolver:
    return ActorResolver.from_settings(settings)


@pytest.fixture(scope="module")
def find(nlp: Any, resolver: ActorResolver) -> Finder:
    """Parse ``text`` as one article, resolve its actors, and return its quotes."""
    finder = QuoteFinder(resolver=resolver)

    def run(text: str, date: dt.date | None = dt.date(2025, 6, 1)) -> list[Quote]:
        return _documents(
            nlp, resolver, finder, [Article(id="t", text=text, source="test", published=date)]
        )[0].quotes

    return run


def _documents(
    nlp: Any, resolver: ActorResolver, finder: QuoteFinder, articles: list[Article]
) -> list[Document]:
    docs = [Document(article=a) for a in articles]
    parse_documents(docs, nlp=nlp)
    for doc in docs:
        resolver.annotate(doc)
        doc.quotes = finder.find(doc)
    return docs


def _one(quotes: list[Quote], kind: str, text: str) -> Quote:
    hits = [q for q in quotes if q.kind == kind and q.text == text]
    assert len(hits) == 1, (
        f"no single {kind} quote {text!r} in {[(q.kind, q.text) for q in quotes]}"
    )
    return hits[0]


# ---------------------------------------------------------------- quotation marks
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said: "We will win." Then he left.', ["We will win."]),
        ("“We will win,” he said.", ["We will win,"]),
        # apostrophes are not quotation marks; single marks count when they close
        ("Ukraine’s army and the officials' cars. He called it ‘a trap’.", ["a trap"]),
        ("They called it 'a trap' and left.", ["a trap"]),
        # a quotation inside a quotation belongs to it
        (
            "“We told them: ‘Leave now.’ They stayed,” she said.",
            ["We told them: ‘Leave now.’ They stayed,"],
        ),
        # the paragraph ends before the quotation closes (it goes on in the next one)
        ('"We will not stop here.', ["We will not stop here.…"]),
        # paragraphs run together: a mark that can only open ends the open quotation
        (
            'He said: "It was bad. "We will fix it." Then he left.',
            ["It was bad. …", "We will fix it."],
        ),
        ("No quotation here, just the U.S.' position.", []),
    ],
)
def test_scan_quotes(text: str, expected: list[str]) -> None:
    """Each span's text between its marks; "…" marks a span that does not close."""
    spans = scan_quotes(text)
    assert all(isinstance(s, MarkedSpan) for s in spans)
    shown = [
        text[s.open + 1 : s.close] + ("…" if s.run_on else "")
        if s.close is not None
        else text[s.open + 1 :] + "…"
        for s in spans
    ]
    assert shown == expected


# ---------------------------------------------------------------- direct quotations
@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # the attribution after the quotation
        ('"We will not back down," Defence Minister Anna Kovacs said on Monday.',
         "We will not back down", "Anna Kovacs", "say"),
        # before it, with a colon
        ('Anna Kovacs spoke in Vienna. Kovacs told reporters: "Our position has not changed."',
         "Our position has not changed.", "Anna Kovacs", "tell"),
        # inverted, with an apposition
        ('"The talks are over," said Foreign Minister Ivan Drozd, a veteran diplomat.',
         "The talks are over", "Ivan Drozd", "say"),
        # "said a spokesman, Col. X": the apposed name
        ('"Our troops are ready," said an army spokesman, Col. Marek Novak.',
         "Our troops are ready", "Marek Novak", "say"),
        # a pronoun refers to the last person named
        (('Interior Minister Omar Haddad visited the border on Sunday. "We are ready for '
          'anything," he said.'), "We are ready for anything", "Omar Haddad", "say"),
        # a definite description refers to the person who holds that title
        (('Deputy Foreign Minister Lina Sato met the envoy on Tuesday. "Nothing was agreed," '
          "the minister added."), "Nothing was agreed", "Lina Sato", "add"),
        # several sentences in one quotation
        ('"We will respond. Nobody should doubt it," Omar Haddad said.',
         "We will respond. Nobody should doubt it", "Omar Haddad", "say"),
        # a question, and the chant of a crowd
        ('"Who will pay for this?" asked the opposition leader, Rosa Ibarra.',
         "Who will pay for this?", "Rosa Ibarra", "ask"),
        ('Protesters chanted "Peace now!" outside the embassy.', "Peace now!", "Protesters",
         "chant"),
        # a known leader: the surname expands to the resolver's full name
        ('"The West is to blame," Putin told a news conference.', "The West is to blame",
         "Vladimir Putin", "tell"),
    ],
)  # fmt: skip
def test_direct(find: Finder, text: str, quote: str, speaker: str, cue: str) -> None:
    q = _one(find(text), "direct", quote)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert q.confidence > 0.8
    assert text[q.start - 0 : q.end] == quote  # one-paragraph texts: article offsets


def test_speaker_actor_from_mentions(find: Finder) -> None:
    q = _one(find('"Moscow is open to talks," Russian Foreign Minister Sergei Lavrov said.'),
             "direct", "Moscow is open to talks")  # fmt: skip
    assert q.speaker == "Sergei Lavrov"
    assert q.speaker_actor is not None
    assert (q.speaker_actor.code, q.speaker_actor.sector) == ("RUS", "GOV")


def test_interrupted_quotation_is_two_quotes(find: Finder) -> None:
    quotes = find(
        '"The border," said General Tomas Varga, "will stay closed until further notice."'
    )
    first = _one(quotes, "direct", "The border")
    second = _one(quotes, "direct", "will stay closed until further notice.")
    assert first.speaker == second.speaker == "Tomas Varga"


def test_quotation_continues_the_one_before(find: Finder) -> None:
    quotes = find('"We have reinforced every post," Tomas Varga said. "The enemy knows it."')
    following = _one(quotes, "direct", "The enemy knows it.")
    assert following.speaker == "Tomas Varga"
    assert following.cue is None
    assert (
        0.5
        < following.confidence
        < _one(quotes, "direct", "We have reinforced every post").confidence
    )


def test_multi_paragraph_quotation(find: Finder) -> None:
    text = (
        "Prime Minister Elena Moretti spoke to parliament on Thursday.\n\n"
        '"We did not choose this crisis. We inherited it.\n\n'
        '"But we will end it, and we will end it this year,\n\n'
        '"Whatever it costs," Moretti said.'
    )
    quotes = [q for q in find(text) if q.kind == "direct"]
    assert [q.text for q in quotes] == [
        "We did not choose this crisis. We inherited it.",
        "But we will end it, and we will end it this year",
        "Whatever it costs",
    ]
    assert {q.speaker for q in quotes} == {"Elena Moretti"}


def test_a_new_paragraph_quotation_keeps_the_speaker(find: Finder) -> None:
    text = (
        '"The ceasefire is holding," army spokesman Daniel Levy said on Monday.\n\n'
        '"We have seen no violations since Friday."'
    )
    q = _one(find(text), "direct", "We have seen no violations since Friday.")
    assert q.speaker == "Daniel Levy"
    assert q.confidence <= 0.7  # inherited across a paragraph break: less sure


# ---------------------------------------------------------------- partial and scare quotes
@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        # governed by a speech verb, inside a reported clause
        ('General Tomas Varga said the army would respond "with all necessary force" if attacked.',
         "with all necessary force", "Tomas Varga", "say"),
        ('Oslo warned that the plan would "destroy any trust" between the two sides.',
         "destroy any trust", "Oslo", "warn"),
        # the object complement of a naming verb
        ('The ministry called the drills "a dangerous provocation".', "a dangerous provocation",
         "The ministry", "call"),
        ('The spokeswoman dismissed the claims as "pure fiction" on Friday.', "pure fiction",
         "The spokeswoman", "dismiss"),
    ],
)  # fmt: skip
def test_partial(find: Finder, text: str, quote: str, speaker: str, cue: str) -> None:
    q = _one(find(text), "partial", quote)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert q.confidence > SCARE


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('Analysts see the deployment as a "red line" for the region.', "red line"),
        ('The institute published a report titled "Winter Is Coming" on Friday.',
         "Winter Is Coming"),
        ('The offensive, code-named "Operation Dawn", began at night.', "Operation Dawn"),
        ('Thousands marched against the new "agents" law on Sunday.', "agents"),
    ],
)  # fmt: skip
def test_scare_quotes_are_partial_with_low_confidence(find: Finder, text: str, quote: str) -> None:
    q = _one(find(text), "partial", quote)
    assert q.confidence <= SCARE


def test_short_fragment_framed_not_said_is_a_scare_quote(find: Finder) -> None:
    text = (
        "President Vladimir Putin spoke on Monday. By framing the new bases as a "
        '"red line," Putin hopes to keep the alliance out of Finland.'
    )
    q = _one(find(text), "partial", "red line")
    assert q.confidence <= SCARE
    assert q.speaker == "Vladimir Putin"  # the framing is attributed, weakly


# ---------------------------------------------------------------- indirect statements
@pytest.mark.parametrize(
    ("text", "clause", "speaker", "cue"),
    [
        ("The foreign ministry said that the embassy would remain open.",
         "the embassy would remain open", "The foreign ministry", "say"),
        ("Omar Haddad told reporters the ceasefire was holding.", "the ceasefire was holding",
         "Omar Haddad", "tell"),
        ("Omar Haddad warned that any incursion would be met with force.",
         "any incursion would be met with force", "Omar Haddad", "warn"),
        ("According to the defence ministry, three drones were shot down overnight.",
         "three drones were shot down overnight", "the defence ministry", "according to"),
        ("In a statement, the Kremlin rejected the proposal.", "rejected the proposal",
         "the Kremlin", "statement"),
        # the dateline's place is not the speaker, and the date belongs to the saying
        ("KYIV, May 2 (Wire) - Ukraine said on Friday it had shot down 40 drones.",
         "it had shot down 40 drones", "Ukraine", "say"),
        # "said X, and that Y": one statement
        ("The mayor said the water was safe and that schools would reopen on Monday.",
         "the water was safe and that schools would reopen on Monday", "The mayor", "say"),
        # the speaker after the clause
        ("Turnout was above 60 percent, the election commission said.",
         "Turnout was above 60 percent", "the election commission", "say"),
        # a conjoined speech verb takes its subject from the first
        ("The council met on Monday and announced that the curfew would end.",
         "the curfew would end", "The council", "announce"),
    ],
)  # fmt: skip
def test_indirect(find: Finder, text: str, clause: str, speaker: str, cue: str) -> None:
    q = _one(find(text), "indirect", clause)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert q.confidence > SCARE


def test_indirect_speaker_actor(find: Finder) -> None:
    q = _one(find("Putin said the West was to blame for the crisis."), "indirect",
             "the West was to blame for the crisis")  # fmt: skip
    assert q.speaker == "Vladimir Putin"
    assert q.speaker_actor is not None
    assert q.speaker_actor.code == "RUS"


def test_a_report_of_a_report_is_one_statement(find: Finder) -> None:
    quotes = find("General Tomas Varga said the talks had failed, state television reported.")
    indirect = [q for q in quotes if q.kind == "indirect"]
    assert [(q.speaker, q.text) for q in indirect] == [("Tomas Varga", "the talks had failed")]


@pytest.mark.parametrize(
    "text",
    [
        "The minister said nothing. Ukraine’s army advanced near the river.",
        "Asked whether the border would reopen, the officer shrugged.",
        "The army would respond with force if attacked, analysts believe.",
        "Rescuers pulled 12 people from the rubble on Tuesday.",
    ],
)
def test_no_quotes_invented(find: Finder, text: str) -> None:
    assert [q for q in find(text) if q.confidence > SCARE] == []


# ---------------------------------------------------------------- records and the stage
def test_quote_records_point_into_the_article(find: Finder) -> None:
    text = (
        "LONDON, June 3 (Wire) - Britain said on Tuesday it would send more aid.\n\n"
        '"We will not leave our friends alone," Foreign Secretary Helen Park told parliament.'
    )
    quotes = find(text)
    assert quotes
    assert all(text[q.start : q.end] == q.text for q in quotes)
    assert [q.sentence_index for q in quotes] == sorted(q.sentence_index for q in quotes)
    assert len({q.id for q in quotes}) == len(quotes)


def test_stage_in_a_pipeline(nlp: Any) -> None:
    chosen = load_settings(
        config_file=None, overrides={"pipeline.stages": ["actors", "quotes"]}, environ={}
    )
    stages = build_stages(chosen)
    quote_stage = stages[-1]
    assert isinstance(quote_stage, QuoteStage)
    assert (quote_stage.name, quote_stage.requires, quote_stage.assigns) == (
        "quotes",
        ("spacy_doc", "sentences", "mentions"),
        ("quotes",),
    )
    doc = Document(article=Article(id="p", text='"We are ready," Omar Haddad said.', source="t"))
    parse_documents([doc], nlp=nlp)
    for stage in stages:
        doc = stage(doc)
    assert [(q.kind, q.speaker) for q in doc.quotes] == [("direct", "Omar Haddad")]


def test_default_pipeline_runs_quotes_between_actors_and_events(settings: Settings) -> None:
    """Quotes need the actors; the coder then reads quoted "we" as the speaker."""
    stages = list(settings.pipeline.stages)
    assert stages.index("actors") < stages.index("quotes") < stages.index("events")


# ---------------------------------------------------------------- the cue file
def test_packaged_cues_load() -> None:
    cues = load_cues()
    assert cues.speech["say"] == 1.0
    assert ("according", "to") in cues.sources
    assert "respond" in cues.clause_only


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (lambda t: t.replace("  say: 1.0", "  say: 1.5"), "'say'"),
        (lambda t: t.replace("  tell: 1.0", "  Tell: 1.0"), "'Tell'"),
        (lambda t: t.replace("utterance:\n", "utterance:\n  say: 0.5\n"), "utterance.say"),
        (lambda t: t.replace("only: [respond,", "only: [shout,"), "clause_only.shout"),
        (lambda t: t.replace("\nstatement_nouns:", "\nstatement_noun:"), "statement_noun"),
        (lambda t: t + "\nspeech: [", "line "),
    ],
)  # fmt: skip
def test_invalid_cue_file_names_the_entry(
    tmp_path: Path, edit: Callable[[str], str], named: str
) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text(edit(CUES_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_cues(bad)
    assert info.value.code == "D001"
    assert named in info.value.message


# ---------------------------------------------------------------- seeds (../shared/seeds)
def _expected(path: Path) -> dict[str, dict[str, Any]]:
    """The JSON block of each article in the seeds' expected.md, by file name."""
    blocks = re.findall(r"```json\n(.*?)\n```", path.read_text(encoding="utf-8"), flags=re.S)
    return {b["file"]: b for b in map(json.loads, blocks)}


def _paragraph_of(text: str, offset: int) -> int:
    """1-based paragraph (non-empty line) number of an article offset."""
    number = position = 0
    for line in text.split("\n"):
        if position > offset:
            break
        number += bool(line.strip())
        position += len(line) + 1
    return number


def _same_speaker(predicted: str | None, gold: str) -> bool:
    """The gold speaker (before any "(...)" note) ends with the predicted name's last word."""
    if not predicted:
        return False
    name = gold.split(" (", 1)[0].split(",", 1)[0].strip().lower()
    return name == predicted.lower() or name.split()[-1] == predicted.lower().split()[-1]


@pytest.fixture(scope="module")
def seeds(
    nlp: Any, resolver: ActorResolver
) -> tuple[dict[str, Document], dict[str, dict[str, Any]]]:
    folder = shared_path("seeds")
    expected = _expected(folder / "expected.md")
    finder = QuoteFinder(resolver=resolver)
    articles = [
        Article(id=name, text=(folder / name).read_text(encoding="utf-8"), source=name)
        for name in sorted(expected)
    ]
    docs = _documents(nlp, resolver, finder, articles)
    return {d.article.id: d for d in docs}, expected


def test_seed_quotations(seeds: tuple[dict[str, Document], dict[str, dict[str, Any]]]) -> None:
    docs, expected = seeds
    for name, gold in expected.items():
        doc = docs[name]
        found = [q for q in doc.quotes if q.kind in ("direct", "partial")]
        matched = []
        for g in gold["quotations"]:
            text = g["text"].rstrip(", ")
            hits = [q for q in found if q.text.rstrip(", ") == text]
            assert len(hits) == 1, f"{name}: {text!r} not found"
            q = hits[0]
            assert _same_speaker(q.speaker, g["speaker"]), (q.speaker, g["speaker"])
            assert q.speaker_actor is not None
            assert f"{q.speaker_actor.code} {q.speaker_actor.sector}" == g["speaker_actor"]
            scare = "scare" in g.get("note", "")
            assert (q.confidence <= SCARE) == scare, (text, q.confidence)
            matched.append(q)
        # nothing invented: every other quotation mark span is accounted for
        assert [q for q in found if q not in matched] == [], name
        print(f"\nseed {name}: {len(matched)}/{len(gold['quotations'])} quotations, speakers right")


def test_seed_attributed_statements(
    seeds: tuple[dict[str, Document], dict[str, dict[str, Any]]],
) -> None:
    """Attributed statements by paragraph and speaker (the seeds give a gist, not a span)."""
    docs, expected = seeds
    hit = total = 0
    for name, gold in expected.items():
        doc = docs[name]
        statements = [q for q in doc.quotes if q.kind == "indirect" and q.confidence > SCARE]
        for g in gold["attributed_statements"]:
            total += 1
            hit += any(
                _paragraph_of(doc.article.text, q.start) == g["para"]
                and _speaker_words(q.speaker) & _speaker_words(g["speaker"])
                for q in statements
            )
    recall = hit / total
    print(f"\nseed attributed statements: {hit}/{total} found with their speaker (R={recall:.2f})")
    assert recall >= 0.6


def _speaker_words(name: str | None) -> set[str]:
    stop = {"the", "a", "an", "of", "top", "state", "media", "and", "according", "to"}
    words = re.findall(r"[a-z]+", (name or "").split(" (")[0].lower())
    return {w.removesuffix("s") for w in words if w not in stop}


# ---------------------------------------------------------------- team gold
@dataclass(slots=True)
class Score:
    """Quote detection and speaker attribution against a gold file."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    name_ok: int = 0
    code_ok: int = 0
    kind_ok: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def rate(self, count: int) -> float:
        return count / self.tp if self.tp else 0.0

    def line(self, label: str) -> str:
        kind, name, code = (self.rate(n) for n in (self.kind_ok, self.name_ok, self.code_ok))
        return (
            f"{label}: quotes P={self.precision:.3f} R={self.recall:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}); of matched: kind {kind:.3f}, "
            f"speaker name {name:.3f}, speaker code {code:.3f}"
        )


def _dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * overlap / ((a[1] - a[0]) + (b[1] - b[0]))


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def _norm_speaker(name: str | None) -> str:
    return re.sub(r"^(the|a|an) ", "", (name or "").strip().lower())


def score(docs: Iterable[Document], gold: dict[str, list[dict[str, Any]]]) -> Score:
    """Match gold and predicted quotes (confidence above ``SCARE``) one to one: the best
    character overlap, Dice >= 0.5; then compare kind, speaker name and speaker code."""
    out = Score()
    for doc in docs:
        predicted = [q for q in doc.quotes if q.confidence > SCARE]
        used: set[int] = set()
        for g in gold[doc.article.id]:
            spans = _spans(doc.article.text, g["text"])
            scored = [
                (max(_dice((q.start, q.end), s) for s in spans), i)
                for i, q in enumerate(predicted)
                if i not in used
            ]
            best = max(scored, default=(0.0, -1))
            if best[0] < 0.5:
                out.fn += 1
                continue
            used.add(best[1])
            q = predicted[best[1]]
            out.tp += 1
            out.kind_ok += q.kind == g["kind"]
            out.name_ok += _norm_speaker(q.speaker) == _norm_speaker(g["speaker"])
            out.code_ok += (q.speaker_actor.code if q.speaker_actor else None) == g["speaker_code"]
        out.fp += len(predicted) - len(used)
    return out


def _gold_docs(
    nlp: Any, resolver: ActorResolver, folder: Path
) -> tuple[list[Document], dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    rows = [
        json.loads(line)
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    gold = [
        json.loads(line)
        for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    articles = [
        Article(
            id=r["id"],
            text=r["text"],
            source=str(folder),
            published=dt.date.fromisoformat(r["published"]),
        )
        for r in rows
    ]
    docs = _documents(nlp, resolver, QuoteFinder(resolver=resolver), articles)
    return (
        docs,
        {g["id"]: g["quotes"] for g in gold},
        {g["id"]: g.get("not_quotes", []) for g in gold},
    )


@pytest.mark.parametrize(
    ("folder", "floor"),
    [
        # The threat gold lists fewer reported clauses than the stage finds (restated threats
        # in leads, clauses that carry a partial quotation), hence its lower precision.
        ("threats", {"precision": 0.75, "recall": 0.95, "kind": 0.95, "name": 0.95, "code": 0.93}),
        ("quotes", {"precision": 0.95, "recall": 0.95, "kind": 0.95, "name": 0.95, "code": 0.7}),
    ],
)
def test_team_gold(nlp: Any, resolver: ActorResolver, folder: str, floor: dict[str, float]) -> None:
    path = ROOT / "tests" / "data" / folder
    if not (path / "gold.jsonl").exists():
        pytest.skip(f"{path} is not available")
    docs, gold, traps = _gold_docs(nlp, resolver, path)
    result = score(docs, gold)
    print("\n" + result.line(f"gold {folder}"))
    assert result.precision >= floor["precision"]
    assert result.recall >= floor["recall"]
    assert result.rate(result.kind_ok) >= floor["kind"]
    assert result.rate(result.name_ok) >= floor["name"]
    assert result.rate(result.code_ok) >= floor["code"]
    for doc in docs:  # names, titles, banners and legal terms in marks are not quotations
        for trap in traps[doc.article.id]:
            assert not [q for q in doc.quotes if q.text == trap["text"] and q.confidence > SCARE]
